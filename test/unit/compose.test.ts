/**
 * The composer of main/kiosk.ts: parts start in order, a failure halfway stops what started (in
 * reverse) and names the part, `stop()` runs every stop even when one throws.
 */
import { describe, expect, it } from 'vitest';
import { compose, PartStartError, stopAll, type Part } from '../../main/compose';
import { createMemoryLogger } from '../../main/log';

function recorder() {
  const calls: string[] = [];
  const part = (name: string, opts: { failStart?: boolean; failStop?: boolean; async?: boolean } = {}): Part => ({
    name,
    async start() {
      if (opts.async) await new Promise((r) => setImmediate(r));
      calls.push(`start ${name}`);
      if (opts.failStart) throw new Error(`${name} refused`);
    },
    stop() {
      calls.push(`stop ${name}`);
      if (opts.failStop) throw new Error(`${name} stuck`);
    },
  });
  return { calls, part };
}

describe('compose', () => {
  it('starts the parts in order and stops them in reverse', async () => {
    const { calls, part } = recorder();
    const c = compose([part('a'), part('b', { async: true }), { name: 'no-hooks' }, part('c')], createMemoryLogger());
    await c.start();
    expect(c.running).toEqual(['a', 'b', 'no-hooks', 'c']);
    await c.stop();
    expect(calls).toEqual(['start a', 'start b', 'start c', 'stop c', 'stop b', 'stop a']);
    expect(c.running).toEqual([]);
  });

  it('on a failure halfway through start, stops the failing part and those started before it, in reverse, never those after, and names the part', async () => {
    const { calls, part } = recorder();
    const log = createMemoryLogger();
    const c = compose([part('sandbox'), part('outbox', { async: true }), part('scanner', { failStart: true }), part('fleet')], log);
    const err = await c.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PartStartError);
    expect((err as PartStartError).part).toBe('scanner');
    expect((err as PartStartError).message).toBe('scanner failed to start: scanner refused');
    expect(((err as PartStartError).cause as Error).message).toBe('scanner refused');
    expect(calls).toEqual(['start sandbox', 'start outbox', 'start scanner', 'stop scanner', 'stop outbox', 'stop sandbox']);
    expect(c.running).toEqual([]);
    expect(log.lines.some((l) => l.includes('scanner failed to start'))).toBe(true);
    // a later stop() (the shell's, on its way out) stops nothing twice
    await c.stop();
    expect(calls.filter((x) => x.startsWith('stop'))).toHaveLength(3);
  });

  it('stops the rest when one stop throws, and logs that stop error', async () => {
    const { calls, part } = recorder();
    const log = createMemoryLogger();
    const c = compose([part('a'), part('b', { failStop: true }), part('c')], log);
    await c.start();
    await c.stop();
    expect(calls.slice(3)).toEqual(['stop c', 'stop b', 'stop a']);
    expect(log.lines.some((l) => l.includes('error while stopping b') && l.includes('b stuck'))).toBe(true);
  });

  it('a stop that throws while unwinding a failed start does not hide the start error', async () => {
    const { calls, part } = recorder();
    const c = compose([part('a', { failStop: true }), part('b', { failStart: true })], createMemoryLogger());
    await expect(c.start()).rejects.toThrow('b failed to start: b refused');
    expect(calls).toEqual(['start a', 'start b', 'stop b', 'stop a']);
  });

  it('starts once', async () => {
    const { calls, part } = recorder();
    const c = compose([part('a')], createMemoryLogger());
    await c.start();
    await expect(c.start()).rejects.toThrow(/once/);
    expect(calls).toEqual(['start a']);
    await c.stop();
  });
});

describe('compose: optional parts and nesting', () => {
  it('logs an optional part that fails to start, goes on, and still stops it', async () => {
    const { calls, part } = recorder();
    const log = createMemoryLogger();
    const c = compose([part('a'), { ...part('payments', { failStart: true }), optional: true }, part('c')], log);
    await c.start();
    expect(c.running).toEqual(['a', 'payments', 'c']);
    expect(log.lines.some((l) => l.includes('payments unavailable: payments refused'))).toBe(true);
    await c.stop();
    expect(calls).toEqual(['start a', 'start payments', 'start c', 'stop c', 'stop payments', 'stop a']);
  });

  it('a part made of parts reports the inner part that failed, and everything started is stopped', async () => {
    const { calls, part } = recorder();
    const log = createMemoryLogger();
    const inner = compose([part('outbox'), part('scanner', { failStart: true })], log);
    const c = compose([part('sandbox'), { name: 'services', start: () => inner.start(), stop: () => inner.stop() }], log);
    await expect(c.start()).rejects.toMatchObject({ name: 'PartStartError', part: 'scanner' });
    expect(calls).toEqual(['start sandbox', 'start outbox', 'start scanner', 'stop scanner', 'stop outbox', 'stop sandbox']);
  });
});

describe('stopAll', () => {
  it('stops every part in reverse even when one throws', async () => {
    const { calls, part } = recorder();
    await stopAll([part('a'), part('b', { failStop: true }), part('c')], createMemoryLogger());
    expect(calls).toEqual(['stop c', 'stop b', 'stop a']);
  });
});
