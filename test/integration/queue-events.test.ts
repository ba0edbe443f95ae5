/**
 * The queue's Server-Sent Events (issue 13) over real HTTP: events arrive as `id:`/`event:`/
 * `data:` with a valid QueueEvent, a client that lost its connection resumes with
 * Last-Event-ID (header or query) and gets exactly the events it missed, heartbeats, cleanup on
 * disconnect, and the server's close() ending open streams. Then the kiosk's SSE client
 * (main/api/queue-events.ts) reconnecting by itself across a sandbox restart and a silent link.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { QueueEvent } from '../../main/api/queue';
import { startQueueEvents, type QueueStreamState } from '../../main/api/queue-events';
import { createMemoryLogger } from '../../main/log';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server';
import { expectProblem, http, QUEUE_TOKEN } from '../support/queue';

const dir = mkdtempSync(join(tmpdir(), 'queue-events-'));
const opened: Sandbox[] = [];
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function sandbox(options: Partial<SandboxOptions> = {}): Promise<Sandbox> {
  const sb = await startSandbox({ tokens: [QUEUE_TOKEN], dbFile: join(dir, `${randomUUID()}.db`), log: () => {}, ...options });
  opened.push(sb);
  return sb;
}

interface Frame {
  id: number | null;
  event: string | null;
  data: string | null;
  comment: string | null;
}

/** A raw SSE reader (its own parsing, independent of the client under test): frames as they come. */
async function stream(url: string, headers: Record<string, string> = {}) {
  const ac = new AbortController();
  const res = await fetch(url, { headers: { authorization: `Bearer ${QUEUE_TOKEN}`, ...headers }, signal: ac.signal });
  const frames: Frame[] = [];
  let ended = false;
  let buffer = '';
  const reading = (async () => {
    if (!res.body) return;
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let i: number;
        while ((i = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const f: Frame = { id: null, event: null, data: null, comment: null };
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) f.comment = line.slice(1).trim();
            else if (line.startsWith('id: ')) f.id = Number(line.slice(4));
            else if (line.startsWith('event: ')) f.event = line.slice(7);
            else if (line.startsWith('data: ')) f.data = line.slice(6);
          }
          frames.push(f);
        }
      }
    } catch {
      // aborted
    } finally {
      ended = true;
    }
  })();
  const events = () =>
    frames
      .filter((f) => f.data !== null)
      .map((f) => {
        const e = QueueEvent.parse(JSON.parse(f.data!));
        expect(f.id).toBe(e.id);
        expect(f.event).toBe(e.type);
        return e;
      });
  return { res, frames, events, ended: () => ended, abort: async () => (ac.abort(), await reading), done: reading };
}

