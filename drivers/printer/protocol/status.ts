/**
 * ESC/POS status replies: DLE EOT n (real-time status) and GS a (automatic status back, ASB).
 * Pure functions and a small stream parser; no I/O.
 *
 * Bit layouts (Epson ESC/POS reference, same on Citizen, Bixolon, Xprinter and most clones):
 *
 *  DLE EOT 1 (printer):      bit 2 drawer pin 3 high, bit 3 offline, bit 5 waiting for online
 *                            recovery, bit 6 paper being fed by the button.
 *  DLE EOT 2 (offline cause): bit 2 cover open, bit 3 paper fed by button, bit 5 printing stopped
 *                            by paper end, bit 6 error.
 *  DLE EOT 3 (error cause):   bit 2 recoverable (mechanical) error, bit 3 autocutter error,
 *                            bit 5 unrecoverable error, bit 6 automatically recoverable error.
 *  DLE EOT 4 (paper sensor):  bits 2-3 near end, bits 5-6 paper end.
 *  Every reply matches 0xx1xx10: (b & 0x93) === 0x12.
 *
 *  ASB (4 bytes): 1st 0xx1xx00 - bit 2 drawer, bit 3 offline, bit 5 cover open, bit 6 feed button;
 *                 2nd 0xx0xxxx - bit 0 waiting for online recovery, bit 1 feed button pushed,
 *                                bit 2 recoverable error, bit 3 autocutter error, bit 5 unrecoverable
 *                                error, bit 6 automatically recoverable error;
 *                 3rd 0xx0xxxx - bits 0-1 near end, bits 2-3 paper end;
 *                 4th 0xx0xxxx - model dependent.
 *  XON (0x11) and XOFF (0x13) may appear between ASB bytes.
 *
 * Sensors with two bits (near end, end) are read tolerantly: either bit set counts, since some
 * clones set only one of the pair.
 */

export type RealtimeStatusKind = 1 | 2 | 3 | 4;

export const XON = 0x11;
export const XOFF = 0x13;

/** A DLE EOT reply: 0xx1xx10. */
export const isRealtimeReplyByte = (b: number): boolean => (b & 0x93) === 0x12;
/** First byte of an ASB packet: 0xx1xx00. */
export const isAsbFirstByte = (b: number): boolean => (b & 0x93) === 0x10;
/** Second to fourth byte of an ASB packet: 0xx0xxxx. */
export const isAsbFollowByte = (b: number): boolean => (b & 0x90) === 0x00;

const bit = (b: number, n: number): boolean => (b & (1 << n)) !== 0;

export interface PrinterInfo {
  kind: 1;
  drawerHigh: boolean;
  offline: boolean;
  waitingOnlineRecovery: boolean;
  feedButton: boolean;
}
export interface OfflineCause {
  kind: 2;
  coverOpen: boolean;
  feedButton: boolean;
  paperEndStop: boolean;
  error: boolean;
}
export interface ErrorCause {
  kind: 3;
  recoverableError: boolean;
  autocutterError: boolean;
  unrecoverableError: boolean;
  autoRecoverableError: boolean;
}
export interface PaperSensor {
  kind: 4;
  nearEnd: boolean;
  end: boolean;
}
export type RealtimeReply = PrinterInfo | OfflineCause | ErrorCause | PaperSensor;

const valid = (b: number): boolean => Number.isInteger(b) && b >= 0 && b <= 0xff && isRealtimeReplyByte(b);

/** DLE EOT 1 reply; null if the byte is not a valid reply. */
export function parsePrinterInfo(b: number): PrinterInfo | null {
  if (!valid(b)) return null;
  return { kind: 1, drawerHigh: bit(b, 2), offline: bit(b, 3), waitingOnlineRecovery: bit(b, 5), feedButton: bit(b, 6) };
}
/** DLE EOT 2 reply; null if the byte is not a valid reply. */
export function parseOfflineCause(b: number): OfflineCause | null {
  if (!valid(b)) return null;
  return { kind: 2, coverOpen: bit(b, 2), feedButton: bit(b, 3), paperEndStop: bit(b, 5), error: bit(b, 6) };
}
/** DLE EOT 3 reply; null if the byte is not a valid reply. */
export function parseErrorCause(b: number): ErrorCause | null {
  if (!valid(b)) return null;
  return {
    kind: 3,
    recoverableError: bit(b, 2),
    autocutterError: bit(b, 3),
    unrecoverableError: bit(b, 5),
    autoRecoverableError: bit(b, 6),
  };
}
/** DLE EOT 4 reply; null if the byte is not a valid reply. */
export function parsePaperSensor(b: number): PaperSensor | null {
  if (!valid(b)) return null;
  return { kind: 4, nearEnd: (b & 0x0c) !== 0, end: (b & 0x60) !== 0 };
}

