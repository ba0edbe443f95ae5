/**
 * Administrative procedures and their sectors ("Thủ tục hành chính", "Lĩnh vực"). Public data,
 * cached with stale-on-error so browsing survives a dropped link.
 */
import type { ProcedurePage, Procedure, ProcedureQuery, SectorList } from '../../api/schemas';
import type { ApiClient } from '../../api/client';
import { createStaleCache } from '../cache';
import { viaBackend } from '../errors';

export interface ProcedureService {
  sectors(): Promise<SectorList>;
  search(query: ProcedureQuery): Promise<ProcedurePage>;
  get(code: string): Promise<Procedure>;
}

export function createProcedureService(deps: { api: ApiClient; ttlMs?: number }): ProcedureService {
  const ttlMs = deps.ttlMs ?? 10 * 60_000;
  const sectors = createStaleCache<SectorList>({ ttlMs, maxEntries: 1 });
  const pages = createStaleCache<ProcedurePage>({ ttlMs, maxEntries: 200 });
  const details = createStaleCache<Procedure>({ ttlMs, maxEntries: 500 });
  return {
    sectors: () => viaBackend(() => sectors.get('all', () => deps.api.sectors())),
    search: (query) => {
      const key = JSON.stringify([query.q?.normalize('NFC').trim() ?? '', query.sector ?? '', query.page ?? 1, query.pageSize ?? 20]);
      return viaBackend(() => pages.get(key, () => deps.api.procedures({ ...query, q: query.q?.normalize('NFC').trim() || undefined })));
    },
    get: (code) => viaBackend(() => details.get(code, () => deps.api.procedure(code))),
  };
}
