/**
 * The queue at the kiosk (issue 13 items 2–4, kiosk side): "Lấy số thứ tự", appointment check-in,
 * offline tickets from leased blocks, and the ticket slip.
 *
 * - `services()`: `GET /api/v1/queue/services`, grouped by sector; the answer is kept in the
 *   store (`queue_cache`) with the time it was fetched and shown from there while offline. The
 *   center's `offlinePolicy` comes from it; config `queue.offlinePolicy` until it was ever fetched.
 * - `issue()`: `POST /api/v1/queue/tickets` with `Idempotency-Key` = the UI's request id, made once
 *   per choice: a double tap joins the request in flight, and a repeat answers the same ticket
 *   without a second slip. Unreachable backend: policy `refuse` → `queue_offline`; policy `lease`
 *   → a number of the kiosk's leased block (leases.ts), committed before the slip prints, with
 *   the request id: a request that timed out may have created a ticket at the backend all the
 *   same, and the lease report names that orphan (`supersedes`) for the backend to take out.
 * - `checkIn()`: `GET /api/v1/appointments/{code}` (the service), then the ticket request with the
 *   appointment code; each appointment problem becomes its own error code.
 * - The lease loop (`queue.lease` in `kiosk.status`): refreshes the list, leases a block per service
 *   when fewer than `leaseLowWater` numbers are left (policy `lease` only), and closes and reports
 *   blocks through the outbox (kind `queue.lease-report`): blocks of another day, used-up blocks,
 *   and, once the backend answers again, every block that issued offline tickets.
 */
import { randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import { z } from 'zod';
import { exponentialDelay } from '../../../common/backoff';
import { vnDate, vnIso } from '../../../common/vietnam-time';
import type { QueueConfig } from '../../../kiosk-config/queue';
import { ApiError, type ApiClient } from '../../api/client';
import { Appointment, APPOINTMENT_PROBLEMS, Lease, QueueServiceList, QueueTicket, type PriorityCategory } from '../../api/queue';
import type { ErrorCode, LoopHealth } from '../../ipc/contract';
import { KioskError } from '../../errors';
import type { Logger } from '../../log';
import type { Store } from '../../store';
import { toKioskError } from '../errors';
import type { Outbox, OutboxKind } from '../outbox';
import type { PrintingService } from '../printing';
import type { QueueServicesView, QueueTicketView, TicketIssued, TicketPrint } from './contract';
import { ageOn, ELDERLY_AGE, PRIORITY_LABEL_VI } from './labels';
import { createLeaseStore, type LeaseStore, type LeaseSummary } from './leases';

export type { QueueServicesView, QueueTicketView, TicketIssued, TicketPrint } from './contract';

/** The outbox kind of a lease report (`POST /api/v1/queue/leases/{id}/report`). */
export const LEASE_REPORT_KIND = 'queue.lease-report';
export const leaseReportKind: OutboxKind = { response: z.unknown(), resultRef: () => undefined };

const KIOSK_ID_HEADER = 'x-kiosk-id';

export interface QueueServiceDeps {
  api: ApiClient;
  kioskId: string;
  config: QueueConfig;
  log: Logger;
  printer: PrintingService;
  /** The kiosk's database (the outbox's own connection, so a lease report is queued in the lease's transaction); null while out of service. */
  store: () => Store | null;
  outbox: () => Outbox | null;
  /** Throws `too_many` when the print limits refuse (main/services/printing/limits). */
  allowPrint: (key: string) => void;
  /** The birth date (`yyyy-MM-dd`) of the card read in this session, if any: main only. */
  birthDate?: () => string | undefined;
  centerName?: string;
  now?: () => Date;
  /**
   * The backend forgets everything when it stops (the embedded sandbox without `sandbox.dbFile`):
   * blocks kept from before it started are closed at start, unreported (the numbers would repeat).
   */
  backendForgets?: boolean | undefined;
}

export interface QueueService {
  services(): Promise<QueueServicesView>;
  issue(request: { serviceId: string; priority?: PriorityCategory | undefined; requestId: string }): Promise<TicketIssued>;
  checkIn(request: { appointmentCode: string; requestId: string }): Promise<TicketIssued>;
  /** Prints again a ticket issued in this session. */
  print(ticketId: string): Promise<TicketPrint>;
  /** One pass of the lease loop (the loop runs it; tests call it). */
  tick(): Promise<void>;
  /** Runs the loop's next pass now. */
  kick(): void;
  health(): LoopHealth;
  leases(): LeaseSummary[];
  /** The resident left: forget this session's tickets and request ids. */
  endSession(): void;
  start(): void;
  stop(): void;
}

interface Cached {
  list: QueueServiceList;
  fetchedAt: number;
}

interface IssuedHere {
  view: QueueTicketView;
  data: Record<string, unknown>;
}

/** `appointment-too-early` → `appointment_too_early`. */
function appointmentError(err: unknown): KioskError | undefined {
  if (!(err instanceof ApiError) || err.kind !== 'rejected') return undefined;
  const slug = err.problem?.type.split('/').at(-1) ?? '';
  if (!(APPOINTMENT_PROBLEMS as readonly string[]).includes(slug)) return undefined;
  const code = slug.replaceAll('-', '_') as ErrorCode;
  return new KioskError(code, err.problem?.detail ?? err.problem?.title ?? slug, { cause: err });
}

function unreachable(err: unknown): boolean {
  return err instanceof ApiError && (err.kind === 'offline' || err.kind === 'timeout');
}

function qrModules(text: string): { size: number; bits: string } {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  let bits = '';
  for (let i = 0; i < qr.modules.data.length; i++) bits += qr.modules.data[i] ? '1' : '0';
  return { size: qr.modules.size, bits };
}

function normalizeAppointmentCode(code: string): string {
  return code.normalize('NFC').replace(/\s+/g, '').toUpperCase();
}

export function createQueueService(deps: QueueServiceDeps): QueueService {
  const { api, log, config } = deps;
  const now = deps.now ?? (() => new Date());
  const headers = { [KIOSK_ID_HEADER]: deps.kioskId };
  let cached: Cached | null = null;
  let leaseStore: { store: Store; leases: LeaseStore } | null = null;
  /** Requests by request id: in flight (a double tap joins) or answered (a repeat gets the same ticket). */
  const requests = new Map<string, Promise<TicketIssued>>();
  const issuedHere = new Map<string, IssuedHere>();
  const loop = {
    state: 'ok' as LoopHealth['state'],
    restarts: 0,
    failures: 0,
    lastError: undefined as string | undefined,
    lastErrorAt: undefined as string | undefined,
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | null = null;
  let started = false;
  let stopped = false;

  const leases = (): LeaseStore | null => {
    const store = deps.store();
    if (!store) return null;
    if (leaseStore?.store !== store) leaseStore = { store, leases: createLeaseStore(store.db) };
    return leaseStore.leases;
  };

  // ---- the cached list ----
  const readCache = (): Cached | null => {
    if (cached) return cached;
    const store = deps.store();
    if (!store) return null;
    const row = store.db.prepare(`SELECT value, fetched_at FROM queue_cache WHERE key = 'services'`).get() as { value: string; fetched_at: number } | undefined;
    if (!row) return null;
    const parsed = QueueServiceList.safeParse(JSON.parse(row.value));
    if (!parsed.success) return null;
    cached = { list: parsed.data, fetchedAt: row.fetched_at };
    return cached;
  };
  const policy = (): 'refuse' | 'lease' => readCache()?.list.center.offlinePolicy ?? config.offlinePolicy;

  async function fetchServices(): Promise<Cached> {
    const list = await api.request('/api/v1/queue/services', QueueServiceList, { headers });
    const fetchedAt = now().getTime();
    cached = { list, fetchedAt };
    try {
      deps
        .store()
        ?.db.prepare(
          `INSERT INTO queue_cache (key, value, fetched_at) VALUES ('services', ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, fetched_at = excluded.fetched_at`,
        )
        .run(JSON.stringify(list), fetchedAt);
    } catch (err) {
      log.warn('queue', `services list not cached: ${err instanceof Error ? err.message : String(err)}`);
    }
    return cached;
  }

  function suggestedPriority(): PriorityCategory | null {
    const birth = deps.birthDate?.();
    if (!birth) return null;
    const age = ageOn(birth, vnDate(now()));
    return age !== undefined && age >= ELDERLY_AGE ? 'elderly' : null;
  }

  function view(c: Cached | null, offline: boolean): QueueServicesView {
    const sectors = new Map<string, QueueServicesView['sectors'][number]>();
    for (const s of c?.list.items ?? []) {
      let sector = sectors.get(s.sector);
      if (!sector) sectors.set(s.sector, (sector = { name: s.sector, services: [] }));
      sector.services.push({ id: s.id, name: s.name, prefix: s.prefix, waiting: s.waiting, estimatedWaitMinutes: s.estimatedWaitMinutes, open: s.open });
    }
    return {
      centerName: c?.list.center.name ?? null,
      policy: policy(),
      offline,
      fetchedAt: c ? new Date(c.fetchedAt).toISOString() : null,
      sectors: [...sectors.values()],
      suggestedPriority: suggestedPriority(),
    };
  }

  // ---- tickets ----
  function ticketView(t: QueueTicket): QueueTicketView {
    return {
      id: t.id,
      number: t.number,
      serviceId: t.serviceId,
      serviceName: t.serviceName,
      priority: t.priority,
      appointmentCode: t.appointmentCode,
      ahead: t.ahead,
      estimatedWaitMinutes: t.estimatedWaitMinutes,
      issuedAt: t.issuedAt,
      source: t.source,
      qr: { url: t.trackingUrl, ...qrModules(t.trackingUrl) },
    };
  }

  function slipData(v: QueueTicketView): Record<string, unknown> {
    return {
      ...(deps.centerName || readCache()?.list.center.name ? { centerName: readCache()?.list.center.name ?? deps.centerName } : {}),
      number: v.number,
      service: v.serviceName,
      ...(v.ahead !== null ? { peopleAhead: v.ahead } : {}),
      ...(v.estimatedWaitMinutes !== null ? { estimatedWaitMinutes: v.estimatedWaitMinutes } : {}),
      issuedAt: v.issuedAt,
      ...(v.priority ? { priority: PRIORITY_LABEL_VI[v.priority] } : {}),
      ...(v.appointmentCode ? { appointmentCode: v.appointmentCode } : {}),
      ...(v.qr ? { trackingUrl: v.qr.url } : { qr: false }),
      ...(v.source === 'lease' ? { note: 'PHIẾU CẤP KHI MẤT KẾT NỐI' } : {}),
    };
  }

  async function printSlip(v: QueueTicketView, data: Record<string, unknown>): Promise<TicketPrint> {
    try {
      deps.allowPrint(`ticket:${v.id}`);
    } catch (err) {
      log.warn('queue', `ticket ${v.number} not printed: ${err instanceof Error ? err.message : String(err)}`);
      return { state: 'limited' };
    }
    try {
      const outcome = await deps.printer.print('ticket', data, `ticket ${v.number}`);
      log.info('queue', `ticket ${v.number} (${v.source}): ${outcome.state}`);
      return { state: outcome.state };
    } catch (err) {
      log.error('queue', `ticket ${v.number} could not be printed`, err);
      return { state: 'unavailable' };
    }
  }

  async function deliver(v: QueueTicketView): Promise<TicketIssued> {
    const data = slipData(v);
    issuedHere.set(v.id, { view: v, data });
    return { ticket: v, print: await printSlip(v, data) };
  }

  /** `requestId`: the Idempotency-Key of the online request that failed; the report names it (`supersedes`). */
  function offlineTicket(serviceId: string, priority: PriorityCategory | null, requestId: string, cause: unknown): QueueTicketView {
    if (policy() === 'refuse') {
      throw new KioskError(
        'queue_offline',
        'The center cannot be reached and its policy is to refuse offline tickets: the resident goes to the reception desk',
        {
          cause,
        },
      );
    }
    const store = leases();
    if (!store) throw new KioskError('out_of_service', 'The kiosk database cannot be used: no offline ticket', { cause });
    const at = now();
    const taken = store.take(serviceId, vnDate(at), vnIso(at), priority, requestId);
    if (!taken) throw new KioskError('queue_offline', `The center cannot be reached and no leased number is left for service ${serviceId}`, { cause });
    const number = `${taken.prefix}${String(taken.number).padStart(3, '0')}`;
    const service = readCache()?.list.items.find((s) => s.id === serviceId);
    log.info('queue', `offline ticket ${number} from lease ${taken.leaseId}`);
    return {
      id: `lease-${taken.leaseId}-${taken.number}`,
      number,
      serviceId,
      serviceName: service?.name ?? serviceId,
      priority,
      appointmentCode: null,
      ahead: null,
      estimatedWaitMinutes: null,
      issuedAt: vnIso(at),
      source: 'lease',
      qr: null,
    };
  }

  function once(requestId: string, run: () => Promise<TicketIssued>): Promise<TicketIssued> {
    const known = requests.get(requestId);
    if (known) return known;
    const p = run();
    requests.set(requestId, p);
    // A failed request may be tried again with the same id (the same Idempotency-Key).
    p.catch(() => {
      if (requests.get(requestId) === p) requests.delete(requestId);
    });
    return p;
  }

  async function issue(request: { serviceId: string; priority?: PriorityCategory | undefined; requestId: string }): Promise<TicketIssued> {
    const body = { serviceId: request.serviceId, ...(request.priority ? { priority: request.priority } : {}) };
    let ticket: QueueTicketView;
    try {
      const t = await api.request('/api/v1/queue/tickets', QueueTicket, { method: 'POST', body, idempotencyKey: request.requestId, headers });
      ticket = ticketView(t);
      if (leases()?.unreported()) kick(); // the link is back: report the offline tickets
    } catch (err) {
      if (!unreachable(err)) throw toKioskError(err);
      ticket = offlineTicket(request.serviceId, request.priority ?? null, request.requestId, err);
      const result = await deliver(ticket);
      const [, leaseId, n] = /^lease-(.+)-(\d+)$/.exec(ticket.id) ?? [];
      if (result.print.state !== 'unavailable' && leaseId) leases()?.markPrinted(leaseId, Number(n));
      return result;
    }
    return deliver(ticket);
  }

  async function checkIn(request: { appointmentCode: string; requestId: string }): Promise<TicketIssued> {
    const code = normalizeAppointmentCode(request.appointmentCode);
    let appointment: Appointment;
    try {
      appointment = await api.request(`/api/v1/appointments/${encodeURIComponent(code)}`, Appointment, { headers });
    } catch (err) {
      if (err instanceof ApiError && err.kind === 'not_found') throw new KioskError('appointment_not_found', `No appointment ${code}`, { cause: err });
      throw appointmentError(err) ?? toKioskError(err);
    }
    try {
      const t = await api.request('/api/v1/queue/tickets', QueueTicket, {
        method: 'POST',
        body: { serviceId: appointment.serviceId, appointmentCode: code },
        idempotencyKey: request.requestId,
        headers,
      });
      log.info('queue', `appointment ${code} checked in: ticket ${t.number}`);
      return deliver(ticketView(t));
    } catch (err) {
      throw appointmentError(err) ?? toKioskError(err);
    }
  }

  // ---- the lease loop ----
  function queueReport(leaseId: string, at: number): boolean {
    const store = leases();
    const outbox = deps.outbox();
    if (!store || !outbox) return false;
    return store.closeAndReport(leaseId, at, (report, lease) => {
      const queued = outbox.enqueue({
        kind: LEASE_REPORT_KIND,
        path: `/api/v1/queue/leases/${encodeURIComponent(lease.id)}/report`,
        body: { ...report },
        summary: { leaseId: lease.id, serviceId: lease.serviceId, day: lease.day, issued: report.issued.length },
      });
      log.info(
        'queue',
        `lease ${lease.id} (${lease.prefix} ${lease.first}–${lease.last}, ${lease.day}) closed, ${report.issued.length} offline ticket(s) reported as ${queued.localRef}`,
      );
      return queued.localRef;
    });
  }

  async function pass(): Promise<void> {
    const store = leases();
    const at = now();
    const today = vnDate(at);
    // Blocks of another day or used up are closed even offline (the outbox sends the report later).
    let online = false;
    let failure: unknown;
    let c: Cached | null = null;
    try {
      c = await fetchServices();
      online = true;
    } catch (err) {
      failure = err;
    }
    for (const lease of store?.due(today, online) ?? []) queueReport(lease.id, at.getTime());
    if (online && c && policy() === 'lease' && store) {
      for (const s of c.list.items) {
        if (store.remaining(s.id, today) > config.leaseLowWater) continue;
        try {
          const lease = await api.request('/api/v1/queue/leases', Lease, {
            method: 'POST',
            body: { serviceId: s.id, size: config.leaseSize },
            idempotencyKey: randomUUID(),
            headers,
          });
          store.add(lease, now().getTime());
          log.info('queue', `leased ${lease.prefix} ${lease.first}–${lease.last} for ${lease.day} (service ${s.id})`);
        } catch (err) {
          failure = err;
          break;
        }
      }
    }
    if (store) store.purge(vnDate(new Date(at.getTime() - 7 * 86_400_000)));
    if (failure !== undefined) throw failure;
  }

  async function tick(): Promise<void> {
    if (running) return running;
    running = (async () => {
      try {
        await pass();
        loop.state = 'ok';
        loop.failures = 0;
      } catch (err) {
        loop.failures += 1;
        loop.restarts += 1;
        loop.state = 'restarting';
        loop.lastError = err instanceof Error ? err.message : String(err);
        loop.lastErrorAt = now().toISOString();
        log.warn('queue', `lease loop: ${loop.lastError}`);
      } finally {
        running = null;
      }
    })();
    return running;
  }

  function schedule(ms: number): void {
    clearTimeout(timer);
    if (stopped || !started) return;
    timer = setTimeout(() => {
      void tick().then(() => {
        const every = config.leaseCheckSeconds * 1000;
        schedule(loop.failures ? Math.min(every, exponentialDelay(loop.failures - 1, { baseMs: 2_000, capMs: every })) : every);
      });
    }, ms);
    timer.unref?.();
  }

  function kick(): void {
    if (started && !stopped) schedule(0);
  }

  return {
    async services() {
      try {
        return view(await fetchServices(), false);
      } catch (err) {
        if (!unreachable(err)) throw toKioskError(err);
        return view(readCache(), true);
      }
    },
    issue: (request) => once(request.requestId, () => issue(request)),
    checkIn: (request) => once(request.requestId, () => checkIn(request)),
    async print(ticketId) {
      const t = issuedHere.get(ticketId);
      if (!t) throw new KioskError('not_found', `Ticket ${ticketId} was not issued in this session`);
      try {
        deps.allowPrint(`ticket:${t.view.id}`);
      } catch (err) {
        throw err instanceof KioskError ? err : new KioskError('too_many', String(err));
      }
      const outcome = await deps.printer.print('ticket', t.data, `ticket ${t.view.number} (again)`);
      return { state: outcome.state };
    },
    tick,
    kick,
    health() {
      const h: LoopHealth = { name: 'queue.lease', state: stopped ? 'stopped' : loop.state, restarts: loop.restarts };
      if (loop.lastError !== undefined) h.lastError = loop.lastError;
      if (loop.lastErrorAt !== undefined) h.lastErrorAt = loop.lastErrorAt;
      return h;
    },
    leases: () => leases()?.list() ?? [],
    endSession() {
      requests.clear();
      issuedHere.clear();
    },
    start() {
      if (started) return;
      started = true;
      if (deps.backendForgets) {
        const n = leases()?.abandonOpen(now().getTime()) ?? 0;
        if (n) log.warn('queue', `${n} leased block(s) closed unreported: the embedded sandbox keeps no data between starts (set sandbox.dbFile)`);
      }
      schedule(0);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
