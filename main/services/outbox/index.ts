/**
 * The outbox: the one way every action that changes backend state reaches the backend.
 *
 * - `enqueue` writes the attachments to files (fsynced), then commits the row in ONE
 *   transaction (`synchronous=FULL`): when it returns, the action survives a crash or a power
 *   cut. It answers a local reference (`KIOSK.DEMO.01-261123-0007`) for the receipt.
 * - Delivery sends the row with `Idempotency-Key` = the row id (a UUID). The row and its files
 *   are deleted only when the backend confirms (2xx, a replayed answer included).
 * - Transient failures (offline, timeout, 5xx, 401, 408) back off with full jitter (base 2 s,
 *   cap 5 min) behind a circuit breaker; while waiting, a reachability probe (or any successful
 *   request elsewhere: `notifyReachable`) resets the backoff and kicks the queue.
 * - 409 (still in progress at the backend) and 429 retry that row later. Any other 4xx is a
 *   permanent rejection: the row moves to the dead-letter state, kept for the technician, never
 *   retried forever and never dropped silently.
 * - A kind may recognise an answer that means "this was already done" (`duplicate`: a rating
 *   whose dossier was already rated, 409 `already-rated`): the row is then settled as delivered
 *   as a duplicate (`delivered` with the kind's `duplicateRef`), its waiters hear `duplicate`,
 *   and nothing is left for a technician to clear.
 */
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { fullJitterDelay, type Backoff } from '../../../common/backoff';
import { vnYyMMdd } from '../../../common/vietnam-time';
import { ApiError, type ApiClient } from '../../api/client';
import type { Logger } from '../../log';
import type { Store } from '../../store/db';
import { createBreaker, type BreakerState, type CircuitBreaker } from './breaker';

export type OutboxErrorCode = 'storage_full' | 'attachment_too_large' | 'out_of_service';

export class OutboxError extends Error {
  constructor(
    readonly code: OutboxErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OutboxError';
  }
}

export interface OutboxSettings {
  maxAttachmentBytes: number;
  diskBudgetBytes: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  breakerThreshold: number;
  breakerOpenMs: number;
  probeIntervalMs: number;
  requestTimeoutMs: number;
  minBytesPerSecond: number;
  concurrency: number;
}

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

export interface OutboxFileInput {
  name: string;
  mime: string;
  content: Buffer;
}

export interface EnqueueInput {
  kind: string;
  method?: 'POST' | 'PUT';
  path: string;
  /** The request body; attachments are added as `attachments: [{name, mime, contentBase64}]`. */
  body: Record<string, unknown>;
  files?: OutboxFileInput[];
  /** Non-personal facts shown while waiting (procedure code and name). */
  summary?: Record<string, unknown>;
  /** Sets the body's local-reference field to the local reference (e.g. `kioskRef`). */
  localRefField?: string;
}

export interface Enqueued {
  id: string;
  localRef: string;
  queuedAt: Date;
}

export type Found =
  | { state: 'pending' | 'dead'; id: string; kind: string; localRef: string; queuedAt: Date; summary: Record<string, unknown>; lastError?: string }
  | { state: 'delivered'; kind: string; localRef: string; resultRef?: string | undefined; deliveredAt: Date };

export interface DeadLetter {
  id: string;
  kind: string;
  localRef: string;
  queuedAt: Date;
  attempts: number;
  lastError: string;
}

export interface OutboxStats {
  pending: number;
  dead: number;
  bytes: number;
  online: boolean;
  breaker: BreakerState;
  /** The delivery loop: it never dies silently; after a failure it restarts with backoff. */
  loop: { state: 'ok' | 'restarting' | 'stopped'; restarts: number; lastError?: string; lastErrorAt?: number };
}

export type Delivery =
  | { state: 'sent'; resultRef?: string | undefined; value: unknown }
  | { state: 'queued' }
  | { state: 'duplicate' }
  /** The backend refused the row for good while someone waited (it is kept as a dead letter). */
  | { state: 'rejected'; status?: number | undefined; reason: string };

