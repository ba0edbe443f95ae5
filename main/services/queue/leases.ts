/**
 * The kiosk's leased blocks of ticket numbers (issue 13 item 3), in its SQLite store (migration 4).
 *
 * Never the same number twice in a day, whatever fails when:
 * - a number is taken in ONE immediate transaction (the block's `next` moves on and the ticket row
 *   is written) BEFORE the slip prints: a crash after the commit loses that number, never repeats it;
 * - a block is used only on its own day (Vietnam time): a block from another day is never used;
 * - `(day, prefix, number)` is unique in `queue_lease_tickets`: the database itself refuses a repeat;
 * - a block is closed in the same transaction that queues its report in the outbox (same
 *   connection), so a block is reported once, and a closed block never issues again.
 *
 * An offline ticket keeps the Idempotency-Key of the online request that failed (migration 7,
 * `supersedes`), sent in the report: the backend may have created that online ticket before the
 * answer was lost, and takes the orphan out of its queue.
 */
import type Database from 'better-sqlite3';
import type { Lease, LeaseReportTicket, PriorityCategory } from '../../api/queue';

export interface TakenNumber {
  leaseId: string;
  serviceId: string;
  prefix: string;
  number: number;
  day: string;
}

export interface LeaseSummary {
  id: string;
  serviceId: string;
  prefix: string;
  day: string;
  first: number;
  last: number;
  next: number;
  state: 'open' | 'closed';
  issued: number;
  reportRef: string | null;
}

export interface LeaseReportBody {
  issued: LeaseReportTicket[];
  closed: boolean;
}

interface LeaseRow {
  id: string;
  service_id: string;
  prefix: string;
  day: string;
  first: number;
  last: number;
  next: number;
  state: 'open' | 'closed';
  report_ref: string | null;
  issued: number;
}

export interface LeaseStore {
  /** Keeps a block the backend leased (a block already known is left as it is). */
  add(lease: Lease, leasedAt: number): void;
  /**
   * Takes the next number of today's open blocks of the service, committed; null when none is left.
   * `supersedes`: the Idempotency-Key of the online request that failed (sent in the report).
   */
  take(serviceId: string, day: string, issuedAt: string, priority: PriorityCategory | null, supersedes?: string | null): TakenNumber | null;
  markPrinted(leaseId: string, number: number): void;
  /** Numbers left today in the service's open blocks. */
  remaining(serviceId: string, day: string): number;
  /**
   * Blocks to close and report now: from another day, used up, or (when `withIssued`) any block
   * that issued offline tickets (the link is back).
   */
  due(day: string, withIssued: boolean): LeaseSummary[];
  /**
   * Closes the block and, in the same transaction, runs `queue(report)` (which queues the outbox
   * row on this same connection and answers its local reference). Nothing happens when the block
   * is closed already.
   */
  closeAndReport(leaseId: string, at: number, queue: (report: LeaseReportBody, lease: LeaseSummary) => string): boolean;
  list(): LeaseSummary[];
  /** Tickets issued offline still in blocks not yet reported. */
  unreported(): number;
  /**
   * Closes every open block without a report, answering how many: for a backend that forgot them
   * (the embedded sandbox in memory, started again). Never used with a backend that keeps its data.
   */
  abandonOpen(at: number): number;
  /** Forgets closed blocks (and their tickets) of days before `day` minus `keepDays`. */
  purge(beforeDay: string): number;
}

function summary(r: LeaseRow): LeaseSummary {
  return {
    id: r.id,
    serviceId: r.service_id,
    prefix: r.prefix,
    day: r.day,
    first: r.first,
    last: r.last,
    next: r.next,
    state: r.state,
    issued: r.issued,
    reportRef: r.report_ref,
  };
}

const SELECT = `SELECT l.*, (SELECT COUNT(*) FROM queue_lease_tickets t WHERE t.lease_id = l.id) AS issued FROM queue_leases l`;

