/**
 * Queue ticket numbers (issue 13) against the real sandbox over HTTP on a real SQLite file:
 * per service, per Vietnamese day, never twice and without gaps, even with five kiosks asking at
 * once and a second sandbox process writing the same database; idempotent replays; the daily
 * restart at 00:00 in Vietnam whatever the process's TZ.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueTicket } from '../../main/api/queue';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { clock, expectProblem, http, QUEUE_TOKEN } from '../support/queue';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(join(tmpdir(), 'queue-numbers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function numbersOf(tickets: { number: string; serviceId: string }[]): Map<string, number[]> {
  const by = new Map<string, number[]>();
  for (const t of tickets) {
    const list = by.get(t.serviceId) ?? [];
    list.push(Number(t.number.replace(/^[A-Z]+/, '')));
    by.set(t.serviceId, list);
  }
  return by;
}

/** Every service's numbers are exactly 1..n, each once. */
function expectNoDuplicateNoGap(tickets: { number: string; serviceId: string }[]): void {
  for (const [service, nums] of numbersOf(tickets)) {
    const sorted = [...nums].sort((a, b) => a - b);
    expect(new Set(sorted).size, `${service}: duplicates`).toBe(sorted.length);
    expect(sorted, `${service}: gap`).toEqual(Array.from({ length: sorted.length }, (_, i) => i + 1));
  }
}

describe('five kiosks issuing 200 tickets each at once', () => {
  let sb: Sandbox;
  let child: ChildProcess | undefined;
  let childUrl = '';
  const file = join(dir, 'concurrent.db');
  beforeAll(async () => {
    sb = await startSandbox({ tokens: [QUEUE_TOKEN], dbFile: file, log: () => {} });
    // A second sandbox process on the same database file: two numbering servers, one authority (the row).
    child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', '--token', QUEUE_TOKEN, '--db', file], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    childUrl = await new Promise<string>((done, fail) => {
      let out = '';
      child!.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) done(m[1]!);
      });
      child!.once('exit', (code) => fail(new Error(`sandbox child exited ${code}: ${out}`)));
    });
  });
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await sb.close();
  });

  it('gives every ticket its own number, 1..n per service, across two processes', async () => {
    const services = ['ho-tich', 'chung-thuc', 'dat-dai'];
    const kiosks = Array.from({ length: 5 }, (_, k) => ({ id: `KIOSK-${k + 1}`, api: http(k % 2 === 0 ? sb.url : childUrl) }));
    const tickets: QueueTicket[] = [];
    const failures: string[] = [];
    await Promise.all(
      kiosks.map(async (kiosk, k) => {
        // 200 requests per kiosk, 20 in flight at a time
        let next = 0;
        await Promise.all(
          Array.from({ length: 20 }, async () => {
            while (next < 200) {
              const i = next++;
              const a = await kiosk.api.issue({ serviceId: services[(i * 7 + k) % 3]! }, { kiosk: kiosk.id });
              if (a.status === 201) tickets.push(QueueTicket.parse(a.body));
              else failures.push(`${a.status} ${JSON.stringify(a.body)}`);
            }
          }),
        );
      }),
    );
    expect(failures).toEqual([]);
    expect(tickets).toHaveLength(1000);
    expect(new Set(tickets.map((t) => t.id)).size).toBe(1000);
    expectNoDuplicateNoGap(tickets);
    // Both servers answered, and both see the same 1000 tickets waiting.
    const waiting = async (url: string) =>
      ((await http(url).get('/api/v1/queue/services')).body.items as { id: string; waiting: number }[]).reduce((s, i) => s + i.waiting, 0);
    expect(await waiting(sb.url)).toBe(1000);
    expect(await waiting(childUrl)).toBe(1000);
  }, 120_000);
});