export interface Outbox {
  register<S extends z.ZodType>(kind: string, spec: OutboxKind<S>): void;
  enqueue(input: EnqueueInput): Enqueued;
  /** Resolves when the row is confirmed, or `{state:'queued'}` after `ms`. */
  waitFor(id: string, ms: number): Promise<Delivery>;
  find(localRef: string): Found | null;
  stats(): OutboxStats;
  deadLetters(): DeadLetter[];
  /** Puts a dead letter back in the queue (technician action). */
  requeue(id: string): boolean;
  /** Something suggests the backend is reachable: reset the backoff and deliver now. */
  notifyReachable(): void;
  kick(): void;
  start(): void;
  stop(): Promise<void>;
  /** Resolves when nothing is pending (tests, benchmark). */
  drained(): Promise<void>;
}

export interface OutboxDeps {
  store: Store;
  filesDir: string;
  api: ApiClient;
  log: Logger;
  kioskId: string;
  settings: OutboxSettings;
  /** A cheap reachability check (GET /healthz); true when the backend answered. */
  probe?: () => Promise<boolean>;
  /** Told when deliveries show the backend reachable or not. */
  onReachability?: ((reachable: boolean) => void) | undefined;
  now?: () => Date;
  random?: () => number;
}

interface Row {
  id: string;
  seq: number;
  kind: string;
  local_ref: string;
  method: string;
  path: string;
  body: string;
  summary: string;
  state: 'pending' | 'dead';
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
}

interface FileRow {
  idx: number;
  name: string;
  mime: string;
  size: number;
  file: string;
  sha256: string;
}

type Outcome = 'ok' | 'transient' | 'offline' | 'later' | 'dead';

/** `KIOSK-DEMO-01` -> `KIOSK.DEMO.01`: a prefix that keeps local references shaped like dossier codes. */
export function localRefPrefix(kioskId: string): string {
  const parts = kioskId
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[Đđ]/g, 'D')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean)
    .map((p) => p.slice(0, 12))
    .slice(0, 8);
  return parts.length ? parts.join('.') : 'KIOSK';
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // some filesystems cannot fsync a directory; the file itself is synced
  }
}

