/**
 * Vietnamese text -> printer code page bytes: Windows-1258 and TCVN-3 (TCVN 5712:1993 VN3).
 * Pure functions, no I/O.
 *
 * Nothing is ever replaced by '?': a character the code page cannot carry is reported back in
 * `unencodable`, so the caller can fall back to printing that text as a raster image.
 * C0/C1 control characters (including ESC, GS, LF) are unencodable too: text printed on a receipt
 * comes from residents and the backend and must never smuggle printer commands in.
 */

export type EncodeResult =
  | {
      ok: true;
      bytes: Uint8Array;
      /** Printed character cells (combining tone marks take none). */
      columns: number;
    }
  | {
      ok: false;
      /** Each distinct unencodable character (NFC), in order of first appearance. */
      unencodable: string[];
    };

const isControl = (cp: number): boolean => cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);

// ---------------------------------------------------------------------------------------------
// Windows-1258

/**
 * The upper half (0x80..0xFF) of Windows-1258 as in the Unicode consortium's
 * MAPPINGS/VENDORS/MICSFT/WINDOWS/CP1258.TXT; -1 = undefined in that file.
 * The lower half is ASCII.
 */
// prettier-ignore
export const CP1258_HIGH: readonly number[] = Object.freeze([
  // 0x80
  0x20ac, -1, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, -1, 0x2039, 0x0152, -1, -1, -1,
  // 0x90
  -1, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, -1, 0x203a, 0x0153, -1, -1, 0x0178,
  // 0xA0
  0x00a0, 0x00a1, 0x00a2, 0x00a3, 0x00a4, 0x00a5, 0x00a6, 0x00a7, 0x00a8, 0x00a9, 0x00aa, 0x00ab, 0x00ac, 0x00ad, 0x00ae, 0x00af,
  // 0xB0
  0x00b0, 0x00b1, 0x00b2, 0x00b3, 0x00b4, 0x00b5, 0x00b6, 0x00b7, 0x00b8, 0x00b9, 0x00ba, 0x00bb, 0x00bc, 0x00bd, 0x00be, 0x00bf,
  // 0xC0
  0x00c0, 0x00c1, 0x00c2, 0x0102, 0x00c4, 0x00c5, 0x00c6, 0x00c7, 0x00c8, 0x00c9, 0x00ca, 0x00cb, 0x0300, 0x00cd, 0x00ce, 0x00cf,
  // 0xD0
  0x0110, 0x00d1, 0x0309, 0x00d3, 0x00d4, 0x01a0, 0x00d6, 0x00d7, 0x00d8, 0x00d9, 0x00da, 0x00db, 0x00dc, 0x01af, 0x0303, 0x00df,
  // 0xE0
  0x00e0, 0x00e1, 0x00e2, 0x0103, 0x00e4, 0x00e5, 0x00e6, 0x00e7, 0x00e8, 0x00e9, 0x00ea, 0x00eb, 0x0301, 0x00ed, 0x00ee, 0x00ef,
  // 0xF0
  0x0111, 0x00f1, 0x0323, 0x00f3, 0x00f4, 0x01a1, 0x00f6, 0x00f7, 0x00f8, 0x00f9, 0x00fa, 0x00fb, 0x00fc, 0x01b0, 0x20ab, 0x00ff,
]);

/** The five combining tone marks of cp1258: grave, acute, hook above, tilde, dot below. */
export const CP1258_TONE_MARKS: Readonly<Record<number, number>> = Object.freeze({
  0x0300: 0xcc,
  0x0301: 0xec,
  0x0309: 0xd2,
  0x0303: 0xde,
  0x0323: 0xf2,
});

const CP1258_ENCODE = new Map<number, number>();
CP1258_HIGH.forEach((cp, i) => {
  if (cp >= 0 && !isControl(cp)) CP1258_ENCODE.set(cp, 0x80 + i);
});
const CP1258_COMBINING = new Set(Object.keys(CP1258_TONE_MARKS).map(Number));

function cp1258Direct(cp: number): number | undefined {
  if (cp >= 0x20 && cp <= 0x7e) return cp;
  return CP1258_ENCODE.get(cp);
}

/**
 * Bytes for one character: itself if cp1258 has it; otherwise the character without its tone
 * mark(s), which cp1258 must have precomposed (a, ă, â, ê, ô, ơ, ư...), followed by the tone marks
 * as combining bytes (ấ = â + acute -> E2 EC; Ợ = Ơ + dot below -> D5 F2). Works from the
 * canonical decomposition, where the dot below comes before the breve or circumflex
 * (ặ = a U+0323 U+0306), so the marks are not simply a prefix and a suffix; and only in an order
 * that decodes back to the same character.
 */
