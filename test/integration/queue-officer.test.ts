/**
 * The officer's side of the queue (issue 13) over real HTTP on a real SQLite file: the call order
 * by the center's priority rule (strict, interleaved one in N, appointments first), the ticket's
 * transitions and the 409s of illegal ones, transfer to another service, and the estimated wait
 * from the people ahead, the open counters and the recent service times.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Counter, CounterList, QueueServiceList, QueueTicket, type PriorityRule } from '../../main/api/queue';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server';
import { clock, expectProblem, http, QUEUE_TOKEN } from '../support/queue';

const dir = mkdtempSync(join(tmpdir(), 'queue-officer-'));
const open: Sandbox[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function sandbox(options: Partial<SandboxOptions> = {}): Promise<{ sb: Sandbox; api: ReturnType<typeof http> }> {
  const sb = await startSandbox({ tokens: [QUEUE_TOKEN], dbFile: join(dir, `${randomUUID()}.db`), log: () => {}, ...options });
  open.push(sb);
  return { sb, api: http(sb.url) };
}

/** Calls at counter 1 until nobody waits, finishing each (call → start → finish); returns the numbers in call order. */
async function drain(api: ReturnType<typeof http>, counter = 1): Promise<string[]> {
  const order: string[] = [];
  for (;;) {
    const called = await api.counter(counter, 'call-next');
    if (called.status === 204) return order;
    expect(called.status, JSON.stringify(called.body)).toBe(200);
    order.push(QueueTicket.parse(called.body).number);
    expect((await api.counter(counter, 'start')).status).toBe(200);
    expect((await api.counter(counter, 'finish')).status).toBe(200);
  }
}

async function issueAll(api: ReturnType<typeof http>, list: (string | null)[], serviceId = 'ho-tich'): Promise<QueueTicket[]> {
  const out: QueueTicket[] = [];
  for (const priority of list) {
    const a = await api.issue({ serviceId, ...(priority ? { priority } : {}) });
    expect(a.status).toBe(201);
    out.push(QueueTicket.parse(a.body));
  }
  return out;
}

