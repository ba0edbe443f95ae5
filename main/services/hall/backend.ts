/**
 * What the hall display and the counter ask of the center's backend (docs/service-center.md):
 * the services and counters (a snapshot), the officer routes, and the event stream (SSE,
 * resumable with Last-Event-ID). Responses are checked against main/api/queue.ts.
 *
 * Small and local on purpose: the shared typed clients (main/api/queue-client.ts and
 * main/api/queue-events.ts, branch sc-sandbox) were not there when this was written; once they
 * are, this file can delegate to them without changing the services above it.
 */
import { fullJitterDelay } from '../../../common/backoff';
import { ApiError, type ApiClient } from '../../api/client';
import { CounterList, QueueEvent, QueueServiceList, QueueTicket, type Counter, type QueueTicket as Ticket } from '../../api/queue';
import type { Logger } from '../../log';

export interface HallBackend {
  services(): Promise<QueueServiceList>;
  counters(): Promise<Counter[]>;
  /** An officer route on `counter`; null when the backend answers 204 (call-next with nobody waiting). */
  act(counter: number, action: string, officerId: string | undefined, body?: unknown): Promise<Ticket | Counter | null>;
}

export function createHallBackend(deps: { api: ApiClient; baseUrl: string; token: string; timeoutMs: number; fetch?: typeof fetch }): HallBackend {
  const doFetch = deps.fetch ?? fetch;
  const base = deps.baseUrl.replace(/\/+$/, '');
  return {
    services: () => deps.api.request('/api/v1/queue/services', QueueServiceList),
    counters: async () => (await deps.api.request('/api/v1/queue/counters', CounterList)).items,
    async act(counter, action, officerId, body) {
      // Officer routes are not idempotent and may answer 204: one attempt, read by hand.
      const path = `/api/v1/queue/counters/${counter}/${action}`;
      const headers: Record<string, string> = {
        authorization: `Bearer ${deps.token}`,
        accept: 'application/json, application/problem+json',
        'x-counter': String(counter),
        ...(officerId ? { 'x-officer-id': officerId } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      };
      let res: Response;
      try {
        res = await doFetch(`${base}${path}`, {
          method: 'POST',
          headers,
          signal: AbortSignal.timeout(deps.timeoutMs),
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (err) {
        const timeout = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
        throw new ApiError(timeout ? 'timeout' : 'offline', `POST ${path}: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (res.status === 204) return null;
      const text = await res.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        throw new ApiError('server_error', `POST ${path}: answer is not JSON`, res.status);
      }
      if (!res.ok) {
        const p = (json ?? {}) as { type?: string; title?: string; detail?: string; status?: number };
        const problem = { type: p.type ?? 'about:blank', title: p.title ?? res.statusText, status: res.status, ...(p.detail ? { detail: p.detail } : {}) };
        const kind = res.status === 404 ? 'not_found' : res.status >= 500 ? 'server_error' : 'rejected';
        throw new ApiError(kind, `${res.status} ${problem.title}${p.detail ? `: ${p.detail}` : ''}`, res.status, problem as never);
      }
      const ticket = QueueTicket.safeParse(json);
      if (ticket.success) return ticket.data;
      const c = CounterList.shape.items.element.safeParse(json);
      if (c.success) return c.data;
      throw new ApiError('server_error', `POST ${path}: answer does not match the contract`, res.status);
    },
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
    let buffer = '';
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
        buffer += value;
        let cut: number;
        while ((cut = buffer.search(/\r?\n\r?\n/)) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + (buffer[cut] === '\r' ? 4 : 2));
          const data = block
            .split(/\r?\n/)
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).replace(/^ /, ''))
            .join('\n');
          if (!data) continue; // a comment (keep-alive) or an event without data
          let parsed: unknown;
          try {
            parsed = JSON.parse(data);
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