describe('GET /api/v1/queue/events', () => {
  it('streams every change as an SSE event with the QueueEvent as data', async () => {
    const sb = await sandbox();
    const api = http(sb.url);
    const s = await stream(`${sb.url}/api/v1/queue/events`);
    expect(s.res.status).toBe(200);
    expect(s.res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(s.res.headers.get('cache-control')).toBe('no-store');
    const t = (await api.issue({ serviceId: 'ho-tich', priority: 'elderly' })).body;
    await api.counter(4, 'open');
    await api.counter(1, 'call-next');
    await api.counter(1, 'recall');
    await api.counter(1, 'start');
    await api.counter(1, 'finish');
    await api.issue({ serviceId: 'dat-dai' });
    await api.counter(3, 'call-next');
    await api.counter(3, 'skip');
    await api.issue({ serviceId: 'dat-dai' });
    await api.counter(3, 'call-next');
    await api.counter(3, 'transfer', { serviceId: 'xay-dung' });
    await api.counter(4, 'close');
    await expect.poll(() => s.events().length).toBe(14);
    const events = s.events();
    expect(events.map((e) => e.type)).toEqual([
      'ticket.issued',
      'counter.changed',
      'ticket.called',
      'ticket.recalled',
      'ticket.started',
      'ticket.finished',
      'ticket.issued',
      'ticket.called',
      'ticket.skipped',
      'ticket.issued',
      'ticket.called',
      'ticket.transferred',
      'ticket.issued',
      'counter.changed',
    ]);
    // Increasing ids, one per change.
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => events[0]!.id + i));
    expect(events[0]!.ticket).toMatchObject({ id: t.id, number: 'A001', state: 'waiting', priority: 'elderly' });
    expect(events[0]!.waiting).toMatchObject({ 'ho-tich': 1, 'dat-dai': 0 });
    expect(events[1]).toMatchObject({ counter: 4 });
    expect(events[2]).toMatchObject({ counter: 1, ticket: { number: 'A001', state: 'called', counter: 1 }, waiting: { 'ho-tich': 0 } });
    expect(events[11]!.ticket).toMatchObject({ number: 'C002', state: 'transferred' });
    expect(events[12]!.ticket).toMatchObject({ number: 'D001', serviceId: 'xay-dung', state: 'waiting' });
    expect(events[12]!.waiting['xay-dung']).toBe(1);
    await s.abort();
  });

  it('resumes after a dropped connection with exactly the missed events (Last-Event-ID header, or ?lastEventId=)', async () => {
    const sb = await sandbox();
    const api = http(sb.url);
    for (let i = 0; i < 3; i++) await api.issue({ serviceId: 'chung-thuc' });
    // From the start: the three past events.
    const first = await stream(`${sb.url}/api/v1/queue/events?lastEventId=0`);
    await expect.poll(() => first.events().length).toBe(3);
    const seen = first.events();
    await first.abort();
    await expect.poll(() => sb.queue.hub.size).toBe(0);
    // While disconnected: four more changes.
    await api.counter(1, 'call-next');
    await api.counter(1, 'start');
    await api.issue({ serviceId: 'chung-thuc' });
    await api.counter(1, 'finish');
    const last = seen.at(-1)!.id;
    const second = await stream(`${sb.url}/api/v1/queue/events`, { 'last-event-id': String(last) });
    await expect.poll(() => second.events().length).toBe(4);
    expect(second.events().map((e) => e.type)).toEqual(['ticket.called', 'ticket.started', 'ticket.issued', 'ticket.finished']);
    expect(second.events().map((e) => e.id)).toEqual([last + 1, last + 2, last + 3, last + 4]);
    // Then live ones, and nothing else.
    await api.counter(1, 'call-next');
    await expect.poll(() => second.events().length).toBe(5);
    expect(second.events()[4]!).toMatchObject({ id: last + 5, type: 'ticket.called' });
    // The query form from the middle.
    const third = await stream(`${sb.url}/api/v1/queue/events?lastEventId=${last + 3}`);
    await expect.poll(() => third.events().map((e) => e.id)).toEqual([last + 4, last + 5]);
    await Promise.all([second.abort(), third.abort()]);
  });

  it('answers a Last-Event-ID above its newest event (a client of an earlier history) with every event from the first', async () => {
    const sb = await sandbox();
    const api = http(sb.url);
    for (let i = 0; i < 2; i++) await api.issue({ serviceId: 'ho-tich' });
    const s = await stream(`${sb.url}/api/v1/queue/events`, { 'last-event-id': '999' });
    await expect.poll(() => s.events().map((e) => e.id)).toEqual([1, 2]);
    await s.abort();
  });

  it('without Last-Event-ID sends live events only', async () => {
    const sb = await sandbox();
    const api = http(sb.url);
    await api.issue({ serviceId: 'ho-tich' });
    const s = await stream(`${sb.url}/api/v1/queue/events`);
    await expect.poll(() => s.frames.some((f) => f.comment === 'connected')).toBe(true);
    await api.issue({ serviceId: 'ho-tich' });
    await expect.poll(() => s.events().length).toBe(1);
    expect(s.events()[0]!.ticket!.number).toBe('A002');
    await s.abort();
  });

  it('sends a comment heartbeat, and forgets a client that went away', async () => {
    const sb = await sandbox({ queue: { heartbeatMs: 50 } });
    const s = await stream(`${sb.url}/api/v1/queue/events`);
    await expect.poll(() => s.frames.filter((f) => f.comment === 'heartbeat').length).toBeGreaterThanOrEqual(2);
    expect(sb.queue.hub.size).toBe(1);
    await s.abort();
    await expect.poll(() => sb.queue.hub.size).toBe(0);
  });

  it('refuses a bad Last-Event-ID and a missing token', async () => {
    const sb = await sandbox();
    expectProblem(await http(sb.url).get('/api/v1/queue/events', { 'last-event-id': 'abc' }), 400, 'invalid-last-event-id');
    expectProblem(await http(sb.url).get('/api/v1/queue/events?lastEventId=-1'), 400, 'invalid-last-event-id');
    expect((await fetch(`${sb.url}/api/v1/queue/events`)).status).toBe(401);
    const head = await fetch(`${sb.url}/api/v1/queue/events`, { method: 'HEAD', headers: { authorization: `Bearer ${QUEUE_TOKEN}` } });
    expect([head.status, head.headers.get('content-type')]).toEqual([200, 'text/event-stream; charset=utf-8']);
    expect(sb.queue.hub.size).toBe(0);
  });

  it('ends open streams when the server closes', async () => {
    const sb = await startSandbox({ tokens: [QUEUE_TOKEN], log: () => {} });
    const a = await stream(`${sb.url}/api/v1/queue/events`);
    const b = await stream(`${sb.url}/api/v1/queue/events?lastEventId=0`);
    await expect.poll(() => sb.queue.hub.size).toBe(2);
    await sb.close();
    await Promise.all([a.done, b.done]);
    expect(a.ended() && b.ended()).toBe(true);
    expect(sb.queue.hub.size).toBe(0);
  });
});

