/**
 * Numbers and queue tickets read aloud the way Vietnamese people read them, as words (one word =
 * one recorded or rendered clip of the hall's voice, drivers/voice/).
 *
 * How a ticket is read. Vietnamese queue systems (one-stop centers, banks, hospitals) call
 * "Xin mời khách hàng số A015 đến quầy số 3" either digit by digit ("A không một năm") or as a
 * number ("A mười lăm"). We read the letter(s), then the number as a number, without its
 * leading zeros: "A mười lăm". It is what a person at a counter says aloud ("số mười lăm"), it
 * is shorter (a hall with several counters calls often, and a call must end before the next
 * one), and the screen shows the printed form "A015" at the same moment, so nothing is lost.
 * Digit-by-digit stays available (`style: 'digits'`) for a site whose residents expect it.
 *
 * Number words, with the rules people apply without thinking:
 * - 10 is "mười", 20..90 are "hai mươi" … "chín mươi" (mười with a grave accent only for ten).
 * - 1 after "mươi" is "mốt" (21 "hai mươi mốt"), never after "mười" (11 "mười một").
 * - 5 after "mười"/"mươi" is "lăm" (15 "mười lăm", 25 "hai mươi lăm"), "năm" elsewhere
 *   (5, 105 "một trăm linh năm").
 * - 4 after "mươi" is "tư" (24 "hai mươi tư", the usual reading in the North and in
 *   administration); after "mười" it stays "bốn" (14 "mười bốn").
 * - A zero tens digit after hundreds is "linh" (North, 105 "một trăm linh năm") or "lẻ" (South).
 * - A zero hundreds digit after thousands is read "không trăm" (1015 "một nghìn không trăm mười
 *   lăm"); thousands are "nghìn" (North) or "ngàn" (South).
 *
 * Pure (common/): no Node, no DOM.
 */

export interface ReadingOptions {
  /** Zero tens after hundreds: `linh` (North, default) or `lẻ` (South). */
  zeroTens?: 'linh' | 'lẻ' | undefined;
  /** Thousands: `nghìn` (North, default) or `ngàn` (South). */
  thousand?: 'nghìn' | 'ngàn' | undefined;
}

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'] as const;

