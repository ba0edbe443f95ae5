/**
 * A classified scan as JSON for technicians (the CLI's `scan listen`), with personal data
 * masked: ID numbers through maskId, names as initials, birth dates and addresses withheld,
 * account numbers masked, technician tokens never shown. Free text that may be personal
 * (a near-CCCD, a VietQR) is withheld; other text goes through maskPersonalData.
 */
import { initials, maskId, maskPersonalData } from '../../log';
import type { ScanResult } from './classify';

/** Whether the raw text of this scan is personal or secret (and must not be shown as is). */
export function isPersonalScan(result: ScanResult): boolean {
  return (
    result.kind === 'cccd' ||
    result.kind === 'technician' ||
    result.kind === 'vietqr' ||
    (result.kind === 'unsupported' && (result.looksLike === 'cccd' || result.looksLike === 'technician' || result.looksLike === 'vietqr'))
  );
}

/** The raw text as a technician may see it. */
export function maskScanText(result: ScanResult, text: string): string {
  if (result.kind === 'cccd') {
    const c = result.card;
    return [maskId(c.personalId), c.legacyIdNumber ? maskId(c.legacyIdNumber) : '', initials(c.fullName), '********', '***', '(withheld)', '********']
      .concat(Array.from({ length: c.extraFields }, () => '(withheld)'))
      .join('|');
  }
  if (isPersonalScan(result)) return `(withheld: ${Array.from(text).length} characters)`;
  return maskPersonalData(text);
}

/** The parsed fields, masked. */
export function maskedScanFields(result: ScanResult): Record<string, unknown> {
  switch (result.kind) {
    case 'dossierCode':
      return { dossierCode: result.dossierCode };
    case 'receiptSlip':
      return result.host ? { dossierCode: result.dossierCode, host: result.host } : { dossierCode: result.dossierCode };
    case 'cccd': {
      const c = result.card;
      return {
        personalId: maskId(c.personalId),
        legacyIdNumber: c.legacyIdNumber ? maskId(c.legacyIdNumber) : null,
        fullName: initials(c.fullName),
        birthDate: '(withheld)',
        sex: c.sex,
        residence: '(withheld)',
        issueDate: c.issueDate,
        extraFields: c.extraFields,
      };
    }
    case 'appointment':
      return { appointmentCode: result.appointmentCode, date: result.date, sequence: result.sequence };
    case 'technician':
      return { version: result.version, token: `(withheld: ${result.token.length} characters)` };
    case 'vietqr': {
      const p = result.payment;
      const out: Record<string, unknown> = { initiation: p.initiation, crc: p.crc };
      if (p.bankBin) out.bankBin = p.bankBin;
      if (p.account) out.account = maskId(p.account);
      if (p.service) out.service = p.service;
      if (p.amount !== undefined) out.amount = p.amount;
      if (p.currency) out.currency = p.currency;
      if (p.purpose !== undefined) out.purpose = `(withheld: ${Array.from(p.purpose).length} characters)`;
      return out;
    }
    case 'unsupported':
      return result.looksLike
        ? { reason: result.reason, looksLike: result.looksLike, length: result.length }
        : { reason: result.reason, length: result.length };
  }
}
