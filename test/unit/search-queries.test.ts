/**
 * The search's quality on the whole seed catalogue, by the query set in
 * test/fixtures/search/queries.ts: the procedure meant is in the top 3 for at least 95 % of the
 * queries, every kind of query included. A miss is printed with what came first instead.
 */
import { describe, expect, it } from 'vitest';
import { catalogueIndex } from '../../main/services/procedures/catalogue';
import { PROCEDURES, SECTORS } from '../../sandbox/seed';
import { QUERIES } from '../fixtures/search/queries';

const sectorNames = new Map(SECTORS.map((s) => [s.code, s.name]));
const summaries = PROCEDURES.map((p) => ({ ...p, sectorName: sectorNames.get(p.sectorCode)! }));
const details = Object.fromEntries(summaries.map((p) => [p.code, p]));
const index = catalogueIndex({ procedures: summaries, details });
const names = new Map(PROCEDURES.map((p) => [p.code, p.name]));

describe('the query set', () => {
  it('has at least 80 queries of every kind, each meaning a procedure of the catalogue', () => {
    expect(QUERIES.length).toBeGreaterThanOrEqual(80);
    const kinds = new Set(QUERIES.map((q) => q.kind));
    expect([...kinds].sort()).toEqual([
      'code',
      'colloquial',
      'i-y',
      'joined',
      'letters',
      'mixed-marks',
      'no-marks',
      'plain',
      'prefix',
      'regional',
      'sentence',
      'telex',
      'typo',
    ]);
    for (const q of QUERIES) expect(names.has(q.want), `${q.q} -> ${q.want}`).toBe(true);
  });

  it('finds the procedure meant in the top 3 for at least 95 % of the queries', () => {
    const misses: string[] = [];
    let firsts = 0;
    for (const { q, want } of QUERIES) {
      const top = index.search(q, { limit: 3 }).map((h) => h.id);
      if (top[0] === want) firsts += 1;
      if (!top.includes(want)) misses.push(`"${q}" wants ${want} ${names.get(want)}; got ${top.map((c) => `${c} ${names.get(c)}`).join(' | ') || 'nothing'}`);
    }
    const rate = (QUERIES.length - misses.length) / QUERIES.length;
    process.stdout.write(
      `search query set: top-3 ${(rate * 100).toFixed(1)} %, first ${((firsts / QUERIES.length) * 100).toFixed(1)} % of ${QUERIES.length}\n`,
    );
    if (process.env.SEARCH_MISSES) process.stdout.write(`${misses.join('\n')}\n`);
    expect(rate, `misses:\n${misses.join('\n')}`).toBeGreaterThanOrEqual(0.95);
  });
});
