import { afterEach, describe, expect, it, vi } from 'vitest';
import { invoke, on, setBackendTimeout } from '../../ui/bridge';

const g = globalThis as unknown as { window?: { kiosk?: unknown } };

afterEach(() => {
  delete g.window;
  vi.useRealTimers();
  setBackendTimeout(8_000);
});

describe('ui bridge', () => {
  it('answers internal when window.kiosk is missing', async () => {
    expect(await invoke('app.info', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
    g.window = {};
    expect(await invoke('app.info', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(typeof on('scan', () => {})).toBe('function');
  });

  it('passes results through and turns throws and rejections into internal errors', async () => {
    g.window = { kiosk: { invoke: async (c: string) => ({ ok: true, value: { echo: c } }), on: () => () => {} } };
    expect(await invoke('session.start', {})).toEqual({ ok: true, value: { echo: 'session.start' } });
    g.window = {
      kiosk: {
        invoke: () => {
          throw new Error('boom');
        },
        on: () => () => {},
      },
    };
    expect(await invoke('session.start', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
    g.window = { kiosk: { invoke: () => Promise.reject(new Error('boom')), on: () => () => {} } };
    expect(await invoke('session.start', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
    g.window = { kiosk: { invoke: async () => 'garbage', on: () => () => {} } };
    expect(await invoke('session.start', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('resolves a hung call as timeout after timeoutMs + 2 s', async () => {
    vi.useFakeTimers();
    g.window = { kiosk: { invoke: () => new Promise(() => {}), on: () => () => {} } };
    setBackendTimeout(8_000);
    const p = invoke('dossier.lookup', { code: 'X' });
    let settled = false;
    void p.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(9_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await p).toMatchObject({ ok: false, error: { code: 'timeout' } });
  });

  it('delivers events and isolates a throwing listener', () => {
    const listeners: Array<(p: unknown) => void> = [];
    g.window = {
      kiosk: {
        invoke: async () => ({ ok: true, value: { logged: true } }),
        on: (_e: string, l: (p: unknown) => void) => {
          listeners.push(l);
          return () => {};
        },
      },
    };
    const got: unknown[] = [];
    on('session.reset', (p) => got.push(p.reason));
    on('session.reset', () => {
      throw new Error('x');
    });
    for (const l of listeners) l({ reason: 'idle' });
    expect(got).toEqual(['idle']);
  });
});
