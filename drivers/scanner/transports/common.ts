/**
 * What every byte-oriented scanner transport shares: turning one payload (a serial frame, a
 * reassembled HID POS message) into a `scan` or `rejected` event, and reconnecting with a
 * capped exponential backoff. No I/O here; time comes from an injected {@link Clock}.
 */
import { exponentialDelay, type Backoff } from '../../../common/backoff';
import { parseAimBytes, type AimIdentifier } from '../protocol/aim';
import type { Clock, TimerHandle } from '../protocol/clock';
import { decodeScanBytes } from '../protocol/text';
import type { RejectEvent, ScanEvent, ScanSource, ScannerState } from '../types';

export type PayloadOutcome = { type: 'scan'; event: ScanEvent } | { type: 'rejected'; event: RejectEvent };

/**
 * Payload bytes -> event. A leading AIM identifier (`]Q1`, scanners configured to transmit it)
 * is split off when `aim` is not given and the bytes start with a valid one.
 */
export function payloadToEvent(
  bytes: Uint8Array,
  source: ScanSource,
  opts: { aim?: AimIdentifier | null | undefined; stripAimPrefix?: boolean | undefined; maxLength?: number | undefined } = {},
): PayloadOutcome {
  let aim = opts.aim ?? null;
  let body = bytes;
  if (!aim && opts.stripAimPrefix !== false && bytes.length > 3 && bytes[0] === 0x5d) {
    const prefix = parseAimBytes(bytes.subarray(0, 3));
    if (prefix) {
      aim = prefix;
      body = bytes.subarray(3);
    }
  }
  const r = decodeScanBytes(body, opts.maxLength === undefined ? {} : { maxLength: opts.maxLength });
  if (!r.ok) return { type: 'rejected', event: { reason: r.reason, detail: r.detail, source } };
  const event: ScanEvent = { text: r.text, source };
  if (aim) {
    event.aim = aim.id;
    event.symbology = aim.symbology;
  }
  if (r.repaired) event.repaired = true;
  return { type: 'scan', event };
}

export interface BackoffOptions {
  /** First retry delay. Default 250 ms. */
  initialDelayMs?: number;
  /** Longest delay between attempts. Default 5000 ms. */
  maxDelayMs?: number;
}

/** The reconnect backoff of `opts`: defaults filled in, at least 1 ms, and a cap never below the first delay. */
function reconnectBackoff(opts: BackoffOptions = {}): Backoff {
  const baseMs = Math.max(1, opts.initialDelayMs ?? 250);
  return { baseMs, capMs: Math.max(baseMs, opts.maxDelayMs ?? 5000) };
}

/** A single pending retry timer on an injected clock. */
export function createRetryTimer(clock: Clock) {
  let handle: TimerHandle | undefined;
  return {
    schedule(ms: number, fn: () => void) {
      if (handle !== undefined) clock.clearTimeout(handle);
      handle = clock.setTimeout(() => {
        handle = undefined;
        fn();
      }, ms);
    },
    cancel() {
      if (handle !== undefined) clock.clearTimeout(handle);
      handle = undefined;
    },
    get pending() {
      return handle !== undefined;
    },
  };
}

/** What one connection attempt found: an open link, or why there is none and which state that is. */
export type AttemptResult<L> = { ok: true; link: L; where: string } | { ok: false; state: Exclude<ScannerState, 'connected'>; detail: string };

export interface LinkSupervisorOptions<L> {
  clock: Clock;
  reconnect?: BackoffOptions | undefined;
  /** Finds the device and opens it. Must not throw: a failure is `{ ok: false }`. */
  attempt(): Promise<AttemptResult<L>>;
  /**
   * The link is ours: wire its data. Call `lost(detail)` once when it goes away (unplug, error);
   * the supervisor then reports `disconnected` and retries.
   */
  attach(link: L, where: string, lost: (detail: string) => void): void;
  /** Releases the link: after a loss, on stop, and when an attempt finishes after a stop. Must not throw. */
  release(link: L): Promise<void>;
  /**
   * A state to report: on every change, and on the first failed attempt after start() even when
   * the state is unchanged (its detail says why).
   */
  onState(state: ScannerState, detail: string | undefined): void;
}

export interface LinkSupervisor<L> {
  readonly state: ScannerState;
  /** The link while connected. */
  readonly link: L | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The connect → connected → lost → retry cycle that every device transport runs: attempts with
 * a capped exponential backoff (reset by a success), `connected` / `disconnected` / `error`
 * reported once per change, and an epoch that makes a late answer from an attempt begun
 * before a stop (or before a loss) harmless.
 */
export function createLinkSupervisor<L>(options: LinkSupervisorOptions<L>): LinkSupervisor<L> {
  const retry = createRetryTimer(options.clock);
  const backoff = reconnectBackoff(options.reconnect);
  let state: ScannerState = 'disconnected';
  let running = false;
  let failures = 0;
  let epoch = 0;
  let link: L | undefined;

  const setState = (next: ScannerState, detail?: string, force = false): void => {
    if (next === state && !force) return;
    state = next;
    options.onState(next, detail);
  };
  const current = (myEpoch: number): boolean => running && myEpoch === epoch;
  const scheduleRetry = (myEpoch: number): void => {
    if (!current(myEpoch)) return;
    const delay = exponentialDelay(failures, backoff);
    failures++;
    retry.schedule(delay, () => void connect(myEpoch));
  };

  const connect = async (myEpoch: number): Promise<void> => {
    if (!current(myEpoch)) return;
    const r = await options.attempt();
    if (!current(myEpoch)) {
      if (r.ok) await options.release(r.link);
      return;
    }
    if (!r.ok) {
      setState(r.state, r.detail, failures === 0);
      scheduleRetry(myEpoch);
      return;
    }
    const mine = r.link;
    link = mine;
    failures = 0;
    options.attach(mine, r.where, (detail) => {
      if (link !== mine) return;
      link = undefined;
      void options.release(mine);
      if (!current(myEpoch)) return;
      setState('disconnected', `${r.where}: ${detail}`);
      scheduleRetry(myEpoch);
    });
    setState('connected', r.where);
  };

  return {
    get state() {
      return state;
    },
    get link() {
      return link;
    },
    async start() {
      if (running) return;
      running = true;
      failures = 0;
      await connect(++epoch);
    },
    async stop() {
      if (!running) return;
      running = false;
      epoch++;
      retry.cancel();
      const l = link;
      link = undefined;
      if (l !== undefined) await options.release(l);
      setState('disconnected', 'stopped');
    },
  };
}

/** Parses a USB id given as a number or a hex string (`0x0c2e`, `0c2e`). */
export function parseUsbId(value: number | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value <= 0xffff ? value : undefined;
  const m = /^(?:0x)?([0-9a-f]{1,4})$/i.exec(value.trim());
  return m ? parseInt(m[1]!, 16) : undefined;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
