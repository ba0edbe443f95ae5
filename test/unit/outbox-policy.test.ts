/** The outbox's pure policies: full-jitter backoff, the circuit breaker, local references. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeDossierCode } from '../../common/dossier-code';
import { fullJitter } from '../../main/services/outbox/backoff';
import { createBreaker } from '../../main/services/outbox/breaker';
import { localRefPrefix } from '../../main/services/outbox';

describe('fullJitter', () => {
  it('stays within [0, min(cap, base * 2^n)) and reaches the cap (base 2 s, cap 5 min)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (n, r) => {
        const w = fullJitter(n, 2_000, 300_000, () => r);
        expect(w).toBeGreaterThanOrEqual(0);
        expect(w).toBeLessThan(Math.min(300_000, 2_000 * 2 ** n));
      }),
    );
    expect(fullJitter(0, 2_000, 300_000, () => 0.999999)).toBe(1_999);
    expect(fullJitter(3, 2_000, 300_000, () => 0.5)).toBe(8_000);
    expect(fullJitter(20, 2_000, 300_000, () => 0.5)).toBe(150_000);
  });
});

describe('circuit breaker', () => {
  it('opens after N consecutive failures, lets one probe through half-open, closes on success', () => {
    let now = 0;
    const b = createBreaker({ threshold: 3, openMs: 1_000, now: () => now });
    b.failure();
    b.failure();
    expect(b.state).toBe('closed');
    b.success();
    b.failure();
    b.failure();
    expect(b.state).toBe('closed');
    b.failure();
    expect(b.state).toBe('open');
    expect(b.allowance(4)).toBe(0);
    now = 999;
    expect(b.canRequest()).toBe(false);
    now = 1_000;
    expect(b.state).toBe('half_open');
    expect(b.allowance(4)).toBe(1);
    b.failure();
    expect(b.state).toBe('open');
    now = 2_500;
    expect(b.allowance(4)).toBe(1);
    b.success();
    expect(b.state).toBe('closed');
    expect(b.allowance(4)).toBe(4);
  });
  it('goes half-open at once when the network is seen to return', () => {
    const b = createBreaker({ threshold: 1, openMs: 60_000, now: () => 0 });
    b.failure();
    expect(b.state).toBe('open');
    b.reset();
    expect(b.state).toBe('half_open');
  });
});

describe('local references', () => {
  it('are shaped like dossier codes, so the lookup screen and the barcode accept them', () => {
    expect(localRefPrefix('KIOSK-DEMO-01')).toBe('KIOSK.DEMO.01');
    expect(localRefPrefix('hn-badinh-kiosk-03')).toBe('HN.BADINH.KIOSK.03');
    expect(localRefPrefix('Ki-ốt Đống Đa 2')).toBe('KI.OT.DONG.DA.2');
    expect(localRefPrefix('---')).toBe('KIOSK');
    fc.assert(
      fc.property(fc.string({ maxLength: 64 }), (id) => {
        expect(normalizeDossierCode(`${localRefPrefix(id)}-261123-0007`)).toBe(`${localRefPrefix(id)}-261123-0007`);
      }),
    );
  });
});
