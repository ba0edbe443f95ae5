/**
 * Search benchmark: `npx tsx test/bench/search.ts` (also the first part of `npm run bench`).
 * Prints numbers, asserts none. No browser needed.
 *
 * Our engine (common/search, built as the kiosk builds it: catalogueIndex) against MiniSearch,
 * FlexSearch and Fuse.js, each configured for Vietnamese as well as we could (below), all over
 * the same folded fields (name, aliases, sector, and the code):
 *
 * - quality: top-1 and top-3 hit rate of the query set (test/fixtures/search/queries.ts) on the
 *   126 real procedures of the seed and on a catalogue of 2,000 grown from them
 *   (test/bench/search-catalogue.ts), overall and per kind of query;
 * - index build time on the 2,000 (median of several builds);
 * - heap held by the index on the 2,000 (heapUsed after gc, with the index minus without);
 * - query latency on the 2,000: "first" is each query once on a fresh index (the JIT warmed on
 *   another one: no cache has seen the query), "warm" is the query set repeated (p50, p95, max).
 *
 * Each library is also run with our synonym table applied to the query ("+ syn": the query is
 * searched as typed and with each synonym in place of what was said, best score kept), to tell
 * the engine apart from the data.
 *
 * Env: SEARCH_BENCH_MISSES=1 lists our engine's misses; SEARCH_BENCH_SECONDS (default 1) is
 * the time each engine's warm latency run takes (about; at least one pass of the query set,
 * none for a library whose one pass takes over 3 s: it has no cache to warm).
 */
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Document, Encoder } from 'flexsearch';
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import { foldText, foldTokens, soundKey, SYNONYMS } from '../../common/search';
import { catalogueIndex, type CatalogueFile } from '../../main/services/procedures/catalogue';
import { QUERIES, type QueryKind } from '../fixtures/search/queries';
import { benchCatalogue, type BenchProcedure } from './search-catalogue';

/** Ranked ids for a query, best first, each with a score where higher is better. */
type Searcher = (query: string) => { id: string; score: number }[];

interface Engine {
  name: string;
  /** What it lacks of ours, for the report. */
  lacks: string;
  build(catalogue: readonly BenchProcedure[]): Searcher;
}

const LIMIT = 10;

/** The same folded fields for every library. */
type LibDoc = { id: string; name: string; aliases: string[]; sector: string; code: string };
const libDocs = (catalogue: readonly BenchProcedure[]): LibDoc[] =>
  catalogue.map((p) => ({ id: p.code, name: foldText(p.name), aliases: p.aliases.map(foldText), sector: foldText(p.sectorName), code: p.code }));

/** Field weights as our engine's (common/search/engine.ts FIELD_WEIGHTS). */
const WEIGHTS = { name: 3, aliases: 2.6, sector: 1.1, code: 1 } as const;

const ours: Engine = {
  name: 'ours (common/search)',
  lacks: '-',
  build(catalogue) {
    // catalogueIndex reads only the agency of a procedure's details.
    const details = Object.fromEntries(catalogue.map((p) => [p.code, p])) as unknown as CatalogueFile['details'];
    const index = catalogueIndex({ procedures: [...catalogue], details });
    return (q) => index.search(q, { limit: LIMIT }).map((h) => ({ id: h.id, score: h.score }));
  },
};

const minisearch: Engine = {
  name: 'MiniSearch 7.2.0',
  lacks: 'sound keys, Telex, run-together words, synonyms, popularity',
  build(catalogue) {
    const ms = new MiniSearch<LibDoc>({
      fields: ['name', 'aliases', 'sector', 'code'],
      stringifyField: (v: unknown) => (Array.isArray(v) ? v.join(' ; ') : String(v)),
      processTerm: (term) => foldText(term) || null,
      searchOptions: { boost: { name: WEIGHTS.name, aliases: WEIGHTS.aliases, sector: WEIGHTS.sector }, fuzzy: 0.2, prefix: true },
    });
    ms.addAll(libDocs(catalogue));
    return (q) =>
      ms
        .search(foldText(q))
        .slice(0, LIMIT)
        .map((r) => ({ id: String(r.id), score: r.score }));
  },
};

