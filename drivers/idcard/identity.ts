/**
 * The resident's identity assembled from what the kiosk has: the chip (DG1 MRZ, DG13 Vietnamese
 * personal data, DG2 face), the CCCD QR and a document reader's MRZ; and the cross-check that
 * refuses an identity whose sources disagree (ID, birth date, sex, and the ID's century/sex digit
 * against birth year and sex). Pure; nothing is logged.
 */
import type { Sex } from '../../common/sex';
import { parseDg1, parseDg13, parseDg2, type Dg13, type FaceImage } from './protocol/dg';
import type { ParsedMrz } from './protocol/mrz';
import { IdCardProtocolError } from './protocol/errors';

/** What the CCCD QR gives (structurally the scanner's CccdQr). */
export interface QrIdentity {
  personalId: string;
  legacyIdNumber?: string;
  fullName: string;
  birthDate: string; // yyyy-MM-dd
  sex: Sex;
  residence: string;
  issueDate: string; // yyyy-MM-dd
}

export interface IdCardIdentity {
  personalId?: string;
  fullName?: string;
  /** yyyy-MM-dd when known exactly, else as printed. */
  birthDate?: string;
  sex?: Sex;
  nationality?: string;
  /** Sensitive (Law on Personal Data Protection 91/2025/QH15). */
  ethnicity?: string;
  /** Sensitive (Law on Personal Data Protection 91/2025/QH15). */
  religion?: string;
  placeOfOrigin?: string;
  residence?: string;
  identifyingMarks?: string;
  issueDate?: string;
  /** yyyy-MM-dd, or 'none' for a card without expiry. */
  expiryDate?: string;
  fatherName?: string;
  motherName?: string;
  spouseName?: string;
  legacyIdNumber?: string;
  /** Sensitive: memory only, never written to disk. */
  face?: FaceImage;
  /** Which sources contributed. */
  sources: Array<'chip' | 'qr' | 'mrz'>;
}

export interface ChipData {
  dg1?: Uint8Array | undefined;
  dg2?: Uint8Array | undefined;
  dg13?: Uint8Array | undefined;
}

export interface ParsedChip {
  mrz?: ParsedMrz;
  dg13?: Dg13;
  face?: FaceImage;
  /** Files that did not parse (English, no personal data). */
  problems: string[];
}

/** Parses the chip files that are present; a file that does not parse is listed, not thrown. */
export function parseChip(data: ChipData): ParsedChip {
  const out: ParsedChip = { problems: [] };
  const attempt = (name: string, f: () => void): void => {
    try {
      f();
    } catch (e) {
      if (!(e instanceof IdCardProtocolError)) throw e;
      out.problems.push(`${name}: ${e.message}`);
    }
  };
  if (data.dg1) {
    attempt('DG1', () => {
      const dg1 = parseDg1(data.dg1 as Uint8Array);
      if (dg1.mrz.ok) out.mrz = dg1.mrz.mrz;
      else out.problems.push(`DG1: MRZ ${dg1.mrz.error.check} check failed`);
    });
  }
  if (data.dg13) attempt('DG13', () => (out.dg13 = parseDg13(data.dg13 as Uint8Array)));
  if (data.dg2) attempt('DG2', () => (out.face = parseDg2(data.dg2 as Uint8Array)));
  return out;
}

/** YYMMDD → yyyy-MM-dd for a birth date (a two-digit year after `now`'s is in the last century). */
export function birthFromYymmdd(yymmdd: string, now = new Date()): string | undefined {
  if (!/^\d{6}$/.test(yymmdd)) return undefined;
  const yy = Number(yymmdd.slice(0, 2));
  const cur = now.getUTCFullYear() % 100;
  const century = yy > cur ? 1900 : 2000;
  return `${century + yy}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
}

/** YYMMDD → yyyy-MM-dd for an expiry (always 20YY). */
export function expiryFromYymmdd(yymmdd: string | null): string | undefined {
  if (yymmdd === null) return 'none';
  if (!/^\d{6}$/.test(yymmdd)) return undefined;
  return `20${yymmdd.slice(0, 2)}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
}

function mrzName(m: ParsedMrz): string {
  return [m.surname, m.givenNames].filter((s) => s.length > 0).join(' ');
}

function mrzSex(m: ParsedMrz): Sex | undefined {
  return m.sex === 'M' ? 'male' : m.sex === 'F' ? 'female' : undefined;
}

/**
 * Merges the sources, chip first (DG13 has the name with diacritics), then QR, then MRZ.
 */
