/**
 * Leases of numbers for offline tickets (issue 13, server side) over real HTTP on a real SQLite
 * file: a block reserved for one kiosk and one day from the lease series (A9001…), online numbering
 * untouched by it, a block used up,
 * the report that brings the offline tickets into the queue, released numbers never issued
 * again, the reports that must be refused, and the orphan of a request that timed out (an offline
 * ticket's `supersedes`) taken out of the queue.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lease, LeaseReportResult, QueueServiceList, QueueTicket } from '../../main/api/queue';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { clock, expectProblem, http, QUEUE_TOKEN } from '../support/queue';

const dir = mkdtempSync(join(tmpdir(), 'queue-leases-'));
const t = clock('2026-11-30T01:30:00Z'); // 08:30 in Vietnam
let sb: Sandbox;
let api: ReturnType<typeof http>;
beforeAll(async () => {
  sb = await startSandbox({ tokens: [QUEUE_TOKEN], dbFile: join(dir, 'leases.db'), now: t.now, log: () => {} });
  api = http(sb.url);
});
afterAll(async () => {
  await sb.close();
  rmSync(dir, { recursive: true, force: true });
});

const lease = (body: unknown, kiosk = 'KIOSK-L1', key = randomUUID()) =>
  api.post('/api/v1/queue/leases', body, { 'idempotency-key': key, 'x-kiosk-id': kiosk });
const report = (id: string, body: unknown, kiosk = 'KIOSK-L1', key = randomUUID()) =>
  api.post(`/api/v1/queue/leases/${id}/report`, body, { 'idempotency-key': key, 'x-kiosk-id': kiosk });
const at = (hhmm: string, day = '2026-11-30') => `${day}T${hhmm}:00+07:00`;

/** Every number of a service today, from the database (tickets issued online or reported). */
function numbersToday(serviceId: string, day = '2026-11-30'): number[] {
  return (
    sb.queue.model['deps'].db.prepare('SELECT seq FROM queue_tickets WHERE service_id = ? AND day = ? ORDER BY seq').all(serviceId, day) as { seq: number }[]
  ).map((r) => r.seq);
}

