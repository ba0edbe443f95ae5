/**
 * Keyboard-wedge scan detector. It lives in the UI because only the renderer sees a wedge
 * scanner's keystrokes (moved here from drivers/scanner/protocol, which the UI may not import;
 * serial and HID scanners are framed in main). Pure TypeScript with no Node or DOM imports: the UI feeds it
 * `{ key, timeMs }` from its keydown listener (KeyboardEvent.key and event.timeStamp).
 *
 * A scan is a burst of at least `minLength` printable keys, each arriving at most `maxGapMs`
 * after the previous one, ended by a terminator key (Enter or Tab by default) that also arrives
 * within `maxGapMs`. Anything else is typing: a gap longer than `maxGapMs` (a person on the
 * on-screen or a physical keyboard is 80 ms and slower), a terminator after too few keys, or a
 * non-printable key (Backspace, arrows) in the middle.
 *
 * Keys are held back while they might still be a scan. `feed` returns what to do:
 * `{ type: 'scan' }` to route, `{ type: 'typing', keys }` to hand to the focused input.
 * Call `flush(nowMs)` from a timer about `maxGapMs` after the last key so held keys of a person
 * typing are released without waiting for the next key.
 * Modifier keys (Shift, Control, Alt, AltGraph, Meta, CapsLock) are ignored: wedges press
 * Shift for capitals.
 */

export interface WedgeKeyEvent {
  /** `KeyboardEvent.key`: a single character for printable keys, a name otherwise. */
  key: string;
  timeMs: number;
}

export interface WedgeOptions {
  /** Shortest scan, in printable keys. Default 6. */
  minLength?: number;
  /** Longest gap between keys of a scan. Default 40 ms. */
  maxGapMs?: number;
  /** Keys that end a scan. Default Enter and Tab. */
  terminators?: readonly string[];
  /** Longest scan kept; longer bursts are released as typing. Default 4096. */
  maxLength?: number;
}

export type WedgeOutput = { type: 'scan'; text: string; terminator: string; startMs: number; endMs: number } | { type: 'typing'; keys: string[] };

export interface WedgeDetector {
  feed(event: WedgeKeyEvent): WedgeOutput[];
  /** Releases held keys when the burst has gone quiet (`nowMs - lastKey > maxGapMs`). */
  flush(nowMs: number): WedgeOutput[];
  /** Keys currently held back. */
  readonly holding: number;
  reset(): void;
}

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'Fn']);

export const WEDGE_DEFAULTS = Object.freeze({ minLength: 6, maxGapMs: 40, terminators: ['Enter', 'Tab'], maxLength: 4096 });

export function isPrintableKey(key: string): boolean {
  if (typeof key !== 'string' || key.length === 0) return false;
  const chars = Array.from(key);
  if (chars.length !== 1) return false;
  const cp = chars[0]!.codePointAt(0)!;
  return cp >= 0x20 && cp !== 0x7f && !(cp >= 0x80 && cp <= 0x9f);
}

export function createWedgeDetector(options: WedgeOptions = {}): WedgeDetector {
  const minLength = Math.max(1, options.minLength ?? WEDGE_DEFAULTS.minLength);
  const maxGap = Math.max(0, options.maxGapMs ?? WEDGE_DEFAULTS.maxGapMs);
  const terminators = new Set(options.terminators ?? WEDGE_DEFAULTS.terminators);
  const maxLength = Math.max(minLength, options.maxLength ?? WEDGE_DEFAULTS.maxLength);
  let held: string[] = [];
  let startMs = 0;
  let lastMs = Number.NEGATIVE_INFINITY;

  const release = (out: WedgeOutput[], extra?: string) => {
    const keys = extra === undefined ? held : [...held, extra];
    held = [];
    if (keys.length > 0) out.push({ type: 'typing', keys });
  };

  return {
    feed(event) {
      const out: WedgeOutput[] = [];
      if (!event || typeof event.key !== 'string' || typeof event.timeMs !== 'number' || !Number.isFinite(event.timeMs)) return out;
      const { key, timeMs } = event;
      if (MODIFIERS.has(key)) return out;
      const gap = timeMs - lastMs;
      const quick = held.length > 0 && gap >= 0 && gap <= maxGap;
      if (held.length > 0 && !quick) release(out);
      if (terminators.has(key)) {
        if (held.length >= minLength) {
          out.push({ type: 'scan', text: held.join(''), terminator: key, startMs, endMs: timeMs });
          held = [];
        } else {
          release(out, key);
        }
        lastMs = timeMs;
        return out;
      }
      if (!isPrintableKey(key)) {
        release(out, key);
        lastMs = timeMs;
        return out;
      }
      if (held.length === 0) startMs = timeMs;
      if (held.length >= maxLength) release(out);
      if (held.length === 0) startMs = timeMs;
      held.push(key);
      lastMs = timeMs;
      return out;
    },
    flush(nowMs) {
      const out: WedgeOutput[] = [];
      if (held.length > 0 && !(nowMs - lastMs <= maxGap)) release(out);
      return out;
    },
    get holding() {
      return held.length;
    },
    reset() {
      held = [];
      lastMs = Number.NEGATIVE_INFINITY;
    },
  };
}
