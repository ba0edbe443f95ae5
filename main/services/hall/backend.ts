/**
 * What the hall display and the counter ask of the center's backend (docs/service-center.md):
 * the services and counters (a snapshot) and the officer routes, through the shared typed client
 * (main/api/queue-client.ts); and the event stream (SSE, resumable with Last-Event-ID), followed
 * here by `followQueueEvents`.
 *
 * Why this file keeps its own SSE loop beside main/api/queue-events.ts (it shares its parser): the display must
 * notice a backend whose events started over (an in-memory backend restarted: ids from 1 again)
 * and rebuild its state rather than drop every event below the last id it saw; and diagnostics
 * and tests need `drop()` and a restart count. Folding these into queue-events.ts is a small
 * follow-up for the integrator.
 */
import { randomUUID } from 'node:crypto';
import { fullJitterDelay } from '../../../common/backoff';
import { QueueEvent, type Counter, type QueueServiceList, type QueueTicket as Ticket } from '../../api/queue';
import type { QueueApi } from '../../api/queue-client';
import { SseParser } from '../../api/queue-events';
import type { Logger } from '../../log';

export type OfficerAction = 'open' | 'close' | 'call-next' | 'recall' | 'skip' | 'start' | 'finish';

export interface HallBackend {
  services(): Promise<QueueServiceList>;
  counters(): Promise<Counter[]>;
  /** An officer's button on `counter`; null for call-next when nobody waits (204). */
  act(counter: number, action: OfficerAction): Promise<Ticket | Counter | null>;
  transfer(counter: number, serviceId: string): Promise<Ticket>;
}

/** The queue client (made with the counter's officer id) as the hall and the counter use it. */
export function createHallBackend(queue: QueueApi): HallBackend {
  // One Idempotency-Key per press: the client may retry it safely, the backend replays the answer.
  const once = () => ({ idempotencyKey: randomUUID() });
  return {
    services: () => queue.services(),
    counters: async () => (await queue.counters()).items,
    act(counter, action) {
      switch (action) {
        case 'open':
          return queue.open(counter, once());
        case 'close':
          return queue.close(counter, once());
        case 'call-next':
          return queue.callNext(counter, once());
        case 'recall':
          return queue.recall(counter, once());
        case 'skip':
          return queue.skip(counter, once());
        case 'start':
          return queue.start(counter, once());
        case 'finish':
          return queue.finish(counter, once());
      }
    },
    transfer: (counter, serviceId) => queue.transfer(counter, serviceId, once()),
  };
}

export type StreamState = 'connecting' | 'open' | 'down';

export interface EventStreamOptions {
  baseUrl: string;
  token: string;
  log: Logger;
  /** The last event id already applied (the stream resumes after it), or undefined for live only. */
  lastEventId: () => number | undefined;
  onEvent: (event: QueueEvent) => void;
  onState: (state: StreamState, detail?: string) => void;
  /** Reconnect backoff (full jitter). */
  backoff?: { baseMs: number; capMs: number } | undefined;
  /** No byte (not even the 15 s keep-alive comment) for this long: the link is dead, reconnect. */
  idleMs?: number | undefined;
  fetch?: typeof fetch | undefined;
}

export interface EventStream {
  start(): void;
  stop(): void;
  /** Drops the current connection (it reconnects, resuming with Last-Event-ID). Tests and diagnostics. */
  drop(): void;
  restarts(): number;
  lastError(): string | undefined;
}

/** Follows `GET /api/v1/queue/events`, reconnecting forever with backoff until stopped. */
export function followQueueEvents(options: EventStreamOptions): EventStream {
  const doFetch = options.fetch ?? fetch;
  const backoff = options.backoff ?? { baseMs: 500, capMs: 15_000 };
  const idleMs = options.idleMs ?? 45_000;
  let stopped = true;
  let controller: AbortController | undefined;
  let failures = 0;
  let restarts = 0;
  let lastError: string | undefined;
  let wake: (() => void) | undefined;

  async function once(): Promise<void> {
    controller = new AbortController();
    const last = options.lastEventId();
    const headers: Record<string, string> = { authorization: `Bearer ${options.token}`, accept: 'text/event-stream' };
    if (last !== undefined) headers['last-event-id'] = String(last);
    options.onState('connecting');
    const res = await doFetch(`${options.baseUrl.replace(/\/+$/, '')}/api/v1/queue/events`, { headers, signal: controller.signal });
    if (!res.ok || !res.body) throw new Error(`GET /api/v1/queue/events: ${res.status} ${res.statusText}`);
    options.onState('open');
    failures = 0;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    // The shared SSE parser (main/api/queue-events.ts): any line ending, any chunking, comments.
    const parser = new SseParser();
    let idle: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(idle);
      idle = setTimeout(() => controller?.abort(new Error(`no data for ${idleMs} ms`)), idleMs);
    };
    arm();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) throw new Error('the server closed the event stream');
        arm();
        for (const message of parser.push(value)) {
          let parsed: unknown;
          try {
            parsed = JSON.parse(message.data);
          } catch {
            options.log.warn('hall', 'queue event is not JSON: skipped');
            continue;
          }
          const event = QueueEvent.safeParse(parsed);
          if (!event.success) {
            options.log.warn('hall', `queue event does not match the contract: ${event.error.issues[0]?.message ?? 'invalid'}`);
            continue;
          }
          options.onEvent(event.data);
        }
      }
    } finally {
      clearTimeout(idle);
      void reader.cancel().catch(() => {});
    }
  }

  async function loop(): Promise<void> {
    while (!stopped) {
      try {
        await once();
      } catch (err) {
        if (stopped) break;
        const reason = err instanceof Error ? (err.cause instanceof Error ? `${err.message} (${err.cause.message})` : err.message) : String(err);
        lastError = reason;
        restarts += 1;
        options.onState('down', reason);
        const wait = Math.max(100, fullJitterDelay(failures++, backoff));
        options.log.info('hall', `queue events: ${reason}; reconnecting in ${wait} ms`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, wait);
          wake = () => {
            clearTimeout(t);
            r();
          };
        });
        wake = undefined;
      }
    }
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      void loop();
    },
    stop() {
      stopped = true;
      controller?.abort();
      wake?.();
    },
    drop() {
      controller?.abort(new Error('dropped on purpose'));
    },
    restarts: () => restarts,
    lastError: () => lastError,
  };
}
