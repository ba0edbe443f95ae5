/**
 * Announcements and public-policy information for the attract loop ("Thông báo, tuyên truyền").
 * Cached with stale-on-error: an idle kiosk on a dead link keeps showing the last good set.
 */
import type { AnnouncementList } from '../../api/schemas';
import type { ApiClient } from '../../api/client';
import { createStaleCache } from '../cache';
import { viaBackend } from '../errors';

export interface AnnouncementService {
  list(): Promise<AnnouncementList>;
}

export function createAnnouncementService(deps: { api: ApiClient; ttlMs?: number }): AnnouncementService {
  const cache = createStaleCache<AnnouncementList>({ ttlMs: deps.ttlMs ?? 5 * 60_000, maxEntries: 1 });
  return { list: () => viaBackend(() => cache.get('all', () => deps.api.announcements())) };
}