/** Words of a number from 0 to 9999, e.g. 21 → ['hai', 'mươi', 'mốt']. */
export function numberWords(n: number, options: ReadingOptions = {}): string[] {
  if (!Number.isInteger(n) || n < 0 || n > 9999) throw new RangeError(`numberWords reads whole numbers from 0 to 9999, not ${n}`);
  const zeroTens = options.zeroTens ?? 'linh';
  const thousand = options.thousand ?? 'nghìn';
  if (n === 0) return ['không'];
  const th = Math.floor(n / 1000);
  const h = Math.floor((n % 1000) / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  const words: string[] = [];
  if (th > 0) words.push(DIGITS[th]!, thousand);
  if (h > 0 || (th > 0 && (t > 0 || u > 0))) words.push(DIGITS[h]!, 'trăm');
  const hasHigher = th > 0 || h > 0;
  if (t === 0) {
    if (u > 0) {
      if (hasHigher) words.push(zeroTens);
      words.push(DIGITS[u]!);
    }
  } else if (t === 1) {
    words.push('mười');
    if (u === 5) words.push('lăm');
    else if (u > 0) words.push(DIGITS[u]!);
  } else {
    words.push(DIGITS[t]!, 'mươi');
    if (u === 1) words.push('mốt');
    else if (u === 4) words.push('tư');
    else if (u === 5) words.push('lăm');
    else if (u > 0) words.push(DIGITS[u]!);
  }
  return words;
}

/** The number as one string of words: 1015 → "một nghìn không trăm mười lăm". */
export function readNumber(n: number, options: ReadingOptions = {}): string {
  return numberWords(n, options).join(' ');
}

/**
 * Latin letters as Vietnamese say them when spelling (the Vietnamese alphabet's names, and the
 * usual names of F, J, W, Z): "A", "bê", "xê", "dê"…
 */
export const LETTER_NAMES: Readonly<Record<string, string>> = {
  A: 'a',
  B: 'bê',
  C: 'xê',
  D: 'dê',
  E: 'e',
  F: 'ép',
  G: 'giê',
  H: 'hát',
  I: 'i',
  J: 'gi',
  K: 'ca',
  L: 'e lờ',
  M: 'em mờ',
  N: 'en nờ',
  O: 'o',
  P: 'pê',
  Q: 'quy',
  R: 'e rờ',
  S: 'ét xì',
  T: 'tê',
  U: 'u',
  V: 'vê',
  W: 'vê kép',
  X: 'ích xì',
  Y: 'i dài',
  Z: 'dét',
};

/** One word of a call: the clip's key (ASCII, a file name) and the text it says. */
export interface SpokenWord {
  key: string;
  text: string;
}

/** The clip key of a word: ASCII letters, Vietnamese letters folded ("mươi" → "muoi", "mười" → "muoi2"). */
export function clipKey(text: string): string {
  const known = CLIP_KEYS[text];
  if (known) return known;
  const folded = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return folded || 'x';
}

// Words whose folded forms collide get their own keys (a site records each once).
const CLIP_KEYS: Readonly<Record<string, string>> = {
  mười: 'muoi-10',
  mươi: 'muoi-tens',
  một: 'mot',
  mốt: 'mot-after-tens',
  năm: 'nam',
  lăm: 'lam',
  'e lờ': 'letter-l',
  'em mờ': 'letter-m',
  'en nờ': 'letter-n',
  'e rờ': 'letter-r',
};

/** Ticket numbers as the contract prints them: 1–3 capital letters, then 3–4 digits. */
const TICKET = /^([A-Z]{1,3})(\d{3,4})$/;

export interface TicketReadingOptions extends ReadingOptions {
  /** `number` (default): "A mười lăm"; `digits`: "A không một năm". */
  style?: 'number' | 'digits' | undefined;
}

/** The words of a ticket number: "A015" → a, mười, lăm. Throws on a number that is not a ticket. */
export function ticketWords(ticket: string, options: TicketReadingOptions = {}): string[] {
  const m = TICKET.exec(ticket);
  if (!m) throw new RangeError(`not a ticket number: ${JSON.stringify(ticket)}`);
  const letters = [...m[1]!].map((c) => LETTER_NAMES[c]!);
  const digits = m[2]!;
  const number = options.style === 'digits' ? [...digits].map((d) => DIGITS[Number(d)]!) : numberWords(Number(digits), options);
  return [...letters, ...number];
}

export const CALL_INTRO = 'Xin mời khách hàng số';
export const CALL_TO_COUNTER = 'đến quầy số';

/**
 * The phrases of a call, in order: "Xin mời khách hàng số" · ticket words · "đến quầy số" ·
 * counter words. Each phrase is one clip (the two fixed phrases sound better whole).
 */
export function callWords(ticket: string, counter: number, options: TicketReadingOptions = {}): SpokenWord[] {
  if (!Number.isInteger(counter) || counter < 1 || counter > 9999) throw new RangeError(`not a counter number: ${counter}`);
  const words = [CALL_INTRO, ...ticketWords(ticket, options), CALL_TO_COUNTER, ...numberWords(counter, options)];
  return words.map(spoken);
}

/** A word with its clip key (the two fixed phrases have their own keys). */
export function spoken(text: string): SpokenWord {
  return { key: text === CALL_INTRO ? 'phrase-intro' : text === CALL_TO_COUNTER ? 'phrase-counter' : clipKey(text), text };
}

/** The sentence a call says: "Xin mời khách hàng số a mười lăm đến quầy số ba". */
export function callSentence(ticket: string, counter: number, options: TicketReadingOptions = {}): string {
  return callWords(ticket, counter, options)
    .map((w) => w.text)
    .join(' ');
}

/** Every word a call can say (to render a full clip set ahead of time). */
export function allCallWords(options: ReadingOptions = {}): SpokenWord[] {
  const texts = new Set<string>([CALL_INTRO, CALL_TO_COUNTER, ...Object.values(LETTER_NAMES), ...DIGITS]);
  for (const w of ['mười', 'mươi', 'mốt', 'tư', 'lăm', 'trăm', options.zeroTens ?? 'linh', options.thousand ?? 'nghìn']) texts.add(w);
  return [...texts].map(spoken);
}