/** Decode one DLE EOT reply byte for the request n; null if the byte is not a valid reply. */
export function parseRealtimeReply(n: RealtimeStatusKind, b: number): RealtimeReply | null {
  switch (n) {
    case 1:
      return parsePrinterInfo(b);
    case 2:
      return parseOfflineCause(b);
    case 3:
      return parseErrorCause(b);
    case 4:
      return parsePaperSensor(b);
    default:
      return null;
  }
}

export interface AsbPacket {
  drawerHigh: boolean;
  offline: boolean;
  coverOpen: boolean;
  feedButton: boolean;
  waitingOnlineRecovery: boolean;
  feedButtonPushed: boolean;
  recoverableError: boolean;
  autocutterError: boolean;
  unrecoverableError: boolean;
  autoRecoverableError: boolean;
  nearEnd: boolean;
  end: boolean;
}

/** Decode a 4-byte ASB packet; null unless the fixed bits match. */
export function parseAsb(p: ArrayLike<number>): AsbPacket | null {
  if (p.length !== 4) return null;
  const [b1, b2, b3, b4] = [p[0] ?? -1, p[1] ?? -1, p[2] ?? -1, p[3] ?? -1];
  if (!isAsbFirstByte(b1) || !isAsbFollowByte(b2) || !isAsbFollowByte(b3) || !isAsbFollowByte(b4)) return null;
  return {
    drawerHigh: bit(b1, 2),
    offline: bit(b1, 3),
    coverOpen: bit(b1, 5),
    feedButton: bit(b1, 6),
    waitingOnlineRecovery: bit(b2, 0),
    feedButtonPushed: bit(b2, 1),
    recoverableError: bit(b2, 2),
    autocutterError: bit(b2, 3),
    unrecoverableError: bit(b2, 5),
    autoRecoverableError: bit(b2, 6),
    nearEnd: (b3 & 0x03) !== 0,
    end: (b3 & 0x0c) !== 0,
  };
}

/** The printer's condition as the rest of the kiosk sees it. */
export interface PrinterStatus {
  online: boolean;
  coverOpen: boolean;
  paperLow: boolean;
  paperOut: boolean;
  /** Any error condition (offline cause "error" or any error cause bit). */
  error: boolean;
  /** There is an error and none of it is unrecoverable (cutter jam, head too hot...). */
  recoverable: boolean;
  autocutterError: boolean;
  unrecoverableError: boolean;
  feedButton: boolean;
  drawerHigh: boolean;
}

export const READY_STATUS: Readonly<PrinterStatus> = Object.freeze({
  online: true,
  coverOpen: false,
  paperLow: false,
  paperOut: false,
  error: false,
  recoverable: false,
  autocutterError: false,
  unrecoverableError: false,
  feedButton: false,
  drawerHigh: false,
});

/** Ready to print: online, cover closed, paper present, no error. Paper low is still ready. */
export const isReady = (s: PrinterStatus): boolean => s.online && !s.coverOpen && !s.paperOut && !s.error;

export interface RealtimeReplies {
  printer?: PrinterInfo | null;
  offline?: OfflineCause | null;
  error?: ErrorCause | null;
  paper?: PaperSensor | null;
}

/**
 * Combine the answers to DLE EOT 1..4 (any subset) into one status. A missing answer
 * contributes nothing; without the n=1 answer, "online" is derived from the causes.
 */
export function statusFromRealtime(r: RealtimeReplies): PrinterStatus {
  const coverOpen = r.offline?.coverOpen ?? false;
  const paperOut = (r.paper?.end ?? false) || (r.offline?.paperEndStop ?? false);
  const autocutterError = r.error?.autocutterError ?? false;
  const unrecoverableError = r.error?.unrecoverableError ?? false;
  const error =
    (r.offline?.error ?? false) || autocutterError || unrecoverableError || (r.error?.autoRecoverableError ?? false) || (r.error?.recoverableError ?? false);
  const offline = r.printer ? r.printer.offline : coverOpen || paperOut || error;
  return {
    online: !offline,
    coverOpen,
    paperLow: r.paper?.nearEnd ?? false,
    paperOut,
    error,
    recoverable: error && !unrecoverableError,
    autocutterError,
    unrecoverableError,
    feedButton: (r.printer?.feedButton ?? false) || (r.offline?.feedButton ?? false),
    drawerHigh: r.printer?.drawerHigh ?? false,
  };
}

export function statusFromAsb(a: AsbPacket): PrinterStatus {
  const error = a.recoverableError || a.autocutterError || a.unrecoverableError || a.autoRecoverableError;
  return {
    online: !a.offline,
    coverOpen: a.coverOpen,
    paperLow: a.nearEnd,
    paperOut: a.end,
    error,
    recoverable: error && !a.unrecoverableError,
    autocutterError: a.autocutterError,
    unrecoverableError: a.unrecoverableError,
    feedButton: a.feedButton || a.feedButtonPushed,
    drawerHigh: a.drawerHigh,
  };
}

