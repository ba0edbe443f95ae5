import { describe, expect, it } from 'vitest';
import { idlePhase, idleTimeoutFor } from '../../ui/state/idle';

describe('ui idle timer', () => {
  const t0 = 1_000_000;
  it('is active, then warns with a countdown, then expires', () => {
    expect(idlePhase(t0, t0, 120, 20)).toEqual({ phase: 'active' });
    expect(idlePhase(t0, t0 + 99_999, 120, 20)).toEqual({ phase: 'active' });
    expect(idlePhase(t0, t0 + 100_000, 120, 20)).toEqual({ phase: 'warning', secondsLeft: 20 });
    expect(idlePhase(t0, t0 + 100_001, 120, 20)).toEqual({ phase: 'warning', secondsLeft: 20 });
    expect(idlePhase(t0, t0 + 119_001, 120, 20)).toEqual({ phase: 'warning', secondsLeft: 1 });
    expect(idlePhase(t0, t0 + 120_000, 120, 20)).toEqual({ phase: 'expired' });
  });
  it('skips the warning when warningSeconds is 0 and clamps a warning longer than the timeout', () => {
    expect(idlePhase(t0, t0 + 59_000, 60, 0)).toEqual({ phase: 'active' });
    expect(idlePhase(t0, t0 + 60_000, 60, 0)).toEqual({ phase: 'expired' });
    expect(idlePhase(t0, t0, 10, 30)).toEqual({ phase: 'warning', secondsLeft: 10 });
  });
  it('treats a clock going backwards as fresh activity', () => {
    expect(idlePhase(t0, t0 - 5_000, 60, 10)).toEqual({ phase: 'active' });
  });
  it('gives the reading screens the longer timeout, and every other screen the normal one', () => {
    for (const name of ['procedure-detail', 'announcements', 'announcement', 'dossier-status']) {
      expect(idleTimeoutFor(name, 90, 270), name).toBe(270);
    }
    for (const name of ['home', 'lookup', 'procedures', 'consent', 'identity']) {
      expect(idleTimeoutFor(name, 90, 270), name).toBe(90);
    }
    expect(idleTimeoutFor('dossier-status', 90, undefined)).toBe(90);
    expect(idleTimeoutFor('dossier-status', 90, 30)).toBe(90);
    // On a reading screen, 100 s of quiet is still "active"; elsewhere it has expired.
    expect(idlePhase(t0, t0 + 100_000, idleTimeoutFor('announcement', 90, 270), 30)).toEqual({ phase: 'active' });
    expect(idlePhase(t0, t0 + 100_000, idleTimeoutFor('home', 90, 270), 30)).toEqual({ phase: 'expired' });
  });
});
