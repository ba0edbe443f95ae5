/** The outbox's pure policies: the circuit breaker, local references (its backoff: common-backoff.test.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeDossierCode } from '../../common/dossier-code';
import { createBreaker } from '../../main/services/outbox/breaker';
import { localRefPrefix } from '../../main/services/outbox';

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
