/**
 * The kiosk's search engine for the procedure catalogue: an inverted index of folded syllables
 * with the forgiveness residents need, written for Vietnamese (docs/search.md says why it is ours
 * and how it compares with MiniSearch, FlexSearch and Fuse.js).
 *
 * A query word matches an indexed word, best first, when it is:
 *   1. the same folded word ("dang" for "đăng", "ket" for "kết");
 *   2. the same by sound key (soundKey: "ki" for "ký", "chu" for "trú", "khai xinh", "dăng");
 *   3. the start of an indexed word (the last word is still being typed: "khai si");
 *   4. one edit away for words of 4+ letters, two for 8+ ("chung thưc", "dangkyy");
 * a word typed in Telex ("ddawng kys") is read as Telex, and words run together ("dangky",
 * "khaisinh") are cut where the pieces are indexed words. Synonyms ("hộ khẩu" → "thường trú")
 * are tried in place of what was said.
 *
 * Ranking: documents that match every meaningful word of the query come before those that match
 * some; among them, the score adds each word's best match (quality × field weight × rarity), a
 * bonus when the query is a phrase of the name or an alias (more at its start), and a bonus for
 * how much of the name the query covers, so "khai sinh" puts "Đăng ký khai sinh" before "Đăng ký
 * khai sinh có yếu tố nước ngoài".
 *
 * Pure: no DOM, no Node.
 */
import { editDistance, foldText, foldTokens, markedTokens, queryWords, soundKey, type QueryWord } from './fold';
import { SYNONYMS, type Synonym } from './synonyms';

/** What the engine indexes of a procedure. */
export interface SearchDoc {
  id: string;
  name: string;
  code?: string;
  aliases?: readonly string[];
  keywords?: readonly string[];
  sector?: string;
  agency?: string | undefined;
  /** A small tie-breaker for procedures people use most (0 to 1). */
  popularity?: number;
}

export type SearchField = 'name' | 'aliases' | 'keywords' | 'sector' | 'agency';

export interface SearchHit {
  id: string;
  score: number;
  /** Meaningful query words this document matched, and how many the query has. */
  matched: number;
  of: number;
}

export interface SearchOptions {
  /** At most this many hits (default 20). */
  limit?: number;
  /** Only documents for which this returns true. */
  filter?: (id: string) => boolean;
}

export interface SearchIndex {
  readonly size: number;
  /**
   * The documents that match the query, best first: all its meaningful words matched, or, for a
   * query of three or more such words, all but one. Empty for an empty query.
   */
  search(query: string, options?: SearchOptions): SearchHit[];
  /**
   * For a query that found nothing: documents that match any of its words, with typos forgiven
   * more widely, best first ("Có phải ông/bà muốn tìm…").
   */
  suggest(query: string, options?: SearchOptions): SearchHit[];
}

export interface IndexOptions {
  /** Synonyms tried in place of what was said; default SYNONYMS. */
  synonyms?: readonly Synonym[];
  /** Field weights; defaults in FIELD_WEIGHTS. */
  weights?: Partial<Record<SearchField, number>>;
}

export const FIELD_WEIGHTS: Readonly<Record<SearchField, number>> = { name: 3, aliases: 2.6, keywords: 1.6, sector: 1.1, agency: 0.5 };

/**
 * Words that carry no meaning for the search ("tôi muốn làm giấy khai sinh cho con"). They still
 * score when a document has them, but a document need not match them.
 */
const STOP = new Set([
  ...['toi', 'em', 'minh', 'muon', 'can', 'phai', 'lam', 'sao', 'xin', 'de', 'di', 'cho', 'cua', 'va', 'voi', 'bi', 'duoc'],
  ...['o', 'tai', 'thu', 'tuc', 'nhu', 'the', 'nao', 'gi', 've', 'con', 'be'],
]);
/** Stop words that are also the first syllable of a meaningful word pair, kept when followed by these ("căn cước", "thẻ căn cước", "thủ tục"). */
const STOP_UNLESS_BEFORE: Record<string, Set<string>> = { can: new Set(['cuoc', 'ho']), the: new Set(['can', 'bao', 'cuoc']) };

/**
 * Words that make a procedure a variant of another ("Đăng ký lại khai sinh", "Gia hạn giấy phép
 * xây dựng", "… có yếu tố nước ngoài"). A resident who does not say them means the plain one, so
 * a name with one the query lacks ranks a little lower. Found with their marks ("đổi", not the
 * "đối" of "đối với"), looked for in the query folded (residents may type without them).
 */
