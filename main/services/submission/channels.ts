/**
 * The submission channels, merged into the router by main/kiosk.ts: `submission.form` and
 * `submission.qr` (contract.ts beside), `dossier.submit` (through the gate: a session whose card
 * was read with consent) and `submission.print` (the receipt, within the print limits).
 */
import QRCode from 'qrcode';
import { normalizeDossierCode } from '../../../common/dossier-code';
import type { FormSchema } from '../../api/schemas';
import { KioskError } from '../../errors';
import type { SubmitResponse } from '../../ipc/contract';
import type { Handlers } from '../../ipc/router';
import type { SubmissionReceipts } from '../printing/submission-receipt';
import type { TrackingQr } from './contract';
import type { SubmissionGate } from './gate';
import type { SubmitInput } from './index';

export interface SubmissionChannelDeps {
  form(procedureCode: string): Promise<FormSchema>;
  trackingUrl: string;
  /** Admits a submission from this session's proven identity (main/services/submission/gate). */
  gate: SubmissionGate;
  /** Queues the dossier in the outbox (main/services/outbox/runtime's `submit`). */
  submit(input: SubmitInput): Promise<SubmitResponse>;
  receipts: SubmissionReceipts;
  /** Throws `too_many` when the same slip was printed too often (main/services/printing/limits). */
  allowPrint: (key: string) => void;
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

export function submissionHandlers(deps: SubmissionChannelDeps): Pick<Handlers, 'submission.form' | 'submission.qr' | 'dossier.submit' | 'submission.print'> {
  const { gate, receipts, allowPrint } = deps;
  return {
    'submission.form': ({ procedureCode }) => deps.form(procedureCode),
    'submission.qr': ({ code }) => trackingQr(deps.trackingUrl, code),
    'dossier.submit': async (request) => {
      const { request: admitted, release } = gate.admit(request);
      let answer;
      try {
        answer = await deps.submit(admitted);
      } catch (err) {
        release(); // refused (invalid form, storage full…): it does not count
        throw err;
      }
      receipts.remember(admitted, answer);
      return answer;
    },
    'submission.print': ({ localRef }) => {
      allowPrint(`receipt:${localRef}`);
      return receipts.print(localRef);
    },
  };
}
