/**
 * The queue's tables in the sandbox's SQLite database (issue 13), its seed (one center, its
 * services, counters and officers) and the appointments seeded for "today" in Vietnam.
 *
 * The seed is written once per database; the center's rules come from the sandbox's options at
 * each start (`QueueSettings`), so a test or a site can run the same data strict or interleaved.
 * Appointments are seeded per Vietnamese day (codes carry the date), relative to the start time.
 */
import type Database from 'better-sqlite3';
import { AppointmentRule, OfflineTicketPolicy, PriorityRule } from '../../main/api/queue';
import { VIETNAM_UTC_OFFSET_MS, vietnamTime, vnDate, vnYyMMdd } from '../../common/vietnam-time';

export const QUEUE_DDL = `
CREATE TABLE IF NOT EXISTS queue_center (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  settings TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS queue_services (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  sector TEXT NOT NULL,
  prefix TEXT NOT NULL UNIQUE,
  default_minutes REAL NOT NULL,
  sort INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS queue_officers (id TEXT PRIMARY KEY, name TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS queue_counters (
  number INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  service_ids TEXT NOT NULL,
  open INTEGER NOT NULL,
  officer_id TEXT REFERENCES queue_officers(id),
  default_officer_id TEXT REFERENCES queue_officers(id),
  current_ticket TEXT,
  -- ordinary tickets called since the last priority one (interleaved rule)
  ordinary_streak INTEGER NOT NULL DEFAULT 0
) STRICT;
-- The numbering authority: the next number of a service on a Vietnamese day.
CREATE TABLE IF NOT EXISTS queue_numbers (
  service_id TEXT NOT NULL,
  day TEXT NOT NULL,
  next INTEGER NOT NULL,
  PRIMARY KEY (service_id, day)
) STRICT;
CREATE TABLE IF NOT EXISTS queue_tickets (
  id TEXT PRIMARY KEY,
  day TEXT NOT NULL,
  service_id TEXT NOT NULL REFERENCES queue_services(id),
  seq INTEGER NOT NULL,
  number TEXT NOT NULL,
  priority TEXT,
  appointment_code TEXT,
  state TEXT NOT NULL CHECK (state IN ('waiting', 'called', 'serving', 'done', 'skipped', 'transferred')),
  issued_at TEXT NOT NULL,
  issued_ms INTEGER NOT NULL,
  called_ms INTEGER,
  started_ms INTEGER,
  finished_ms INTEGER,
  counter INTEGER,
  officer_id TEXT,
  source TEXT NOT NULL CHECK (source IN ('online', 'lease')),
  kiosk_id TEXT,
  idempotency_key TEXT,
  lease_id TEXT,
  transferred_from TEXT,
  transferred_to TEXT,
  recalls INTEGER NOT NULL DEFAULT 0,
  -- An online ticket taken out of the queue (skipped) because the kiosk's request timed out and
  -- the kiosk issued an offline ticket instead: the id of that offline ticket (the lease report's
  -- supersedes). Added by upgradeQueueSchema to databases from before it.
  superseded_by TEXT,
  UNIQUE (service_id, day, seq)
) STRICT;
CREATE INDEX IF NOT EXISTS queue_tickets_waiting ON queue_tickets(day, state, service_id, issued_ms);
CREATE INDEX IF NOT EXISTS queue_tickets_request ON queue_tickets(kiosk_id, idempotency_key);
CREATE INDEX IF NOT EXISTS queue_tickets_finished ON queue_tickets(service_id, finished_ms);
CREATE TABLE IF NOT EXISTS queue_leases (
  id TEXT PRIMARY KEY,
  service_id TEXT NOT NULL REFERENCES queue_services(id),
  day TEXT NOT NULL,
  first INTEGER NOT NULL,
  last INTEGER NOT NULL,
  kiosk_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  closed_at TEXT,
  released TEXT
) STRICT;
CREATE TABLE IF NOT EXISTS queue_appointments (
  code TEXT PRIMARY KEY,
  center_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  service_name TEXT NOT NULL,
  date TEXT NOT NULL,
  slot_start TEXT NOT NULL,
  slot_end TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('booked', 'checked_in', 'cancelled')),
  checked_in_at TEXT,
  ticket_id TEXT
) STRICT;
CREATE TABLE IF NOT EXISTS queue_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  type TEXT NOT NULL,
  at TEXT NOT NULL,
  data TEXT NOT NULL
) STRICT;
`;

