/**
 * The queue's Server-Sent Events client (issue 13) for the hall display and the counter:
 * `GET /api/v1/queue/events` read with fetch as a stream, parsed as SSE (`id:`, `event:`,
 * `data:`, `retry:`, comments), each `data` checked against `QueueEvent`.
 *
 * - Reconnects by itself with full-jitter backoff (common/backoff.ts) after any failure: refused
 *   connection, non-200 answer, stream ended, or no byte for `idleTimeoutMs` (the server sends a
 *   comment every 15 s, so silence means a dead link); each reconnect sends `Last-Event-ID`, so
 *   the missed events come first. An event whose id is not above the last one delivered is
 *   dropped (no duplicates across reconnects).
 * - Never throws into its caller: a bad event is logged and skipped, an exception in `onEvent`
 *   is logged; `stop()` ends the stream and the loop and resolves when both are done.
 */
import { fullJitterDelay, type Backoff } from '../../common/backoff';
import type { Logger } from '../log';
import { QueueEvent } from './queue';

export type QueueStreamState =
  | { state: 'connecting'; attempt: number; lastEventId: number | null }
  | { state: 'open'; lastEventId: number | null }
  | { state: 'waiting'; retryInMs: number; reason: string; lastEventId: number | null }
  | { state: 'stopped'; lastEventId: number | null };

export interface QueueEventsOptions {
  /** The backend's base URL (`http://127.0.0.1:PORT`). */
  baseUrl: string;
  token: string;
  onEvent(event: QueueEvent): void;
  onState?: ((state: QueueStreamState) => void) | undefined;
  /** Resume after this event id (the display's last one); absent: live events only until the first. */
  lastEventId?: number | undefined;
  log?: Logger | undefined;
  /** Reconnect backoff (default 500 ms doubling to 15 s, full jitter). */
  backoff?: Backoff | undefined;
  random?: (() => number) | undefined;
  /** No byte for this long = dead link: reconnect (default 45 s, three missed heartbeats). */
  idleTimeoutMs?: number | undefined;
  fetch?: typeof fetch | undefined;
}

export interface QueueEventsStream {
  /** The last event id delivered (null before any). */
  lastEventId(): number | null;
  /** Ends the stream and the reconnect loop. Safe to call more than once. */
  stop(): Promise<void>;
}

/** One parsed SSE message. */
interface SseMessage {
  id: string | null;
  event: string;
  data: string;
}

