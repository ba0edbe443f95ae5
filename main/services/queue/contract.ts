/**
 * Channels of the queue at the kiosk (issue 13, "Lấy số thứ tự" and appointment check-in),
 * spread into main/ipc/contract.ts. Nothing personal crosses: the UI gets services, tickets and
 * a flag that the card read in this session shows 60 years or more, never the birth date.
 */
import { z } from 'zod';
import { PriorityCategory } from '../../api/queue';

export const QueueServiceView = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  waiting: z.number().int().nonnegative(),
  /** Whole minutes; null when no counter serving it is open. */
  estimatedWaitMinutes: z.number().int().nonnegative().nullable(),
  open: z.boolean(),
});
export type QueueServiceView = z.infer<typeof QueueServiceView>;

export const QueueServicesView = z.object({
  centerName: z.string().nullable(),
  /** What the kiosk does offline: the center's policy (cached), else config `queue.offlinePolicy`. */
  policy: z.enum(['refuse', 'lease']),
  /** True when the backend could not be reached: the list is the copy fetched at `fetchedAt`. */
  offline: z.boolean(),
  /** When the list was fetched (ISO); null when the kiosk never reached its backend. */
  fetchedAt: z.string().nullable(),
  sectors: z.array(z.object({ name: z.string(), services: z.array(QueueServiceView) })),
  /** `elderly` when the card read in this session shows 60 years or more (main decides). */
  suggestedPriority: PriorityCategory.nullable(),
});
export type QueueServicesView = z.infer<typeof QueueServicesView>;

export const QueueTicketView = z.object({
  id: z.string(),
  number: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  priority: PriorityCategory.nullable(),
  appointmentCode: z.string().nullable(),
  /** People called before this ticket; null for an offline ticket (the kiosk does not know). */
  ahead: z.number().int().nonnegative().nullable(),
  estimatedWaitMinutes: z.number().int().nonnegative().nullable(),
  issuedAt: z.string(),
  /** online: issued by the backend; lease: issued offline from the kiosk's leased block. */
  source: z.enum(['online', 'lease']),
  /** The QR to follow the position on a phone (online tickets only), as modules row by row. */
  qr: z.object({ url: z.string(), size: z.number().int().positive(), bits: z.string().regex(/^[01]+$/) }).nullable(),
});
export type QueueTicketView = z.infer<typeof QueueTicketView>;

/** printed / queued (prints when the printer is back) / unavailable (no printer) / limited (print limits). */
export const TicketPrint = z.object({ state: z.enum(['printed', 'queued', 'unavailable', 'limited']) });
export type TicketPrint = z.infer<typeof TicketPrint>;

export const TicketIssued = z.object({ ticket: QueueTicketView, print: TicketPrint });
export type TicketIssued = z.infer<typeof TicketIssued>;

/** Made once by the UI for one choice (one tap, however many times it lands): the Idempotency-Key. */
const RequestId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/);

export const queueChannels = {
  /** The services grouped by sector, with people waiting and the estimated wait (cached offline). */
  'queue.services': { request: z.object({}).strict(), response: QueueServicesView },
  /** Takes a ticket and prints it: online from the backend; offline as the policy says. */
  'queue.issue': {
    request: z.object({ serviceId: z.string().min(1).max(64), priority: PriorityCategory.optional(), requestId: RequestId }).strict(),
    response: TicketIssued,
  },
  /** Checks in an appointment (`LH-yyMMdd-NNNN`) and prints its ticket; each appointment problem has its own error code. */
  'queue.checkin': {
    request: z.object({ appointmentCode: z.string().trim().min(1).max(64), requestId: RequestId }).strict(),
    response: TicketIssued,
  },
  /** Prints again the ticket issued in this session (print limits apply). */
  'queue.print': { request: z.object({ ticketId: z.string().min(1).max(64) }).strict(), response: TicketPrint },
} as const;
