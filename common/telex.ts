/**
 * Telex, the way most Vietnamese type on a Latin keyboard, as a pure engine: keys in, text out.
 * Used by the kiosk's on-screen keyboard and usable from a physical keyboard.
 *
 *   aa â   aw ă   ee ê   oo ô   ow ơ   uw ư   w ư (alone)   uow ươ   dd đ
 *   s sắc  f huyền  r hỏi  x ngã  j nặng  z removes the tone
 *
 * - A repeated key undoes its change and types the key itself: "ass" → "as", "aaa" → "aa",
 *   "ddd" → "dd", "ww" → "w". After an undo the rest of the word is typed as it is.
 * - The tone belongs to the syllable, not to a letter: it is placed (and moved while the word
 *   grows) by the rules used in official documents, the "old" placement: on the vowel with a
 *   hat or horn (quốc, người, giường, thuế); else, with a final consonant, on the last vowel
 *   (hoàng, toán, quỳnh); else on the only vowel, on the first of two (hòa, thủy, mái, múa) or
 *   the middle of three (ngoài, khuỷu). "qu" and "gi" before a vowel are consonants (quý, giá).
 * - A hat key changes the syllable's last vowel, also after the final consonant ("vietej" →
 *   "việt"), as Unikey allows; a w changes "uo" to "ươ", else the last a, o or u.
 * - Capitals are kept: "Nguyeenx" → "Nguyễn", "NGUYEENX" → "NGUYỄN"; modifier keys work in either
 *   case.
 * - Anything that is not a letter (space, digit, punctuation) ends the word and is typed as is.
 *
 * Pure: no DOM, no Node. Output is NFC.
 */

export type Tone = '' | 's' | 'f' | 'r' | 'x' | 'j';

/** The combining mark of each tone (U+0301 acute, U+0300 grave, U+0309 hook, U+0303 tilde, U+0323 dot below). */
const TONE_MARK: Record<Exclude<Tone, ''>, string> = { s: '\u0301', f: '\u0300', r: '\u0309', x: '\u0303', j: '\u0323' };
const MARK_TONE: Record<string, Exclude<Tone, ''>> = { '\u0301': 's', '\u0300': 'f', '\u0309': 'r', '\u0303': 'x', '\u0323': 'j' };

const VOWELS = new Set(['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y']);
const MODIFIED = new Set(['ă', 'â', 'ê', 'ô', 'ơ', 'ư']);
/** The letter each hat key makes, and back. */
const HAT: Record<string, string> = { a: 'â', e: 'ê', o: 'ô' };
const HORN: Record<string, string> = { a: 'ă', o: 'ơ', u: 'ư' };
const PLAIN: Record<string, string> = { â: 'a', ê: 'e', ô: 'o', ă: 'a', ơ: 'o', ư: 'u', đ: 'd' };

interface Letter {
  /** Lower-case letter without tone (may carry a hat, horn or stroke: â ă ê ô ơ ư đ). */
  base: string;
  upper: boolean;
  /** An ư typed as a lone w (a second w makes it a w). */
  fromW?: boolean;
}

/** One word being typed. */
interface Word {
  letters: Letter[];
  tone: Tone;
  /** After an undo, the rest of the word is typed literally. */
  literal: boolean;
}

const isLetterKey = (k: string): boolean => /^\p{L}$/u.test(k);

/** Splits a composed character into its letter (with hat/horn/stroke) and its tone. */
function decompose(ch: string): { base: string; upper: boolean; tone: Tone } {
  const upper = ch !== ch.toLowerCase();
  const nfd = ch.toLowerCase().normalize('NFD');
  let tone: Tone = '';
  let rest = '';
  for (const c of nfd) {
    const t = MARK_TONE[c];
    if (t) tone = t;
    else rest += c;
  }
  return { base: rest.normalize('NFC'), upper, tone };
}

/** Start and end (exclusive) of the vowel cluster, after the initial consonant (with qu / gi). */
function vowelCluster(bases: string[]): [number, number] {
  let i = 0;
  while (i < bases.length && !VOWELS.has(bases[i] as string)) i++;
  if (i >= bases.length) return [i, i];
  const prev = bases[i - 1];
  const next = bases[i + 1];
  // "qu": the u is part of the consonant; "gi" before another vowel: the i is.
  if (prev === 'q' && bases[i] === 'u' && next !== undefined && VOWELS.has(next)) i++;
  else if (prev === 'g' && i === 1 && bases[i] === 'i' && next !== undefined && VOWELS.has(next)) i++;
  let j = i;
  while (j < bases.length && VOWELS.has(bases[j] as string)) j++;
  return [i, j];
}

/** Which letter carries the tone (index into the word), or -1 when the word has no vowel. */
export function tonePosition(word: string): number {
  const bases = [...word.toLowerCase()].map((c) => decompose(c).base);
  const [start, end] = vowelCluster(bases);
  if (start >= end) return -1;
  const hasFinal = end < bases.length;
  let modified = -1;
  for (let k = start; k < end; k++) if (MODIFIED.has(bases[k] as string)) modified = k;
  if (modified >= 0) return modified;
  const n = end - start;
  if (hasFinal) return end - 1;
  if (n === 1) return start;
  if (n === 2) return start;
  return start + 1;
}

function render(w: Word): string {
  const chars = w.letters.map((l) => l.base);
  const at = w.tone ? tonePosition(chars.join('')) : -1;
  let out = '';
  w.letters.forEach((l, k) => {
    let c = l.base;
    if (k === at && w.tone) c = (c + TONE_MARK[w.tone]).normalize('NFC');
    out += l.upper ? c.toUpperCase() : c;
  });
  return out.normalize('NFC');
}