/**
 * Incremental SSE parser (WHATWG HTML "event stream interpretation"): feed text chunks, get
 * messages. Lines end in CRLF, LF or CR; `data` lines join with LF; comments are ignored.
 */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private id: string | null = null;
  /** The last `retry:` value seen, in milliseconds. */
  retryMs: number | null = null;

  push(chunk: string): SseMessage[] {
    this.buffer += chunk;
    const out: SseMessage[] = [];
    for (;;) {
      const m = /\r\n|\n|\r/.exec(this.buffer);
      if (!m) break;
      // A CR at the very end may be the first half of a CRLF split across chunks.
      if (m[0] === '\r' && m.index === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      if (line === '') {
        if (this.data.length > 0) out.push({ id: this.id, event: this.event || 'message', data: this.data.join('\n') });
        this.data = [];
        this.event = '';
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') this.data.push(value);
      else if (field === 'event') this.event = value;
      else if (field === 'id' && !value.includes('\0')) this.id = value;
      else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    }
    return out;
  }
}

const DEFAULT_BACKOFF: Backoff = { baseMs: 500, capMs: 15_000 };

export function startQueueEvents(options: QueueEventsOptions): QueueEventsStream {
  const doFetch = options.fetch ?? fetch;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const random = options.random ?? Math.random;
  const idleMs = options.idleTimeoutMs ?? 45_000;
  const url = `${options.baseUrl.replace(/\/+$/, '')}/api/v1/queue/events`;
  let last: number | null = options.lastEventId ?? null;
  let stopped = false;
  let current: AbortController | null = null;
  let wake: (() => void) | null = null;

  const state = (s: QueueStreamState) => {
    try {
      options.onState?.(s);
    } catch (err) {
      options.log?.warn('queue-events', 'onState threw', err);
    }
  };

  const deliver = (m: SseMessage) => {
    let json: unknown;
    try {
      json = JSON.parse(m.data);
    } catch {
      options.log?.warn('queue-events', `event ${m.id ?? '?'} (${m.event}) is not JSON; skipped`);
      return;
    }
    const parsed = QueueEvent.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      options.log?.warn(
        'queue-events',
        `event ${m.id ?? '?'} does not match QueueEvent (${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}); skipped`,
      );
      return;
    }
    const e = parsed.data;
    if (last !== null && e.id <= last) return;
    last = e.id;
    try {
      options.onEvent(e);
    } catch (err) {
      options.log?.warn('queue-events', `onEvent threw on event ${e.id}`, err);
    }
  };

  /** One connection: resolves with why it ended. */
  const connect = async (): Promise<{ opened: boolean; reason: string }> => {
    const ac = new AbortController();
    current = ac;
    let idle: NodeJS.Timeout | undefined;
    let idleFired = false;
    const armIdle = () => {
      if (idle) clearTimeout(idle);
      idle = setTimeout(() => {
        idleFired = true;
        ac.abort();
      }, idleMs);
    };
    let opened = false;
    try {
      const headers: Record<string, string> = { authorization: `Bearer ${options.token}`, accept: 'text/event-stream', 'cache-control': 'no-store' };
      if (last !== null) headers['last-event-id'] = String(last);
      armIdle();
      const res = await doFetch(url, { headers, signal: ac.signal });
      if (res.status !== 200 || !res.body) {
        await res.body?.cancel().catch(() => {});
        return { opened, reason: `HTTP ${res.status}` };
      }
      opened = true;
      state({ state: 'open', lastEventId: last });
      const parser = new SseParser();
      const decoder = new TextDecoder();
      const reader = res.body.getReader();
      for (;;) {
        armIdle();
        const { value, done } = await reader.read();
        if (done) return { opened, reason: 'the server ended the stream' };
        for (const m of parser.push(decoder.decode(value, { stream: true }))) {
          if (stopped) break;
          deliver(m);
        }
        if (stopped) {
          await reader.cancel().catch(() => {});
          return { opened, reason: 'stopped' };
        }
      }
    } catch (err) {
      if (stopped) return { opened, reason: 'stopped' };
      if (idleFired) return { opened, reason: `no data for ${idleMs} ms` };
      const code = (err as { cause?: { code?: string } }).cause?.code;
      return { opened, reason: code ?? (err instanceof Error ? err.message : String(err)) };
    } finally {
      if (idle) clearTimeout(idle);
      current = null;
    }
  };

  const loop = (async () => {
    let failures = 0;
    while (!stopped) {
      state({ state: 'connecting', attempt: failures + 1, lastEventId: last });
      const { opened, reason } = await connect();
      if (stopped) break;
      failures = opened ? 0 : failures + 1;
      const wait = Math.max(opened ? 250 : 0, fullJitterDelay(failures, backoff, random));
      options.log?.info('queue-events', `stream ended (${reason}); reconnecting in ${wait} ms after event ${last ?? 'none'}`);
      state({ state: 'waiting', retryInMs: wait, reason, lastEventId: last });
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          wake = null;
          resolve();
        }, wait);
        wake = () => {
          clearTimeout(t);
          wake = null;
          resolve();
        };
      });
    }
    state({ state: 'stopped', lastEventId: last });
  })().catch((err: unknown) => options.log?.error('queue-events', 'event loop failed', err));

  return {
    lastEventId: () => last,
    stop: async () => {
      stopped = true;
      current?.abort();
      wake?.();
      await loop;
    },
  };
}
