/**
 * A laid-out receipt (layout.ts) -> the ESC/POS bytes of one job, for a printer profile.
 *
 * - Code-page mode (the profile has a Vietnamese code page): text with the printer's own font,
 *   encoded with vietnamese.ts. A line the code page cannot carry (a character outside it) is
 *   sent as a raster image of that one line instead, so nothing is ever printed as '?'.
 * - Raster mode (no code page, or forced): every text line is drawn by raster.ts and sent as
 *   GS v 0 bands; QR codes natively if the firmware has GS ( k, barcodes always natively.
 *
 * Both modes print the same lines (same breaks, same columns): alignment is in the layout.
 */
import {
  EscPosBuilder,
  bitmapRowBytes,
  createBitmap,
  type Bitmap,
} from './protocol/escpos';
import { encodeTextForCodePage, selectCodePageBytes, type PrinterProfile } from './profiles';
import type { Layout, LayoutItem } from './layout';
import { qrBitmap, renderTextLines, type TextLine } from './raster';

export type RenderMode = 'auto' | 'codepage' | 'raster';

export interface RenderResult {
  bytes: Uint8Array;
  mode: 'codepage' | 'raster';
  /** Text lines sent as images (all of them in raster mode; fallbacks in code-page mode). */
  rasterLines: number;
}

/** Rows per GS v 0 command: small enough for the receive buffer of cheap printers. */
export const RASTER_BAND_ROWS = 120;

/** Drop blank bytes at the right of every row (the image is left-aligned, so nothing moves). */
export function cropRight(bmp: Bitmap): Bitmap {
  const rowBytes = bitmapRowBytes(bmp.width);
  let used = 0;
  for (let y = 0; y < bmp.height; y++) {
    for (let x = rowBytes - 1; x >= used; x--) {
      if ((bmp.data[y * rowBytes + x] ?? 0) !== 0) {
        used = x + 1;
        break;
      }
    }
  }
  const w = Math.max(1, used);
  if (w === rowBytes) return bmp;
  const out = createBitmap(w * 8, bmp.height);
  for (let y = 0; y < bmp.height; y++) out.data.set(bmp.data.subarray(y * rowBytes, y * rowBytes + w), y * w);
  return out;
}

function sendRaster(b: EscPosBuilder, bmp: Bitmap): void {
  b.raster(cropRight(bmp), { bandHeight: RASTER_BAND_ROWS });
}

export function renderEscPos(layout: Layout, profile: PrinterProfile, options: { mode?: RenderMode } = {}): RenderResult {
  const wanted = options.mode ?? 'auto';
  const mode: 'codepage' | 'raster' =
    wanted === 'raster' || profile.codePage.kind === 'none' ? 'raster' : 'codepage';
  const dots = profile.paper.dots;
  const b = new EscPosBuilder().initialize();
  if (mode === 'codepage') b.raw(selectCodePageBytes(profile.codePage));
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
        b.align('center')
          .code128(item.data, { height: item.height, moduleWidth: item.moduleWidth, hri: 'below' })
          .lf()
          .align('left');
        break;
    }
  }
  flushRun();
  style(1, false);
  if (layout.cut && profile.cutter !== 'none') b.cut(profile.cutter, 0);
  else b.feed(4);
  return { bytes: b.build(), mode, rasterLines };
}