describe('call order by the center’s priority rule', () => {
  const cases: { rule: PriorityRule; order: string[] }[] = [
    // issued: A001 A002 A003(P) A004 A005(P) A006 A007 A008
    { rule: { mode: 'strict' }, order: ['A003', 'A005', 'A001', 'A002', 'A004', 'A006', 'A007', 'A008'] },
    { rule: { mode: 'interleaved', every: 2 }, order: ['A001', 'A002', 'A003', 'A004', 'A006', 'A005', 'A007', 'A008'] },
    { rule: { mode: 'interleaved', every: 1 }, order: ['A001', 'A003', 'A002', 'A005', 'A004', 'A006', 'A007', 'A008'] },
    { rule: { mode: 'interleaved', every: 5 }, order: ['A001', 'A002', 'A004', 'A006', 'A007', 'A003', 'A008', 'A005'] },
  ];
  for (const { rule, order } of cases) {
    it(`${rule.mode}${rule.mode === 'interleaved' ? ` one in ${rule.every}` : ''}: calls ${order.join(' ')}, as "ahead" said`, async () => {
      const { api } = await sandbox({ queue: { priorityRule: rule } });
      // Only counter 1 calls: counter 2 (same services) closes so its streak plays no part.
      expect((await api.counter(2, 'close')).status).toBe(200);
      const tickets = await issueAll(api, [null, null, 'elderly', null, 'disability', null, null, null]);
      const services = QueueServiceList.parse((await api.get('/api/v1/queue/services')).body);
      expect(services.center.priorityRule).toEqual(rule);
      expect(services.items.find((s) => s.id === 'ho-tich')!.waiting).toBe(8);
      // Each ticket's `ahead` before any call is its place in the order the counter then follows.
      const ahead = new Map<string, number>();
      for (const t of tickets) ahead.set(t.number, QueueTicket.parse((await api.get(`/api/v1/queue/tickets/${t.id}`)).body).ahead);
      expect([...ahead.entries()].sort((a, b) => a[1] - b[1]).map(([n]) => n)).toEqual(order);
      expect(await drain(api)).toEqual(order);
    });
  }

  it('interleaved: the streak is counted per counter and survives across services', async () => {
    const { api } = await sandbox({ queue: { priorityRule: { mode: 'interleaved', every: 2 } } });
    await issueAll(api, [null], 'ho-tich'); // A001
    await issueAll(api, [null], 'chung-thuc'); // B001
    await issueAll(api, ['meritorious'], 'ho-tich'); // A002 (P)
    await issueAll(api, [null], 'chung-thuc'); // B002
    // Counter 1 serves both services: two ordinary calls, then the priority one.
    expect(await drain(api, 1)).toEqual(['A001', 'B001', 'A002', 'B002']);
  });

  it('appointments first: a checked-in appointment is called before earlier priority and ordinary tickets', async () => {
    const t = clock('2026-11-30T02:10:00Z'); // 09:10 in Vietnam
    const { api } = await sandbox({ now: t.now, queue: { priorityRule: { mode: 'strict' }, appointmentRule: 'first' } });
    await issueAll(api, [null, 'elderly']); // A001, A002 (P)
    const appt = await api.issue({ serviceId: 'ho-tich', appointmentCode: 'LH-261130-0001' });
    expect(appt.status).toBe(201);
    expect(appt.body).toMatchObject({ number: 'A003', appointmentCode: 'LH-261130-0001', ahead: 0 });
    expect(await drain(api)).toEqual(['A003', 'A002', 'A001']);
  });

  it('appointments as priority: a checked-in appointment waits with the priority tickets, in issue order', async () => {
    const t = clock('2026-11-30T02:10:00Z');
    const { api } = await sandbox({ now: t.now, queue: { priorityRule: { mode: 'strict' }, appointmentRule: 'priority' } });
    await issueAll(api, [null, 'elderly']); // A001, A002 (P)
    const appt = await api.issue({ serviceId: 'ho-tich', appointmentCode: 'LH-261130-0001' });
    expect(appt.body).toMatchObject({ number: 'A003', ahead: 1 });
    expect(await drain(api)).toEqual(['A002', 'A003', 'A001']);
  });
});

