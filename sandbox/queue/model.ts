/**
 * The service center's queue (issue 13): numbering, call order, officer actions, leases,
 * appointment check-in and the events table. Pure SQLite work on the sandbox's connection; the
 * HTTP side is sandbox/queue/routes.ts, the SSE side sandbox/queue/events.ts.
 *
 * - Numbers: one row per (service, Vietnamese day) in `queue_numbers` is the authority; a ticket
 *   or a lease takes numbers with one `INSERT … ON CONFLICT DO UPDATE … RETURNING` inside an
 *   IMMEDIATE transaction, so two requests (or two processes on the same file) never get the
 *   same number and no number is skipped. Leased blocks come from their own series above
 *   LEASE_BASE (A9001…), so a block a kiosk never uses leaves no hole among the online numbers.
 * - Call order (per counter, over its services): appointments first when the center's rule is
 *   `first`; then priority tickets (a declared category, or an appointment under the rule
 *   `priority`) and ordinary ones, strict or interleaved (one priority after every N ordinary,
 *   counted per counter); oldest first within a class.
 * - `ahead` replays that order for the ticket's service; the estimated wait is
 *   ceil(ahead × average service minutes ÷ open counters serving it), the average over the last
 *   N finished tickets of the service (the seeded default before any).
 */
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import {
  QueueTicket,
  type Appointment,
  type Center,
  type Counter,
  type Lease,
  type LeaseReportResult,
  type PriorityCategory,
  type QueueEvent,
  type QueueService,
  type TicketState,
} from '../../main/api/queue';
import { formatDate, vnDate, vnIso } from '../../common/vietnam-time';
import { HttpProblem } from '../problems';
import { CENTER_ID, ensureAppointments, vnInstant, type QueueSettings } from './db';

export interface QueueDeps {
  db: Database.Database;
  now: () => Date;
  settings: QueueSettings;
  /** Told after an event row was written (the SSE hub flushes after the transaction). */
  notify(): void;
}

interface ServiceRow {
  id: string;
  name: string;
  sector: string;
  prefix: string;
  default_minutes: number;
  sort: number;
}
interface CounterRow {
  number: number;
  name: string;
  service_ids: string;
  open: number;
  officer_id: string | null;
  default_officer_id: string | null;
  current_ticket: string | null;
  ordinary_streak: number;
}
export interface TicketRow {
  id: string;
  day: string;
  service_id: string;
  seq: number;
  number: string;
  priority: PriorityCategory | null;
  appointment_code: string | null;
  state: TicketState;
  issued_at: string;
  issued_ms: number;
  called_ms: number | null;
  started_ms: number | null;
  finished_ms: number | null;
  counter: number | null;
  officer_id: string | null;
  source: 'online' | 'lease';
  kiosk_id: string | null;
  lease_id: string | null;
  transferred_from: string | null;
  transferred_to: string | null;
  recalls: number;
  superseded_by: string | null;
  rowid: number;
}
interface LeaseRow {
  id: string;
  service_id: string;
  day: string;
  first: number;
  last: number;
  kiosk_id: string;
  created_at: string;
  closed_at: string | null;
  released: string | null;
}
interface AppointmentRow {
  code: string;
  center_id: string;
  service_id: string;
  service_name: string;
  date: string;
  slot_start: string;
  slot_end: string;
  state: Appointment['state'];
  checked_in_at: string | null;
  ticket_id: string | null;
}

/** Letters only (no I, L, O, U): ids never hold digit runs a log masker would take for an ID number. */
const ID_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ';
function newId(prefix: string, now: Date): string {
  let s = '';
  for (const b of randomBytes(8)) s += ID_ALPHABET[b % ID_ALPHABET.length];
  return `${prefix}${vnDate(now).replaceAll('-', '').slice(2)}${s}`;
}

/** `A015`: the prefix and at least three digits. */
/** Numbers above this are leased blocks (offline tickets): A9001…; online tickets stay below. */
export const LEASE_BASE = 9000;
/** The key of a service's lease series in `queue_numbers`. */
const LEASE_SERIES_SUFFIX = '#lease';

export function formatNumber(prefix: string, seq: number): string {
  return `${prefix}${String(seq).padStart(3, '0')}`;
}

type Klass = 'appointment' | 'priority' | 'ordinary';
/** A waiting ticket as the call order sees it. */
type Waiting = Pick<TicketRow, 'id' | 'priority' | 'appointment_code'>;

export class QueueModel {
  constructor(private readonly deps: QueueDeps) {}

  private get db() {
    return this.deps.db;
  }
  get settings(): QueueSettings {
    return this.deps.settings;
  }
  private today(): string {
    return vnDate(this.deps.now());
  }

  /** Runs `fn` in an IMMEDIATE transaction (a savepoint when already inside one). */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  // ---- Reading --------------------------------------------------------------------------------

