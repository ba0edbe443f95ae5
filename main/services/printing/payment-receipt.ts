/**
 * The payment receipt the kiosk prints once a payment is paid (issue 12): "BIÊN LAI THU PHÍ, LỆ
 * PHÍ" with the receipt number, the dossier code (text, CODE128 and a tracking QR), the
 * procedure, each fee line, the total as "50.000 đ" and in words, the payment reference and when
 * it was paid. Nothing personal: no name, no ID number.
 *
 * Parsed tolerantly like the other templates: a missing field prints as "-".
 */
import { z } from 'zod';
import type { DocBlock, PrintDocument } from '../../../drivers/printer/layout';
import { formatMoney } from '../../../common/money';
import { moneyInWords } from '../../../common/money-words';
import { formatDateTime } from '../../../common/vietnam-time';

export const PAYMENT_RECEIPT_TITLE_VI = 'BIÊN LAI THU PHÍ, LỆ PHÍ';

const text = z.string().max(2000).optional().catch(undefined);
const amount = z.number().int().min(0).max(999_999_999_999).optional().catch(undefined);

export const PaymentReceiptData = z.object({
  receiptNumber: text,
  paymentId: text,
  dossierCode: text,
  procedure: z.object({ code: text, name: text }).optional().catch(undefined),
  amount,
  feeLines: z
    .array(z.object({ description: z.string().max(500).catch('-'), amount: z.number().int().min(0).catch(0) }))
    .max(30)
    .optional()
    .catch(undefined),
  payee: z.object({ bankName: text, accountName: text }).optional().catch(undefined),
  paidAt: text,
  purpose: text,
});
export type PaymentReceiptData = z.infer<typeof PaymentReceiptData>;

export function paymentReceiptDocument(input: unknown, opts: { trackingUrl: string; centerName: string; hotline: string; printedAt?: Date }): PrintDocument {
  const parsed = PaymentReceiptData.safeParse(input ?? {});
  const d: PaymentReceiptData = parsed.success ? parsed.data : {};
  const code = (d.dossierCode ?? '').trim().toUpperCase();
  const blocks: DocBlock[] = [
    { type: 'text', text: opts.centerName.toUpperCase(), style: { align: 'center', bold: true }, maxLines: 3 },
    { type: 'rule', char: '=' },
    { type: 'text', text: PAYMENT_RECEIPT_TITLE_VI, style: { align: 'center', bold: true } },
    { type: 'text', text: `Số: ${d.receiptNumber ?? '-'}`, style: { align: 'center' }, maxLines: 1 },
    { type: 'feed', lines: 1 },
    { type: 'field', label: 'Mã hồ sơ', value: code || '-', bold: true, maxLines: 2 },
  ];
  if (code) blocks.push({ type: 'barcode', data: code, height: 56 });
  blocks.push({ type: 'field', label: 'Thủ tục', value: d.procedure?.name ?? '-', maxLines: 4 }, { type: 'rule' });
  for (const line of d.feeLines ?? []) blocks.push({ type: 'field', label: line.description, value: formatMoney(line.amount), maxLines: 3 });
  const total = d.amount ?? (d.feeLines ?? []).reduce((s, l) => s + l.amount, 0);
  blocks.push(
    { type: 'rule' },
    { type: 'pair', label: 'Tổng cộng', value: formatMoney(total), bold: true },
    { type: 'field', label: 'Bằng chữ', value: moneyInWords(total) || '-', maxLines: 3 },
    { type: 'rule' },
    { type: 'field', label: 'Hình thức', value: 'Chuyển khoản qua mã VietQR', maxLines: 2 },
  );
  if (d.payee?.bankName) blocks.push({ type: 'field', label: 'Ngân hàng nhận', value: d.payee.bankName, maxLines: 2 });
  blocks.push(
    { type: 'field', label: 'Mã thanh toán', value: d.paymentId ?? '-', maxLines: 1 },
    { type: 'field', label: 'Thanh toán lúc', value: formatDateTime(d.paidAt ?? '') || '-', maxLines: 1 },
  );
  if (code) {
    blocks.push(
      { type: 'rule' },
      { type: 'text', text: 'Quét mã để tra cứu tiến độ hồ sơ', style: { align: 'center' } },
      { type: 'qr', data: `${opts.trackingUrl}${encodeURIComponent(code)}`, moduleSize: 5 },
    );
  }
  blocks.push(
    { type: 'text', text: 'Vui lòng giữ biên lai này.', style: { align: 'center' } },
    { type: 'text', text: `In lúc ${formatDateTime(opts.printedAt ?? new Date()) || '-'}`, style: { align: 'right' } },
    { type: 'text', text: `Đường dây nóng: ${opts.hotline}`, style: { align: 'center' }, maxLines: 1 },
  );
  return { blocks };
}
