/**
 * The queue's routes (issue 13), spread into sandbox/routes.ts's ROUTES; shapes from
 * main/api/queue.ts, routes as docs/service-center.md lists them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  Appointment,
  Counter,
  CounterList,
  Lease,
  LeaseReport,
  LeaseReportResult,
  LeaseRequest,
  QueueEvent,
  QueueServiceList,
  QueueTicket,
  TicketRequest,
  TransferRequest,
} from '../../main/api/queue';
import { formatDateTime, vnDate, vnIso } from '../../common/vietnam-time';
import { HttpProblem, parseJsonBody } from '../problems';
import type { ParameterDoc, RouteContext, RouteDef } from '../routes';
import type { QueueSettings } from './db';
import { QueueEventHub } from './events';
import { QueueModel } from './model';
import { trackingNotFound, trackingPage } from './track';

/** What the server keeps per running sandbox for the queue. */
export interface QueueRuntime {
  model: QueueModel;
  hub: QueueEventHub;
}

export function createQueueRuntime(
  db: ConstructorParameters<typeof QueueModel>[0]['db'],
  now: () => Date,
  settings: QueueSettings,
  log: (line: string) => void,
): QueueRuntime {
  let hub: QueueEventHub | undefined;
  const model = new QueueModel({ db, now, settings, notify: () => hub?.notify() });
  hub = new QueueEventHub(model, settings.heartbeatMs, log);
  model.ensureToday();
  // An in-memory database starts its event ids at the wall clock's milliseconds, so a display that
  // followed an earlier run resumes into this one's events instead of waiting for the ids to catch
  // up (ids stay increasing integers; a file database keeps its own from 1).
  if (db.memory && model.lastEventId() === 0) {
    db.prepare("INSERT OR REPLACE INTO sqlite_sequence (name, seq) VALUES ('queue_events', ?)").run(Date.now());
  }
  // Events older than a week are of no use to a display catching up; ids keep increasing (AUTOINCREMENT).
  db.prepare('DELETE FROM queue_events WHERE at < ?').run(vnIso(new Date(now().getTime() - 7 * 86_400_000)));
  return { model, hub };
}

/** Response and body schemas of the queue's routes, by OpenAPI component name. */
export const QUEUE_SCHEMAS = {
  QueueServiceList,
  QueueTicket,
  TicketRequest,
  CounterList,
  Counter,
  TransferRequest,
  QueueEvent,
  Lease,
  LeaseRequest,
  LeaseReport,
  LeaseReportResult,
  Appointment,
} as const;

function runtime(ctx: Pick<RouteContext, 'queue'>): QueueRuntime {
  if (!ctx.queue) throw new Error('the queue runtime is not attached to this server');
  return ctx.queue;
}

function header(ctx: RouteContext, name: string): string | null {
  const v = ctx.headers?.[name];
  const s = typeof v === 'string' ? v.trim() : '';
  return s === '' ? null : s.slice(0, 128);
}

function counterNumber(ctx: RouteContext): number {
  const raw = ctx.params.n ?? '';
  if (!/^[1-9]\d{0,3}$/.test(raw)) throw new HttpProblem(400, 'invalid-path', `A counter number is a positive integer, got "${raw.slice(0, 20)}".`);
  const n = Number(raw);
  const h = header(ctx, 'x-counter');
  if (h !== null && h !== raw) throw new HttpProblem(400, 'invalid-path', `X-Counter says ${h.slice(0, 8)} but the path names counter ${n}.`);
  return n;
}

function kioskId(ctx: RouteContext, required: boolean): string | null {
  const id = header(ctx, 'x-kiosk-id');
  if (required && !id) throw new HttpProblem(400, 'kiosk-id-missing', 'Send X-Kiosk-Id with the kiosk’s id.');
  return id;
}

// ---- Examples (from the seed, never written) ---------------------------------------------------

type ExampleCtx = Omit<RouteContext, 'params' | 'query'>;

