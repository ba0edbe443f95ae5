/**
 * ESC/POS command encoder: pure functions over bytes, no I/O.
 *
 * Every command is a small function returning a fresh Uint8Array, and `EscPosBuilder` chains them
 * into one job. Command layouts follow the Epson ESC/POS Application Programming Guide (the same
 * layouts are documented by Citizen, HPRT, Partner and others); the unit tests pin every command
 * to the byte vectors given there.
 *
 * Parameters are range-checked: a value the printer would misread (a QR payload that does not fit,
 * a character size of 9, a CODE128 payload with non-ASCII bytes) throws `EscPosRangeError` instead of
 * silently producing bytes that print garbage.
 */

export const NUL = 0x00;
export const EOT = 0x04;
export const HT = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
export const DLE = 0x10;
export const ESC = 0x1b;
export const FS = 0x1c;
export const GS = 0x1d;

export class EscPosRangeError extends RangeError {
  override name = 'EscPosRangeError';
}

function int(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new EscPosRangeError(`${name} must be an integer in ${min}..${max}, got ${String(value)}`);
  }
  return value;
}

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Basic formatting

/** ESC @: initialise the printer (clears the buffer of settings, not the receive buffer). */
export const initialize = (): Uint8Array => bytes(ESC, 0x40);

export type Align = 'left' | 'center' | 'right';
const ALIGN: Record<Align, number> = { left: 0, center: 1, right: 2 };
/** ESC a n: justification, n = 0 left, 1 centre, 2 right. */
export const align = (a: Align): Uint8Array => bytes(ESC, 0x61, ALIGN[a]);

/** ESC E n: emphasised (bold) on/off. */
export const bold = (on: boolean): Uint8Array => bytes(ESC, 0x45, on ? 1 : 0);

export type Underline = 'off' | 'single' | 'double';
const UNDERLINE: Record<Underline, number> = { off: 0, single: 1, double: 2 };
/** ESC - n: underline off / 1-dot / 2-dot. */
export const underline = (mode: Underline | boolean): Uint8Array => bytes(ESC, 0x2d, typeof mode === 'boolean' ? (mode ? 1 : 0) : UNDERLINE[mode]);

/**
 * GS ! n: character size, width and height magnification 1..8 each.
 * n = (width - 1) << 4 | (height - 1).
 */
export function characterSize(width: number, height: number): Uint8Array {
  const w = int('width', width, 1, 8);
  const h = int('height', height, 1, 8);
  return bytes(GS, 0x21, ((w - 1) << 4) | (h - 1));
}

/** ESC t n: select character code table (the meaning of n is model dependent). */
export const selectCodePage = (n: number): Uint8Array => bytes(ESC, 0x74, int('code page', n, 0, 255));

/**
 * FS .: cancel Kanji (multi-byte) character mode. Printers sold with Chinese firmware start in
 * GB18030/Big5 mode and read bytes >= 0x80 as lead bytes until this is sent.
 */
export const cancelKanjiMode = (): Uint8Array => bytes(FS, 0x2e);

/** LF: print the buffer and feed one line. */
export const lineFeed = (): Uint8Array => bytes(LF);

/** ESC d n: print the buffer and feed n lines (0..255). */
export const feedLines = (n: number): Uint8Array => bytes(ESC, 0x64, int('lines', n, 0, 255));

// ---------------------------------------------------------------------------------------------
// QR code: GS ( k, cn = 49 (0x31)

export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';
const QR_ECC: Record<QrErrorCorrection, number> = { L: 48, M: 49, Q: 50, H: 51 };

/** Largest payload for Function 180: (pL + pH*256) <= 7092, k = that - 3. */
export const QR_MAX_DATA_BYTES = 7089;

/** GS ( k fn=65 (Function 165): select model; model 1 -> n1 = 49, model 2 -> n1 = 50; n2 = 0. */
export const qrSelectModel = (model: 1 | 2 = 2): Uint8Array => bytes(GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, model === 1 ? 49 : 50, 0x00);

