/**
 * Machine readable zone (ICAO 9303 parts 3, 4, 5, 6): check digits, TD1 (3×30, ID cards such as
 * the CCCD), TD2 (2×36) and TD3 (2×44, passports), and the BAC key seed input (9303-11 §9.7.2).
 * Parsing never throws: it returns `{ ok: false, error }` with a {@link MrzError} naming the check.
 * Error messages never quote the MRZ.
 */
import { MrzError, type MrzCheck } from './errors';

const MRZ_CHARS = /^[A-Z0-9<]*$/;
const WEIGHTS = [7, 3, 1] as const;

/** Value of one MRZ character for check digits, or -1 when it is not an MRZ character. */
function charValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 65 && code <= 90) return code - 55; // A-Z = 10-35
  if (c === '<') return 0;
  return -1;
}

/** The ICAO 9303-3 check digit (weights 7, 3, 1) of `data`, as a character '0'-'9'. */
export function checkDigit(data: string): string {
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const v = charValue(data[i] as string);
    if (v < 0) throw new MrzError('charset', 'character outside A-Z 0-9 <');
    sum += v * (WEIGHTS[i % 3] as number);
  }
  return String(sum % 10);
}

export type MrzFormat = 'TD1' | 'TD2' | 'TD3';
export type MrzSex = 'M' | 'F' | 'X';

export interface ParsedMrz {
  format: MrzFormat;
  /** Document code with fillers removed: 'ID', 'I', 'P', … */
  documentCode: string;
  issuingState: string;
  /** The whole document number, fillers removed (for long numbers: including the continuation). */
  documentNumber: string;
  documentNumberCheckDigit: string;
  /** YYMMDD; unknown parts are '<<' as printed. */
  birthDate: string;
  birthDateCheckDigit: string;
  sex: MrzSex;
  /** YYMMDD, or null when the document has no expiry (all fillers). */
  expiryDate: string | null;
  expiryDateCheckDigit: string;
  nationality: string;
  /** Optional data with trailing fillers removed (TD1: line 1 after the document number; TD2/TD3: line 2). */
  optionalData: string;
  /** TD1 only: optional data of line 2. */
  optionalData2?: string;
  surname: string;
  givenNames: string;
  /** The input lines, normalised (upper case, no spaces). */
  lines: string[];
  /** Vietnamese CCCD rules (issuing state VNM, TD1). */
  vietnam?: {
    /** The full 12-digit personal ID from the optional data. */
    personalId: string;
    /**
     * The digit after `<<` at the end of line 1, compared with the check digit of the 12-digit ID.
     * undefined when absent. Not treated as an error: its meaning on real cards is not confirmed.
     */
    personalIdCheckDigitOk?: boolean;
  };
}

export type MrzResult = { ok: true; mrz: ParsedMrz } | { ok: false; error: MrzError };

function fail(check: MrzCheck, message: string): MrzResult {
  return { ok: false, error: new MrzError(check, message) };
}

/** Splits input into MRZ lines: accepts an array, newline-separated text, or one concatenated string. */
export function normaliseMrzLines(input: string | readonly string[]): string[] | undefined {
  const raw = typeof input === 'string' ? input.split(/\r?\n|\r/) : [...input];
  const lines = raw.map((l) => l.replace(/[ \t]/g, '').toUpperCase()).filter((l) => l.length > 0);
  if (lines.length === 1) {
    const one = lines[0] as string;
    if (one.length === 90) return [one.slice(0, 30), one.slice(30, 60), one.slice(60, 90)];
    if (one.length === 88) return [one.slice(0, 44), one.slice(44, 88)];
    if (one.length === 72) return [one.slice(0, 36), one.slice(36, 72)];
    return undefined;
  }
  return lines;
}

function strip(s: string): string {
  return s.replace(/<+$/, '');
}

