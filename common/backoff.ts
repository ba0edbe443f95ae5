/**
 * Exponential backoff with a cap, and its full-jitter form ("Exponential Backoff and Jitter",
 * AWS Architecture Blog, 2015): the wait before retry n (n from 0) grows as base * 2^n until it
 * reaches the cap. Full jitter draws the wait uniformly below that ceiling, so many kiosks that
 * lost the same backend do not come back in step; a local device link (one kiosk, one printer)
 * has nobody to fall into step with and may use the ceiling itself.
 */

/** The first wait and the longest one, in milliseconds. */
export interface Backoff {
  baseMs: number;
  capMs: number;
}

/** 2^40 times any base is past every cap we use; the clamp keeps huge attempt counts finite. */
const MAX_EXPONENT = 40;

/** The ceiling for retry `attempt` (0-based, negative counts as 0): min(cap, base * 2^attempt). */
export function exponentialDelay(attempt: number, backoff: Backoff): number {
  return Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.min(Math.max(attempt, 0), MAX_EXPONENT));
}

/**
 * Full jitter: floor(random() * min(cap, base * 2^attempt)), a whole number of milliseconds in
 * [0, ceiling). `random` returns [0, 1) like Math.random (the default); tests inject their own.
 */
export function fullJitterDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  return Math.floor(random() * exponentialDelay(attempt, backoff));
}
