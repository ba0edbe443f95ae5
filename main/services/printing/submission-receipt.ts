/**
 * The receipt of a dossier submission (`submission.print`). The UI sends only the local reference;
 * main finds the submission itself: still in the outbox (offline) -> the "chờ gửi" receipt with the
 * local reference and no due date; delivered (the outbox's delivered mapping) -> the normal receipt
 * slip with the dossier code and the due date, read back from the backend.
 *
 * What the outbox keeps after delivery is codes only, and the backend sends the applicant's name
 * masked, so the parts only the resident gave (name, masked ID, attached documents) are remembered
 * at submit time in the session's data map (memory only, wiped at session end). After the session
 * a receipt is still printable, without those parts.
 *
 * Printing comes after the outbox commit and never touches the submission: a failed print (no
 * printer, out of paper, a bug here) leaves the queued dossier exactly as it was.
 */
import { normalizeDossierCode } from '../../../common/dossier-code';
import type { Applicant, Dossier, SubmissionAttachment } from '../../api/schemas';
import type { PendingDossier, SubmitResponse } from '../../ipc/contract';
import { KioskError } from '../../errors';
import { maskId, type Logger } from '../../log';
import { sessionSlot, type SessionService } from '../session';
import type { PrintOutcome, PrintingService, SubmissionReceipt } from './index';

/** Key of the memo in the session's data map. */
export const RECEIPT_MEMO_KEY = sessionSlot<Map<string, Memo>>('printing.submissionReceipts');
const MAX_MEMOS = 10;

interface Memo {
  name: string;
  maskedId: string;
  documents: string[];
  procedureCode: string;
  dossierCode?: string | undefined;
  receivedAt?: string | undefined;
  dueDate?: string | undefined;
}

export interface SubmissionReceiptDeps {
  session: Pick<SessionService, 'data'>;
  /** The outbox: the waiting submission, or the dossier code it became; null when unknown. */
  findLocal(code: string): { pending: PendingDossier } | { dossierCode: string } | null;
  lookupDossier(code: string): Promise<Dossier>;
  printer: Pick<PrintingService, 'printSubmissionReceipt'>;
  log: Logger;
}

export interface SubmissionReceipts {
  /** After `dossier.submit` answered: keep the resident's part of the receipt for this session. Never throws. */
  remember(request: { procedureCode: string; applicant: Applicant; attachments?: SubmissionAttachment[] }, response: SubmitResponse): void;
  /** What would be printed for this local reference. */
  receipt(localRef: string): Promise<SubmissionReceipt>;
  print(localRef: string): Promise<PrintOutcome>;
}

export function createSubmissionReceipts(deps: SubmissionReceiptDeps): SubmissionReceipts {
  const memos = (): Map<string, Memo> => {
    let m = deps.session.data.get(RECEIPT_MEMO_KEY);
    if (!m) {
      m = new Map();
      deps.session.data.set(RECEIPT_MEMO_KEY, m);
    }
    return m;
  };

  async function receipt(localRef: string): Promise<SubmissionReceipt> {
    const ref = normalizeDossierCode(localRef) ?? localRef.normalize('NFC').trim().toUpperCase();
    const found = deps.findLocal(ref);
    if (!found) throw new KioskError('not_found', `No submission has the local reference ${ref}`);
    const memo = memos().get(ref);
    const documents = memo?.documents.map((name) => ({ name }));
    if ('pending' in found) {
      const p = found.pending;
      return {
        state: 'queued',
        localRef: p.localRef,
        data: {
          localRef: p.localRef,
          delivery: p.delivery,
          applicant: { name: memo?.name, idNumber: memo?.maskedId, address: undefined, phone: undefined },
          procedure: p.procedure.name || p.procedure.code || undefined,
          documents,
          queuedAt: p.queuedAt,
        },
      };
    }
    const code = found.dossierCode;
    let dossier: Dossier | undefined;
    try {
      dossier = await deps.lookupDossier(code);
    } catch (err) {
      // Delivered but the backend cannot be read now: what the submit answer carried will do.
      if (!(memo?.dossierCode === code && memo.dueDate)) throw err;
      deps.log.warn('printing', `dossier ${code} not readable for its receipt; printing what the submit answer carried`);
    }
    return {
      state: 'sent',
      localRef: ref,
      data: {
        centerName: dossier?.agency.name,
        dossierCode: code,
        applicant: { name: memo?.name ?? dossier?.applicantName, idNumber: memo?.maskedId, address: undefined, phone: undefined },
        procedure: dossier?.procedure.name ?? memo?.procedureCode,
        documents,
        receivedAt: dossier?.receivedAt ?? memo?.receivedAt,
        dueAt: dossier?.dueDate ?? memo?.dueDate,
      },
    };
  }

  return {
    remember(request, response) {
      try {
        const m = memos();
        m.set(response.localRef, {
          name: request.applicant.fullName.normalize('NFC'),
          maskedId: maskId(request.applicant.personalId),
          documents: (request.attachments ?? []).map((a) => a.name.normalize('NFC')),
          procedureCode: request.procedureCode,
          dossierCode: response.dossierCode,
          receivedAt: response.receivedAt,
          dueDate: response.dueDate,
        });
        while (m.size > MAX_MEMOS) m.delete(m.keys().next().value as string);
      } catch (err) {
        deps.log.error('printing', 'could not keep the receipt details of a submission', err);
      }
    },
    receipt,
    async print(localRef) {
      const r = await receipt(localRef);
      const outcome = await deps.printer.printSubmissionReceipt(r);
      deps.log.info('printing', `${r.state === 'sent' ? 'receipt' : 'offline receipt'} for ${r.localRef}: ${outcome.state}`);
      return outcome;
    },
  };
}
