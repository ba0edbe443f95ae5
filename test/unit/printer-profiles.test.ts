import { describe, expect, it } from 'vitest';
import {
  CODE_PAGE_CHINESE_CP1258,
  CODE_PAGE_EPSON_TCVN3,
  CODE_PAGE_EPSON_WPC1258,
  PAPER_58MM,
  PAPER_80MM,
  PRINTER_PROFILES,
  encodeTextForCodePage,
  selectCodePageBytes,
} from '../../drivers/printer/profiles';

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

describe('printer profiles', () => {
  it('paper geometry: 8 dots/mm at 203 dpi, 12-dot font A', () => {
    expect(PAPER_58MM).toEqual({ widthMm: 58, dots: 384, columns: 32 });
    expect(PAPER_80MM).toEqual({ widthMm: 80, dots: 576, columns: 48 });
    for (const p of [PAPER_58MM, PAPER_80MM]) expect(p.dots / 12).toBe(p.columns);
    for (const [id, p] of Object.entries(PRINTER_PROFILES)) expect(p.id).toBe(id);
  });
  it('code page selection bytes', () => {
    expect(hex(selectCodePageBytes(CODE_PAGE_EPSON_WPC1258))).toBe('1b 74 34');
    expect(hex(selectCodePageBytes(CODE_PAGE_CHINESE_CP1258))).toBe('1c 2e 1b 74 1b');
    expect(hex(selectCodePageBytes(CODE_PAGE_EPSON_TCVN3))).toBe('1b 74 1e');
    expect(selectCodePageBytes({ kind: 'none' }).length).toBe(0);
  });
  it('text for cp1258 profiles', () => {
    const r = encodeTextForCodePage(CODE_PAGE_EPSON_WPC1258, 'Số 12');
    expect(r.ok && hex(r.bytes)).toBe('53 f4 ec 20 31 32');
  });
  it('text for TCVN-3 with an upper page switches with ESC t 31 and back to 30', () => {
    const r = encodeTextForCodePage(CODE_PAGE_EPSON_TCVN3, 'Số SỐ');
    expect(r.ok && hex(r.bytes)).toBe('53 e8 20 53 1b 74 1f e8 1b 74 1e');
    expect(r.ok && r.columns).toBe(5);
  });
  it('TCVN-3 without an upper page cannot print upper-case toned letters', () => {
    expect(encodeTextForCodePage({ kind: 'tcvn3', escT: 30 }, 'SỐ')).toEqual({ ok: false, unencodable: ['Ố'] });
  });
  it('no code page: everything goes to raster', () => {
    expect(encodeTextForCodePage({ kind: 'none' }, 'ab a')).toEqual({ ok: false, unencodable: ['a', 'b', ' '] });
  });
});