export function buildIdentity(input: { chip?: ParsedChip; qr?: QrIdentity; mrz?: ParsedMrz }): IdCardIdentity {
  const d = input.chip?.dg13;
  const chipMrz = input.chip?.mrz;
  const mrz = chipMrz ?? input.mrz;
  const qr = input.qr;
  const sources: IdCardIdentity['sources'] = [];
  if (input.chip && (d || chipMrz || input.chip.face)) sources.push('chip');
  if (qr) sources.push('qr');
  if (input.mrz) sources.push('mrz');
  const id: IdCardIdentity = { sources };
  const set = <K extends keyof IdCardIdentity>(k: K, ...values: Array<IdCardIdentity[K] | undefined>): void => {
    for (const v of values) {
      if (v !== undefined && v !== '') {
        id[k] = v;
        return;
      }
    }
  };
  set('personalId', d?.personalId, mrz?.vietnam?.personalId, qr?.personalId);
  set('fullName', d?.fullName, qr?.fullName, mrz ? mrzName(mrz) : undefined);
  set('birthDate', d?.birthDate?.iso, qr?.birthDate, mrz ? birthFromYymmdd(mrz.birthDate) : undefined, d?.birthDate?.text);
  set('sex', d?.sex?.code === 'M' ? 'male' : d?.sex?.code === 'F' ? 'female' : undefined, qr?.sex, mrz ? mrzSex(mrz) : undefined);
  set('nationality', d?.nationality);
  set('ethnicity', d?.ethnicity);
  set('religion', d?.religion);
  set('placeOfOrigin', d?.placeOfOrigin);
  set('residence', d?.permanentResidence, qr?.residence);
  set('identifyingMarks', d?.identifyingMarks);
  set('issueDate', d?.issueDate?.iso, qr?.issueDate, d?.issueDate?.text);
  set('expiryDate', d?.expiryDate?.noExpiry ? 'none' : d?.expiryDate?.iso, mrz ? expiryFromYymmdd(mrz.expiryDate) : undefined);
  set('fatherName', d?.fatherName);
  set('motherName', d?.motherName);
  set('spouseName', d?.spouseName);
  set('legacyIdNumber', d?.legacyIdNumber, qr?.legacyIdNumber);
  if (input.chip?.face) id.face = input.chip.face;
  return id;
}

export type CrossCheckField = 'personalId' | 'birthDate' | 'sex' | 'idDigits';

export interface CrossCheckProblem {
  field: CrossCheckField;
  /** The sources that disagree (never their values). */
  sources: string[];
  message: string;
}

/** The century/sex digit (4th) and year digits (5-6) of a 12-digit ID agree with birth year and sex. */
export function idDigitsAgree(personalId: string, birthYear: number, sex: Sex | undefined): boolean {
  if (!/^\d{12}$/.test(personalId)) return false;
  const digit = Number(personalId[3]);
  const century = 1900 + Math.floor(digit / 2) * 100;
  if (birthYear < century || birthYear > century + 99) return false;
  if (Number(personalId.slice(4, 6)) !== birthYear % 100) return false;
  if (sex !== undefined && (digit % 2 === 0 ? 'male' : 'female') !== sex) return false;
  return true;
}

/**
 * Compares every source present. Returns the problems (empty when everything agrees).
 * Sources: 'qr', 'mrz' (document reader), 'chip-dg1', 'chip-dg13'.
 */
export function crossCheck(input: { chip?: ParsedChip; qr?: QrIdentity; mrz?: ParsedMrz }): CrossCheckProblem[] {
  type View = { name: string; id?: string; docNumber?: string; birthIso?: string; birthYymmdd?: string; sex?: Sex };
  const views: View[] = [];
  const fromMrz = (name: string, m: ParsedMrz): View => {
    const v: View = { name, docNumber: m.documentNumber, birthYymmdd: m.birthDate };
    if (m.vietnam?.personalId) v.id = m.vietnam.personalId;
    const s = mrzSex(m);
    if (s) v.sex = s;
    return v;
  };
  if (input.qr) views.push({ name: 'qr', id: input.qr.personalId, birthIso: input.qr.birthDate, sex: input.qr.sex });
  if (input.mrz) views.push(fromMrz('mrz', input.mrz));
  if (input.chip?.mrz) views.push(fromMrz('chip-dg1', input.chip.mrz));
  const d = input.chip?.dg13;
  if (d) {
    const v: View = { name: 'chip-dg13' };
    if (d.personalId) v.id = d.personalId;
    if (d.birthDate?.iso) v.birthIso = d.birthDate.iso;
    if (d.sex?.code) v.sex = d.sex.code === 'M' ? 'male' : 'female';
    views.push(v);
  }
  const problems: CrossCheckProblem[] = [];
  const disagree = (field: CrossCheckField, key: (v: View) => string | undefined, message: string): void => {
    const withValue = views.map((v) => ({ name: v.name, value: key(v) })).filter((x) => x.value !== undefined);
    const first = withValue[0];
    if (first && withValue.some((x) => x.value !== first.value)) problems.push({ field, sources: withValue.map((x) => x.name), message });
  };
  // The 9-digit document number is the last 9 digits of the ID: compare on those.
  disagree('personalId', (v) => v.id?.slice(3) ?? v.docNumber, 'the ID number differs between the card sources');
  disagree('personalId', (v) => v.id, 'the ID number differs between the card sources');
  disagree(
    'birthDate',
    (v) => v.birthYymmdd ?? (v.birthIso ? `${v.birthIso.slice(2, 4)}${v.birthIso.slice(5, 7)}${v.birthIso.slice(8, 10)}` : undefined),
    'the birth date differs between the card sources',
  );
  disagree('birthDate', (v) => v.birthIso, 'the birth date differs between the card sources');
  disagree('sex', (v) => v.sex, 'the sex differs between the card sources');
  // Dedupe (the two ID and birth passes may both fire).
  const unique = problems.filter((p, i) => problems.findIndex((q) => q.field === p.field) === i);
  const year = views.find((v) => v.birthIso)?.birthIso?.slice(0, 4);
  const sex = views.find((v) => v.sex)?.sex;
  for (const v of views) {
    if (v.id && year && !idDigitsAgree(v.id, Number(year), sex)) {
      unique.push({ field: 'idDigits', sources: [v.name], message: 'the ID number does not match the birth year or sex' });
      break;
    }
  }
  return unique;
}
