import { describe, expect, it } from 'vitest';
import { layoutDocument } from '../../drivers/printer/layout';
import { paymentReceiptDocument, PAYMENT_RECEIPT_TITLE_VI } from '../../main/services/printing/payment-receipt';
import { qrPath } from '../../ui/components/QrCode';

const OPTS = {
  trackingUrl: 'https://dichvucong.example/tra-cuu/',
  centerName: 'Ki-ốt dịch vụ công',
  hotline: '1900 1234',
  printedAt: new Date('2026-03-18T03:00:00Z'),
};

function text(input: unknown): string {
  return layoutDocument(paymentReceiptDocument(input, OPTS), 48)
    .items.flatMap((i) => (i.type === 'line' ? [i.text] : []))
    .join('\n');
}

describe('payment receipt template', () => {
  it('prints the receipt number, the dossier, each fee line, the total in đồng and in words, the payment', () => {
    const t = text({
      receiptNumber: 'BL260318-000001',
      paymentId: 'P260318K7Q2XM',
      dossierCode: '000.00.16.h29-260318-0012',
      procedure: { code: '1.000', name: 'Đăng ký biến động quyền sử dụng đất' },
      amount: 58_000,
      feeLines: [
        { description: 'Lệ phí cấp Giấy chứng nhận', amount: 50_000 },
        { description: 'Phí trích lục', amount: 8_000 },
      ],
      payee: { bankName: 'VietinBank', accountName: 'TRUNG TAM' },
      paidAt: '2026-03-18T10:05:00+07:00',
    });
    expect(t).toContain(PAYMENT_RECEIPT_TITLE_VI);
    expect(t).toContain('Số: BL260318-000001');
    expect(t).toContain('000.00.16.H29-260318-0012');
    expect(t).toMatch(/Lệ phí cấp Giấy chứng nhận:?\s+50\.000 đ/);
    expect(t).toMatch(/Tổng cộng\s+58\.000 đ/);
    expect(t).toContain('Năm mươi tám nghìn đồng');
    expect(t).toContain('P260318K7Q2XM');
    expect(t).toContain('18/03/2026');
    expect(t).toBe(t.normalize('NFC'));
  });

  it('a broken record still prints a sensible slip', () => {
    const t = text({ amount: 'lots', feeLines: 'x', dossierCode: 12 });
    expect(t).toContain(PAYMENT_RECEIPT_TITLE_VI);
    expect(t).toContain('Số: -');
    expect(t).toMatch(/Tổng cộng\s+0 đ/);
    expect(text(null)).toContain('Mã hồ sơ');
  });
});

describe('QR painting (ui/components/QrCode.tsx)', () => {
  it('draws one run per horizontal stretch of dark modules, inside the quiet zone', () => {
    // 3x3: row 0 "110", row 1 "000", row 2 "101"
    expect(qrPath(3, '110000101')).toBe('M4 4h2v1h-2zM4 6h1v1h-1zM6 6h1v1h-1z');
    expect(qrPath(2, '0000')).toBe('');
  });
});
