/**
 * The service-center contract (issue 13): the queue, appointments, ratings and the survey, as the
 * backend (a center's system, or our `sandbox/`) serves them. Same conventions as schemas.ts:
 * times ISO 8601 with an offset, calendar dates `yyyy-MM-dd` in Vietnam's time (UTC+7, whatever
 * the machine's zone), names from GLOSSARY.md. The routes are listed in docs/service-center.md.
 *
 * Ticket numbers are per service, with the service's prefix (`A015`), restart every day at 00:00
 * in Vietnam, are issued by one authority per center (the backend), never twice in a day.
 */
import { z } from 'zod';

const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();

/** Priority by law and custom (DOMAIN.md): the elderly, disability, pregnancy, small children, meritorious service. */
export const PriorityCategory = z.enum(['elderly', 'disability', 'pregnant', 'small_child', 'meritorious']);
export type PriorityCategory = z.infer<typeof PriorityCategory>;

/**
 * How a center gives priority: `strict` calls every waiting priority ticket first; `interleaved`
 * calls one priority ticket after every `every` ordinary ones (when both wait).
 */
export const PriorityRule = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('strict') }),
  z.object({ mode: z.literal('interleaved'), every: z.number().int().min(1).max(20) }),
]);
export type PriorityRule = z.infer<typeof PriorityRule>;

/** What a kiosk does when it cannot reach the center's backend: refuse (go to reception) or issue from a leased block. */
export const OfflineTicketPolicy = z.enum(['refuse', 'lease']);
export type OfflineTicketPolicy = z.infer<typeof OfflineTicketPolicy>;

/** When a checked-in appointment is served: before the walk-in queue (`first`), or as a priority ticket (`priority`). */
export const AppointmentRule = z.enum(['first', 'priority']);
export type AppointmentRule = z.infer<typeof AppointmentRule>;

export const Center = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  priorityRule: PriorityRule,
  offlinePolicy: OfflineTicketPolicy,
  appointmentRule: AppointmentRule,
  /** Today in Vietnam (`yyyy-MM-dd`): the day ticket numbers belong to. */
  day: isoDate,
});
export type Center = z.infer<typeof Center>;

/** One service of the center's queue ("Dịch vụ"), with its prefix and the counters that serve it. */
export const QueueService = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  /** Sector name, for grouping on the kiosk ("Tư pháp - Hộ tịch"). */
  sector: z.string().min(1),
  /** One to three capital letters printed before the number. */
  prefix: z.string().regex(/^[A-Z]{1,3}$/),
  /** Counter numbers that serve it. */
  counters: z.array(z.number().int().positive()),
  /** Tickets waiting now (not yet called). */
  waiting: z.number().int().nonnegative(),
  /** Estimated wait for a ticket issued now, in whole minutes; null when no counter serving it is open. */
  estimatedWaitMinutes: z.number().int().nonnegative().nullable(),
  /** False when no counter serving it is open: the kiosk shows it greyed with the reason. */
  open: z.boolean(),
});
export type QueueService = z.infer<typeof QueueService>;

export const QueueServiceList = z.object({ center: Center, items: z.array(QueueService) });
export type QueueServiceList = z.infer<typeof QueueServiceList>;

export const TicketState = z.enum(['waiting', 'called', 'serving', 'done', 'skipped', 'transferred']);
export type TicketState = z.infer<typeof TicketState>;

export const Officer = z.object({ id: z.string().min(1), name: z.string().min(1) });
export type Officer = z.infer<typeof Officer>;

/** A queue ticket ("Phiếu số thứ tự"). */
export const QueueTicket = z.object({
  id: z.string().min(1),
  /** Prefix and three-digit number, as printed and called: `A015`. */
  number: z.string().regex(/^[A-Z]{1,3}\d{3,4}$/),
  serviceId: z.string().min(1),
  serviceName: z.string().min(1),
  /** The Vietnamese day it belongs to. */
  day: isoDate,
  priority: PriorityCategory.nullable(),
  appointmentCode: z.string().nullable(),
  state: TicketState,
  issuedAt: isoDateTime,
  /** Tickets that will be called before this one (0 when called). */
  ahead: z.number().int().nonnegative(),
  estimatedWaitMinutes: z.number().int().nonnegative().nullable(),
  /** The counter that called it (while called or serving, and after). */
  counter: z.number().int().positive().nullable(),
  officer: Officer.nullable(),
  /** Where the resident follows the position on a phone (the ticket's QR). */
  trackingUrl: z.string().url(),
  /** `lease`: issued by a kiosk offline from a leased block and reported afterwards. */
  source: z.enum(['online', 'lease']),
});
export type QueueTicket = z.infer<typeof QueueTicket>;

