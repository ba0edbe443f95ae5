/**
 * createKiosk end to end below the UI: the real router and services against the embedded
 * sandbox over real HTTP (and against a dead and a hanging backend).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Kiosk } from '../../main/kiosk';
import type { KioskConfigInput } from '../../kiosk-config/schema';
import { seedDossierCodes } from '../../sandbox/seed';
import { startSandbox } from '../../sandbox/server';
import { startTestKiosk } from '../support/kiosk';

let kiosk: Kiosk | undefined;
const servers: Server[] = [];
const dataDirs: string[] = [];
afterEach(async () => {
  await kiosk?.stop();
  kiosk = undefined;
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  for (const d of dataDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(overrides: KioskConfigInput = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-it-data-'));
  dataDirs.push(dataDir);
  const started = await startTestKiosk({ dataDir, ...overrides });
  kiosk = started.kiosk;
  return started;
}

/** A TCP server that accepts connections and never answers. */
async function hangingBackend(): Promise<string> {
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const close = server.close.bind(server);
  server.close = ((cb?: (err?: Error) => void) => {
    for (const s of sockets) s.destroy();
    return close(cb);
  }) as typeof server.close;
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  return `http://127.0.0.1:${addr.port}`;
}

async function deadBackend(): Promise<string> {
  const url = await hangingBackend();
  const s = servers.pop()!;
  await new Promise((r) => s.close(r));
  return url;
}

describe('kiosk with the embedded sandbox', () => {
  it('describes itself from the config and its profile', async () => {
    const { kiosk } = await start({ profile: 'service-center' });
    const res = await kiosk.router.handle('app.info', {});
    expect(res.ok).toBe(true);
    if (res.ok) {
      const info = res.value as { backend: string; tiles: string[] };
      expect(info.backend).toBe('embedded-sandbox');
      expect(info.tiles).toContain('queue');
      expect(info.tiles).toContain('rating');
    }
  });

  it('looks up a seeded dossier, with a lower-case spaced code', async () => {
    const { kiosk } = await start();
    const seeded = seedDossierCodes(new Date())[0]!;
    const typed = seeded.code.toLowerCase().replace(/-/g, ' - ');
    const res = await kiosk.router.handle('dossier.lookup', { code: typed });
    expect(res).toMatchObject({ ok: true, value: { dossierCode: seeded.code, state: seeded.state } });
  });

  it('answers invalid_code without asking the backend, and not_found for an unknown code', async () => {
    const { kiosk, log } = await start({ log: { level: 'debug' } });
    const bad = await kiosk.router.handle('dossier.lookup', { code: 'H56/260314' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_code' } });
    expect(log.lines.filter((l) => l.includes('/api/v1/dossiers/')).length).toBe(0);
    const missing = await kiosk.router.handle('dossier.lookup', { code: '000.00.99.H99-240101-9999' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('searches procedures without diacritics and opens one', async () => {
    const { kiosk } = await start();
    const page = await kiosk.router.handle('procedures.search', { q: 'khai sinh' });
    expect(page.ok).toBe(true);
    if (!page.ok) return;
    const items = (page.value as { items: { code: string; name: string }[] }).items;
    const birth = items.find((p) => p.name.includes('khai sinh'));
    expect(birth).toBeDefined();
    const detail = await kiosk.router.handle('procedures.get', { code: birth!.code });
    expect(detail).toMatchObject({ ok: true, value: { code: birth!.code } });
  });
});

describe('kiosk with a bad backend', () => {
  it('a dead backend gives offline, and the network banner event', async () => {
    const { kiosk } = await start({ backend: { url: await deadBackend(), retries: 1 } });
    const seen: boolean[] = [];
    kiosk.events.on('network.status', (s) => seen.push(s.online));
    const res = await kiosk.router.handle('dossier.lookup', { code: '000.00.12.H56-260314-0042' });
    expect(res).toMatchObject({ ok: false, error: { code: 'offline' } });
    expect(seen).toEqual([false]);
  });

  it('a hanging backend gives timeout', async () => {
    const { kiosk } = await start({ backend: { url: await hangingBackend(), timeoutMs: 600 } });
    const res = await kiosk.router.handle('dossier.lookup', { code: '000.00.12.H56-260314-0042' });
    expect(res).toMatchObject({ ok: false, error: { code: 'timeout' } });
  });

  it('recovers when a dropped link comes back, and says so', async () => {
    const sandbox = await startSandbox({ tokens: ['integration-token'] });
    try {
      const { kiosk } = await start({ backend: { url: sandbox.url, token: 'integration-token', retries: 0 } });
      const seen: boolean[] = [];
      kiosk.events.on('network.status', (s) => seen.push(s.online));
      const code = seedDossierCodes(new Date())[0]!.code;
      expect((await kiosk.router.handle('dossier.lookup', { code })).ok).toBe(true);
      sandbox.setFaults({ dropRate: 1 });
      expect(await kiosk.router.handle('dossier.lookup', { code })).toMatchObject({ ok: false, error: { code: 'offline' } });
      sandbox.setFaults({ dropRate: 0 });
      expect((await kiosk.router.handle('dossier.lookup', { code })).ok).toBe(true);
      expect(seen).toEqual([false, true]);
    } finally {
      await sandbox.close();
    }
  });
});
