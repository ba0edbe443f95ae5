/**
 * One resident's session. Personal data of later journeys (card data, form contents) lives only
 * in `data` and in stores that registered a wiper, and all of it is wiped when the session ends:
 * on "finish", on idle timeout and on reset.
 *
 * The UI runs the visible idle countdown. Main keeps a safety net: if the renderer goes quiet
 * (crashed, hung, unplugged touch screen) for longer than the idle timeout plus a grace period,
 * main ends the session itself and tells the UI with a `session.reset` event.
 *
 * The service's own lifecycle (DESIGN.md "Services") is `open()`/`close()`: `start()` and `end()`
 * are the resident's session (the `session.start`/`session.end` channels). The factory does no
 * I/O; `open()` starts the idle check's timer, `close()` stops it and ends the session.
 */
import { randomUUID } from 'node:crypto';
import type { KioskEvents } from '../../events';
import type { SessionEndReason } from '../../ipc/contract';
import type { Logger } from '../../log';

/**
 * A typed place for one piece of a session's data: the key carries the type of its value, so a
 * reader gets `T | undefined` without a cast (`sessionSlot<CccdQr>('scan.cccdQr')`).
 */
export interface SessionSlot<T> {
  readonly name: string;
  /** Type only: never set. */
  readonly valueType?: T;
}

export function sessionSlot<T>(name: string): SessionSlot<T> {
  return { name };
}

/** The session's personal data, by typed slot; all of it is wiped when the session ends. */
export interface SessionData {
  get<T>(slot: SessionSlot<T>): T | undefined;
  set<T>(slot: SessionSlot<T>, value: T): void;
  has(slot: SessionSlot<unknown>): boolean;
  delete(slot: SessionSlot<unknown>): boolean;
  readonly size: number;
}

/** A session's data store (the session service owns one; tests may make their own). */
export function createSessionData(): SessionData & { clear(): void } {
  const values = new Map<string, unknown>();
  return {
    get: <T>(slot: SessionSlot<T>) => values.get(slot.name) as T | undefined,
    set: (slot, value) => void values.set(slot.name, value),
    has: (slot) => values.has(slot.name),
    delete: (slot) => values.delete(slot.name),
    clear: () => values.clear(),
    get size() {
      return values.size;
    },
  };
}

export interface SessionService {
  start(): { sessionId: string };
  end(reason: SessionEndReason): { ended: boolean };
  /** Marks activity from the resident (every request from the UI counts). */
  touch(): void;
  readonly current: { id: string; startedAt: number } | null;
  /** Session-scoped storage for personal data, by typed slot; wiped at session end. */
  readonly data: SessionData;
  /** Registers a function that wipes data a service keeps for the session. */
  onEnd(wipe: (reason: SessionEndReason) => void): () => void;
  /** A new idle timeout (seconds, the grace is added), from now on: a technician changed it. */
  setIdleTimeout(seconds: number): void;
  /** Starts the idle check (the service's start; once: again, or after `close()`, does nothing). */
  open(): void;
  /** Stops the idle check and ends the session (the service's stop; safe before `open()`). */
  close(): void;
}

export interface SessionOptions {
  events: KioskEvents;
  log: Logger;
  idleTimeoutSeconds: number;
  /** Extra time main waits beyond the UI's idle timeout before it resets on its own. */
  graceSeconds?: number;
  now?: () => number;
  checkEveryMs?: number;
}

export function createSessionService(options: SessionOptions): SessionService {
  const now = options.now ?? Date.now;
  const grace = options.graceSeconds ?? 15;
  let limitMs = (options.idleTimeoutSeconds + grace) * 1000;
  const wipers = new Set<(reason: SessionEndReason) => void>();
  const data = createSessionData();
  let current: { id: string; startedAt: number } | null = null;
  let lastActivity = now();

  const end = (reason: SessionEndReason): { ended: boolean } => {
    const had = current !== null;
    data.clear();
    for (const wipe of wipers) {
      try {
        wipe(reason);
      } catch (err) {
        options.log.error('session', 'a session wiper failed', err);
      }
    }
    if (had) options.log.info('session', `session ended (${reason})`);
    current = null;
    return { ended: had };
  };

  let timer: ReturnType<typeof setInterval> | undefined;
  let closed = false;

  return {
    start() {
      if (current) end('reset');
      current = { id: randomUUID(), startedAt: now() };
      lastActivity = now();
      options.log.info('session', 'session started');
      return { sessionId: current.id };
    },
    end,
    touch() {
      lastActivity = now();
    },
    get current() {
      return current;
    },
    data,
    onEnd(wipe) {
      wipers.add(wipe);
      return () => wipers.delete(wipe);
    },
    setIdleTimeout(seconds) {
      limitMs = (seconds + grace) * 1000;
    },
    open() {
      if (timer || closed) return;
      timer = setInterval(() => {
        if (current && now() - lastActivity > limitMs) {
          end('idle');
          options.events.emit('session.reset', { reason: 'idle' });
        }
      }, options.checkEveryMs ?? 5_000);
      timer.unref?.();
    },
    close() {
      closed = true;
      clearInterval(timer);
      end('reset');
    },
  };
}
