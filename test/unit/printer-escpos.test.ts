/**
 * ESC/POS encoder against byte vectors. The expected bytes are written out from the command
 * layouts of the Epson ESC/POS reference (the same layouts appear in Citizen, HPRT, Partner and
 * Cino programming manuals): ESC @ = 1B 40; ESC a n = 1B 61 n; GS ( k fn 65/67/69/80/81 =
 * 1D 28 6B 04 00 31 41 n1 n2 / 1D 28 6B 03 00 31 43 n / 1D 28 6B 03 00 31 45 n /
 * 1D 28 6B pL pH 31 50 30 d... with pL+pH*256 = k+3 / 1D 28 6B 03 00 31 51 30; and so on.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  EscPosBuilder,
  EscPosRangeError,
  align,
  asciiBytes,
  automaticStatusBack,
  barcodeHeight,
  barcodeHriPosition,
  barcodeModuleWidth,
  bold,
  cancelKanjiMode,
  characterSize,
  code128,
  code128Barcode,
  createBitmap,
  cut,
  feedLines,
  getPixel,
  initialize,
  lineFeed,
  qrCode,
  qrErrorCorrection,
  qrModuleSize,
  qrPrint,
  qrSelectModel,
  qrStoreData,
  rasterImage,
  realtimeStatusRequest,
  selectCodePage,
  setPixel,
  underline,
} from '../../drivers/printer/protocol/escpos';

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
const h = (s: string): string => s.toLowerCase();

describe('basic commands', () => {
  it('ESC @ initialise', () => expect(hex(initialize())).toBe('1b 40'));
  it('ESC a n justification', () => {
    expect(hex(align('left'))).toBe('1b 61 00');
    expect(hex(align('center'))).toBe('1b 61 01');
    expect(hex(align('right'))).toBe('1b 61 02');
  });
  it('ESC E n emphasis', () => {
    expect(hex(bold(true))).toBe('1b 45 01');
    expect(hex(bold(false))).toBe('1b 45 00');
  });
  it('ESC - n underline', () => {
    expect(hex(underline('off'))).toBe('1b 2d 00');
    expect(hex(underline('single'))).toBe('1b 2d 01');
    expect(hex(underline('double'))).toBe('1b 2d 02');
    expect(hex(underline(true))).toBe('1b 2d 01');
  });
  it('GS ! n character size: high nibble width-1, low nibble height-1', () => {
    expect(hex(characterSize(1, 1))).toBe('1d 21 00');
    expect(hex(characterSize(2, 2))).toBe('1d 21 11');
    expect(hex(characterSize(2, 1))).toBe('1d 21 10');
    expect(hex(characterSize(1, 2))).toBe('1d 21 01');
    expect(hex(characterSize(8, 8))).toBe('1d 21 77');
    expect(() => characterSize(9, 1)).toThrow(EscPosRangeError);
    expect(() => characterSize(0, 1)).toThrow(EscPosRangeError);
    expect(() => characterSize(1.5, 1)).toThrow(EscPosRangeError);
  });
  it('ESC t n code page, FS . cancel Kanji', () => {
    expect(hex(selectCodePage(52))).toBe('1b 74 34');
    expect(hex(selectCodePage(27))).toBe('1b 74 1b');
    expect(hex(selectCodePage(30))).toBe('1b 74 1e');
    expect(() => selectCodePage(256)).toThrow(EscPosRangeError);
    expect(hex(cancelKanjiMode())).toBe('1c 2e');
  });
  it('LF and ESC d n', () => {
    expect(hex(lineFeed())).toBe('0a');
    expect(hex(feedLines(3))).toBe('1b 64 03');
    expect(hex(feedLines(0))).toBe('1b 64 00');
    expect(() => feedLines(256)).toThrow(EscPosRangeError);
  });
  it('printable ASCII text only', () => {
    expect(hex(asciiBytes('A z~'))).toBe('41 20 7a 7e');
    expect(() => asciiBytes('a\x1bb')).toThrow(EscPosRangeError);
    expect(() => asciiBytes('é')).toThrow(EscPosRangeError);
  });
});

describe('QR code, GS ( k', () => {
  it('Function 165 select model', () => {
    expect(hex(qrSelectModel(2))).toBe(h('1D 28 6B 04 00 31 41 32 00'));
    expect(hex(qrSelectModel(1))).toBe(h('1D 28 6B 04 00 31 41 31 00'));
  });
  it('Function 167 module size 1..16', () => {
    expect(hex(qrModuleSize(6))).toBe(h('1D 28 6B 03 00 31 43 06'));
    expect(() => qrModuleSize(17)).toThrow(EscPosRangeError);
    expect(() => qrModuleSize(0)).toThrow(EscPosRangeError);
  });
  it('Function 169 error correction L M Q H = 48..51', () => {
    expect(hex(qrErrorCorrection('L'))).toBe(h('1D 28 6B 03 00 31 45 30'));
    expect(hex(qrErrorCorrection('M'))).toBe(h('1D 28 6B 03 00 31 45 31'));
    expect(hex(qrErrorCorrection('Q'))).toBe(h('1D 28 6B 03 00 31 45 32'));
    expect(hex(qrErrorCorrection('H'))).toBe(h('1D 28 6B 03 00 31 45 33'));
  });
  it('Function 180 store: pL pH = k + 3', () => {
    expect(hex(qrStoreData(asciiBytes('ABC')))).toBe(h('1D 28 6B 06 00 31 50 30 41 42 43'));
    // 300 bytes: 303 = 0x012F -> pL 2F pH 01
    const big = qrStoreData(new Uint8Array(300).fill(0x31));
    expect(hex(big.subarray(0, 8))).toBe(h('1D 28 6B 2F 01 31 50 30'));
    expect(big.length).toBe(308);
    expect(() => qrStoreData(new Uint8Array(0))).toThrow(EscPosRangeError);
    expect(() => qrStoreData(new Uint8Array(7090))).toThrow(EscPosRangeError);
    expect(qrStoreData(new Uint8Array(7089)).length).toBe(7097);
  });
  it('Function 181 print', () => expect(hex(qrPrint())).toBe(h('1D 28 6B 03 00 31 51 30')));
  it('the full sequence for a tracking URL', () => {
    const url = 'https://dvc.example.vn/tra-cuu/000.00.12.H56-260314-0042';
    const b = qrCode(url, { moduleSize: 5, errorCorrection: 'Q' });
    const k = url.length + 3;
    expect(hex(b)).toBe(
      [
        '1d 28 6b 04 00 31 41 32 00',
        '1d 28 6b 03 00 31 43 05',
        '1d 28 6b 03 00 31 45 32',
        `1d 28 6b ${k.toString(16).padStart(2, '0')} 00 31 50 30 ${hex(new TextEncoder().encode(url))}`,
        '1d 28 6b 03 00 31 51 30',
      ].join(' '),
    );
  });
  it('string data is UTF-8', () => {
    const b = qrCode('đ');
    // model (9) + module size (8) + error correction (8), then the store command: k = 2 UTF-8 bytes
    expect(hex(b.subarray(25, 35))).toBe('1d 28 6b 05 00 31 50 30 c4 91');
  });
});

describe('CODE128, GS k 73', () => {
  it('code set B prefix {B counted in n', () => {
    // GS k 73 n {B "No." : n = 2 + 3 (Epson reference example form)
    expect(hex(code128('No.'))).toBe(h('1D 6B 49 05 7B 42 4E 6F 2E'));
  });
  it('escapes { as {{', () => {
    expect(hex(code128('a{b'))).toBe(h('1D 6B 49 06 7B 42 61 7B 7B 62'));
  });
  it('code set C packs digit pairs', () => {
    expect(hex(code128('260314', 'C'))).toBe(h('1D 6B 49 05 7B 43 1A 03 0E'));
    expect(() => code128('123', 'C')).toThrow(EscPosRangeError);
  });
  it('rejects what set B cannot carry and over-long data', () => {
    expect(() => code128('Hồ sơ')).toThrow(EscPosRangeError);
    expect(() => code128('')).toThrow(EscPosRangeError);
    expect(code128('x'.repeat(253)).length).toBe(4 + 255);
    expect(() => code128('x'.repeat(254))).toThrow(EscPosRangeError);
  });
  it('GS H, GS h, GS w', () => {
    expect(hex(barcodeHriPosition('none'))).toBe('1d 48 00');
    expect(hex(barcodeHriPosition('above'))).toBe('1d 48 01');
    expect(hex(barcodeHriPosition('below'))).toBe('1d 48 02');
    expect(hex(barcodeHriPosition('both'))).toBe('1d 48 03');
    expect(hex(barcodeHeight(162))).toBe('1d 68 a2');
    expect(hex(barcodeModuleWidth(3))).toBe('1d 77 03');
    expect(() => barcodeHeight(0)).toThrow(EscPosRangeError);
    expect(() => barcodeModuleWidth(7)).toThrow(EscPosRangeError);
  });
  it('a dossier code with options', () => {
    const b = code128Barcode('000.00.12.H56-260314-0042', { height: 60, moduleWidth: 2, hri: 'below' });
    expect(hex(b.subarray(0, 9))).toBe('1d 48 02 1d 68 3c 1d 77 02');
    expect(hex(b.subarray(9, 15))).toBe(h('1D 6B 49 1B 7B 42'));
  });
});

describe('raster image, GS v 0', () => {
  it('header xL xH = bytes per row, yL yH = rows; MSB first, 1 = black', () => {
    const bmp = createBitmap(10, 2); // 2 bytes per row
    setPixel(bmp, 0, 0);
    setPixel(bmp, 9, 0);
    setPixel(bmp, 7, 1);
    expect(getPixel(bmp, 0, 0)).toBe(true);
    expect(getPixel(bmp, 1, 0)).toBe(false);
    expect(hex(rasterImage(bmp))).toBe('1d 76 30 00 02 00 02 00 80 40 01 00');
  });
  it('576-dot wide image: 72 bytes per row; 300 rows -> yL 2C yH 01', () => {
    const bmp = createBitmap(576, 300);
    const b = rasterImage(bmp);
    expect(hex(b.subarray(0, 8))).toBe('1d 76 30 00 48 00 2c 01');
    expect(b.length).toBe(8 + 72 * 300);
  });
  it('scale and banding', () => {
    const bmp = createBitmap(8, 5);
    bmp.data.set([1, 2, 3, 4, 5]);
    expect(hex(rasterImage(bmp, { scale: 'quadruple' }).subarray(0, 4))).toBe('1d 76 30 03');
    expect(hex(rasterImage(bmp, { bandHeight: 2 }))).toBe('1d 76 30 00 01 00 02 00 01 02 1d 76 30 00 01 00 02 00 03 04 1d 76 30 00 01 00 01 00 05');
  });
  it('rejects a bitmap whose data does not match its size', () => {
    expect(() => rasterImage({ width: 16, height: 2, data: new Uint8Array(3) })).toThrow(EscPosRangeError);
  });
});

describe('cut and status commands', () => {
  it('GS V function A and B', () => {
    expect(hex(cut('full'))).toBe('1d 56 00');
    expect(hex(cut('partial'))).toBe('1d 56 01');
    expect(hex(cut('full', 3))).toBe('1d 56 41 03');
    expect(hex(cut('partial', 0))).toBe('1d 56 42 00');
  });
  it('DLE EOT n', () => {
    expect(hex(realtimeStatusRequest(1))).toBe('10 04 01');
    expect(hex(realtimeStatusRequest(4))).toBe('10 04 04');
    expect(() => realtimeStatusRequest(5 as 1)).toThrow(EscPosRangeError);
  });
  it('GS a n: bit 0 drawer, 1 online/offline, 2 error, 3 paper roll', () => {
    expect(hex(automaticStatusBack({ onlineOffline: true, error: true, paperRoll: true }))).toBe('1d 61 0e');
    expect(hex(automaticStatusBack({ drawer: true }))).toBe('1d 61 01');
    expect(hex(automaticStatusBack(0))).toBe('1d 61 00');
  });
});

describe('builder', () => {
  it('concatenates in order', () => {
    const b = new EscPosBuilder()
      .initialize()
      .cancelKanjiMode()
      .codePage(27)
      .align('center')
      .bold()
      .size(2)
      .ascii('SO 12')
      .lf()
      .size(1, 1)
      .bold(false)
      .feed(2)
      .cut('partial', 3);
    expect(hex(b.build())).toBe('1b 40 1c 2e 1b 74 1b 1b 61 01 1b 45 01 1d 21 11 53 4f 20 31 32 0a 1d 21 00 1b 45 00 1b 64 02 1d 56 42 03');
    expect(b.length).toBe(b.build().length);
  });
  it('property: builder output = concatenation of the single commands', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 20 }), fc.integer({ min: 1, max: 8 }), (raw, n) => {
        const b = new EscPosBuilder().raw(raw).size(n, n).feed(n).build();
        expect(Array.from(b)).toEqual([...raw, 0x1d, 0x21, ((n - 1) << 4) | (n - 1), 0x1b, 0x64, n]);
      }),
    );
  });
});
