import { join } from 'node:path';
import { loadConfig } from '../../../kiosk-config/loader';
import { formatDateTime } from '../../../common/vietnam-time';
import { catalogueIndex, readCatalogueFile } from '../../services/procedures/catalogue';
import { SYNONYMS, POPULAR_PROCEDURES, type Synonym } from '../../../common/search';
import { EXIT, UsageError, wantsHelp, type CliCommand, type CliContext } from '../types';

const USAGE = `Usage:
  npm run kiosk -- procedures search "QUERY" [--json] [--limit N] [--sector CODE] [--data-dir DIR]
      Search the kiosk's own copy of the procedure catalogue, as the procedures screen does,
      and print the ranked results with their scores (works with the backend down).
  npm run kiosk -- procedures info [--data-dir DIR]
      When the copy was fetched, and how many procedures and details it holds.
The copy is <dataDir>/catalogue.json, written by the running kiosk; the config's dataDir
(KIOSK_CONFIG applies) unless --data-dir is given. Its synonyms and popular list apply.`;

interface Options {
  json: boolean;
  limit: number;
  sector?: string;
  dataDir?: string;
  rest: string[];
}

function parse(argv: string[]): Options {
  const out: Options = { json: false, limit: 10, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--json') out.json = true;
    else if (a === '--limit') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1 || n > 200) throw new UsageError('--limit takes a whole number from 1 to 200');
      out.limit = n;
    } else if (a === '--sector') out.sector = value();
    else if (a === '--data-dir') out.dataDir = value();
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else out.rest.push(a);
  }
  return out;
}

export const proceduresCommand: CliCommand = {
  name: 'procedures',
  summary: "Search the kiosk's local procedure catalogue, as residents do",
  usage: USAGE,
  async run(argv: string[], ctx: CliContext): Promise<number> {
    if (wantsHelp(argv)) {
      ctx.out(USAGE);
      return EXIT.ok;
    }
    const opts = parse(argv);
    const [sub, ...words] = opts.rest;
    if (sub !== 'search' && sub !== 'info') throw new UsageError('procedures needs search or info');
    let synonyms: readonly Synonym[] = SYNONYMS;
    let popular: readonly string[] = POPULAR_PROCEDURES;
    let dataDir = opts.dataDir;
    const loaded = loadConfig({ env: ctx.env });
    if (loaded.ok) {
      synonyms = [...SYNONYMS, ...loaded.config.catalogue.synonyms];
      popular = loaded.config.catalogue.popular;
      dataDir ??= loaded.config.dataDir;
    } else if (!dataDir) {
      throw new UsageError('the site config is not valid: run `config check` first, or give --data-dir');
    }
    const file = join(dataDir!, 'catalogue.json');
    let copy;
    try {
      copy = readCatalogueFile(file);
    } catch (err) {
      ctx.err(`FAIL: ${(err as Error).message}`);
      return EXIT.failed;
    }
    if (!copy) {
      ctx.err(`FAIL: no local catalogue at ${file}: the kiosk writes it once it has reached the backend`);
      return EXIT.failed;
    }
    if (sub === 'info') {
      ctx.out(`catalogue: ${file}`);
      ctx.out(`fetched:   ${copy.fetchedAt} (${formatDateTime(copy.fetchedAt)} Vietnam time)`);
      ctx.out(`procedures: ${copy.procedures.length} in ${copy.sectors.length} sectors, ${Object.keys(copy.details).length} with details`);
      return EXIT.ok;
    }
    const query = words.join(' ').trim();
    if (!query) throw new UsageError('procedures search needs a QUERY');
    const index = catalogueIndex(copy, synonyms, popular);
    const byCode = new Map(copy.procedures.map((p) => [p.code, p]));
    const filter = opts.sector ? (id: string) => byCode.get(id)?.sectorCode === opts.sector : undefined;
    const hits = index.search(query, { limit: opts.limit, ...(filter ? { filter } : {}) });
    const suggestions = hits.length === 0 ? index.suggest(query, { limit: Math.min(opts.limit, 5), ...(filter ? { filter } : {}) }) : [];
    const rows = (list: typeof hits) =>
      list.map((h, i) => {
        const p = byCode.get(h.id)!;
        return { rank: i + 1, code: p.code, name: p.name, sector: p.sectorName, score: h.score, matched: h.matched, of: h.of };
      });
    if (opts.json) {
      ctx.out(JSON.stringify({ query, catalogueFetchedAt: copy.fetchedAt, results: rows(hits), suggestions: rows(suggestions) }, null, 2));
      return hits.length > 0 ? EXIT.ok : EXIT.failed;
    }
    ctx.out(`catalogue of ${formatDateTime(copy.fetchedAt)}: ${copy.procedures.length} procedures`);
    const print = (list: ReturnType<typeof rows>) => {
      for (const r of list)
        ctx.out(`${String(r.rank).padStart(3)}. ${r.score.toFixed(3).padStart(8)}  ${r.matched}/${r.of}  ${r.code.padEnd(10)} ${r.name}  [${r.sector}]`);
    };
    if (hits.length > 0) {
      ctx.out(`${hits.length} result${hits.length === 1 ? '' : 's'} for "${query}" (rank, score, words matched, code, name):`);
      print(rows(hits));
      return EXIT.ok;
    }
    ctx.out(`nothing found for "${query}"`);
    if (suggestions.length > 0) {
      ctx.out('close matches (as the screen offers them):');
      print(rows(suggestions));
    }
    return EXIT.failed;
  },
};
