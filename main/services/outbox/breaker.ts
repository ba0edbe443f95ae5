/**
 * A circuit breaker around the backend. Closed: requests flow. After `threshold` consecutive
 * failures it opens: no request for `openMs`. Then half-open: one probe request; its success
 * closes the breaker, its failure opens it again. `reset()` (the network came back: a request
 * elsewhere succeeded, or a reachability probe did) goes straight to half-open.
 */
export type BreakerState = 'closed' | 'open' | 'half_open';

export interface CircuitBreaker {
  readonly state: BreakerState;
  /** When an open breaker lets a probe through (ms since epoch); 0 when not open. */
  readonly retryAt: number;
  /** Whether a request may go now; in half-open, only one at a time. */
  canRequest(now?: number): boolean;
  /** How many requests may go now (0, 1 in half-open, or `max`). */
  allowance(max: number, now?: number): number;
  success(): void;
  failure(now?: number): void;
  reset(): void;
  onChange(listener: (state: BreakerState) => void): void;
}

export function createBreaker(options: { threshold: number; openMs: number; now?: () => number }): CircuitBreaker {
  const clock = options.now ?? Date.now;
  let state: BreakerState = 'closed';
  let failures = 0;
  let openedAt = 0;
  const listeners: Array<(s: BreakerState) => void> = [];
  const set = (next: BreakerState) => {
    if (next === state) return;
    state = next;
    for (const l of listeners) l(next);
  };
  const refresh = (now: number) => {
    if (state === 'open' && now - openedAt >= options.openMs) set('half_open');
  };
  return {
    get state() {
      refresh(clock());
      return state;
    },
    get retryAt() {
      return state === 'open' ? openedAt + options.openMs : 0;
    },
    canRequest(now = clock()) {
      refresh(now);
      return state !== 'open';
    },
    allowance(max, now = clock()) {
      refresh(now);
      return state === 'open' ? 0 : state === 'half_open' ? 1 : max;
    },
    success() {
      failures = 0;
      set('closed');
    },
    failure(now = clock()) {
      failures++;
      if (state === 'half_open' || failures >= options.threshold) {
        openedAt = now;
        set('open');
      }
    },
    reset() {
      failures = 0;
      if (state === 'open') set('half_open');
    },
    onChange(listener) {
      listeners.push(listener);
    },
  };
}