describe('a lease', () => {
  let block: Lease;
  it('reserves numbers of the lease series (A9001…) for the kiosk and today; online numbering goes on without a hole', async () => {
    expect((await api.issue({ serviceId: 'ho-tich' })).body.number).toBe('A001');
    const a = await lease({ serviceId: 'ho-tich', size: 3 });
    expect(a.status).toBe(201);
    block = Lease.parse(a.body);
    expect(block).toMatchObject({ serviceId: 'ho-tich', prefix: 'A', day: '2026-11-30', first: 9001, last: 9003, kioskId: 'KIOSK-L1' });
    expect((await api.issue({ serviceId: 'ho-tich' })).body.number).toBe('A002');
    // A second block follows the first in the lease series.
    const second = Lease.parse((await lease({ serviceId: 'ho-tich', size: 2 }, 'KIOSK-L9')).body);
    expect([second.first, second.last]).toEqual([9004, 9005]);
    await report(second.id, { issued: [], closed: true }, 'KIOSK-L9');
  });

  it('takes a report of the block used up: the offline tickets join the queue, in their issue order', async () => {
    const r = await report(block.id, {
      issued: [
        { number: 9002, issuedAt: at('08:10'), priority: 'elderly' },
        { number: 9001, issuedAt: at('08:05'), priority: null },
        { number: 9003, issuedAt: at('08:20'), priority: null },
      ],
      closed: false,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const result = LeaseReportResult.parse(r.body);
    expect(result.recorded.map((x) => [x.number, x.source, x.priority])).toEqual([
      ['A9001', 'lease', null],
      ['A9002', 'lease', 'elderly'],
      ['A9003', 'lease', null],
    ]);
    expect(result.recorded[0]!.issuedAt).toBe('2026-11-30T08:05:00+07:00');
    expect(result).toMatchObject({ alreadyRecorded: 0, released: [], closed: false });
    expect(QueueServiceList.parse((await api.get('/api/v1/queue/services')).body).items[0]!.waiting).toBe(5);
    // Issued at 08:05, before A001 (08:30): called first.
    expect((await api.counter(1, 'call-next')).body.number).toBe('A9001');
    await api.counter(1, 'skip');
    expect(numbersToday('ho-tich')).toEqual([1, 2, 9001, 9002, 9003]);
  });

  it('refuses a number past the used-up block, and a report from another kiosk', async () => {
    const past = await report(block.id, { issued: [{ number: 9004, issuedAt: at('08:25'), priority: null }], closed: false });
    expectProblem(past, 422, 'lease-report-invalid');
    expect(past.body.errors[0]).toMatchObject({ pointer: '#/issued/0/number' });
    expectProblem(await report(block.id, { issued: [], closed: true }, 'KIOSK-OTHER'), 403, 'lease-other-kiosk');
    expectProblem(await report(block.id, { issued: [], closed: true }, ''), 400, 'kiosk-id-missing');
    expectProblem(await report('L-nope', { issued: [], closed: true }), 404, 'lease-not-found');
  });

  it('leaves a resent report as it is (same key: the same answer; a new key: already recorded)', async () => {
    const body = { issued: [{ number: 9003, issuedAt: at('08:20'), priority: null }], closed: false };
    const r = await report(block.id, body);
    expect(LeaseReportResult.parse(r.body)).toMatchObject({ recorded: [], alreadyRecorded: 1 });
    expect(numbersToday('ho-tich')).toEqual([1, 2, 9001, 9002, 9003]);
  });
});

describe('closing a lease', () => {
  it('releases the unused numbers: never issued again that day', async () => {
    const b = Lease.parse((await lease({ serviceId: 'dat-dai', size: 5 }, 'KIOSK-L2')).body);
    expect([b.first, b.last]).toEqual([9001, 9005]);
    const online = await api.issue({ serviceId: 'dat-dai' });
    expect(online.body.number).toBe('C001');
    const key = randomUUID();
    const body = {
      issued: [
        { number: 9001, issuedAt: at('08:00'), priority: null },
        { number: 9003, issuedAt: at('08:01'), priority: 'pregnant' },
      ],
      closed: true,
    };
    const r = await report(b.id, body, 'KIOSK-L2', key);
    const result = LeaseReportResult.parse(r.body);
    expect(result).toMatchObject({ released: [9002, 9004, 9005], closed: true });
    expect(result.recorded.map((x) => x.number)).toEqual(['C9001', 'C9003']);
    // The same report again (the outbox retrying): the first answer, nothing added.
    const again = await report(b.id, body, 'KIOSK-L2', key);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(r.body);
    // A new report on the closed lease (a number it released) is refused.
    expectProblem(await report(b.id, { issued: [{ number: 9002, issuedAt: at('08:02'), priority: null }], closed: true }, 'KIOSK-L2'), 409, 'lease-closed');
    // Fifty more online tickets, without a hole; and the next block never reuses 9002, 9004, 9005.
    const more: string[] = [];
    for (let i = 0; i < 50; i++) more.push((await api.issue({ serviceId: 'dat-dai' })).body.number);
    expect(more[0]).toBe('C002');
    const next = Lease.parse((await lease({ serviceId: 'dat-dai', size: 3 }, 'KIOSK-L2')).body);
    expect([next.first, next.last]).toEqual([9006, 9008]);
    expect(numbersToday('dat-dai')).toEqual([...Array.from({ length: 51 }, (_, i) => i + 1), 9001, 9003]);
  });

  it('refuses a report whose tickets were issued on another day than the lease’s, or twice in one report', async () => {
    const b = Lease.parse((await lease({ serviceId: 'chung-thuc', size: 4 }, 'KIOSK-L3')).body);
    const r = await report(b.id, { issued: [{ number: b.first, issuedAt: at('23:59', '2026-11-29'), priority: null }], closed: false }, 'KIOSK-L3');
    expectProblem(r, 422, 'lease-report-invalid');
    expect(r.body.detail).toContain('2026-11-30');
    // 2026-11-30T17:00Z is 00:00 on 1 December in Vietnam: another day.
    expectProblem(
      await report(b.id, { issued: [{ number: b.first, issuedAt: '2026-11-30T17:00:00Z', priority: null }], closed: false }, 'KIOSK-L3'),
      422,
      'lease-report-invalid',
    );
    const twice = { number: b.first, issuedAt: at('08:00'), priority: null };
    expectProblem(await report(b.id, { issued: [twice, twice], closed: false }, 'KIOSK-L3'), 422, 'lease-report-invalid');
    expectProblem(await report(b.id, { issued: [{ number: 'x', issuedAt: at('08:00'), priority: null }], closed: false }, 'KIOSK-L3'), 400, 'invalid-body');
    // Nothing of the refused reports was recorded.
    expect(numbersToday('chung-thuc')).toEqual([]);
  });

  it('reports the next morning go to the lease’s own day, not today’s queue', async () => {
    const b = Lease.parse((await lease({ serviceId: 'xay-dung', size: 2 }, 'KIOSK-L4')).body);
    t.set('2026-12-01T01:00:00Z'); // 08:00 on 1 December in Vietnam
    try {
      const r = await report(b.id, { issued: [{ number: b.first, issuedAt: at('16:30'), priority: null }], closed: true }, 'KIOSK-L4');
      expect(LeaseReportResult.parse(r.body)).toMatchObject({ released: [b.last], closed: true });
      expect(QueueTicket.parse(LeaseReportResult.parse(r.body).recorded[0]).day).toBe('2026-11-30');
      const today = QueueServiceList.parse((await api.get('/api/v1/queue/services')).body);
      expect(today.center.day).toBe('2026-12-01');
      expect(today.items.find((s) => s.id === 'xay-dung')!.waiting).toBe(0);
      // A new day starts at D001.
      expect((await api.issue({ serviceId: 'xay-dung' })).body.number).toBe('D001');
    } finally {
      t.set('2026-11-30T01:30:00Z');
    }
  });

  it('validates the request: size 1..200, a known service, the kiosk id and the key', async () => {
    expectProblem(await lease({ serviceId: 'ho-tich', size: 0 }), 400, 'invalid-body');
    expectProblem(await lease({ serviceId: 'ho-tich', size: 201 }), 400, 'invalid-body');
    expectProblem(await lease({ serviceId: 'nope', size: 5 }), 404, 'service-not-found');
    expectProblem(await api.post('/api/v1/queue/leases', { serviceId: 'ho-tich', size: 5 }, { 'idempotency-key': randomUUID() }), 400, 'kiosk-id-missing');
    expectProblem(await api.post('/api/v1/queue/leases', { serviceId: 'ho-tich', size: 5 }, { 'x-kiosk-id': 'K' }), 400, 'idempotency-key-missing');
  });
});

describe('an offline ticket that supersedes a request that timed out', () => {
  const events = (after: number) =>
    sb.queue.model.eventsAfter(after).map((e) => [e.type, e.ticket?.number, e.counter ?? null, e.waiting[e.ticket?.serviceId ?? '']]);
  const ticket = async (id: string) => QueueTicket.parse((await api.get(`/api/v1/queue/tickets/${id}`)).body);
  const waiting = async (serviceId: string) =>
    QueueServiceList.parse((await api.get('/api/v1/queue/services')).body).items.find((s) => s.id === serviceId)!.waiting;
  const orphanState = (id: string) =>
    sb.queue.model['deps'].db.prepare('SELECT state, superseded_by FROM queue_tickets WHERE id = ?').get(id) as { state: string; superseded_by: string | null };

  it('takes the orphan out of the waiting queue (skipped, an event for the displays); the offline ticket joins; a resent report changes nothing', async () => {
    const kiosk = 'KIOSK-S1';
    const b = Lease.parse((await lease({ serviceId: 'ldtbxh', size: 3 }, kiosk)).body);
    // 08:30: the kiosk's request (key K) reaches the backend, which creates F001; the answer is lost.
    const K = randomUUID();
    const orphan = QueueTicket.parse((await api.issue({ serviceId: 'ldtbxh' }, { key: K, kiosk })).body);
    expect(orphan.number).toBe('F001');
    // Another resident at another kiosk, behind it.
    const next = QueueTicket.parse((await api.issue({ serviceId: 'ldtbxh' }, { kiosk: 'KIOSK-S2' })).body);
    expect((await ticket(next.id)).ahead).toBe(1);
    expect(await waiting('ldtbxh')).toBe(2);
    // The kiosk timed out and issued F9001 from its block; the link is back, the report names K.
    const before = sb.queue.model.lastEventId();
    const body = { issued: [{ number: b.first, issuedAt: at('08:31'), priority: null, supersedes: K }], closed: false };
    const key = randomUUID();
    t.set('2026-11-30T01:40:00Z'); // 08:40
    try {
      const r = await report(b.id, body, kiosk, key);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const result = LeaseReportResult.parse(r.body);
      expect(result.recorded.map((x) => [x.number, x.state, x.ahead])).toEqual([['F9001', 'waiting', 1]]);
      expect(await ticket(orphan.id)).toMatchObject({ state: 'skipped', counter: null, ahead: 0 });
      expect(orphanState(orphan.id)).toEqual({ state: 'skipped', superseded_by: result.recorded[0]!.id });
      // F002 is next now, the offline ticket after it; the displays hear of both.
      expect((await ticket(next.id)).ahead).toBe(0);
      expect(await waiting('ldtbxh')).toBe(2);
      expect(events(before)).toEqual([
        ['ticket.issued', 'F9001', null, 3],
        ['ticket.skipped', 'F001', null, 2],
      ]);
      // The report again: the same key replays the answer; a new key finds it already recorded. Nothing moves.
      const replay = await report(b.id, body, kiosk, key);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(LeaseReportResult.parse((await report(b.id, body, kiosk)).body)).toMatchObject({ recorded: [], alreadyRecorded: 1 });
      expect(events(before)).toHaveLength(2);
      expect(await waiting('ldtbxh')).toBe(2);
      expect(numbersToday('ldtbxh')).toEqual([1, 2, 9001]);
      // Counter 5 calls F002, then F9001: never the orphan.
      expect((await api.counter(5, 'call-next')).body.number).toBe('F002');
      await api.counter(5, 'skip');
      expect((await api.counter(5, 'call-next')).body.number).toBe('F9001');
      await api.counter(5, 'skip');
      expect((await api.counter(5, 'call-next')).status).toBe(204);
    } finally {
      t.set('2026-11-30T01:30:00Z');
    }
  });

  it('leaves an online ticket already called, and one another kiosk asked for, as they are', async () => {
    const kiosk = 'KIOSK-S3';
    const b = Lease.parse((await lease({ serviceId: 'tra-ket-qua', size: 3 }, kiosk)).body);
    const K1 = randomUUID();
    const called = QueueTicket.parse((await api.issue({ serviceId: 'tra-ket-qua' }, { key: K1, kiosk })).body);
    expect((await api.counter(6, 'call-next')).body.number).toBe(called.number);
    // The same key sent by another kiosk: not this kiosk's request.
    const K2 = randomUUID();
    const other = QueueTicket.parse((await api.issue({ serviceId: 'tra-ket-qua' }, { key: K2, kiosk: 'KIOSK-S4' })).body);
    const before = sb.queue.model.lastEventId();
    const r = await report(
      b.id,
      {
        issued: [
          { number: b.first, issuedAt: at('08:10'), priority: null, supersedes: K1 },
          { number: b.first + 1, issuedAt: at('08:11'), priority: null, supersedes: K2 },
        ],
        closed: true,
      },
      kiosk,
    );
    expect(LeaseReportResult.parse(r.body).recorded.map((x) => x.number)).toEqual(['G9001', 'G9002']);
    expect(await ticket(called.id)).toMatchObject({ state: 'called', counter: 6 });
    expect(orphanState(called.id).superseded_by).toBeNull();
    expect((await ticket(other.id)).state).toBe('waiting');
    expect(events(before).map((e) => e[0])).toEqual(['ticket.issued', 'ticket.issued']);
    expect(await waiting('tra-ket-qua')).toBe(3);
    await api.counter(6, 'skip');
  });

  it('a database written by an older sandbox gets the superseded_by column at start', async () => {
    const file = join(dir, 'older.db');
    await (await startSandbox({ tokens: [QUEUE_TOKEN], dbFile: file, log: () => {} })).close();
    const columns = () => {
      const db = new Database(file);
      try {
        return (db.prepare('PRAGMA table_info(queue_tickets)').all() as { name: string }[]).map((c) => c.name);
      } finally {
        db.close();
      }
    };
    const db = new Database(file);
    db.exec('ALTER TABLE queue_tickets DROP COLUMN superseded_by');
    db.close();
    expect(columns()).not.toContain('superseded_by');
    await (await startSandbox({ tokens: [QUEUE_TOKEN], dbFile: file, log: () => {} })).close();
    expect(columns()).toContain('superseded_by');
  });
});

describe('a center that refuses offline tickets', () => {
  it('answers 409 leases-refused', async () => {
    const s = await startSandbox({ tokens: [QUEUE_TOKEN], dbFile: join(dir, 'refuse.db'), queue: { offlinePolicy: 'refuse' }, log: () => {} });
    try {
      const a = http(s.url);
      expect(QueueServiceList.parse((await a.get('/api/v1/queue/services')).body).center.offlinePolicy).toBe('refuse');
      expectProblem(
        await a.post('/api/v1/queue/leases', { serviceId: 'ho-tich', size: 5 }, { 'idempotency-key': randomUUID(), 'x-kiosk-id': 'K' }),
        409,
        'leases-refused',
      );
      // The refusal took no number.
      expect((await a.issue({ serviceId: 'ho-tich' })).body.number).toBe('A001');
    } finally {
      await s.close();
    }
  });
});