function exampleTicket(ctx: ExampleCtx, state: QueueTicket['state'] = 'waiting'): QueueTicket {
  const { model } = runtime(ctx);
  const now = ctx.now();
  const svc = model.serviceList().items[0]!;
  const called = state !== 'waiting';
  const id = `Q${vnDate(now).replaceAll('-', '').slice(2)}KMQRXTAB`;
  return QueueTicket.parse({
    id,
    number: `${svc.prefix}015`,
    serviceId: svc.id,
    serviceName: svc.name,
    day: vnDate(now),
    priority: null,
    appointmentCode: null,
    state,
    issuedAt: vnIso(now),
    ahead: called ? 0 : svc.waiting,
    estimatedWaitMinutes: called ? null : (svc.estimatedWaitMinutes ?? null),
    counter: called ? 1 : null,
    officer: called ? { id: 'CB01', name: 'Nguyễn Thị Lan' } : null,
    trackingUrl: `${model.settings.trackingBaseUrl}${id}`,
    source: 'online',
  });
}

function exampleLease(ctx: ExampleCtx): Lease {
  const now = ctx.now();
  return {
    id: `L${vnDate(now).replaceAll('-', '').slice(2)}KMQRXTAB`,
    serviceId: 'ho-tich',
    prefix: 'A',
    day: vnDate(now),
    first: 41,
    last: 60,
    kioskId: 'KIOSK.DEMO.01',
  };
}

function exampleAppointment(ctx: ExampleCtx): Appointment {
  const row = ctx.store.db.prepare("SELECT code FROM queue_appointments WHERE state = 'booked' ORDER BY date DESC, code LIMIT 1").get() as
    { code: string } | undefined;
  return runtime(ctx).model.appointment(row?.code ?? 'LH-000000-0000');
}

const KEY_PARAM: ParameterDoc = {
  name: 'Idempotency-Key',
  in: 'header',
  required: true,
  description: 'A unique key per request (a UUID), reused on every retry: the same key and body replay the first answer.',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
  example: '6b0e2f1c-3a59-4d7e-9f08-1c2d3e4f5a6b',
};
const OPTIONAL_KEY_PARAM: ParameterDoc = {
  ...KEY_PARAM,
  required: false,
  description: 'Optional: with it, a retried officer action replays the first answer instead of acting twice.',
};
const KIOSK_PARAM: ParameterDoc = {
  name: 'X-Kiosk-Id',
  in: 'header',
  required: true,
  description: 'The kiosk’s id, recorded with the ticket (leases: the block belongs to it).',
  schema: { type: 'string', maxLength: 128 },
  example: 'KIOSK.DEMO.01',
};
const COUNTER_PARAMS: ParameterDoc[] = [
  { name: 'n', in: 'path', required: true, description: 'Counter number.', schema: { type: 'integer', minimum: 1 }, example: 1 },
  {
    name: 'X-Officer-Id',
    in: 'header',
    required: false,
    description:
      'The officer at the counter (seeded: CB01…CB06). Opening without it uses the counter’s usual officer; on an open counter another officer’s id is 409.',
    schema: { type: 'string', maxLength: 64 },
    example: 'CB01',
  },
  {
    name: 'X-Counter',
    in: 'header',
    required: false,
    description: 'The counter’s number again (checked against the path).',
    schema: { type: 'string' },
    example: '1',
  },
  OPTIONAL_KEY_PARAM,
];

type OfficerAction = 'recall' | 'skip' | 'start' | 'finish';
const OFFICER_ACTIONS: { action: OfficerAction; summary: string; description: string; state: QueueTicket['state'] }[] = [
  {
    action: 'recall',
    summary: 'Call the current ticket again (gọi lại)',
    description: 'The called ticket is announced again (`ticket.recalled`). 409 when the counter has no called ticket.',
    state: 'called',
  },
  {
    action: 'skip',
    summary: 'The called resident did not come (bỏ qua)',
    description: 'The called ticket becomes `skipped`. 409 unless the current ticket is `called`.',
    state: 'skipped',
  },
  {
    action: 'start',
    summary: 'Start serving (bắt đầu)',
    description: 'The called ticket becomes `serving`. 409 unless the current ticket is `called`.',
    state: 'serving',
  },
  {
    action: 'finish',
    summary: 'Finish serving (hoàn thành)',
    description: 'The served ticket becomes `done`; its service time feeds the estimated wait. 409 unless the current ticket is `serving`.',
    state: 'done',
  },
];

