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
 *
 * The parts: `files.ts` (the attachment files on disk), `queries.ts` (the prepared SQL),
 * `delivery.ts` (the loop, backoff, breaker, waiters); this file composes them and owns enqueue
 * and the technician's views. Every time comes from `deps.now` (the default clock is the only
 * `new Date()`).
 */

import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { vnYyMMdd } from '../../../common/vietnam-time';
import type { ApiClient } from '../../api/client';
import type { LinkPriority } from '../../api/priority';
import type { Logger } from '../../log';
import type { Store } from '../../store/db';
import type { BreakerState } from './breaker';
import { createDelivery, type Delivery, type DeliverySettings, type LoopHealth, type OutboxKind, type UploadStats } from './delivery';
import { createOutboxFiles, sha256Hex } from './files';
import { prepareQueries, type FileRow } from './queries';

export type { Delivery, OutboxKind } from './delivery';

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

/** The delivery loop's settings (delivery.ts) and the limits on what is queued. */
export interface OutboxSettings extends DeliverySettings {
  maxAttachmentBytes: number;
  diskBudgetBytes: number;
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
  loop: LoopHealth;
  /** Resumable uploads (issue 15): bytes written and confirmed, resumes, the link's RTT and rate. */
  uploads: UploadStats;
}

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
  /** The backend's base URL and token for resumable uploads (issue 15); absent: base64 in the body. */
  backend?: { baseUrl: string; token: string; http2?: boolean | undefined } | undefined;
  /** A resident's request on the link goes before the outbox's (issue 15: lookups first). */
  priority?: Pick<LinkPriority, 'busy'> | undefined;
}

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

export function createOutbox(deps: OutboxDeps): Outbox {
  const { store, log, settings } = deps;
  const db = store.db;
  const clock = deps.now ?? (() => new Date());
  const random = deps.random ?? Math.random;
  const prefix = localRefPrefix(deps.kioskId);
  const kinds = new Map<string, OutboxKind>();
  const files = createOutboxFiles(deps.filesDir, log);
  const q = prepareQueries(db);

  // Startup sweep: files written by an enqueue whose commit never happened, or left by a
  // confirmation that crashed before unlinking them.
  files.sweep(new Set(q.allFiles()));

  const delivery = createDelivery({
    store,
    q,
    files,
    kinds,
    api: deps.api,
    log,
    settings,
    clock,
    random,
    probe: deps.probe,
    onReachability: deps.onReachability,
    backend: deps.backend,
    priority: deps.priority,
  });

  function enqueue(input: EnqueueInput): Enqueued {
    if (!kinds.has(input.kind)) throw new Error(`outbox kind ${input.kind} is not registered`);
    const inputs = input.files ?? [];
    for (const f of inputs) {
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
    const newBytes = inputs.reduce((s, f) => s + f.content.length, 0) + bodyBytes;
    const used = q.usageBytes();
    if (used + newBytes > settings.diskBudgetBytes) {
      throw new OutboxError('storage_full', `the outbox holds ${used} bytes; ${newBytes} more would pass the budget of ${settings.diskBudgetBytes}`);
    }

    const written: string[] = [];
    const fileRows: FileRow[] = [];
    try {
      inputs.forEach((f, idx) => {
        const file = `${id}.${idx}`;
        files.writeDurable(file, f.content);
        written.push(file);
        fileRows.push({ idx, name: f.name, mime: f.mime, size: f.content.length, file, sha256: sha256Hex(f.content) });
      });
      if (written.length) files.syncDir();
      const localRef = db
        .transaction(() => {
          const day = vnYyMMdd(now);
          const ref = `${prefix}-${day}-${String(q.nextLocalNumber(day)).padStart(4, '0')}`;
          if (input.localRefField) body[input.localRefField] = ref;
          q.insert({
            id,
            seq: q.nextSeq(),
            kind: input.kind,
            localRef: ref,
            method: input.method ?? 'POST',
            path: input.path,
            body: JSON.stringify(body),
            summary: JSON.stringify(input.summary ?? {}),
            createdAt: now.getTime(),
          });
          for (const r of fileRows) q.insertFile(id, r);
          return ref;
        })
        .immediate();
      log.info('outbox', `queued ${input.kind} ${localRef} (${inputs.length} attachment(s))`);
      delivery.kick();
      return { id, localRef, queuedAt: now };
    } catch (err) {
      files.remove(written);
      throw err;
    }
  }

  return {
    register(kind, spec) {
      kinds.set(kind, spec as OutboxKind);
    },
    enqueue,
    waitFor: (id, ms) => delivery.waitFor(id, ms),
    find(localRef) {
      const row = q.byRef(localRef);
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
      const d = q.deliveredByRef(localRef);
      if (!d) return null;
      return { state: 'delivered', kind: d.kind, localRef: d.local_ref, resultRef: d.result_ref ?? undefined, deliveredAt: new Date(d.delivered_at) };
    },
    stats() {
      const counts = Object.fromEntries(q.counts().map((r) => [r.state, r.n]));
      return {
        pending: counts.pending ?? 0,
        dead: counts.dead ?? 0,
        bytes: q.usageBytes(),
        online: delivery.online,
        breaker: delivery.breaker,
        loop: delivery.health(),
        uploads: delivery.uploads(),
      };
    },
    deadLetters() {
      return q.deadList().map((r) => ({
        id: r.id,
        kind: r.kind,
        localRef: r.local_ref,
        queuedAt: new Date(r.created_at),
        attempts: r.attempts,
        lastError: r.last_error ?? '',
      }));
    },
    requeue(id) {
      const changed = q.requeue(id);
      if (changed) {
        log.info('outbox', `dead letter ${id} put back in the queue`);
        delivery.kick();
      }
      return changed;
    },
    notifyReachable: () => delivery.notifyReachable(),
    kick: () => delivery.kick(),
    start: () => delivery.start(),
    stop: () => delivery.stop(),
    drained: () => delivery.drained(),
  };
}