/** GS ( k fn=67 (Function 167): module size in dots, 1..16. */
export const qrModuleSize = (dots: number): Uint8Array => bytes(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, int('QR module size', dots, 1, 16));

/** GS ( k fn=69 (Function 169): error correction level L/M/Q/H -> 48..51. */
export const qrErrorCorrection = (level: QrErrorCorrection): Uint8Array => bytes(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, QR_ECC[level]);

/** GS ( k fn=80 (Function 180): store data; (pL + pH*256) = data length + 3, m = 48. */
export function qrStoreData(data: Uint8Array): Uint8Array {
  if (data.length < 1 || data.length > QR_MAX_DATA_BYTES) {
    throw new EscPosRangeError(`QR data must be 1..${QR_MAX_DATA_BYTES} bytes, got ${data.length}`);
  }
  const len = data.length + 3;
  return concatBytes([bytes(GS, 0x28, 0x6b, len & 0xff, len >> 8, 0x31, 0x50, 0x30), data]);
}

/** GS ( k fn=81 (Function 181): print the stored symbol, m = 48. */
export const qrPrint = (): Uint8Array => bytes(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30);

export interface QrOptions {
  model?: 1 | 2;
  /** Module size in dots (1..16), default 6 (about 0.75 mm at 203 dpi). */
  moduleSize?: number;
  errorCorrection?: QrErrorCorrection;
}

/** The usual five-command sequence: model, module size, error correction, store, print. */
export function qrCode(data: Uint8Array | string, options: QrOptions = {}): Uint8Array {
  const payload = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return concatBytes([
    qrSelectModel(options.model ?? 2),
    qrModuleSize(options.moduleSize ?? 6),
    qrErrorCorrection(options.errorCorrection ?? 'M'),
    qrStoreData(payload),
    qrPrint(),
  ]);
}

// ---------------------------------------------------------------------------------------------
// 1-D barcode: GS k m = 73 (CODE128), HRI and dimensions

export type HriPosition = 'none' | 'above' | 'below' | 'both';
const HRI: Record<HriPosition, number> = { none: 0, above: 1, below: 2, both: 3 };
/** GS H n: where the human-readable interpretation is printed. */
export const barcodeHriPosition = (p: HriPosition): Uint8Array => bytes(GS, 0x48, HRI[p]);
/** GS h n: bar code height in dots, 1..255. */
export const barcodeHeight = (dots: number): Uint8Array => bytes(GS, 0x68, int('barcode height', dots, 1, 255));
/** GS w n: module width, 1..6 (Epson documents 2..6; 1 is accepted by most clones). */
export const barcodeModuleWidth = (n: number): Uint8Array => bytes(GS, 0x77, int('barcode module width', n, 1, 6));

export type Code128Set = 'A' | 'B' | 'C';

/**
 * The data bytes of GS k 73 for one code set: the set prefix `{A`/`{B`/`{C`, then the data
 * with `{` escaped as `{{`. Code set C takes pairs of digits, each sent as one byte 0..99.
 */
export function code128Data(data: string, set: Code128Set = 'B'): Uint8Array {
  const out: number[] = [0x7b, set.charCodeAt(0)];
  if (set === 'C') {
    if (!/^(\d\d)+$/.test(data)) throw new EscPosRangeError('CODE128 set C needs an even number of digits');
    for (let i = 0; i < data.length; i += 2) out.push(Number(data.slice(i, i + 2)));
  } else {
    for (const ch of data) {
      const c = ch.codePointAt(0) ?? -1;
      const ok = set === 'B' ? c >= 0x20 && c <= 0x7f : c >= 0x00 && c <= 0x5f;
      if (!ok) throw new EscPosRangeError(`CODE128 set ${set} cannot encode ${JSON.stringify(ch)}`);
      out.push(c);
      if (c === 0x7b) out.push(0x7b);
    }
  }
  if (out.length < 3) throw new EscPosRangeError('CODE128 data must not be empty');
  if (out.length > 255) throw new EscPosRangeError(`CODE128 data too long (${out.length} > 255 bytes)`);
  return Uint8Array.from(out);
}

