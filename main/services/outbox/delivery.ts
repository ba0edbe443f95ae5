/**
 * The outbox's delivery: the loop that sends due rows, its backoff (full jitter) and circuit
 * breaker, the reachability probe while backing off, the supervisor that restarts the loop after
 * any error, and the waiters (a resident on "Gửi hồ sơ", `drained()`); attachments uploaded by
 * tus before their dossier (issue 15, docs/uploads.md), with as many rows in flight as the link's
 * window (window.ts) allows.
 *
 * Every time comes from the injected clock, except the link's measurements (how long a request
 * took on the wire: the monotonic clock); only the timers themselves are real.
 */
import type { z } from 'zod';
import { fullJitterDelay, type Backoff } from '../../../common/backoff';
import { ApiError, type ApiClient } from '../../api/client';
import type { Logger } from '../../log';
import type { Store } from '../../store/db';
import { createBreaker, type BreakerState, type CircuitBreaker } from './breaker';
import { errorText, type OutboxFiles } from './files';
import type { FileRow, Queries, Row } from './queries';
import type { LinkPriority } from '../../api/priority';
import { HealthWithCapabilities, type BackendCapabilities, type SubmissionAttachmentRef } from '../../api/uploads';
import { tusCreate, tusHead, tusPatch, TusRefusal, type TusOptions } from './tus';
import { createH2Fetch, type H2Fetch } from '../../api/h2';
import { createLinkWindow, DEFAULT_WINDOW, type LinkFigures, type RequestMark } from './window';

/** Files up to this size go in the creation request itself (one round trip); larger ones are created empty, then PATCHed in chunks. */
const SMALL_UPLOAD_BYTES = 64 * 1024;
/** How long the backend's capabilities (GET /healthz) are trusted before asking again. */
const CAPABILITIES_TTL_MS = 5 * 60_000;
/** What a request's line and headers add to its body on the wire, about (for the link's figures): HTTP/1.1, HTTP/2 (HPACK, frames). */
const HEADER_BYTES = 400;
const H2_HEADER_BYTES = 40;
/** A request with less than this to send is small: its time is the link's round trip. */
const SMALL_REQUEST_BYTES = 2048;
/** How many times a row's uploads start over after the backend refused one with 400, before the row is a dead letter. */
const UPLOAD_RESTARTS = 3;
/** A long upload is sent in PATCHes of about this long at the link's rate (each ends with the offset the backend has). */
const PATCH_SECONDS = 60;

/** How one kind of action is delivered: the schema of the backend's answer and what to keep of it. */
export interface OutboxKind<S extends z.ZodType = z.ZodType> {
  response: S;
  /** The backend's reference for the result (a dossier code), kept in `delivered`. */
  resultRef(value: z.output<S>): string | undefined;
  /**
   * True when the backend's refusal means the action was already done (the row is settled as a
   * duplicate instead of retried or dead-lettered). Absent: no answer is a duplicate.
   */
  duplicate?(err: ApiError): boolean;
  /** What `delivered.result_ref` records for a duplicate (default `duplicate`). */
  duplicateRef?: string;
}

export type Delivery =
  | { state: 'sent'; resultRef?: string | undefined; value: unknown }
  | { state: 'queued' }
  | { state: 'duplicate' }
  /** The backend refused the row for good while someone waited (it is kept as a dead letter). */
  | { state: 'rejected'; status?: number | undefined; reason: string };

export interface LoopHealth {
  state: 'ok' | 'restarting' | 'stopped';
  restarts: number;
  lastError?: string;
  lastErrorAt?: number;
}

export interface DeliverySettings {
  backoffBaseMs: number;
  backoffCapMs: number;
  breakerThreshold: number;
  breakerOpenMs: number;
  probeIntervalMs: number;
  requestTimeoutMs: number;
  minBytesPerSecond: number;
  concurrency: number;
}

