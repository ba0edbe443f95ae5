import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEvents } from '../../main/events';
import { createMemoryLogger } from '../../main/log';
import { createSessionService, sessionSlot } from '../../main/services/session';
import { createStaleCache } from '../../main/services/cache';
import { ApiError } from '../../main/api/client';

afterEach(() => vi.useRealTimers());

/** A session service that ends a session quiet for 10 s (after 5 s of grace), checked every second; the resets it tells. */
function idleSession() {
  const log = createMemoryLogger();
  const events = createEvents(log);
  const resets: string[] = [];
  events.on('session.reset', (p) => resets.push(p.reason));
  const s = createSessionService({ events, log, idleTimeoutSeconds: 10, graceSeconds: 5, checkEveryMs: 1000 });
  return { s, resets };
}

describe('session', () => {
  it('wipes session data and registered stores on finish', () => {
    const log = createMemoryLogger();
    const s = createSessionService({ events: createEvents(log), log, idleTimeoutSeconds: 60 });
    const wiped: string[] = [];
    s.onEnd((reason) => wiped.push(reason));
    s.start();
    s.data.set(sessionSlot<{ personalId: string }>('card'), { personalId: '001099012345' });
    expect(s.end('finish')).toEqual({ ended: true });
    expect(s.data.size).toBe(0);
    expect(wiped).toEqual(['finish']);
    expect(s.current).toBeNull();
    expect(s.end('finish')).toEqual({ ended: false });
    s.close();
  });

  it('starting a new session ends the previous one first', () => {
    const log = createMemoryLogger();
    const s = createSessionService({ events: createEvents(log), log, idleTimeoutSeconds: 60 });
    const a = s.start();
    s.data.set(sessionSlot<number>('x'), 1);
    const b = s.start();
    expect(b.sessionId).not.toBe(a.sessionId);
    expect(s.data.size).toBe(0);
    s.close();
  });

  it('main resets a session the UI abandoned and tells the UI', () => {
    vi.useFakeTimers();
    const { s, resets } = idleSession();
    s.open();
    s.start();
    s.data.set(sessionSlot<string>('form'), 'contents');
    vi.advanceTimersByTime(12_000);
    s.touch();
    vi.advanceTimersByTime(12_000);
    expect(resets).toEqual([]);
    vi.advanceTimersByTime(5_000);
    expect(resets).toEqual(['idle']);
    expect(s.data.size).toBe(0);
    s.close();
  });
});

describe('session service lifecycle', () => {
  it('the factory starts no timer: the idle check runs from open() to close(), once', () => {
    vi.useFakeTimers();
    const { s, resets } = idleSession();
    expect(vi.getTimerCount()).toBe(0);
    s.start();
    vi.advanceTimersByTime(60_000);
    expect(resets).toEqual([]);
    expect(s.current).not.toBeNull();
    s.open();
    s.open();
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1_000);
    expect(resets).toEqual(['idle']);
    s.close();
    expect(vi.getTimerCount()).toBe(0);
    s.open(); // after close: nothing
    expect(vi.getTimerCount()).toBe(0);
  });

  it('close() before open() ends the session and leaves no timer', () => {
    vi.useFakeTimers();
    const log = createMemoryLogger();
    const s = createSessionService({ events: createEvents(log), log, idleTimeoutSeconds: 60 });
    const wiped: string[] = [];
    s.onEnd((reason) => wiped.push(reason));
    s.start();
    s.close();
    expect(wiped).toEqual(['reset']);
    expect(s.current).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('session idle timeout changed live', () => {
  afterEach(() => vi.useRealTimers());
  it('a longer timeout set by a technician keeps a quiet session that the old one would have ended', () => {
    vi.useFakeTimers();
    const { s, resets } = idleSession();
    s.open();
    s.setIdleTimeout(60);
    s.start();
    vi.advanceTimersByTime(30_000);
    expect(resets).toEqual([]);
    vi.advanceTimersByTime(36_000);
    expect(resets).toEqual(['idle']);
    s.setIdleTimeout(10);
    s.start();
    vi.advanceTimersByTime(16_000);
    expect(resets).toEqual(['idle', 'idle']);
    s.close();
  });
});

describe('stale cache', () => {
  it('serves the last good value when the backend is unreachable, not on other errors', async () => {
    let t = 0;
    const cache = createStaleCache<number>({ ttlMs: 100, maxEntries: 2, now: () => t });
    expect(await cache.get('a', async () => 1)).toBe(1);
    t = 50;
    expect(await cache.get('a', async () => 2)).toBe(1);
    t = 200;
    expect(
      await cache.get('a', async () => {
        throw new ApiError('offline', 'down');
      }),
    ).toBe(1);
    await expect(
      cache.get('a', async () => {
        throw new ApiError('server_error', 'bad');
      }),
    ).rejects.toThrow('bad');
    await expect(
      cache.get('b', async () => {
        throw new ApiError('offline', 'down');
      }),
    ).rejects.toThrow('down');
  });

  it('keeps at most maxEntries', async () => {
    let loads = 0;
    const cache = createStaleCache<number>({ ttlMs: 1e9, maxEntries: 2 });
    for (const k of ['a', 'b', 'c', 'a']) await cache.get(k, async () => ++loads);
    expect(loads).toBe(4);
  });
});
