/**
 * Appointment check-in (issue 13, server side) over real HTTP on a real SQLite file: the seeded
 * appointments around "today" in Vietnam, each refusal with its problem type from
 * APPOINTMENT_PROBLEMS and a Vietnamese detail, the check-in window's edges, and a successful
 * check-in that issues a ticket in the appointment's service.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Appointment, APPOINTMENT_PROBLEMS, QueueTicket } from '../../main/api/queue';
import { seedAppointments } from '../../sandbox/queue/db';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { clock, expectProblem, http, QUEUE_TOKEN } from '../support/queue';

const dir = mkdtempSync(join(tmpdir(), 'queue-appointments-'));
const START = '2026-11-30T02:10:00Z'; // 09:10 in Vietnam
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function sandboxAt(iso: string): Promise<{ sb: Sandbox; api: ReturnType<typeof http>; t: ReturnType<typeof clock> }> {
  const t = clock(iso);
  const sb = await startSandbox({ tokens: [QUEUE_TOKEN], dbFile: join(dir, `${randomUUID()}.db`), now: t.now, log: () => {} });
  return { sb, api: http(sb.url), t };
}

describe('the seeded appointments', () => {
  it('lie around the start time in Vietnam, one per case', () => {
    const seeded = seedAppointments(new Date(START));
    expect(seeded.map((a) => [a.code, a.case, a.date, a.slotStart, a.slotEnd, a.state])).toEqual([
      ['LH-261130-0001', 'on-time', '2026-11-30', '09:00', '11:00', 'booked'],
      ['LH-261130-0002', 'too-early', '2026-11-30', '11:00', '11:30', 'booked'],
      ['LH-261130-0003', 'too-late', '2026-11-30', '07:30', '08:00', 'booked'],
      ['LH-261201-0004', 'other-day', '2026-12-01', '09:00', '09:30', 'booked'],
      ['LH-261130-0005', 'used', '2026-11-30', '09:00', '11:00', 'checked_in'],
      ['LH-261130-0006', 'cancelled', '2026-11-30', '09:00', '11:00', 'cancelled'],
      ['LH-261130-0007', 'other-center', '2026-11-30', '09:00', '11:00', 'booked'],
      ['LH-261130-0008', 'on-time', '2026-11-30', '09:00', '11:00', 'booked'],
      ['LH-261130-0009', 'on-time', '2026-11-30', '09:00', '11:00', 'booked'],
    ]);
  });
});

describe('check-in', () => {
  let sb: Sandbox;
  let api: ReturnType<typeof http>;
  beforeAll(async () => {
    ({ sb, api } = await sandboxAt(START));
  });
  afterAll(() => sb.close());

  it('serves an appointment by its code, forgiving case and spaces; 404 when unknown', async () => {
    const a = Appointment.parse((await api.get('/api/v1/appointments/lh - 261130 - 0001')).body);
    expect(a).toMatchObject({
      code: 'LH-261130-0001',
      serviceId: 'ho-tich',
      serviceName: 'Khai sinh, kết hôn, khai tử',
      state: 'booked',
      centerId: '000.00.20.H29',
    });
    expectProblem(await api.get('/api/v1/appointments/LH-261130-9999'), 404, 'appointment-not-found');
    expectProblem(await api.get('/api/v1/appointments/hello'), 404, 'appointment-not-found');
  });

  const refusals: [string, (typeof APPOINTMENT_PROBLEMS)[number], RegExp][] = [
    ['LH-261130-0002', 'appointment-too-early', /11:00–11:30.*từ 10:30/],
    ['LH-261130-0003', 'appointment-too-late', /đã quá giờ/],
    ['LH-261201-0004', 'appointment-wrong-day', /ngày 01\/12\/2026, không phải hôm nay \(30\/11\/2026\)/],
    ['LH-261130-0005', 'appointment-used', /đã được sử dụng/],
    ['LH-261130-0006', 'appointment-cancelled', /đã bị hủy/],
    ['LH-261130-0007', 'appointment-other-center', /trung tâm khác/],
    ['LH-261130-9999', 'appointment-not-found', /Không tìm thấy lịch hẹn/],
    ['not a code', 'appointment-not-found', /LH-yyMMdd-NNNN/],
  ];
  for (const [code, slug, detail] of refusals) {
    it(`${code}: 422 ${slug} with a Vietnamese detail, and no number taken`, async () => {
      const before = (await api.get('/api/v1/queue/services')).body.items.map((s: { waiting: number }) => s.waiting);
      const a = await api.issue({ serviceId: 'ho-tich', appointmentCode: code });
      expectProblem(a, 422, slug);
      expect(a.body.detail).toMatch(detail);
      expect(a.body.detail).toBe(a.body.detail.normalize('NFC'));
      expect((await api.get('/api/v1/queue/services')).body.items.map((s: { waiting: number }) => s.waiting)).toEqual(before);
    });
  }

  it('checks in an appointment on time: a ticket in its service (whatever serviceId says), the appointment used', async () => {
    const a = await api.issue({ serviceId: 'ho-tich', appointmentCode: 'lh-261130-0008' });
    expect(a.status).toBe(201);
    const ticket = QueueTicket.parse(a.body);
    expect(ticket).toMatchObject({ serviceId: 'dat-dai', number: 'C001', appointmentCode: 'LH-261130-0008', state: 'waiting' });
    expect(Appointment.parse((await api.get('/api/v1/appointments/LH-261130-0008')).body).state).toBe('checked_in');
    expectProblem(await api.issue({ serviceId: 'dat-dai', appointmentCode: 'LH-261130-0008' }), 422, 'appointment-used');
    // Both refusals above and this one took no number: the next dat-dai ticket is C002.
    expect((await api.issue({ serviceId: 'dat-dai' })).body.number).toBe('C002');
  });

  it('a retried check-in (same key) replays the ticket instead of answering "already used"', async () => {
    const key = randomUUID();
    const first = await api.issue({ serviceId: 'chung-thuc', appointmentCode: 'LH-261130-0009' }, { key });
    const again = await api.issue({ serviceId: 'chung-thuc', appointmentCode: 'LH-261130-0009' }, { key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
  });
});

describe('a sandbox running for days', () => {
  it('seeds the demo appointments of each new Vietnamese day', async () => {
    const { sb, api, t } = await sandboxAt(START);
    try {
      expectProblem(await api.get('/api/v1/appointments/LH-261203-0001'), 404, 'appointment-not-found');
      t.set('2026-12-03T03:00:00Z'); // 10:00 on 3 December in Vietnam
      const a = Appointment.parse((await api.get('/api/v1/appointments/LH-261203-0001')).body);
      expect(a).toMatchObject({ date: '2026-12-03', slotStart: '10:00', slotEnd: '12:00', state: 'booked' });
      expect((await api.issue({ serviceId: 'x', appointmentCode: 'LH-261203-0008' })).body).toMatchObject({ number: 'C001', day: '2026-12-03' });
    } finally {
      await sb.close();
    }
  });
});

describe('the check-in window', () => {
  it('opens 30 minutes before the slot and closes 15 minutes after its end', async () => {
    const { sb, api, t } = await sandboxAt(START);
    try {
      // LH-261130-0002: 11:00–11:30 → from 10:30:00 to 11:45:00.
      t.set('2026-11-30T03:29:59Z');
      expectProblem(await api.issue({ serviceId: 'x', appointmentCode: 'LH-261130-0002' }), 422, 'appointment-too-early');
      t.set('2026-11-30T03:30:00Z');
      expect((await api.issue({ serviceId: 'x', appointmentCode: 'LH-261130-0002' })).status).toBe(201);
      // LH-261130-0003: 07:30–08:00 → until 08:15:00.
      t.set('2026-11-30T01:15:01Z');
      expectProblem(await api.issue({ serviceId: 'x', appointmentCode: 'LH-261130-0003' }), 422, 'appointment-too-late');
      t.set('2026-11-30T01:15:00Z');
      expect((await api.issue({ serviceId: 'x', appointmentCode: 'LH-261130-0003' })).status).toBe(201);
      // LH-261201-0004: tomorrow 09:00 — on time then.
      t.set('2026-12-01T02:00:00Z');
      const next = await api.issue({ serviceId: 'x', appointmentCode: 'LH-261201-0004' });
      expect(next.body).toMatchObject({ day: '2026-12-01', number: 'C001' });
    } finally {
      await sb.close();
    }
  });
});