export interface DeliveryDeps {
  store: Store;
  q: Queries;
  files: OutboxFiles;
  kinds: ReadonlyMap<string, OutboxKind>;
  api: ApiClient;
  log: Logger;
  settings: DeliverySettings;
  clock: () => Date;
  random: () => number;
  probe?: (() => Promise<boolean>) | undefined;
  onReachability?: ((reachable: boolean) => void) | undefined;
  /**
   * Whether a resident is at the kiosk (a lookup or search on the link, or answered lately): the
   * window is then held at the link's product, so their next request finds no queue of the
   * outbox's bytes to wait behind (issue 15: lookups first; window.ts).
   */
  priority?: Pick<LinkPriority, 'busy'> | undefined;
  /**
   * The backend's base URL and token for uploads (issue 15). Absent: attachments always go as
   * base64 in the JSON body, uncompressed (as before).
   */
  backend?: { baseUrl: string; token: string; http2?: boolean | undefined } | undefined;
}

/** Upload and link figures (issue 15): bytes handed to the socket, bytes the backend confirmed, the window. */
export interface UploadStats extends LinkFigures {
  written: number;
  confirmed: number;
  resumed: number;
  /** Connections the outbox opened over HTTP/2 (0: it sends over HTTP/1.1, the backend does not announce HTTP/2 or `outbox.http2` is off). */
  h2Connections: number;
  /** Rows being delivered now. */
  rowsInFlight: number;
  /** Requests the outbox started (uploads, dossiers, HEADs); times a due row was held back while a resident was at the kiosk. */
  requests: number;
  deferred: number;
}

export interface DeliveryLoop {
  waitFor(id: string, ms: number): Promise<Delivery>;
  notifyReachable(): void;
  kick(): void;
  start(): void;
  stop(): Promise<void>;
  drained(): Promise<void>;
  readonly online: boolean;
  readonly breaker: BreakerState;
  health(): LoopHealth;
  uploads(): UploadStats;
}

type Outcome = 'ok' | 'transient' | 'offline' | 'later' | 'dead';
/** A delivery's end: its outcome, or the error that escaped it. */
type Settled = { id: string; outcome: Outcome } | { id: string; error: unknown };