describe('transitions', () => {
  it('moves a ticket waiting → called → serving → done, with recall and skip, and refuses the rest with 409', async () => {
    const { sb, api } = await sandbox();
    const [a1, a2] = await issueAll(api, [null, null]);
    expectProblem(await api.counter(1, 'finish'), 409, 'counter-idle');
    expectProblem(await api.counter(1, 'recall'), 409, 'counter-idle');
    const called = await api.counter(1, 'call-next');
    expect(called.body).toMatchObject({
      id: a1!.id,
      state: 'called',
      counter: 1,
      officer: { id: 'CB01', name: 'Nguyễn Thị Lan' },
      ahead: 0,
      estimatedWaitMinutes: null,
    });
    expectProblem(await api.counter(1, 'call-next'), 409, 'counter-busy');
    expectProblem(await api.counter(1, 'finish'), 409, 'illegal-transition');
    expectProblem(await api.counter(1, 'close'), 409, 'counter-busy');
    const recalled = await api.counter(1, 'recall');
    expect(recalled.body).toMatchObject({ id: a1!.id, state: 'called' });
    expect(sb.queue.model.ticketRow(a1!.id)!.recalls).toBe(1);
    expect((await api.counter(1, 'start')).body.state).toBe('serving');
    expectProblem(await api.counter(1, 'start'), 409, 'illegal-transition');
    expectProblem(await api.counter(1, 'recall'), 409, 'illegal-transition');
    expectProblem(await api.counter(1, 'skip'), 409, 'illegal-transition');
    expect((await api.counter(1, 'finish')).body).toMatchObject({ id: a1!.id, state: 'done', counter: 1 });
    // The next one does not come: skipped.
    expect((await api.counter(1, 'call-next')).body.id).toBe(a2!.id);
    expect((await api.counter(1, 'skip')).body).toMatchObject({ id: a2!.id, state: 'skipped' });
    expect((await api.counter(1, 'call-next')).status).toBe(204);
    expect((await api.get(`/api/v1/queue/tickets/${a2!.id}`)).body.state).toBe('skipped');
    // The counter list shows the counter free again.
    const counters = CounterList.parse((await api.get('/api/v1/queue/counters')).body);
    expect(counters.items.find((c) => c.number === 1)).toMatchObject({ open: true, current: null });
  });

  it('opens and closes counters, checks the officer and the counter number', async () => {
    const { api } = await sandbox();
    expectProblem(await api.counter(4, 'call-next'), 409, 'counter-closed');
    expectProblem(await api.counter(99, 'open'), 404, 'counter-not-found');
    expectProblem(await api.counter(0, 'open'), 400, 'invalid-path');
    expectProblem(await api.counter(4, 'open', {}, { 'x-officer-id': 'CB99' }), 422, 'officer-not-found');
    const opened = Counter.parse((await api.counter(4, 'open', {}, { 'x-officer-id': 'CB02' })).body);
    expect(opened).toMatchObject({ number: 4, open: true, officer: { id: 'CB02', name: 'Trần Văn Hùng' }, serviceIds: ['kinh-doanh'] });
    // Opening again by the same officer changes nothing; another officer is refused.
    expect((await api.counter(4, 'open', {}, { 'x-officer-id': 'CB02' })).status).toBe(200);
    expectProblem(await api.counter(4, 'open', {}, { 'x-officer-id': 'CB04' }), 409, 'counter-officer-mismatch');
    expectProblem(await api.counter(4, 'call-next', {}, { 'x-officer-id': 'CB04' }), 409, 'counter-officer-mismatch');
    expectProblem(await api.counter(4, 'call-next', {}, { 'x-counter': '5' }), 400, 'invalid-path');
    expect((await api.counter(4, 'call-next', {}, { 'x-officer-id': 'CB02', 'x-counter': '4' })).status).toBe(204);
    expect(Counter.parse((await api.counter(4, 'close')).body)).toMatchObject({ open: false, officer: null });
    expect((await api.counter(4, 'close')).status).toBe(200);
    // Without an officer id the counter opens with its usual officer.
    expect((await api.counter(4, 'open')).body.officer).toEqual({ id: 'CB04', name: 'Phạm Quốc Bảo' });
  });

  it('replays an officer action sent again with the same Idempotency-Key instead of acting twice', async () => {
    const { api } = await sandbox();
    await issueAll(api, [null, null]);
    const first = await api.counter(1, 'call-next', {}, { 'idempotency-key': 'call-1' });
    const again = await api.counter(1, 'call-next', {}, { 'idempotency-key': 'call-1' });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    // Still the first ticket at the counter, the second still waiting.
    const counters = CounterList.parse((await api.get('/api/v1/queue/counters')).body);
    expect(counters.items[0]!.current!.number).toBe('A001');
    expect(QueueServiceList.parse((await api.get('/api/v1/queue/services')).body).items[0]!.waiting).toBe(1);
  });
});

