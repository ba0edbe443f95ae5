import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cleanText, layoutDocument, layoutText, textColumns, wrapText, type Layout } from '../../drivers/printer/layout';
import { PRINTER_PROFILES, encodeTextForCodePage, type PrinterProfile } from '../../drivers/printer/profiles';
import { lineHeight } from '../../drivers/printer/raster';
import { renderEscPos } from '../../drivers/printer/render';
import { SimulatedPrinter } from '../../drivers/printer/simulator';
import { encodeCp1258 } from '../../drivers/printer/protocol/vietnamese';
import { dossierStatusDocument, receiptDocument, testPageDocument, ticketDocument, vietnameseAlphabetRows } from '../../main/services/printing/templates';
import { nextStepSentence } from '../../common/next-step';
import type { Dossier } from '../../main/api/schemas';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/printer/${name}.json`, import.meta.url), 'utf8'));
const profile = (id: string): PrinterProfile => PRINTER_PROFILES[id] as PrinterProfile;
const URLS = { trackingUrl: 'https://dvc.example.vn/tra-cuu/', queueUrl: 'https://dvc.example.vn/q/' };

function textLines(layout: Layout): string[] {
  return layout.items.flatMap((i) => (i.type === 'line' ? [i.text] : []));
}

describe('word wrap by columns', () => {
  it('counts one column per letter, whatever the tone marks', () => {
    expect(textColumns('Nguyễn Thị Ánh')).toBe(14);
    expect(textColumns('Nguye\u0302\u0303n'.normalize('NFD'))).toBe(6);
    // cp1258 sends ễ as ê + combining tilde: 2 bytes, 1 column; the encoder agrees.
    const enc = encodeCp1258('Nguyễn Thị Ánh');
    expect(enc.ok && enc.columns).toBe(14);
    expect(enc.ok && enc.bytes.length).toBeGreaterThan(14);
  });

  it('breaks at spaces, never past the width, and hard-breaks an over-long word', () => {
    expect(wrapText('Chứng thực bản sao từ bản chính giấy tờ', 16)).toEqual(['Chứng thực bản', 'sao từ bản chính', 'giấy tờ']);
    expect(wrapText('ABCDEFGHIJ', 4)).toEqual(['ABCD', 'EFGH', 'IJ']);
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 1, max: 48 }), (s, w) => {
        for (const l of wrapText(s, w)) expect(textColumns(l)).toBeLessThanOrEqual(w);
      }),
    );
  });

  it('removes control characters: text never smuggles printer commands', () => {
    expect(cleanText('A\x1b@B\x1dV\x00C\tD\nE')).toBe('A@BVC D E');
    const layout = layoutDocument({ blocks: [{ type: 'text', text: 'X\x1bd\x05\x1dV\x00Y' }] }, 48);
    const bytes = renderEscPos(layout, profile('epson-80')).bytes;
    // the only ESC/GS in the job are ours: init, code page, align, and the final cut
    const text = Array.from(bytes)
      .map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'))
      .join('');
    expect(text).toContain('XdVY');
  });
});

describe('layout of the templates', () => {
  it.each(['epson-80', 'generic-58-cp1258'])('every line fits the paper (%s)', (id) => {
    const p = profile(id);
    for (const doc of [
      receiptDocument(fixture('receipt'), URLS),
      ticketDocument(fixture('ticket'), URLS),
      testPageDocument({ profile: id, description: p.description, mode: 'auto', kioskId: 'K' }),
      dossierStatusDocument(fixture('dossier') as Dossier, { ...URLS, centerName: 'Trung tâm Phục vụ hành chính công', hotline: '1900 1234' }),
    ]) {
      const layout = layoutDocument(doc, p.paper.columns);
      for (const it of layout.items) {
        if (it.type === 'line') expect(textColumns(it.text) * it.size, it.text).toBeLessThanOrEqual(p.paper.columns);
        if (it.type === 'barcode') expect((11 * (it.data.length + 3) + 2) * it.moduleWidth).toBeLessThanOrEqual(p.paper.dots);
      }
    }
  });

  it('a receipt with a 300-character address, an empty name and no dates is still sensible', () => {
    const doc = receiptDocument(
      { dossierCode: ' 000.00.12.h56-260314-0042 ', applicant: { name: '', address: 'Số 12 phố Hàng Bạc '.repeat(16), idNumber: '001199012345' } },
      URLS,
    );
    const layout = layoutDocument(doc, 48);
    const text = layoutText(layout);
    expect(text).toContain('Người nộp: -');
    expect(text).toContain('000.00.12.H56-260314-0042');
    expect(text).toContain('0011******45');
    expect(text).not.toContain('001199012345');
    const address = textLines(layout).filter((l) => l.startsWith('Địa chỉ') || l.startsWith('         '));
    expect(address.length).toBeLessThanOrEqual(4 + 6);
    expect(text).toMatch(/\.\.\.$/m);
    expect(layout.items.some((i) => i.type === 'qr' && i.data === 'https://dvc.example.vn/tra-cuu/000.00.12.H56-260314-0042')).toBe(true);
  });

  it('a lookup prints "Phiếu thông tin hồ sơ" with the next step, the same sentence as the screen', () => {
    const d = fixture('dossier') as Dossier;
    const printedAt = new Date('2026-03-16T03:00:00Z');
    const doc = dossierStatusDocument(d, { ...URLS, centerName: 'Trung tâm Phục vụ hành chính công', hotline: '1900 1234', printedAt });
    const layout = layoutDocument(doc, 48);
    const text = layoutText(layout);
    expect(textLines(layout).map((l) => l.trim())).toContain('PHIẾU THÔNG TIN HỒ SƠ');
    expect(text).not.toContain('KẾT QUẢ TRA CỨU');
    expect(text).toContain('Việc cần làm tiếp theo:');
    const sentence = nextStepSentence(d, { hotline: '1900 1234', today: '2026-03-16' });
    expect(sentence).toContain('Bổ sung bản sao chứng thực giấy chứng sinh');
    // The sentence is wrapped over several lines: compare the words.
    const words = (s: string) => s.split(/\s+/).filter(Boolean);
    const at = text.indexOf('Việc cần làm tiếp theo:');
    expect(words(text.slice(at)).slice(5, 5 + words(sentence).length)).toEqual(words(sentence));
  });

  it('garbage instead of data gives a slip of dashes, not a crash', () => {
    for (const junk of [null, 42, 'x', [], { applicant: 7, documents: 'no', peopleAhead: -3 }]) {
      expect(() => layoutDocument(receiptDocument(junk, URLS), 48)).not.toThrow();
      expect(() => layoutDocument(ticketDocument(junk, URLS), 32)).not.toThrow();
    }
  });

  it('received time reads "HH giờ mm phút, ngày dd/MM/yyyy" in Vietnam time, "-" when unreadable', () => {
    const received = (receivedAt: string) => layoutText(layoutDocument(receiptDocument({ receivedAt }, URLS), 64));
    expect(received('2026-03-14T02:05:00Z')).toContain('Nhận hồ sơ lúc: 09 giờ 05 phút, ngày 14/03/2026');
    expect(received('not a date')).toContain('Nhận hồ sơ lúc: -');
  });

  it('the test page has every vowel in every tone, both cases, and đ Đ', () => {
    const rows = vietnameseAlphabetRows();
    const letters = rows.join(' ').split(' ');
    expect(letters).toHaveLength(12 * 6 * 2 + 2);
    expect(new Set(letters).size).toBe(letters.length);
    expect(rows).toContain('ư ừ ứ ử ữ ự');
    expect(rows).toContain('Ơ Ờ Ớ Ở Ỡ Ợ');
    for (const l of letters) expect(encodeTextForCodePage(profile('epson-80').codePage, l).ok, l).toBe(true);
  });
});

describe('code-page mode and raster mode print the same layout', () => {
  it('the simulator reads back exactly the laid-out lines in code-page mode', () => {
    const layout = layoutDocument(receiptDocument(fixture('receipt'), URLS), 48);
    const sim = new SimulatedPrinter({ codePage: profile('epson-80').codePage });
    sim.write(renderEscPos(layout, profile('epson-80')).bytes);
    const job = sim.jobs[0]!;
    expect(job.lines.filter((l) => l !== '')).toEqual(textLines(layout).filter((l) => l !== ''));
    expect(job.barcodes[0]?.data).toBe('000.00.12.H56-260314-0042');
    expect(job.qrCodes).toEqual(['https://dvc.example.vn/tra-cuu/000.00.12.H56-260314-0042']);
  });

  it('raster mode sends the same lines as images, one line pitch each', () => {
    const layout = layoutDocument(ticketDocument(fixture('ticket'), URLS), 48);
    const r = renderEscPos(layout, profile('generic-80-raster'));
    expect(r.mode).toBe('raster');
    const lines = layout.items.filter((i) => i.type === 'line');
    expect(r.rasterLines).toBe(lines.length);
    const sim = new SimulatedPrinter({ codePage: { kind: 'none' } });
    sim.write(r.bytes);
    const job = sim.jobs[0]!;
    expect(job.lines.join('')).toBe(''); // no text bytes at all
    const rows = job.images.reduce((n, im) => n + im.height, 0);
    expect(rows).toBe(lines.reduce((n, l) => n + (l.type === 'line' ? lineHeight(l.size) : 0), 0));
    expect(job.qrCodes).toEqual(['https://dvc.example.vn/q/A012']);
  });

  it('a line the code page cannot carry becomes an image, never "?"', () => {
    const layout = layoutDocument(
      {
        blocks: [
          { type: 'text', text: 'Tên: Nguyễn 阮 Văn' },
          { type: 'text', text: 'Bình thường' },
        ],
      },
      48,
    );
    const r = renderEscPos(layout, profile('epson-80'));
    expect(r.mode).toBe('codepage');
    expect(r.rasterLines).toBe(1);
    const sim = new SimulatedPrinter({ codePage: profile('epson-80').codePage });
    sim.write(r.bytes);
    expect(sim.jobs[0]!.lines.join('')).not.toMatch(/[?\ufffd]/);
    expect(sim.jobs[0]!.lines).toContain('Bình thường');
    // Sent as GS v 0 bands (each as narrow as its ink) that add up to exactly one line pitch.
    expect(sim.jobs[0]!.images.length).toBeGreaterThan(0);
    expect(sim.jobs[0]!.images.reduce((n, im) => n + im.height, 0)).toBe(lineHeight(1));
  });
});
