/**
 * Wires the durable part of the kiosk for main/kiosk.ts: the database under `dataDir`, the
 * outbox and its delivery loop, and dossier submission. In the shape of DESIGN.md "Services":
 * `createDurable` does no I/O; `start()` opens the database and starts the delivery loop;
 * `stop()` stops them. Before start it holds nothing: `findLocal` finds nothing, `outbox` and
 * `store` are null, and what needs the database throws.
 *
 * When the database is corrupt or locked the kiosk does not crash (and so does not crash-loop):
 * it logs a maintenance alert, `kiosk.status` reports `out_of_service` with the reason, and
 * `app.info` answers `out_of_service`, which puts the UI on its out-of-service screen (it asks
 * again every 10 s; each ask retries opening the database, so a released lock heals by itself).
 */
import type { KioskConfig } from '../../../kiosk-config/schema';
import { createApiClient, type ApiClient } from '../../api/client';
import type { LinkPriority } from '../../api/priority';
import type { KioskStatus } from '../../ipc/contract';
import { KioskError } from '../../errors';
import type { Logger } from '../../log';
import { openKioskStore, outboxFilesDir, StoreError, type Store } from '../../store';
import { createOutbox, type Outbox, type OutboxKind } from './index';
import { createFormCache, createSubmissionService, type FormCache, type SubmissionService, type SubmitInput } from '../submission';
import type { FormSchema } from '../../api/schemas';

export interface Durable {
  /**
   * Opens the database and starts the delivery loop (a broken database = out of service, not a
   * throw). Once: a second call, or a call after `stop()`, does nothing.
   */
  start(): void;
  status(): KioskStatus;
  /** Throws `out_of_service` while the database cannot be used (after one reopen attempt). */
  ensureInService(): void;
  submit(input: SubmitInput): Promise<ReturnType<SubmissionService['submit']> extends Promise<infer R> ? R : never>;
  findLocal: SubmissionService['findLocal'];
  /** A procedure's online form (issue 12: the submit journey renders it). */
  form(procedureCode: string): Promise<FormSchema>;
  /** A request elsewhere reached the backend: reset the backoff and deliver now. */
  notifyReachable(): void;
  readonly outbox: Outbox | null;
  /** The database the outbox uses (null while out of service): a service that queues an outbox row in its own transaction (issue 13's lease reports). */
  readonly store: Store | null;
  stop(): Promise<void>;
}

export interface DurableOptions {
  config: Pick<KioskConfig, 'dataDir' | 'kioskId' | 'outbox' | 'backend'>;
  backendUrl: string;
  log: Logger;
  onReachability?: ((reachable: boolean) => void) | undefined;
  /** The resident's requests go first on the link (issue 15): the kiosk's resident API client marks them. */
  priority?: Pick<LinkPriority, 'busy'> | undefined;
  /** Reopen attempts at most this often while out of service (default 5000 ms). */
  reopenEveryMs?: number;
  busyTimeoutMs?: number;
  /**
   * More outbox kinds (ratings, issue 13), registered each time the outbox opens, before its
   * delivery loop starts: rows of these kinds left from before a restart are delivered, never
   * dead-lettered as an unknown kind.
   */
  kinds?: Readonly<Record<string, OutboxKind>> | undefined;
  /** The clock (ms since the epoch) for the outbox and the reopen pacing; default Date.now. */
  now?: (() => number) | undefined;
}

