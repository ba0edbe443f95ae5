/**
 * The hall display's and the counter's channels and events (issue 13, items 6 and 7), spread
 * into main/ipc/contract.ts. The display only listens (`hall.update`); the counter's buttons are
 * `counter.*` requests that main turns into the officer routes with the configured counter and
 * officer (the page never says which counter it is).
 */
import { z } from 'zod';

/** One call on the hall display: ticket → counter. */
export const HallCall = z.object({
  /** The queue event that made it (unique; a recall is a new call of the same ticket). */
  eventId: z.number().int().nonnegative(),
  ticketId: z.string(),
  number: z.string(),
  counter: z.number().int().positive(),
  serviceName: z.string(),
  at: z.string(),
  recall: z.boolean(),
});
export type HallCall = z.infer<typeof HallCall>;

export const HallView = z.object({
  /** The event stream is up (false: "Mất kết nối — đang kết nối lại", the last known state stays on screen). */
  connected: z.boolean(),
  /** The state was ever loaded from the backend (false: nothing known yet). */
  loaded: z.boolean(),
  nowCalling: HallCall.nullable(),
  /** The calls before it, newest first. */
  recent: z.array(HallCall),
  waiting: z.array(z.object({ serviceId: z.string(), name: z.string(), prefix: z.string(), waiting: z.number().int().nonnegative(), open: z.boolean() })),
  /** Announcement titles for the ticker. */
  ticker: z.array(z.string()),
  /** The voice: on, or off and why (English, for technicians; the screen says only "tắt"). */
  voice: z.object({ on: z.boolean(), reason: z.string().optional() }),
  /** When the state last changed (ISO). */
  updatedAt: z.string().nullable(),
});
export type HallView = z.infer<typeof HallView>;

export const CounterTicket = z.object({
  id: z.string(),
  number: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  state: z.enum(['waiting', 'called', 'serving', 'done', 'skipped', 'transferred']),
  priority: z.string().nullable(),
});
export type CounterTicket = z.infer<typeof CounterTicket>;

export const CounterView = z.object({
  /** false: `counter.number` is missing from the config; the screen says so and does nothing. */
  configured: z.boolean(),
  counter: z.number().int().positive().nullable(),
  officer: z.object({ id: z.string(), name: z.string() }).nullable(),
  open: z.boolean(),
  /** The ticket called or being served here. */
  current: CounterTicket.nullable(),
  /** The ticket this counter finished last (the resident rates it). */
  finished: CounterTicket.nullable(),
  /** People waiting for this counter's services. */
  waiting: z.number().int().nonnegative(),
  /** Services a ticket can be transferred to. */
  services: z.array(z.object({ id: z.string(), name: z.string(), prefix: z.string() })),
  /** What the last action found: `nobody_waiting` after "Gọi số tiếp theo" with an empty queue. */
  notice: z.enum(['nobody_waiting']).nullable(),
});
export type CounterView = z.infer<typeof CounterView>;

export const CounterAction = z.enum(['open', 'close', 'call-next', 'recall', 'skip', 'start', 'finish']);
export type CounterAction = z.infer<typeof CounterAction>;

const empty = z.object({}).strict();

export const hallChannels = {
  /** The hall display's state now (then `hall.update` events). */
  'hall.view': { request: empty, response: HallView },
  /** The counter's state, fetched from the backend. */
  'counter.view': { request: empty, response: CounterView },
  /** An officer's button: open/close the counter, call next, recall, skip, start, finish. */
  'counter.act': { request: z.object({ action: CounterAction }).strict(), response: CounterView },
  /** "Chuyển": the current ticket to another service. */
  'counter.transfer': { request: z.object({ serviceId: z.string().min(1).max(64) }).strict(), response: CounterView },
} as const;

export const hallEvents = {
  /** The hall's state changed (a call, waiting counts, the link). */
  'hall.update': HallView,
} as const;
