/**
 * Administrative procedures and their sectors ("Thủ tục hành chính", "Lĩnh vực"). Public data.
 * Search answers from the kiosk's own copy of the catalogue (catalogue.ts), so it works when the
 * link is down and forgives how residents type; a procedure's details come from the backend when
 * it answers, else from the copy. Until a first copy exists, the backend's own search is used.
 */
import type { ProcedurePage, Procedure, ProcedureQuery, ProcedureSummary, SectorList } from '../../api/schemas';
import type { ApiClient } from '../../api/client';
import { ApiError } from '../../api/client';
import { createStaleCache } from '../cache';
import { toKioskError, viaBackend } from '../errors';
import type { Catalogue } from './catalogue';

export interface ProcedureSearchResult extends ProcedurePage {
  /** When the copy searched was fetched (ISO), or null when the backend answered directly. */
  updatedAt: string | null;
  /** True when that copy is old or could not be refreshed: the screen shows its date. */
  stale: boolean;
  /** For a search that found nothing: close matches, then the most used procedures. */
  suggestions: ProcedureSummary[];
  popular: ProcedureSummary[];
}

export interface ProcedureService {
  sectors(): Promise<SectorList>;
  search(query: ProcedureQuery): Promise<ProcedureSearchResult>;
  get(code: string): Promise<Procedure>;
}

const SUGGESTIONS = 4;
const POPULAR = 6;

export function createProcedureService(deps: { api: ApiClient; catalogue: Catalogue; ttlMs?: number }): ProcedureService {
  const { catalogue } = deps;
  const ttlMs = deps.ttlMs ?? 10 * 60_000;
  const sectors = createStaleCache<SectorList>({ ttlMs, maxEntries: 1 });
  const pages = createStaleCache<ProcedurePage>({ ttlMs, maxEntries: 200 });
  const details = createStaleCache<Procedure>({ ttlMs, maxEntries: 500 });
  return {
    sectors: () => (catalogue.ready() ? Promise.resolve({ items: catalogue.sectors() }) : viaBackend(() => sectors.get('all', () => deps.api.sectors()))),
    async search(query) {
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? 20;
      const q = query.q?.normalize('NFC').trim() ?? '';
      if (!catalogue.ready()) {
        const key = JSON.stringify([q, query.sector ?? '', page, pageSize]);
        const answer = await viaBackend(() => pages.get(key, () => deps.api.procedures({ ...query, q: q || undefined })));
        return { ...answer, updatedAt: null, stale: false, suggestions: [], popular: [] };
      }
      const found = catalogue.search({ q, ...(query.sector ? { sector: query.sector } : {}), page, pageSize });
      const state = catalogue.state();
      const empty = found.total === 0 && q !== '';
      const suggestions = empty ? catalogue.suggest(q, SUGGESTIONS) : [];
      const shown = new Set(suggestions.map((s) => s.code));
      return {
        items: found.items,
        page,
        pageSize,
        total: found.total,
        updatedAt: state.updatedAt,
        stale: state.stale,
        suggestions,
        popular: empty
          ? catalogue
              .popular(POPULAR + SUGGESTIONS)
              .filter((p) => !shown.has(p.code))
              .slice(0, POPULAR)
          : [],
      };
    },
    async get(code) {
      try {
        const detail = await details.get(code, () => deps.api.procedure(code));
        catalogue.remember(detail);
        return detail;
      } catch (err) {
        const unreachable = err instanceof ApiError && (err.kind === 'offline' || err.kind === 'timeout' || err.kind === 'server_error');
        const kept = unreachable ? catalogue.detail(code) : undefined;
        if (kept) return kept;
        throw toKioskError(err);
      }
    },
  };
}

export { createCatalogue, type Catalogue, type CatalogueState } from './catalogue';
