/**
 * What every byte-oriented scanner transport shares: turning one payload (a serial frame, a
 * reassembled HID POS message) into a `scan` or `rejected` event, and reconnecting with a
 * capped exponential backoff. No I/O here; time comes from an injected {@link Clock}.
 */
import { parseAimBytes, type AimIdentifier } from '../protocol/aim';
import type { Clock, TimerHandle } from '../protocol/clock';
import { decodeScanBytes } from '../protocol/text';
import type { RejectEvent, ScanEvent, ScanSource } from '../types';

export type PayloadOutcome = { type: 'scan'; event: ScanEvent } | { type: 'rejected'; event: RejectEvent };

/**
 * Payload bytes -> event. A leading AIM identifier (`]Q1`, scanners configured to transmit it)
 * is split off when `aim` is not given and the bytes start with a valid one.
 */
export function payloadToEvent(
  bytes: Uint8Array,
  source: ScanSource,
  opts: { aim?: AimIdentifier | null; stripAimPrefix?: boolean; maxLength?: number } = {},
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

/** Delay before attempt `n` (0-based failures so far): initial * 2^n, capped. */
export function backoffDelay(failures: number, opts: BackoffOptions = {}): number {
  const initial = Math.max(1, opts.initialDelayMs ?? 250);
  const max = Math.max(initial, opts.maxDelayMs ?? 5000);
  return Math.min(max, initial * 2 ** Math.min(Math.max(0, failures), 30));
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
