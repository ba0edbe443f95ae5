/**
 * Raster rendering of a laid-out receipt (layout.ts): text lines drawn with the bundled Be Vietnam
 * Pro font (npm `@expo-google-fonts/be-vietnam-pro`, whole TTFs with every Vietnamese glyph) by
 * `pureimage`, a pure-JS canvas (no native binary, so it installs from the npm registry on every
 * platform and runs inside Electron without a rebuild); QR codes from the `qrcode` package,
 * CODE128 from code128.ts; thresholded to 1 bit.
 *
 * Text keeps the printer's own grid: every character is drawn centred in its Font A cell (12 x 24
 * dots, times the size), squeezed horizontally if the glyph is wider. So a line breaks and indents
 * exactly as in code-page mode. Used for printers without a Vietnamese code page (GS v 0), for
 * single lines a code page cannot carry, and for the print preview PNG.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as PImage from 'pureimage';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { code128Modules } from './code128';
import { bitmapRowBytes, createBitmap, setPixel, type Bitmap } from './protocol/escpos';
import { CELL_HEIGHT, CELL_WIDTH, textCells, type Layout, type LayoutItem, type TextSize } from './layout';

export const FONT_FAMILY = 'KioskReceipt';
const FONT_FAMILY_BOLD = 'KioskReceiptBold';
/** Rows between two text lines in raster mode (Font A is 24 dots high; line pitch 30). */
export const LINE_GAP = 6;
/** Font size in px for a 24-dot cell: tall Vietnamese letters (Ấ, Ỗ) and descenders (ạ, g) fit. */
const FONT_PX = 16;
const BASELINE = 19;
const THRESHOLD = 150;

let fontsLoaded: boolean | null = null;

/**
 * Registers Be Vietnam Pro regular and bold (whole TTFs, every Vietnamese letter) with pureimage.
 * Returns false if the package cannot be found; then nothing can be drawn in raster mode, which
 * the caller reports (no silent fallback to an unknown font).
 */
export function loadReceiptFonts(): boolean {
  if (fontsLoaded !== null) return fontsLoaded;
  try {
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve('@expo-google-fonts/be-vietnam-pro/package.json'));
    PImage.registerFont(join(dir, '400Regular/BeVietnamPro_400Regular.ttf'), FONT_FAMILY).loadSync();
    PImage.registerFont(join(dir, '700Bold/BeVietnamPro_700Bold.ttf'), FONT_FAMILY_BOLD).loadSync();
    fontsLoaded = true;
  } catch {
    fontsLoaded = false;
  }
  return fontsLoaded;
}

export interface TextLine {
  text: string;
  size: TextSize;
  bold: boolean;
}

/** Height in dots of one raster text line of `size`. */
export const lineHeight = (size: TextSize): number => (CELL_HEIGHT + LINE_GAP) * size;

type Ctx = PImage.Context;

function drawLine(ctx: Ctx, line: TextLine, top: number): void {
  const s = line.size;
  const cw = CELL_WIDTH * s;
  ctx.font = `${FONT_PX * s}px ${line.bold ? FONT_FAMILY_BOLD : FONT_FAMILY}`;
  textCells(line.text).forEach((cell, i) => {
    if (cell === ' ') return;
    const w = ctx.measureText(cell).width;
    const sx = w > cw - 1 ? (cw - 1) / w : 1;
    ctx.save();
    ctx.translate(i * cw + (cw - w * sx) / 2, top + BASELINE * s);
    ctx.scale(sx, 1);
    ctx.fillText(cell, 0, 0);
    ctx.restore();
  });
}

function canvasToBitmap(canvas: PImage.Bitmap, width: number, height: number): Bitmap {
  const bmp = createBitmap(width, height);
  const data = canvas.data;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const lum = 0.299 * (data[i] ?? 255) + 0.587 * (data[i + 1] ?? 255) + 0.114 * (data[i + 2] ?? 255);
      if (lum < THRESHOLD) setPixel(bmp, x, y);
    }
  }
  return bmp;
}

/** Render text lines (already laid out) to a 1-bit image `widthDots` wide. */
export function renderTextLines(lines: readonly TextLine[], widthDots: number): Bitmap {
  if (!loadReceiptFonts()) throw new Error('the receipt font (@expo-google-fonts/be-vietnam-pro) is missing');
  const height = Math.max(
    1,
    lines.reduce((h, l) => h + lineHeight(l.size), 0),
  );
  const canvas = PImage.make(widthDots, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, widthDots, height);
  ctx.fillStyle = '#000';
  let top = 0;
  for (const l of lines) {
    drawLine(ctx, l, top);
    top += lineHeight(l.size);
  }
  return canvasToBitmap(canvas, widthDots, height);
}

/**
 * One character cell (12 x 24 dots, Font A's cell) drawn as the raster lines draw it: the glyph a
 * printer without a Vietnamese code page is given as a user-defined character (ESC &), so its
 * letters have the same dots as the printer's own and scale with its character size.
 */
