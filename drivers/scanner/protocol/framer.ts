/**
 * Byte-stream framer for serial (USB-COM) scanners. Pure state machine: bytes in, events out;
 * time comes from an injected {@link Clock}, so it is tested without real time.
 *
 * Framing modes (configured per device, like the scanner's "suffix" setting):
 * - `cr`   — a frame ends at CR. An LF directly after that CR is swallowed (a scanner that
 *            actually sends CRLF still works).
 * - `lf`   — a frame ends at LF. A CR directly before that LF is stripped.
 * - `crlf` — a frame ends at CR LF (the pair may be split over two chunks). A lone CR or LF is
 *            data, and as a control byte it makes the frame `noise`.
 * - `none` — the scanner sends no suffix: a frame is closed when no byte arrived for
 *            `interByteTimeoutMs`.
 *
 * Robustness:
 * - A frame longer than `maxFrameBytes` (default 4096) is not buffered: its bytes are counted
 *   and dropped until the frame ends, then ONE `overflow` event reports how many were dropped.
 * - A frame that contains NUL or other control bytes (except TAB and the ISO 15434 / GS1
 *   separators EOT, FS, GS, RS) is reported as `noise` instead of `frame`.
 * - In the suffix modes, a partial frame with no new byte for `staleAfterMs` (default 2000) is
 *   dropped with a `stale` event, so a scanner set to the wrong suffix cannot wedge the port.
 * - A scan is one burst: in the suffix modes, a byte that comes after a silence of `frameGapMs`
 *   (default 300) starts a new frame, and the unterminated bytes before it are dropped as
 *   `stale`. A burst of line noise without a terminator never swallows the next scan. Silence is
 *   what the timers say, confirmed one turn of the event loop later (a zero-delay timer set when
 *   the gap timer fires): bytes that arrived while the process was busy are read in between, so
 *   a busy moment of our own is never taken for a gap on the wire.
 * - Empty frames (a bare terminator) are ignored.
 * The callback is called synchronously; an exception thrown by it propagates to the caller
 * of `push` (the framer's state stays consistent).
 */
import { systemClock, type Clock, type TimerHandle } from './clock';

export type FrameSuffix = 'cr' | 'lf' | 'crlf' | 'none';
export const FRAME_SUFFIXES: readonly FrameSuffix[] = ['cr', 'lf', 'crlf', 'none'];

export type FramerEvent =
  | { type: 'frame'; bytes: Uint8Array; end: 'cr' | 'lf' | 'crlf' | 'timeout' | 'close' }
  | { type: 'overflow'; droppedBytes: number; limit: number }
  | { type: 'noise'; bytes: Uint8Array; controlBytes: number }
  | { type: 'stale'; droppedBytes: number };

export interface FramerOptions {
  suffix: FrameSuffix;
  /** `none` mode: silence that closes a frame. Default 50 ms. */
  interByteTimeoutMs?: number;
  /** Suffix modes: silence after which a partial frame is dropped. Default 2000 ms; 0 = never. */
  staleAfterMs?: number;
  /** Suffix modes: silence after which the next byte starts a new frame. Default 300 ms; 0 = never. */
  frameGapMs?: number;
  /** Longest frame kept, in bytes. Default 4096. */
  maxFrameBytes?: number;
  /** Control bytes allowed inside a frame. Default TAB, EOT, FS, GS, RS. */
  allowedControlBytes?: readonly number[];
  clock?: Clock;
}

export interface Framer {
  push(chunk: Uint8Array): void;
  /** The port closed: a `none`-mode frame in progress is delivered, a partial suffix frame is dropped as `stale`. */
  end(): void;
  /** Clears timers and buffered bytes without emitting anything. */
  dispose(): void;
  /** Bytes currently buffered (for tests and diagnostics). */
  readonly buffered: number;
}

const CR = 0x0d;
const LF = 0x0a;
const DEFAULT_ALLOWED = [0x09, 0x04, 0x1c, 0x1d, 0x1e];