function cp1258Char(ch: string): number[] | null {
  const cp = ch.codePointAt(0) ?? -1;
  const direct = cp1258Direct(cp);
  if (direct !== undefined) return [direct];
  const [base, ...marks] = Array.from(ch.normalize('NFD'));
  if (base === undefined) return null;
  const toneIdx = marks.map((m, i) => (CP1258_COMBINING.has(m.codePointAt(0) ?? -1) ? i : -1)).filter((i) => i >= 0);
  // every non-empty subset of the tone marks present, fewest first
  const subsets: number[][] = [];
  for (let mask = 1; mask < 1 << toneIdx.length; mask++) subsets.push(toneIdx.filter((_, j) => (mask >> j) & 1));
  subsets.sort((a, b) => a.length - b.length);
  for (const tail of subsets) {
    const head = (base + marks.filter((_, i) => !tail.includes(i)).join('')).normalize('NFC');
    if (Array.from(head).length !== 1) continue;
    const h = cp1258Direct(head.codePointAt(0) ?? -1);
    if (h === undefined) continue;
    const bytes = [h, ...tail.map((i) => CP1258_TONE_MARKS[marks[i]?.codePointAt(0) ?? -1] as number)];
    // Marks of the same class do not commute: Ṍ (O, tilde, acute) is not Ó then tilde. Only an
    // encoding that reads back as the same character will do (found by the property test).
    if (decodeCp1258(bytes) !== ch.normalize('NFC')) continue;
    return bytes;
  }
  return null;
}

/** Encode text (any normalisation form) as Windows-1258. */
export function encodeCp1258(text: string): EncodeResult {
  const out: number[] = [];
  const bad: string[] = [];
  let columns = 0;
  for (const ch of text.normalize('NFC')) {
    const b = cp1258Char(ch);
    if (b === null) {
      if (!bad.includes(ch)) bad.push(ch);
      continue;
    }
    for (const x of b) {
      out.push(x);
      if (!(x === 0xcc || x === 0xec || x === 0xd2 || x === 0xde || x === 0xf2)) columns++;
    }
  }
  return bad.length > 0 ? { ok: false, unencodable: bad } : { ok: true, bytes: Uint8Array.from(out), columns };
}

/** Decode Windows-1258 bytes to NFC text (undefined bytes become U+FFFD). */
export function decodeCp1258(bytes: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = (bytes[i] ?? 0) & 0xff;
    const cp = b < 0x80 ? b : (CP1258_HIGH[b - 0x80] ?? -1);
    s += String.fromCodePoint(cp < 0 ? 0xfffd : cp);
  }
  return s.normalize('NFC');
}

// ---------------------------------------------------------------------------------------------
// TCVN-3 (TCVN 5712:1993, VN3)

/**
 * VN3, 0xA0..0xFF; '\u0000' = not in VN3. Lower-case letters with every tone, plus
 * Ă Â Ê Ô Ơ Ư Đ (0xA1..0xA7) and ă â ê ô ơ ư đ (0xA8..0xAE). Upper-case letters with tones are
 * not in VN3 (fonts like .VnTimeH put them at the lower-case positions instead; see
 * TCVN3_UPPER_PAGE). Agrees with the VN3 part of libiconv's TCVN table (TCVN 5712 VN1, a superset
 * that also fills 0x00..0x17, 0x80..0x9F and the gaps below with upper-case letters).
 */
const TCVN3_HIGH =
  // A0..AF
  '\0ĂÂÊÔƠƯĐăâêôơưđ\0' +
  // B0..BF
  '\0\0\0\0\0àảãáạ\0ằẳẵắ\0' +
  // C0..CF
  '\0\0\0\0\0\0ặầẩẫấậè\0ẻẽ' +
  // D0..DF
  'éẹềểễếệìỉ\0\0\0ĩíịò' +
  // E0..EF
  '\0ỏõóọồổỗốộờởỡớợù' +
  // F0..FF
  '\0ủũúụừửữứựỳỷỹýỵ\0';

function buildTable(high: string): Map<string, number> {
  const m = new Map<string, number>();
  Array.from(high).forEach((ch, i) => {
    if (ch !== '\0') m.set(ch, 0xa0 + i);
  });
  return m;
}

const TCVN3_ENCODE = buildTable(TCVN3_HIGH);

