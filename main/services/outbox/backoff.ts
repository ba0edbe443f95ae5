/**
 * Full-jitter exponential backoff (AWS architecture blog, "Exponential Backoff and Jitter"):
 * the n-th wait (n from 0) is random() * min(cap, base * 2^n).
 */
export function fullJitter(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(attempt, 0), 40));
  return Math.floor(random() * ceiling);
}
