/**
 * Where the BAC key comes from (ICAO 9303-11 §9.7: document number, birth date, expiry date),
 * in the kiosk's order:
 *
 *   1. the MRZ, when a document reader supplied it;
 *   2. the CCCD QR scanned in this session: document number = last 9 digits of the 12-digit ID,
 *      birth date from the QR, and the expiry DERIVED from birth and issue dates by the law's
 *      renewal ages, then neighbouring candidates;
 *   3. dates typed by the resident.
 *
 * Expiry rules (Law on Citizen Identification 2014 art. 21; Law on Identification 2023 art. 21,
 * in force 1 July 2024): a card must be renewed at ages 25, 40 and 60 (the 2023 law adds 14);
 * a card issued within 2 years before one of those ages stays valid until the next one; a card
 * issued at 58 or later does not expire. How the MRZ encodes "no expiry" is not confirmed, so
 * several encodings are tried (see {@link NO_EXPIRY_ENCODINGS}).
 *
 * Pure functions; nothing here is logged (the candidates are personal data).
 */
import { checkDigit } from './protocol/mrz';
import type { ParsedMrz } from './protocol/mrz';

export type KeySource = 'mrz' | 'qr' | 'dates';

export interface BacKeyCandidate {
  source: KeySource;
  /** Why this candidate (English, no personal data): 'mrz', 'derived expiry', 'day before', … */
  label: string;
  /** MRZ_information: doc(9) + cd + birth + cd + expiry + cd. Personal data: memory only. */
  mrzInformation: string;
}

/** Renewal ages by law. */
export const RENEWAL_AGES_2014 = [25, 40, 60] as const;
export const RENEWAL_AGES_2023 = [14, 25, 40, 60] as const;
/** The 2023 Law on Identification took effect on this day; cards issued from it follow its ages. */
export const LAW_2023_FROM = '2024-07-01';

/**
 * MRZ expiry fields tried for a card that does not expire, in order: fillers with check digit '<'
 * (9303-3 for an absent date), fillers with check digit '0' (the computed value), and 31 Dec 2099.
 */
