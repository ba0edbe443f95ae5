/**
 * The dossier code (mã hồ sơ / số biên nhận, GLOSSARY.md `dossierCode`), as provincial one-stop
 * systems generate it (DOMAIN.md): `<agency id>-<yyMMdd>-<NNNN>`, e.g. `000.00.12.H56-260314-0042`.
 * The agency id is the dotted code of the receiving unit (groups of letters and digits); yyMMdd is
 * the day it was received; NNNN the number of the day. Residents may type it in lower case and
 * with spaces around the dashes; the kiosk shows and sends it in upper case.
 */

/** The code shown to residents as an example (DOMAIN.md). */
export const DOSSIER_CODE_EXAMPLE = '000.00.12.H56-260314-0042';

/** A canonical dossier code: upper case, no spaces. Groups 1-3 are yy, MM and dd. */
export const DOSSIER_CODE_PATTERN = /^[A-Z0-9]{1,12}(?:\.[A-Z0-9]{1,12}){0,7}-(\d{2})(\d{2})(\d{2})-\d{4}$/;

/**
 * Normalises what a resident typed or scanned: NFC, upper case, spaces around dashes and at the
 * ends removed. Returns the canonical code, or null when it is not a dossier code (including a
 * yyMMdd part that is not a real date).
 */
export function normalizeDossierCode(input: string): string | null {
  if (typeof input !== 'string' || input.length > 120) return null;
  const code = input
    .normalize('NFC')
    .trim()
    .replace(/\s*-\s*/g, '-')
    .toUpperCase();
  const m = DOSSIER_CODE_PATTERN.exec(code);
  if (!m) return null;
  const month = Number(m[2]);
  const day = Number(m[3]);
  const year = 2000 + Number(m[1]);
  if (month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return code;
}

/** A key of the dossier-code keypad: a digit, a capital letter, `.`, `-`, or an editing key. */
export type DossierCodeKey = string | 'back' | 'clear';

/**
 * One key of the dossier-code keypad applied to the field's text (at most 120 characters).
 * The code's shape types part of it: once the agency part and its dash are there, the six digits
 * of the date are followed by the second dash, so the resident types only digits after the
 * agency; a dash typed right after a dash is ignored. Lower case is shown upper case.
 */
export function typeDossierCodeKey(value: string, key: DossierCodeKey): string {
  if (key === 'clear') return '';
  if (key === 'back') return [...value].slice(0, -1).join('');
  if (!/^[A-Za-z0-9.-]$/.test(key)) return value;
  const k = key.toUpperCase();
  if (k === '-' && (value === '' || value.endsWith('-'))) return value;
  if (k === '.' && (value === '' || value.endsWith('.') || value.endsWith('-'))) return value;
  let next = value + k;
  if (/^[^-]+-\d{6}$/.test(next)) next += '-';
  return next.length > 120 ? value : next;
}