describe('the SSE client (main/api/queue-events.ts)', () => {
  it('reconnects by itself across a backend restart and delivers every event once, in order', async () => {
    const file = join(dir, 'restart.db');
    let sb = await startSandbox({ tokens: [QUEUE_TOKEN], dbFile: file, log: () => {} });
    const port = sb.port;
    const got: QueueEvent[] = [];
    const states: QueueStreamState['state'][] = [];
    const log = createMemoryLogger();
    const client = startQueueEvents({
      baseUrl: sb.url,
      token: QUEUE_TOKEN,
      lastEventId: 0,
      onEvent: (e) => got.push(e),
      onState: (s) => states.push(s.state),
      backoff: { baseMs: 20, capMs: 200 },
      log,
    });
    try {
      const api = http(sb.url);
      for (let i = 0; i < 3; i++) await api.issue({ serviceId: 'ho-tich' });
      await expect.poll(() => got.length).toBe(3);
      await sb.close();
      await expect.poll(() => states.at(-1)).not.toBe('open');
      // Back on the same port and database; changes made before the client is back are not lost.
      sb = await startSandbox({ tokens: [QUEUE_TOKEN], dbFile: file, port, log: () => {} });
      const api2 = http(sb.url);
      await api2.counter(1, 'call-next');
      await api2.issue({ serviceId: 'ho-tich' });
      await expect.poll(() => got.length, { timeout: 10_000 }).toBe(5);
      await api2.counter(1, 'skip');
      await expect.poll(() => got.length).toBe(6);
      expect(got.map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(got.map((e) => e.type)).toEqual(['ticket.issued', 'ticket.issued', 'ticket.issued', 'ticket.called', 'ticket.issued', 'ticket.skipped']);
      expect(states.filter((s) => s === 'open').length).toBeGreaterThanOrEqual(2);
      expect(states).toContain('waiting');
      expect(client.lastEventId()).toBe(6);
    } finally {
      await client.stop();
      await sb.close();
    }
    expect(states.at(-1)).toBe('stopped');
  });

  it('follows an in-memory backend restarted on the same port: the new run’s ids continue upward, nothing lost', async () => {
    let sb = await startSandbox({ tokens: [QUEUE_TOKEN], log: () => {} });
    const port = sb.port;
    const got: QueueEvent[] = [];
    let resets = 0;
    const client = startQueueEvents({
      baseUrl: sb.url,
      token: QUEUE_TOKEN,
      lastEventId: 0,
      onEvent: (e) => got.push(e),
      onReset: () => resets++,
      backoff: { baseMs: 20, capMs: 100 },
    });
    try {
      for (let i = 0; i < 3; i++) await http(sb.url).issue({ serviceId: 'ho-tich' });
      await expect.poll(() => got.length).toBe(3);
      const firstRun = got.map((e) => e.id);
      expect(firstRun[0]).toBeGreaterThan(1_600_000_000_000); // from the wall clock
      await sb.close();
      sb = await startSandbox({ tokens: [QUEUE_TOKEN], port, log: () => {} });
      await http(sb.url).issue({ serviceId: 'dat-dai' }); // before the client is back
      await http(sb.url).issue({ serviceId: 'dat-dai' });
      await expect.poll(() => got.length, { timeout: 10_000 }).toBe(5);
      expect(got.slice(3).map((e) => e.ticket!.number)).toEqual(['C001', 'C002']);
      expect(got[3]!.id).toBeGreaterThan(firstRun[2]!);
      expect(resets).toBe(0);
    } finally {
      await client.stop();
      await sb.close();
    }
  });

  it('notices a backend whose events started over (a new database), tells onReset, and delivers the new history; drop() resumes', async () => {
    let sb = await startSandbox({ tokens: [QUEUE_TOKEN], dbFile: join(dir, 'history-1.db'), log: () => {} });
    const port = sb.port;
    const got: number[] = [];
    let resets = 0;
    const log = createMemoryLogger();
    const client = startQueueEvents({
      baseUrl: sb.url,
      token: QUEUE_TOKEN,
      lastEventId: 0,
      onEvent: (e) => got.push(e.id),
      onReset: () => resets++,
      backoff: { baseMs: 20, capMs: 100 },
      log,
    });
    try {
      for (let i = 0; i < 3; i++) await http(sb.url).issue({ serviceId: 'ho-tich' });
      await expect.poll(() => got).toEqual([1, 2, 3]);
      await sb.close();
      sb = await startSandbox({ tokens: [QUEUE_TOKEN], dbFile: join(dir, 'history-2.db'), port, log: () => {} });
      await http(sb.url).issue({ serviceId: 'dat-dai' });
      await expect.poll(() => got, { timeout: 10_000 }).toEqual([1, 2, 3, 1]);
      expect(resets).toBe(1);
      await http(sb.url).issue({ serviceId: 'dat-dai' });
      await expect.poll(() => got).toEqual([1, 2, 3, 1, 2]);
      expect(resets).toBe(1);
      expect(log.lines.some((l) => /started over \(event 1 after 3\)/.test(l))).toBe(true);
      // drop(): a reconnect that resumes after the last event, nothing twice.
      const before = client.connections();
      client.drop();
      await expect.poll(() => client.connections()).toBe(before + 1);
      await http(sb.url).issue({ serviceId: 'dat-dai' });
      await expect.poll(() => got).toEqual([1, 2, 3, 1, 2, 3]);
      expect(resets).toBe(1);
    } finally {
      await client.stop();
      await sb.close();
    }
  });

  describe('against a misbehaving server', () => {
    let server: Server;
    let url = '';
    const connections: { lastEventId: string | undefined; res: ServerResponse }[] = [];
    let mode: 'silent' | 'garbage' = 'silent';
    afterAll(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));

    it('reconnects after a silent link (no heartbeat within idleTimeoutMs), and skips invalid events without throwing', async () => {
      server = createServer((req, res) => {
        connections.push({ lastEventId: req.headers['last-event-id'] as string | undefined, res });
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        if (mode === 'garbage') {
          const valid = { id: 7, type: 'counter.changed', at: '2026-11-30T09:00:00+07:00', counter: 2, waiting: { 'ho-tich': 0 } };
          res.write(`id: 5\nevent: ticket.issued\ndata: {not json\n\n`);
          res.write(`id: 6\nevent: ticket.issued\ndata: {"id":6,"type":"nope"}\n\n`);
          res.write(`id: 7\r\nevent: counter.changed\r\ndata: ${JSON.stringify(valid)}\r\n\r\n`);
          res.write(`id: 7\nevent: counter.changed\ndata: ${JSON.stringify(valid)}\n\n`); // a duplicate
        }
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const got: QueueEvent[] = [];
      const log = createMemoryLogger();
      const client = startQueueEvents({
        baseUrl: url,
        token: 't',
        lastEventId: 4,
        onEvent: (e) => got.push(e),
        idleTimeoutMs: 150,
        backoff: { baseMs: 10, capMs: 50 },
        log,
      });
      try {
        await expect.poll(() => connections.length).toBeGreaterThanOrEqual(2);
        expect(connections.every((c) => c.lastEventId === '4')).toBe(true);
        mode = 'garbage';
        await expect.poll(() => got.length).toBe(1);
        expect(got[0]).toMatchObject({ id: 7, type: 'counter.changed', counter: 2 });
        expect(log.lines.some((l) => /event 5 .*not JSON; skipped/.test(l))).toBe(true);
        expect(log.lines.some((l) => /event 6 does not match QueueEvent/.test(l))).toBe(true);
        expect(client.lastEventId()).toBe(7);
        // The next reconnect (after the silent period) asks from 7.
        await expect.poll(() => connections.at(-1)!.lastEventId).toBe('7');
        expect(got.length).toBe(1);
      } finally {
        await client.stop();
      }
    });
  });
});