const flexsearch: Engine = {
  name: 'FlexSearch 0.8.212',
  lacks: 'typos (no edit distance), sound keys, Telex, run-together words, synonyms, scores',
  build(catalogue) {
    // Folds as ours does (đ too, which Unicode normalisation leaves), no number splitting,
    // doubled letters made one.
    const encoder = new Encoder({ normalize: (s: string) => foldText(s), split: /\s+/, numeric: false, dedupe: true });
    const field = (name: keyof typeof WEIGHTS) => ({ field: name, tokenize: 'forward' as const, encoder });
    const index = new Document<LibDoc>({ document: { id: 'id', index: [field('name'), field('aliases'), field('sector'), field('code')] } });
    for (const d of libDocs(catalogue)) index.add(d);
    return (q) => {
      // FlexSearch ranks per field and gives no scores: fuse the fields' rankings, weighted.
      const scores = new Map<string, number>();
      for (const r of index.search(foldText(q), { suggest: true, limit: 50 })) {
        const w = WEIGHTS[r.field as keyof typeof WEIGHTS] ?? 1;
        r.result.forEach((id, rank) => scores.set(String(id), (scores.get(String(id)) ?? 0) + w / (rank + 1)));
      }
      return [...scores]
        .sort((a, b) => b[1] - a[1])
        .slice(0, LIMIT)
        .map(([id, score]) => ({ id, score }));
    };
  },
};

function fuseEngine(tokens: boolean): Engine {
  return {
    name: tokens ? 'Fuse.js 7.5.0 (token search)' : 'Fuse.js 7.5.0',
    lacks: `${tokens ? '' : 'word order, '}sound keys, Telex, run-together words, synonyms, popularity`,
    build(catalogue) {
      const fuse = new Fuse(libDocs(catalogue), {
        keys: [
          { name: 'name', weight: WEIGHTS.name },
          { name: 'aliases', weight: WEIGHTS.aliases },
          { name: 'sector', weight: WEIGHTS.sector },
          { name: 'code', weight: WEIGHTS.code },
        ],
        ignoreLocation: true,
        threshold: 0.4,
        includeScore: true,
        ...(tokens ? { useTokenSearch: true } : {}),
      });
      return (q) => fuse.search(foldText(q), { limit: LIMIT }).map((r) => ({ id: r.item.id, score: 1 - (r.score ?? 1) }));
    },
  };
}

/** Our synonym table, applied to a query: as typed, and with each synonym in place of what was said. */
const SYNS = SYNONYMS.map((s) => ({ said: s.said.map((p) => foldTokens(p).map(soundKey)), means: s.means.map(foldText) }));
function readings(query: string): string[] {
  const words = foldTokens(query);
  const sounds = words.map(soundKey);
  const out = new Set([words.join(' ')]);
  for (const s of SYNS) {
    for (const said of s.said) {
      for (let at = 0; at + said.length <= sounds.length; at++) {
        if (!said.every((k, j) => sounds[at + j] === k)) continue;
        for (const m of s.means) out.add([...words.slice(0, at), m, ...words.slice(at + said.length)].join(' '));
      }
    }
  }
  return [...out].slice(0, 8);
}

function withSynonyms(engine: Engine): Engine {
  return {
    name: `${engine.name} + syn`,
    lacks: engine.lacks.replace(', synonyms', ''),
    build(catalogue) {
      const search = engine.build(catalogue);
      return (q) => {
        const best = new Map<string, number>();
        for (const r of readings(q)) for (const h of search(r)) if ((best.get(h.id) ?? -Infinity) < h.score) best.set(h.id, h.score);
        return [...best]
          .sort((a, b) => b[1] - a[1])
          .slice(0, LIMIT)
          .map(([id, score]) => ({ id, score }));
      };
    },
  };
}

// --- measuring ------------------------------------------------------------------------------

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