/** Brings a queue database written by an older sandbox up to QUEUE_DDL (columns added since). */
export function upgradeQueueSchema(db: Database.Database): void {
  const columns = new Set((db.prepare('PRAGMA table_info(queue_tickets)').all() as { name: string }[]).map((c) => c.name));
  if (!columns.has('superseded_by')) db.exec('ALTER TABLE queue_tickets ADD COLUMN superseded_by TEXT');
}

/** The center's rules, from the sandbox's options (`queue`), CLI flags or the defaults below. */
export interface QueueSettings {
  centerName: string;
  priorityRule: PriorityRule;
  offlinePolicy: OfflineTicketPolicy;
  appointmentRule: AppointmentRule;
  /** Finished tickets of a service averaged for the service time (default 10). */
  serviceTimeWindow: number;
  /** Where a ticket's QR leads: this base + the ticket id. */
  trackingBaseUrl: string;
  /** SSE comment heartbeat, in milliseconds (default 15 000). */
  heartbeatMs: number;
  /** Check-in opens this many minutes before the slot (default 30). */
  earlyMinutes: number;
  /** Check-in closes this many minutes after the slot's end (default 15). */
  lateMinutes: number;
}

/** Throws a TypeError naming the first setting out of range (options come from code, the CLI or the kiosk's config). */
export function checkQueueSettings(s: QueueSettings): void {
  const bad = (what: string) => {
    throw new TypeError(`queue setting ${what}`);
  };
  if (!PriorityRule.safeParse(s.priorityRule).success) bad('priorityRule must be {mode: "strict"} or {mode: "interleaved", every: 1..20}');
  if (!OfflineTicketPolicy.safeParse(s.offlinePolicy).success) bad('offlinePolicy must be "refuse" or "lease"');
  if (!AppointmentRule.safeParse(s.appointmentRule).success) bad('appointmentRule must be "first" or "priority"');
  if (typeof s.centerName !== 'string' || s.centerName.trim() === '') bad('centerName must be a non-empty string');
  if (!Number.isInteger(s.serviceTimeWindow) || s.serviceTimeWindow < 1 || s.serviceTimeWindow > 1000)
    bad('serviceTimeWindow must be an integer from 1 to 1000');
  if (!Number.isFinite(s.heartbeatMs) || s.heartbeatMs < 10 || s.heartbeatMs > 600_000) bad('heartbeatMs must be between 10 and 600000');
  for (const k of ['earlyMinutes', 'lateMinutes'] as const) if (!Number.isInteger(s[k]) || s[k] < 0 || s[k] > 720) bad(`${k} must be an integer from 0 to 720`);
  try {
    new URL(s.trackingBaseUrl);
  } catch {
    bad('trackingBaseUrl must be a URL');
  }
}

export const CENTER_ID = '000.00.20.H29';
export const OTHER_CENTER_ID = '000.00.21.H29';

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = {
  centerName: 'Trung tâm Phục vụ hành chính công phường Bến Thành',
  priorityRule: { mode: 'interleaved', every: 3 },
  offlinePolicy: 'lease',
  appointmentRule: 'first',
  serviceTimeWindow: 10,
  trackingBaseUrl: 'https://kiosk-sandbox.invalid/queue/track/',
  heartbeatMs: 15_000,
  earlyMinutes: 30,
  lateMinutes: 15,
};

export interface SeedService {
  id: string;
  name: string;
  sector: string;
  prefix: string;
  /** Minutes per resident before any ticket of the service is finished. */
  defaultMinutes: number;
}