function parseNames(field: string): { surname: string; givenNames: string } {
  const f = strip(field);
  const i = f.indexOf('<<');
  const surname = (i < 0 ? f : f.slice(0, i)).replace(/<+/g, ' ').trim();
  const givenNames =
    i < 0
      ? ''
      : f
          .slice(i + 2)
          .replace(/<+/g, ' ')
          .trim();
  return { surname, givenNames };
}

const DATE_PART = /^(\d\d|<<)$/;

function validDate(d: string, allowUnknown: boolean): boolean {
  if (d.length !== 6) return false;
  const parts = [d.slice(0, 2), d.slice(2, 4), d.slice(4, 6)];
  if (!parts.every((p) => DATE_PART.test(p))) return false;
  if (!allowUnknown && parts.some((p) => p === '<<')) return false;
  const mm = parts[1] as string;
  const dd = parts[2] as string;
  if (mm !== '<<' && (Number(mm) < 1 || Number(mm) > 12)) return false;
  if (dd !== '<<' && (Number(dd) < 1 || Number(dd) > 31)) return false;
  return true;
}

/** A check digit character matches `data` ('<' counts as 0 only where 9303 allows a filler). */
function digitOk(data: string, cd: string, fillerAllowed = false): boolean {
  const expected = checkDigit(data);
  if (cd === expected) return true;
  return fillerAllowed && cd === '<' && expected === '0';
}

function parseSex(c: string): MrzSex | undefined {
  if (c === 'M' || c === 'F') return c;
  if (c === '<' || c === 'X') return 'X';
  return undefined;
}

interface CommonFields {
  docField: string; // 9 characters
  docCd: string;
  optionalForLongNumber: string; // where a long number continues
  birth: string;
  birthCd: string;
  sexChar: string;
  expiry: string;
  expiryCd: string;
}

/**
 * Document number per 9303-5 / 9303-6: when the check-digit position holds '<', the number is
 * longer than 9 characters and continues in the optional data, followed by its check digit.
 */
function documentNumber(f: CommonFields): { number: string; cd: string; consumed: number } | MrzError {
  if (f.docCd !== '<') {
    if (!digitOk(f.docField, f.docCd)) return new MrzError('documentNumber', 'document number check digit is wrong');
    return { number: strip(f.docField), cd: f.docCd, consumed: 0 };
  }
  const run = /^[A-Z0-9]+/.exec(f.optionalForLongNumber)?.[0];
  if (!run || run.length < 2) return new MrzError('documentNumber', 'long document number without continuation');
  const full = f.docField + run.slice(0, -1);
  const cd = run.slice(-1);
  if (!/^\d$/.test(cd) || !digitOk(full, cd)) return new MrzError('documentNumber', 'document number check digit is wrong');
  return { number: full, cd, consumed: run.length };
}

function checkDates(f: CommonFields): MrzError | { expiry: string | null } {
  if (!validDate(f.birth, true)) return new MrzError('birthDate', 'birth date is not a date');
  if (!digitOk(f.birth, f.birthCd)) return new MrzError('birthDate', 'birth date check digit is wrong');
  if (f.expiry === '<<<<<<') {
    if (!digitOk(f.expiry, f.expiryCd, true)) return new MrzError('expiryDate', 'expiry check digit is wrong');
    return { expiry: null };
  }
  if (!validDate(f.expiry, false)) return new MrzError('expiryDate', 'expiry date is not a date');
  if (!digitOk(f.expiry, f.expiryCd)) return new MrzError('expiryDate', 'expiry check digit is wrong');
  return { expiry: f.expiry };
}

