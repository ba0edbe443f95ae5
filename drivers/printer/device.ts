/**
 * One ESC/POS printer behind a transport: connection with reconnect and backoff, status polling
 * with DLE EOT 1..4 between jobs, and a job queue that holds every job until it has been sent or a
 * technician cancels it.
 *
 * - Status: the four requests go out together; each reply is matched by StatusStreamParser. No
 *   complete answer within `statusTimeoutMs` (silence or garbage) counts as offline.
 * - Events (rising edges, status.ts `statusEvents`): paperLow, paperOut, coverOpen, offline, ready.
 * - Jobs: sent only when the last status is ready. A job that cannot be sent stays queued; it goes
 *   out as soon as a poll finds the printer ready again. A write that fails or times out drops the
 *   connection (reconnect with backoff) and keeps the job: it is sent again from the start, which
 *   can print part of a receipt twice, never lose one.
 * - The queue is behind `JobStore`, in memory by default. The outbox (persistent queue) plugs in
 *   there: give the device a store whose add/remove write through, and list() the jobs at start.
 */
import { exponentialDelay, type Backoff } from '../../common/backoff';
import { realtimeStatusRequest, concatBytes } from './protocol/escpos';
import {
  READY_STATUS,
  StatusStreamParser,
  isReady,
  statusEvents,
  statusFromRealtime,
  type PrinterEvent,
  type PrinterStatus,
  type RealtimeReplies,
  type RealtimeStatusKind,
} from './protocol/status';
import type { PrinterTransport } from './transport';

export interface PrintJob {
  id: string;
  /** What it is, for the technician: "receipt 000.00.12.H56-260314-0042" (no personal data). */
  label: string;
  bytes: Uint8Array;
  createdAt: number;
  attempts: number;
}

/** The seam for the outbox: where queued jobs live until printed or cancelled. */
export interface JobStore {
  add(job: PrintJob): void;
  remove(id: string): void;
  /** Oldest first. */
  list(): PrintJob[];
}

export class MemoryJobStore implements JobStore {
  private readonly jobs: PrintJob[] = [];
  add(job: PrintJob): void {
    this.jobs.push(job);
  }
  remove(id: string): void {
    const i = this.jobs.findIndex((j) => j.id === id);
    if (i >= 0) this.jobs.splice(i, 1);
  }
  list(): PrintJob[] {
    return [...this.jobs];
  }
}

/** What the kiosk shows: one word for the printer's condition. */
export type DeviceCondition = 'connecting' | 'ready' | 'paperLow' | 'paperOut' | 'coverOpen' | 'error' | 'offline' | 'stopped';

export function conditionOf(status: PrinterStatus | null, connected: boolean): DeviceCondition {
  if (!connected || status === null) return 'offline';
  if (status.paperOut) return 'paperOut';
  if (status.coverOpen) return 'coverOpen';
  if (status.error) return 'error';
  if (!status.online) return 'offline';
  if (status.paperLow) return 'paperLow';
  return 'ready';
}

/** The status assumed when the printer does not answer. */
export const NO_ANSWER_STATUS: Readonly<PrinterStatus> = Object.freeze({ ...READY_STATUS, online: false });

export interface PrinterDeviceOptions {
  /** Makes a fresh transport for each connection attempt. */
  transport: () => PrinterTransport;
  store?: JobStore | undefined;
  /** Poll DLE EOT between jobs. Off for write-only links: jobs are then sent blind. Default true. */
  statusPolling?: boolean;
  statusTimeoutMs?: number;
  /** Status poll period while idle. Default 3000 ms. */
  pollIntervalMs?: number;
  /** Least time allowed for one job's write; longer jobs on slow links get more. Default 10 s. */
  writeTimeoutMs?: number;
  /** Reconnect waits: initialMs, doubling up to maxMs (common/backoff.ts). Default 500 ms to 30 s. */
  backoff?: { initialMs?: number; maxMs?: number };
  log?: (level: 'debug' | 'info' | 'warn', message: string) => void;
  now?: () => number;
}

export type DeviceEvent =
  | { type: 'status'; event: PrinterEvent; status: PrinterStatus }
  | { type: 'condition'; condition: DeviceCondition; status: PrinterStatus | null }
  | { type: 'printed'; job: PrintJob }
  | { type: 'cancelled'; job: PrintJob }
  | { type: 'queued'; job: PrintJob; reason: DeviceCondition };

export class PrinterDevice {
  private readonly store: JobStore;
  private readonly opts: Required<Omit<PrinterDeviceOptions, 'store' | 'log' | 'backoff' | 'now'>> & {
    backoff: Backoff;
  };
  private readonly log: NonNullable<PrinterDeviceOptions['log']>;
  private readonly now: () => number;
  private readonly listeners = new Set<(e: DeviceEvent) => void>();

