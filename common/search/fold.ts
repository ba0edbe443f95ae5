/**
 * Vietnamese text as a search engine sees it: folded (no case, no tone marks, no hats or horns,
 * đ as d), cut into syllables, and reduced to a sound key that forgives the spellings people
 * really type.
 *
 * Pure: no DOM, no Node.
 */
import { telexConvert } from '../telex';

/** "Đăng ký Kết hôn!" -> "dang ky ket hon": NFD, marks stripped, đ -> d, lower case, anything not a letter or digit a space. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The folded syllables of a text. */
export function foldTokens(text: string): string[] {
  const folded = foldText(text);
  return folded ? folded.split(' ') : [];
}

/**
 * True when a typed word is Telex keys rather than a word: a tone key after a vowel at its end
 * ("kys", "hoaf"), a w ("dawng", "tuw"), a doubled hat vowel or dd ("ddaang", "coong"), or z.
 * No Vietnamese syllable ends in s, f, r, x or j after a vowel, nor holds w, z, aa, ee, oo or dd,
 * so ordinary words are never taken for Telex.
 */
export function looksLikeTelex(word: string): boolean {
  const w = word.toLowerCase();
  if (!/^[a-z]+$/.test(w)) return false;
  return /[aeiouy][a-z]*[sfrxj]$/.test(w) || /[wz]/.test(w) || /aa|ee|oo|dd/.test(w);
}

/** A word of a query: folded, and as typed (lower case, NFC) when it carries marks. */
export interface QueryWord {
  folded: string;
  /** The word with its marks ("lái"), or null when it was typed without any ("lai" may be "lái" or "lại"). */
  marked: string | null;
}

/** "Lái xe" -> ["lái", "xe"]: lower case, NFC, cut where foldTokens cuts (one folded token each). */
export function markedTokens(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * The query's words, each folded and, when typed with marks, as typed. With `telex`, a word typed
 * in Telex with the keyboard's Vietnamese mode off ("ddawng kys") is read as Telex ("đăng ký");
 * the search tries both readings, since an English word ("work permit") may look like Telex.
 */
export function queryWords(query: string, telex = true): QueryWord[] {
  const out: QueryWord[] = [];
  for (const word of query.normalize('NFC').split(/\s+/)) {
    if (!word) continue;
    const text = telex && looksLikeTelex(word) ? telexConvert(word) : word;
    for (const marked of markedTokens(text)) {
      const folded = foldText(marked).replace(/ /g, '');
      if (folded) out.push({ folded, marked: marked === folded ? null : marked });
    }
  }
  return out;
}

/** The query's words, folded. */
export function queryTokens(query: string): string[] {
  return queryWords(query).map((w) => w.folded);
}

/**
 * A folded syllable's sound key: the letters people confuse when they write as they speak, or
 * as their region speaks, made the same.
 *
 * - a doubled letter is one ("dangg" = "dang");
 * - y is i where it is the one vowel ("ky" = "ki", "ly lich" = "li lich"; "lay" is not "lai");
 * - first consonants: tr = ch, s = x, d = r = gi (after folding, đ is d too), l = n, ngh = ng, gh = g;
 * - last consonants: ng = nh = n, c = ch = t.
 */
export function soundKey(syllable: string): string {
  let s = syllable.replace(/(.)\1+/g, '$1').replace(/y/g, 'i');
  if (/^\d/.test(s)) return s;
  s = s
    .replace(/^tr/, 'ch')
    .replace(/^s/, 'x')
    .replace(/^gi(?=[aeiou])/, 'z')
    .replace(/^gi$/, 'zi')
    .replace(/^[dr]/, 'z')
    .replace(/^l/, 'n')
    .replace(/^ngh/, 'ng')
    .replace(/^gh/, 'g');
  return s.replace(/(?<=[aeiou])(ng|nh)$/, 'n').replace(/(?<=[aeiou])(ch|c)$/, 't');
}

/**
 * Edit distance between two words, with a swap of two neighbours counting as one edit (optimal
 * string alignment), giving up as soon as it must exceed `max`: returns max + 1 then.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = b.length;
  if (n + 1 > ROW) return slowDistance(a, b, max);
  // Three rows reused across calls: the typo search calls this thousands of times a query.
  let prev2 = ROWS[0]!;
  let prev = ROWS[1]!;
  let cur = ROWS[2]!;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return Math.min(prev[n]!, max + 1);
}

const ROW = 64;
const ROWS = [new Int32Array(ROW), new Int32Array(ROW), new Int32Array(ROW)];

/** editDistance for words longer than the reused rows (never in practice: syllables are short). */
function slowDistance(a: string, b: string, max: number): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return Math.min(d[a.length]![b.length]!, max + 1);
}