/**
 * The companion upper-case page (Epson ESC t 31, "TCVN-3-2" in escpos-printer-db): each upper-case
 * letter at the position of its lower-case letter in VN3, except Ă Â Đ which stay at 0xA1, 0xA2,
 * 0xA7. Built from the TCVN-3-2 table of the open-source `vncharset` provider used with ESC/POS
 * printers; less certain than VN3 itself (see the printing docs).
 */
const TCVN3_UPPER_ENCODE = (() => {
  const m = new Map<string, number>();
  for (const [ch, b] of TCVN3_ENCODE) {
    if (b >= 0xb5) m.set(ch.toUpperCase(), b);
  }
  m.set('Ă', 0xa1).set('Â', 0xa2).set('Đ', 0xa7).set('Ê', 0xaa).set('Ô', 0xab).set('Ơ', 0xac).set('Ư', 0xad);
  return m;
})();

const isPrintableAscii = (cp: number): boolean => cp >= 0x20 && cp <= 0x7e;

/** Encode text as VN3 on one code page. Upper-case letters with tones are unencodable. */
export function encodeTcvn3(text: string): EncodeResult {
  const out: number[] = [];
  const bad: string[] = [];
  for (const ch of text.normalize('NFC')) {
    const cp = ch.codePointAt(0) ?? -1;
    const b = isPrintableAscii(cp) ? cp : TCVN3_ENCODE.get(ch);
    if (b === undefined) {
      if (!bad.includes(ch)) bad.push(ch);
    } else out.push(b);
  }
  return bad.length > 0 ? { ok: false, unencodable: bad } : { ok: true, bytes: Uint8Array.from(out), columns: out.length };
}

export type Tcvn3Page = 'lower' | 'upper';
export type Tcvn3RunsResult = { ok: true; runs: { page: Tcvn3Page; bytes: Uint8Array }[]; columns: number } | { ok: false; unencodable: string[] };

/**
 * Encode for a printer with both TCVN-3 pages (Epson 30 = lower, 31 = upper): upper-case
 * non-ASCII letters go on the upper page, everything else on the lower page. ASCII is the same on
 * both and never forces a switch. Returns runs; the caller selects the page before each run.
 */
export function encodeTcvn3Runs(text: string): Tcvn3RunsResult {
  const runs: { page: Tcvn3Page; bytes: number[] }[] = [];
  const bad: string[] = [];
  let columns = 0;
  for (const ch of text.normalize('NFC')) {
    const cp = ch.codePointAt(0) ?? -1;
    let page: Tcvn3Page | null = null;
    let b: number | undefined;
    if (isPrintableAscii(cp)) b = cp;
    else if ((b = TCVN3_UPPER_ENCODE.get(ch)) !== undefined) page = 'upper';
    else if ((b = TCVN3_ENCODE.get(ch)) !== undefined && b >= 0xa8) page = 'lower';
    else b = undefined;
    if (b === undefined) {
      if (!bad.includes(ch)) bad.push(ch);
      continue;
    }
    columns++;
    const last = runs[runs.length - 1];
    if (last && (page === null || last.page === page)) last.bytes.push(b);
    else runs.push({ page: page ?? 'lower', bytes: [b] });
  }
  if (bad.length > 0) return { ok: false, unencodable: bad };
  return { ok: true, runs: runs.map((r) => ({ page: r.page, bytes: Uint8Array.from(r.bytes) })), columns };
}

/** Decode VN3 bytes (lower page) or upper-page bytes; unknown bytes become U+FFFD. */
export function decodeTcvn3(bytes: ArrayLike<number>, page: Tcvn3Page = 'lower'): string {
  const table = page === 'lower' ? TCVN3_ENCODE : TCVN3_UPPER_ENCODE;
  const reverse = new Map<number, string>();
  for (const [ch, b] of table) if (!reverse.has(b)) reverse.set(b, ch);
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = (bytes[i] ?? 0) & 0xff;
    s += b < 0x80 ? String.fromCharCode(b) : (reverse.get(b) ?? '\ufffd');
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// The alphabet, for test pages and tests

export const VIETNAMESE_VOWELS = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'] as const;
/** Combining marks for the six tones: level (none), grave, acute, hook above, tilde, dot below. */
export const VIETNAMESE_TONES = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'] as const;

/** Every vowel with every tone (12 x 6 = 72), then đ; lower case, NFC. */
export function vietnameseLowerLetters(): string[] {
  const out: string[] = [];
  for (const v of VIETNAMESE_VOWELS) for (const t of VIETNAMESE_TONES) out.push((v + t).normalize('NFC'));
  out.push('đ');
  return out;
}
