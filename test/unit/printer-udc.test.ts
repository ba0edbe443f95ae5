/**
 * Vietnamese on a printer without a Vietnamese code page, as text: the letters a job uses defined
 * as user-defined characters (ESC &) from the bundled font, the text sent as text with ESC % around
 * them. The bytes are decoded back to glyph bitmaps and text here; the OCR of what they print is
 * test/integration/printer-udc-ocr.test.ts.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layoutDocument, textCells, type Layout } from '../../drivers/printer/layout';
import { PRINTER_PROFILES } from '../../drivers/printer/profiles';
import {
  createBitmap,
  defineUserChars,
  getPixel,
  readUserChars,
  setPixel,
  userCharSet,
  USER_CHAR_FIRST,
  type Bitmap,
} from '../../drivers/printer/protocol/escpos';
import { tokenize } from '../../drivers/printer/protocol/parse';
import { renderGlyphCell } from '../../drivers/printer/raster';
import { planUserChars, renderEscPos } from '../../drivers/printer/render';
import { SimulatedPrinter, type SimulatedJob } from '../../drivers/printer/simulator';
import { receiptDocument, ticketDocument } from '../../main/services/printing/templates';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/printer/${name}.json`, import.meta.url), 'utf8'));
const UDC = PRINTER_PROFILES['generic-80-udc']!;
const RASTER = PRINTER_PROFILES['generic-80-raster']!;
const ticket = (profile = UDC): Layout =>
  layoutDocument(ticketDocument(fixture('ticket'), { queueUrl: 'https://dvc.example.vn/xep-hang/' }), profile.paper.columns);

function pixels(b: Bitmap): string {
  let s = '';
  for (let y = 0; y < b.height; y++) for (let x = 0; x < b.width; x++) s += getPixel(b, x, y) ? '#' : '.';
  return s;
}

function printed(bytes: Uint8Array): SimulatedJob {
  const sim = new SimulatedPrinter({ codePage: UDC.codePage });
  let job: SimulatedJob | undefined;
  sim.on('job', (j) => (job = j));
  sim.write(bytes);
  if (!job) throw new Error('the simulator printed no job');
  return job;
}

describe('ESC & and ESC %', () => {
  it('select and cancel the user-defined set with ESC % 1 / ESC % 0', () => {
    expect([...userCharSet(true)]).toEqual([0x1b, 0x25, 1]);
    expect([...userCharSet(false)]).toEqual([0x1b, 0x25, 0]);
  });

  it('define glyphs column by column, top bit first, and read back the same dots', () => {
    const glyph = fc.array(fc.boolean(), { minLength: 12 * 24, maxLength: 12 * 24 }).map((dots) => {
      const g = createBitmap(12, 24);
      dots.forEach((on, i) => on && setPixel(g, i % 12, Math.floor(i / 12)));
      return g;
    });
    fc.assert(
      fc.property(fc.array(glyph, { minLength: 1, maxLength: 8 }), (glyphs) => {
        const cmd = defineUserChars(USER_CHAR_FIRST, glyphs);
        expect([...cmd.subarray(0, 5)]).toEqual([0x1b, 0x26, 3, USER_CHAR_FIRST, USER_CHAR_FIRST + glyphs.length - 1]);
        const back = readUserChars(cmd);
        expect(back?.first).toBe(USER_CHAR_FIRST);
        expect(back?.glyphs.map(pixels)).toEqual(glyphs.map(pixels));
        // The tokenizer finds the command's end however the data falls.
        const { tokens, consumed } = tokenize(Uint8Array.from([...cmd, 0x41, 0x0a]));
        expect(consumed).toBe(cmd.length + 2);
        expect(tokens[0]).toMatchObject({ kind: 'defineUserChars' });
      }),
      { numRuns: 60 },
    );
  });

  it('sends no blank columns at the right of a glyph, which reads back blank', () => {
    const g = createBitmap(12, 24);
    setPixel(g, 2, 5);
    setPixel(g, 6, 20);
    const cmd = defineUserChars(USER_CHAR_FIRST, [g]);
    expect(cmd[5]).toBe(7); // columns 0 to 6 sent
    expect(cmd.length).toBe(5 + 1 + 7 * 3);
    expect(pixels(readUserChars(cmd)!.glyphs[0]!)).toBe(pixels(g));
  });

  it('an incomplete definition waits for more bytes', () => {
    const cmd = defineUserChars(USER_CHAR_FIRST, [renderGlyphCell('ă', false), renderGlyphCell('Đ', false)]);
    for (const cut of [3, 5, 6, 20, cmd.length - 1]) expect(tokenize(cmd.subarray(0, cut)).consumed, `cut at ${cut}`).toBe(0);
  });
});

describe('a queue ticket on a printer with user-defined characters', () => {
  const layout = ticket();
  const result = renderEscPos(layout, UDC);
  const job = printed(result.bytes);
  const codes = planUserChars(layout);
  const cellOf = new Map([...codes].map(([cell, code]) => [code, cell]));

  it('is text, with no raster line, and a fraction of the raster ticket', () => {
    expect(result.mode).toBe('udc');
    expect(result.rasterLines).toBe(0);
    expect(job.images).toEqual([]);
    const raster = renderEscPos(ticket(RASTER), RASTER).bytes.length;
    expect(result.bytes.length).toBeLessThan(raster / 5);
    expect(result.bytes.length).toBeLessThan(2300);
  });

  it('defines each Vietnamese letter it prints once, from the bundled font, 12 x 24 dots', () => {
    const letters = new Set(layout.items.flatMap((i) => (i.type === 'line' ? textCells(i.text).filter((c) => !/^[ -~]$/.test(c)) : [])));
    expect(new Set(codes.keys())).toEqual(letters);
    expect(letters).toContain('Ố');
    expect(letters).toContain('ư');
    const definitions = tokenize(result.bytes).tokens.filter((t) => t.kind === 'defineUserChars');
    expect(definitions).toHaveLength(1);
    const back = readUserChars((definitions[0] as { bytes: Uint8Array }).bytes)!;
    expect(back.glyphs).toHaveLength(codes.size);
    back.glyphs.forEach((g, i) => {
      const cell = cellOf.get(back.first + i)!;
      expect([g.width, g.height]).toEqual([12, 24]);
      expect(pixels(g), cell).toBe(pixels(renderGlyphCell(cell, false)));
    });
  });

  it("prints every line's text exactly: the user-defined codes stand for the letters they were given", () => {
    const decoded = job.lines.map((l) => [...l].map((ch) => (ch.codePointAt(0)! >= 0xe000 ? cellOf.get(ch.codePointAt(0)! - 0xe000)! : ch)).join(''));
    const expected = layout.items.filter((i) => i.type === 'line').map((i) => (i.type === 'line' ? i.text : ''));
    expect(decoded.filter((l) => l !== '')).toEqual(expected.filter((l) => l !== ''));
    expect(decoded).toContain('              SỐ THỨ TỰ CỦA ÔNG/BÀ');
  });

  it("bold lines use the same glyphs, in the printer's emphasized mode", () => {
    const tokens = tokenize(result.bytes).tokens;
    expect(tokens.some((t) => t.kind === 'bold' && t.n === 1)).toBe(true);
    expect(codes.size).toBe(new Set(codes.values()).size);
  });
});

describe('limits', () => {
  it('more letters than codes: the lines with letters left over go as raster, the others as text', () => {
    const many = 'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ';
    const upper = many.toUpperCase();
    const layout = layoutDocument(
      {
        blocks: [
          { type: 'text', text: many, maxLines: 4 },
          { type: 'text', text: upper, maxLines: 4 },
          { type: 'text', text: 'Xin chào ông/bà' },
        ],
      },
      48,
    );
    const codes = planUserChars(layout);
    expect(codes.size).toBe(94);
    const r = renderEscPos(layout, UDC);
    expect(r.mode).toBe('udc');
    expect(r.rasterLines).toBeGreaterThan(0);
    const job = printed(r.bytes);
    expect(job.images.length).toBeGreaterThan(0);
    expect(job.lines.some((l) => l.startsWith('Xin ch'))).toBe(true);
  });

  it('a receipt slip prints as text too, and forcing raster still works', () => {
    const layout = layoutDocument(receiptDocument(fixture('receipt'), { trackingUrl: 'https://dvc.example.vn/tra-cuu/' }), UDC.paper.columns);
    const r = renderEscPos(layout, UDC);
    expect([r.mode, r.rasterLines]).toEqual(['udc', 0]);
    expect(renderEscPos(layout, UDC, { mode: 'raster' }).mode).toBe('raster');
  });
});