/** GS k m=73 n d1..dn: CODE128 (function B form; the length byte counts the `{B` prefix). */
export function code128(data: string, set: Code128Set = 'B'): Uint8Array {
  const d = code128Data(data, set);
  return concatBytes([bytes(GS, 0x6b, 73, d.length), d]);
}

export interface BarcodeOptions {
  set?: Code128Set;
  height?: number;
  moduleWidth?: number;
  hri?: HriPosition;
}

/** Height, width, HRI position, then the symbol. */
export function code128Barcode(data: string, options: BarcodeOptions = {}): Uint8Array {
  return concatBytes([
    barcodeHriPosition(options.hri ?? 'below'),
    barcodeHeight(options.height ?? 80),
    barcodeModuleWidth(options.moduleWidth ?? 2),
    code128(data, options.set ?? 'B'),
  ]);
}

// ---------------------------------------------------------------------------------------------
// User-defined characters: ESC & and ESC %

/**
 * The codes a user-defined character may take: ESC & allows 32 to 126, but some firmwares always
 * print 32 as a space, so the kiosk starts at 33.
 */
export const USER_CHAR_FIRST = 0x21;
export const USER_CHAR_LAST = 0x7e;

/** ESC % n: print the user-defined characters (true) or the resident ones (false) for the codes defined. */
export const userCharSet = (on: boolean): Uint8Array => bytes(ESC, 0x25, on ? 1 : 0);

/**
 * ESC & y c1 c2 [x d1 … d(y×x)]…: defines `glyphs` as the characters `first`, `first + 1`, …
 * Each glyph is y × 8 dots high (Font A: y = 3, 24 dots) and at most 12 dots wide; its data goes
 * column by column, top to bottom, y bytes a column, most significant bit at the top.
 */
export function defineUserChars(first: number, glyphs: readonly Bitmap[], heightBytes = 3): Uint8Array {
  int('user-defined characters', glyphs.length, 1, USER_CHAR_LAST - first + 1);
  int('first user-defined character', first, USER_CHAR_FIRST, USER_CHAR_LAST);
  const out: number[] = [ESC, 0x26, int('user-defined character height (bytes)', heightBytes, 1, 3), first, first + glyphs.length - 1];
  for (const g of glyphs) {
    int('user-defined character width', g.width, 0, 12);
    if (g.height > heightBytes * 8) throw new EscPosRangeError(`a user-defined character is ${g.height} dots high, at most ${heightBytes * 8}`);
    // Blank columns at the right need not be sent: "any remaining dots on the right side are
    // blank", and the character keeps the font's width.
    let width = g.width;
    while (width > 0 && !columnInked(g, width - 1)) width--;
    out.push(width);
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < heightBytes; k++) {
        let v = 0;
        for (let bit = 0; bit < 8; bit++) if (getPixel(g, x, k * 8 + bit)) v |= 0x80 >> bit;
        out.push(v);
      }
    }
  }
  return Uint8Array.from(out);
}

function columnInked(g: Bitmap, x: number): boolean {
  for (let y = 0; y < g.height; y++) if (getPixel(g, x, y)) return true;
  return false;
}

/** The glyphs of an ESC & command's data, back as `cellWidth`-wide bitmaps (the inverse of defineUserChars). */
export function readUserChars(command: Uint8Array, cellWidth = 12): { first: number; glyphs: Bitmap[] } | null {
  if (command[0] !== ESC || command[1] !== 0x26 || command.length < 5) return null;
  const y = command[2] ?? 0;
  const first = command[3] ?? 0;
  const last = command[4] ?? 0;
  const glyphs: Bitmap[] = [];
  let i = 5;
  for (let c = first; c <= last; c++) {
    const width = command[i++] ?? 0;
    // A narrower definition is the left of the cell; the rest is blank.
    const full = Math.max(width, cellWidth, 1);
    const g: Bitmap = { width: full, height: y * 8, data: new Uint8Array(bitmapRowBytes(full) * y * 8) };
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < y; k++) {
        const v = command[i++] ?? 0;
        for (let bit = 0; bit < 8; bit++) if (v & (0x80 >> bit)) setPixel(g, x, k * 8 + bit);
      }
    }
    glyphs.push(g);
  }
  return { first, glyphs };
}