export function createDelivery(deps: DeliveryDeps): DeliveryLoop {
  const { store, q, files, kinds, log, settings, clock, random } = deps;
  const db = store.db;
  const now = () => clock().getTime();
  const backoff: Backoff = { baseMs: settings.backoffBaseMs, capMs: settings.backoffCapMs };
  const breaker: CircuitBreaker = createBreaker({ threshold: settings.breakerThreshold, openMs: settings.breakerOpenMs, now });
  breaker.onChange((s) => log.info('outbox', `circuit breaker ${s}`));

  const waiters = new Map<string, Array<(d: Delivery) => void>>();
  const drainWaiters: Array<() => void> = [];
  let online = true;
  let failures = 0;
  let running = false;
  let stopped = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let kicked = false;
  const abort = new AbortController();
  const inFlight = new Set<string>();
  const loopHealth: LoopHealth = { state: 'ok', restarts: 0 };
  /** The loop's waits for the next kick while rows are in flight. */
  let kickWaiters: Array<() => void> = [];
  /** Consecutive loop failures without a delivery between them (resets the restart backoff). */
  let loopFailures = 0;

  // ---- uploads (issue 15) ----
  const win = createLinkWindow({ ...DEFAULT_WINDOW, initialRows: settings.concurrency });
  /** Each row in flight: the bytes of its request sent and not yet answered (0 between its requests), for the window. */
  const inFlightBytes = new Map<string, number>();
  const written = { bytes: 0 };
  const upStats = { confirmed: 0, resumed: 0, requests: 0, deferred: 0 };
  const noteRtt = (ms: number) => win.rtt(ms, performance.now());
  /** A resident is at the kiosk (main/api/priority.ts): the window is held at the link's product. */
  const resident = (): boolean => deps.priority?.busy() === true;

  /**
   * One request of the outbox on the link: counted, its bytes in flight for the window until it
   * is answered, then given to the window's rate; a small one's time is a round trip.
   */
  async function onLink<T>(rowId: string, bytes: number, send: () => Promise<T>): Promise<T> {
    upStats.requests += 1;
    const t0 = performance.now();
    const mark: RequestMark = win.begin(t0, resident());
    const headerBytes = wantsH2() && h2 !== null && !h2.unsupported ? H2_HEADER_BYTES : HEADER_BYTES;
    if (inFlightBytes.has(rowId)) inFlightBytes.set(rowId, bytes + headerBytes);
    let value: T;
    try {
      value = await send();
    } catch (err) {
      win.end(mark, 0, performance.now());
      throw err;
    } finally {
      if (inFlightBytes.has(rowId)) {
        inFlightBytes.set(rowId, 0);
        topUp();
      }
    }
    const t1 = performance.now();
    if (bytes < SMALL_REQUEST_BYTES) noteRtt(t1 - t0);
    win.end(mark, bytes + headerBytes, t1);
    return value;
  }

  let caps: { value: BackendCapabilities | null; at: number } | null = null;
  /** Times each row's uploads started over after a 400 (in memory: a restart of the kiosk allows a few more). */
  const uploadRestarts = new Map<string, number>();
  let h2: H2Fetch | null = null;
  let h2Refused = false;
  /** HTTP/2 is announced, allowed and not stopped (whether it also works is `h2.unsupported`). */
  const wantsH2 = (): boolean => deps.backend !== undefined && deps.backend.http2 !== false && caps?.value?.http2 === true && !stopped;
  /**
   * The outbox's own HTTP/2 connection when the backend announces it (issue 15, main/api/h2.ts):
   * its uploads and dossiers share one connection with compressed headers. Undefined: fetch, HTTP/1.1.
   */
  function via(): H2Fetch['fetch'] | undefined {
    if (!wantsH2()) return undefined;
    h2 ??= createH2Fetch(deps.backend!.baseUrl);
    if (h2.unsupported) {
      if (!h2Refused) {
        h2Refused = true;
        log.warn('outbox', 'the backend announces HTTP/2 but its address answered in HTTP/1.1 (a proxy in front of it?): the outbox stays on HTTP/1.1');
      }
      return undefined;
    }
    return h2.fetch;
  }
  const tusOptions = (): TusOptions => ({
    baseUrl: deps.backend!.baseUrl.replace(/\/+$/, ''),
    token: deps.backend!.token,
    timeoutMs: timeoutFor(0),
    minBytesPerSecond: settings.minBytesPerSecond,
    signal: abort.signal,
    fetch: via(),
  });

  /** What the backend accepts (GET /healthz `capabilities`), cached; null for an older backend. */
  async function capabilities(): Promise<BackendCapabilities | null> {
    if (!deps.backend) return null;
    if (caps && now() - caps.at < CAPABILITIES_TTL_MS) return caps.value;
    const url = `${deps.backend.baseUrl.replace(/\/+$/, '')}/healthz`;
    let res: Response;
    const t0 = performance.now();
    try {
      res = await fetch(url, { signal: AbortSignal.any([AbortSignal.timeout(settings.requestTimeoutMs), abort.signal]) });
    } catch (err) {
      throw new ApiError('offline', `capabilities: ${errorText(err)}`);
    }
    noteRtt(performance.now() - t0);
    let value: BackendCapabilities | null = null;
    if (res.ok) {
      const parsed = HealthWithCapabilities.safeParse(await res.json().catch(() => null));
      value = parsed.success ? (parsed.data.capabilities ?? null) : null;
    } else {
      await res.arrayBuffer().catch(() => undefined);
      if (res.status >= 500) throw new ApiError('server_error', `capabilities: ${res.status}`, res.status);
    }
    if (!caps || JSON.stringify(caps.value) !== JSON.stringify(value)) {
      log.info(
        'outbox',
        value?.uploads
          ? `backend takes resumable uploads (${value.uploads.protocol} ${value.uploads.version})${value.requestEncodings?.includes('gzip') ? ' and gzip bodies' : ''}`
          : 'backend takes attachments as base64 only',
      );
    }
    caps = { value, at: now() };
    return value;
  }

  /**
   * The backend answered a request of a row still under way (an upload's HEAD or PATCH): the link
   * and the backend work, whatever the row's end. Without this, a long upload over a link that
   * drops kept its failures "in a row" across drops and opened the circuit breaker while bytes
   * were arriving.
   */
  function answered(): void {
    if (failures === 0 && breaker.state === 'closed') return;
    failures = 0;
    breaker.success();
  }

  /**
   * Uploads one attachment by tus, resuming from the offset the backend has (HEAD) when an
   * earlier attempt (or a run before a restart) left one; answers the reference for the dossier.
   * Any failure throws an ApiError and the row is retried like any delivery.
   */
  async function uploadFile(row: Row, f: FileRow, content: Buffer, path: string): Promise<SubmissionAttachmentRef> {
    const o = tusOptions();
    let u = q.upload(row.id, f.idx);
    let offset = 0;
    if (u && !u.complete) {
      const url = u.url;
      const have = await onLink(row.id, 0, () => tusHead(o, url));
      answered();
      if (have === null || have > f.size) {
        log.warn('outbox', `upload ${f.idx} of ${row.local_ref} is gone at the backend; it starts again`);
        q.forgetUpload(row.id, f.idx);
        u = undefined;
      } else {
        offset = have;
        upStats.resumed += 1;
        if (have === f.size) log.info('outbox', `upload ${f.idx} of ${row.local_ref} was complete at the backend`);
        log.info('outbox', `upload ${f.idx} of ${row.local_ref} resumes at byte ${have} of ${f.size}`);
      }
    }
    if (!u) {
      const small = f.size <= SMALL_UPLOAD_BYTES;
      if (small) written.bytes += content.length;
      const created = await onLink(row.id, small ? content.length : 0, () => tusCreate(o, path, f.size, small ? content : undefined));
      offset = created.offset;
      if (offset !== (small ? f.size : 0)) log.debug('outbox', `upload ${f.idx} of ${row.local_ref} created at offset ${offset} of ${f.size}`);
      u = { url: created.url, confirmed: offset, size: f.size, complete: offset === f.size ? 1 : 0 };
      q.saveUpload(row.id, f.idx, u, now());
    }
    let conflicts = 0;
    while (offset < f.size) {
      // Paced at the link's rate, so the bytes written but not yet received (lost when the link
      // drops) stay what the line itself holds, not what the sockets' buffers take. An upload's
      // first piece goes unpaced: it measures the link (pacing alone never shows a faster one).
      const rate = win.pacingRate();
      const paced = rate > 0 && offset > 0;
      const len = paced ? Math.min(8 * 1024 * 1024, Math.max(64 * 1024, Math.round(rate * PATCH_SECONDS))) : 64 * 1024;
      const data = content.subarray(offset, Math.min(f.size, offset + len));
      const url = u.url;
      const from = offset;
      const next = await onLink(row.id, data.length, () => tusPatch(o, url, from, data, paced ? rate : 0, written));
      if (next === 'conflict') {
        if (++conflicts > 3) throw new ApiError('rejected', `upload ${f.idx} of ${row.local_ref}: the offset keeps conflicting`, 409);
        const have = await onLink(row.id, 0, () => tusHead(o, url));
        if (have === null || have > f.size) {
          q.forgetUpload(row.id, f.idx);
          throw new ApiError('server_error', 'the upload is gone at the backend; it starts again');
        }
        log.info('outbox', `upload ${f.idx} of ${row.local_ref}: the backend has ${have} bytes, not ${offset}; going on from there`);
        offset = have;
        continue;
      }
      if (next === null) {
        q.forgetUpload(row.id, f.idx);
        throw new ApiError('server_error', 'the upload expired at the backend; it starts again');
      }
      answered();
      offset = next;
      u = { ...u, confirmed: offset, complete: offset === f.size ? 1 : 0 };
      q.saveUpload(row.id, f.idx, u, now());
    }
    if (!u.complete) {
      u = { ...u, confirmed: f.size, complete: 1 };
      q.saveUpload(row.id, f.idx, u, now());
    }
    upStats.confirmed += f.size;
    return { uploadId: decodeURIComponent(new URL(u.url).pathname.split('/').pop() ?? ''), name: f.name, mime: f.mime, size: f.size, sha256: f.sha256 };
  }

  const setOnline = (value: boolean) => {
    if (value === online) return;
    online = value;
    deps.onReachability?.(value);
  };

  function tell(id: string, d: Delivery): void {
    const ws = waiters.get(id);
    waiters.delete(id);
    for (const w of ws ?? []) w(d);
  }

  function kick(): void {
    kicked = true;
    wake?.();
    const ws = kickWaiters;
    kickWaiters = [];
    for (const w of ws) w();
  }

  /** A request ended: the loop may start more rows (without ending a backoff, as kick() does). */
  function topUp(): void {
    const ws = kickWaiters;
    kickWaiters = [];
    for (const w of ws) w();
  }

  function notifyReachable(): void {
    if (failures > 0 || breaker.state !== 'closed') log.info('outbox', 'backend reachable: backoff reset');
    failures = 0;
    breaker.reset();
    // Rows waiting on their own (409/429) timer keep it; the queue as a whole goes now.
    kick();
  }

  /** A request's time: the setting, its bytes at the slowest rate allowed, and the outbox's own bytes queued ahead of it. */
  function timeoutFor(bytes: number): number {
    const ahead = [...inFlightBytes.values()].reduce((a, b) => a + b, 0);
    return settings.requestTimeoutMs + Math.ceil((bytes / settings.minBytesPerSecond) * 1000) + win.queueMs(ahead);
  }

  /** Removes the row (recording it as delivered) and its files; the WAL is written back. */
  function settle(row: Row, fileRows: FileRow[], resultRef: string | null, what: string): void {
    uploadRestarts.delete(row.id);
    db.transaction(() => {
      q.remove(row.id);
      q.delivered(row.local_ref, row.kind, resultRef, now());
    }).immediate();
    // secure_delete zeroes the deleted row in the database's pages, but the WAL still holds the
    // page images written when the row was queued (the applicant's name and fields): write the
    // WAL back and truncate it, so nothing the resident sent stays on disk once it is delivered
    // (issue 12, proven by test/e2e/submit.test.ts).
    try {
      store.checkpoint();
    } catch (err) {
      log.warn('outbox', `WAL checkpoint after ${what} failed: ${errorText(err)}`);
    }
    files.remove(fileRows.map((f) => f.file));
  }

  function confirm(row: Row, fileRows: FileRow[], value: unknown): void {
    const ref = kinds.get(row.kind)?.resultRef(value);
    settle(row, fileRows, ref ?? null, 'a delivery');
    log.info('outbox', `delivered ${row.kind} ${row.local_ref}${ref ? ` as ${ref}` : ''}`);
    tell(row.id, { state: 'sent', resultRef: ref, value });
  }

  /** The backend says this was already done (the kind's `duplicate`): delivered, as a duplicate. */
  function settleDuplicate(row: Row, fileRows: FileRow[], spec: OutboxKind, why: string): void {
    settle(row, fileRows, spec.duplicateRef ?? 'duplicate', 'a duplicate');
    log.info('outbox', `${row.kind} ${row.local_ref} settled as a duplicate: ${why}`);
    tell(row.id, { state: 'duplicate' });
  }

  function deadLetter(row: Row, reason: string, status?: number): void {
    uploadRestarts.delete(row.id);
    q.dead(row.id, reason);
    log.error('outbox', `${row.kind} ${row.local_ref} rejected permanently, kept as a dead letter for the technician: ${reason}`);
    tell(row.id, status === undefined ? { state: 'queued' } : { state: 'rejected', status, reason });
  }

  async function deliver(row: Row): Promise<Outcome> {
    const spec = kinds.get(row.kind);
    if (!spec) {
      deadLetter(row, `unknown kind ${row.kind}`);
      return 'dead';
    }
    const fileRows = q.files(row.id);
    const body = JSON.parse(row.body) as Record<string, unknown>;
    try {
      const accepts = await capabilities();
      const uploads = accepts?.uploads;
      let size = Buffer.byteLength(row.body);
      if (fileRows.length) {
        const attachments: Array<{ name: string; mime: string; contentBase64: string } | SubmissionAttachmentRef> = [];
        for (const f of fileRows) {
          const read = files.readChecked(f.file, f.sha256);
          if (!read.ok) {
            deadLetter(row, read.reason);
            return 'dead';
          }
          // Uploads first, each complete before the dossier that references it is sent.
          if (uploads) attachments.push(await uploadFile(row, f, read.content, uploads.path));
          else {
            attachments.push({ name: f.name, mime: f.mime, contentBase64: read.content.toString('base64') });
            size += Math.ceil(f.size / 3) * 4;
          }
        }
        body.attachments = attachments;
      }
      const gzip = accepts?.requestEncodings?.includes('gzip') === true;
      // About what goes on the wire: gzip takes JSON to about half, base64 to about three quarters.
      const wire = gzip ? Math.round(size * 0.6) : size;
      const value = await onLink(row.id, wire, () =>
        deps.api.request(row.path, spec.response, {
          method: row.method as 'POST',
          body,
          idempotencyKey: row.id,
          timeoutMs: timeoutFor(size),
          retries: 0,
          signal: abort.signal,
          gzip,
          fetch: via(),
        }),
      );
      confirm(row, fileRows, value);
      return 'ok';
    } catch (err) {
      if (stopped) return 'transient';
      if (!(err instanceof ApiError)) {
        log.error('outbox', `delivery of ${row.local_ref} failed unexpectedly`, err);
        q.failed(row.id, errorText(err), 0);
        return 'transient';
      }
      const status = err.status;
      if (err.kind === 'offline' || err.kind === 'timeout') {
        q.failed(row.id, `${err.kind}: ${err.message}`, 0);
        log.info('outbox', `${row.kind} ${row.local_ref} not delivered: ${err.kind}: ${err.message}`);
        // Whoever waits for this row (the resident on "Gửi hồ sơ") hears "queued" now rather
        // than after the whole wait: the backend is unreachable (issue 12's offline receipt).
        tell(row.id, { state: 'queued' });
        return 'offline';
      }
      if (err.kind === 'server_error' || status === 401 || status === 408) {
        q.failed(row.id, `${status ?? ''} ${err.message}`.trim(), 0);
        return 'transient';
      }
      if (spec.duplicate?.(err)) {
        settleDuplicate(row, fileRows, spec, `${status ?? err.kind} ${err.message}`);
        return 'ok';
      }
      // An upload request refused with 400 is most often the upload's state at the backend, not
      // the dossier: @tus/server answers 400 when a request finds the upload locked by one it has
      // not yet seen die (after a drop), or reads a body that reached it garbled. The row's
      // unfinished uploads start over as new ones, a few times, before it is a dead letter.
      const restarts = uploadRestarts.get(row.id) ?? 0;
      if (err instanceof TusRefusal && status === 400 && restarts < UPLOAD_RESTARTS) {
        uploadRestarts.set(row.id, restarts + 1);
        for (const f of fileRows) if (!q.upload(row.id, f.idx)?.complete) q.forgetUpload(row.id, f.idx);
        const wait = Math.max(500, fullJitterDelay(restarts + 1, backoff, random));
        log.warn('outbox', `${row.kind} ${row.local_ref}: ${err.message}; its uploads start over in ${wait} ms (${restarts + 1} of ${UPLOAD_RESTARTS})`);
        q.failed(row.id, `400 ${err.message}`, now() + wait);
        return 'later';
      }
      if (status === 409 || status === 429 || status === 425) {
        const wait = Math.max(500, fullJitterDelay(Math.min(row.attempts + 1, 6), backoff, random));
        log.info('outbox', `${row.kind} ${row.local_ref}: ${status} ${err.message}; that row again in ${wait} ms`);
        q.failed(row.id, `${status} ${err.message}`, now() + wait);
        return 'later';
      }
      deadLetter(row, `${status ?? err.kind} ${err.message}`, status);
      return 'dead';
    }
  }

  function nextDueIn(): number | null {
    const t = q.nextDue();
    if (t === null) return null;
    return Math.max(0, t - now());
  }

  /** Sleeps `ms` (or until kicked/stopped). Returns true when kicked. */
  function sleep(ms: number): Promise<boolean> {
    if (kicked || stopped) {
      kicked = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve(false);
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = null;
        kicked = false;
        resolve(true);
      };
    });
  }

  /** The backoff wait, probing the backend every probeIntervalMs; ends early when reachable. */
  async function backoffWait(ms: number): Promise<void> {
    const end = now() + ms;
    while (!stopped) {
      const left = end - now();
      if (left <= 0) return;
      const woke = await sleep(Math.min(left, settings.probeIntervalMs));
      if (woke || stopped) return;
      if (now() >= end || !deps.probe) continue;
      let ok = false;
      try {
        ok = await deps.probe();
      } catch {
        ok = false;
      }
      if (ok) {
        notifyReachable();
        kicked = false;
        return;
      }
    }
  }

  function settleDrain(): void {
    if (drainWaiters.length && q.pendingCount() === 0) for (const w of drainWaiters.splice(0)) w();
  }

  // ---- the window: how many rows in flight (issue 15; window.ts) ----------------------------

  let lastFailureAt = Number.NEGATIVE_INFINITY;
  const startedAt = new Map<string, number>();

  function rowSize(row: Row): number {
    return Buffer.byteLength(row.body) + q.files(row.id).reduce((s, f) => s + f.size, 0);
  }

  /**
   * Starts the due rows the window admits (at most `allowance`); answers how many started. The
   * rows (their bodies hold a resident's dossier) live only in the frames of their own
   * deliveries: had they been locals of run(), the suspended loop would keep the last body
   * reachable while it sleeps (found by the soak bench's heap snapshot, test/bench/soak.ts).
   */
  function startDue(allowance: number, active: Map<string, Promise<Settled>>): number {
    let started = 0;
    // A row whose delivery ended but is not yet seen by the loop (its outcome, or an error to
    // restart on) is not started again before it is.
    for (const r of q.due(now(), [...new Set([...inFlight, ...active.keys()])], allowance)) {
      const bytes = rowSize(r);
      const sum = [...inFlightBytes.values()].reduce((a, b) => a + b, 0);
      if (!win.admits(bytes, sum, active.size, resident())) {
        if (resident()) upStats.deferred += 1;
        break;
      }
      inFlight.add(r.id);
      inFlightBytes.set(r.id, bytes);
      const id = r.id;
      startedAt.set(id, now());
      started += 1;
      active.set(
        id,
        deliver(r).then(
          (outcome): Settled => {
            inFlight.delete(id);
            inFlightBytes.delete(id);
            if (outcome === 'ok') win.row(bytes);
            return { id, outcome };
          },
          (error: unknown): Settled => {
            inFlight.delete(id);
            inFlightBytes.delete(id);
            return { id, error };
          },
        ),
      );
    }
    return started;
  }

  /** Resolves at the next kick (or stop). */
  const nextKick = () => new Promise<void>((r) => kickWaiters.push(r));

  async function run(): Promise<void> {
    const active = new Map<string, Promise<Settled>>();
    try {
      while (!stopped) {
        settleDrain();
        const allowance = breaker.allowance(DEFAULT_WINDOW.maxRows) - active.size;
        if (allowance > 0) startDue(allowance, active);
        if (active.size === 0) {
          if (breaker.allowance(DEFAULT_WINDOW.maxRows) === 0) {
            await backoffWait(Math.max(50, breaker.retryAt - now()));
            continue;
          }
          const due = nextDueIn();
          await sleep(due === null ? 60_000 : Math.max(50, due));
          continue;
        }
        kicked = false;
        const first = await Promise.race([...active.values(), nextKick().then(() => null)]);
        if (first === null) continue; // something new to send, or the link is free again: top the window up
        active.delete(first.id);
        const began = startedAt.get(first.id) ?? now();
        startedAt.delete(first.id);
        if (stopped) break;
        // An error that escaped a delivery (a SQLite failure) escapes the loop: supervise() restarts it.
        if ('error' in first) throw first.error;
        const o = first.outcome;
        const linkFailed = o === 'offline' || o === 'transient';
        const progressed = o === 'ok' || o === 'dead' || o === 'later';
        if (o === 'offline') setOnline(false);
        else if (progressed || o === 'transient') setOnline(true);
        // The rows that were in flight when a failure was counted fail with it (the link dropped
        // under all of them): one failure, one backoff, not one per row in the window.
        if (linkFailed && began <= lastFailureAt) continue;
        if (linkFailed) {
          lastFailureAt = now();
          if (o === 'offline') win.lost();
          failures++;
          breaker.failure(now());
          const wait = fullJitterDelay(failures - 1, backoff, random);
          log.info('outbox', `delivery failed (${failures} in a row); next try in ${wait} ms unless the backend answers sooner`);
          await backoffWait(wait);
        } else if (progressed) {
          failures = 0;
          breaker.success();
          loopFailures = 0;
        }
      }
    } finally {
      // Stopping (or a failure escaping the loop): wait for what is in flight, so that no row is
      // left marked in flight and nothing runs after stop() resolves.
      await Promise.allSettled([...active.values()]);
    }
  }

  /**
   * Runs the delivery loop for as long as the outbox runs. Any error that escapes it (a SQLite
   * failure, a bug) is logged and reported in health(), and the loop starts again after a
   * full-jitter backoff: nothing waiting in the outbox is ever left without a loop to send it.
   */
  async function supervise(): Promise<void> {
    while (!stopped) {
      try {
        await run();
      } catch (err) {
        if (stopped) break;
        loopFailures += 1;
        loopHealth.state = 'restarting';
        loopHealth.restarts += 1;
        loopHealth.lastError = errorText(err);
        loopHealth.lastErrorAt = now();
        const wait = fullJitterDelay(loopFailures - 1, backoff, random);
        log.error('outbox', `the delivery loop failed (${loopFailures} in a row); it restarts in ${wait} ms`, err);
        await sleep(Math.max(50, wait));
        if (stopped) break;
        // Running again; restarts and lastError stay for the technician.
        loopHealth.state = 'ok';
        log.info('outbox', 'the delivery loop restarts');
      }
    }
    loopHealth.state = 'stopped';
  }

  return {
    waitFor(id, ms) {
      const attempts = q.pendingAttempts(id);
      // The breaker is open, the queue is backing off after failed deliveries, or this row's
      // delivery already failed (before this wait began): no try comes before the wait ends, so
      // do not keep the resident waiting.
      if (attempts === undefined || ms <= 0 || attempts > 0 || failures > 0 || breaker.state === 'open') return Promise.resolve({ state: 'queued' });
      return new Promise((resolve) => {
        const list = waiters.get(id) ?? [];
        let done = false;
        const timer = setTimeout(() => finish({ state: 'queued' }), ms);
        const finish = (d: Delivery) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          const cur = waiters.get(id);
          if (cur) {
            const i = cur.indexOf(finish);
            if (i >= 0) cur.splice(i, 1);
            if (cur.length === 0) waiters.delete(id);
          }
          resolve(d);
        };
        list.push(finish);
        waiters.set(id, list);
      });
    },
    notifyReachable,
    kick,
    start() {
      if (running || stopped) return;
      running = true;
      loop = supervise();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      abort.abort();
      kick();
      await loop;
      h2?.close();
      for (const [, ws] of waiters) for (const w of ws) w({ state: 'queued' });
      waiters.clear();
    },
    drained() {
      if (q.pendingCount() === 0) return Promise.resolve();
      return new Promise((resolve) => {
        drainWaiters.push(resolve);
        kick();
      });
    },
    get online() {
      return online;
    },
    get breaker() {
      return breaker.state;
    },
    health: () => ({ ...loopHealth }),
    uploads: () => ({
      written: written.bytes,
      confirmed: upStats.confirmed,
      resumed: upStats.resumed,
      h2Connections: h2?.connections ?? 0,
      rowsInFlight: inFlight.size,
      requests: upStats.requests,
      deferred: upStats.deferred,
      ...win.figures(),
    }),
  };
}