export const SEED_SERVICES: readonly SeedService[] = [
  { id: 'ho-tich', name: 'Khai sinh, kết hôn, khai tử', sector: 'Tư pháp - Hộ tịch', prefix: 'A', defaultMinutes: 8 },
  { id: 'chung-thuc', name: 'Chứng thực bản sao, chữ ký', sector: 'Tư pháp - Hộ tịch', prefix: 'B', defaultMinutes: 4 },
  { id: 'dat-dai', name: 'Đăng ký đất đai, cấp Giấy chứng nhận', sector: 'Đất đai', prefix: 'C', defaultMinutes: 15 },
  { id: 'xay-dung', name: 'Cấp giấy phép xây dựng', sector: 'Xây dựng', prefix: 'D', defaultMinutes: 12 },
  { id: 'kinh-doanh', name: 'Đăng ký hộ kinh doanh', sector: 'Đăng ký kinh doanh', prefix: 'E', defaultMinutes: 10 },
  { id: 'ldtbxh', name: 'Bảo trợ xã hội, chính sách người có công', sector: 'Lao động - Thương binh và Xã hội', prefix: 'F', defaultMinutes: 10 },
  { id: 'tra-ket-qua', name: 'Trả kết quả hồ sơ', sector: 'Trả kết quả', prefix: 'G', defaultMinutes: 3 },
];

export const SEED_OFFICERS = [
  { id: 'CB01', name: 'Nguyễn Thị Lan' },
  { id: 'CB02', name: 'Trần Văn Hùng' },
  { id: 'CB03', name: 'Lê Thị Mai' },
  { id: 'CB04', name: 'Phạm Quốc Bảo' },
  { id: 'CB05', name: 'Võ Thị Hồng' },
  { id: 'CB06', name: 'Đặng Minh Tuấn' },
] as const;

/** Counters: number, services, open at seed time, the officer who works it. Counter 4 starts closed. */
export const SEED_COUNTERS = [
  { number: 1, serviceIds: ['ho-tich', 'chung-thuc'], open: true, officerId: 'CB01' },
  { number: 2, serviceIds: ['chung-thuc', 'ho-tich'], open: true, officerId: 'CB02' },
  { number: 3, serviceIds: ['dat-dai', 'xay-dung'], open: true, officerId: 'CB03' },
  { number: 4, serviceIds: ['kinh-doanh'], open: false, officerId: 'CB04' },
  { number: 5, serviceIds: ['ldtbxh'], open: true, officerId: 'CB05' },
  { number: 6, serviceIds: ['tra-ket-qua'], open: true, officerId: 'CB06' },
] as const;

