/**
 * The kiosk's own copy of the procedure catalogue ("danh mục thủ tục hành chính"): every sector
 * and procedure summary, and the procedures' details, fetched from the backend at start and every
 * few hours, kept on disk with the time it was fetched, and searched locally with common/search.
 * A commune office whose link drops still finds and reads every procedure; the screen says when
 * the copy was last updated ("Cập nhật lúc …") once it is stale.
 *
 * The file is public data (no personal data) written atomically (temp file, fsync, rename), so a
 * power cut leaves the old copy or the new one, never half of one.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { fullJitterDelay } from '../../../common/backoff';
import { createSearchIndex, POPULAR_PROCEDURES, SYNONYMS, type SearchIndex, type Synonym } from '../../../common/search';
import type { ApiClient } from '../../api/client';
import { ApiError } from '../../api/client';
import { Procedure, ProcedureSummary, Sector } from '../../api/schemas';
import type { Logger } from '../../log';

export const CatalogueFile = z.object({
  format: z.literal(1),
  /** When the backend gave this copy (ISO 8601). */
  fetchedAt: z.string(),
  sectors: z.array(Sector),
  procedures: z.array(ProcedureSummary),
  /** Details by procedure code, for reading a procedure offline; may lag behind the summaries. */
  details: z.record(z.string(), Procedure),
});
export type CatalogueFile = z.infer<typeof CatalogueFile>;

export interface CatalogueOptions {
  api: ApiClient;
  /** The file the copy is kept in, e.g. `<dataDir>/catalogue.json`. */
  file: string;
  log: Logger;
  /** How often to fetch a new copy (ms). */
  refreshMs: number;
  /** A copy older than this is shown with its date (ms). */
  staleAfterMs: number;
  /** Also fetch each procedure's details, for reading them offline. */
  details: boolean;
  /**
   * How long after the summaries the details are fetched (ms, default 0): at start the kiosk is
   * busy drawing its first screen, and the summaries are what search needs.
   */
  detailsDelayMs?: number;
  /** Extra synonyms from the site config, added to common/search's table. */
  synonyms?: readonly Synonym[];
  /** Codes of the most used procedures, offered when a search finds nothing (default POPULAR_PROCEDURES). */
  popular?: readonly string[];
  now?: () => number;
  random?: () => number;
}

export interface CatalogueState {
  /** When the copy in use was fetched (ISO), or null when the kiosk has none yet. */
  updatedAt: string | null;
  /** True when the copy is older than staleAfterMs, or the last refresh failed. */
  stale: boolean;
  procedures: number;
  details: number;
  /** Refreshes that failed in a row, and the last one's failure (English, for technicians). */
  failures: number;
  lastError?: string;
  lastErrorAt?: string;
}

export interface SearchResult {
  items: ProcedureSummary[];
  scores: number[];
  total: number;
}

export interface Catalogue {
  /** Loads the copy on disk (if any) and starts refreshing; never throws. */
  start(): void;
  stop(): void;
  /** Fetches a new copy now; resolves false when the backend could not give one. */
  refresh(): Promise<boolean>;
  /** True once a copy (from disk or the backend) is loaded. */
  ready(): boolean;
  state(): CatalogueState;
  sectors(): Sector[];
  search(query: { q?: string; sector?: string; page: number; pageSize: number }): SearchResult;
  /** Close matches for a query that found nothing ("Có phải ông/bà muốn tìm…"). */
  suggest(q: string, limit: number): ProcedureSummary[];
  /** The most used procedures that the catalogue holds. */
  popular(limit: number): ProcedureSummary[];
  detail(code: string): Procedure | undefined;
  /** Remembers a detail the backend just gave (kept on disk at the next save). */
  remember(detail: Procedure): void;
}

const PAGE_SIZE = 100;
const WARM_UP = ['dang ky khai sinh', 'hộ khẩu', 'chung thuc ban sao', 'xac nhan doc thn', 'ket h'];
const MAX_PAGES = 200;

/** Reads a catalogue file; undefined when there is none, throws with the reason when it is unreadable. */
export function readCatalogueFile(file: string): CatalogueFile | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const parsed = CatalogueFile.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file} is not a catalogue: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