function officerRoute(action: OfficerAction, summary: string, description: string, state: QueueTicket['state']): RouteDef {
  return {
    method: 'POST',
    path: `/api/v1/queue/counters/{n}/${action}`,
    auth: true,
    operationId: `${action}Ticket`,
    summary,
    description: `${description} The counter must be open (409 \`counter-closed\`).`,
    tag: 'queue',
    parameters: COUNTER_PARAMS,
    idempotent: 'optional',
    responseSchema: 'QueueTicket',
    problems: [400, 404, 409],
    handle: (ctx) => {
      const m = runtime(ctx).model;
      const n = counterNumber(ctx);
      const officer = header(ctx, 'x-officer-id');
      const t =
        action === 'recall' ? m.recall(n, officer) : action === 'skip' ? m.skip(n, officer) : action === 'start' ? m.start(n, officer) : m.finish(n, officer);
      return { status: 200, body: t };
    },
    example: (ctx) => exampleTicket(ctx, state),
  };
}

/** Last-Event-ID from the header or `?lastEventId=`; null when absent. */
function lastEventId(ctx: RouteContext): number | null {
  const raw = header(ctx, 'last-event-id') ?? ctx.query.get('lastEventId');
  if (raw === null || raw === '') return null;
  if (!/^\d{1,15}$/.test(raw)) throw new HttpProblem(400, 'invalid-last-event-id', `Last-Event-ID must be a non-negative integer, got "${raw.slice(0, 20)}".`);
  return Number(raw);
}