export function createLeaseStore(db: Database.Database): LeaseStore {
  const q = {
    add: db.prepare(
      `INSERT OR IGNORE INTO queue_leases (id, service_id, prefix, day, first, last, next, state, leased_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)`,
    ),
    current: db.prepare(
      `SELECT id, prefix, next, last FROM queue_leases WHERE state = 'open' AND service_id = ? AND day = ? AND next <= last ORDER BY first LIMIT 1`,
    ),
    advance: db.prepare(`UPDATE queue_leases SET next = next + 1 WHERE id = ? AND next = ? AND state = 'open'`),
    ticket: db.prepare(`INSERT INTO queue_lease_tickets (lease_id, number, day, prefix, issued_at, priority, supersedes) VALUES (?, ?, ?, ?, ?, ?, ?)`),
    printed: db.prepare(`UPDATE queue_lease_tickets SET printed = 1 WHERE lease_id = ? AND number = ?`),
    remaining: db.prepare(`SELECT COALESCE(SUM(last - next + 1), 0) AS n FROM queue_leases WHERE state = 'open' AND service_id = ? AND day = ?`),
    open: db.prepare(`${SELECT} WHERE l.state = 'open' ORDER BY l.day, l.service_id, l.first`),
    one: db.prepare(`${SELECT} WHERE l.id = ?`),
    all: db.prepare(`${SELECT} ORDER BY l.day DESC, l.service_id, l.first`),
    tickets: db.prepare(`SELECT number, issued_at, priority, supersedes FROM queue_lease_tickets WHERE lease_id = ? ORDER BY number`),
    close: db.prepare(`UPDATE queue_leases SET state = 'closed', closed_at = ?, report_ref = ? WHERE id = ? AND state = 'open'`),
    abandon: db.prepare(`UPDATE queue_leases SET state = 'closed', closed_at = ?, report_ref = 'abandoned' WHERE state = 'open'`),
    unreported: db.prepare(`SELECT COUNT(*) AS n FROM queue_lease_tickets t JOIN queue_leases l ON l.id = t.lease_id WHERE l.state = 'open'`),
    purgeTickets: db.prepare(`DELETE FROM queue_lease_tickets WHERE lease_id IN (SELECT id FROM queue_leases WHERE state = 'closed' AND day < ?)`),
    purgeLeases: db.prepare(`DELETE FROM queue_leases WHERE state = 'closed' AND day < ?`),
  };

  const take = db.transaction(
    (serviceId: string, day: string, issuedAt: string, priority: PriorityCategory | null, supersedes: string | null): TakenNumber | null => {
      const row = q.current.get(serviceId, day) as { id: string; prefix: string; next: number; last: number } | undefined;
      if (!row) return null;
      if (q.advance.run(row.id, row.next).changes !== 1) throw new Error(`lease ${row.id} moved under us`);
      q.ticket.run(row.id, row.next, day, row.prefix, issuedAt, priority, supersedes);
      return { leaseId: row.id, serviceId, prefix: row.prefix, number: row.next, day };
    },
  );

  const closeAndReport = db.transaction((leaseId: string, at: number, queue: (report: LeaseReportBody, lease: LeaseSummary) => string): boolean => {
    const row = q.one.get(leaseId) as LeaseRow | undefined;
    if (!row || row.state !== 'open') return false;
    const issued = (q.tickets.all(leaseId) as Array<{ number: number; issued_at: string; priority: string | null; supersedes: string | null }>).map(
      (t): LeaseReportTicket => ({
        number: t.number,
        issuedAt: t.issued_at,
        priority: (t.priority as PriorityCategory | null) ?? null,
        ...(t.supersedes ? { supersedes: t.supersedes } : {}),
      }),
    );
    const ref = queue({ issued, closed: true }, summary(row));
    q.close.run(at, ref, leaseId);
    return true;
  });

  return {
    add(lease, leasedAt) {
      q.add.run(lease.id, lease.serviceId, lease.prefix, lease.day, lease.first, lease.last, lease.first, leasedAt);
    },
    take: (serviceId, day, issuedAt, priority, supersedes) => take.immediate(serviceId, day, issuedAt, priority, supersedes ?? null),
    markPrinted(leaseId, number) {
      q.printed.run(leaseId, number);
    },
    remaining(serviceId, day) {
      return (q.remaining.get(serviceId, day) as { n: number }).n;
    },
    due(day, withIssued) {
      return (q.open.all() as LeaseRow[]).filter((r) => r.day !== day || r.next > r.last || (withIssued && r.issued > 0)).map(summary);
    },
    closeAndReport: (leaseId, at, queue) => closeAndReport.immediate(leaseId, at, queue),
    list: () => (q.all.all() as LeaseRow[]).map(summary),
    abandonOpen: (at) => q.abandon.run(at).changes,
    unreported: () => (q.unreported.get() as { n: number }).n,
    purge(beforeDay) {
      return db.transaction(() => {
        q.purgeTickets.run(beforeDay);
        return q.purgeLeases.run(beforeDay).changes;
      })();
    },
  };
}