/** `POST /api/v1/queue/tickets` (with `Idempotency-Key` and `X-Kiosk-Id`). */
export const TicketRequest = z
  .object({
    serviceId: z.string().min(1).max(64),
    priority: PriorityCategory.optional(),
    /** Check-in: the appointment's code (`LH-yyMMdd-NNNN`); the service comes from the appointment. */
    appointmentCode: z.string().min(1).max(64).optional(),
  })
  .strict();
export type TicketRequest = z.infer<typeof TicketRequest>;

export const Counter = z.object({
  number: z.number().int().positive(),
  name: z.string().min(1),
  serviceIds: z.array(z.string().min(1)),
  open: z.boolean(),
  officer: Officer.nullable(),
  /** The ticket it called or serves now. */
  current: QueueTicket.nullable(),
});
export type Counter = z.infer<typeof Counter>;
export const CounterList = z.object({ items: z.array(Counter) });

/** `POST /api/v1/queue/counters/{n}/transfer`. */
export const TransferRequest = z.object({ serviceId: z.string().min(1).max(64) }).strict();

/**
 * Events on `GET /api/v1/queue/events` (Server-Sent Events). Each has an increasing integer `id`
 * (the SSE `id:` line) and the JSON below as its `data:`; the SSE `event:` line is `type`. A
 * client that reconnects with `Last-Event-ID` gets every later event, then live ones.
 */
export const QueueEvent = z.object({
  id: z.number().int().positive(),
  type: z.enum([
    'ticket.issued',
    'ticket.called',
    'ticket.recalled',
    'ticket.started',
    'ticket.finished',
    'ticket.skipped',
    'ticket.transferred',
    'counter.changed',
  ]),
  at: isoDateTime,
  ticket: QueueTicket.optional(),
  counter: z.number().int().positive().optional(),
  /** Tickets waiting per service id, after this event. */
  waiting: z.record(z.string(), z.number().int().nonnegative()),
});
export type QueueEvent = z.infer<typeof QueueEvent>;

/**
 * A block of numbers a kiosk leases in advance (`POST /api/v1/queue/leases` {serviceId, size}),
 * to issue tickets while the link is down. The block belongs to that kiosk and that day only;
 * the kiosk reports what it issued (`POST /api/v1/queue/leases/{id}/report`) when the link returns,
 * and numbers it did not use are released, never issued again that day.
 */
export const LeaseRequest = z.object({ serviceId: z.string().min(1).max(64), size: z.number().int().min(1).max(200) }).strict();
export const Lease = z.object({
  id: z.string().min(1),
  serviceId: z.string().min(1),
  prefix: z.string().regex(/^[A-Z]{1,3}$/),
  day: isoDate,
  /** The block, inclusive. */
  first: z.number().int().positive(),
  last: z.number().int().positive(),
  kioskId: z.string().min(1),
});
export type Lease = z.infer<typeof Lease>;
/**
 * One ticket a kiosk issued offline. `supersedes`: the `Idempotency-Key` of the online ticket
 * request that failed just before (timed out or cut): the backend may have created that ticket
 * all the same, an orphan nobody holds a slip for; the backend takes it out of the queue if it
 * still waits (docs/service-center.md). Absent in reports from kiosks that do not send it.
 */
export const LeaseReportTicket = z.object({
  number: z.number().int().positive(),
  issuedAt: isoDateTime,
  priority: PriorityCategory.nullable(),
  supersedes: z.string().min(1).max(255).optional(),
});
export type LeaseReportTicket = z.infer<typeof LeaseReportTicket>;
export const LeaseReport = z
  .object({
    issued: z.array(LeaseReportTicket).max(200),
    /** True when the kiosk will issue no more from this block (end of day, or a new lease). */
    closed: z.boolean(),
  })
  .strict();