describe('one request, one ticket', () => {
  let sb: Sandbox;
  const t = clock('2026-11-30T02:00:00Z');
  beforeAll(async () => {
    sb = await startSandbox({ tokens: [QUEUE_TOKEN], dbFile: join(dir, 'idem.db'), now: t.now, log: () => {} });
  });
  afterAll(() => sb.close());

  it('replays the first answer for the same Idempotency-Key, and refuses the key with another body', async () => {
    const api = http(sb.url);
    const first = await api.issue({ serviceId: 'xay-dung' }, { key: 'same-key' });
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe(`/api/v1/queue/tickets/${first.body.id}`);
    const again = await api.issue({ serviceId: 'xay-dung' }, { key: 'same-key' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expectProblem(await api.issue({ serviceId: 'dat-dai' }, { key: 'same-key' }), 422, 'idempotency-key-reused');
    const second = await api.issue({ serviceId: 'xay-dung' });
    expect(second.body.number).toBe('D002');
  });

  it('needs the Idempotency-Key and the X-Kiosk-Id, a known service and a valid body', async () => {
    const api = http(sb.url);
    expectProblem(await api.post('/api/v1/queue/tickets', { serviceId: 'ho-tich' }, { 'x-kiosk-id': 'K' }), 400, 'idempotency-key-missing');
    expectProblem(await api.post('/api/v1/queue/tickets', { serviceId: 'ho-tich' }, { 'idempotency-key': 'no-kiosk' }), 400, 'kiosk-id-missing');
    expectProblem(await api.issue({ serviceId: 'no-such-service' }), 404, 'service-not-found');
    expectProblem(await api.issue({ serviceId: 'ho-tich', priority: 'vip' }), 400, 'invalid-body');
    expectProblem(await api.issue({ serviceId: 'ho-tich', extra: 1 }), 400, 'invalid-body');
    const unauth = await http(sb.url, 'wrong').get('/api/v1/queue/services');
    expect(unauth.status).toBe(401);
    // None of the refusals took a number.
    expect((await api.issue({ serviceId: 'ho-tich' })).body.number).toBe('A001');
  });

  it('records the kiosk and the priority, and serves the ticket by its id', async () => {
    const api = http(sb.url);
    const a = await api.issue({ serviceId: 'chung-thuc', priority: 'pregnant' }, { kiosk: 'KIOSK-B' });
    expect(a.body).toMatchObject({ priority: 'pregnant', source: 'online', state: 'waiting', day: '2026-11-30', issuedAt: '2026-11-30T09:00:00+07:00' });
    expect(a.body.trackingUrl).toMatch(new RegExp(`${a.body.id}$`));
    const row = sb.queue.model.ticketRow(a.body.id)!;
    expect(row.kiosk_id).toBe('KIOSK-B');
    const got = await api.get(`/api/v1/queue/tickets/${a.body.id}`);
    expect(QueueTicket.parse(got.body)).toEqual(a.body);
    expectProblem(await api.get('/api/v1/queue/tickets/Q-nope'), 404, 'ticket-not-found');
  });
});

describe('the daily restart at 00:00 in Vietnam', () => {
  // 23:59:58 on 30/11 in Vietnam is 16:59:58 UTC; 00:00:00 on 01/12 in Vietnam is 17:00:00 UTC.
  const instants = [
    '2026-11-30T02:00:00Z',
    '2026-11-30T16:59:58Z',
    '2026-11-30T16:59:59.999Z',
    '2026-11-30T17:00:00Z',
    '2026-11-30T17:00:01Z',
    '2026-12-01T16:00:00Z',
  ];
  const expected = [
    { number: 'A001', day: '2026-11-30' },
    { number: 'A002', day: '2026-11-30' },
    { number: 'A003', day: '2026-11-30' },
    { number: 'A001', day: '2026-12-01' },
    { number: 'A002', day: '2026-12-01' },
    { number: 'A003', day: '2026-12-01' },
  ];

  it('restarts at Vietnamese midnight with the sandbox clock injected (this process)', async () => {
    const t = clock(instants[0]!);
    const sb = await startSandbox({ tokens: [QUEUE_TOKEN], dbFile: join(dir, 'midnight.db'), now: t.now, log: () => {} });
    try {
      const api = http(sb.url);
      const got: { number: string; day: string }[] = [];
      for (const at of instants) {
        t.set(at);
        const a = await api.issue({ serviceId: 'ho-tich' });
        got.push({ number: a.body.number, day: a.body.day });
        expect((await api.get('/api/v1/queue/services')).body.center.day).toBe(a.body.day);
      }
      expect(got).toEqual(expected);
      // Yesterday's waiting tickets are not today's queue.
      expect((await api.get('/api/v1/queue/services')).body.items.find((s: { id: string }) => s.id === 'ho-tich').waiting).toBe(3);
    } finally {
      await sb.close();
    }
  });

  for (const tz of ['UTC', 'America/New_York', 'Asia/Ho_Chi_Minh', 'Pacific/Kiritimati']) {
    it(`gives the same numbers in a process with TZ=${tz}`, async () => {
      const env: NodeJS.ProcessEnv = { ...process.env, TZ: tz };
      const stdout = await new Promise<string>((done, fail) =>
        execFile(
          process.execPath,
          ['--import', 'tsx', 'test/integration/queue-day-child.ts', JSON.stringify(instants)],
          { cwd: ROOT, env, timeout: 20_000 },
          (err, out, errOut) => (err ? fail(new Error(`${err.message}\n${errOut}`)) : done(out)),
        ),
      );
      const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
        tz: string;
        offsetMinutes: number;
        out: { number: string; day: string; servicesDay: string; issuedAt: string }[];
      };
      expect(result.tz).toBe(tz);
      // The child really ran in that zone (its local offset on 1 July).
      expect(result.offsetMinutes).toBe({ UTC: 0, 'America/New_York': 240, 'Asia/Ho_Chi_Minh': -420, 'Pacific/Kiritimati': -840 }[tz]);
      expect(result.out.map(({ number, day }) => ({ number, day }))).toEqual(expected);
      expect(result.out.map((o) => o.servicesDay)).toEqual(expected.map((e) => e.day));
      expect(result.out[3]!.issuedAt).toBe('2026-12-01T00:00:00+07:00');
    });
  }
});