function parseTd1(lines: string[]): MrzResult {
  const [l1, l2, l3] = lines as [string, string, string];
  const f: CommonFields = {
    docField: l1.slice(5, 14),
    docCd: l1.slice(14, 15),
    optionalForLongNumber: l1.slice(15, 30),
    birth: l2.slice(0, 6),
    birthCd: l2.slice(6, 7),
    sexChar: l2.slice(7, 8),
    expiry: l2.slice(8, 14),
    expiryCd: l2.slice(14, 15),
  };
  const doc = documentNumber(f);
  if (doc instanceof MrzError) return { ok: false, error: doc };
  const dates = checkDates(f);
  if (dates instanceof MrzError) return { ok: false, error: dates };
  const sex = parseSex(f.sexChar);
  if (!sex) return fail('format', 'sex is not M, F or <');
  const composite = l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29);
  if (!digitOk(composite, l2.slice(29, 30))) return fail('composite', 'composite check digit is wrong');

  const optionalData = strip(l1.slice(15 + doc.consumed, 30));
  const mrz: ParsedMrz = {
    format: 'TD1',
    documentCode: strip(l1.slice(0, 2)),
    issuingState: strip(l1.slice(2, 5)),
    documentNumber: doc.number,
    documentNumberCheckDigit: doc.cd,
    birthDate: f.birth,
    birthDateCheckDigit: f.birthCd,
    sex,
    expiryDate: dates.expiry,
    expiryDateCheckDigit: f.expiryCd,
    nationality: strip(l2.slice(15, 18)),
    optionalData,
    optionalData2: strip(l2.slice(18, 29)),
    ...parseNames(l3),
    lines,
  };
  if (mrz.issuingState === 'VNM') {
    const vn = vietnamRules(mrz, l1);
    if (vn instanceof MrzError) return { ok: false, error: vn };
    if (vn) mrz.vietnam = vn;
  }
  return { ok: true, mrz };
}

/**
 * CCCD (DOMAIN.md): document number = last 9 digits of the 12-digit ID; the ID is at the start of
 * the optional data (line 1, 16-27), then `<<` and a digit. Returns undefined when the optional data
 * holds no 12-digit ID (older or other documents), an error when the ID contradicts the number.
 */
function vietnamRules(mrz: ParsedMrz, l1: string): ParsedMrz['vietnam'] | MrzError | undefined {
  const opt = l1.slice(15, 30);
  const m = /^(\d{12})/.exec(opt);
  if (!m) return undefined;
  const personalId = m[1] as string;
  if (personalId.slice(3) !== mrz.documentNumber) {
    return new MrzError('personalId', 'the 12-digit ID does not end with the document number');
  }
  const tail = opt.slice(12);
  const out: NonNullable<ParsedMrz['vietnam']> = { personalId };
  const cd = /^<*(\d)$/.exec(tail)?.[1];
  if (cd !== undefined) out.personalIdCheckDigitOk = cd === checkDigit(personalId);
  return out;
}

/** TD2 and TD3 share line 2 up to the optional data. */
function parseTd2or3(lines: string[], format: 'TD2' | 'TD3'): MrzResult {
  const [l1, l2] = lines as [string, string];
  const len = format === 'TD3' ? 44 : 36;
  const f: CommonFields = {
    docField: l2.slice(0, 9),
    docCd: l2.slice(9, 10),
    optionalForLongNumber: l2.slice(28, len - 1),
    birth: l2.slice(13, 19),
    birthCd: l2.slice(19, 20),
    sexChar: l2.slice(20, 21),
    expiry: l2.slice(21, 27),
    expiryCd: l2.slice(27, 28),
  };
  // TD3 has no long-number rule (the field after the expiry is the personal number).
  const doc: ReturnType<typeof documentNumber> =
    format === 'TD3'
      ? digitOk(f.docField, f.docCd)
        ? { number: strip(f.docField), cd: f.docCd, consumed: 0 }
        : new MrzError('documentNumber', 'document number check digit is wrong')
      : documentNumber(f);
  if (doc instanceof MrzError) return { ok: false, error: doc };
  const dates = checkDates(f);
  if (dates instanceof MrzError) return { ok: false, error: dates };
  const sex = parseSex(f.sexChar);
  if (!sex) return fail('format', 'sex is not M, F or <');
  let optionalData: string;
  if (format === 'TD3') {
    const personal = l2.slice(28, 42);
    if (!digitOk(personal, l2.slice(42, 43), true)) return fail('personalNumber', 'personal number check digit is wrong');
    optionalData = strip(personal);
    const composite = l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 43);
    if (!digitOk(composite, l2.slice(43, 44))) return fail('composite', 'composite check digit is wrong');
  } else {
    optionalData = strip(l2.slice(28 + doc.consumed, 35));
    const composite = l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 35);
    if (!digitOk(composite, l2.slice(35, 36))) return fail('composite', 'composite check digit is wrong');
  }
  return {
    ok: true,
    mrz: {
      format,
      documentCode: strip(l1.slice(0, 2)),
      issuingState: strip(l1.slice(2, 5)),
      documentNumber: doc.number,
      documentNumberCheckDigit: doc.cd,
      birthDate: f.birth,
      birthDateCheckDigit: f.birthCd,
      sex,
      expiryDate: dates.expiry,
      expiryDateCheckDigit: f.expiryCd,
      nationality: strip(l2.slice(10, 13)),
      optionalData,
      ...parseNames(l1.slice(5)),
      lines,
    },
  };
}

