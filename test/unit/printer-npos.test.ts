/**
 * Round trip through code we did not write: our receipt bytes parsed by `npos` (an independent
 * ESC/POS parser from npm). npos has no rule for GS ( k (2-D codes); the test adds it (pL pH
 * length, as in the ESC/POS reference) without touching the package. Texts are decoded from the
 * text nodes npos finds with Windows-1258, the QR payload from GS ( k fn 80, the barcode from GS k.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layoutDocument } from '../../drivers/printer/layout';
import { PRINTER_PROFILES, type PrinterProfile } from '../../drivers/printer/profiles';
import { renderEscPos } from '../../drivers/printer/render';
import { decodeCp1258 } from '../../drivers/printer/protocol/vietnamese';
import { receiptDocument, ticketDocument } from '../../main/services/printing/templates';

const require = createRequire(import.meta.url);
interface NposNode {
  code: number;
  ascii: string;
  fn?: string;
  offset: number;
  length: number;
}
interface NposParser {
  analyze(raw: Buffer): { error?: Error; tree: NposNode[] | null };
}
const npos = require('npos') as { rules: Record<number, Record<string, unknown>>; parser(rules: unknown): NposParser };
const ruler = require('npos/lib/parser/ruler') as { normalize(rules: unknown): unknown };

function parser(): NposParser {
  const rules = JSON.parse(JSON.stringify(npos.rules)) as Record<number, Record<string, unknown>>;
  (rules[0x1d] as Record<string, unknown>)['(k'] = [0, 'd16'];
  return npos.parser(ruler.normalize(rules));
}

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/printer/${name}.json`, import.meta.url), 'utf8'));
const URLS = { trackingUrl: 'https://dvc.example.vn/tra-cuu/', queueUrl: 'https://dvc.example.vn/q/' };

interface Decoded {
  text: string;
  qr: string[];
  barcodes: string[];
  rasterRows: number;
  commands: string[];
}

function decode(bytes: Uint8Array): Decoded {
  const raw = Buffer.from(bytes);
  const ast = parser().analyze(raw);
  expect(ast.error).toBeUndefined();
  const out: Decoded = { text: '', qr: [], barcodes: [], rasterRows: 0, commands: [] };
  for (const n of ast.tree ?? []) {
    const body = raw.subarray(n.offset, n.offset + n.length);
    if (n.ascii === 'STX') {
      out.text += decodeCp1258(body);
      continue;
    }
    out.commands.push(`${n.ascii} ${n.fn ?? ''}`);
    if (n.ascii === 'GS' && n.fn === '(k') {
      // GS ( k pL pH cn fn m d...: fn 0x50 stores the symbol data
      const len = (body[3] ?? 0) + (body[4] ?? 0) * 256;
      if (body[5] === 0x31 && body[6] === 0x50) out.qr.push(new TextDecoder().decode(body.subarray(8, 5 + len)));
    }
    if (n.ascii === 'GS' && n.fn === 'k') {
      // GS k 73 n {B data
      const len = body[3] ?? 0;
      out.barcodes.push(body.subarray(6, 4 + len).toString('latin1'));
    }
    if (n.ascii === 'GS' && n.fn === 'v0') out.rasterRows += (body[6] ?? 0) + (body[7] ?? 0) * 256;
  }
  return out;
}

describe('our ESC/POS read back by npos', () => {
  it('a code-page receipt: every text, the QR and the CODE128 payloads', () => {
    const profile = PRINTER_PROFILES['epson-80'] as PrinterProfile;
    const layout = layoutDocument(receiptDocument(fixture('receipt'), URLS), profile.paper.columns);
    const d = decode(renderEscPos(layout, profile).bytes);
    for (const s of [
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      'Người nộp: Nguyễn Thị Ánh Tuyết',
      'Số định danh: 0011******45',
      'Nhận hồ sơ lúc: 09 giờ 05 phút, ngày 14/03/2026',
      'Hẹn trả kết quả: 16 giờ 00 phút, ngày 16/03/2026',
      'Đường dây nóng: 1900 1234',
    ]) {
      expect(d.text).toContain(s);
    }
    expect(d.text).not.toContain('001199012345');
    expect(d.qr).toEqual(['https://dvc.example.vn/tra-cuu/000.00.12.H56-260314-0042']);
    expect(d.barcodes).toEqual(['000.00.12.H56-260314-0042']);
    expect(d.commands).toContain('ESC t');
    expect(d.commands[d.commands.length - 1]).toBe('GS V');
  });

  it('a raster ticket: no text bytes, images of every line, and the native QR', () => {
    const profile = PRINTER_PROFILES['generic-80-raster'] as PrinterProfile;
    const layout = layoutDocument(ticketDocument(fixture('ticket'), URLS), profile.paper.columns);
    const r = renderEscPos(layout, profile);
    const d = decode(r.bytes);
    expect(d.text.trim()).toBe('');
    expect(d.rasterRows).toBeGreaterThan(r.rasterLines * 24);
    expect(d.qr).toEqual(['https://dvc.example.vn/q/A012']);
  });
});
