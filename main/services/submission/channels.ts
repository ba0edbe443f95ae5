/**
 * The handlers of `submission.form` and `submission.qr` (contract.ts beside), merged into the
 * router by main/kiosk.ts.
 */
import QRCode from 'qrcode';
import { normalizeDossierCode } from '../../../common/dossier-code';
import type { FormSchema } from '../../api/schemas';
import { KioskError } from '../../errors';
import type { TrackingQr } from './contract';

export interface SubmissionChannelDeps {
  form(procedureCode: string): Promise<FormSchema>;
  trackingUrl: string;
}

/** The tracking URL of a dossier code or local reference, and its QR modules. */
export function trackingQr(trackingUrl: string, code: string): TrackingQr {
  const normalized = normalizeDossierCode(code) ?? code.trim().toUpperCase();
  if (!/^[A-Z0-9.\-]{3,120}$/.test(normalized)) throw new KioskError('invalid_code', 'Not a dossier code or local reference');
  const url = `${trackingUrl}${encodeURIComponent(normalized)}`;
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  let cells = '';
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) cells += qr.modules.get(y, x) ? '1' : '0';
  return { url, size: n, cells };
}

export function submissionHandlers(deps: SubmissionChannelDeps) {
  return {
    'submission.form': ({ procedureCode }: { procedureCode: string }) => deps.form(procedureCode),
    'submission.qr': ({ code }: { code: string }) => trackingQr(deps.trackingUrl, code),
  };
}
