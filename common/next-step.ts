/**
 * "What do I do now?": one plain sentence per dossier state, for the status screen and the
 * printed "Phiếu thông tin hồ sơ" (DOMAIN.md, "Dossiers"; states: common/dossier-state.ts).
 *
 * - result ready: where and when to collect it, what to bring (the CCCD and the appointment
 *   slip), and the fees to pay then;
 * - needs supplement: what to add (the backend's note) and by when;
 * - rejected: why (the backend's reason, when it gives one);
 * - overdue: who to call (the site's hotline, else the receiving agency);
 * - fees due: the amount, written as money is ("50.000 đ", common/money.ts).
 *
 * Pure: the dossier's fields in, the sentence out, in Vietnamese (addressing the resident as
 * "ông/bà") or English. Text the backend wrote (notes, reasons, agency names) is kept as it is.
 */
import type { DossierState } from './dossier-state';
import { formatMoney } from './money';
import { formatDate } from './vietnam-time';

/** What the sentence needs of a dossier (a structural subset of the API's `Dossier`). */
export interface NextStepDossier {
  state: DossierState;
  overdue: boolean;
  /** yyyy-MM-dd */
  dueDate: string;
  feesDue: number;
  agency: { name: string };
  supplementNote?: string | undefined;
  /** yyyy-MM-dd: by when the supplement is expected, when the backend says. */
  supplementDueDate?: string | undefined;
  stateHistory: ReadonlyArray<{ state: DossierState; at: string; note?: string | undefined }>;
}

export interface NextStepOptions {
  lang?: 'vi' | 'en';
  /** The site's hotline (config); when empty the sentence names the receiving agency instead. */
  hotline?: string;
  /** Today in Vietnam (yyyy-MM-dd, common/vietnam-time.ts vnDate): a supplement deadline before it has passed. */
  today?: string;
}

/** The note of the latest change into `state` (the rejection reason, the supplement request). */
function latestNote(d: NextStepDossier, state: DossierState): string | undefined {
  let best: { at: number; note: string } | undefined;
  for (const h of d.stateHistory) {
    if (h.state !== state || !h.note?.trim()) continue;
    const at = Date.parse(h.at);
    if (!best || !(at < best.at)) best = { at: Number.isFinite(at) ? at : 0, note: h.note.trim() };
  }
  return best?.note;
}

/** A note put inside a sentence: NFC, trimmed, without its own closing full stop. */
function clause(text: string): string {
  return text
    .normalize('NFC')
    .trim()
    .replace(/[.;]+$/u, '');
}

