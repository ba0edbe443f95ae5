/**
 * A laid-out receipt (layout.ts) -> the ESC/POS bytes of one job, for a printer profile.
 *
 * - Code-page mode (the profile has a Vietnamese code page): text with the printer's own font,
 *   encoded with vietnamese.ts. A line the code page cannot carry (a character outside it) is
 *   sent as a raster image of that one line instead, so nothing is ever printed as '?'.
 * - Raster mode (no code page, or forced): every text line is drawn by raster.ts and sent as
 *   GS v 0 bands; QR codes natively if the firmware has GS ( k, barcodes always natively.
 *
 * - User-defined-character mode (no code page, the profile says `userChars`): the Vietnamese
 *   letters the job uses are drawn once each from the bundled font as 12 x 24 glyphs and defined
 *   with ESC & at the job's start; the text is then sent as text, each run of those letters inside
 *   ESC % 1 … ESC % 0 (a printer may print nothing, or its own letter, for a code that is not
 *   defined, so runs are switched exactly). An 80 mm queue ticket is 2.2 KB instead of 11.8 KB of
 *   raster. More than 94 different letters send the lines with the others as raster.
 *
 * All modes print the same lines (same breaks, same columns): alignment is in the layout.
 */
import { EscPosBuilder, USER_CHAR_FIRST, USER_CHAR_LAST, bitmapRowBytes, createBitmap, defineUserChars, userCharSet, type Bitmap } from './protocol/escpos';
import { encodeTextForCodePage, selectCodePageBytes, type PrinterProfile } from './profiles';
import { textCells, type Layout, type LayoutItem } from './layout';
import { qrBitmap, renderGlyphCell, renderTextLines, type TextLine } from './raster';

export type RenderMode = 'auto' | 'codepage' | 'raster' | 'udc';

export interface RenderResult {
  bytes: Uint8Array;
  mode: 'codepage' | 'raster' | 'udc';
  /** Text lines sent as images (all of them in raster mode; fallbacks in code-page mode). */
  rasterLines: number;
}

/** Rows per GS v 0 command: small enough for the receive buffer of cheap printers. */
export const RASTER_BAND_ROWS = 120;

/** Drop blank bytes at the right of every row (the image is left-aligned, so nothing moves). */
export function cropRight(bmp: Bitmap): Bitmap {
  const rowBytes = bitmapRowBytes(bmp.width);
  let used = 0;
  for (let y = 0; y < bmp.height; y++) used = Math.max(used, rowInk(bmp, rowBytes, y));
  return slice(bmp, rowBytes, 0, bmp.height, Math.max(1, used));
}

/** Bytes of row `y` up to its last non-blank byte (0 for a blank row). */
function rowInk(bmp: Bitmap, rowBytes: number, y: number): number {
  for (let x = rowBytes - 1; x >= 0; x--) if ((bmp.data[y * rowBytes + x] ?? 0) !== 0) return x + 1;
  return 0;
}

/** Rows y0..y0+rows of `bmp`, each cut to its first `widthBytes` bytes. */
function slice(bmp: Bitmap, rowBytes: number, y0: number, rows: number, widthBytes: number): Bitmap {
  if (y0 === 0 && rows === bmp.height && widthBytes === rowBytes) return bmp;
  const out = createBitmap(widthBytes * 8, rows);
  for (let y = 0; y < rows; y++) out.data.set(bmp.data.subarray((y0 + y) * rowBytes, (y0 + y) * rowBytes + widthBytes), y * widthBytes);
  return out;
}

/** Bytes of one GS v 0 header (GS v 0 m xL xH yL yH). */
const BAND_HEADER = 8;

/**
 * Cuts a left-aligned image into GS v 0 bands of at most `maxRows` rows, each as narrow as its
 * own ink allows, choosing the cuts that send the fewest bytes (dynamic programming over the
 * rows; O(rows × maxRows)). The paper comes out the same: every band starts at the left margin
 * and advances the paper by its own height, and the bytes cut away were blank. Blank rows
 * between text lines cost one byte a row instead of a whole row.
 */
export function rasterBands(bmp: Bitmap, maxRows = RASTER_BAND_ROWS): { y0: number; rows: number; widthBytes: number }[] {
  const rowBytes = bitmapRowBytes(bmp.width);
  const h = bmp.height;
  const ink = new Array<number>(h);
  for (let y = 0; y < h; y++) ink[y] = rowInk(bmp, rowBytes, y);
  // cost[i]: fewest bytes for rows 0..i-1; from[i]: where the last band of that choice starts.
  const cost = new Float64Array(h + 1).fill(Infinity);
  const from = new Int32Array(h + 1);
  cost[0] = 0;
  for (let i = 1; i <= h; i++) {
    let width = 1;
    for (let j = i - 1; j >= Math.max(0, i - maxRows); j--) {
      width = Math.max(width, ink[j] as number);
      const c = (cost[j] as number) + BAND_HEADER + width * (i - j);
      if (c < (cost[i] as number)) {
        cost[i] = c;
        from[i] = j;
      }
    }
  }
  const bands: { y0: number; rows: number; widthBytes: number }[] = [];
  for (let i = h; i > 0; i = from[i] as number) {
    const j = from[i] as number;
    let width = 1;
    for (let y = j; y < i; y++) width = Math.max(width, ink[y] as number);
    bands.push({ y0: j, rows: i - j, widthBytes: width });
  }
  return bands.reverse();
}

function sendRaster(b: EscPosBuilder, bmp: Bitmap): void {
  const rowBytes = bitmapRowBytes(bmp.width);
  for (const band of rasterBands(bmp)) b.raster(slice(bmp, rowBytes, band.y0, band.rows, band.widthBytes));
}

