/**
 * Journeys completed per hour (issue 16): the services call `count('lookups')` when a journey
 * ends well; the fleet reporter publishes the last hours. Hours are Vietnam time (UTC+7).
 * Numbers only: nothing about who.
 */
import { VIETNAM_UTC_OFFSET_MS } from '../../../common/vietnam-time';
import type { CounterName } from './protocol';

export interface FleetCounters {
  count(name: CounterName, by?: number): void;
  /** The last `hours` hours (newest last), each with its non-zero counts. */
  hours(nowMs?: number, hours?: number): Array<{ hour: string; counts: Partial<Record<CounterName, number>> }>;
}

/** `2026-11-30T10` for the Vietnam hour that `ms` falls in. */
export function vnHourKey(ms: number): string {
  return new Date(ms + VIETNAM_UTC_OFFSET_MS).toISOString().slice(0, 13);
}

export function createFleetCounters(options: { keepHours?: number; now?: () => number } = {}): FleetCounters {
  const keep = options.keepHours ?? 24;
  const now = options.now ?? Date.now;
  const buckets = new Map<string, Partial<Record<CounterName, number>>>();
  return {
    count(name, by = 1) {
      const key = vnHourKey(now());
      let b = buckets.get(key);
      if (!b) {
        buckets.set(key, (b = {}));
        // keep the newest `keep` hours only (keys sort as time)
        const keys = [...buckets.keys()].sort();
        for (const old of keys.slice(0, Math.max(0, keys.length - keep))) buckets.delete(old);
      }
      b[name] = (b[name] ?? 0) + by;
    },
    hours(nowMs = now(), hours = 3) {
      const out: Array<{ hour: string; counts: Partial<Record<CounterName, number>> }> = [];
      for (let i = hours - 1; i >= 0; i--) {
        const key = vnHourKey(nowMs - i * 3_600_000);
        out.push({ hour: key, counts: { ...(buckets.get(key) ?? {}) } });
      }
      return out;
    },
  };
}