/** The next step for the resident, as one sentence. */
export function nextStepSentence(d: NextStepDossier, opts: NextStepOptions = {}): string {
  const en = opts.lang === 'en';
  const agency = clause(d.agency.name);
  const hotline = opts.hotline?.trim() ?? '';
  const due = formatDate(d.dueDate);
  const fees = d.feesDue > 0 ? formatMoney(d.feesDue) : '';

  // Overdue (only unfinished dossiers are): who to call comes first, whatever the state.
  if (d.overdue && d.state !== 'needs_supplement') {
    if (en) {
      return hotline
        ? `The dossier is past its due date (${due}): please call the hotline ${hotline} to ask about it.`
        : `The dossier is past its due date (${due}): please contact ${agency} to ask about it.`;
    }
    return hotline
      ? `Hồ sơ đã quá hạn trả kết quả (ngày ${due}), ông/bà vui lòng gọi đường dây nóng ${hotline} để được hỗ trợ.`
      : `Hồ sơ đã quá hạn trả kết quả (ngày ${due}), ông/bà vui lòng liên hệ ${agency} để được hỗ trợ.`;
  }

  switch (d.state) {
    case 'received':
    case 'processing': {
      const first =
        d.state === 'received'
          ? en
            ? 'The dossier has been received'
            : 'Hồ sơ đã được tiếp nhận'
          : en
            ? 'The dossier is being processed'
            : 'Hồ sơ đang được xử lý';
      if (en) {
        return fees
          ? `${first}; nothing is needed from you now: the result is due on ${due}, when you pay the remaining fees of ${fees} at the desk.`
          : `${first}; nothing is needed from you now: the result is due on ${due}.`;
      }
      return fees
        ? `${first}, ông/bà chưa cần làm gì thêm: kết quả hẹn trả ngày ${due}, khi nhận kết quả ông/bà nộp ${fees} phí, lệ phí còn lại tại quầy.`
        : `${first}, ông/bà chưa cần làm gì thêm: kết quả hẹn trả ngày ${due}.`;
    }
    case 'needs_supplement': {
      const what = d.supplementNote?.trim() ? clause(d.supplementNote) : latestNote(d, 'needs_supplement');
      const by = d.supplementDueDate ? formatDate(d.supplementDueDate) : '';
      if (by && opts.today && d.supplementDueDate! < opts.today) {
        const who = hotline ? (en ? `call the hotline ${hotline}` : `gọi đường dây nóng ${hotline}`) : en ? `contact ${agency}` : `liên hệ ${agency}`;
        return en
          ? `The deadline to add documents passed on ${by}: please ${who} to ask whether the dossier can still be completed.`
          : `Hạn bổ sung hồ sơ đã qua (ngày ${by}), ông/bà vui lòng ${who} để được hướng dẫn.`;
      }
      if (en) {
        const item = what ? `add what was asked ("${what}")` : 'add the missing documents';
        return by
          ? `Please ${item} at ${agency} by ${by}, bringing your CCCD and the appointment slip.`
          : `Please ${item} at ${agency} as soon as you can, bringing your CCCD and the appointment slip.`;
      }
      const item = what ? `bổ sung theo yêu cầu “${clause(what)}”` : 'bổ sung giấy tờ còn thiếu';
      return by
        ? `Ông/bà vui lòng ${item}, nộp tại ${agency} trước ngày ${by}, mang theo thẻ căn cước và phiếu hẹn trả kết quả.`
        : `Ông/bà vui lòng ${item}, nộp tại ${agency} càng sớm càng tốt, mang theo thẻ căn cước và phiếu hẹn trả kết quả.`;
    }
    case 'result_ready':
      if (en) {
        return fees
          ? `The result is ready: please collect it at ${agency} during office hours, bringing your CCCD, the appointment slip and ${fees} for the remaining fees.`
          : `The result is ready: please collect it at ${agency} during office hours, bringing your CCCD and the appointment slip.`;
      }
      return fees
        ? `Kết quả đã có, ông/bà vui lòng đến ${agency} trong giờ hành chính để nhận, mang theo thẻ căn cước, phiếu hẹn trả kết quả và ${fees} để nộp phí, lệ phí còn lại.`
        : `Kết quả đã có, ông/bà vui lòng đến ${agency} trong giờ hành chính để nhận, mang theo thẻ căn cước và phiếu hẹn trả kết quả.`;
    case 'returned':
      return en
        ? 'The result has been handed over: nothing more is needed from you for this dossier.'
        : 'Hồ sơ đã trả kết quả, ông/bà không cần làm gì thêm cho hồ sơ này.';
    case 'rejected': {
      const reason = latestNote(d, 'rejected');
      if (en) {
        return reason
          ? `The dossier was refused for this reason: "${clause(reason)}"; please contact ${agency} if you need guidance.`
          : `The dossier was refused; please contact ${agency} to learn why and what to do.`;
      }
      return reason
        ? `Hồ sơ không được giải quyết với lý do “${clause(reason)}”; ông/bà liên hệ ${agency} nếu cần được hướng dẫn thêm.`
        : `Hồ sơ không được giải quyết, ông/bà vui lòng liên hệ ${agency} để biết lý do và được hướng dẫn.`;
    }
    case 'withdrawn':
      return en
        ? 'The dossier was withdrawn: nothing more is needed; you may submit a new dossier when you are ready.'
        : 'Hồ sơ đã được rút, ông/bà không cần làm gì thêm; khi cần, ông/bà có thể nộp hồ sơ mới.';
  }
}