export function createDurable(options: DurableOptions): Durable {
  const { config, log } = options;
  const settings = config.outbox;
  let store: Store | null = null;
  let outbox: Outbox | null = null;
  let submission: SubmissionService | null = null;
  let forms: FormCache | null = null;
  let failure: StoreError | null = null;
  let lastAttempt = 0;
  let started = false;
  let stopped = false;
  const nowMs = options.now ?? Date.now;

  const api: ApiClient = createApiClient({
    baseUrl: options.backendUrl,
    token: config.backend.token,
    timeoutMs: settings.requestTimeoutMs,
    retries: 0,
    // Every delivery says which kiosk sends it (`X-Kiosk-Id`, docs/service-center.md): issue 13's
    // lease reports are refused without it. A header of the client, so that it goes over the
    // outbox's HTTP/2 connection too.
    headers: { 'x-kiosk-id': config.kioskId },
    log,
    backoffBaseMs: settings.backoffBaseMs,
    backoffCapMs: settings.backoffCapMs,
  });
  const formsApi: ApiClient = createApiClient({
    baseUrl: options.backendUrl,
    token: config.backend.token,
    timeoutMs: config.backend.timeoutMs,
    retries: config.backend.retries,
    log,
    onReachability: (r) => {
      if (r) outbox?.notifyReachable();
    },
  });
  const probeUrl = `${options.backendUrl.replace(/\/+$/, '')}${settings.probePath}`;
  const probe = async (): Promise<boolean> => {
    try {
      const res = await fetch(probeUrl, { signal: AbortSignal.timeout(Math.min(3_000, settings.probeIntervalMs * 2)) });
      await res.arrayBuffer().catch(() => undefined);
      return res.status < 500;
    } catch {
      return false;
    }
  };

  function open(): void {
    lastAttempt = nowMs();
    try {
      store = openKioskStore(config.dataDir, { busyTimeoutMs: options.busyTimeoutMs });
      outbox = createOutbox({
        store,
        filesDir: outboxFilesDir(config.dataDir),
        api,
        log,
        kioskId: config.kioskId,
        settings,
        probe,
        onReachability: options.onReachability,
        now: () => new Date(nowMs()),
        backend: settings.uploads === 'auto' ? { baseUrl: options.backendUrl, token: config.backend.token, http2: settings.http2 === 'auto' } : undefined,
        priority: options.priority,
      });
      for (const [kind, spec] of Object.entries(options.kinds ?? {})) outbox.register(kind, spec);
      forms = createFormCache({ api: formsApi, store });
      submission = createSubmissionService({
        outbox,
        forms,
        log,
        submitWaitMs: settings.submitWaitMs,
        maxAttachmentBytes: settings.maxAttachmentBytes,
      });
      outbox.start();
      if (failure) log.info('store', 'database usable again: kiosk back in service');
      failure = null;
    } catch (err) {
      store?.close();
      store = null;
      outbox = null;
      submission = null;
      const e =
        err instanceof StoreError ? err : new StoreError('io', `database cannot be used: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      if (!failure || failure.message !== e.message) {
        log.error('store', `MAINTENANCE NEEDED: ${e.message}; the kiosk is out of service until a technician repairs or removes the database file`);
      }
      failure = e;
    }
  }

  const need = (): void => {
    if (!started) throw new Error(stopped ? 'the outbox is stopped' : 'the outbox is not started');
  };

  function ensureInService(): void {
    need();
    if (!failure || stopped) return;
    if (nowMs() - lastAttempt >= (options.reopenEveryMs ?? 5_000)) open();
    if (failure) throw new KioskError('out_of_service', `The kiosk is out of service: ${failure.kind} database`);
  }

  return {
    get outbox() {
      return outbox;
    },
    get store() {
      return store;
    },
    start() {
      if (started || stopped) return;
      started = true;
      open();
    },
    status() {
      need();
      const s = outbox?.stats();
      const out: KioskStatus = {
        service: failure ? 'out_of_service' : 'ok',
        online: s?.online ?? false,
        outbox: { pending: s?.pending ?? 0, dead: s?.dead ?? 0, bytes: s?.bytes ?? 0 },
        loops: s
          ? [
              {
                name: 'outbox.delivery',
                state: s.loop.state,
                restarts: s.loop.restarts,
                ...(s.loop.lastError !== undefined ? { lastError: s.loop.lastError } : {}),
                ...(s.loop.lastErrorAt !== undefined ? { lastErrorAt: new Date(s.loop.lastErrorAt).toISOString() } : {}),
              },
            ]
          : [],
      };
      if (failure) out.reason = failure.message;
      return out;
    },
    ensureInService,
    async submit(input) {
      ensureInService();
      if (!submission) throw new KioskError('out_of_service', 'The kiosk is out of service');
      return submission.submit(input);
    },
    findLocal(code) {
      return submission?.findLocal(code) ?? null;
    },
    async form(procedureCode) {
      ensureInService();
      if (!forms) throw new KioskError('out_of_service', 'The kiosk is out of service');
      return forms.get(procedureCode);
    },
    notifyReachable() {
      outbox?.notifyReachable();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await outbox?.stop();
      store?.close();
    },
  };
}