// ---------------------------------------------------------------------------------------------
// Raster image: GS v 0

/**
 * A 1-bit image: rows of `widthBytes = ceil(width / 8)` bytes, most significant bit first,
 * 1 = black (a printed dot). Bits past `width` in the last byte of a row are padding.
 */
export interface Bitmap {
  width: number;
  height: number;
  data: Uint8Array;
}

export const bitmapRowBytes = (width: number): number => Math.ceil(width / 8);

export function createBitmap(width: number, height: number): Bitmap {
  int('bitmap width', width, 1, 65535 * 8);
  int('bitmap height', height, 1, 65535);
  return { width, height, data: new Uint8Array(bitmapRowBytes(width) * height) };
}

export function setPixel(bmp: Bitmap, x: number, y: number, black = true): void {
  if (x < 0 || y < 0 || x >= bmp.width || y >= bmp.height) return;
  const i = y * bitmapRowBytes(bmp.width) + (x >> 3);
  const mask = 0x80 >> (x & 7);
  const cur = bmp.data[i] ?? 0;
  bmp.data[i] = black ? cur | mask : cur & ~mask;
}

export function getPixel(bmp: Bitmap, x: number, y: number): boolean {
  if (x < 0 || y < 0 || x >= bmp.width || y >= bmp.height) return false;
  return (((bmp.data[y * bitmapRowBytes(bmp.width) + (x >> 3)] ?? 0) << (x & 7)) & 0x80) !== 0;
}

export type RasterScale = 'normal' | 'double-width' | 'double-height' | 'quadruple';
const RASTER_M: Record<RasterScale, number> = { normal: 0, 'double-width': 1, 'double-height': 2, quadruple: 3 };

export interface RasterOptions {
  scale?: RasterScale;
  /**
   * Split the image into bands of at most this many rows, one GS v 0 each. Many printers
   * (and their receive buffers) cope badly with one huge image. 0 = one command.
   */
  bandHeight?: number;
}

/** GS v 0 m xL xH yL yH d1..dk with x = bytes per row, y = rows, k = x * y. */
export function rasterImage(bmp: Bitmap, options: RasterOptions = {}): Uint8Array {
  const rowBytes = bitmapRowBytes(bmp.width);
  int('raster bytes per row', rowBytes, 1, 65535);
  int('raster height', bmp.height, 1, 65535);
  if (bmp.data.length !== rowBytes * bmp.height) {
    throw new EscPosRangeError(`bitmap data is ${bmp.data.length} bytes, expected ${rowBytes * bmp.height}`);
  }
  const m = RASTER_M[options.scale ?? 'normal'];
  const band = options.bandHeight && options.bandHeight > 0 ? int('band height', options.bandHeight, 1, 65535) : bmp.height;
  const parts: Uint8Array[] = [];
  for (let y0 = 0; y0 < bmp.height; y0 += band) {
    const rows = Math.min(band, bmp.height - y0);
    parts.push(bytes(GS, 0x76, 0x30, m, rowBytes & 0xff, rowBytes >> 8, rows & 0xff, rows >> 8));
    parts.push(bmp.data.subarray(y0 * rowBytes, (y0 + rows) * rowBytes));
  }
  return concatBytes(parts);
}

// ---------------------------------------------------------------------------------------------
// Cutting

export type CutKind = 'full' | 'partial';

/**
 * GS V. Without `feedDots`: function A, GS V 0 (full) / GS V 1 (partial), cuts at the current
 * position. With `feedDots`: function B, GS V 65 n / GS V 66 n, feeds to the cutter plus n dots
 * then cuts (what receipts want: no blank lead wasted, no text left behind the cutter).
 */