export function createFramer(options: FramerOptions, onEvent: (event: FramerEvent) => void): Framer {
  const suffix = options.suffix;
  if (!FRAME_SUFFIXES.includes(suffix)) throw new TypeError(`unknown frame suffix: ${String(suffix)}`);
  const clock = options.clock ?? systemClock;
  const interByte = positive(options.interByteTimeoutMs, 50);
  const staleAfter = options.staleAfterMs === undefined ? 2000 : Math.max(0, options.staleAfterMs);
  const frameGap = options.frameGapMs === undefined ? 300 : Math.max(0, options.frameGapMs);
  /** The line has been silent for frameGap since the last chunk (confirmed, see above). */
  let silent = false;
  let gapTimer: TimerHandle | undefined;
  const limit = positive(options.maxFrameBytes, 4096);
  const allowed = new Set(options.allowedControlBytes ?? DEFAULT_ALLOWED);

  let buf = new Uint8Array(Math.min(limit, 256));
  let len = 0;
  /** Bytes dropped from the current oversized frame; > 0 means we are discarding. */
  let dropped = 0;
  /** `crlf`: a CR was seen last and waits for its LF. `cr`: the previous frame ended in CR (swallow one LF). */
  let pendingCr = false;
  let timer: TimerHandle | undefined;

  const append = (b: number) => {
    if (dropped > 0 || len >= limit) {
      if (dropped === 0) dropped = len; // everything kept so far is dropped too
      len = 0;
      dropped++;
      return;
    }
    if (len === buf.length) {
      const bigger = new Uint8Array(Math.min(limit, buf.length * 2));
      bigger.set(buf);
      buf = bigger;
    }
    buf[len++] = b;
  };

  const finish = (end: 'cr' | 'lf' | 'crlf' | 'timeout' | 'close') => {
    if (dropped > 0) {
      const n = dropped;
      dropped = 0;
      len = 0;
      onEvent({ type: 'overflow', droppedBytes: n, limit });
      return;
    }
    if (len === 0) return;
    const bytes = buf.slice(0, len);
    len = 0;
    if (buf.length > 1024) buf = new Uint8Array(256);
    let controls = 0;
    for (const b of bytes) if ((b < 0x20 || b === 0x7f) && !allowed.has(b)) controls++;
    if (controls > 0) onEvent({ type: 'noise', bytes, controlBytes: controls });
    else onEvent({ type: 'frame', bytes, end });
  };

  const dropStale = () => {
    const n = dropped > 0 ? dropped : len + (pendingCr && suffix === 'crlf' ? 1 : 0);
    dropped = 0;
    len = 0;
    pendingCr = false;
    if (n > 0) onEvent({ type: 'stale', droppedBytes: n });
  };

  /** Forgets the silence being measured (new bytes came, or the framer ends). */
  const clearGap = () => {
    if (gapTimer !== undefined) clock.clearTimeout(gapTimer);
    gapTimer = undefined;
  };

  const clearTimer = () => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
  };

  const arm = () => {
    clearTimer();
    if (suffix === 'none') {
      if (len > 0 || dropped > 0)
        timer = clock.setTimeout(() => {
          timer = undefined;
          finish('timeout');
        }, interByte);
    } else if (staleAfter > 0 && (len > 0 || dropped > 0 || (suffix === 'crlf' && pendingCr))) {
      timer = clock.setTimeout(() => {
        timer = undefined;
        dropStale();
      }, staleAfter);
    }
  };

  const pushByte = (b: number) => {
    switch (suffix) {
      case 'none':
        append(b);
        return;
      case 'cr':
        if (b === CR) {
          finish('cr');
          pendingCr = true;
          return;
        }
        if (b === LF && pendingCr) {
          pendingCr = false;
          return;
        }
        pendingCr = false;
        append(b);
        return;
      case 'lf':
        if (b === LF) {
          if (dropped === 0 && len > 0 && buf[len - 1] === CR) len--;
          finish('lf');
          return;
        }
        append(b);
        return;
      case 'crlf':
        if (pendingCr) {
          pendingCr = false;
          if (b === LF) {
            finish('crlf');
            return;
          }
          append(CR); // the CR was data after all
        }
        if (b === CR) {
          pendingCr = true;
          return;
        }
        append(b);
        return;
    }
  };

  return {
    push(chunk) {
      if (!(chunk instanceof Uint8Array) || chunk.length === 0) return;
      clearTimer();
      const partial = len > 0 || dropped > 0 || (suffix === 'crlf' && pendingCr);
      // A silence since the last chunk: what was left unterminated is not the start of this scan.
      if (silent && partial) dropStale();
      silent = false;
      clearGap();
      if (suffix !== 'none' && frameGap > 0) {
        gapTimer = clock.setTimeout(() => {
          gapTimer = clock.setTimeout(() => {
            gapTimer = undefined;
            silent = true;
          }, 0);
        }, frameGap);
      }
      for (let i = 0; i < chunk.length; i++) pushByte(chunk[i]!);
      arm();
    },
    end() {
      clearTimer();
      clearGap();
      silent = false;
      if (suffix === 'none') finish('close');
      else dropStale();
      pendingCr = false;
    },
    dispose() {
      clearTimer();
      clearGap();
      silent = false;
      len = 0;
      dropped = 0;
      pendingCr = false;
    },
    get buffered() {
      return len;
    },
  };
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}
