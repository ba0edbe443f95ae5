/**
 * What the kiosk prints: queue ticket, receipt and appointment slip ("Giấy tiếp nhận hồ sơ và hẹn
 * trả kết quả", DOMAIN.md), its offline variant for a submission still waiting in the outbox
 * (local reference, no due date), dossier status printout, and the test page. Each template turns its
 * data into a PrintDocument (drivers/printer/layout.ts); the same document is printed in code-page
 * or raster mode and rendered as the preview PNG.
 *
 * Data is parsed tolerantly: a missing field prints as "-" or is left out, a long one wraps and is
 * cut after a few lines, so a bad record still gives a sensible slip. The ID number is always
 * masked (maskId); the applicant name on a status printout is the masked name the backend sends.
 */
import { z } from 'zod';
import type { DocBlock, PrintDocument } from '../../../drivers/printer/layout';
import { VIETNAMESE_TONES, VIETNAMESE_VOWELS } from '../../../drivers/printer/protocol/vietnamese';
import type { Dossier } from '../../api/schemas';
import { maskId } from '../../log';
import { DOSSIER_STATE_LABELS_VI, OVERDUE_LABEL_VI } from '../../../common/dossier-state';
import { formatMoney } from '../../../common/money';
import { formatDate, formatDateTime, formatReceivedTime, vnDate } from '../../../common/vietnam-time';
import { nextStepSentence } from '../../../common/next-step';

/** A missing or unreadable date prints as "-". */
const orDash = (formatted: string): string => formatted || '-';

/** Parse what can be parsed; anything that is not even an object gives empty data. */
function tolerant<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  const empty = schema.safeParse({});
  if (empty.success) return empty.data;
  throw new Error('template schema does not accept {}');
}

const text = z.string().max(2000).optional().catch(undefined);
const count = z.number().int().min(0).max(100_000).optional().catch(undefined);

// ---------------------------------------------------------------------------------------------
// Queue ticket

export const TicketData = z.object({
  centerName: text,
  number: text,
  service: text,
  counter: text,
  peopleAhead: count,
  estimatedWaitMinutes: count,
  issuedAt: text,
  /** Full URL for the QR; otherwise the printer config's queueUrl + number. */
  trackingUrl: text,
  // issue 13 (the queue at the kiosk)
  /** The priority category, in Vietnamese ("Người cao tuổi"). */
  priority: text,
  /** The appointment checked in (`LH-yyMMdd-NNNN`). */
  appointmentCode: text,
  /** A line printed large under the number, e.g. "PHIẾU CẤP KHI MẤT KẾT NỐI" for an offline ticket. */
  note: text,
  /** false: no QR (an offline ticket cannot be followed on a phone). */
  qr: z.boolean().optional().catch(undefined),
});
export type TicketData = z.infer<typeof TicketData>;

export function ticketDocument(input: unknown, opts: { queueUrl: string; centerName?: string }): PrintDocument {
  const d = tolerant(TicketData, input);
  const number = (d.number ?? '').trim() || '---';
  const blocks: DocBlock[] = [
    {
      type: 'text',
      text: (d.centerName ?? opts.centerName ?? 'Trung tâm Phục vụ hành chính công').toUpperCase(),
      style: { align: 'center', bold: true },
      maxLines: 3,
    },
    { type: 'rule', char: '=' },
    { type: 'text', text: 'SỐ THỨ TỰ CỦA ÔNG/BÀ', style: { align: 'center' } },
    { type: 'text', text: number, style: { align: 'center', size: 3, bold: true }, maxLines: 1 },
  ];
  if (d.note) blocks.push({ type: 'text', text: d.note, style: { align: 'center', bold: true }, maxLines: 2 });
  blocks.push({ type: 'feed', lines: 1 }, { type: 'field', label: 'Dịch vụ', value: d.service ?? '-', maxLines: 3 });
  if (d.priority) blocks.push({ type: 'field', label: 'Ưu tiên', value: d.priority, maxLines: 2 });
  if (d.appointmentCode) blocks.push({ type: 'field', label: 'Lịch hẹn', value: d.appointmentCode, maxLines: 1 });
  if (d.counter) blocks.push({ type: 'field', label: 'Quầy', value: d.counter, maxLines: 1 });
  blocks.push(
    { type: 'pair', label: 'Số người đang chờ trước ông/bà', value: d.peopleAhead === undefined ? '-' : String(d.peopleAhead) },
    { type: 'pair', label: 'Thời gian chờ dự kiến', value: d.estimatedWaitMinutes === undefined ? '-' : `khoảng ${d.estimatedWaitMinutes} phút` },
    { type: 'pair', label: 'Giờ lấy số', value: orDash(formatDateTime(d.issuedAt ?? new Date())) },
    { type: 'rule' },
  );
  if (d.qr !== false) {
    blocks.push(
      { type: 'text', text: 'Quét mã để theo dõi lượt của ông/bà', style: { align: 'center' } },
      { type: 'qr', data: d.trackingUrl ?? `${opts.queueUrl}${encodeURIComponent(number)}`, moduleSize: 5 },
    );
  }
  blocks.push({ type: 'text', text: 'Vui lòng chú ý màn hình và loa gọi số.', style: { align: 'center' }, maxLines: 2 });
  return { blocks };
}