export function cut(kind: CutKind = 'partial', feedDots?: number): Uint8Array {
  if (feedDots === undefined) return bytes(GS, 0x56, kind === 'full' ? 0 : 1);
  return bytes(GS, 0x56, kind === 'full' ? 65 : 66, int('cut feed', feedDots, 0, 255));
}

// ---------------------------------------------------------------------------------------------
// Status

export type RealtimeStatusKind = 1 | 2 | 3 | 4;
/** DLE EOT n: real-time status; 1 printer, 2 offline cause, 3 error cause, 4 paper roll sensor. */
export const realtimeStatusRequest = (n: RealtimeStatusKind): Uint8Array => bytes(DLE, EOT, int('DLE EOT n', n, 1, 4));

export interface AsbSelection {
  drawer?: boolean;
  onlineOffline?: boolean;
  error?: boolean;
  paperRoll?: boolean;
}

/** n for GS a: bit 0 drawer, bit 1 online/offline, bit 2 error, bit 3 paper roll sensor. */
export function asbMask(sel: AsbSelection): number {
  return (sel.drawer ? 1 : 0) | (sel.onlineOffline ? 2 : 0) | (sel.error ? 4 : 0) | (sel.paperRoll ? 8 : 0);
}

/** GS a n: enable (n != 0) or disable (n = 0) automatic status back. */
export function automaticStatusBack(sel: AsbSelection | number): Uint8Array {
  const n = typeof sel === 'number' ? int('GS a n', sel, 0, 255) : asbMask(sel);
  return bytes(GS, 0x61, n);
}

// ---------------------------------------------------------------------------------------------
// Builder

/** Printable ASCII only (0x20..0x7E); anything else throws. For labels known to be ASCII. */
export function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) throw new EscPosRangeError(`not printable ASCII: ${JSON.stringify(text[i])} at ${i}`);
    out[i] = c;
  }
  return out;
}

/** Chains commands into one job. Every method appends and returns `this`; `build()` concatenates. */
export class EscPosBuilder {
  private readonly parts: Uint8Array[] = [];

  raw(b: Uint8Array | readonly number[]): this {
    this.parts.push(b instanceof Uint8Array ? b : Uint8Array.from(b));
    return this;
  }
  initialize(): this {
    return this.raw(initialize());
  }
  align(a: Align): this {
    return this.raw(align(a));
  }
  bold(on = true): this {
    return this.raw(bold(on));
  }
  underline(mode: Underline | boolean = 'single'): this {
    return this.raw(underline(mode));
  }
  size(width: number, height: number = width): this {
    return this.raw(characterSize(width, height));
  }
  codePage(n: number): this {
    return this.raw(selectCodePage(n));
  }
  cancelKanjiMode(): this {
    return this.raw(cancelKanjiMode());
  }
  /** Already-encoded text bytes (see vietnamese.ts); no line feed is added. */
  text(encoded: Uint8Array): this {
    return this.raw(encoded);
  }
  /** Printable-ASCII text (throws otherwise). */
  ascii(text: string): this {
    return this.raw(asciiBytes(text));
  }
  lf(): this {
    return this.raw(lineFeed());
  }
  feed(lines: number): this {
    return this.raw(feedLines(lines));
  }
  qr(data: Uint8Array | string, options?: QrOptions): this {
    return this.raw(qrCode(data, options));
  }
  code128(data: string, options?: BarcodeOptions): this {
    return this.raw(code128Barcode(data, options));
  }
  raster(bmp: Bitmap, options?: RasterOptions): this {
    return this.raw(rasterImage(bmp, options));
  }
  cut(kind: CutKind = 'partial', feedDots?: number): this {
    return this.raw(cut(kind, feedDots));
  }
  statusRequest(n: RealtimeStatusKind): this {
    return this.raw(realtimeStatusRequest(n));
  }
  automaticStatusBack(sel: AsbSelection | number): this {
    return this.raw(automaticStatusBack(sel));
  }
  get length(): number {
    let n = 0;
    for (const p of this.parts) n += p.length;
    return n;
  }
  build(): Uint8Array {
    return concatBytes(this.parts);
  }
}