describe('transfer', () => {
  it('sends the current ticket to another service as a new waiting ticket with the same priority', async () => {
    const { api } = await sandbox();
    await issueAll(api, [null, null], 'chung-thuc'); // B001, B002
    const [a] = await issueAll(api, ['small_child']); // A001
    expect((await api.counter(2, 'close')).status).toBe(200);
    // Counter 1 calls (interleaved 1 in 3: B001, B002 ordinary first, then A001)
    expect((await api.counter(1, 'call-next')).body.number).toBe('B001');
    expectProblem(await api.counter(1, 'transfer', { serviceId: 'chung-thuc' }), 409, 'illegal-transition');
    expectProblem(await api.counter(1, 'transfer', { serviceId: 'nope' }), 422, 'service-not-found');
    expectProblem(await api.counter(1, 'transfer', {}), 400, 'invalid-body');
    await api.counter(1, 'start');
    await api.counter(1, 'finish');
    await api.counter(1, 'call-next'); // B002
    await api.counter(1, 'skip');
    const called = await api.counter(1, 'call-next');
    expect(called.body.id).toBe(a!.id);
    await api.counter(1, 'start');
    const moved = await api.counter(1, 'transfer', { serviceId: 'dat-dai' });
    expect(moved.status).toBe(201);
    const fresh = QueueTicket.parse(moved.body);
    expect(fresh).toMatchObject({ number: 'C001', serviceId: 'dat-dai', priority: 'small_child', state: 'waiting', counter: null, ahead: 0 });
    expect((await api.get(`/api/v1/queue/tickets/${a!.id}`)).body.state).toBe('transferred');
    expectProblem(await api.counter(1, 'transfer', { serviceId: 'dat-dai' }), 409, 'counter-idle');
    // Counter 3 (dat-dai) calls it.
    expect((await api.counter(3, 'call-next')).body.id).toBe(fresh.id);
  });
});

describe('estimated wait', () => {
  it('follows the people ahead, the open counters and the recent service times', async () => {
    const t = clock('2026-11-30T02:00:00Z');
    const { api } = await sandbox({ now: t.now, queue: { serviceTimeWindow: 3 } });
    const waitOf = async (id = 'ho-tich') => QueueServiceList.parse((await api.get('/api/v1/queue/services')).body).items.find((s) => s.id === id)!;
    // Seeded default 8 min for ho-tich, counters 1 and 2 open.
    expect(await waitOf()).toMatchObject({ waiting: 0, estimatedWaitMinutes: 0, open: true, counters: [1, 2] });
    const tickets = await issueAll(api, [null, null, null, null, null]);
    expect(tickets.map((x) => x.ahead)).toEqual([0, 1, 2, 3, 4]);
    expect(tickets.map((x) => x.estimatedWaitMinutes)).toEqual([0, 4, 8, 12, 16]); // ceil(ahead × 8 / 2)
    expect((await waitOf()).estimatedWaitMinutes).toBe(20);
    // Three residents served in 2, 4 and 6 minutes: the average becomes 4.
    for (const minutes of [2, 4, 6]) {
      await api.counter(1, 'call-next');
      await api.counter(1, 'start');
      t.advance(minutes * 60_000);
      await api.counter(1, 'finish');
    }
    const [, , , a4] = tickets;
    expect(QueueTicket.parse((await api.get(`/api/v1/queue/tickets/${a4!.id}`)).body)).toMatchObject({ ahead: 0, estimatedWaitMinutes: 0 });
    expect((await waitOf()).estimatedWaitMinutes).toBe(4); // 2 waiting × 4 / 2
    // A window of 3: a fourth, 10-minute service pushes out the 2-minute one: (4 + 6 + 10) / 3.
    await api.counter(1, 'call-next');
    await api.counter(1, 'start');
    t.advance(10 * 60_000);
    await api.counter(1, 'finish');
    expect((await waitOf()).estimatedWaitMinutes).toBe(Math.ceil((1 * 20) / 3 / 2));
    // One counter closes: the same people ahead take twice as long.
    await api.counter(2, 'close');
    expect((await waitOf()).estimatedWaitMinutes).toBe(Math.ceil((1 * 20) / 3));
    // No counter open: no estimate, and the kiosk greys the service out.
    await api.counter(1, 'close');
    expect(await waitOf()).toMatchObject({ open: false, estimatedWaitMinutes: null, waiting: 1 });
    expect((await api.get(`/api/v1/queue/tickets/${tickets[4]!.id}`)).body.estimatedWaitMinutes).toBeNull();
    expect((await waitOf('kinh-doanh')).open).toBe(false);
  });
});
