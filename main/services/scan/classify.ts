/**
 * Scan classification: what did the resident (or technician) hold under the scanner?
 * Text in (already decoded and integrity-checked by drivers/scanner/protocol/text), a
 * discriminated union out. Never throws. Order of the checks:
 *
 * 1. `vietqr`      EMVCo payload (`000201…`), NAPAS fields parsed, CRC checked.
 * 2. `cccd`        CCCD QR (see cccd.ts).
 * 3. `technician`  `KTV1:` + base64url payload (8..2048 chars, no padding). Recognised only;
 *                  the token is a secret and never logged.
 * 4. `appointment` `LH-<yyMMdd>-<NNNN>` (our format; a real date; spaces around dashes and
 *                  lower case accepted). Checked BEFORE dossier codes because `LH` is also a
 *                  syntactically valid agency identifier.
 * 5. `dossierCode` the whole text is a dossier code (normalizeDossierCode).
 * 6. `receiptSlip` a URL or text that carries exactly one dossier code (query parameter,
 *                  path segment or word); two different codes are ambiguous -> unsupported.
 * 7. `unsupported` everything else, with a reason (and `looksLike` when it was almost a
 *                  CCCD/VietQR/appointment, so the UI can say more than "not supported").
 */
import { normalizeDossierCode } from '../../../common/dossier-code';
import { initials, maskId, maskPersonalData } from '../../log';
import { looksLikeCccd, parseCccdQr, type CccdQr, type CccdRejection } from './cccd';
import { looksLikeEmv, parseVietQr, type VietQr } from './vietqr';

export type ScanClass = 'dossierCode' | 'receiptSlip' | 'cccd' | 'appointment' | 'technician' | 'vietqr' | 'unsupported';

export type UnsupportedReason =
  | 'empty'
  | 'too-long'
  | 'unrecognised'
  | 'ambiguous-dossier-codes'
  | 'bad-appointment-date'
  | 'bad-technician-token'
  | `cccd-${CccdRejection}`
  | 'vietqr-malformed-tlv'
  | 'vietqr-crc-missing'
  | 'vietqr-crc-mismatch'
  | 'vietqr-bad-field';

export type ScanResult =
  | { kind: 'dossierCode'; dossierCode: string }
  | { kind: 'receiptSlip'; dossierCode: string; url?: string; host?: string }
  | { kind: 'cccd'; card: CccdQr }
  | { kind: 'appointment'; appointmentCode: string; date: string; sequence: number }
  | { kind: 'technician'; version: 1; token: string }
  | { kind: 'vietqr'; payment: VietQr }
  | {
      kind: 'unsupported';
      reason: UnsupportedReason;
      looksLike?: 'cccd' | 'vietqr' | 'appointment' | 'technician';
      length: number;
    };

export const MAX_SCAN_LENGTH = 4096;

const APPOINTMENT = /^LH-(\d{2})(\d{2})(\d{2})-(\d{4})$/;
const TECHNICIAN = /^KTV1:([A-Za-z0-9_-]+)$/;

export function classifyScan(input: unknown): ScanResult {
  try {
    return classify(input);
  } catch {
    // Defence in depth: nothing here should throw, but a scan must never crash the kiosk.
    return { kind: 'unsupported', reason: 'unrecognised', length: typeof input === 'string' ? input.length : 0 };
  }
}

function unsupported(reason: UnsupportedReason, length: number, looksLike?: 'cccd' | 'vietqr' | 'appointment' | 'technician'): ScanResult {
  return looksLike ? { kind: 'unsupported', reason, looksLike, length } : { kind: 'unsupported', reason, length };
}

function classify(input: unknown): ScanResult {
  if (typeof input !== 'string') return unsupported('empty', 0);
  const length = input.length;
  if (length > MAX_SCAN_LENGTH) return unsupported('too-long', length);
  const text = input.normalize('NFC').replace(/^[\s\uFEFF]+|[\s]+$/g, '');
  if (text.length === 0) return unsupported('empty', length);

  if (looksLikeEmv(text)) {
    const r = parseVietQr(text);
    if (r.ok) return { kind: 'vietqr', payment: r.value };
    if (r.reason !== 'not-emv') return unsupported(`vietqr-${r.reason}`, length, 'vietqr');
  }

  if (looksLikeCccd(text)) {
    const r = parseCccdQr(text);
    if (r.ok) return { kind: 'cccd', card: r.value };
    return unsupported(`cccd-${r.reason}`, length, 'cccd');
  }

  if (/^KTV1:/i.test(text)) {
    const m = TECHNICIAN.exec(text);
    const payload = m?.[1];
    if (!payload || payload.length < 8 || payload.length > 2048 || payload.length % 4 === 1) {
      return unsupported('bad-technician-token', length, 'technician');
    }
    return { kind: 'technician', version: 1, token: payload };
  }

  const compact = text.replace(/\s*-\s*/g, '-').toUpperCase();
  const appt = APPOINTMENT.exec(compact);
  if (appt) {
    const date = realDate(appt[1]!, appt[2]!, appt[3]!);
    if (!date) return unsupported('bad-appointment-date', length, 'appointment');
    return { kind: 'appointment', appointmentCode: compact, date, sequence: Number(appt[4]) };
  }

  const code = normalizeDossierCode(text);
  if (code) return { kind: 'dossierCode', dossierCode: code };

  return receiptSlip(text, length);
}

