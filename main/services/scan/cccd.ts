/**
 * The CCCD / thẻ căn cước QR (DOMAIN.md): `|`-separated, UTF-8,
 * `<12-digit ID>|<old CMND or empty>|<full name>|<birth ddMMyyyy>|<Nam|Nữ>|<address>|<issue ddMMyyyy>[|extra...]`.
 * 7 or more fields (extras ignored); 6-field layouts without the old-ID field are rejected.
 * The 12-digit ID is checked against the birth date and sex: digits 1-3 province code
 * (001..096), digit 4 century and sex (0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s,
 * 6/7 = 2200s, 8/9 = 2300s), digits 5-6 the last two digits of the birth year.
 * Never throws.
 */
import { sexFromLabelVi, type Sex } from '../../../common/sex';

export interface CccdQr {
  personalId: string;
  legacyIdNumber?: string;
  /** NFC, single spaces. */
  fullName: string;
  /** yyyy-MM-dd */
  birthDate: string;
  sex: Sex;
  residence: string;
  /** yyyy-MM-dd */
  issueDate: string;
  /** Fields after the seventh, ignored but counted. */
  extraFields: number;
}

export type CccdRejection =
  | 'too-few-fields'
  | 'bad-personal-id'
  | 'bad-legacy-id'
  | 'bad-name'
  | 'bad-birth-date'
  | 'bad-sex'
  | 'bad-residence'
  | 'bad-issue-date'
  | 'id-birth-mismatch'
  | 'id-sex-mismatch'
  | 'issue-before-birth';

export type CccdResult = { ok: true; value: CccdQr } | { ok: false; reason: CccdRejection; detail: string };

/** Does the text look like it was meant to be a CCCD QR (so a failure is worth a specific message)? */
export function looksLikeCccd(text: string): boolean {
  return typeof text === 'string' && /^\s*\d{9,12}\s*\|/.test(text) && text.includes('|', text.indexOf('|') + 1);
}

/** ddMMyyyy -> yyyy-MM-dd when it is a real calendar date in 1900..2399, else null. */
export function parseDdMmYyyy(s: string): string | null {
  const m = /^(\d{2})(\d{2})(\d{4})$/.exec(s);
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  if (year < 1900 || year > 2399 || month < 1 || month > 12 || day < 1) return null;
  const dim = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > dim) return null;
  return `${m[3]}-${m[2]}-${m[1]}`;
}

const NAME = /^[\p{L}\p{M}]+(?:[ '\-.][\p{L}\p{M}]+)*$/u;

export function parseCccdQr(input: string): CccdResult {
  if (typeof input !== 'string' || input.length > 2048) return { ok: false, reason: 'too-few-fields', detail: 'not a CCCD QR' };
  const fields = input
    .normalize('NFC')
    .replace(/[\r\n]+$/, '')
    .split('|');
  if (fields.length < 7) return { ok: false, reason: 'too-few-fields', detail: `${fields.length} fields, at least 7 expected` };
  const [idRaw, legacyRaw, nameRaw, birthRaw, sexRaw, residenceRaw, issueRaw] = fields.map((f) => f.trim()) as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];

  if (!/^\d{12}$/.test(idRaw)) return { ok: false, reason: 'bad-personal-id', detail: 'personal ID is not 12 digits' };
  const province = Number(idRaw.slice(0, 3));
  if (province < 1 || province > 96) return { ok: false, reason: 'bad-personal-id', detail: 'province code is not 001..096' };
  if (legacyRaw !== '' && !/^(\d{9}|\d{12})$/.test(legacyRaw)) {
    return { ok: false, reason: 'bad-legacy-id', detail: 'old ID is neither empty nor 9 (or 12) digits' };
  }
  const fullName = nameRaw.replace(/\s+/g, ' ');
  if (fullName.length === 0 || fullName.length > 100 || !NAME.test(fullName))
    return { ok: false, reason: 'bad-name', detail: 'full name is empty or has characters other than letters' };
  const birthDate = parseDdMmYyyy(birthRaw);
  if (!birthDate) return { ok: false, reason: 'bad-birth-date', detail: 'birth date is not a real ddMMyyyy date' };
  const sex = sexFromLabelVi(sexRaw);
  if (!sex) return { ok: false, reason: 'bad-sex', detail: 'sex is neither Nam nor Nữ' };
  const residence = residenceRaw.replace(/\s+/g, ' ');
  if (residence.length === 0 || residence.length > 300) return { ok: false, reason: 'bad-residence', detail: 'residence is empty or too long' };
  const issueDate = parseDdMmYyyy(issueRaw);
  if (!issueDate) return { ok: false, reason: 'bad-issue-date', detail: 'issue date is not a real ddMMyyyy date' };
  if (issueDate < birthDate) return { ok: false, reason: 'issue-before-birth', detail: 'issue date is before the birth date' };

  const centuryDigit = Number(idRaw[3]);
  const century = 1900 + Math.floor(centuryDigit / 2) * 100;
  const year = Number(birthDate.slice(0, 4));
  if (year < century || year > century + 99 || Number(idRaw.slice(4, 6)) !== year % 100) {
    return { ok: false, reason: 'id-birth-mismatch', detail: 'personal ID does not match the birth year' };
  }
  if ((centuryDigit % 2 === 0 ? 'male' : 'female') !== sex) {
    return { ok: false, reason: 'id-sex-mismatch', detail: 'personal ID does not match the sex' };
  }
  const value: CccdQr = { personalId: idRaw, fullName, birthDate, sex, residence, issueDate, extraFields: fields.length - 7 };
  if (legacyRaw !== '') value.legacyIdNumber = legacyRaw;
  return { ok: true, value };
}