/** global.gc, exposed at run time when node was not started with --expose-gc. */
function getGc(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

interface Quality {
  top1: number;
  top3: number;
  byKind: Map<QueryKind, { n: number; top3: number }>;
  misses: string[];
}

/**
 * Bytes of heap an index holds: heapUsed after a full gc with it built minus before. In a
 * function of its own, so that no stack slot keeps the previous index alive.
 */
function heldBy(build: () => Searcher, gc: () => void): number {
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const held = build();
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  held(''); // keeps the index alive across the gc above
  return after - before;
}

/** Runs each query once, timing it and scoring what came back. */
function pass(search: Searcher, names: Map<string, string>): { quality: Quality; times: number[] } {
  const q: Quality = { top1: 0, top3: 0, byKind: new Map(), misses: [] };
  const times: number[] = [];
  for (const { q: text, want, kind } of QUERIES) {
    const t0 = performance.now();
    const hits = search(text);
    times.push(performance.now() - t0);
    const top = hits.slice(0, 3).map((h) => h.id);
    const k = q.byKind.get(kind) ?? { n: 0, top3: 0 };
    k.n += 1;
    if (top[0] === want) q.top1 += 1;
    if (top.includes(want)) {
      q.top3 += 1;
      k.top3 += 1;
    } else q.misses.push(`"${text}" (${kind}) wants ${want} ${names.get(want)}; got ${top.map((c) => `${c} ${names.get(c) ?? ''}`).join(' | ') || 'nothing'}`);
    q.byKind.set(kind, k);
  }
  return { quality: q, times: times.sort((a, b) => a - b) };
}

/** A library whose one pass over the query set takes longer than this gets no warm run (it has no cache to warm). */
const WARM_PASS_MAX_MS = 3000;

interface Measured {
  q126: Quality;
  q2000: Quality;
  /** Each query once on a fresh index of 2,000 (sorted, ms). */
  first: number[];
  /** The query set repeated on that index (sorted, ms); empty when one pass takes longer than the budget. */
  warm: number[];
  buildMs?: number;
  heapMb?: number;
}

function measure(
  engine: Engine,
  real: readonly BenchProcedure[],
  big: readonly BenchProcedure[],
  names: Map<string, string>,
  gc: () => void,
  budgetMs: number,
  full: boolean,
): Measured {
  // The pass on the 126 also warms the JIT, on another index than the one timed below.
  const q126 = pass(engine.build(real), names).quality;
  const out: Measured = { q126, q2000: q126, first: [], warm: [] };
  if (full) {
    // Builds: the first is not counted.
    const times: number[] = [];
    engine.build(big);
    const buildStart = performance.now();
    while (times.length < 7 && (times.length < 3 || performance.now() - buildStart < budgetMs)) {
      const t0 = performance.now();
      engine.build(big);
      times.push(performance.now() - t0);
    }
    out.buildMs = median(times);
    // Heap held by one index (the catalogue exists before and after).
    const heaps: number[] = [];
    for (let i = 0; i < 3; i++) heaps.push(heldBy(() => engine.build(big), gc));
    out.heapMb = median(heaps) / 1024 / 1024;
  }
  const fresh = engine.build(big);
  const first = pass(fresh, names);
  out.q2000 = first.quality;
  out.first = first.times;
  const onePass = first.times.reduce((a, b) => a + b, 0);
  if (full && onePass < WARM_PASS_MAX_MS) {
    const start = performance.now();
    for (let n = 0; n < 30 && (n === 0 || performance.now() - start < budgetMs); n++) out.warm.push(...pass(fresh, names).times);
    out.warm.sort((a, b) => a - b);
  }
  return out;
}

// --- report ---------------------------------------------------------------------------------

const pct = (n: number, of: number) => `${((n / of) * 100).toFixed(1)} %`;
const ms3 = (n: number) => n.toFixed(n < 10 ? 3 : 1);
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

export function searchBench(): void {
  const gc = getGc();
  const budgetMs = Number(process.env.SEARCH_BENCH_SECONDS ?? 1) * 1000;
  const real = benchCatalogue(126);
  const big = benchCatalogue(2000);
  const names = new Map(big.map((p) => [p.code, p.name]));
  const base = [ours, minisearch, flexsearch, fuseEngine(false), fuseEngine(true)];
  const engines = [...base, ...base.slice(1, 4).map(withSynonyms)];

  console.log(
    `search: ${QUERIES.length} queries; catalogues of ${real.length} real procedures and ${big.length} grown from them; node ${process.version}, ` +
      `${new Date().toISOString().slice(0, 10)}; ${cpus().length} × ${cpus()[0]?.model ?? '?'}; load average ${loadavg()
        .map((n) => n.toFixed(2))
        .join(', ')}`,
  );
  const head =
    `${pad('engine', 38)}${lpad('build ms', 10)}${lpad('heap MB', 9)}` +
    `${lpad('first p50/p95/max ms', 24)}${lpad('warm p50/p95/max ms', 24)}` +
    `${lpad('126 top1', 10)}${lpad('top3', 8)}${lpad('2000 top1', 11)}${lpad('top3', 8)}`;
  console.log(head);
  console.log('-'.repeat(head.length));
  const results: { engine: Engine; q126: Quality; q2000: Quality }[] = [];
  const lat = (xs: number[]) => (xs.length ? `${ms3(percentile(xs, 50))}/${ms3(percentile(xs, 95))}/${ms3(xs[xs.length - 1]!)}` : '-');
  for (const engine of engines) {
    const full = !engine.name.endsWith('+ syn');
    const m = measure(engine, real, big, names, gc, budgetMs, full);
    results.push({ engine, q126: m.q126, q2000: m.q2000 });
    console.log(
      `${pad(engine.name, 38)}${lpad(m.buildMs?.toFixed(1) ?? '-', 10)}${lpad(m.heapMb?.toFixed(2) ?? '-', 9)}` +
        `${lpad(lat(m.first), 24)}${lpad(lat(m.warm), 24)}` +
        `${lpad(pct(m.q126.top1, QUERIES.length), 10)}${lpad(pct(m.q126.top3, QUERIES.length), 8)}` +
        `${lpad(pct(m.q2000.top1, QUERIES.length), 11)}${lpad(pct(m.q2000.top3, QUERIES.length), 8)}`,
    );
  }
  console.log(
    `build: median of 3 to 7 builds after one not counted. first: each query once on a fresh index. warm: the query set repeated for about ${budgetMs / 1000} s ` +
      `('-' when one pass takes over ${WARM_PASS_MAX_MS / 1000} s). '+ syn': build and heap as without. Load average (1, 5, 15 min) at the end: ${loadavg()
        .map((n) => n.toFixed(2))
        .join(', ')}`,
  );

  const kinds = [...new Set(QUERIES.map((q) => q.kind))];
  for (const which of ['126', '2000'] as const) {
    console.log(`\ntop-3 hits per kind of query, ${which} procedures`);
    const cols = results.map((r, i) => `${i + 1}`);
    console.log(`${pad('kind', 14)}${lpad('n', 4)}${cols.map((c) => lpad(c, 7)).join('')}`);
    for (const kind of kinds) {
      const cells = results.map((r) => (which === '126' ? r.q126 : r.q2000).byKind.get(kind)!);
      console.log(`${pad(kind, 14)}${lpad(String(cells[0]!.n), 4)}${cells.map((c) => lpad(String(c.top3), 7)).join('')}`);
    }
  }
  console.log(`\n${results.map((r, i) => `${i + 1} = ${r.engine.name} (lacks: ${r.engine.lacks})`).join('\n')}`);

  const mine = results[0]!;
  console.log(`\nour engine's misses (not in the top 3): ${mine.q126.misses.length} on 126, ${mine.q2000.misses.length} on 2000`);
  if (process.env.SEARCH_BENCH_MISSES) for (const m of mine.q2000.misses) console.log(`  ${m}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) searchBench();