/** Parses a TD1, TD2 or TD3 MRZ, verifying every check digit. Never throws. */
export function parseMrz(input: string | readonly string[]): MrzResult {
  if (typeof input !== 'string' && !Array.isArray(input)) return fail('format', 'MRZ must be text');
  let lines: string[] | undefined;
  try {
    lines = normaliseMrzLines(input);
  } catch {
    return fail('format', 'MRZ must be text');
  }
  if (!lines) return fail('format', 'not an MRZ of 2×36, 2×44 or 3×30 characters');
  if (!lines.every((l) => MRZ_CHARS.test(l))) return fail('charset', 'character outside A-Z 0-9 <');
  const lens = lines.map((l) => l.length).join(',');
  if (lens === '30,30,30') return parseTd1(lines);
  if (lens === '44,44') return parseTd2or3(lines, 'TD3');
  if (lens === '36,36') return parseTd2or3(lines, 'TD2');
  return fail('format', 'not an MRZ of 2×36, 2×44 or 3×30 characters');
}

// ---------------------------------------------------------------------------------------------
// BAC key seed input (ICAO 9303-11 §9.7.2.1): document number + check digit + birth date +
// check digit + expiry date + check digit.

/**
 * MRZ_information from the three fields. A document number shorter than 9 characters is padded
 * with '<' to 9; a longer one (9303-5 long numbers) is used whole. Dates are YYMMDD.
 */
export function mrzInfo(documentNumber: string, birthYYMMDD: string, expiryYYMMDD: string): string {
  const doc = documentNumber.toUpperCase().replace(/\s/g, '');
  if (doc.length === 0 || !/^[A-Z0-9<]+$/.test(doc)) throw new MrzError('documentNumber', 'document number must be A-Z 0-9');
  if (!/^\d{6}$/.test(birthYYMMDD) || !validDate(birthYYMMDD, false)) throw new MrzError('birthDate', 'birth date must be YYMMDD');
  if (!/^\d{6}$/.test(expiryYYMMDD) || !validDate(expiryYYMMDD, false)) throw new MrzError('expiryDate', 'expiry must be YYMMDD');
  const d = doc.padEnd(9, '<');
  return d + checkDigit(d) + birthYYMMDD + checkDigit(birthYYMMDD) + expiryYYMMDD + checkDigit(expiryYYMMDD);
}

/** MRZ_information from a parsed MRZ (uses the printed fields and check digits as they are). */
export function bacKeyFromMrz(mrz: ParsedMrz): string {
  const doc = mrz.documentNumber.padEnd(9, '<');
  const expiry = mrz.expiryDate ?? '<<<<<<';
  return doc + mrz.documentNumberCheckDigit + mrz.birthDate + mrz.birthDateCheckDigit + expiry + mrz.expiryDateCheckDigit;
}