/** A cell the printer's resident font prints as it is: one printable ASCII character. */
const isResident = (cell: string): boolean => cell.length === 1 && cell >= ' ' && cell <= '~';

/**
 * The user-defined characters a job needs: every cell of its text lines that is not printable
 * ASCII, given codes from 33 upward in order of first use; at most 94. One glyph serves regular
 * and bold lines: the printer's emphasized mode (ESC E) applies to user-defined characters as to
 * its own. (Defining the ASCII letters inside Vietnamese words too, to save the ESC % switches,
 * was measured: each definition costs more than the switches it saves on our tickets and slips.)
 */
export function planUserChars(layout: Layout): Map<string, number> {
  const codes = new Map<string, number>();
  for (const item of layout.items) {
    if (item.type !== 'line') continue;
    for (const cell of textCells(item.text)) {
      if (isResident(cell)) continue;
      if (!codes.has(cell) && USER_CHAR_FIRST + codes.size <= USER_CHAR_LAST) codes.set(cell, USER_CHAR_FIRST + codes.size);
    }
  }
  return codes;
}

/** A line as text with user-defined characters, or null when one of its cells has no code. */
function userCharLine(text: string, codes: Map<string, number>): Uint8Array | null {
  const out: number[] = [];
  let inUser = false;
  for (const cell of textCells(text)) {
    if (isResident(cell)) {
      if (inUser) out.push(...userCharSet(false));
      inUser = false;
      out.push(cell.charCodeAt(0));
      continue;
    }
    const code = codes.get(cell);
    if (code === undefined) return null;
    if (!inUser) out.push(...userCharSet(true));
    inUser = true;
    out.push(code);
  }
  if (inUser) out.push(...userCharSet(false));
  return Uint8Array.from(out);
}

export function renderEscPos(layout: Layout, profile: PrinterProfile, options: { mode?: RenderMode } = {}): RenderResult {
  const wanted = options.mode ?? 'auto';
  const noCodePage = profile.codePage.kind === 'none';
  const mode: 'codepage' | 'raster' | 'udc' =
    wanted === 'raster' ? 'raster' : wanted === 'udc' || (noCodePage && profile.userChars === true) ? 'udc' : noCodePage ? 'raster' : 'codepage';
  const dots = profile.paper.dots;
  const b = new EscPosBuilder().initialize();
  if (mode === 'codepage') b.raw(selectCodePageBytes(profile.codePage));
  const codes = mode === 'udc' ? planUserChars(layout) : new Map<string, number>();
  if (codes.size > 0) {
    const glyphs = [...codes.keys()].map((cell) => renderGlyphCell(cell, false));
    b.raw(defineUserChars(USER_CHAR_FIRST, glyphs));
  }
  b.align('left');
  let rasterLines = 0;
  let size = 1;
  let bold = false;
  const style = (s: number, on: boolean): void => {
    if (s !== size) b.size(s, s);
    if (on !== bold) b.bold(on);
    size = s;
    bold = on;
  };

  let run: TextLine[] = [];
  const flushRun = (): void => {
    if (run.length === 0) return;
    sendRaster(b, renderTextLines(run, dots));
    rasterLines += run.length;
    run = [];
  };

  const text = (item: Extract<LayoutItem, { type: 'line' }>): void => {
    if (mode === 'raster') {
      run.push(item);
      return;
    }
    if (mode === 'udc') {
      const line = userCharLine(item.text, codes);
      if (line) {
        style(item.size, item.bold);
        b.text(line).lf();
      } else {
        style(1, false);
        sendRaster(b, renderTextLines([item], dots));
        rasterLines++;
      }
      return;
    }
    const enc = encodeTextForCodePage(profile.codePage, item.text);
    if (enc.ok) {
      style(item.size, item.bold);
      b.text(enc.bytes).lf();
    } else {
      style(1, false);
      sendRaster(b, renderTextLines([item], dots));
      rasterLines++;
    }
  };

  for (const item of layout.items) {
    if (item.type === 'line') {
      text(item);
      continue;
    }
    flushRun();
    style(1, false);
    switch (item.type) {
      case 'feed':
        b.feed(item.lines);
        break;
      case 'qr':
        if (profile.nativeQr) {
          b.align('center').qr(item.data, { moduleSize: item.moduleSize, errorCorrection: 'M' }).lf().align('left');
        } else {
          const q = qrBitmap(item.data, item.moduleSize);
          const centred = createBitmap(Math.min(dots, q.width + Math.floor((dots - q.width) / 2)), q.height);
          const off = Math.max(0, Math.floor((dots - q.width) / 2));
          for (let y = 0; y < q.height; y++) {
            for (let x = 0; x < q.width; x++) {
              const on = ((q.data[y * bitmapRowBytes(q.width) + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) !== 0;
              if (on && x + off < centred.width) {
                const i = y * bitmapRowBytes(centred.width) + ((x + off) >> 3);
                centred.data[i] = (centred.data[i] ?? 0) | (0x80 >> ((x + off) & 7));
              }
            }
          }
          sendRaster(b, centred);
        }
        break;
      case 'barcode':
        b.align('center').code128(item.data, { height: item.height, moduleWidth: item.moduleWidth, hri: 'below' }).lf().align('left');
        break;
    }
  }
  flushRun();
  style(1, false);
  if (layout.cut && profile.cutter !== 'none') b.cut(profile.cutter, 0);
  else b.feed(4);
  return { bytes: b.build(), mode, rasterLines };
}