const VARIANT_WORDS = [
  ...['lại', 'đổi', 'gia hạn', 'điều chỉnh', 'hủy', 'huỷ', 'xóa', 'xoá', 'cải chính', 'đính chính', 'bổ sung', 'sửa đổi'],
  ...['tạm ngừng', 'tạm dừng', 'chấm dứt', 'thôi', 'thu hồi', 'khôi phục', 'tiếp tục', 'nước ngoài', 'quốc tế'],
];

const QUALITY = { exact: 1, typing: 0.9, sound: 0.85, prefix: 0.7, typo1: 0.6, typo2: 0.42 } as const;
const PREFIX_MIN = 2;
/** Readings longer than this many words have their words' scores scaled down to it (a synonym reading must not outscore by length). */
const WORDS_SCALE = 4;

interface Unit {
  field: SearchField;
  folded: string;
}

interface Candidate {
  term: string;
  quality: number;
}

interface PreparedDoc {
  id: string;
  /** The variant words of its name (VARIANT_WORDS), as syllables, each marked and folded. */
  variants: { marked: string; folded: string }[][];
  /** The marked words of its name and aliases ("lái", not "lại"). */
  marked: Set<string>;
  nameTokens: number;
  popularity: number;
  codeDigits: string;
}

export function createSearchIndex(docs: readonly SearchDoc[], options: IndexOptions = {}): SearchIndex {
  const weights = { ...FIELD_WEIGHTS, ...options.weights };
  const postings = new Map<string, Map<number, number>>();
  /** Per document, the folded name and aliases, for the phrase bonus. */
  const phrases: Unit[][] = [];
  const prepared: PreparedDoc[] = [];

  const add = (term: string, doc: number, weight: number) => {
    let p = postings.get(term);
    if (!p) postings.set(term, (p = new Map()));
    if ((p.get(doc) ?? 0) < weight) p.set(doc, weight);
  };

  docs.forEach((d, i) => {
    const nameTokens = foldTokens(d.name);
    const nameMarked = ` ${markedTokens(d.name).join(' ')} `;
    const variants = VARIANT_WORDS.filter((v) => nameMarked.includes(` ${v} `)).map((v) => v.split(' ').map((m) => ({ marked: m, folded: foldText(m) })));
    const marked = new Set([d.name, ...(d.aliases ?? [])].flatMap(markedTokens));
    prepared.push({
      id: d.id,
      variants,
      marked,
      nameTokens: nameTokens.length,
      popularity: clamp01(d.popularity ?? 0),
      codeDigits: (d.code ?? '').replace(/\D/g, ''),
    });
    const fields: [SearchField, readonly string[]][] = [
      ['name', [d.name]],
      ['aliases', d.aliases ?? []],
      ['keywords', d.keywords ?? []],
      ['sector', d.sector ? [d.sector] : []],
      ['agency', d.agency ? [d.agency] : []],
    ];
    for (const [field, texts] of fields) {
      for (const text of texts) {
        const tokens = foldTokens(text);
        if (tokens.length === 0) continue;
        if (field === 'name' || field === 'aliases') (phrases[i] ??= []).push({ field, folded: tokens.join(' ') });
        for (const t of tokens) add(t, i, weights[field]);
      }
    }
  });

  // The vocabulary, by sound key (for variants) and sorted (for prefixes), plus the words of the
  // synonyms so that "hokhau" can be cut into "ho khau" before the synonym applies.
  const synonyms = (options.synonyms ?? SYNONYMS).map((s) => ({
    said: s.said.map((p) => foldTokens(p).map(soundKey)).filter((p) => p.length > 0),
    means: s.means.map((m) => markedTokens(m).map((t) => ({ folded: foldText(t).replace(/ /g, ''), marked: t }))).filter((m) => m.length > 0),
  }));
  const known = new Set(postings.keys());
  for (const s of options.synonyms ?? SYNONYMS) for (const p of s.said) for (const t of foldTokens(p)) known.add(t);
  const bySound = new Map<string, string[]>();
  /** Each indexed word's sound key, computed once (the typo search compares them). */
  const termSound = new Map<string, string>();
  for (const term of postings.keys()) {
    const k = soundKey(term);
    termSound.set(term, k);
    const list = bySound.get(k);
    if (list) list.push(term);
    else bySound.set(k, [term]);
  }
  const knownSounds = new Set([...known].map(soundKey));
  const sorted = [...postings.keys()].sort();
  const byLength = new Map<number, string[]>();
  for (const term of postings.keys()) {
    const list = byLength.get(term.length);
    if (list) list.push(term);
    else byLength.set(term.length, [term]);
  }
  const idf = new Map<string, number>();
  for (const [term, p] of postings) idf.set(term, Math.log(1 + docs.length / p.size));

  /** Indexed words a query word may mean, each with how well it matches. */
  const candidateCache = new Map<string, Candidate[]>();
  function candidates(word: string, prefixMin: number, typoSlack: number): Candidate[] {
    const cacheKey = `${word}|${prefixMin}|${typoSlack}`;
    const cached = candidateCache.get(cacheKey);
    if (cached) return cached;
    const best = new Map<string, number>();
    const offer = (term: string, q: number) => {
      if ((best.get(term) ?? 0) < q) best.set(term, q);
    };
    if (postings.has(word)) offer(word, QUALITY.exact);
    const key = soundKey(word);
    for (const term of bySound.get(key) ?? []) offer(term, QUALITY.sound);
    // A word the catalogue has, as written or by sound, is taken as meant: no typo guesses then,
    // except when looking for suggestions.
    const known = best.size > 0 && typoSlack === 0;
    if (word.length >= prefixMin) {
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid]! < word) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < sorted.length && sorted[i]!.startsWith(word); i++) offer(sorted[i]!, QUALITY.prefix);
    }
    // Typos: by letters, and by sound key (a typo in a word also spelled by ear), each allowed
    // as many edits as its own length earns.
    const maxEdits = known ? 0 : editsFor(word.length, typoSlack);
    const keyEdits = editsFor(key.length, typoSlack);
    if (maxEdits > 0 && !/^\d+$/.test(word)) {
      for (let len = word.length - maxEdits; len <= word.length + maxEdits; len++) {
        for (const term of byLength.get(len) ?? []) {
          if (best.has(term)) continue;
          let d = editDistance(word, term, maxEdits);
          if (d > maxEdits && keyEdits > 0) d = editDistance(key, termSound.get(term)!, keyEdits) <= keyEdits ? maxEdits : d;
          if (d <= maxEdits) offer(term, d <= 1 ? QUALITY.typo1 : QUALITY.typo2);
        }
      }
    }
    const out = [...best].map(([term, quality]) => ({ term, quality }));
    if (candidateCache.size > 2000) candidateCache.clear();
    candidateCache.set(cacheKey, out);
    return out;
  }

  /**
   * The ways to cut a word typed without spaces into indexed words ("kethon" → "ket hon" or
   * "ke thon"), fewest pieces first, at most four; none when the word is itself indexed.
   */
  function segments(word: string): string[][] {
    if (word.length < 4 || known.has(word) || bySound.has(soundKey(word))) return [];
    const isWord = (piece: string) => known.has(piece) || knownSounds.has(soundKey(piece));
    const found: string[][] = [];
    const walk = (from: number, parts: string[]) => {
      if (found.length >= 4 || parts.length > 4) return;
      if (from === word.length) {
        if (parts.length >= 2) found.push(parts);
        return;
      }
      for (let end = Math.min(word.length, from + 7); end > from; end--) {
        const piece = word.slice(from, end);
        if (isWord(piece)) walk(end, [...parts, piece]);
      }
    };
    walk(0, []);
    return found.sort((a, b) => a.length - b.length);
  }

  /**
   * The query as words (each way of cutting run-together words), and the synonym readings of
   * each. A word keeps its marks when it was typed with them; words put in by a synonym carry the
   * synonym's marks.
   */
  function readings(query: string): QueryWord[][] {
    const asTelex = queryWords(query, true);
    const asTyped = queryWords(query, false);
    const same = asTelex.length === asTyped.length && asTelex.every((w, i) => w.folded === asTyped[i]!.folded);
    const cuts: QueryWord[][] = [];
    for (const typed of same ? [asTelex] : [asTelex, asTyped]) {
      let ways: QueryWord[][] = [[]];
      for (const w of typed) {
        const pieces = segments(w.folded).map((parts) => parts.map((folded) => ({ folded, marked: null })));
        const options = pieces.length > 0 ? pieces : [[w]];
        ways = ways.flatMap((c) => options.map((o) => [...c, ...o])).slice(0, 4);
      }
      if (ways[0]!.length > 0) cuts.push(...ways);
    }
    if (cuts.length === 0) return [];
    const out: QueryWord[][] = [];
    for (const words of cuts) {
      out.push(words);
      const sounds = words.map((w) => soundKey(w.folded));
      for (const s of synonyms) {
        for (const said of s.said) {
          for (let at = 0; at + said.length <= sounds.length; at++) {
            if (!said.every((k, j) => sounds[at + j] === k)) continue;
            for (const means of s.means) out.push([...words.slice(0, at), ...means, ...words.slice(at + said.length)]);
          }
        }
      }
    }
    return out.slice(0, 16);
  }

  function meaningful(words: string[]): boolean[] {
    return words.map((w, i) => !STOP.has(w) || (STOP_UNLESS_BEFORE[w]?.has(words[i + 1] ?? '') ?? false) || words.length === 1);
  }

  /** True when the query says the variant (all its syllables in a row; an unmarked word may be any marked one). */
  function says(words: QueryWord[], variant: { marked: string; folded: string }[]): boolean {
    for (let at = 0; at + variant.length <= words.length; at++) {
      if (variant.every((v, j) => words[at + j]!.folded === v.folded && (words[at + j]!.marked === null || words[at + j]!.marked === v.marked))) return true;
    }
    return false;
  }

  interface Scored {
    score: number;
    matched: number;
    of: number;
  }

  /**
   * How well each document matches one query word: the best of the word's candidates, as quality
   * x field weight x rarity. Readings share most of their words, so a query keeps these per word.
   */
  function wordScores(w: string, last: boolean, prefixMin: number, loose: boolean): Map<number, number> {
    const perDoc = new Map<number, number>();
    // A word that is itself indexed caps the rarity of what it only resembles, so "giay" finds
    // "giấy" before the rarer "giải" that sounds the same.
    const own = idf.get(w);
    const found = candidates(w, prefixMin, loose ? 1 : 0);
    // The last word's longer forms are what the resident may be typing ("ho chi" → "hộ chiếu"):
    // nearly as good as the word itself and never rarer than it, all of them as rare as the
    // most common one (a rare "tố tụng" must not beat "tư pháp" on "ly lich t").
    let typingCap = Infinity;
    let anyTyping = false;
    for (const c of found) {
      const typing = last && c.term !== w && c.term.startsWith(w);
      if (typing) anyTyping = true;
      if (typing || (last && c.term === w)) typingCap = Math.min(typingCap, idf.get(c.term) ?? 0);
    }
    if (!anyTyping) typingCap = Infinity;
    for (const c of found) {
      const typing = last && c.term !== w && c.term.startsWith(w);
      const rarity = Math.min(idf.get(c.term) ?? 0, own !== undefined && c.term !== w ? own : Infinity, typing || c.term === w ? typingCap : Infinity);
      const quality = typing ? Math.max(c.quality, QUALITY.typing) : c.quality;
      const factor = quality * rarity;
      const list = postings.get(c.term);
      if (!list) continue;
      for (const [doc, weight] of list) {
        const v = factor * weight;
        if ((perDoc.get(doc) ?? 0) < v) perDoc.set(doc, v);
      }
    }
    return perDoc;
  }

  function scoreReading(
    reading: QueryWord[],
    loose: boolean,
    filter: ((id: string) => boolean) | undefined,
    cache: Map<string, Map<number, number>>,
  ): Map<number, Scored> {
    const words = reading.map((w) => w.folded);
    const counts = meaningful(words);
    const of = Math.max(1, counts.filter(Boolean).length);
    // Per word of the reading, so that a long synonym reading does not outscore by length.
    const scale = Math.min(1, WORDS_SCALE / of);
    const results = new Map<number, Scored>();
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      const last = i === words.length - 1;
      // The last word may be unfinished: its start is enough, even one letter after other words
      // ("ket h"); other words need three letters to count as a start.
      const prefixMin = last ? (words.length > 1 ? 1 : PREFIX_MIN) : 3;
      const key = `${w}|${last ? 1 : 0}|${prefixMin}`;
      let perDoc = cache.get(key);
      if (!perDoc) cache.set(key, (perDoc = wordScores(w, last, prefixMin, loose)));
      // Typed with its marks and found with them ("lái", not "lại"): a little more.
      const marked = reading[i]!.marked;
      const counted = counts[i]!;
      for (const [doc, v] of perDoc) {
        if (filter && !filter(prepared[doc]!.id)) continue;
        let r = results.get(doc);
        if (!r) results.set(doc, (r = { score: 0, matched: 0, of }));
        r.score += ((counted ? v : v * 0.3) + (marked !== null && prepared[doc]!.marked.has(marked) ? 0.6 : 0)) * scale;
        if (counted) r.matched += 1;
      }
    }
    // Documents that cannot be shown (too few words matched) go before any bonus is computed.
    const need = enoughWords(of, loose);
    for (const [doc, r] of results) if (r.matched < need) results.delete(doc);
    // Phrase bonus: the reading's meaningful words are a phrase of the name or of an alias (the
    // best one counts, more at its start, most when it is the whole of it).
    const phrase = words.filter((_, i) => counts[i]).join(' ');
    if (phrase.length >= 3) {
      for (const [doc, r] of results) {
        let best = 0;
        for (const u of phrases[doc]!) {
          const at = u.folded.indexOf(phrase);
          if (at < 0 || (at > 0 && u.folded[at - 1] !== ' ')) continue;
          const bonus = ((u.field === 'name' ? 2.5 : 2) + (at === 0 ? 1 : 0) + (u.folded === phrase ? 1.5 : 0)) * (u.field === 'aliases' ? 0.9 : 1);
          if (bonus > best) best = bonus;
        }
        r.score += best;
      }
    }
    for (const [doc, r] of results) {
      const p = prepared[doc]!;
      r.score += Math.min(1, r.matched / Math.max(1, p.nameTokens)) * 1.5 + p.popularity * 2;
      if (p.variants.some((v) => !says(reading, v))) r.score -= 1.5;
    }
    return results;
  }

  function codeHits(query: string, options: SearchOptions): SearchHit[] | null {
    const compact = query.replace(/\s+/g, '');
    if (!/^\d[\d.]*$/.test(compact)) return null;
    const digits = compact.replace(/\D/g, '');
    if (digits.length < 3) return null;
    const hits: SearchHit[] = [];
    prepared.forEach((p) => {
      if (!p.codeDigits.startsWith(digits) || (options.filter && !options.filter(p.id))) return;
      hits.push({ id: p.id, score: p.codeDigits === digits ? 100 : 50, matched: 1, of: 1 });
    });
    return hits.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, options.limit ?? 20);
  }

  function run(query: string, options: SearchOptions, loose: boolean): SearchHit[] {
    const byCode = codeHits(query, options);
    if (byCode && byCode.length > 0) return byCode;
    const best = new Map<number, Scored>();
    const cache = new Map<string, Map<number, number>>();
    readings(query).forEach((words, n) => {
      const discount = n === 0 ? 1 : 0.97;
      for (const [doc, r] of scoreReading(words, loose, options.filter, cache)) {
        const scored = { score: r.score * discount, matched: r.matched, of: r.of };
        const prev = best.get(doc);
        if (!prev || rank(scored, prev) < 0) best.set(doc, scored);
      }
    });
    const hits: SearchHit[] = [];
    for (const [doc, r] of best) {
      if (r.matched >= enoughWords(r.of, loose)) hits.push({ id: prepared[doc]!.id, score: round(r.score), matched: r.matched, of: r.of });
    }
    return hits.sort((a, b) => rank(a, b) || a.id.localeCompare(b.id)).slice(0, options.limit ?? 20);
  }

  return {
    size: docs.length,
    search: (query, options = {}) => run(query, options, false),
    suggest: (query, options = {}) => run(query, options, true),
  };
}

/**
 * How many of a reading's meaningful words a document must match to be shown: every one; all but
 * one from three words; three in five of a whole sentence; any one for suggestions.
 */
function enoughWords(of: number, loose: boolean): number {
  if (loose) return 1;
  if (of >= 5) return Math.min(of - 1, Math.ceil(of * 0.6));
  if (of >= 3) return of - 1;
  return of;
}

/** Negative when a ranks before b: the share of words matched first, then the score. */
function rank(a: { score: number; matched: number; of: number }, b: { score: number; matched: number; of: number }): number {
  const full = (x: typeof a) => (x.matched >= x.of ? 1 : 0);
  return full(b) - full(a) || b.matched / b.of - a.matched / a.of || b.score - a.score;
}

/** Edits a word of this length may have and still match: one from 4 letters, two from 8. */
function editsFor(length: number, slack: number): number {
  return (length >= 8 ? 2 : length >= 4 ? 1 : 0) + (length >= 3 ? slack : 0);
}

function clamp01(n: number): number {
  return Math.max(0, Math.min(1, n));
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