  center(): Center {
    const s = this.settings;
    return {
      id: CENTER_ID,
      name: s.centerName,
      priorityRule: s.priorityRule,
      offlinePolicy: s.offlinePolicy,
      appointmentRule: s.appointmentRule,
      day: this.today(),
    };
  }

  private services(): ServiceRow[] {
    return this.db.prepare('SELECT * FROM queue_services ORDER BY sort').all() as ServiceRow[];
  }
  private service(id: string): ServiceRow | undefined {
    return this.db.prepare('SELECT * FROM queue_services WHERE id = ?').get(id) as ServiceRow | undefined;
  }
  private counters(): CounterRow[] {
    return this.db.prepare('SELECT * FROM queue_counters ORDER BY number').all() as CounterRow[];
  }
  private counterRow(n: number): CounterRow {
    const c = this.db.prepare('SELECT * FROM queue_counters WHERE number = ?').get(n) as CounterRow | undefined;
    if (!c) throw new HttpProblem(404, 'counter-not-found', `No counter has the number ${n}.`);
    return c;
  }
  ticketRow(id: string): TicketRow | undefined {
    return this.db.prepare('SELECT rowid, * FROM queue_tickets WHERE id = ?').get(id) as TicketRow | undefined;
  }
  private officerName(id: string | null): string | null {
    if (!id) return null;
    return (this.db.prepare('SELECT name FROM queue_officers WHERE id = ?').get(id) as { name: string } | undefined)?.name ?? null;
  }

  private klass(t: Pick<TicketRow, 'priority' | 'appointment_code'>): Klass {
    if (t.appointment_code !== null) return this.settings.appointmentRule === 'first' ? 'appointment' : 'priority';
    return t.priority !== null ? 'priority' : 'ordinary';
  }

  /** Waiting tickets of today in issue order: only what the call order needs (whole rows cost ~20 µs each). */
  private waitingOf(serviceIds: readonly string[]): Waiting[] {
    if (serviceIds.length === 0) return [];
    return this.db
      .prepare(
        `SELECT id, priority, appointment_code FROM queue_tickets WHERE day = ? AND state = 'waiting' AND service_id IN (${serviceIds.map(() => '?').join(',')})
         ORDER BY issued_ms, rowid`,
      )
      .all(this.today(), ...serviceIds) as Waiting[];
  }

  /**
   * The next ticket among `waiting` (oldest first) by the center's rule, with `streak` ordinary
   * calls since the last priority one; and the streak after it.
   */
  private pick(waiting: readonly Waiting[], streak: number): { ticket: Waiting; streak: number } | null {
    let firstAppointment: Waiting | undefined;
    let firstPriority: Waiting | undefined;
    let firstOrdinary: Waiting | undefined;
    for (const t of waiting) {
      const k = this.klass(t);
      if (k === 'appointment') firstAppointment ??= t;
      else if (k === 'priority') firstPriority ??= t;
      else firstOrdinary ??= t;
    }
    if (firstAppointment) return { ticket: firstAppointment, streak };
    if (firstPriority && firstOrdinary) {
      const rule = this.settings.priorityRule;
      if (rule.mode === 'strict' || streak >= rule.every) return { ticket: firstPriority, streak: 0 };
      return { ticket: firstOrdinary, streak: streak + 1 };
    }
    if (firstPriority) return { ticket: firstPriority, streak: 0 };
    if (firstOrdinary) return { ticket: firstOrdinary, streak: streak + 1 };
    return null;
  }

  /** The call order of the waiting tickets of a service (plus a virtual one), by the rule: `pick` repeated, in O(n). */
  private callOrder(serviceId: string, extra?: Waiting): Waiting[] {
    const waiting = this.waitingOf([serviceId]);
    if (extra) waiting.push(extra);
    let streak = 0;
    for (const c of this.openCountersServing(serviceId)) streak = Math.max(streak, c.ordinary_streak);
    const byClass: Record<Klass, Waiting[]> = { appointment: [], priority: [], ordinary: [] };
    for (const t of waiting) byClass[this.klass(t)].push(t);
    const { priority: p, ordinary: o } = byClass;
    const out = [...byClass.appointment];
    const rule = this.settings.priorityRule;
    let i = 0;
    let j = 0;
    while (i < p.length || j < o.length) {
      const takePriority = i < p.length && (j >= o.length || rule.mode === 'strict' || streak >= rule.every);
      if (takePriority) {
        out.push(p[i++]!);
        streak = 0;
      } else {
        out.push(o[j++]!);
        streak++;
      }
    }
    return out;
  }

  private openCountersServing(serviceId: string): CounterRow[] {
    return this.counters().filter((c) => c.open === 1 && (JSON.parse(c.service_ids) as string[]).includes(serviceId));
  }

