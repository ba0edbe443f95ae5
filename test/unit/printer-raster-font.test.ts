import { describe, expect, it } from 'vitest';
import { loadReceiptFonts, renderTextLines } from '../../drivers/printer/raster';
import type { Bitmap } from '../../drivers/printer/protocol/escpos';

const ink = (b: Bitmap) => b.data.reduce((n, byte) => n + (byte.toString(2).match(/1/g) ?? []).length, 0);
const draw = (text: string, bold = false) => renderTextLines([{ text, size: 1, bold }], 576);
const same = (a: Bitmap, b: Bitmap) => a.data.length === b.data.length && a.data.every((v, i) => v === b.data[i]);

describe('raster text with the bundled Vietnamese font', () => {
  it('loads the font', () => {
    expect(loadReceiptFonts()).toBe(true);
  });

  it('draws ink for every letter, and each tone and mark changes the picture', () => {
    const base = draw('a');
    expect(ink(base)).toBeGreaterThan(10);
    const variants = ['à', 'á', 'ả', 'ã', 'ạ', 'ă', 'â', 'ấ', 'ặ'].map((t) => draw(t));
    for (const v of variants) expect(same(v, base)).toBe(false);
    for (let i = 0; i < variants.length; i++) for (let j = i + 1; j < variants.length; j++) expect(same(variants[i]!, variants[j]!)).toBe(false);
    expect(same(draw('Đ'), draw('D'))).toBe(false);
    expect(same(draw('ư'), draw('u'))).toBe(false);
  });

  it('bold draws more ink than regular', () => {
    expect(ink(draw('Nguyễn Văn An', true))).toBeGreaterThan(ink(draw('Nguyễn Văn An')));
  });
});