function realDate(yy: string, mm: string, dd: string): string | null {
  const year = 2000 + Number(yy);
  const month = Number(mm);
  const day = Number(dd);
  if (month < 1 || month > 12 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return `${year}-${mm}-${dd}`;
}

/** Query parameters a tracking URL may use for the dossier code, checked first. */
const CODE_PARAMS = ['ma', 'mahoso', 'ma_ho_so', 'code', 'dossiercode', 'dossier', 'sobiennhan', 'q'];

function receiptSlip(text: string, length: number): ScanResult {
  let url: URL | null = null;
  if (/^https?:\/\//i.test(text) && !/\s/.test(text)) {
    try {
      url = new URL(text);
    } catch {
      url = null;
    }
  }
  const codes = new Set<string>();
  if (url) {
    for (const [key, value] of url.searchParams) {
      if (!CODE_PARAMS.includes(key.toLowerCase())) continue;
      const c = normalizeDossierCode(value);
      if (c) codes.add(c);
    }
    if (codes.size === 0) {
      for (const seg of url.pathname.split('/')) {
        let decoded = seg;
        try {
          decoded = decodeURIComponent(seg);
        } catch {
          /* keep the raw segment */
        }
        const c = normalizeDossierCode(decoded);
        if (c) codes.add(c);
      }
    }
    if (codes.size === 0) {
      for (const [, value] of url.searchParams) {
        const c = normalizeDossierCode(value);
        if (c) codes.add(c);
      }
    }
  } else {
    // Free text ("Mã hồ sơ: 000.00.12.H56-260314-0042"): words separated by blanks or punctuation
    // that cannot occur in a code. Dashes may carry spaces around them, as typed.
    const joined = text.replace(/\s*-\s*/g, '-');
    for (const word of joined.split(/[\s,;:|/?&=#()[\]{}<>"'“”]+/u)) {
      const c = normalizeDossierCode(word.replace(/\.+$/, ''));
      if (c) codes.add(c);
    }
  }
  if (codes.size === 1) {
    const dossierCode = [...codes][0]!;
    return url ? { kind: 'receiptSlip', dossierCode, url: url.href, host: url.hostname } : { kind: 'receiptSlip', dossierCode };
  }
  if (codes.size > 1) return unsupported('ambiguous-dossier-codes', length);
  return unsupported('unrecognised', length);
}

/**
 * A one-line description for logs and the CLI, with personal data masked: ID numbers through
 * maskId, names reduced to initials, addresses and birth dates dropped, account numbers masked,
 * technician tokens and free text never written.
 */
export function describeScanForLog(result: ScanResult): string {
  let line: string;
  switch (result.kind) {
    case 'dossierCode':
      line = `dossierCode code=${result.dossierCode}`;
      break;
    case 'receiptSlip':
      line = `receiptSlip code=${result.dossierCode}${result.host ? ` host=${result.host}` : ''}`;
      break;
    case 'cccd': {
      const c = result.card;
      line =
        `cccd id=${maskId(c.personalId)}` +
        (c.legacyIdNumber ? ` legacyId=${maskId(c.legacyIdNumber)}` : ' legacyId=none') +
        ` name=${initials(c.fullName)}` +
        (c.extraFields > 0 ? ` extraFields=${c.extraFields}` : '');
      break;
    }
    case 'appointment':
      line = `appointment code=${result.appointmentCode}`;
      break;
    case 'technician':
      line = `technician token=(redacted, ${result.token.length} chars)`;
      break;
    case 'vietqr': {
      const p = result.payment;
      line =
        `vietqr ${p.initiation}` +
        (p.bankBin ? ` bin=${p.bankBin}` : ' non-napas') +
        (p.account ? ` account=${maskId(p.account)}` : '') +
        (p.service ? ` service=${p.service}` : '') +
        (p.amount !== undefined ? ` amount=${p.amount}` : '') +
        (p.purpose !== undefined ? ` purpose=(${Array.from(p.purpose).length} chars)` : '');
      break;
    }
    case 'unsupported':
      line = `unsupported reason=${result.reason}${result.looksLike ? ` looksLike=${result.looksLike}` : ''} length=${result.length}`;
      break;
  }
  // The net under the rule: any 9-12 digit run left over is masked too.
  return maskPersonalData(line);
}