function writeDurable(path: string, data: Buffer): void {
  const fd = openSync(path, 'wx');
  try {
    let off = 0;
    while (off < data.length) off += writeSync(fd, data, off, data.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 500);
}

export function createOutbox(deps: OutboxDeps): Outbox {
  const { store, log, settings } = deps;
  const db = store.db;
  const clock = deps.now ?? (() => new Date());
  const random = deps.random ?? Math.random;
  const backoff: Backoff = { baseMs: settings.backoffBaseMs, capMs: settings.backoffCapMs };
  const prefix = localRefPrefix(deps.kioskId);
  const kinds = new Map<string, OutboxKind>();
  mkdirSync(deps.filesDir, { recursive: true });

  const breaker: CircuitBreaker = createBreaker({ threshold: settings.breakerThreshold, openMs: settings.breakerOpenMs, now: () => clock().getTime() });
  breaker.onChange((s) => log.info('outbox', `circuit breaker ${s}`));

  const q = {
    usage: db.prepare('SELECT (SELECT COALESCE(SUM(size), 0) FROM outbox_files) + (SELECT COALESCE(SUM(length(body)), 0) FROM outbox) AS bytes'),
    counter: db.prepare('INSERT INTO local_ref_counter (day, n) VALUES (?, 1) ON CONFLICT(day) DO UPDATE SET n = n + 1 RETURNING n'),
    nextSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS s FROM outbox'),
    insert: db.prepare(
      `INSERT INTO outbox (id, seq, kind, local_ref, method, path, body, summary, state, attempts, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, 0, ?)`,
    ),
    insertFile: db.prepare('INSERT INTO outbox_files (outbox_id, idx, name, mime, size, file, sha256) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    due: db.prepare(
      `SELECT * FROM outbox WHERE state = 'pending' AND next_attempt_at <= ? AND id NOT IN (SELECT value FROM json_each(?))
       ORDER BY seq LIMIT ?`,
    ),
    nextDue: db.prepare("SELECT MIN(next_attempt_at) AS t FROM outbox WHERE state = 'pending'"),
    files: db.prepare('SELECT idx, name, mime, size, file, sha256 FROM outbox_files WHERE outbox_id = ? ORDER BY idx'),
    remove: db.prepare('DELETE FROM outbox WHERE id = ?'),
    delivered: db.prepare('INSERT OR REPLACE INTO delivered (local_ref, kind, result_ref, delivered_at) VALUES (?, ?, ?, ?)'),
    failed: db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?'),
    dead: db.prepare("UPDATE outbox SET state = 'dead', attempts = attempts + 1, last_error = ? WHERE id = ?"),
    requeue: db.prepare("UPDATE outbox SET state = 'pending', next_attempt_at = 0, last_error = NULL WHERE id = ? AND state = 'dead'"),
    byRef: db.prepare('SELECT * FROM outbox WHERE local_ref = ?'),
    deliveredByRef: db.prepare('SELECT * FROM delivered WHERE local_ref = ?'),
    counts: db.prepare('SELECT state, COUNT(*) AS n FROM outbox GROUP BY state'),
    deadList: db.prepare("SELECT * FROM outbox WHERE state = 'dead' ORDER BY seq"),
    allFiles: db.prepare('SELECT file FROM outbox_files'),
  };

  // ---- startup sweep: files written by an enqueue whose commit never happened, or left by a
  // confirmation that crashed before unlinking them.
  function sweepOrphans(): void {
    const known = new Set((q.allFiles.all() as { file: string }[]).map((r) => r.file));
    let removed = 0;
    for (const name of readdirSync(deps.filesDir)) {
      if (known.has(name)) continue;
      try {
        unlinkSync(join(deps.filesDir, name));
        removed++;
      } catch {
        // gone already
      }
    }
    if (removed) log.info('outbox', `removed ${removed} orphan attachment file(s)`);
  }
  sweepOrphans();

  // ---- enqueue ----------------------------------------------------------------------------
  function enqueue(input: EnqueueInput): Enqueued {
    if (!kinds.has(input.kind)) throw new Error(`outbox kind ${input.kind} is not registered`);
    const files = input.files ?? [];
    for (const f of files) {
      if (f.content.length > settings.maxAttachmentBytes) {
        throw new OutboxError(
          'attachment_too_large',
          `attachment "${f.name.slice(0, 80)}" is ${f.content.length} bytes; the limit is ${settings.maxAttachmentBytes}`,
        );
      }
    }
    const id = randomUUID();
    const now = clock();
    const body = { ...input.body };
    const bodyBytes = Buffer.byteLength(JSON.stringify(body)) + 64;
    const newBytes = files.reduce((s, f) => s + f.content.length, 0) + bodyBytes;
    const used = (q.usage.get() as { bytes: number }).bytes;
    if (used + newBytes > settings.diskBudgetBytes) {
      throw new OutboxError('storage_full', `the outbox holds ${used} bytes; ${newBytes} more would pass the budget of ${settings.diskBudgetBytes}`);
    }

    const written: string[] = [];
    const fileRows: Array<{ idx: number; name: string; mime: string; size: number; file: string; sha256: string }> = [];
    try {
      files.forEach((f, idx) => {
        const file = `${id}.${idx}`;
        writeDurable(join(deps.filesDir, file), f.content);
        written.push(file);
        fileRows.push({ idx, name: f.name, mime: f.mime, size: f.content.length, file, sha256: createHash('sha256').update(f.content).digest('hex') });
      });
      if (written.length) fsyncDir(deps.filesDir);
      const localRef = db
        .transaction(() => {
          const n = (q.counter.get(vnYyMMdd(now)) as { n: number }).n;
          const ref = `${prefix}-${vnYyMMdd(now)}-${String(n).padStart(4, '0')}`;
          if (input.localRefField) body[input.localRefField] = ref;
          const seq = (q.nextSeq.get() as { s: number }).s;
          q.insert.run(id, seq, input.kind, ref, input.method ?? 'POST', input.path, JSON.stringify(body), JSON.stringify(input.summary ?? {}), now.getTime());
          for (const r of fileRows) q.insertFile.run(id, r.idx, r.name, r.mime, r.size, r.file, r.sha256);
          return ref;
        })
        .immediate();
      log.info('outbox', `queued ${input.kind} ${localRef} (${files.length} attachment(s))`);
      kick();
      return { id, localRef, queuedAt: now };
    } catch (err) {
      for (const file of written) {
        try {
          unlinkSync(join(deps.filesDir, file));
        } catch {
          // nothing to remove
        }
      }
      throw err;
    }
  }

  // ---- delivery ---------------------------------------------------------------------------
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
  const loopHealth: OutboxStats['loop'] = { state: 'ok', restarts: 0 };
  /** Consecutive loop failures without a delivery between them (resets the restart backoff). */
  let loopFailures = 0;

  const setOnline = (value: boolean) => {
    if (value === online) return;
    online = value;
    deps.onReachability?.(value);
  };

  function kick(): void {
    kicked = true;
    wake?.();
  }

  function notifyReachable(): void {
    if (failures > 0 || breaker.state !== 'closed') log.info('outbox', 'backend reachable: backoff reset');
    failures = 0;
    breaker.reset();
    // Rows waiting on their own (409/429) timer keep it; the queue as a whole goes now.
    kick();
  }

  function timeoutFor(bytes: number): number {
    return settings.requestTimeoutMs + Math.ceil((bytes / settings.minBytesPerSecond) * 1000);
  }

  function confirm(row: Row, files: FileRow[], value: unknown): void {
    const spec = kinds.get(row.kind);
    const ref = spec?.resultRef(value);
    db.transaction(() => {
      q.remove.run(row.id);
      q.delivered.run(row.local_ref, row.kind, ref ?? null, clock().getTime());
    }).immediate();
    // secure_delete zeroes the deleted row in the database's pages, but the WAL still holds the
    // page images written when the row was queued (the applicant's name and fields): write the
    // WAL back and truncate it, so nothing the resident sent stays on disk once it is delivered
    // (issue 12, proven by test/e2e/submit.test.ts).
    try {
      store.checkpoint();
    } catch (err) {
      log.warn('outbox', `WAL checkpoint after a delivery failed: ${errorText(err)}`);
    }
    for (const f of files) {
      try {
        unlinkSync(join(deps.filesDir, f.file));
      } catch {
        // swept at next start
      }
    }
    log.info('outbox', `delivered ${row.kind} ${row.local_ref}${ref ? ` as ${ref}` : ''}`);
    const ws = waiters.get(row.id);
    waiters.delete(row.id);
    for (const w of ws ?? []) w({ state: 'sent', resultRef: ref, value });
  }

  /** The backend says this was already done (the kind's `duplicate`): delivered, as a duplicate. */
  function settleDuplicate(row: Row, files: FileRow[], spec: OutboxKind, why: string): void {
    db.transaction(() => {
      q.remove.run(row.id);
      q.delivered.run(row.local_ref, row.kind, spec.duplicateRef ?? 'duplicate', clock().getTime());
    }).immediate();
    try {
      store.checkpoint();
    } catch (err) {
      log.warn('outbox', `WAL checkpoint after a duplicate failed: ${errorText(err)}`);
    }
    for (const f of files) {
      try {
        unlinkSync(join(deps.filesDir, f.file));
      } catch {
        // swept at next start
      }
    }
    log.info('outbox', `${row.kind} ${row.local_ref} settled as a duplicate: ${why}`);
    const ws = waiters.get(row.id);
    waiters.delete(row.id);
    for (const w of ws ?? []) w({ state: 'duplicate' });
  }

  function deadLetter(row: Row, reason: string, status?: number): void {
    q.dead.run(reason, row.id);
    log.error('outbox', `${row.kind} ${row.local_ref} rejected permanently, kept as a dead letter for the technician: ${reason}`);
    const ws = waiters.get(row.id);
    waiters.delete(row.id);
    for (const w of ws ?? []) w(status === undefined ? { state: 'queued' } : { state: 'rejected', status, reason });
  }

  async function deliver(row: Row): Promise<Outcome> {
    const spec = kinds.get(row.kind);
    if (!spec) {
      deadLetter(row, `unknown kind ${row.kind}`);
      return 'dead';
    }
    const files = q.files.all(row.id) as FileRow[];
    const body = JSON.parse(row.body) as Record<string, unknown>;
    if (files.length) {
      const attachments: Array<{ name: string; mime: string; contentBase64: string }> = [];
      for (const f of files) {
        let content: Buffer;
        try {
          content = readFileSync(join(deps.filesDir, f.file));
        } catch (err) {
          deadLetter(row, `attachment file ${f.file} unreadable: ${errorText(err)}`);
          return 'dead';
        }
        if (createHash('sha256').update(content).digest('hex') !== f.sha256) {
          deadLetter(row, `attachment file ${f.file} damaged (checksum differs)`);
          return 'dead';
        }
        attachments.push({ name: f.name, mime: f.mime, contentBase64: content.toString('base64') });
      }
      body.attachments = attachments;
    }
    const size = Buffer.byteLength(row.body) + files.reduce((s, f) => s + Math.ceil(f.size / 3) * 4, 0);
    try {
      const value = await deps.api.request(row.path, spec.response, {
        method: row.method as 'POST',
        body,
        idempotencyKey: row.id,
        timeoutMs: timeoutFor(size),
        retries: 0,
        signal: abort.signal,
      });
      confirm(row, files, value);
      return 'ok';
    } catch (err) {
      if (stopped) return 'transient';
      if (!(err instanceof ApiError)) {
        log.error('outbox', `delivery of ${row.local_ref} failed unexpectedly`, err);
        q.failed.run(errorText(err), 0, row.id);
        return 'transient';
      }
      const status = err.status;
      if (err.kind === 'offline' || err.kind === 'timeout') {
        q.failed.run(`${err.kind}: ${err.message}`, 0, row.id);
        // Whoever waits for this row (the resident on "Gửi hồ sơ") hears "queued" now rather
        // than after the whole wait: the backend is unreachable (issue 12's offline receipt).
        const ws = waiters.get(row.id);
        waiters.delete(row.id);
        for (const w of ws ?? []) w({ state: 'queued' });
        return 'offline';
      }
      if (err.kind === 'server_error' || status === 401 || status === 408) {
        q.failed.run(`${status ?? ''} ${err.message}`.trim(), 0, row.id);
        return 'transient';
      }
      if (spec.duplicate?.(err)) {
        settleDuplicate(row, files, spec, `${status ?? err.kind} ${err.message}`);
        return 'ok';
      }
      if (status === 409 || status === 429 || status === 425) {
        const wait = Math.max(500, fullJitterDelay(Math.min(row.attempts + 1, 6), backoff, random));
        q.failed.run(`${status} ${err.message}`, clock().getTime() + wait, row.id);
        return 'later';
      }
      deadLetter(row, `${status ?? err.kind} ${err.message}`, status);
      return 'dead';
    }
  }

  function nextDueIn(): number | null {
    const t = (q.nextDue.get() as { t: number | null }).t;
    if (t === null) return null;
    return Math.max(0, t - clock().getTime());
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
    const end = Date.now() + ms;
    while (!stopped) {
      const left = end - Date.now();
      if (left <= 0) return;
      const woke = await sleep(Math.min(left, settings.probeIntervalMs));
      if (woke || stopped) return;
      if (Date.now() >= end || !deps.probe) continue;
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

  function pendingCount(): number {
    return (db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'").get() as { n: number }).n;
  }

  function settleDrain(): void {
    if (drainWaiters.length && pendingCount() === 0) for (const w of drainWaiters.splice(0)) w();
  }

  /**
   * Delivers up to `allowance` due items; null when none is due. The rows (their bodies hold a
   * resident's dossier) live only in this call's frame: had they been locals of run(), the
   * suspended loop would keep the last body reachable while it sleeps (found by the soak bench's
   * heap snapshot, test/bench/soak.ts).
   */
  async function deliverDue(allowance: number): Promise<Outcome[] | null> {
    const rows = q.due.all(clock().getTime(), JSON.stringify([...inFlight]), allowance) as Row[];
    if (rows.length === 0) return null;
    for (const r of rows) inFlight.add(r.id);
    try {
      return await Promise.all(rows.map((r) => deliver(r)));
    } finally {
      for (const r of rows) inFlight.delete(r.id);
    }
  }

  async function run(): Promise<void> {
    while (!stopped) {
      settleDrain();
      const allowance = breaker.allowance(settings.concurrency);
      if (allowance === 0) {
        await backoffWait(Math.max(50, breaker.retryAt - clock().getTime()));
        continue;
      }
      const outcomes = await deliverDue(allowance);
      if (outcomes === null) {
        const due = nextDueIn();
        await sleep(due === null ? 60_000 : Math.max(50, due));
        continue;
      }
      if (stopped) break;
      const linkFailed = outcomes.some((o) => o === 'offline' || o === 'transient');
      const progressed = outcomes.some((o) => o === 'ok' || o === 'dead' || o === 'later');
      if (outcomes.includes('offline') && !progressed) setOnline(false);
      else if (progressed || outcomes.includes('transient')) setOnline(true);
      if (linkFailed) {
        failures++;
        breaker.failure(clock().getTime());
        const wait = fullJitterDelay(failures - 1, backoff, random);
        log.info('outbox', `delivery failed (${failures} in a row); next try in ${wait} ms unless the backend answers sooner`);
        await backoffWait(wait);
      } else if (progressed) {
        failures = 0;
        breaker.success();
      }
      if (progressed) loopFailures = 0;
    }
  }

  /**
   * Runs the delivery loop for as long as the outbox runs. Any error that escapes it (a SQLite
   * failure, a bug) is logged and reported in stats().loop, and the loop starts again after a
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
        loopHealth.lastErrorAt = clock().getTime();
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
    register(kind, spec) {
      kinds.set(kind, spec as OutboxKind);
    },
    enqueue,
    waitFor(id, ms) {
      const exists = db.prepare("SELECT attempts FROM outbox WHERE id = ? AND state = 'pending'").get(id) as { attempts: number } | undefined;
      // The breaker is open, the queue is backing off after failed deliveries, or this row's
      // delivery already failed (before this wait began): no try comes before the wait ends, so
      // do not keep the resident waiting.
      if (!exists || ms <= 0 || exists.attempts > 0 || failures > 0 || breaker.state === 'open') return Promise.resolve({ state: 'queued' });
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
    find(localRef) {
      const row = q.byRef.get(localRef) as Row | undefined;
      if (row) {
        const found: Found = {
          state: row.state,
          id: row.id,
          kind: row.kind,
          localRef: row.local_ref,
          queuedAt: new Date(row.created_at),
          summary: JSON.parse(row.summary) as Record<string, unknown>,
        };
        if (row.last_error) found.lastError = row.last_error;
        return found;
      }
      const d = q.deliveredByRef.get(localRef) as { local_ref: string; kind: string; result_ref: string | null; delivered_at: number } | undefined;
      if (!d) return null;
      return { state: 'delivered', kind: d.kind, localRef: d.local_ref, resultRef: d.result_ref ?? undefined, deliveredAt: new Date(d.delivered_at) };
    },
    stats() {
      const counts = Object.fromEntries((q.counts.all() as { state: string; n: number }[]).map((r) => [r.state, r.n]));
      return {
        pending: counts.pending ?? 0,
        dead: counts.dead ?? 0,
        bytes: (q.usage.get() as { bytes: number }).bytes,
        online,
        breaker: breaker.state,
        loop: { ...loopHealth },
      };
    },
    deadLetters() {
      return (q.deadList.all() as Row[]).map((r) => ({
        id: r.id,
        kind: r.kind,
        localRef: r.local_ref,
        queuedAt: new Date(r.created_at),
        attempts: r.attempts,
        lastError: r.last_error ?? '',
      }));
    },
    requeue(id) {
      const changed = q.requeue.run(id).changes > 0;
      if (changed) {
        log.info('outbox', `dead letter ${id} put back in the queue`);
        kick();
      }
      return changed;
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
      wake?.();
      await loop;
      for (const [, ws] of waiters) for (const w of ws) w({ state: 'queued' });
      waiters.clear();
    },
    drained() {
      if (pendingCount() === 0) return Promise.resolve();
      return new Promise((resolve) => {
        drainWaiters.push(resolve);
        kick();
      });
    },
  };
}