export function catalogueIndex(
  copy: Pick<CatalogueFile, 'procedures' | 'details'>,
  synonyms: readonly Synonym[] = SYNONYMS,
  popular: readonly string[] = POPULAR_PROCEDURES,
): SearchIndex {
  const most = new Set(popular);
  return createSearchIndex(
    copy.procedures.map((p) => ({
      id: p.code,
      name: p.name,
      code: p.code,
      aliases: p.aliases,
      sector: p.sectorName,
      agency: copy.details[p.code]?.agency,
      popularity: most.has(p.code) ? 1 : 0,
    })),
    { synonyms },
  );
}

export function createCatalogue(options: CatalogueOptions): Catalogue {
  const now = options.now ?? Date.now;
  const synonyms = [...SYNONYMS, ...(options.synonyms ?? [])];
  let copy: CatalogueFile | undefined;
  let index: SearchIndex | undefined;
  let byCode = new Map<string, ProcedureSummary>();
  let lastError: string | undefined;
  let lastErrorAt: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let stopped = false;
  let running: Promise<boolean> | undefined;
  let waiting: (() => void) | undefined;

  const use = (next: CatalogueFile) => {
    copy = next;
    byCode = new Map(next.procedures.map((p) => [p.code, p]));
    index = catalogueIndex(next, synonyms, options.popular);
    // A few searches now, so the first resident does not wait for the engine's code to warm up.
    for (const q of WARM_UP) index.search(q, { limit: 5 });
  };

  const save = () => {
    if (!copy) return;
    try {
      writeAtomically(options.file, JSON.stringify(copy));
    } catch (err) {
      options.log.warn('catalogue', `could not save the catalogue to ${options.file}: ${(err as Error).message}`);
    }
  };

  async function fetchAll(): Promise<CatalogueFile> {
    const sectors = (await options.api.sectors()).items;
    const procedures: ProcedureSummary[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const got = await options.api.procedures({ page, pageSize: PAGE_SIZE });
      procedures.push(...got.items);
      if (got.items.length === 0 || procedures.length >= got.total) break;
    }
    return { format: 1, fetchedAt: new Date(now()).toISOString(), sectors, procedures, details: {} };
  }

  /**
   * Fetches every procedure's details, one request at a time (fees and documents change without
   * the name changing). When the link drops, what was not fetched keeps the previous copy's.
   */
  async function fetchDetails(next: CatalogueFile, previous: CatalogueFile | undefined): Promise<void> {
    const keepRest = () => {
      for (const p of next.procedures) {
        const kept = previous?.details[p.code];
        if (!next.details[p.code] && kept) next.details[p.code] = kept;
      }
    };
    for (const p of next.procedures) {
      if (stopped) return;
      try {
        next.details[p.code] = await options.api.procedure(p.code);
      } catch (err) {
        if (err instanceof ApiError && (err.kind === 'offline' || err.kind === 'timeout')) {
          keepRest();
          return;
        }
        options.log.warn('catalogue', `procedure ${p.code}: details not fetched (${(err as Error).message})`);
      }
    }
    keepRest();
  }

  async function refreshOnce(): Promise<boolean> {
    try {
      const next = await fetchAll();
      const previous = copy;
      if (options.details) {
        // Searching the new list need not wait for the details: use the summaries at once.
        use({ ...next, details: previous?.details ?? {} });
        if (options.detailsDelayMs) await pause(options.detailsDelayMs);
        await fetchDetails(next, previous);
      }
      if (stopped) return false;
      use(next);
      save();
      lastError = undefined;
      lastErrorAt = undefined;
      failures = 0;
      options.log.info(
        'catalogue',
        `catalogue updated: ${next.procedures.length} procedures in ${next.sectors.length} sectors, ${Object.keys(next.details).length} with details`,
      );
      return true;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
      lastErrorAt = new Date(now()).toISOString();
      failures += 1;
      options.log.warn('catalogue', `catalogue not updated (${lastError}); ${copy ? `keeping the copy of ${copy.fetchedAt}` : 'no copy yet'}`);
      return false;
    }
  }

  function schedule(ok: boolean): void {
    if (stopped) return;
    // After a failure, retry sooner (30 s doubling up to the refresh period), with jitter so a
    // fleet that lost the same backend does not come back in step.
    const wait = ok ? options.refreshMs : Math.max(5_000, fullJitterDelay(failures, { baseMs: 30_000, capMs: options.refreshMs }, options.random));
    timer = setTimeout(() => void loop(), wait);
    timer.unref?.();
  }

  async function loop(): Promise<void> {
    const ok = await refresh();
    schedule(ok);
  }

  function refresh(): Promise<boolean> {
    running ??= refreshOnce().finally(() => {
      running = undefined;
    });
    return running;
  }

  /** Waits, but not past stop(). */
  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      t.unref?.();
      waiting = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  function paged<T>(items: T[], page: number, pageSize: number): T[] {
    return items.slice((page - 1) * pageSize, page * pageSize);
  }

  return {
    start() {
      try {
        const onDisk = readCatalogueFile(options.file);
        if (onDisk) {
          use(onDisk);
          options.log.info('catalogue', `catalogue of ${onDisk.fetchedAt} loaded from disk: ${onDisk.procedures.length} procedures`);
          // A copy younger than the refresh period is not fetched again at every restart (a weak
          // link pays for each one): the next refresh comes when this copy is due.
          const age = now() - Date.parse(onDisk.fetchedAt);
          if (age >= 0 && age < options.refreshMs) {
            timer = setTimeout(() => void loop(), options.refreshMs - age);
            timer.unref?.();
            return;
          }
        }
      } catch (err) {
        options.log.warn('catalogue', `the catalogue on disk is unreadable and will be fetched again: ${(err as Error).message}`);
      }
      void loop();
    },
    stop() {
      stopped = true;
      waiting?.();
      if (timer) clearTimeout(timer);
    },
    refresh,
    ready: () => copy !== undefined,
    state() {
      const updatedAt = copy?.fetchedAt ?? null;
      const age = updatedAt ? now() - Date.parse(updatedAt) : Infinity;
      const out: CatalogueState = {
        updatedAt,
        stale: updatedAt === null || age > options.staleAfterMs || lastError !== undefined,
        procedures: copy?.procedures.length ?? 0,
        details: copy ? Object.keys(copy.details).length : 0,
        failures,
      };
      if (lastErrorAt !== undefined) out.lastErrorAt = lastErrorAt;
      if (lastError !== undefined) out.lastError = lastError;
      return out;
    },
    sectors() {
      if (!copy) return [];
      const counts = new Map<string, number>();
      for (const p of copy.procedures) counts.set(p.sectorCode, (counts.get(p.sectorCode) ?? 0) + 1);
      return copy.sectors.map((s) => ({ ...s, procedureCount: counts.get(s.code) ?? 0 }));
    },
    search({ q, sector, page, pageSize }) {
      if (!copy || !index) return { items: [], scores: [], total: 0 };
      const text = q?.normalize('NFC').trim() ?? '';
      if (!text) {
        const all = copy.procedures.filter((p) => !sector || p.sectorCode === sector);
        return { items: paged(all, page, pageSize), scores: [], total: all.length };
      }
      const filter = sector ? (id: string) => byCode.get(id)?.sectorCode === sector : undefined;
      const hits = index.search(text, { limit: 200, ...(filter ? { filter } : {}) });
      const shown = paged(hits, page, pageSize);
      return { items: shown.map((h) => byCode.get(h.id)!), scores: shown.map((h) => h.score), total: hits.length };
    },
    suggest(q, limit) {
      if (!index || !q.trim()) return [];
      return index.suggest(q, { limit }).map((h) => byCode.get(h.id)!);
    },
    popular(limit) {
      return (options.popular ?? POPULAR_PROCEDURES)
        .map((code) => byCode.get(code))
        .filter((p): p is ProcedureSummary => p !== undefined)
        .slice(0, limit);
    },
    detail: (code) => copy?.details[code],
    remember(detail) {
      if (copy && byCode.has(detail.code)) copy.details[detail.code] = detail;
    },
  };
}
