/**
 * The hall display's service and the counter's channels against the real sandbox over real HTTP
 * (SSE included): a call from a counter appears in the display's state and is said aloud (the
 * announcer's timeline); calls made while the link is cut (a real TCP proxy that refuses and
 * drops connections) are caught up through Last-Event-ID when it returns; the counter's buttons
 * go through the kiosk's router to the officer routes, with "nobody waiting" and an unreachable
 * backend answered clearly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../kiosk-config/loader';
import type { KioskConfigInput } from '../../kiosk-config/schema';
import { DisplayConfig } from '../../kiosk-config/hall';
import { createApiClient } from '../../main/api/client';
import { QueueTicket } from '../../main/api/queue';
import { createEvents } from '../../main/events';
import { createKiosk, type Kiosk } from '../../main/kiosk';
import { createMemoryLogger } from '../../main/log';
import { createHallBackend } from '../../main/services/hall/backend';
import { createQueueApi } from '../../main/api/queue-client';
import { createHallService, type HallService } from '../../main/services/hall';
import type { HallView } from '../../main/services/hall/contract';
import type { ComposedCall } from '../../drivers/voice/announcer';
import { startSandbox, type Sandbox } from '../../sandbox/server';

const TOKEN = 'hall-test-token';
let sb: Sandbox;
const dir = mkdtempSync(join(tmpdir(), 'hall-test-'));

beforeAll(async () => {
  sb = await startSandbox({ tokens: [TOKEN], log: () => {} });
});
afterAll(async () => {
  await sb.close();
  rmSync(dir, { recursive: true, force: true });
});

let keyN = 0;
async function issue(serviceId: string): Promise<QueueTicket> {
  const res = await fetch(`${sb.url}/api/v1/queue/tickets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'idempotency-key': `hall-test-${++keyN}`, 'x-kiosk-id': 'KIOSK-T1' },
    body: JSON.stringify({ serviceId }),
  });
  expect(res.status).toBe(201);
  return QueueTicket.parse(await res.json());
}
async function officer(counter: number, action: string, officerId: string): Promise<Response> {
  return fetch(`${sb.url}/api/v1/queue/counters/${counter}/${action}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'x-counter': String(counter), 'x-officer-id': officerId },
  });
}

/** A TCP proxy to the sandbox that can be cut (refuses and drops connections) and restored; it keeps each connection's first bytes. */
async function cuttableProxy(target: string): Promise<{ url: string; cut(): void; restore(): void; heads: string[]; close(): Promise<void> }> {
  const { hostname, port } = new URL(target);
  let down = false;
  const sockets = new Set<Socket>();
  const heads: string[] = [];
  const server: Server = createServer((client) => {
    if (down) return client.destroy();
    const upstream = connect(Number(port), hostname);
    sockets.add(client);
    sockets.add(upstream);
    let first = true;
    client.on('data', (d: Buffer) => {
      if (first) heads.push(d.toString('latin1'));
      first = false;
    });
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${addr.port}`,
    heads,
    cut() {
      down = true;
      for (const s of sockets) s.destroy();
    },
    restore() {
      down = false;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

function hallOn(
  url: string,
  log = createMemoryLogger('debug'),
  resyncMs?: number,
  extra: { now?: () => Date; sayIfNewerThanSeconds?: number; services?: string[] } = {},
) {
  const events = createEvents(log);
  const api = createApiClient({ baseUrl: url, token: TOKEN, timeoutMs: 3000, retries: 0, log });
  const updates: HallView[] = [];
  events.on('hall.update', (v) => updates.push(v));
  const said: ComposedCall[] = [];
  const hall = createHallService({
    backend: createHallBackend(createQueueApi(api)),
    baseUrl: url,
    token: TOKEN,
    config: DisplayConfig.parse({
      recentCalls: 4,
      ...(extra.services ? { services: extra.services } : {}),
      voice: { gapMs: 100, ...(extra.sayIfNewerThanSeconds ? { sayIfNewerThanSeconds: extra.sayIfNewerThanSeconds } : {}) },
    }),
    ...(extra.now ? { now: extra.now } : {}),
    dataDir: dir,
    events,
    log,
    announcements: () => api.announcements(),
    speak: true,
    ...(resyncMs ? { resyncMs } : {}),
    // No sound card here: a sink that returns early; the announcer still waits the call's full length.
    sink: (call) => {
      said.push(call);
      return new Promise((r) => setTimeout(r, call.durationMs / 10));
    },
  });
  return { hall, updates, said, log };
}

describe('the hall display against the sandbox', () => {
  let hall: HallService;
  afterAll(async () => hall?.stop());

  it('shows and says a call made at a counter', async () => {
    const h = hallOn(sb.url);
    hall = h.hall;
    hall.start();
    await hall.voiceReady();
    await expect.poll(() => hall.view().connected && hall.view().loaded).toBe(true);
    expect(hall.view().voice.on).toBe(true);
    expect(hall.view().waiting.map((w) => w.serviceId)).toContain('dat-dai');
    expect(hall.view().ticker.length).toBeGreaterThan(0);

    const t = await issue('dat-dai');
    await expect.poll(() => hall.view().waiting.find((w) => w.serviceId === 'dat-dai')?.waiting).toBeGreaterThan(0);
    const called = await officer(3, 'call-next', 'CB03');
    expect(called.status).toBe(200);
    await expect.poll(() => hall.view().nowCalling?.number).toBe(t.number);
    expect(hall.view().nowCalling).toMatchObject({ counter: 3, ticketId: t.id, recall: false });
    expect(h.updates.at(-1)?.nowCalling?.number).toBe(t.number);
    await expect.poll(() => h.said.map((c) => c.ticket)).toContain(t.number);
    const call = h.said.find((c) => c.ticket === t.number)!;
    expect(call.text).toMatch(/^Xin mời khách hàng số xê .+ đến quầy số ba$/);
    await expect.poll(() => hall.timeline().map((e) => e.ticket)).toContain(t.number);

    // Recall: called again, said again, still one line on the display.
    expect((await officer(3, 'recall', 'CB03')).status).toBe(200);
    await expect.poll(() => hall.view().nowCalling?.recall).toBe(true);
    await expect.poll(() => h.said.filter((c) => c.ticket === t.number).length, { timeout: 15_000 }).toBe(2);
    expect([hall.view().nowCalling, ...hall.view().recent].filter((c) => c?.ticketId === t.id)).toHaveLength(1);
    // Leave counter 3 free.
    expect((await officer(3, 'skip', 'CB03')).status).toBe(200);
  });

  it('catches up after the link is cut: calls made meanwhile arrive from the stream (Last-Event-ID)', async () => {
    const proxy = await cuttableProxy(sb.url);
    const h = hallOn(proxy.url);
    try {
      h.hall.start();
      await expect.poll(() => h.hall.view().connected && h.hall.view().loaded).toBe(true);
      const first = await issue('ho-tich');
      await officer(1, 'call-next', 'CB01');
      await expect.poll(() => h.hall.view().nowCalling?.number).toBe(first.number);
      const lastSeen = h.hall.view().nowCalling!.eventId;

      proxy.cut();
      await expect.poll(() => h.hall.view().connected).toBe(false);
      // While the display is cut off: one more ticket, called at counter 2.
      const second = await issue('chung-thuc');
      expect((await officer(2, 'call-next', 'CB02')).status).toBe(200);
      expect(h.hall.view().nowCalling?.number).toBe(first.number); // the last known state stays

      proxy.restore();
      await expect.poll(() => h.hall.view().connected, { timeout: 20_000 }).toBe(true);
      await expect.poll(() => h.hall.view().nowCalling?.number).toBe(second.number);
      // It came from the stream (an event id after the last one seen), not only from the counters' snapshot.
      expect(h.hall.view().nowCalling!.eventId).toBeGreaterThan(lastSeen);
      expect(h.hall.view().recent.map((c) => c.number)).toContain(first.number);
      const resumed = proxy.heads.filter((x) => x.startsWith('GET /api/v1/queue/events') && /last-event-id: \d+/i.test(x));
      expect(resumed.length).toBeGreaterThan(0);
      expect(h.hall.health().restarts).toBeGreaterThan(0);
      await officer(1, 'skip', 'CB01');
      await officer(2, 'skip', 'CB02');
    } finally {
      await h.hall.stop();
      await proxy.close();
    }
  }, 40_000);
});

describe('a display for some services only (display.services)', () => {
  it('shows the waiting and the calls of its services, not the others', async () => {
    const h = hallOn(sb.url, createMemoryLogger('debug'), undefined, { services: ['kinh-doanh', 'tra-ket-qua'] });
    try {
      h.hall.start();
      await expect.poll(() => h.hall.view().loaded).toBe(true);
      expect(h.hall.view().waiting.map((w) => w.serviceId)).toEqual(['kinh-doanh', 'tra-ket-qua']);
      const other = await issue('ldtbxh');
      await officer(5, 'call-next', 'CB05');
      const mine = await issue('tra-ket-qua');
      await officer(6, 'call-next', 'CB06');
      await expect.poll(() => h.hall.view().nowCalling?.number).toBe(mine.number);
      expect([h.hall.view().nowCalling, ...h.hall.view().recent].map((c) => c?.number)).not.toContain(other.number);
      await expect.poll(() => h.said.map((c) => c.ticket), { timeout: 10_000 }).toEqual([mine.number]);
      await officer(5, 'skip', 'CB05');
      await officer(6, 'skip', 'CB06');
    } finally {
      await h.hall.stop();
    }
  });
});

describe('late calls', () => {
  it('says a live call whatever the clocks, and only shows one caught up long after it was made', async () => {
    const proxy = await cuttableProxy(sb.url);
    // The display's clock runs 10 minutes ahead of the backend's.
    const h = hallOn(proxy.url, createMemoryLogger('debug'), undefined, { now: () => new Date(Date.now() + 600_000), sayIfNewerThanSeconds: 5 });
    try {
      h.hall.start();
      await h.hall.voiceReady();
      await expect.poll(() => h.hall.view().connected && h.hall.view().loaded).toBe(true);
      const live = await issue('xay-dung');
      await officer(3, 'call-next', 'CB03');
      await expect.poll(() => h.said.map((c) => c.ticket), { timeout: 10_000 }).toContain(live.number);
      await officer(3, 'skip', 'CB03');

      proxy.cut();
      await expect.poll(() => h.hall.view().connected).toBe(false);
      const late = await issue('xay-dung');
      await officer(3, 'call-next', 'CB03');
      // Made now, reaching the display only after more than 5 s.
      await new Promise((r) => setTimeout(r, 6_000));
      proxy.restore();
      await expect.poll(() => h.hall.view().nowCalling?.number, { timeout: 20_000 }).toBe(late.number);
      await expect.poll(() => h.log.lines.some((l) => l.includes(`call ${late.number} → quầy 3 is`) && l.includes('shown, not said'))).toBe(true);
      expect(h.said.map((c) => c.ticket)).not.toContain(late.number);
      await officer(3, 'skip', 'CB03');
    } finally {
      await h.hall.stop();
      await proxy.close();
    }
  }, 60_000);
});

describe('a backend that restarts with its events from 1 again', () => {
  it('is noticed: the display reloads and shows calls of the new backend', async () => {
    const first = await startSandbox({ tokens: [TOKEN], log: () => {} });
    const port = first.port;
    const h = hallOn(first.url, createMemoryLogger('debug'), 1000);
    let second: Sandbox | undefined;
    try {
      h.hall.start();
      await expect.poll(() => h.hall.view().connected && h.hall.view().loaded).toBe(true);
      // Several events on the first backend, so its ids run ahead of the new one's.
      for (let i = 0; i < 3; i += 1) {
        const r = await fetch(`${first.url}/api/v1/queue/tickets`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'idempotency-key': `restart-${i}`, 'x-kiosk-id': 'K' },
          body: JSON.stringify({ serviceId: 'ldtbxh' }),
        });
        expect(r.status).toBe(201);
      }
      await fetch(`${first.url}/api/v1/queue/counters/5/call-next`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'x-officer-id': 'CB05' } });
      await expect.poll(() => h.hall.view().nowCalling?.number).toBe('F001');
      await first.close();
      await expect.poll(() => h.hall.view().connected).toBe(false);
      // A new in-memory backend on the same port: numbers and event ids start again.
      second = await startSandbox({ tokens: [TOKEN], port, log: () => {} });
      await expect.poll(() => h.hall.view().connected, { timeout: 20_000 }).toBe(true);
      const r = await fetch(`${second.url}/api/v1/queue/tickets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'idempotency-key': 'restart-new', 'x-kiosk-id': 'K' },
        body: JSON.stringify({ serviceId: 'tra-ket-qua' }),
      });
      const t = QueueTicket.parse(await r.json());
      await fetch(`${second.url}/api/v1/queue/counters/6/call-next`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'x-officer-id': 'CB06' } });
      // The snapshot shows it (counter 6 calls a ticket no event announced), then the stream resubscribes.
      await expect.poll(() => [h.hall.view().nowCalling, ...h.hall.view().recent].map((c) => c?.number), { timeout: 10_000 }).toContain(t.number);
      await expect.poll(() => h.log.lines.some((l) => /events started over/.test(l)), { timeout: 10_000 }).toBe(true);
      // And live events flow again: the next call arrives as an event.
      const r2 = await fetch(`${second.url}/api/v1/queue/tickets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'idempotency-key': 'restart-new-2', 'x-kiosk-id': 'K' },
        body: JSON.stringify({ serviceId: 'ldtbxh' }),
      });
      const t2 = QueueTicket.parse(await r2.json());
      await fetch(`${second.url}/api/v1/queue/counters/5/call-next`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'x-officer-id': 'CB05' } });
      await expect.poll(() => h.hall.view().nowCalling?.number, { timeout: 10_000 }).toBe(t2.number);
      expect(h.hall.view().nowCalling!.eventId).toBeGreaterThan(0);
    } finally {
      await h.hall.stop();
      await second?.close();
    }
  }, 40_000);
});

describe('the voice off', () => {
  it('a display without espeak-ng shows calls and says in the log and diagnostics that the voice is off', async () => {
    const loaded = loadConfig({
      env: {},
      overrides: { profile: 'display', dataDir: mkdtempSync(join(dir, 'novoice-')), backend: { url: sb.url, token: TOKEN } },
    });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const log = createMemoryLogger('debug');
    // No espeak-ng on the PATH for this kiosk (the clip renderer looks it up there).
    const path = process.env.PATH;
    process.env.PATH = join(dir, 'empty-bin');
    let k: Kiosk | undefined;
    try {
      k = await createKiosk(loaded.config, { log });
      await k.hall!.voiceReady();
    } finally {
      process.env.PATH = path;
    }
    try {
      expect(k.hall!.view().voice).toMatchObject({ on: false, reason: expect.stringMatching(/espeak-ng is not available/) });
      expect(log.lines.some((l) => /the voice is off: espeak-ng is not available/.test(l))).toBe(true);
      const s = await k.router.handle('kiosk.status', {});
      expect(s.ok && (s.value as { loops: Array<{ name: string; state: string }> }).loops.find((l) => l.name === 'hall.voice')?.state).toBe('stopped');
      const t = await issue('tra-ket-qua');
      expect((await officer(6, 'call-next', 'CB06')).status).toBe(200);
      await expect.poll(() => k.hall!.view().nowCalling?.number).toBe(t.number);
      expect(k.hall!.timeline()).toEqual([]);
      await officer(6, 'skip', 'CB06');
    } finally {
      await k.stop();
    }
  });
});

describe('the counter through the kiosk', () => {
  let kiosk: Kiosk;
  async function counterKiosk(overrides: KioskConfigInput): Promise<Kiosk> {
    const loaded = loadConfig({
      env: {},
      overrides: { profile: 'counter', dataDir: mkdtempSync(join(dir, 'k-')), backend: { url: sb.url, token: TOKEN }, ...overrides },
    });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    return createKiosk(loaded.config, { log: createMemoryLogger('debug') });
  }
  afterAll(async () => kiosk?.stop());

  it('calls, starts, finishes and transfers through the officer routes', async () => {
    kiosk = await counterKiosk({ counter: { number: 5, officerId: 'CB05', officerName: 'Võ Thị Hồng' } });
    const act = async (action: string) => kiosk.router.handle('counter.act', { action });
    let r = await kiosk.router.handle('counter.view', {});
    expect(r.ok).toBe(true);
    // Nobody waits for ldtbxh yet: a notice, not an error.
    r = await act('call-next');
    expect(r).toMatchObject({ ok: true, value: { notice: 'nobody_waiting', current: null } });

    const t = await issue('ldtbxh');
    r = await kiosk.router.handle('counter.view', {});
    expect(r).toMatchObject({ ok: true, value: { waiting: 1, counter: 5, open: true } });
    r = await act('call-next');
    expect(r).toMatchObject({ ok: true, value: { current: { number: t.number, state: 'called' }, notice: null, waiting: 0 } });
    r = await act('start');
    expect(r).toMatchObject({ ok: true, value: { current: { state: 'serving' } } });
    r = await act('finish');
    expect(r).toMatchObject({ ok: true, value: { current: null, finished: { id: t.id, number: t.number } } });

    // Finish again with no ticket: the backend's 409, as a clear refusal.
    r = await act('finish');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('rejected');

    // Transfer: a second ticket, called, then sent to "Trả kết quả".
    const t2 = await issue('ldtbxh');
    await act('call-next');
    r = await kiosk.router.handle('counter.transfer', { serviceId: 'tra-ket-qua' });
    expect(r).toMatchObject({ ok: true, value: { current: null } });
    const moved = await fetch(`${sb.url}/api/v1/queue/tickets/${t2.id}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(QueueTicket.parse(await moved.json()).state).toBe('transferred');
    const services = await kiosk.router.handle('counter.view', {});
    if (services.ok) expect((services.value as { services: Array<{ id: string }> }).services.map((s) => s.id)).toContain('tra-ket-qua');
  });

  it('says clearly when the counter is not set up or the backend is unreachable', async () => {
    const unset = await counterKiosk({});
    try {
      expect(await unset.router.handle('counter.view', {})).toMatchObject({ ok: true, value: { configured: false } });
      const r = await unset.router.handle('counter.act', { action: 'call-next' });
      expect(r).toMatchObject({ ok: false, error: { code: 'not_configured' } });
    } finally {
      await unset.stop();
    }
    const srv = createServer();
    await new Promise<void>((res) => srv.listen(0, '127.0.0.1', res));
    const port = (srv.address() as { port: number }).port;
    await new Promise((res) => srv.close(res));
    const down = await counterKiosk({ counter: { number: 1 }, backend: { url: `http://127.0.0.1:${port}`, token: TOKEN, timeoutMs: 1000, retries: 0 } });
    try {
      const r = await down.router.handle('counter.act', { action: 'call-next' });
      expect(r).toMatchObject({ ok: false, error: { code: 'offline' } });
      // Diagnostics show the event stream restarting.
      await expect
        .poll(async () => {
          const s = await down.router.handle('kiosk.status', {});
          return s.ok ? (s.value as { loops: Array<{ name: string; state: string }> }).loops.find((l) => l.name === 'hall.events')?.state : undefined;
        })
        .toBe('restarting');
    } finally {
      await down.stop();
    }
  });
});