/**
 * Driver-level events. An error (cutter jam, overheating) is reported as `offline`: the printer
 * cannot print, and `PrinterStatus` carries the details.
 */
export type PrinterEvent = 'paperLow' | 'paperOut' | 'coverOpen' | 'offline' | 'ready';

/**
 * Events for a status change, on rising edges only. With no previous status (first poll) every
 * condition that holds is reported. `ready` is emitted when the printer becomes ready.
 */
export function statusEvents(prev: PrinterStatus | undefined, next: PrinterStatus): PrinterEvent[] {
  const events: PrinterEvent[] = [];
  const rose = (f: (s: PrinterStatus) => boolean): boolean => f(next) && (prev === undefined || !f(prev));
  if (rose((s) => s.paperLow && !s.paperOut)) events.push('paperLow');
  if (rose((s) => s.paperOut)) events.push('paperOut');
  if (rose((s) => s.coverOpen)) events.push('coverOpen');
  if (rose((s) => !s.online || s.error)) events.push('offline');
  if (rose(isReady)) events.push('ready');
  return events;
}

// ---------------------------------------------------------------------------------------------
// Stream parser

export type StatusStreamItem =
  | { type: 'realtime'; request: RealtimeStatusKind; byte: number; reply: RealtimeReply }
  | { type: 'asb'; bytes: Uint8Array; packet: AsbPacket; status: PrinterStatus }
  | { type: 'flow'; byte: typeof XON | typeof XOFF }
  | { type: 'other'; bytes: Uint8Array };

/**
 * Separates status bytes from anything else arriving on the printer's back channel.
 *
 * - A byte matching 0xx1xx10 answers the oldest outstanding DLE EOT request (register each request
 *   with `expectRealtime(n)` when it is sent); with none outstanding it is `other`.
 * - A byte matching 0xx1xx00 starts an ASB packet, which takes the next three 0xx0xxxx bytes;
 *   XON/XOFF between them are reported and skipped. A packet broken by any other byte is
 *   reported as `other` and the breaking byte is parsed afresh.
 * - Everything else (GS I / GS r answers, noise) is `other`; runs of it are coalesced.
 *
 * Never throws, whatever the input. Chunk boundaries do not change the result, except that an
 * unfinished ASB packet waits for the next chunk (`flush()` gives it up as `other`).
 */
export class StatusStreamParser {
  private readonly pending: RealtimeStatusKind[] = [];
  private asb: number[] = [];

  expectRealtime(n: RealtimeStatusKind): void {
    this.pending.push(n);
  }
  /** Outstanding DLE EOT requests, oldest first. */
  get outstanding(): readonly RealtimeStatusKind[] {
    return this.pending;
  }
  /** Forget outstanding requests (after a timeout, so a late reply is not misattributed). */
  cancelPending(): void {
    this.pending.length = 0;
  }

  push(chunk: ArrayLike<number>): StatusStreamItem[] {
    const out: StatusStreamItem[] = [];
    let other: number[] = [];
    const flushOther = (): void => {
      if (other.length > 0) {
        out.push({ type: 'other', bytes: Uint8Array.from(other) });
        other = [];
      }
    };
    const emit = (item: StatusStreamItem): void => {
      flushOther();
      out.push(item);
    };
    for (let i = 0; i < chunk.length; i++) {
      const b = (chunk[i] ?? 0) & 0xff;
      if (this.asb.length > 0) {
        if (b === XON || b === XOFF) {
          emit({ type: 'flow', byte: b });
          continue;
        }
        if (isAsbFollowByte(b)) {
          this.asb.push(b);
          if (this.asb.length === 4) {
            const bytesOut = Uint8Array.from(this.asb);
            this.asb = [];
            const packet = parseAsb(bytesOut);
            if (packet) emit({ type: 'asb', bytes: bytesOut, packet, status: statusFromAsb(packet) });
            else other.push(...bytesOut);
          }
          continue;
        }
        other.push(...this.asb);
        this.asb = [];
        // fall through: parse b afresh
      }
      if (b === XON || b === XOFF) {
        emit({ type: 'flow', byte: b });
      } else if (isRealtimeReplyByte(b) && this.pending.length > 0) {
        const request = this.pending.shift() as RealtimeStatusKind;
        const reply = parseRealtimeReply(request, b);
        if (reply) emit({ type: 'realtime', request, byte: b, reply });
        else other.push(b);
      } else if (isAsbFirstByte(b)) {
        flushOther();
        this.asb = [b];
      } else {
        other.push(b);
      }
    }
    flushOther();
    return out;
  }

  /** Give up an unfinished ASB packet (e.g. on disconnect). */
  flush(): StatusStreamItem[] {
    if (this.asb.length === 0) return [];
    const bytesOut = Uint8Array.from(this.asb);
    this.asb = [];
    return [{ type: 'other', bytes: bytesOut }];
  }
}