export const QUEUE_ROUTES: readonly RouteDef[] = [
  {
    method: 'GET',
    path: '/api/v1/queue/services',
    auth: true,
    operationId: 'listQueueServices',
    summary: 'The center and its queue services (dịch vụ)',
    description:
      'The center (its rules and today in Vietnam) and each service with its sector, prefix, the counters serving it, the tickets waiting, and the estimated wait of a ticket issued now (null when no counter serving it is open; `open` false then).',
    tag: 'queue',
    parameters: [],
    responseSchema: 'QueueServiceList',
    problems: [],
    handle: (ctx) => ({ status: 200, body: runtime(ctx).model.serviceList(), headers: { 'Cache-Control': 'no-store' } }),
    example: (ctx) => runtime(ctx).model.serviceList(),
  },
  {
    method: 'POST',
    path: '/api/v1/queue/tickets',
    auth: true,
    operationId: 'issueTicket',
    summary: 'Issue a queue ticket (lấy số thứ tự), or check in an appointment',
    description:
      'A ticket in the service, numbered with its prefix, per Vietnamese day (restarts at 00:00 UTC+7), never twice and without gaps. `priority` is the category the resident declared. With `appointmentCode` it is a check-in: the service comes from the appointment, and wrong day, too early (more than 30 min before the slot), too late (more than 15 min after its end), already used, cancelled, another center or unknown answer 422 with the `appointment-*` problem types and a Vietnamese `detail`. Requires `Idempotency-Key` (replays the first answer) and `X-Kiosk-Id`.',
    tag: 'queue',
    parameters: [KEY_PARAM, KIOSK_PARAM],
    requestBody: {
      schema: 'TicketRequest',
      description: 'The service and, optionally, a priority category or an appointment code.',
      example: () => ({ serviceId: 'ho-tich' }),
    },
    idempotent: true,
    successStatus: 201,
    responseSchema: 'QueueTicket',
    problems: [400, 404, 409, 422],
    responseHeaders: { Location: { description: 'The new ticket.', schema: { type: 'string' } } },
    handle: (ctx) => {
      const req = parseJsonBody(ctx.body, TicketRequest);
      const t = runtime(ctx).model.issue(req, kioskId(ctx, true), ctx.idempotencyKey ?? null);
      return { status: 201, body: t, headers: { Location: `/api/v1/queue/tickets/${t.id}` } };
    },
    example: (ctx) => exampleTicket(ctx),
  },
  {
    method: 'GET',
    path: '/api/v1/queue/tickets/{id}',
    auth: true,
    operationId: 'getTicket',
    summary: 'A ticket with its current place',
    description: 'What the tracking QR shows: the state, the tickets ahead and the estimated wait (while waiting), the counter and officer (once called).',
    tag: 'queue',
    parameters: [{ name: 'id', in: 'path', required: true, description: 'The ticket id.', schema: { type: 'string', maxLength: 64 } }],
    responseSchema: 'QueueTicket',
    problems: [404],
    handle: (ctx) => ({ status: 200, body: runtime(ctx).model.ticket(ctx.params.id ?? ''), headers: { 'Cache-Control': 'no-store' } }),
    example: (ctx) => exampleTicket(ctx),
  },
  {
    method: 'GET',
    path: '/api/v1/queue/counters',
    auth: true,
    operationId: 'listCounters',
    summary: 'The counters (quầy) with their officer and current ticket',
    description: 'Every counter: the services it serves, open or closed, the officer, the ticket it called or serves now.',
    tag: 'queue',
    parameters: [],
    responseSchema: 'CounterList',
    problems: [],
    handle: (ctx) => ({ status: 200, body: runtime(ctx).model.counterList(), headers: { 'Cache-Control': 'no-store' } }),
    example: (ctx) => runtime(ctx).model.counterList(),
  },
  {
    method: 'POST',
    path: '/api/v1/queue/counters/{n}/open',
    auth: true,
    operationId: 'openCounter',
    summary: 'Open a counter',
    description:
      'The officer (`X-Officer-Id`, else the counter’s usual officer) opens the counter; opening an open counter again is a no-op. An unknown officer is 422.',
    tag: 'queue',
    parameters: COUNTER_PARAMS,
    idempotent: 'optional',
    responseSchema: 'Counter',
    problems: [400, 404, 409, 422],
    handle: (ctx) => ({ status: 200, body: runtime(ctx).model.open(counterNumber(ctx), header(ctx, 'x-officer-id')) }),
    example: (ctx) => runtime(ctx).model.counterList().items[0],
  },
  {
    method: 'POST',
    path: '/api/v1/queue/counters/{n}/close',
    auth: true,
    operationId: 'closeCounter',
    summary: 'Close a counter',
    description: 'Closing a counter that still has a called or served ticket is 409 `counter-busy`; closing a closed counter is a no-op.',
    tag: 'queue',
    parameters: COUNTER_PARAMS,
    idempotent: 'optional',
    responseSchema: 'Counter',
    problems: [400, 404, 409],
    handle: (ctx) => ({ status: 200, body: runtime(ctx).model.close(counterNumber(ctx), header(ctx, 'x-officer-id')) }),
    example: (ctx) => ({ ...runtime(ctx).model.counterList().items[0]!, open: false, officer: null, current: null }),
  },
  {
    method: 'POST',
    path: '/api/v1/queue/counters/{n}/call-next',
    auth: true,
    operationId: 'callNext',
    summary: 'Call the next ticket (gọi số tiếp theo)',
    description:
      'The next waiting ticket of the counter’s services by the center’s rule: appointments first (rule `first`), then priority tickets strictly first or one after every N ordinary ones (`interleaved`, counted per counter), oldest first. 204 when nobody waits. 409 while the counter still has a called or served ticket, or is closed.',
    tag: 'queue',
    parameters: COUNTER_PARAMS,
    idempotent: 'optional',
    responseSchema: 'QueueTicket',
    problems: [400, 404, 409],
    handle: (ctx) => {
      const t = runtime(ctx).model.callNext(counterNumber(ctx), header(ctx, 'x-officer-id'));
      return t ? { status: 200, body: t } : { status: 204, body: null };
    },
    example: (ctx) => exampleTicket(ctx, 'called'),
  },
  ...OFFICER_ACTIONS.map((a) => officerRoute(a.action, a.summary, a.description, a.state)),
  {
    method: 'POST',
    path: '/api/v1/queue/counters/{n}/transfer',
    auth: true,
    operationId: 'transferTicket',
    summary: 'Transfer the current ticket to another service (chuyển)',
    description:
      'The called or served ticket becomes `transferred`; a new waiting ticket in the other service (its own prefix and next number, the same priority) is answered (201). Transferring to the same service is 409, an unknown service 422.',
    tag: 'queue',
    parameters: COUNTER_PARAMS,
    requestBody: { schema: 'TransferRequest', description: 'The service to send the resident to.', example: () => ({ serviceId: 'chung-thuc' }) },
    idempotent: 'optional',
    successStatus: 201,
    responseSchema: 'QueueTicket',
    problems: [400, 404, 409, 422],
    handle: (ctx) => {
      const { serviceId } = parseJsonBody(ctx.body, TransferRequest);
      return { status: 201, body: runtime(ctx).model.transfer(counterNumber(ctx), serviceId, header(ctx, 'x-officer-id')) };
    },
    example: (ctx) => exampleTicket(ctx),
  },
  {
    method: 'GET',
    path: '/queue/track/{id}',
    auth: false,
    operationId: 'trackTicket',
    summary: "A ticket's place, for the resident's phone",
    description:
      "The page a ticket's QR opens (`trackingUrl`): the number, the service, the state, the people ahead and the estimated wait, or the counter once called, in Vietnamese; refreshed by the browser every 20 s. HTML without script; no token (a ticket carries nothing personal). An unknown id is a 404 page. The example is the ticket the page shows.",
    tag: 'queue',
    parameters: [{ name: 'id', in: 'path', required: true, description: 'The ticket id.', schema: { type: 'string', maxLength: 64 } }],
    responseSchema: 'QueueTicket',
    responseContentType: 'text/html',
    problems: [404],
    handle: () => {
      throw new HttpProblem(400, 'invalid-query', 'This route answers HTML; the server calls stream().');
    },
    stream: (ctx: RouteContext, _req: IncomingMessage, res: ServerResponse) => {
      const { model } = runtime(ctx);
      let html: string;
      let status = 200;
      try {
        html = trackingPage(model.ticket(ctx.params.id ?? ''), model.settings.centerName, formatDateTime(ctx.now()));
      } catch (err) {
        if (!(err instanceof HttpProblem) || err.status !== 404) throw err;
        html = trackingNotFound();
        status = 404;
      }
      res.writeHead(status, {
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      });
      res.end(html);
    },
    example: (ctx) => exampleTicket(ctx),
  },
  {
    method: 'GET',
    path: '/api/v1/queue/events',
    auth: true,
    operationId: 'queueEvents',
    summary: 'Queue events as Server-Sent Events',
    description:
      '`text/event-stream`: each event has `id:` (increasing integer), `event:` (its type) and `data:` (the QueueEvent as JSON). With `Last-Event-ID` (header, or `?lastEventId=`) every later event comes first, then live ones; without it, live events only. A comment line every 15 s keeps the link alive. The example is one event’s `data`.',
    tag: 'queue',
    parameters: [
      {
        name: 'Last-Event-ID',
        in: 'header',
        required: false,
        description: 'The last event id the client saw.',
        schema: { type: 'integer', minimum: 0 },
        example: 41,
      },
      {
        name: 'lastEventId',
        in: 'query',
        required: false,
        description: 'The same, for clients that cannot set headers (EventSource).',
        schema: { type: 'integer', minimum: 0 },
      },
    ],
    responseSchema: 'QueueEvent',
    responseContentType: 'text/event-stream',
    problems: [400],
    handle: () => {
      throw new HttpProblem(400, 'invalid-query', 'This route streams; the server calls stream().');
    },
    stream: (ctx: RouteContext, req: IncomingMessage, res: ServerResponse) => {
      const last = lastEventId(ctx);
      runtime(ctx).hub.attach(req, res, last);
    },
    example: (ctx) => {
      const { model } = runtime(ctx);
      return QueueEvent.parse({
        id: 42,
        type: 'ticket.called',
        at: vnIso(ctx.now()),
        ticket: exampleTicket(ctx, 'called'),
        counter: 1,
        waiting: model.waitingCounts(),
      });
    },
  },
  {
    method: 'POST',
    path: '/api/v1/queue/leases',
    auth: true,
    operationId: 'leaseNumbers',
    summary: 'Lease a block of numbers for offline tickets',
    description:
      'Reserves the next `size` numbers of the service’s lease series (9001 and up, apart from the online numbers 1–8999, so that a block never used leaves no hole in the day’s numbers) for this kiosk (`X-Kiosk-Id`) and today. 409 `leases-refused` when the center’s offline policy is `refuse`. Requires `Idempotency-Key`.',
    tag: 'queue',
    parameters: [KEY_PARAM, KIOSK_PARAM],
    requestBody: { schema: 'LeaseRequest', description: 'The service and the block size.', example: () => ({ serviceId: 'ho-tich', size: 20 }) },
    idempotent: true,
    successStatus: 201,
    responseSchema: 'Lease',
    problems: [400, 404, 409],
    handle: (ctx) => {
      const req = parseJsonBody(ctx.body, LeaseRequest);
      return { status: 201, body: runtime(ctx).model.lease(req, kioskId(ctx, true)!) };
    },
    example: (ctx) => exampleLease(ctx),
  },
  {
    method: 'POST',
    path: '/api/v1/queue/leases/{id}/report',
    auth: true,
    operationId: 'reportLease',
    summary: 'Report the tickets issued offline from a block',
    description:
      'Each reported number joins the queue (`source: lease`, its own issue time); a number already reported is left as it is (a resent report). With `closed: true` the unused numbers are released: never issued again that day. An issued ticket with `supersedes` (the `Idempotency-Key` of this kiosk’s ticket request that timed out, after which it issued offline) takes the online ticket that request created on the lease’s day out of the queue if it still waits (`skipped`, a `ticket.skipped` event without a counter); one already called is left as it is. A number outside the block, twice in one report, or issued on another day than the lease’s is 422 `lease-report-invalid`; another kiosk’s lease 403; a closed lease 409. Requires `Idempotency-Key` and `X-Kiosk-Id`.',
    tag: 'queue',
    parameters: [{ name: 'id', in: 'path', required: true, description: 'The lease id.', schema: { type: 'string', maxLength: 64 } }, KEY_PARAM, KIOSK_PARAM],
    requestBody: {
      schema: 'LeaseReport',
      description: 'The tickets issued from the block, and whether the kiosk is done with it.',
      example: (ctx) => ({ issued: [{ number: 41, issuedAt: vnIso(ctx.now()), priority: null }], closed: true }),
    },
    idempotent: true,
    responseSchema: 'LeaseReportResult',
    problems: [400, 403, 404, 409, 422],
    handle: (ctx) => {
      const report = parseJsonBody(ctx.body, LeaseReport);
      return { status: 200, body: runtime(ctx).model.report(ctx.params.id ?? '', report, kioskId(ctx, true)!) };
    },
    example: (ctx) => {
      const lease = exampleLease(ctx);
      const t = { ...exampleTicket(ctx), number: `${lease.prefix}041`, source: 'lease' as const };
      return LeaseReportResult.parse({ lease, recorded: [t], alreadyRecorded: 0, released: Array.from({ length: 19 }, (_, i) => 42 + i), closed: true });
    },
  },
  {
    method: 'GET',
    path: '/api/v1/appointments/{code}',
    auth: true,
    operationId: 'getAppointment',
    summary: 'An appointment (lịch hẹn)',
    description: 'The appointment booked online, by its code `LH-yyMMdd-NNNN` (lower case and spaces around the dashes accepted). 404 when unknown.',
    tag: 'queue',
    parameters: [{ name: 'code', in: 'path', required: true, description: 'The appointment code.', schema: { type: 'string', maxLength: 64 } }],
    responseSchema: 'Appointment',
    problems: [404],
    handle: (ctx) => ({ status: 200, body: runtime(ctx).model.appointment(ctx.params.code ?? ''), headers: { 'Cache-Control': 'no-store' } }),
    example: (ctx) => exampleAppointment(ctx),
  },
];
