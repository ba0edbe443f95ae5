/**
 * A small read-through cache for public, non-personal data (sectors, procedures, announcements).
 * Fresh for `ttlMs`; after that it reloads, and if the backend cannot be reached it keeps serving
 * the last good answer: on a weak rural link, a resident still browses procedures. Never use it
 * for personal data (dossiers): those are always read live.
 */
import { ApiError } from '../api/client';

export interface StaleCache<V> {
  get(key: string, load: () => Promise<V>): Promise<V>;
  clear(): void;
}

export function createStaleCache<V>(options: { ttlMs: number; maxEntries: number; now?: () => number }): StaleCache<V> {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { value: V; at: number }>();
  return {
    async get(key, load) {
      const hit = entries.get(key);
      if (hit && now() - hit.at < options.ttlMs) return hit.value;
      try {
        const value = await load();
        entries.delete(key);
        entries.set(key, { value, at: now() });
        while (entries.size > options.maxEntries) {
          const oldest = entries.keys().next().value;
          if (oldest === undefined) break;
          entries.delete(oldest);
        }
        return value;
      } catch (err) {
        const unreachable = err instanceof ApiError && (err.kind === 'offline' || err.kind === 'timeout');
        if (hit && unreachable) return hit.value;
        throw err;
      }
    },
    clear: () => entries.clear(),
  };
}