  /** Average minutes per resident of a service: its last N finished tickets, else the seeded default. */
  serviceMinutes(serviceId: string): number {
    const svc = this.service(serviceId);
    const rows = this.db
      .prepare(
        `SELECT finished_ms - COALESCE(started_ms, called_ms) AS ms FROM queue_tickets
         WHERE service_id = ? AND state = 'done' AND finished_ms IS NOT NULL AND COALESCE(started_ms, called_ms) IS NOT NULL
         ORDER BY finished_ms DESC LIMIT ?`,
      )
      .all(serviceId, this.settings.serviceTimeWindow) as { ms: number }[];
    if (rows.length === 0) return svc?.default_minutes ?? 10;
    return rows.reduce((s, r) => s + Math.max(0, r.ms), 0) / rows.length / 60_000;
  }

  private estimate(serviceId: string, ahead: number): number | null {
    const open = this.openCountersServing(serviceId).length;
    if (open === 0) return null;
    return Math.ceil((ahead * this.serviceMinutes(serviceId)) / open);
  }

  toTicket(row: TicketRow, order?: Waiting[]): QueueTicket {
    const svc = this.service(row.service_id);
    let ahead = 0;
    let estimatedWaitMinutes: number | null = null;
    if (row.state === 'waiting' && row.day === this.today()) {
      const o = order ?? this.callOrder(row.service_id);
      ahead = Math.max(
        0,
        o.findIndex((t) => t.id === row.id),
      );
      estimatedWaitMinutes = this.estimate(row.service_id, ahead);
    }
    const officerName = this.officerName(row.officer_id);
    return {
      id: row.id,
      number: row.number,
      serviceId: row.service_id,
      serviceName: svc?.name ?? row.service_id,
      day: row.day,
      priority: row.priority,
      appointmentCode: row.appointment_code,
      state: row.state,
      issuedAt: row.issued_at,
      ahead,
      estimatedWaitMinutes,
      counter: row.counter,
      officer: row.officer_id && officerName ? { id: row.officer_id, name: officerName } : null,
      trackingUrl: `${this.settings.trackingBaseUrl}${encodeURIComponent(row.id)}`,
      source: row.source,
    };
  }

  ticket(id: string): QueueTicket {
    const row = this.ticketRow(id);
    if (!row) throw new HttpProblem(404, 'ticket-not-found', `No queue ticket has the id ${id.slice(0, 64)}.`);
    return this.toTicket(row);
  }

  serviceList(): { center: Center; items: QueueService[] } {
    const counters = this.counters();
    const items = this.services().map((s): QueueService => {
      const serving = counters.filter((c) => (JSON.parse(c.service_ids) as string[]).includes(s.id));
      const open = serving.some((c) => c.open === 1);
      const order = this.callOrder(s.id, this.virtualTicket());
      const waiting = order.length - 1;
      const ahead = order.findIndex((t) => t.id === VIRTUAL_ID);
      return {
        id: s.id,
        name: s.name,
        sector: s.sector,
        prefix: s.prefix,
        counters: serving.map((c) => c.number),
        waiting,
        estimatedWaitMinutes: open ? this.estimate(s.id, ahead) : null,
        open,
      };
    });
    return { center: this.center(), items };
  }

  private virtualTicket(): Waiting {
    return { id: VIRTUAL_ID, priority: null, appointment_code: null };
  }

  counterList(): { items: Counter[] } {
    return { items: this.counters().map((c) => this.toCounter(c)) };
  }

  private toCounter(c: CounterRow): Counter {
    const current = c.current_ticket ? this.ticketRow(c.current_ticket) : undefined;
    const name = this.officerName(c.officer_id);
    return {
      number: c.number,
      name: c.name,
      serviceIds: JSON.parse(c.service_ids) as string[],
      open: c.open === 1,
      officer: c.officer_id && name ? { id: c.officer_id, name } : null,
      current: current ? this.toTicket(current) : null,
    };
  }

