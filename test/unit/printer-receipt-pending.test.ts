/**
 * The receipt of a submission (issue 6 on issue 4's printer): the offline "chờ gửi" variant and the
 * normal slip, read back through `npos` (an independent ESC/POS parser; GS ( k added as in
 * printer-npos.test.ts). Also the lookup behind `submission.print` (createSubmissionReceipts) with
 * small fakes for the outbox and the backend; the real ones are in
 * test/integration/submit-receipt.test.ts.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layoutDocument } from '../../drivers/printer/layout';
import { PRINTER_PROFILES, type PrinterProfile } from '../../drivers/printer/profiles';
import { renderEscPos } from '../../drivers/printer/render';
import { decodeCp1258 } from '../../drivers/printer/protocol/vietnamese';
import type { Dossier } from '../../main/api/schemas';
import { KioskError } from '../../main/errors';
import { createMemoryLogger } from '../../main/log';
import type { SubmissionReceipt } from '../../main/services/printing';
import { createSubmissionReceipts, RECEIPT_MEMO_KEY } from '../../main/services/printing/submission-receipt';
import { pendingReceiptDocument, receiptDocument } from '../../main/services/printing/templates';
import { classifyScan } from '../../main/services/scan/classify';
import { createSessionData } from '../../main/services/session';

const require = createRequire(import.meta.url);
interface NposNode {
  ascii: string;
  fn?: string;
  offset: number;
  length: number;
}
const npos = require('npos') as {
  rules: Record<number, Record<string, unknown>>;
  parser(rules: unknown): { analyze(raw: Buffer): { error?: Error; tree: NposNode[] | null } };
};
const ruler = require('npos/lib/parser/ruler') as { normalize(rules: unknown): unknown };

function decode(bytes: Uint8Array): { text: string; flat: string; qr: string[]; barcodes: string[] } {
  const rules = JSON.parse(JSON.stringify(npos.rules)) as Record<number, Record<string, unknown>>;
  (rules[0x1d] as Record<string, unknown>)['(k'] = [0, 'd16'];
  const raw = Buffer.from(bytes);
  const ast = npos.parser(ruler.normalize(rules)).analyze(raw);
  expect(ast.error).toBeUndefined();
  const out = { text: '', flat: '', qr: [] as string[], barcodes: [] as string[] };
  for (const n of ast.tree ?? []) {
    const body = raw.subarray(n.offset, n.offset + n.length);
    if (n.ascii === 'STX') out.text += decodeCp1258(body);
    if (n.ascii === 'GS' && n.fn === '(k') {
      const len = (body[3] ?? 0) + (body[4] ?? 0) * 256;
      if (body[5] === 0x31 && body[6] === 0x50) out.qr.push(new TextDecoder().decode(body.subarray(8, 5 + len)));
    }
    if (n.ascii === 'GS' && n.fn === 'k') out.barcodes.push(body.subarray(6, 4 + (body[3] ?? 0)).toString('latin1'));
  }
  // Long sentences wrap over lines: compare them with the line breaks and indents collapsed.
  out.flat = out.text.replace(/\s+/g, ' ');
  return out;
}

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../fixtures/printer/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
const URLS = { trackingUrl: 'https://dvc.example.vn/tra-cuu/' };
const REF = 'KIOSK.01-261123-0007';
const OFFLINE = 'Hồ sơ chưa được gửi do mất kết nối. Ki-ốt sẽ tự động gửi khi có mạng; không cần nộp lại.';

function printed(doc: ReturnType<typeof receiptDocument>, profileName = 'epson-80') {
  const profile = PRINTER_PROFILES[profileName] as PrinterProfile;
  return decode(renderEscPos(layoutDocument(doc, profile.paper.columns), profile).bytes);
}

describe('the offline receipt of a submission waiting in the outbox', () => {
  it('says plainly it is not sent yet, and prints the local reference as text, CODE128 and QR', () => {
    const d = printed(pendingReceiptDocument(fixture('receipt-pending'), URLS));
    expect(d.flat).toContain(OFFLINE);
    expect(d.text).toContain('GIẤY BIÊN NHẬN HỒ SƠ CHỜ GỬI');
    expect(d.text).toContain(REF);
    expect(d.barcodes).toEqual([REF]);
    expect(d.qr).toEqual([`${URLS.trackingUrl}${REF}`]);
    // a scan of that QR is a receipt slip carrying the local reference: lookup finds the waiting record
    expect(classifyScan(d.qr[0])).toMatchObject({ kind: 'receiptSlip', dossierCode: REF });
    for (const s of [
      'Số định danh: 0790******34',
      'Thủ tục: Đăng ký khai sinh',
      '1. giay-chung-sinh.pdf',
      'Nộp tại ki-ốt lúc: 09 giờ 05 phút, ngày 23/11/2026',
      'Đường dây nóng: 1900 1234',
    ]) {
      expect(d.flat).toContain(s);
    }
    expect(d.text).not.toContain('079090001234');
    expect(d.text.normalize('NFC')).toBe(d.text);
  });

  it('has no due date: only the sentence that the date comes when the dossier is received', () => {
    const d = printed(pendingReceiptDocument({ ...fixture('receipt-pending'), dueAt: '2026-11-30' }, URLS));
    expect(d.flat).toContain('Ngày hẹn trả kết quả sẽ được thông báo khi cơ quan tiếp nhận hồ sơ.');
    expect(d.text).not.toContain('Hẹn trả kết quả:');
    expect(d.text).not.toContain('Mã hồ sơ');
    // the only date printed is the day it was queued
    expect(new Set(d.text.match(/\d{2}\/\d{2}\/\d{4}/g))).toEqual(new Set(['23/11/2026']));
  });

  it('the same grid in raster mode (58 mm too) and a sensible slip from empty or bad data', () => {
    const cp = layoutDocument(pendingReceiptDocument(fixture('receipt-pending'), URLS), 48);
    const profile = PRINTER_PROFILES['generic-80-raster'] as PrinterProfile;
    const raster = renderEscPos(cp, profile);
    expect(raster.mode).toBe('raster');
    expect(decode(raster.bytes).qr).toEqual([`${URLS.trackingUrl}${REF}`]);
    const narrow = printed(pendingReceiptDocument(fixture('receipt-pending'), URLS), 'generic-58-cp1258');
    expect(narrow.flat).toContain(OFFLINE);
    expect(narrow.barcodes).toEqual([REF]);
    for (const bad of [undefined, null, 42, { localRef: 7, applicant: 'x', documents: 'y', queuedAt: 'yesterday' }]) {
      const d = printed(pendingReceiptDocument(bad, URLS));
      expect(d.flat).toContain(OFFLINE);
      expect(d.flat).toContain('Số định danh: -');
      expect(d.barcodes).toEqual([]);
      expect(d.qr).toEqual([]);
    }
  });

  it('a submission the backend refused says a technician will act, not that it will be sent', () => {
    const d = printed(pendingReceiptDocument({ ...fixture('receipt-pending'), delivery: 'failed' }, URLS));
    expect(d.flat).toContain('Hồ sơ chưa gửi được đến cơ quan tiếp nhận.');
    expect(d.flat).not.toContain('sẽ tự động gửi');
  });
});

describe('the normal receipt slip (the backend accepted the submission)', () => {
  it('keeps its dossier code and due date, without the offline sentence', () => {
    const d = printed(receiptDocument(fixture('receipt'), URLS));
    expect(d.flat).toContain('Hẹn trả kết quả: 16 giờ 00 phút, ngày 16/03/2026');
    expect(d.barcodes).toEqual(['000.00.12.H56-260314-0042']);
    expect(d.flat).not.toContain('mất kết nối');
  });

  it('a due date without a time (what the backend answers) prints as a date, no made-up hour', () => {
    const d = printed(receiptDocument({ ...fixture('receipt'), dueAt: '2026-03-20' }, URLS));
    expect(d.flat).toContain('Hẹn trả kết quả: ngày 20/03/2026');
    expect(d.flat).not.toMatch(/Hẹn trả kết quả: \d{2} giờ/);
  });
});

describe('createSubmissionReceipts (fakes: the outbox lookup and the backend)', () => {
  const dossier: Dossier = {
    dossierCode: '000.00.01.H29-261123-0001',
    state: 'received',
    stateHistory: [{ state: 'received', at: '2026-11-23T10:00:00+07:00' }],
    procedure: { code: '1.001193', name: 'Đăng ký khai sinh' },
    agency: { name: 'UBND phường Bến Thành', level: 'commune' },
    channel: 'online',
    receivedAt: '2026-11-23T10:00:00+07:00',
    dueDate: '2026-11-25',
    overdue: false,
    feesDue: 0,
    applicantName: 'Nguyễn V** A*',
  };
  const request = {
    procedureCode: '1.001193',
    applicant: { fullName: 'Nguyễn Văn An', personalId: '079090001234' },
    attachments: [{ name: 'giay-chung-sinh.pdf', mime: 'application/pdf', contentBase64: '' }],
  };

  function setup(state: { delivered?: string; backendDown?: boolean }) {
    const data = createSessionData();
    const printedReceipts: SubmissionReceipt[] = [];
    const r = createSubmissionReceipts({
      session: { data },
      findLocal: (code) =>
        code !== REF
          ? null
          : state.delivered
            ? { dossierCode: state.delivered }
            : {
                pending: {
                  dossierCode: REF,
                  state: 'pending_send',
                  localRef: REF,
                  delivery: 'waiting',
                  procedure: { code: '1.001193', name: 'Đăng ký khai sinh' },
                  queuedAt: '2026-11-23T09:05:00+07:00',
                },
              },
      lookupDossier: async (code) => {
        if (state.backendDown) throw new KioskError('offline', 'down');
        if (code !== dossier.dossierCode) throw new KioskError('not_found', 'no');
        return dossier;
      },
      printer: {
        async printSubmissionReceipt(rec) {
          printedReceipts.push(rec);
          return { state: 'printed', jobId: '1', condition: 'ready' };
        },
      },
      log: createMemoryLogger(),
    });
    return { r, data, printedReceipts };
  }

  it('waiting: the offline receipt with what the resident gave this session (ID masked in memory too)', async () => {
    const { r, data, printedReceipts } = setup({});
    r.remember(request, { localRef: REF, state: 'queued' });
    expect(JSON.stringify([...(data.get(RECEIPT_MEMO_KEY) ?? [])])).not.toContain('079090001234');
    expect(await r.print(REF.toLowerCase())).toMatchObject({ state: 'printed' });
    expect(printedReceipts).toEqual([
      {
        state: 'queued',
        localRef: REF,
        data: expect.objectContaining({
          localRef: REF,
          procedure: 'Đăng ký khai sinh',
          queuedAt: '2026-11-23T09:05:00+07:00',
          applicant: expect.objectContaining({ name: 'Nguyễn Văn An', idNumber: '0790******34' }),
          documents: [{ name: 'giay-chung-sinh.pdf' }],
        }),
      },
    ]);
    // after the session (data map wiped) it still prints, without the resident's part
    data.clear();
    expect((await r.receipt(REF)).data.applicant).toMatchObject({ name: undefined, idNumber: undefined });
  });

  it('delivered: the normal slip with the real dossier code and due date from the backend', async () => {
    const { r } = setup({ delivered: dossier.dossierCode });
    r.remember(request, { localRef: REF, state: 'queued' });
    const rec = await r.receipt(REF);
    expect(rec).toMatchObject({ state: 'sent', data: { dossierCode: dossier.dossierCode, dueAt: '2026-11-25', centerName: 'UBND phường Bến Thành' } });
  });

  it('delivered but the backend unreadable: the submit answer is enough; without it the error goes to the UI', async () => {
    const { r } = setup({ delivered: dossier.dossierCode, backendDown: true });
    await expect(r.receipt(REF)).rejects.toMatchObject({ code: 'offline' });
    r.remember(request, { localRef: REF, state: 'sent', dossierCode: dossier.dossierCode, receivedAt: '2026-11-23T10:00:00+07:00', dueDate: '2026-11-25' });
    expect(await r.receipt(REF)).toMatchObject({ state: 'sent', data: { dossierCode: dossier.dossierCode, dueAt: '2026-11-25' } });
  });

  it('an unknown reference is not_found; remember never throws', async () => {
    const { r } = setup({});
    await expect(r.print('KIOSK.01-261123-0099')).rejects.toMatchObject({ code: 'not_found' });
    expect(() => r.remember({ procedureCode: 'x', applicant: null as never }, { localRef: REF, state: 'queued' })).not.toThrow();
  });
});
