import { describe, expect, it } from 'vitest';
import { createRouter, type Handlers } from '../../main/ipc/router';
import { KioskError } from '../../main/errors';
import { createMemoryLogger } from '../../main/log';
import { channels } from '../../main/ipc/contract';

const info = {
  version: '0.1.0',
  kioskId: 'K1',
  profile: 'apartment' as const,
  siteName: 'Ki-ốt',
  defaultLanguage: 'vi' as const,
  tiles: ['lookup' as const],
  idleTimeoutSeconds: 60,
  idleWarningSeconds: 10,
  attractSlideSeconds: 8,
  backend: 'embedded-sandbox' as const,
  backendTimeoutMs: 8000,
  hotline: '1900 1234',
};

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const notUsed = () => {
    throw new Error('not used in this test');
  };
  return {
    'app.info': () => info,
    'session.start': () => ({ sessionId: 's1' }),
    'session.end': () => ({ ended: true }),
    'announcements.list': () => ({ items: [] }),
    'sectors.list': () => ({ items: [] }),
    'procedures.search': notUsed,
    'procedures.get': notUsed,
    'dossier.lookup': notUsed,
    'devices.status': () => ({ devices: [] }),
    'ui.log': () => ({ logged: true }),
    ...overrides,
  } as Handlers;
}

describe('router', () => {
  it('answers a known channel with ok and the parsed value', async () => {
    const router = createRouter(handlers(), createMemoryLogger());
    await expect(router.handle('app.info', {})).resolves.toEqual({ ok: true, value: info });
  });

  it('treats a missing payload as an empty object', async () => {
    const router = createRouter(handlers(), createMemoryLogger());
    const res = await router.handle('app.info', undefined);
    expect(res.ok).toBe(true);
  });

  it.each([['nope'], ['__proto__'], ['constructor'], ['toString'], [42], [null], [{}]])('refuses unknown channel %j without throwing', async (channel) => {
    const router = createRouter(handlers(), createMemoryLogger());
    const res = await router.handle(channel, {});
    expect(res).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('refuses a bad payload with bad_request naming the field', async () => {
    const router = createRouter(handlers(), createMemoryLogger());
    const res = await router.handle('session.end', { reason: 'whatever' });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('bad_request');
      expect(res.error.message).toContain('reason');
    }
    const extra = await router.handle('app.info', { sneaky: 1 });
    expect(extra).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('refuses a ui.log message with a newline or another control character, and never logs it', async () => {
    let logged = 0;
    const router = createRouter(handlers({ 'ui.log': () => ((logged += 1), { logged: true }) }), createMemoryLogger());
    for (const message of ['ok\nINFO [forged] entry', 'bell\u0007', 'sep\u2028x', 'esc\u001b[2K']) {
      expect(await router.handle('ui.log', { level: 'info', message })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    expect(logged).toBe(0);
    expect(await router.handle('ui.log', { level: 'warn', message: 'Không tải được danh sách thủ tục' })).toEqual({ ok: true, value: { logged: true } });
    expect(logged).toBe(1);
  });

  it('passes a KioskError through with its code and message', async () => {
    const router = createRouter(
      handlers({
        'dossier.lookup': () => {
          throw new KioskError('not_found', 'Not found');
        },
      }),
      createMemoryLogger(),
    );
    await expect(router.handle('dossier.lookup', { code: 'X' })).resolves.toEqual({
      ok: false,
      error: { code: 'not_found', message: 'Not found' },
    });
  });

  it('hides an unexpected failure behind "internal" and logs it', async () => {
    const log = createMemoryLogger();
    const router = createRouter(
      handlers({
        'sectors.list': async () => {
          throw new TypeError('boom at line 3');
        },
      }),
      log,
    );
    const res = await router.handle('sectors.list', {});
    expect(res).toEqual({ ok: false, error: { code: 'internal', message: 'Internal error' } });
    expect(log.lines.some((l) => l.includes('boom at line 3'))).toBe(true);
  });

  it('catches a handler returning the wrong shape', async () => {
    const router = createRouter(handlers({ 'sectors.list': () => ({ items: [{ code: 1 }] }) as never }), createMemoryLogger());
    await expect(router.handle('sectors.list', {})).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('every channel name is noun.verb in lower case', () => {
    for (const name of Object.keys(channels)) expect(name).toMatch(/^[a-z]+\.[a-z]+$/);
  });
});
