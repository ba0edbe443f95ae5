/** The print limits (main/services/printing/limits.ts): a slip once, again after a pause, never a stream. */
import { describe, expect, it } from 'vitest';
import { KioskConfig } from '../../kiosk-config/schema';
import { createPrintLimiter, describeRefusal } from '../../main/services/printing/limits';

const limits = { repeatAfterSeconds: 60, maxPerDocument: 3, maxPerSession: 10 };

describe('print limits', () => {
  it('prints a slip once, refuses it again before the pause, allows it after', () => {
    let t = 1_000_000;
    const l = createPrintLimiter(limits, () => t);
    expect(l.take('status:A')).toEqual({ ok: true });
    t += 10_000;
    expect(l.take('status:A')).toEqual({ ok: false, reason: 'too_soon', retryAfterMs: 50_000 });
    // Another slip is not held up by the first.
    expect(l.take('status:B')).toEqual({ ok: true });
    t += 50_000;
    expect(l.take('status:A')).toEqual({ ok: true });
  });

  it('prints one slip at most maxPerDocument times, however long the resident waits', () => {
    let t = 0;
    const l = createPrintLimiter(limits, () => t);
    for (let i = 0; i < 3; i++) {
      expect(l.take('receipt:R1').ok).toBe(true);
      t += 61_000;
    }
    expect(l.take('receipt:R1')).toEqual({ ok: false, reason: 'document_limit' });
  });

  it('prints at most maxPerSession slips in a session, and starts again after reset', () => {
    const l = createPrintLimiter({ ...limits, maxPerSession: 4 }, () => 0);
    for (let i = 0; i < 4; i++) expect(l.take(`status:${i}`).ok).toBe(true);
    expect(l.take('status:9')).toEqual({ ok: false, reason: 'session_limit' });
    l.reset();
    expect(l.take('status:9').ok).toBe(true);
    expect(l.take('status:0').ok).toBe(true);
  });

  it('a refused request is not counted', () => {
    let t = 0;
    const l = createPrintLimiter({ ...limits, maxPerSession: 2 }, () => t);
    expect(l.take('a').ok).toBe(true);
    for (let i = 0; i < 20; i++) expect(l.take('a').ok).toBe(false);
    t += 60_000;
    expect(l.take('a').ok).toBe(true);
  });

  it('says why in English for logs', () => {
    expect(describeRefusal({ ok: false, reason: 'too_soon', retryAfterMs: 1500 })).toContain('again in 2 s');
    expect(describeRefusal({ ok: false, reason: 'session_limit' })).toContain('session');
  });

  it('has defaults in the config, and a technician can change them', () => {
    expect(KioskConfig.parse({}).devices.printer.limits).toEqual(limits);
    expect(KioskConfig.parse({ devices: { printer: { limits: { repeatAfterSeconds: 5 } } } }).devices.printer.limits).toEqual({
      ...limits,
      repeatAfterSeconds: 5,
    });
    expect(KioskConfig.safeParse({ devices: { printer: { limits: { maxPerSession: 0 } } } }).success).toBe(false);
  });
});