export function renderGlyphCell(cell: string, bold: boolean): Bitmap {
  if (!loadReceiptFonts()) throw new Error('the receipt font (@expo-google-fonts/be-vietnam-pro) is missing');
  const canvas = PImage.make(CELL_WIDTH, CELL_HEIGHT);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, CELL_WIDTH, CELL_HEIGHT);
  ctx.fillStyle = '#000';
  drawLine(ctx, { text: cell, size: 1, bold }, 0);
  return canvasToBitmap(canvas, CELL_WIDTH, CELL_HEIGHT);
}

/** A QR symbol (error correction M) as a bitmap: `moduleSize` dots a module, 4-module quiet zone. */
export function qrBitmap(data: string, moduleSize: number): Bitmap {
  const qr = QRCode.create(data, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  const side = (n + quiet * 2) * moduleSize;
  const bmp = createBitmap(side, side);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!qr.modules.get(r, c)) continue;
      for (let dy = 0; dy < moduleSize; dy++) {
        for (let dx = 0; dx < moduleSize; dx++) setPixel(bmp, (c + quiet) * moduleSize + dx, (r + quiet) * moduleSize + dy);
      }
    }
  }
  return bmp;
}

/** A CODE128-B symbol, `height` dots high, with a 10-module quiet zone each side; null if not encodable. */
export function code128Bitmap(data: string, height: number, moduleWidth: number): Bitmap | null {
  const modules = code128Modules(data);
  if (!modules) return null;
  const quiet = 10;
  const bmp = createBitmap((modules.length + quiet * 2) * moduleWidth, height);
  modules.forEach((bar, i) => {
    if (!bar) return;
    for (let dx = 0; dx < moduleWidth; dx++) for (let y = 0; y < height; y++) setPixel(bmp, (i + quiet) * moduleWidth + dx, y);
  });
  return bmp;
}

/** Copy `src` into `dst` at (x, y). */
export function blit(dst: Bitmap, src: Bitmap, x: number, y: number): void {
  for (let sy = 0; sy < src.height; sy++) {
    for (let sx = 0; sx < src.width; sx++) {
      const on = ((src.data[sy * bitmapRowBytes(src.width) + (sx >> 3)] ?? 0) & (0x80 >> (sx & 7))) !== 0;
      if (on) setPixel(dst, x + sx, y + sy);
    }
  }
}

/** Height in dots that an item takes in the preview (and in raster mode). */
function itemBitmap(item: LayoutItem, widthDots: number): Bitmap | null {
  switch (item.type) {
    case 'qr':
      return qrBitmap(item.data, item.moduleSize);
    case 'barcode': {
      const bars = code128Bitmap(item.data, item.height, item.moduleWidth);
      if (!bars) return null;
      // human-readable text below, as GS H 2 prints it
      const hri = renderTextLines([{ text: item.data, size: 1, bold: false }], Math.max(bars.width, widthDots));
      const out = createBitmap(Math.max(bars.width, widthDots), bars.height + hri.height);
      blit(out, bars, Math.floor((out.width - bars.width) / 2), 0);
      const textCols = Array.from(item.data).length;
      blit(out, hri, Math.floor((out.width - textCols * CELL_WIDTH) / 2), bars.height);
      return out;
    }
    case 'feed':
      return null;
    case 'line':
      return renderTextLines([item], widthDots);
  }
}

/**
 * The whole receipt as one image, as the printer would print it (the print preview). QR codes
 * and barcodes are centred, text keeps the character grid.
 */
export function renderLayoutBitmap(layout: Layout, widthDots: number): Bitmap {
  const parts: { bmp: Bitmap | null; height: number }[] = [];
  let run: TextLine[] = [];
  const flush = (): void => {
    if (run.length === 0) return;
    const bmp = renderTextLines(run, widthDots);
    parts.push({ bmp, height: bmp.height });
    run = [];
  };
  for (const item of layout.items) {
    if (item.type === 'line') {
      run.push(item);
      continue;
    }
    flush();
    if (item.type === 'feed') {
      parts.push({ bmp: null, height: lineHeight(1) * item.lines });
      continue;
    }
    const bmp = itemBitmap(item, widthDots);
    if (bmp) parts.push({ bmp, height: bmp.height + LINE_GAP });
  }
  flush();
  const height = Math.max(1, parts.reduce((h, p) => h + p.height, 0) + lineHeight(1));
  const out = createBitmap(widthDots, height);
  let y = 0;
  for (const p of parts) {
    if (p.bmp) blit(out, p.bmp, Math.max(0, Math.floor((widthDots - p.bmp.width) / 2)), y);
    y += p.height;
  }
  return out;
}

/** Encode a bitmap as a PNG (black on white, 8-bit grey), scaled up by `scale` if asked. */
export function bitmapToPng(bmp: Bitmap, scale = 1): Buffer {
  const w = bmp.width * scale;
  const h = bmp.height * scale;
  const png = new PNG({ width: w, height: h, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  const rowBytes = bitmapRowBytes(bmp.width);
  const grey = Buffer.alloc(w * h, 255);
  for (let y = 0; y < bmp.height; y++) {
    for (let x = 0; x < bmp.width; x++) {
      if (((bmp.data[y * rowBytes + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) === 0) continue;
      for (let dy = 0; dy < scale; dy++) grey.fill(0, (y * scale + dy) * w + x * scale, (y * scale + dy) * w + x * scale + scale);
    }
  }
  png.data = grey;
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
}