  private transport: PrinterTransport | null = null;
  private unsubs: Array<() => void> = [];
  private parser = new StatusStreamParser();
  private waiter: ((r: RealtimeReplies | null) => void) | null = null;
  private replies: RealtimeReplies = {};
  private lastStatus: PrinterStatus | null = null;
  private condition_: DeviceCondition = 'connecting';
  private running = false;
  private busy = false;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  /** Failed connection attempts since the last success. */
  private failedConnects = 0;
  private nextId = 1;
  private lastError: string | null = null;

  constructor(options: PrinterDeviceOptions) {
    this.store = options.store ?? new MemoryJobStore();
    this.opts = {
      transport: options.transport,
      statusPolling: options.statusPolling ?? true,
      statusTimeoutMs: options.statusTimeoutMs ?? 1500,
      pollIntervalMs: options.pollIntervalMs ?? 3000,
      writeTimeoutMs: options.writeTimeoutMs ?? 10_000,
      backoff: { baseMs: options.backoff?.initialMs ?? 500, capMs: options.backoff?.maxMs ?? 30_000 },
    };
    this.log = options.log ?? (() => undefined);
    this.now = options.now ?? Date.now;
  }

  on(listener: (e: DeviceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  private emit(e: DeviceEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch (err) {
        this.log('warn', `printer listener failed: ${(err as Error).message}`);
      }
    }
  }

  get condition(): DeviceCondition {
    return this.condition_;
  }
  get status(): PrinterStatus | null {
    return this.lastStatus;
  }
  get connected(): boolean {
    return this.transport?.isOpen ?? false;
  }
  get error(): string | null {
    return this.lastError;
  }
  get queue(): PrintJob[] {
    return this.store.list();
  }
  get description(): string {
    return this.transport?.description ?? 'printer';
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.kick(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.disconnect();
    this.setCondition('stopped', this.lastStatus);
  }

  /** Queue a job; it prints as soon as the printer is ready. */
  submit(bytes: Uint8Array, label: string): PrintJob {
    const job: PrintJob = { id: `job-${this.now()}-${this.nextId++}`, label, bytes, createdAt: this.now(), attempts: 0 };
    this.store.add(job);
    if (this.condition_ !== 'ready' && this.condition_ !== 'paperLow') this.emit({ type: 'queued', job, reason: this.condition_ });
    this.kick(0);
    return job;
  }

  /** A technician cancels a queued job. False if it is not queued (printed, or never was). */
  cancel(id: string): boolean {
    const job = this.store.list().find((j) => j.id === id);
    if (!job) return false;
    this.store.remove(id);
    this.emit({ type: 'cancelled', job });
    return true;
  }

  /** Resolves once `id` has been sent, or rejects when it is cancelled or the device stops. */
  waitFor(id: string, timeoutMs: number): Promise<'printed' | 'queued'> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        off();
        resolve('queued');
      }, timeoutMs);
      const off = this.on((e) => {
        if ((e.type === 'printed' || e.type === 'cancelled') && e.job.id === id) {
          clearTimeout(timer);
          off();
          resolve(e.type === 'printed' ? 'printed' : 'queued');
        }
      });
    });
  }

  /** Poll now (the CLI's `print status`, the maintenance screen). */
  async refresh(): Promise<PrinterStatus | null> {
    if (!this.connected && !(await this.connect())) return null;
    return this.poll();
  }

  private kick(delayMs: number): void {
    if (!this.running) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.pump();
    }, delayMs);
    this.timer.unref?.();
  }

  private async pump(): Promise<void> {
    if (this.busy || !this.running) return;
    this.busy = true;
    this.again = false;
    let next = this.opts.pollIntervalMs;
    try {
      if (!this.connected && !(await this.connect())) {
        next = exponentialDelay(this.failedConnects++, this.opts.backoff);
        return;
      }
      const status = this.opts.statusPolling ? await this.poll() : { ...NO_ANSWER_STATUS, online: true };
      if (!this.opts.statusPolling) this.setCondition('ready', null);
      const ready = status !== null && isReady(status);
      const job = this.store.list()[0];
      if (ready && job) {
        await this.send(job);
        next = 0; // more jobs, or a fresh status after this one
      }
    } catch (err) {
      this.log('warn', `printer: ${(err as Error).message}`);
    } finally {
      this.busy = false;
      if (this.running) this.kick(this.again ? 0 : next);
    }
  }

  private async connect(): Promise<boolean> {
    await this.disconnect();
    const t = this.opts.transport();
    try {
      await t.open();
    } catch (err) {
      this.lastError = (err as Error).message;
      this.log('debug', `printer: cannot open ${t.description}: ${this.lastError}`);
      this.setCondition('offline', null);
      return false;
    }
    this.transport = t;
    this.parser = new StatusStreamParser();
    this.unsubs = [
      t.onData((b) => this.onData(b)),
      t.onClose((err) => {
        if (this.transport !== t) return;
        this.log('info', `printer: ${t.description} closed${err ? `: ${err.message}` : ''}`);
        this.transport = null;
        this.lastStatus = null;
        this.setCondition('offline', null);
        this.kick(exponentialDelay(this.failedConnects, this.opts.backoff));
      }),
    ];
    this.failedConnects = 0;
    this.lastError = null;
    this.log('info', `printer: connected to ${t.description}`);
    return true;
  }

  private async disconnect(): Promise<void> {
    for (const u of this.unsubs) u();
    this.unsubs = [];
    const t = this.transport;
    this.transport = null;
    this.finishWait(null);
    if (t) await t.close().catch(() => undefined);
  }

  private onData(bytes: Uint8Array): void {
    for (const item of this.parser.push(bytes)) {
      if (item.type === 'asb') {
        this.applyStatus(item.status);
      } else if (item.type === 'realtime') {
        const r = item.reply;
        if (r.kind === 1) this.replies.printer = r;
        if (r.kind === 2) this.replies.offline = r;
        if (r.kind === 3) this.replies.error = r;
        if (r.kind === 4) this.replies.paper = r;
        if (this.parser.outstanding.length === 0) this.finishWait(this.replies);
      }
    }
  }

  private finishWait(r: RealtimeReplies | null): void {
    const w = this.waiter;
    this.waiter = null;
    w?.(r);
  }

  /** Send DLE EOT 1..4 and wait for the four replies. Null (and offline) when they do not come. */
  private async poll(): Promise<PrinterStatus | null> {
    const t = this.transport;
    if (!t) return null;
    this.parser.cancelPending();
    this.replies = {};
    const kinds: RealtimeStatusKind[] = [1, 2, 3, 4];
    const answer = new Promise<RealtimeReplies | null>((resolve) => {
      const timer = setTimeout(() => {
        if (this.waiter === done) this.waiter = null;
        resolve(null);
      }, this.opts.statusTimeoutMs);
      const done = (r: RealtimeReplies | null): void => {
        clearTimeout(timer);
        resolve(r);
      };
      this.waiter = done;
    });
    for (const k of kinds) this.parser.expectRealtime(k);
    try {
      await t.write(concatBytes(kinds.map((k) => realtimeStatusRequest(k))));
    } catch (err) {
      this.finishWait(null);
      await this.dropConnection(err as Error);
      return null;
    }
    const replies = await answer;
    if (!replies) {
      this.parser.cancelPending();
      this.lastError = 'no status reply';
      this.applyStatus(null);
      return null;
    }
    const status = statusFromRealtime(replies);
    this.applyStatus(status);
    return status;
  }

  private applyStatus(status: PrinterStatus | null): void {
    const prev = this.lastStatus ?? undefined;
    const effective = status ?? NO_ANSWER_STATUS;
    if (status === null && prev === undefined && this.condition_ === 'offline') return;
    for (const event of statusEvents(prev, effective)) this.emit({ type: 'status', event, status: effective });
    this.lastStatus = status === null ? { ...NO_ANSWER_STATUS } : status;
    this.setCondition(conditionOf(status, this.connected), status);
    if (status && isReady(status) && this.store.list().length > 0) this.kick(0);
  }

  private setCondition(c: DeviceCondition, status: PrinterStatus | null): void {
    if (c === this.condition_) return;
    this.condition_ = c;
    this.log('info', `printer: ${c}`);
    this.emit({ type: 'condition', condition: c, status });
  }

  private async dropConnection(err: Error): Promise<void> {
    this.lastError = err.message;
    this.log('warn', `printer: ${err.message}; reconnecting`);
    await this.disconnect();
    this.lastStatus = null;
    this.setCondition('offline', null);
  }

  private async send(job: PrintJob): Promise<void> {
    const t = this.transport;
    if (!t) return;
    job.attempts++;
    const bps = t.bytesPerSecond;
    const timeout = Math.max(this.opts.writeTimeoutMs, bps ? Math.ceil((job.bytes.length / bps) * 1500) + 2000 : 0);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        t.write(job.bytes),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`write timed out after ${timeout} ms`)), timeout);
        }),
      ]);
    } catch (err) {
      await this.dropConnection(err as Error);
      return;
    } finally {
      clearTimeout(timer);
    }
    if (!this.store.list().some((j) => j.id === job.id)) return; // cancelled meanwhile
    this.store.remove(job.id);
    this.log('info', `printer: sent ${job.label} (${job.bytes.length} bytes)`);
    this.emit({ type: 'printed', job });
  }
}
