import { describe, expect, it } from 'vitest';
import { idlePhase } from '../../ui/state/idle';

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
});