/** Writes the center, services, officers and counters once per database. Returns true when it wrote. */
export function seedQueue(db: Database.Database, settings: QueueSettings): boolean {
  const seeded = db.prepare('SELECT 1 FROM queue_center WHERE id = ?').get(CENTER_ID);
  if (seeded) {
    db.prepare('UPDATE queue_center SET name = ?, settings = ? WHERE id = ?').run(settings.centerName, JSON.stringify(settings), CENTER_ID);
    return false;
  }
  db.transaction(() => {
    db.prepare('INSERT INTO queue_center (id, name, settings) VALUES (?, ?, ?)').run(CENTER_ID, settings.centerName, JSON.stringify(settings));
    const insService = db.prepare('INSERT INTO queue_services (id, name, sector, prefix, default_minutes, sort) VALUES (?, ?, ?, ?, ?, ?)');
    SEED_SERVICES.forEach((s, i) => insService.run(s.id, s.name, s.sector, s.prefix, s.defaultMinutes, i));
    const insOfficer = db.prepare('INSERT INTO queue_officers (id, name) VALUES (?, ?)');
    for (const o of SEED_OFFICERS) insOfficer.run(o.id, o.name);
    const insCounter = db.prepare('INSERT INTO queue_counters (number, name, service_ids, open, officer_id, default_officer_id) VALUES (?, ?, ?, ?, ?, ?)');
    for (const c of SEED_COUNTERS) {
      insCounter.run(c.number, `Quầy ${c.number}`, JSON.stringify(c.serviceIds), c.open ? 1 : 0, c.open ? c.officerId : null, c.officerId);
    }
  })();
  return true;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** `HH:mm` of a minute of the day, clamped to the day. */
const hhmm = (minute: number) => {
  const m = Math.min(23 * 60 + 59, Math.max(0, Math.round(minute)));
  return `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
};

export interface SeedAppointment {
  code: string;
  centerId: string;
  serviceId: string;
  serviceName: string;
  date: string;
  slotStart: string;
  slotEnd: string;
  state: 'booked' | 'checked_in' | 'cancelled';
  /** What the seed meant it to show (README, tests). */
  case: 'on-time' | 'too-early' | 'too-late' | 'other-day' | 'used' | 'cancelled' | 'other-center';
}

/**
 * Appointments around `now` (Vietnam time): on time (`0001`, `0008`, `0009`: the slot started at
 * most 30 minutes ago and lasts two hours), too early (`0002`, two hours ahead), too late (`0003`,
 * ended an hour ago), another day (`0004`, tomorrow), used (`0005`), cancelled (`0006`), another
 * center (`0007`). Near midnight the slots are clamped to the day, so "too early" and "too late"
 * may not be so in the first and last hour of a Vietnamese day.
 */
export function seedAppointments(now: Date): SeedAppointment[] {
  const v = vietnamTime(now);
  const minute = v.hour * 60 + v.minute;
  const slot = Math.floor(minute / 30) * 30;
  const today = vnDate(now);
  const tomorrowDate = new Date(now.getTime() + 86_400_000);
  const code = (d: Date, n: number) => `LH-${vnYyMMdd(d)}-${String(n).padStart(4, '0')}`;
  const svc = (id: string) => SEED_SERVICES.find((s) => s.id === id)!;
  const mk = (
    n: number,
    serviceId: string,
    start: number,
    length: number,
    c: SeedAppointment['case'],
    extra: Partial<Pick<SeedAppointment, 'state' | 'centerId' | 'date' | 'serviceName'>> = {},
    day: Date = now,
  ): SeedAppointment => ({
    code: code(day, n),
    centerId: CENTER_ID,
    serviceId,
    serviceName: svc(serviceId)?.name ?? serviceId,
    date: today,
    slotStart: hhmm(start),
    slotEnd: hhmm(start + length),
    state: 'booked',
    case: c,
    ...extra,
  });
  return [
    mk(1, 'ho-tich', slot, 120, 'on-time'),
    mk(2, 'ho-tich', slot + 120, 30, 'too-early'),
    mk(3, 'chung-thuc', slot - 90, 30, 'too-late'),
    mk(4, 'dat-dai', 9 * 60, 30, 'other-day', { date: vnDate(tomorrowDate) }, tomorrowDate),
    mk(5, 'ho-tich', slot, 120, 'used', { state: 'checked_in' }),
    mk(6, 'chung-thuc', slot, 120, 'cancelled', { state: 'cancelled' }),
    mk(7, 'ho-tich', slot, 120, 'other-center', { centerId: OTHER_CENTER_ID, serviceName: 'Đăng ký thường trú' }),
    mk(8, 'dat-dai', slot, 120, 'on-time'),
    mk(9, 'chung-thuc', slot, 120, 'on-time'),
  ];
}

/** Inserts the appointments of `now`'s Vietnamese day that are not there yet. */
export function ensureAppointments(db: Database.Database, now: Date): void {
  const ins = db.prepare(
    `INSERT OR IGNORE INTO queue_appointments (code, center_id, service_id, service_name, date, slot_start, slot_end, state, checked_in_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const a of seedAppointments(now)) {
      ins.run(a.code, a.centerId, a.serviceId, a.serviceName, a.date, a.slotStart, a.slotEnd, a.state, a.state === 'checked_in' ? now.toISOString() : null);
    }
  })();
}

/** Minute of the Vietnamese day of `HH:mm` on `date` as an instant. */
export function vnInstant(date: string, time: string): number {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  return Date.UTC(y, mo - 1, d, h, mi) - VIETNAM_UTC_OFFSET_MS;
}
