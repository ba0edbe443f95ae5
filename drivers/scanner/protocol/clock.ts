/**
 * The timer abstraction the framer (and anything else timing-dependent in drivers/scanner)
 * takes, so tests drive time by hand instead of sleeping. Pure: no Node imports.
 */
export type TimerHandle = unknown;

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The real clock: `Date.now` and the global timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (cb, ms) => globalThis.setTimeout(cb, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>),
};

export interface ManualClock extends Clock {
  /** Moves time forward, firing due timers in order (timers set by callbacks fire too). */
  advance(ms: number): void;
  /** Timers not yet fired. */
  pending(): number;
}

/** A clock that only moves when told to: for tests and the simulator. */
export function createManualClock(start = 0): ManualClock {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; cb: () => void; seq: number }>();
  return {
    now: () => now,
    setTimeout(cb, ms) {
      const id = ++seq;
      timers.set(id, { at: now + Math.max(0, ms), cb, seq: id });
      return id;
    },
    clearTimeout(h) {
      if (typeof h === 'number') timers.delete(h);
    },
    advance(ms) {
      const target = now + Math.max(0, ms);
      for (;;) {
        let next: [number, { at: number; cb: () => void; seq: number }] | undefined;
        for (const entry of timers) {
          if (entry[1].at > target) continue;
          if (!next || entry[1].at < next[1].at || (entry[1].at === next[1].at && entry[1].seq < next[1].seq)) next = entry;
        }
        if (!next) break;
        timers.delete(next[0]);
        now = Math.max(now, next[1].at);
        next[1].cb();
      }
      now = target;
    },
    pending: () => timers.size,
  };
}