  /** Tickets waiting per service today (every service, 0 included). */
  waitingCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of this.services()) out[s.id] = 0;
    const rows = this.db
      .prepare("SELECT service_id, COUNT(*) AS n FROM queue_tickets WHERE day = ? AND state = 'waiting' GROUP BY service_id")
      .all(this.today()) as { service_id: string; n: number }[];
    for (const r of rows) out[r.service_id] = r.n;
    return out;
  }

  // ---- Events ---------------------------------------------------------------------------------

  private event(type: QueueEvent['type'], ticket?: TicketRow, counter?: number): void {
    const data: Omit<QueueEvent, 'id'> = { type, at: vnIso(this.deps.now()), waiting: this.waitingCounts() };
    if (ticket) data.ticket = this.toTicket(ticket);
    if (counter !== undefined) data.counter = counter;
    this.db.prepare('INSERT INTO queue_events (type, at, data) VALUES (?, ?, ?)').run(type, data.at, JSON.stringify(data));
    this.deps.notify();
  }

  /** Events after `afterId`, oldest first. */
  eventsAfter(afterId: number, limit = 500): QueueEvent[] {
    const rows = this.db.prepare('SELECT id, data FROM queue_events WHERE id > ? ORDER BY id LIMIT ?').all(afterId, limit) as { id: number; data: string }[];
    return rows.map((r) => ({ id: r.id, ...(JSON.parse(r.data) as Omit<QueueEvent, 'id'>) }));
  }
  lastEventId(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM queue_events').get() as { id: number }).id;
  }

  // ---- Numbering ------------------------------------------------------------------------------

  /**
   * Takes `count` consecutive numbers of a service on `day` from one of its two series; returns
   * the first. `online`: 1 up to LEASE_BASE - 1, what the kiosks issue and the counters call.
   * `lease`: from LEASE_BASE + 1 up to 9999, blocks leased to kiosks for offline tickets, so that a
   * block a kiosk never uses leaves no hole in the day's numbers (the hall would otherwise start at
   * A021 behind a first kiosk's unused block), and an offline ticket shows itself by its number.
   */
  private takeNumbers(serviceId: string, day: string, count: number, series: 'online' | 'lease' = 'online'): number {
    const start = series === 'online' ? 1 : LEASE_BASE + 1;
    const limit = series === 'online' ? LEASE_BASE - 1 : 9999;
    const { next } = this.db
      .prepare(
        `INSERT INTO queue_numbers (service_id, day, next) VALUES (?, ?, ? + ?)
         ON CONFLICT (service_id, day) DO UPDATE SET next = next + ? RETURNING next`,
      )
      .get(series === 'online' ? serviceId : `${serviceId}${LEASE_SERIES_SUFFIX}`, day, start, count, count) as { next: number };
    const first = next - count;
    if (next - 1 > limit) {
      throw new HttpProblem(
        503,
        'numbers-exhausted',
        `No ${series === 'online' ? 'ticket' : 'leasable'} number is left today for service ${serviceId} (up to ${limit}).`,
      );
    }
    return first;
  }

  private insertTicket(t: {
    service: ServiceRow;
    day: string;
    seq: number;
    priority: PriorityCategory | null;
    appointmentCode: string | null;
    issuedAt: Date;
    source: 'online' | 'lease';
    kioskId: string | null;
    idempotencyKey: string | null;
    leaseId: string | null;
    transferredFrom: string | null;
  }): TicketRow {
    const id = newId('Q', t.issuedAt);
    this.db
      .prepare(
        `INSERT INTO queue_tickets (id, day, service_id, seq, number, priority, appointment_code, state, issued_at, issued_ms, source,
           kiosk_id, idempotency_key, lease_id, transferred_from)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        t.day,
        t.service.id,
        t.seq,
        formatNumber(t.service.prefix, t.seq),
        t.priority,
        t.appointmentCode,
        vnIso(t.issuedAt),
        t.issuedAt.getTime(),
        t.source,
        t.kioskId,
        t.idempotencyKey,
        t.leaseId,
        t.transferredFrom,
      );
    return this.ticketRow(id)!;
  }

  // ---- Kiosk ----------------------------------------------------------------------------------

  /** `POST /queue/tickets`: a new ticket, or an appointment's check-in. */
  issue(
    req: { serviceId: string; priority?: PriorityCategory | undefined; appointmentCode?: string | undefined },
    kioskId: string | null,
    key: string | null,
  ): QueueTicket {
    return this.tx(() => {
      const now = this.deps.now();
      const day = vnDate(now);
      let serviceId = req.serviceId;
      let appointmentCode: string | null = null;
      if (req.appointmentCode !== undefined) {
        const a = this.checkIn(req.appointmentCode, now);
        serviceId = a.service_id;
        appointmentCode = a.code;
      }
      const service = this.service(serviceId);
      if (!service) throw new HttpProblem(404, 'service-not-found', `No queue service has the id ${serviceId.slice(0, 64)}.`);
      const seq = this.takeNumbers(service.id, day, 1);
      const row = this.insertTicket({
        service,
        day,
        seq,
        priority: req.priority ?? null,
        appointmentCode,
        issuedAt: now,
        source: 'online',
        kioskId,
        idempotencyKey: key,
        leaseId: null,
        transferredFrom: null,
      });
      if (appointmentCode) {
        this.db
          .prepare("UPDATE queue_appointments SET state = 'checked_in', checked_in_at = ?, ticket_id = ? WHERE code = ?")
          .run(vnIso(now), row.id, appointmentCode);
      }
      this.event('ticket.issued', row);
      return this.toTicket(row);
    });
  }

  // ---- Appointments ---------------------------------------------------------------------------

  /** `LH-yyMMdd-NNNN`, forgiving case and spaces around the dashes; null when it is not one. */
  static normalizeAppointmentCode(raw: string): string | null {
    const s = raw
      .normalize('NFC')
      .trim()
      .toUpperCase()
      .replace(/\s*-\s*/g, '-');
    return /^LH-\d{6}-\d{4}$/.test(s) ? s : null;
  }

  private appointmentRow(raw: string): AppointmentRow {
    const code = QueueModel.normalizeAppointmentCode(raw);
    const row = code ? (this.db.prepare('SELECT * FROM queue_appointments WHERE code = ?').get(code) as AppointmentRow | undefined) : undefined;
    if (!row) {
      throw new HttpProblem(
        422,
        'appointment-not-found',
        `Không tìm thấy lịch hẹn ${(code ?? raw).slice(0, 64)}. Ông/bà vui lòng kiểm tra lại mã lịch hẹn (dạng LH-yyMMdd-NNNN).`,
      );
    }
    return row;
  }

  private seededDay = '';
  /** The demo appointments of a new Vietnamese day (a sandbox that runs for days). */
  ensureToday(): void {
    const now = this.deps.now();
    if (vnDate(now) === this.seededDay) return;
    ensureAppointments(this.db, now);
    this.seededDay = vnDate(now);
  }

  appointment(raw: string): Appointment {
    this.ensureToday();
    const code = QueueModel.normalizeAppointmentCode(raw);
    const row = code ? (this.db.prepare('SELECT * FROM queue_appointments WHERE code = ?').get(code) as AppointmentRow | undefined) : undefined;
    if (!row) throw new HttpProblem(404, 'appointment-not-found', `No appointment has the code ${(code ?? raw).slice(0, 64)}.`);
    return toAppointment(row);
  }

  /** Checks an appointment can check in now; answers the 422 problems of APPOINTMENT_PROBLEMS. */
  private checkIn(raw: string, now: Date): AppointmentRow {
    this.ensureToday();
    const a = this.appointmentRow(raw);
    if (a.center_id !== CENTER_ID) {
      throw new HttpProblem(422, 'appointment-other-center', `Lịch hẹn ${a.code} được đặt tại một trung tâm khác, không phải ${this.settings.centerName}.`);
    }
    if (a.state === 'cancelled') throw new HttpProblem(422, 'appointment-cancelled', `Lịch hẹn ${a.code} đã bị hủy.`);
    if (a.state === 'checked_in') throw new HttpProblem(422, 'appointment-used', `Lịch hẹn ${a.code} đã được sử dụng để lấy số.`);
    const today = vnDate(now);
    if (a.date !== today) {
      throw new HttpProblem(422, 'appointment-wrong-day', `Lịch hẹn ${a.code} là ngày ${formatDate(a.date)}, không phải hôm nay (${formatDate(today)}).`);
    }
    const opens = vnInstant(a.date, a.slot_start) - this.settings.earlyMinutes * 60_000;
    const closes = vnInstant(a.date, a.slot_end) + this.settings.lateMinutes * 60_000;
    if (now.getTime() < opens) {
      throw new HttpProblem(422, 'appointment-too-early', `Lịch hẹn ${a.code} lúc ${a.slot_start}–${a.slot_end}; ông/bà có thể lấy số từ ${fmtVnTime(opens)}.`);
    }
    if (now.getTime() > closes) {
      throw new HttpProblem(
        422,
        'appointment-too-late',
        `Lịch hẹn ${a.code} lúc ${a.slot_start}–${a.slot_end} đã quá giờ; ông/bà vui lòng lấy số thường hoặc đặt lịch mới.`,
      );
    }
    return a;
  }

  // ---- Officers -------------------------------------------------------------------------------

  private checkOfficer(c: CounterRow, officerId: string | null): void {
    if (officerId !== null && c.open === 1 && c.officer_id !== officerId) {
      throw new HttpProblem(409, 'counter-officer-mismatch', `Counter ${c.number} is open under officer ${c.officer_id}, not ${officerId.slice(0, 32)}.`);
    }
  }
  private openCounter(n: number, officerId: string | null): CounterRow {
    const c = this.counterRow(n);
    if (c.open !== 1) throw new HttpProblem(409, 'counter-closed', `Counter ${n} is closed; open it first.`);
    this.checkOfficer(c, officerId);
    return c;
  }
  private current(c: CounterRow, action: string): TicketRow {
    const t = c.current_ticket ? this.ticketRow(c.current_ticket) : undefined;
    if (!t) throw new HttpProblem(409, 'counter-idle', `Counter ${c.number} has no current ticket to ${action}; call the next one first.`);
    return t;
  }
  private setState(t: TicketRow, state: TicketState, extra: Partial<Record<'called_ms' | 'started_ms' | 'finished_ms', number>> = {}): TicketRow {
    const sets = ['state = ?'];
    const args: (string | number)[] = [state];
    for (const [k, v] of Object.entries(extra)) {
      sets.push(`${k} = ?`);
      args.push(v);
    }
    this.db.prepare(`UPDATE queue_tickets SET ${sets.join(', ')} WHERE id = ?`).run(...args, t.id);
    return this.ticketRow(t.id)!;
  }

  open(n: number, officerId: string | null): Counter {
    return this.tx(() => {
      const c = this.counterRow(n);
      if (c.open === 1 && officerId === null) return this.toCounter(c);
      const officer = officerId ?? c.default_officer_id;
      if (!officer || !this.officerName(officer)) throw new HttpProblem(422, 'officer-not-found', `No officer has the id ${String(officer).slice(0, 32)}.`);
      if (c.open === 1) {
        this.checkOfficer(c, officer);
        return this.toCounter(c);
      }
      this.db.prepare('UPDATE queue_counters SET open = 1, officer_id = ?, ordinary_streak = 0 WHERE number = ?').run(officer, n);
      this.event('counter.changed', undefined, n);
      return this.toCounter(this.counterRow(n));
    });
  }

  close(n: number, officerId: string | null): Counter {
    return this.tx(() => {
      const c = this.counterRow(n);
      if (c.open !== 1) return this.toCounter(c);
      this.checkOfficer(c, officerId);
      const t = c.current_ticket ? this.ticketRow(c.current_ticket) : undefined;
      if (t && (t.state === 'called' || t.state === 'serving')) {
        throw new HttpProblem(409, 'counter-busy', `Counter ${n} still has ticket ${t.number} (${t.state}); finish, skip or transfer it before closing.`);
      }
      this.db.prepare('UPDATE queue_counters SET open = 0, officer_id = NULL, current_ticket = NULL WHERE number = ?').run(n);
      this.event('counter.changed', undefined, n);
      return this.toCounter(this.counterRow(n));
    });
  }

  /** The next ticket for the counter, or null when nobody waits. */
  callNext(n: number, officerId: string | null): QueueTicket | null {
    return this.tx(() => {
      const c = this.openCounter(n, officerId);
      const cur = c.current_ticket ? this.ticketRow(c.current_ticket) : undefined;
      if (cur && (cur.state === 'called' || cur.state === 'serving')) {
        throw new HttpProblem(
          409,
          'counter-busy',
          `Counter ${n} still has ticket ${cur.number} (${cur.state}); finish, skip or transfer it before calling the next.`,
        );
      }
      const p = this.pick(this.waitingOf(JSON.parse(c.service_ids) as string[]), c.ordinary_streak);
      if (!p) return null;
      const now = this.deps.now().getTime();
      this.db
        .prepare("UPDATE queue_tickets SET state = 'called', called_ms = ?, counter = ?, officer_id = ? WHERE id = ? AND state = 'waiting'")
        .run(now, n, c.officer_id, p.ticket.id);
      this.db.prepare('UPDATE queue_counters SET current_ticket = ?, ordinary_streak = ? WHERE number = ?').run(p.ticket.id, p.streak, n);
      const row = this.ticketRow(p.ticket.id)!;
      this.event('ticket.called', row, n);
      return this.toTicket(row);
    });
  }

  recall(n: number, officerId: string | null): QueueTicket {
    return this.tx(() => {
      const t = this.current(this.openCounter(n, officerId), 'recall');
      if (t.state !== 'called') throw new HttpProblem(409, 'illegal-transition', `Ticket ${t.number} is ${t.state}; only a called ticket can be called again.`);
      this.db.prepare('UPDATE queue_tickets SET recalls = recalls + 1 WHERE id = ?').run(t.id);
      const row = this.ticketRow(t.id)!;
      this.event('ticket.recalled', row, n);
      return this.toTicket(row);
    });
  }

  skip(n: number, officerId: string | null): QueueTicket {
    return this.tx(() => {
      const t = this.current(this.openCounter(n, officerId), 'skip');
      if (t.state !== 'called')
        throw new HttpProblem(409, 'illegal-transition', `Ticket ${t.number} is ${t.state}; only a called ticket whose resident did not come can be skipped.`);
      const row = this.setState(t, 'skipped', { finished_ms: this.deps.now().getTime() });
      this.db.prepare('UPDATE queue_counters SET current_ticket = NULL WHERE number = ?').run(n);
      this.event('ticket.skipped', row, n);
      return this.toTicket(row);
    });
  }

  start(n: number, officerId: string | null): QueueTicket {
    return this.tx(() => {
      const t = this.current(this.openCounter(n, officerId), 'start');
      if (t.state !== 'called')
        throw new HttpProblem(409, 'illegal-transition', `Ticket ${t.number} is ${t.state}; only a called ticket can start being served.`);
      const row = this.setState(t, 'serving', { started_ms: this.deps.now().getTime() });
      this.event('ticket.started', row, n);
      return this.toTicket(row);
    });
  }

  finish(n: number, officerId: string | null): QueueTicket {
    return this.tx(() => {
      const t = this.current(this.openCounter(n, officerId), 'finish');
      if (t.state !== 'serving') throw new HttpProblem(409, 'illegal-transition', `Ticket ${t.number} is ${t.state}; start serving it before finishing.`);
      const row = this.setState(t, 'done', { finished_ms: this.deps.now().getTime() });
      this.db.prepare('UPDATE queue_counters SET current_ticket = NULL WHERE number = ?').run(n);
      this.event('ticket.finished', row, n);
      return this.toTicket(row);
    });
  }

  /** The current ticket goes to another service: `transferred` here, a new waiting ticket there (same priority). */
  transfer(n: number, serviceId: string, officerId: string | null): QueueTicket {
    return this.tx(() => {
      const t = this.current(this.openCounter(n, officerId), 'transfer');
      if (t.state !== 'called' && t.state !== 'serving') {
        throw new HttpProblem(409, 'illegal-transition', `Ticket ${t.number} is ${t.state}; only a called or served ticket can be transferred.`);
      }
      const service = this.service(serviceId);
      if (!service) throw new HttpProblem(422, 'service-not-found', `No queue service has the id ${serviceId.slice(0, 64)}.`);
      if (service.id === t.service_id)
        throw new HttpProblem(409, 'illegal-transition', `Ticket ${t.number} is already in service ${service.id}; transfer it to another service.`);
      const now = this.deps.now();
      const day = vnDate(now);
      const seq = this.takeNumbers(service.id, day, 1);
      const fresh = this.insertTicket({
        service,
        day,
        seq,
        priority: t.priority,
        appointmentCode: t.appointment_code,
        issuedAt: now,
        source: 'online',
        kioskId: null,
        idempotencyKey: null,
        leaseId: null,
        transferredFrom: t.id,
      });
      this.db.prepare("UPDATE queue_tickets SET state = 'transferred', transferred_to = ?, finished_ms = ? WHERE id = ?").run(fresh.id, now.getTime(), t.id);
      this.db.prepare('UPDATE queue_counters SET current_ticket = NULL WHERE number = ?').run(n);
      this.event('ticket.transferred', this.ticketRow(t.id)!, n);
      this.event('ticket.issued', fresh);
      return this.toTicket(this.ticketRow(fresh.id)!);
    });
  }

  // ---- Leases ---------------------------------------------------------------------------------

  lease(req: { serviceId: string; size: number }, kioskId: string): Lease {
    return this.tx(() => {
      if (this.settings.offlinePolicy !== 'lease') {
        throw new HttpProblem(
          409,
          'leases-refused',
          'This center does not issue tickets offline (offline policy "refuse"): residents go to the reception desk.',
        );
      }
      const service = this.service(req.serviceId);
      if (!service) throw new HttpProblem(404, 'service-not-found', `No queue service has the id ${req.serviceId.slice(0, 64)}.`);
      const now = this.deps.now();
      const day = vnDate(now);
      const first = this.takeNumbers(service.id, day, req.size, 'lease');
      const id = newId('L', now);
      this.db
        .prepare('INSERT INTO queue_leases (id, service_id, day, first, last, kiosk_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(id, service.id, day, first, first + req.size - 1, kioskId, vnIso(now));
      return toLease(this.leaseRow(id)!, service.prefix);
    });
  }

  /**
   * The orphan of a request that timed out: the online ticket created for `key` by `kioskId` on
   * `day`, still waiting, leaves the queue (`skipped`, no counter, `superseded_by` the offline
   * ticket). One already called, served or gone is left as it is.
   */
  private supersede(key: string, kioskId: string, day: string, offline: TicketRow): void {
    const orphan = this.db
      .prepare(
        "SELECT rowid, * FROM queue_tickets WHERE kiosk_id = ? AND idempotency_key = ? AND day = ? AND source = 'online' AND state = 'waiting' AND transferred_from IS NULL",
      )
      .get(kioskId, key, day) as TicketRow | undefined;
    if (!orphan) return;
    this.db
      .prepare("UPDATE queue_tickets SET state = 'skipped', finished_ms = ?, superseded_by = ? WHERE id = ? AND state = 'waiting'")
      .run(this.deps.now().getTime(), offline.id, orphan.id);
    if (day === this.today()) this.event('ticket.skipped', this.ticketRow(orphan.id)!);
  }

  private leaseRow(id: string): LeaseRow | undefined {
    return this.db.prepare('SELECT * FROM queue_leases WHERE id = ?').get(id) as LeaseRow | undefined;
  }

  /**
   * Records what a kiosk issued offline from its block: each number joins the queue (`source:
   * lease`, its own issue time); numbers already recorded are left as they are (a resent report).
   * `closed`: the unused numbers are released (never issued again that day: the numbering went past them).
   * A newly recorded ticket with `supersedes` takes out of the queue the online ticket this kiosk's
   * request with that Idempotency-Key created on the lease's day (the answer was lost, the kiosk
   * issued offline instead), if it still waits: `skipped`, `superseded_by` the offline ticket.
   */
  report(
    leaseId: string,
    report: { issued: { number: number; issuedAt: string; priority: PriorityCategory | null; supersedes?: string | undefined }[]; closed: boolean },
    kioskId: string,
  ): LeaseReportResult {
    return this.tx(() => {
      const l = this.leaseRow(leaseId);
      if (!l) throw new HttpProblem(404, 'lease-not-found', `No lease has the id ${leaseId.slice(0, 64)}.`);
      if (l.kiosk_id !== kioskId) throw new HttpProblem(403, 'lease-other-kiosk', `Lease ${l.id} belongs to kiosk ${l.kiosk_id}, not ${kioskId.slice(0, 64)}.`);
      if (l.closed_at) throw new HttpProblem(409, 'lease-closed', `Lease ${l.id} was closed at ${l.closed_at}; its unused numbers were released.`);
      const service = this.service(l.service_id)!;
      const errors: { pointer: string; detail: string }[] = [];
      const seen = new Set<number>();
      report.issued.forEach((t, i) => {
        if (t.number < l.first || t.number > l.last)
          errors.push({ pointer: `#/issued/${i}/number`, detail: `${t.number} is outside the block ${l.first}–${l.last}` });
        else if (seen.has(t.number)) errors.push({ pointer: `#/issued/${i}/number`, detail: `${t.number} is reported twice` });
        seen.add(t.number);
        const at = Date.parse(t.issuedAt);
        if (!Number.isFinite(at) || vnDate(new Date(at)) !== l.day) {
          errors.push({ pointer: `#/issued/${i}/issuedAt`, detail: `${t.issuedAt} is not on the lease's day ${l.day} (Vietnam time)` });
        }
      });
      if (errors.length) {
        throw new HttpProblem(
          422,
          'lease-report-invalid',
          errors
            .slice(0, 5)
            .map((e) => `${e.pointer}: ${e.detail}`)
            .join('; '),
          {},
          errors,
        );
      }
      const existing = new Set((this.db.prepare('SELECT seq FROM queue_tickets WHERE lease_id = ?').all(l.id) as { seq: number }[]).map((r) => r.seq));
      const added: QueueTicket[] = [];
      let already = 0;
      for (const t of [...report.issued].sort((a, b) => Date.parse(a.issuedAt) - Date.parse(b.issuedAt))) {
        if (existing.has(t.number)) {
          already++;
          continue;
        }
        const row = this.insertTicket({
          service,
          day: l.day,
          seq: t.number,
          priority: t.priority,
          appointmentCode: null,
          issuedAt: new Date(Date.parse(t.issuedAt)),
          source: 'lease',
          kioskId,
          idempotencyKey: null,
          leaseId: l.id,
          transferredFrom: null,
        });
        existing.add(t.number);
        if (l.day === this.today()) this.event('ticket.issued', row);
        if (t.supersedes !== undefined) this.supersede(t.supersedes, kioskId, l.day, row);
        added.push(this.toTicket(row));
      }
      const released: number[] = [];
      if (report.closed) {
        for (let n = l.first; n <= l.last; n++) if (!existing.has(n)) released.push(n);
        this.db.prepare('UPDATE queue_leases SET closed_at = ?, released = ? WHERE id = ?').run(vnIso(this.deps.now()), JSON.stringify(released), l.id);
      }
      return { lease: toLease(this.leaseRow(l.id)!, service.prefix), recorded: added, alreadyRecorded: already, released, closed: report.closed };
    });
  }
}

const VIRTUAL_ID = '\u0000virtual';

function fmtVnTime(ms: number): string {
  const iso = vnIso(new Date(ms));
  return iso.slice(11, 16);
}

function toLease(l: LeaseRow, prefix: string): Lease {
  return { id: l.id, serviceId: l.service_id, prefix, day: l.day, first: l.first, last: l.last, kioskId: l.kiosk_id };
}

function toAppointment(a: AppointmentRow): Appointment {
  return {
    code: a.code,
    centerId: a.center_id,
    serviceId: a.service_id,
    serviceName: a.service_name,
    date: a.date,
    slotStart: a.slot_start,
    slotEnd: a.slot_end,
    state: a.state,
  };
}

export { QueueTicket };
