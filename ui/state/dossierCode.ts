/**
 * The UI's own dossier-code check (ui/ cannot import main at runtime). Same rule as
 * main/api/schemas.ts normalizeDossierCode: `<agency id>-<yyMMdd>-<NNNN>` with a real date.
 */
export const DOSSIER_CODE_EXAMPLE = '000.00.12.H56-260314-0042';

const PATTERN = /^[A-Z0-9]{1,12}(?:\.[A-Z0-9]{1,12}){0,7}-(\d{2})(\d{2})(\d{2})-\d{4}$/;

/** NFC, trim, spaces around dashes removed, upper case; null when not a dossier code. */
export function checkDossierCode(input: string): string | null {
  if (typeof input !== 'string' || input.length > 120) return null;
  const code = input.normalize('NFC').trim().replace(/\s*-\s*/g, '-').toUpperCase();
  const m = PATTERN.exec(code);
  if (!m) return null;
  const year = 2000 + Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return code;
}
