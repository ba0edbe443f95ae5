/**
 * Text integrity for scanned payloads. Pure: no Node imports (wedge and camera text the UI sends
 * with `scan.submit` goes through {@link checkText} in main).
 *
 * - Bytes are decoded as strict UTF-8 (a BOM is dropped) and normalised to NFC.
 * - Mojibake: UTF-8 bytes that something decoded as Latin-1 or Windows-1252 (keyboard-wedge
 *   scanners and badly configured serial bridges do this) turn "Nguyễn" into "Nguyá»…n".
 *   {@link checkText} notices the tell-tale sequences (a lead character À..ô followed by
 *   characters standing for bytes 0x80..0xBF), maps every character back to its single byte
 *   (Windows-1252 for € ‚ ƒ … Ÿ, Latin-1 otherwise, so C1 controls count as their byte) and
 *   decodes the bytes as strict UTF-8. The repair is accepted only when it decodes, the result
 *   has Vietnamese letters and fewer suspicious sequences than the input; text garbled twice is
 *   repaired in up to two rounds. Otherwise the text is rejected with a reason.
 * - Control characters other than TAB, CR, LF and the ISO 15434 / GS1 separators (EOT, FS, GS,
 *   RS) are rejected.
 */

export type TextRejection = 'empty' | 'too-long' | 'invalid-utf8' | 'mojibake-unrepairable' | 'control-characters';

export type TextResult =
  | { ok: true; text: string; repaired: false }
  | { ok: true; text: string; repaired: true; rounds: number }
  | { ok: false; reason: TextRejection; detail: string };

