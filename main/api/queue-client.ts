/**
 * The service center's queue calls (issue 13) on the typed API client: services, tickets (with an
 * Idempotency-Key, one per request intent, reused on every retry), counters and the officer's
 * actions, leases of numbers for offline tickets and their reports, appointments. Answers are
 * checked against main/api/queue.ts; errors are the client's ApiError (offline, timeout,
 * not_found, rejected with the problem, server_error).
 */
import { ApiError, type ApiClient, type RequestOptions } from './client';
import {
  APPOINTMENT_PROBLEMS,
  Appointment,
  Counter,
  CounterList,
  Lease,
  LeaseReportResult,
  QueueServiceList,
  QueueTicket,
  type AppointmentProblem,
  LeaseReport,
  LeaseRequest,
  type TicketRequest,
} from './queue';
import type { z } from 'zod';

type CounterListBody = z.infer<typeof CounterList>;
type LeaseRequestBody = z.infer<typeof LeaseRequest>;
type LeaseReportBody = z.infer<typeof LeaseReport>;

/** Per-call options: a deadline instead of the client's. */
export interface QueueCallOptions {
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** An officer's action: an Idempotency-Key makes it safe to retry (the first answer is replayed). */
export interface OfficerCallOptions extends QueueCallOptions {
  idempotencyKey?: string | undefined;
}

export interface QueueApi {
  /** `GET /queue/services`: the center (rules, today) and its services with the people waiting. */
  services(options?: QueueCallOptions): Promise<QueueServiceList>;
  /** `POST /queue/tickets`: a ticket, or an appointment's check-in (`appointmentCode`). */
  issue(request: TicketRequest, idempotencyKey: string, options?: QueueCallOptions): Promise<QueueTicket>;
  /** `GET /queue/tickets/{id}`: the ticket with its current place. */
  ticket(id: string, options?: QueueCallOptions): Promise<QueueTicket>;
  /** `GET /queue/counters`. */
  counters(options?: QueueCallOptions): Promise<CounterListBody>;
  open(counter: number, options?: OfficerCallOptions): Promise<Counter>;
  close(counter: number, options?: OfficerCallOptions): Promise<Counter>;
  /** The next ticket for the counter, or null when nobody waits (204). */
  callNext(counter: number, options?: OfficerCallOptions): Promise<QueueTicket | null>;
  recall(counter: number, options?: OfficerCallOptions): Promise<QueueTicket>;
  skip(counter: number, options?: OfficerCallOptions): Promise<QueueTicket>;
  start(counter: number, options?: OfficerCallOptions): Promise<QueueTicket>;
  finish(counter: number, options?: OfficerCallOptions): Promise<QueueTicket>;
  /** The new ticket in the other service. */
  transfer(counter: number, serviceId: string, options?: OfficerCallOptions): Promise<QueueTicket>;
  /** `POST /queue/leases`: a block of numbers for this kiosk and today. */
  lease(request: LeaseRequestBody, idempotencyKey: string, options?: QueueCallOptions): Promise<Lease>;
  /** `POST /queue/leases/{id}/report`: what the kiosk issued offline from the block. */
  reportLease(leaseId: string, report: LeaseReportBody, idempotencyKey: string, options?: QueueCallOptions): Promise<LeaseReportResult>;
  /** `GET /appointments/{code}`. */
  appointment(code: string, options?: QueueCallOptions): Promise<Appointment>;
}

export interface QueueApiOptions {
  /** Sent as `X-Kiosk-Id` (tickets, leases). */
  kioskId?: string | undefined;
  /** Sent as `X-Officer-Id` on the officer's actions (the counter profile). */
  officerId?: string | undefined;
}

/** The problem type's last segment of an appointment refusal (`appointment-too-early`, …), or null. */
export function appointmentProblem(err: unknown): AppointmentProblem | null {
  if (!(err instanceof ApiError) || err.kind !== 'rejected') return null;
  const slug = (err.problem?.type ?? '').split('/').at(-1) ?? '';
  return (APPOINTMENT_PROBLEMS as readonly string[]).includes(slug) ? (slug as AppointmentProblem) : null;
}

/** The problem type's last segment of a rejected call (`counter-busy`, `illegal-transition`, …), or null. */
export function problemSlug(err: unknown): string | null {
  if (!(err instanceof ApiError) || !err.problem) return null;
  return err.problem.type.split('/').at(-1) ?? null;
}

function callOptions(o: QueueCallOptions | undefined): Pick<RequestOptions, 'timeoutMs' | 'signal'> {
  return { ...(o?.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}), ...(o?.signal ? { signal: o.signal } : {}) };
}

export function createQueueApi(client: ApiClient, settings: QueueApiOptions = {}): QueueApi {
  const kioskHeaders = (): Record<string, string> => (settings.kioskId ? { 'x-kiosk-id': settings.kioskId } : {});
  const officer = <S extends z.ZodType>(counter: number, action: string, schema: S, options: OfficerCallOptions = {}, body?: unknown) => {
    const headers: Record<string, string> = { 'x-counter': String(counter) };
    if (settings.officerId) headers['x-officer-id'] = settings.officerId;
    return client.request(`/api/v1/queue/counters/${encodeURIComponent(String(counter))}/${action}`, schema, {
      method: 'POST',
      body: body ?? {},
      headers,
      ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
      ...callOptions(options),
    });
  };
  return {
    services: (o) => client.request('/api/v1/queue/services', QueueServiceList, callOptions(o)),
    issue: (request, idempotencyKey, o) =>
      client.request('/api/v1/queue/tickets', QueueTicket, { method: 'POST', body: request, idempotencyKey, headers: kioskHeaders(), ...callOptions(o) }),
    ticket: (id, o) => client.request(`/api/v1/queue/tickets/${encodeURIComponent(id)}`, QueueTicket, callOptions(o)),
    counters: (o) => client.request('/api/v1/queue/counters', CounterList, callOptions(o)),
    open: (n, o) => officer(n, 'open', Counter, o),
    close: (n, o) => officer(n, 'close', Counter, o),
    callNext: (n, o) => officer(n, 'call-next', QueueTicket.nullable(), o),
    recall: (n, o) => officer(n, 'recall', QueueTicket, o),
    skip: (n, o) => officer(n, 'skip', QueueTicket, o),
    start: (n, o) => officer(n, 'start', QueueTicket, o),
    finish: (n, o) => officer(n, 'finish', QueueTicket, o),
    transfer: (n, serviceId, o) => officer(n, 'transfer', QueueTicket, o, { serviceId }),
    lease: (request, idempotencyKey, o) =>
      client.request('/api/v1/queue/leases', Lease, { method: 'POST', body: request, idempotencyKey, headers: kioskHeaders(), ...callOptions(o) }),
    reportLease: (leaseId, report, idempotencyKey, o) =>
      client.request(`/api/v1/queue/leases/${encodeURIComponent(leaseId)}/report`, LeaseReportResult, {
        method: 'POST',
        body: report,
        idempotencyKey,
        headers: kioskHeaders(),
        ...callOptions(o),
      }),
    appointment: (code, o) => client.request(`/api/v1/appointments/${encodeURIComponent(code.trim())}`, Appointment, callOptions(o)),
  };
}