// ---------------------------------------------------------------------------------------------
// Receipt and appointment slip

const DocumentItem = z.object({
  name: z.string().max(500).catch('-'),
  kind: z.enum(['original', 'certified_copy', 'copy', 'original_or_certified_copy']).optional().catch(undefined),
  quantity: z.number().int().min(0).max(1000).optional().catch(undefined),
});

export const ReceiptData = z.object({
  centerName: text,
  province: text,
  place: text,
  dossierCode: text,
  applicant: z
    .object({ name: text, address: text, phone: text, idNumber: text })
    .catch({ name: undefined, address: undefined, phone: undefined, idNumber: undefined })
    .optional(),
  procedure: text,
  documents: z.array(DocumentItem).max(50).optional().catch(undefined),
  processingTime: text,
  receivedAt: text,
  dueAt: text,
  returnPlace: text,
  hotline: text,
  trackingUrl: text,
});
export type ReceiptData = z.infer<typeof ReceiptData>;

const DOC_KIND: Record<string, string> = {
  original: 'bản chính',
  certified_copy: 'bản sao chứng thực',
  copy: 'bản chụp',
  original_or_certified_copy: 'bản chính hoặc bản sao chứng thực',
};

/** The head of a slip: province, receiving unit, a double rule, the title. */
function slipHeader(
  d: { province?: string | undefined; centerName?: string | undefined },
  opts: { centerName?: string | undefined },
  title: string,
): DocBlock[] {
  const blocks: DocBlock[] = [];
  if (d.province) blocks.push({ type: 'text', text: d.province.toUpperCase(), style: { align: 'center' }, maxLines: 2 });
  blocks.push(
    {
      type: 'text',
      text: (d.centerName ?? opts.centerName ?? 'Bộ phận tiếp nhận và trả kết quả').toUpperCase(),
      style: { align: 'center', bold: true },
      maxLines: 3,
    },
    { type: 'rule', char: '=' },
    { type: 'text', text: title, style: { align: 'center', bold: true } },
    { type: 'feed', lines: 1 },
  );
  return blocks;
}