/** An appointment ("Lịch hẹn") booked online; the QR and the code are `LH-yyMMdd-NNNN`. */
export const Appointment = z.object({
  code: z.string().min(1),
  centerId: z.string().min(1),
  serviceId: z.string().min(1),
  serviceName: z.string().min(1),
  date: isoDate,
  /** The slot, Vietnam time `HH:mm`. */
  slotStart: z.string().regex(/^\d{2}:\d{2}$/),
  slotEnd: z.string().regex(/^\d{2}:\d{2}$/),
  state: z.enum(['booked', 'checked_in', 'cancelled']),
});
export type Appointment = z.infer<typeof Appointment>;

/**
 * Problem `type`s (RFC 9457, under https://sandbox.dichvucong.local/problems/) a ticket request
 * with an appointment answers: each has its own Vietnamese message on the kiosk.
 */
export const APPOINTMENT_PROBLEMS = [
  'appointment-not-found',
  'appointment-wrong-day',
  'appointment-too-early',
  'appointment-too-late',
  'appointment-used',
  'appointment-other-center',
  'appointment-cancelled',
] as const;
export type AppointmentProblem = (typeof APPOINTMENT_PROBLEMS)[number];

export const RatingLevel = z.enum(['very_satisfied', 'satisfied', 'not_satisfied']);
export type RatingLevel = z.infer<typeof RatingLevel>;

/**
 * `POST /api/v1/ratings` (with `Idempotency-Key`): the quick rating, tied to a dossier or to a
 * served ticket (and so its counter and officer). `reason` is required for `not_satisfied`.
 * One rating per dossier (and per ticket): a second is 409 `already-rated`.
 */
export const RatingRequest = z
  .object({
    dossierCode: z.string().min(1).max(64).optional(),
    ticketId: z.string().min(1).max(64).optional(),
    level: RatingLevel,
    reason: z.string().min(1).max(500).optional(),
  })
  .strict();
export type RatingRequest = z.infer<typeof RatingRequest>;
export const Rating = z.object({
  id: z.string().min(1),
  dossierCode: z.string().nullable(),
  ticketId: z.string().nullable(),
  level: RatingLevel,
  reason: z.string().nullable(),
  counter: z.number().int().positive().nullable(),
  officer: Officer.nullable(),
  createdAt: isoDateTime,
});
export type Rating = z.infer<typeof Rating>;

/**
 * The formal survey (Decree 61/2018/NĐ-CP art. 31, Circular 01/2018/TT-VPCP; DOMAIN.md). The
 * backend serves the question texts (`GET /api/v1/survey`); the resident answers 3, 4, 6, 7, 10
 * and 11. Questions 1–9 score 2/1/0 per option; 10 and 11 take a RatingLevel.
 */
export const SurveyQuestion = z.object({
  indicator: z.number().int().min(1).max(11),
  text: z.string().min(1),
  options: z.array(z.object({ value: z.string().min(1), label: z.string().min(1), points: z.number().int().min(0).max(2).nullable() })).min(2),
});
export type SurveyQuestion = z.infer<typeof SurveyQuestion>;
export const Survey = z.object({ version: z.string().min(1), questions: z.array(SurveyQuestion) });
export type Survey = z.infer<typeof Survey>;
/** `POST /api/v1/surveys` (with `Idempotency-Key`): one per dossier (409 `already-rated`). */
export const SurveyAnswers = z
  .object({
    dossierCode: z.string().min(1).max(64),
    version: z.string().min(1),
    /** Indicator number (as a string) → the chosen option's value. */
    answers: z.record(z.string().regex(/^\d{1,2}$/), z.string().min(1).max(64)),
  })
  .strict();
export type SurveyAnswers = z.infer<typeof SurveyAnswers>;

/**
 * The answer to a lease report (`POST /api/v1/queue/leases/{id}/report`): the tickets that joined
 * the queue, how many were already recorded (a resent report), and the numbers released when closed.
 */
export const LeaseReportResult = z.object({
  lease: Lease,
  recorded: z.array(QueueTicket),
  alreadyRecorded: z.number().int().nonnegative(),
  released: z.array(z.number().int().positive()),
  closed: z.boolean(),
});
export type LeaseReportResult = z.infer<typeof LeaseReportResult>;
