/**
 * The link supervisor every scanner transport runs on (drivers/scanner/transports/common.ts):
 * backoff between failed attempts and its reset, one report per state change, a loss followed by
 * a retry, and the epoch that makes an attempt finishing after stop() harmless.
 */
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../drivers/scanner/protocol/clock';
import { createLinkSupervisor, type AttemptResult } from '../../drivers/scanner/transports/common';

interface FakeLink {
  id: number;
  lose?: (detail: string) => void;
}

function rig(script: Array<'fail' | 'ok'>) {
  const clock = createManualClock();
  const states: string[] = [];
  const released: number[] = [];
  const attempts: number[] = [];
  let n = 0;
  let gate: Promise<void> = Promise.resolve();
  const sup = createLinkSupervisor<FakeLink>({
    clock,
    reconnect: { initialDelayMs: 100, maxDelayMs: 400 },
    async attempt(): Promise<AttemptResult<FakeLink>> {
      attempts.push(clock.now());
      await gate;
      const what = script[Math.min(n, script.length - 1)];
      n++;
      return what === 'ok' ? { ok: true, link: { id: n }, where: '/dev/fake' } : { ok: false, state: 'disconnected', detail: 'not plugged' };
    },
    attach(link, _where, lost) {
      link.lose = lost;
    },
    async release(link) {
      released.push(link.id);
    },
    onState: (s, d) => states.push(`${s}${d ? ` (${d})` : ''}`),
  });
  return { clock, sup, states, released, attempts, hold: (p: Promise<void>) => (gate = p) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('link supervisor', () => {
  it('retries with a doubling, capped delay, reports the failure once, and connects', async () => {
    const t = rig(['fail', 'fail', 'fail', 'fail', 'ok']);
    await t.sup.start();
    for (const ms of [100, 200, 400, 400]) {
      t.clock.advance(ms);
      await tick();
    }
    expect(t.attempts).toEqual([0, 100, 300, 700, 1100]);
    expect(t.states).toEqual(['disconnected (not plugged)', 'connected (/dev/fake)']);
    expect(t.sup.state).toBe('connected');
    expect(t.sup.link?.id).toBe(5);
  });

  it('a lost link is released, reported with its reason, and retried from the first delay', async () => {
    const t = rig(['ok', 'fail', 'ok']);
    await t.sup.start();
    t.sup.link?.lose?.('device disconnected');
    t.sup.link?.lose?.('twice'); // a second report of the same loss is ignored
    expect(t.released).toEqual([1]);
    expect(t.sup.link).toBeUndefined();
    t.clock.advance(100);
    await tick();
    t.clock.advance(200);
    await tick();
    // The failed retry is not reported again: the state is already `disconnected`, with the loss as reason.
    expect(t.states).toEqual(['connected (/dev/fake)', 'disconnected (/dev/fake: device disconnected)', 'connected (/dev/fake)']);
    expect(t.attempts).toEqual([0, 100, 300]);
  });

  it('an attempt that finishes after stop() releases its link and changes nothing', async () => {
    const t = rig(['ok']);
    let open!: () => void;
    void t.hold(new Promise<void>((r) => (open = r)));
    const starting = t.sup.start();
    await t.sup.stop();
    open();
    await starting;
    expect(t.released).toEqual([1]);
    expect(t.sup.link).toBeUndefined();
    expect(t.sup.state).toBe('disconnected');
    expect(t.states).not.toContain('connected (/dev/fake)');
    expect(t.clock.pending()).toBe(0);
  });

  it('stop() releases the open link and cancels a pending retry', async () => {
    const t = rig(['fail']);
    await t.sup.start();
    expect(t.clock.pending()).toBe(1);
    await t.sup.stop();
    expect(t.clock.pending()).toBe(0);
    const u = rig(['ok']);
    await u.sup.start();
    await u.sup.stop();
    expect(u.released).toEqual([1]);
    expect(u.states.at(-1)).toBe('disconnected (stopped)');
  });
});