export function receiptDocument(input: unknown, opts: { trackingUrl: string; centerName?: string; hotline?: string }): PrintDocument {
  const d = tolerant(ReceiptData, input);
  const code = (d.dossierCode ?? '').trim().toUpperCase();
  const a = d.applicant ?? {};
  const blocks: DocBlock[] = slipHeader(d, opts, 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
  blocks.push(
    { type: 'text', text: 'Mã hồ sơ', style: { align: 'center' } },
    { type: 'text', text: code || '-', style: { align: 'center', bold: true }, maxLines: 2 },
  );
  if (code) blocks.push({ type: 'barcode', data: code, height: 64 });
  blocks.push(
    { type: 'rule' },
    { type: 'field', label: 'Người nộp', value: a.name ?? '-', maxLines: 2 },
    { type: 'field', label: 'Số định danh', value: a.idNumber ? maskId(a.idNumber.replace(/\s/g, '')) : '-' },
  );
  if (a.phone) blocks.push({ type: 'field', label: 'Điện thoại', value: a.phone, maxLines: 1 });
  if (a.address) blocks.push({ type: 'field', label: 'Địa chỉ', value: a.address, maxLines: 4 });
  blocks.push({ type: 'field', label: 'Thủ tục', value: d.procedure ?? '-', maxLines: 4 });
  const docs = d.documents ?? [];
  if (docs.length > 0) {
    blocks.push({ type: 'text', text: 'Giấy tờ đã nhận:', style: { bold: true } });
    docs.forEach((doc, i) => {
      const kind = doc.kind ? ` (${DOC_KIND[doc.kind] ?? doc.kind})` : '';
      const qty = doc.quantity !== undefined ? `, ${doc.quantity} bản` : '';
      blocks.push({ type: 'field', label: `${i + 1}.`, value: `${doc.name}${kind}${qty}`, maxLines: 3 });
    });
  }
  if (d.processingTime) blocks.push({ type: 'field', label: 'Thời hạn giải quyết', value: d.processingTime, maxLines: 2 });
  blocks.push(
    { type: 'field', label: 'Nhận hồ sơ lúc', value: orDash(formatReceivedTime(d.receivedAt)) },
    // A due date without a time (what the backend answers) prints as a date, never a made-up hour.
    {
      type: 'field',
      label: 'Hẹn trả kết quả',
      value: d.dueAt && /^\d{4}-\d{2}-\d{2}$/.test(d.dueAt) ? `ngày ${orDash(formatDate(d.dueAt))}` : orDash(formatReceivedTime(d.dueAt)),
      bold: true,
    },
  );
  if (d.returnPlace) blocks.push({ type: 'field', label: 'Nơi nhận kết quả', value: d.returnPlace, maxLines: 3 });
  if (code) {
    blocks.push(
      { type: 'rule' },
      { type: 'text', text: 'Quét mã để tra cứu tiến độ hồ sơ', style: { align: 'center' } },
      { type: 'qr', data: d.trackingUrl ?? `${opts.trackingUrl}${encodeURIComponent(code)}`, moduleSize: 5 },
    );
  }
  const place = [d.place, orDash(formatDate(d.receivedAt ?? new Date()))].filter(Boolean).join(', ngày ');
  blocks.push(
    { type: 'text', text: place, style: { align: 'right' }, maxLines: 2 },
    { type: 'text', text: `Đường dây nóng: ${d.hotline ?? opts.hotline ?? '-'}`, style: { align: 'center' }, maxLines: 1 },
  );
  return { blocks };
}

// ---------------------------------------------------------------------------------------------
// Receipt of a submission still waiting in the outbox (offline): no dossier code and no due date
// yet (the backend sets both); the local reference instead, as text, CODE128 and tracking QR, so a
// later lookup or scan finds the waiting record and, once delivered, the real dossier.

/** The sentence the offline receipt prints (and the tests look for). */
export const PENDING_NOTICE_VI = 'Hồ sơ chưa được gửi do mất kết nối. Ki-ốt sẽ tự động gửi khi có mạng; không cần nộp lại.';
/** Instead of a due date. */
export const PENDING_DUE_VI = 'Ngày hẹn trả kết quả sẽ được thông báo khi cơ quan tiếp nhận hồ sơ.';
/** A submission the backend refused (dead letter): a technician must act. */
export const FAILED_NOTICE_VI = 'Hồ sơ chưa gửi được đến cơ quan tiếp nhận. Cán bộ sẽ kiểm tra và gửi lại; vui lòng giữ phiếu này.';

export const PendingReceiptData = z.object({
  centerName: text,
  province: text,
  place: text,
  /** The outbox's local reference (shaped like a dossier code). */
  localRef: text,
  /** waiting (default): will be sent automatically; failed: refused by the backend. */
  delivery: z.enum(['waiting', 'failed']).optional().catch(undefined),
  applicant: ReceiptData.shape.applicant,
  procedure: text,
  documents: z.array(DocumentItem).max(50).optional().catch(undefined),
  /** When the submission was committed to the outbox. */
  queuedAt: text,
  hotline: text,
  trackingUrl: text,
});
export type PendingReceiptData = z.infer<typeof PendingReceiptData>;

export function pendingReceiptDocument(input: unknown, opts: { trackingUrl: string; centerName?: string; hotline?: string }): PrintDocument {
  const d = tolerant(PendingReceiptData, input);
  const ref = (d.localRef ?? '').trim().toUpperCase();
  const a = d.applicant ?? {};
  const blocks: DocBlock[] = slipHeader(d, opts, 'GIẤY BIÊN NHẬN HỒ SƠ CHỜ GỬI');
  blocks.push(
    { type: 'text', text: d.delivery === 'failed' ? FAILED_NOTICE_VI : PENDING_NOTICE_VI, style: { bold: true }, maxLines: 4 },
    { type: 'feed', lines: 1 },
    { type: 'text', text: 'Mã tham chiếu tại ki-ốt', style: { align: 'center' } },
    { type: 'text', text: ref || '-', style: { align: 'center', bold: true }, maxLines: 2 },
  );
  if (ref) blocks.push({ type: 'barcode', data: ref, height: 64 });
  blocks.push({ type: 'rule' });
  if (a.name) blocks.push({ type: 'field', label: 'Người nộp', value: a.name, maxLines: 2 });
  blocks.push(
    { type: 'field', label: 'Số định danh', value: a.idNumber ? maskId(a.idNumber.replace(/\s/g, '')) : '-' },
    { type: 'field', label: 'Thủ tục', value: d.procedure ?? '-', maxLines: 4 },
  );
  const docs = d.documents ?? [];
  if (docs.length > 0) {
    blocks.push({ type: 'text', text: 'Giấy tờ đính kèm:', style: { bold: true } });
    docs.forEach((doc, i) => {
      const kind = doc.kind ? ` (${DOC_KIND[doc.kind] ?? doc.kind})` : '';
      const qty = doc.quantity !== undefined ? `, ${doc.quantity} bản` : '';
      blocks.push({ type: 'field', label: `${i + 1}.`, value: `${doc.name}${kind}${qty}`, maxLines: 3 });
    });
  }
  blocks.push(
    { type: 'field', label: 'Nộp tại ki-ốt lúc', value: orDash(formatReceivedTime(d.queuedAt)) },
    { type: 'text', text: PENDING_DUE_VI, maxLines: 3 },
  );
  if (ref) {
    blocks.push(
      { type: 'rule' },
      { type: 'text', text: 'Quét mã hoặc nhập mã tham chiếu để tra cứu; sau khi gửi sẽ hiện mã hồ sơ chính thức', style: { align: 'center' }, maxLines: 3 },
      { type: 'qr', data: d.trackingUrl ?? `${opts.trackingUrl}${encodeURIComponent(ref)}`, moduleSize: 5 },
    );
  }
  const place = [d.place, orDash(formatDate(d.queuedAt ?? new Date()))].filter(Boolean).join(', ngày ');
  blocks.push(
    { type: 'text', text: place, style: { align: 'right' }, maxLines: 2 },
    { type: 'text', text: `Đường dây nóng: ${d.hotline ?? opts.hotline ?? '-'}`, style: { align: 'center' }, maxLines: 1 },
  );
  return { blocks };
}

// ---------------------------------------------------------------------------------------------
// Dossier status printout (what the lookup screen shows): "Phiếu thông tin hồ sơ"

/** The name of the slip a lookup prints (its title is printed in capitals). */
export const DOSSIER_INFO_SLIP_TITLE = 'Phiếu thông tin hồ sơ';

export function dossierStatusDocument(dossier: Dossier, opts: { trackingUrl: string; centerName: string; hotline: string; printedAt?: Date }): PrintDocument {
  const d = dossier;
  const state = DOSSIER_STATE_LABELS_VI[d.state] ?? d.state;
  const blocks: DocBlock[] = [
    { type: 'text', text: opts.centerName.toUpperCase(), style: { align: 'center', bold: true }, maxLines: 3 },
    { type: 'rule', char: '=' },
    { type: 'text', text: DOSSIER_INFO_SLIP_TITLE.toUpperCase(), style: { align: 'center', bold: true } },
    { type: 'text', text: d.dossierCode, style: { align: 'center', bold: true }, maxLines: 2 },
    { type: 'text', text: d.overdue ? `${state} - ${OVERDUE_LABEL_VI}` : state, style: { align: 'center', size: 2 }, maxLines: 2 },
    { type: 'rule' },
  ];
  const printedAt = opts.printedAt ?? new Date();
  // What the resident does now, the same sentence as on the screen (common/next-step.ts).
  blocks.push(
    { type: 'text', text: 'Việc cần làm tiếp theo:', style: { bold: true } },
    { type: 'text', text: nextStepSentence(d, { hotline: opts.hotline, today: vnDate(printedAt) }), maxLines: 10 },
    { type: 'rule' },
  );
  if (d.state === 'needs_supplement' && d.supplementNote) {
    blocks.push({ type: 'field', label: 'Cần bổ sung', value: d.supplementNote, bold: true, maxLines: 6 });
  }
  blocks.push(
    { type: 'field', label: 'Thủ tục', value: d.procedure.name, maxLines: 4 },
    { type: 'field', label: 'Cơ quan', value: d.agency.name, maxLines: 3 },
    { type: 'field', label: 'Người nộp', value: d.applicantName, maxLines: 2 },
    { type: 'field', label: 'Nhận hồ sơ lúc', value: orDash(formatReceivedTime(d.receivedAt)) },
    { type: 'field', label: 'Hẹn trả kết quả', value: orDash(formatDate(d.dueDate)) },
    { type: 'field', label: 'Phí còn phải nộp', value: d.feesDue > 0 ? formatMoney(d.feesDue) : 'Không' },
    { type: 'rule' },
    { type: 'text', text: 'Quá trình xử lý:', style: { bold: true } },
  );
  const history = [...d.stateHistory].sort((x, y) => Date.parse(x.at) - Date.parse(y.at)).slice(-10);
  for (const h of history) {
    blocks.push({ type: 'field', label: orDash(formatDateTime(h.at)), value: DOSSIER_STATE_LABELS_VI[h.state] ?? h.state, maxLines: 2 });
    if (h.note) blocks.push({ type: 'text', text: `  ${h.note}`, maxLines: 3 });
  }
  blocks.push(
    { type: 'rule' },
    { type: 'text', text: 'Quét mã để tra cứu tiến độ hồ sơ', style: { align: 'center' } },
    { type: 'qr', data: `${opts.trackingUrl}${encodeURIComponent(d.dossierCode)}`, moduleSize: 5 },
    { type: 'text', text: `In lúc ${orDash(formatDateTime(printedAt))}`, style: { align: 'right' } },
    { type: 'text', text: `Đường dây nóng: ${opts.hotline}`, style: { align: 'center' }, maxLines: 1 },
  );
  return { blocks };
}

// ---------------------------------------------------------------------------------------------
// Test page

/** Every Vietnamese vowel in every tone, lower then upper case, and đ Đ (NFC). */
export function vietnameseAlphabetRows(): string[] {
  const rows: string[] = [];
  for (const upper of [false, true]) {
    for (const v of VIETNAMESE_VOWELS) {
      const base = upper ? v.toUpperCase() : v;
      rows.push(VIETNAMESE_TONES.map((t) => (base + t).normalize('NFC')).join(' '));
    }
  }
  rows.push('đ Đ');
  return rows;
}

export function testPageDocument(info: { profile: string; description: string; mode: string; kioskId: string; printedAt?: Date }): PrintDocument {
  const blocks: DocBlock[] = [
    { type: 'text', text: 'TRANG IN THỬ', style: { align: 'center', bold: true, size: 2 } },
    { type: 'field', label: 'Ki-ốt', value: info.kioskId },
    { type: 'field', label: 'Cấu hình máy in', value: `${info.profile} (${info.mode})` },
    { type: 'text', text: info.description, maxLines: 3 },
    { type: 'field', label: 'In lúc', value: orDash(formatDateTime(info.printedAt ?? new Date())) },
    { type: 'rule' },
    { type: 'text', text: 'Chữ tiếng Việt có dấu:', style: { bold: true } },
    ...vietnameseAlphabetRows().map((r): DocBlock => ({ type: 'text', text: r })),
    { type: 'text', text: 'Đậm: Cộng hòa xã hội chủ nghĩa Việt Nam', style: { bold: true } },
    { type: 'text', text: 'Độc lập - Tự do - Hạnh phúc', style: { align: 'center' } },
    { type: 'text', text: 'Cỡ lớn: Ấ Ỗ Ữ', style: { size: 2 } },
    { type: 'text', text: `0123456789 ,.:;/-() ${formatMoney(50000)}` },
    { type: 'rule' },
    { type: 'barcode', data: 'KIOSK-TEST-0001', height: 48 },
    { type: 'qr', data: 'KIOSK TEST PAGE', moduleSize: 4 },
    { type: 'text', text: 'Hết trang in thử', style: { align: 'center' } },
  ];
  return { blocks };
}
