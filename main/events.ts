/**
 * The typed event bus from services to the UI. Each event is parsed with its schema from the
 * contract before listeners see it, so a service can never push a malformed event to a screen.
 */
import { events as eventSchemas, type EventName, type EventPayload } from './ipc/contract';
import type { Logger } from './log';

export type Listener<E extends EventName> = (payload: EventPayload<E>) => void;

export interface KioskEvents {
  on<E extends EventName>(event: E, listener: Listener<E>): () => void;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

export function createEvents(log: Logger): KioskEvents {
  const listeners = new Map<EventName, Set<Listener<EventName>>>();
  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as Listener<EventName>);
      return () => set.delete(listener as Listener<EventName>);
    },
    emit(event, payload) {
      const parsed = eventSchemas[event].safeParse(payload);
      if (!parsed.success) {
        log.error('events', `dropped malformed ${event} event: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
        return;
      }
      for (const listener of listeners.get(event) ?? []) {
        try {
          listener(parsed.data as EventPayload<EventName>);
        } catch (err) {
          log.error('events', `listener of ${event} failed`, err);
        }
      }
    },
  };
}
