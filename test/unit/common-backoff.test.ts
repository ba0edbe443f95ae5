import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exponentialDelay, fullJitterDelay, type Backoff } from '../../common/backoff';

const OUTBOX: Backoff = { baseMs: 2_000, capMs: 300_000 }; // kiosk-config defaults
const random = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

describe('exponentialDelay', () => {
  it('doubles from the base and stops at the cap', () => {
    const b: Backoff = { baseMs: 500, capMs: 30_000 };
    expect([0, 1, 2, 3, 4, 5, 6, 7, 100].map((n) => exponentialDelay(n, b))).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('counts a negative attempt as the first, and stays finite for huge ones', () => {
    expect(exponentialDelay(-3, OUTBOX)).toBe(2_000);
    expect(exponentialDelay(1e9, OUTBOX)).toBe(300_000);
    expect(exponentialDelay(Number.MAX_SAFE_INTEGER, { baseMs: 1, capMs: 3_600_000 })).toBe(3_600_000);
  });

  it('never decreases and never passes the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60_000 }), fc.integer({ min: 1, max: 3_600_000 }), fc.integer({ min: 0, max: 200 }), (baseMs, capMs, n) => {
        const b = { baseMs, capMs };
        expect(exponentialDelay(n, b)).toBeLessThanOrEqual(capMs);
        expect(exponentialDelay(n + 1, b)).toBeGreaterThanOrEqual(exponentialDelay(n, b));
      }),
    );
  });
});

describe('fullJitterDelay', () => {
  it('stays within [0, min(cap, base * 2^n)) and in [0, cap], in whole milliseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), random, (n, r) => {
        const w = fullJitterDelay(n, OUTBOX, () => r);
        expect(Number.isInteger(w)).toBe(true);
        expect(w).toBeGreaterThanOrEqual(0);
        expect(w).toBeLessThanOrEqual(OUTBOX.capMs);
        expect(w).toBeLessThan(Math.min(OUTBOX.capMs, OUTBOX.baseMs * 2 ** n));
      }),
    );
  });

  it('grows with the attempt for the same draw, until the cap', () => {
    expect(fullJitterDelay(0, OUTBOX, () => 0.999999)).toBe(1_999);
    expect(fullJitterDelay(3, OUTBOX, () => 0.5)).toBe(8_000);
    expect(fullJitterDelay(20, OUTBOX, () => 0.5)).toBe(150_000);
    const waits = Array.from({ length: 10 }, (_, n) => fullJitterDelay(n, OUTBOX, () => 0.75));
    expect(waits).toEqual([1_500, 3_000, 6_000, 12_000, 24_000, 48_000, 96_000, 192_000, 225_000, 225_000]);
  });

  it('draws from the random source it is given (Math.random by default)', () => {
    expect(fullJitterDelay(5, OUTBOX, () => 0)).toBe(0);
    const draws: number[] = [];
    for (let i = 0; i < 200; i++) draws.push(fullJitterDelay(2, OUTBOX));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(8_000);
    expect(new Set(draws).size).toBeGreaterThan(1);
  });
});