export interface TextOptions {
  /** Longest text accepted, in UTF-16 code units after decoding. Default 4096. */
  maxLength?: number;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Windows-1252 bytes 0x80..0x9F that differ from Latin-1 (undefined ones stay C1 controls). */
const CP1252_HIGH: Readonly<Record<number, number>> = {
  0x80: 0x20ac,
  0x82: 0x201a,
  0x83: 0x0192,
  0x84: 0x201e,
  0x85: 0x2026,
  0x86: 0x2020,
  0x87: 0x2021,
  0x88: 0x02c6,
  0x89: 0x2030,
  0x8a: 0x0160,
  0x8b: 0x2039,
  0x8c: 0x0152,
  0x8e: 0x017d,
  0x91: 0x2018,
  0x92: 0x2019,
  0x93: 0x201c,
  0x94: 0x201d,
  0x95: 0x2022,
  0x96: 0x2013,
  0x97: 0x2014,
  0x98: 0x02dc,
  0x99: 0x2122,
  0x9a: 0x0161,
  0x9b: 0x203a,
  0x9c: 0x0153,
  0x9e: 0x017e,
  0x9f: 0x0178,
};
/** Code point -> byte for the characters a Latin-1/Windows-1252 decoder can produce. */
const TO_BYTE = new Map<number, number>();
for (let b = 0; b < 0x100; b++) TO_BYTE.set(b, b);
for (const [b, cp] of Object.entries(CP1252_HIGH)) TO_BYTE.set(cp, Number(b));

/** Decodes bytes the way a Windows-1252 reader does (undefined bytes become C1 controls). For tests and the simulator. */
export function decodeCp1252(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(CP1252_HIGH[b] ?? b);
  return s;
}

const VIETNAMESE_LETTERS = (() => {
  const bases = 'aăâeêioôơuưy';
  const tones = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
  const set = new Set<string>(['đ', 'Đ']);
  for (const base of bases) {
    for (const tone of tones) {
      const lower = (base + tone).normalize('NFC');
      if (lower === base && 'aeiouy'.includes(base)) continue; // plain Latin letters do not count
      set.add(lower);
      set.add(lower.toUpperCase());
    }
  }
  return set;
})();

/** Whether `text` has at least one letter with a Vietnamese diacritic (ă â đ ê ô ơ ư or a tone mark). */
export function hasVietnameseLetters(text: string): boolean {
  for (const ch of text.normalize('NFC')) if (VIETNAMESE_LETTERS.has(ch)) return true;
  return false;
}

function isContinuationChar(cp: number): boolean {
  const b = TO_BYTE.get(cp);
  return b !== undefined && b >= 0x80 && b <= 0xbf;
}

/** Counts sequences typical of UTF-8 read as Latin-1/Windows-1252: a lead char (Â..ô) followed by continuation chars. */
export function countSuspiciousSequences(text: string): number {
  let n = 0;
  const cps = Array.from(text, (c) => c.codePointAt(0)!);
  for (let i = 0; i < cps.length - 1; i++) {
    const cp = cps[i]!;
    if (cp >= 0xc2 && cp <= 0xf4 && isContinuationChar(cps[i + 1]!)) n++;
  }
  return n;
}

function toSingleBytes(text: string): Uint8Array | null {
  const out = new Uint8Array(text.length);
  let i = 0;
  for (const ch of text) {
    const b = TO_BYTE.get(ch.codePointAt(0)!);
    if (b === undefined) return null;
    out[i++] = b;
  }
  return out.subarray(0, i);
}

const BAD_CONTROL = /[\u0000-\u0003\u0005-\u0008\u000B\u000C\u000E-\u001B\u001F\u007F-\u009F]/u;

/** Checks (and, when unambiguous, repairs) a decoded string. Never throws. */
export function checkText(input: string, options: TextOptions = {}): TextResult {
  if (typeof input !== 'string') return { ok: false, reason: 'empty', detail: 'not a string' };
  const max = options.maxLength ?? 4096;
  if (input.length > max) return { ok: false, reason: 'too-long', detail: `${input.length} characters, at most ${max}` };
  let text = input.normalize('NFC');
  if (text.length === 0) return { ok: false, reason: 'empty', detail: 'no text' };
  let rounds = 0;
  for (;;) {
    const suspicious = countSuspiciousSequences(text);
    if (suspicious === 0) break;
    const bytes = toSingleBytes(text);
    if (!bytes) {
      if (rounds > 0) break;
      return { ok: false, reason: 'mojibake-unrepairable', detail: 'garbled sequences mixed with characters outside Windows-1252' };
    }
    let repaired: string;
    try {
      repaired = UTF8.decode(bytes).normalize('NFC');
    } catch {
      if (rounds > 0) break;
      return { ok: false, reason: 'mojibake-unrepairable', detail: 'garbled sequences that do not re-decode as UTF-8' };
    }
    const improves = countSuspiciousSequences(repaired) < suspicious && hasVietnameseLetters(repaired);
    if (!improves) {
      if (rounds > 0) break;
      return { ok: false, reason: 'mojibake-unrepairable', detail: 'garbled sequences; the repair does not give Vietnamese text' };
    }
    text = repaired;
    rounds++;
    if (rounds >= 2) break;
  }
  if (BAD_CONTROL.test(text)) return { ok: false, reason: 'control-characters', detail: 'text contains control characters' };
  if (text.trim().length === 0) return { ok: false, reason: 'empty', detail: 'only white space' };
  return rounds > 0 ? { ok: true, text, repaired: true, rounds } : { ok: true, text, repaired: false };
}

/** Decodes payload bytes (strict UTF-8, BOM dropped), then {@link checkText}. Never throws. */
export function decodeScanBytes(bytes: Uint8Array, options: TextOptions = {}): TextResult {
  if (!(bytes instanceof Uint8Array)) return { ok: false, reason: 'empty', detail: 'not a byte array' };
  if (bytes.length === 0) return { ok: false, reason: 'empty', detail: 'no bytes' };
  const max = options.maxLength ?? 4096;
  if (bytes.length > max * 4) return { ok: false, reason: 'too-long', detail: `${bytes.length} bytes` };
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return { ok: false, reason: 'invalid-utf8', detail: describeInvalidUtf8(bytes) };
  }
  return checkText(text, options);
}

function describeInvalidUtf8(bytes: Uint8Array): string {
  // The first offending offset, for the log (a position and a byte value, no content).
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let i = 0; i < bytes.length; i++) {
    try {
      decoder.decode(bytes.subarray(i, i + 1), { stream: true });
    } catch {
      return `invalid UTF-8 at byte ${i} (0x${bytes[i]!.toString(16).padStart(2, '0')})`;
    }
  }
  return 'truncated UTF-8 sequence at the end';
}