/** The word as letters and tone, from text already composed (so typing can go on after it). */
function parse(text: string): Word {
  const letters: Letter[] = [];
  let tone: Tone = '';
  for (const ch of text) {
    const d = decompose(ch);
    if (d.tone) tone = d.tone;
    letters.push({ base: d.base, upper: d.upper });
  }
  return { letters, tone, literal: false };
}

const hasVowel = (w: Word): boolean => w.letters.some((l) => VOWELS.has(l.base));

/** Applies one key to the word (a key that changes nothing is typed as is). */
function apply(w: Word, key: string): void {
  const lower = key.toLowerCase();
  const upper = key !== lower;
  const append = (): void => {
    w.letters.push({ base: lower, upper });
  };
  if (w.literal) return append();
  const bases = w.letters.map((l) => l.base);
  const [start, end] = vowelCluster(bases);

  // Tones.
  if ('sfrxj'.includes(lower) && hasVowel(w)) {
    if (w.tone === lower) {
      w.tone = '';
      w.literal = true;
      return append();
    }
    w.tone = lower as Tone;
    return;
  }
  if (lower === 'z' && w.tone) {
    w.tone = '';
    return;
  }

  // đ: dd, and a d typed later in the word while it starts with d.
  if (lower === 'd' && w.letters.length > 0) {
    const first = w.letters[0] as Letter;
    if (first.base === 'd') {
      first.base = 'đ';
      return;
    }
    if (first.base === 'đ') {
      first.base = 'd';
      w.literal = true;
      return append();
    }
  }

  // Hats: aa â, ee ê, oo ô, on the syllable's last vowel (even after its final consonant:
  // "vietej"); a key that matches an earlier vowel is a letter ("ngoeo" stays "ngoeo").
  if (lower in HAT && start < end) {
    const hat = HAT[lower] as string;
    const l = w.letters[end - 1] as Letter;
    if (l.base === lower) {
      l.base = hat;
      return;
    }
    if (l.base === hat) {
      l.base = lower;
      w.literal = true;
      return append();
    }
  }

  // Horns and breve: w.
  if (lower === 'w') {
    const last = w.letters[w.letters.length - 1];
    if (last?.fromW) {
      // "ww" → "w"
      last.base = 'w';
      last.fromW = false;
      w.literal = true;
      return;
    }
    if (start < end) {
      const cluster = bases.slice(start, end).join('');
      const pair = ['uo', 'uơ', 'ưo'].map((p) => cluster.indexOf(p)).find((k) => k >= 0);
      if (pair !== undefined) {
        // uow → ươ (người, được, trường)
        (w.letters[start + pair] as Letter).base = 'ư';
        (w.letters[start + pair + 1] as Letter).base = 'ơ';
        return;
      }
      const done = cluster.indexOf('ươ');
      if (done >= 0) {
        (w.letters[start + done] as Letter).base = 'u';
        (w.letters[start + done + 1] as Letter).base = 'o';
        w.literal = true;
        return append();
      }
      for (let k = end - 1; k >= start; k--) {
        const l = w.letters[k] as Letter;
        const horn = HORN[l.base];
        if (horn) {
          l.base = horn;
          return;
        }
        if (l.base === 'ă' || l.base === 'ơ' || l.base === 'ư') {
          l.base = PLAIN[l.base] as string;
          w.literal = true;
          return append();
        }
      }
    }
    // No vowel the w can change: it is ư itself ("w" → "ư", "tw" → "tư").
    w.letters.push({ base: 'ư', upper, fromW: true });
    return;
  }
  append();
}

/**
 * Types one key after `text` (the text in the field so far) and returns the new text. Only the
 * last word (after the last non-letter) is changed; Backspace is the caller's (remove the last
 * character and go on: the engine reads the composed word back).
 */
export function telexType(text: string, key: string): string {
  return createTelexComposer(text).type(key);
}

/**
 * A stateful composer for one field: it remembers an undo within the current word (which the
 * text alone cannot show), so "ass" + "s" stays literal. `text` is what the field shows: text
 * handed to it (`set`, a physical keyboard) stays exactly as it was until a letter key changes
 * its last word, so a word in another tone style ("hoà") is not rewritten by a space.
 */
export interface TelexComposer {
  readonly text: string;
  type(key: string): string;
  backspace(): string;
  set(text: string): void;
}

export function createTelexComposer(initial = ''): TelexComposer {
  let head = '';
  let word: Word = { letters: [], tone: '', literal: false };
  /** The last word as it was handed over, until a key changes it. */
  let given: string | undefined;
  const set = (text: string): void => {
    const chars = [...text.normalize('NFC')];
    let cut = chars.length;
    while (cut > 0 && isLetterKey(chars[cut - 1] as string)) cut--;
    head = chars.slice(0, cut).join('');
    given = chars.slice(cut).join('');
    word = parse(given);
  };
  set(initial);
  const text = (): string => `${head}${given ?? render(word)}`.normalize('NFC');
  return {
    get text() {
      return text();
    },
    type(key) {
      if (key.length === 0) return text();
      if (!isLetterKey(key)) {
        head = `${text()}${key}`;
        word = { letters: [], tone: '', literal: false };
        given = undefined;
        return text();
      }
      apply(word, key);
      given = undefined;
      return text();
    },
    backspace() {
      const shown = [...text()];
      shown.pop();
      set(shown.join(''));
      return text();
    },
    set,
  };
}

/** Converts a whole key sequence ("Nguyeenx Vawn Anh") to text ("Nguyễn Văn Anh"). */
export function telexConvert(keys: string): string {
  const c = createTelexComposer();
  for (const k of keys) c.type(k);
  return c.text;
}