export const NO_EXPIRY_ENCODINGS: ReadonlyArray<{ field: string; cd: string; label: string }> = [
  { field: '<<<<<<', cd: '<', label: 'no expiry: fillers, check digit <' },
  { field: '<<<<<<', cd: '0', label: 'no expiry: fillers, check digit 0' },
  { field: '991231', cd: checkDigit('991231'), label: 'no expiry: 991231' },
];

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function isoParts(iso: string): [number, number, number] | undefined {
  const m = ISO.exec(iso);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return undefined;
  return [y, mo, d];
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The date `years` after `dateIso` (29 Feb → 28 Feb in a non-leap year). */
export function addYears(dateIso: string, years: number): string {
  const p = isoParts(dateIso);
  if (!p) throw new RangeError('not a yyyy-MM-dd date');
  const [y, m, d] = p;
  const ty = y + years;
  const dim = new Date(Date.UTC(ty, m, 0)).getUTCDate();
  return iso(ty, m, Math.min(d, dim));
}

export function addDays(dateIso: string, days: number): string {
  const p = isoParts(dateIso);
  if (!p) throw new RangeError('not a yyyy-MM-dd date');
  const t = new Date(Date.UTC(p[0], p[1] - 1, p[2]) + days * 86_400_000);
  return iso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** yyyy-MM-dd → YYMMDD. */
export function toYymmdd(dateIso: string): string {
  return `${dateIso.slice(2, 4)}${dateIso.slice(5, 7)}${dateIso.slice(8, 10)}`;
}

export type DerivedExpiry = { kind: 'date'; iso: string; age: number } | { kind: 'none' };

/**
 * The expiry the law gives a card issued on `issueIso` to a person born on `birthIso`:
 * the birthday at the first renewal age that is more than 2 years after the issue date, or no
 * expiry when there is none (issued at 58 or later). `ages` defaults to the law in force on the
 * issue date.
 */
export function deriveExpiry(birthIso: string, issueIso: string, ages?: readonly number[]): DerivedExpiry {
  if (!isoParts(birthIso) || !isoParts(issueIso)) throw new RangeError('not a yyyy-MM-dd date');
  const list = ages ?? (issueIso >= LAW_2023_FROM ? RENEWAL_AGES_2023 : RENEWAL_AGES_2014);
  for (const age of list) {
    const renewal = addYears(birthIso, age);
    if (issueIso >= renewal) continue; // that age is already behind
    if (issueIso >= addYears(renewal, -2)) continue; // issued within 2 years before: valid until the next age
    return { kind: 'date', iso: renewal, age };
  }
  return { kind: 'none' };
}

/** MRZ_information with raw expiry field and check digit (allows the no-expiry fillers). */
export function mrzInformation(documentNumber: string, birthYymmdd: string, expiryField: string, expiryCd?: string): string {
  const doc = documentNumber.toUpperCase().padEnd(9, '<');
  if (!/^[A-Z0-9<]{9,}$/.test(doc)) throw new RangeError('document number must be A-Z 0-9');
  if (!/^\d{6}$/.test(birthYymmdd)) throw new RangeError('birth date must be YYMMDD');
  if (!/^[0-9<]{6}$/.test(expiryField)) throw new RangeError('expiry must be YYMMDD or fillers');
  return doc + checkDigit(doc) + birthYymmdd + checkDigit(birthYymmdd) + expiryField + (expiryCd ?? checkDigit(expiryField));
}

/** The 9-digit document number of a 12-digit personal ID (its last 9 digits). */
export function documentNumberFromId(personalId: string): string {
  if (!/^\d{12}$/.test(personalId)) throw new RangeError('personal ID must be 12 digits');
  return personalId.slice(3);
}

function push(out: BacKeyCandidate[], c: BacKeyCandidate): void {
  if (!out.some((o) => o.mrzInformation === c.mrzInformation)) out.push(c);
}

/** Candidates from a parsed MRZ (the printed fields exactly as they are). */
export function candidatesFromMrz(mrz: ParsedMrz): BacKeyCandidate[] {
  const doc = mrz.documentNumber;
  const expiry = mrz.expiryDate ?? '<<<<<<';
  const info = doc.padEnd(9, '<') + mrz.documentNumberCheckDigit + mrz.birthDate + mrz.birthDateCheckDigit + expiry + mrz.expiryDateCheckDigit;
  return [{ source: 'mrz', label: 'mrz', mrzInformation: info }];
}

function noExpiryCandidates(out: BacKeyCandidate[], source: KeySource, doc: string, birth: string, prefix: string): void {
  for (const e of NO_EXPIRY_ENCODINGS) push(out, { source, label: `${prefix}${e.label}`, mrzInformation: mrzInformation(doc, birth, e.field, e.cd) });
}

/**
 * Candidates from the CCCD QR (12-digit ID, birth and issue dates as yyyy-MM-dd), most likely
 * first: the derived expiry, the day before it, the other law's ages, the neighbouring renewal
 * ages, and the no-expiry encodings when the card may not expire. At most `limit` (default 8).
 */
export function candidatesFromQr(qr: { personalId: string; birthDate: string; issueDate: string }, limit = 8): BacKeyCandidate[] {
  const doc = documentNumberFromId(qr.personalId);
  const birth = toYymmdd(qr.birthDate);
  const out: BacKeyCandidate[] = [];
  const dated = (d: string, label: string): void => {
    if (d.slice(0, 4) > '2099') return; // beyond what YYMMDD can carry in this century window
    push(out, { source: 'qr', label, mrzInformation: mrzInformation(doc, birth, toYymmdd(d)) });
  };
  const primary = deriveExpiry(qr.birthDate, qr.issueDate);
  const otherLaw = deriveExpiry(qr.birthDate, qr.issueDate, qr.issueDate >= LAW_2023_FROM ? RENEWAL_AGES_2014 : RENEWAL_AGES_2023);
  const ages = qr.issueDate >= LAW_2023_FROM ? RENEWAL_AGES_2023 : RENEWAL_AGES_2014;
  if (primary.kind === 'date') {
    dated(primary.iso, 'derived expiry');
    dated(addDays(primary.iso, -1), 'derived expiry, day before');
    if (otherLaw.kind === 'date') dated(otherLaw.iso, 'derived expiry, other law');
    // The 2-year rule read the other way round: the neighbouring renewal ages.
    const i = ages.indexOf(primary.age as never);
    const prev = ages[i - 1];
    const next = ages[i + 1];
    if (prev !== undefined) dated(addYears(qr.birthDate, prev), 'previous renewal age');
    if (next !== undefined) dated(addYears(qr.birthDate, next), 'next renewal age');
    else noExpiryCandidates(out, 'qr', doc, birth, 'next: ');
    // 29 February births: the other way of moving the birthday.
    if (qr.birthDate.slice(5) === '02-29') dated(addDays(primary.iso, 1), 'derived expiry, 1 March');
  } else {
    noExpiryCandidates(out, 'qr', doc, birth, '');
    dated(addYears(qr.birthDate, 60), 'age 60');
  }
  return out.slice(0, limit);
}

/**
 * Candidates from what the resident typed: the ID (12 digits) or the 9-digit document number,
 * the birth date, and the expiry (yyyy-MM-dd) or 'none' for a card without expiry.
 */
export function candidatesFromDates(input: {
  personalId?: string;
  documentNumber?: string;
  birthDate: string;
  expiryDate: string | 'none';
}): BacKeyCandidate[] {
  const doc = input.documentNumber ?? (input.personalId ? documentNumberFromId(input.personalId) : undefined);
  if (!doc) throw new RangeError('a personal ID or document number is needed');
  if (!isoParts(input.birthDate)) throw new RangeError('birth date must be yyyy-MM-dd');
  const birth = toYymmdd(input.birthDate);
  const out: BacKeyCandidate[] = [];
  if (input.expiryDate === 'none') noExpiryCandidates(out, 'dates', doc, birth, '');
  else {
    if (!isoParts(input.expiryDate)) throw new RangeError('expiry date must be yyyy-MM-dd');
    push(out, { source: 'dates', label: 'typed dates', mrzInformation: mrzInformation(doc, birth, toYymmdd(input.expiryDate)) });
  }
  return out;
}
