/**
 * Raster bands (drivers/printer/render.ts): a left-aligned image is sent as GS v 0 bands, each
 * as narrow as its own ink, with the cuts that send the fewest bytes. The paper must come out
 * the same: the simulator's reassembled bands equal the original image, pixel for pixel.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bitmapRowBytes, createBitmap, rasterImage, type Bitmap } from '../../drivers/printer/protocol/escpos';
import { rasterBands, RASTER_BAND_ROWS } from '../../drivers/printer/render';
import { renderTextLines } from '../../drivers/printer/raster';

function setPixel(bmp: Bitmap, x: number, y: number): void {
  const i = y * bitmapRowBytes(bmp.width) + (x >> 3);
  bmp.data[i] = (bmp.data[i] as number) | (0x80 >> (x & 7));
}

/** Pastes the bands back, each at the left margin below the previous one (what the printer does). */
function reassemble(bmp: Bitmap, bands: ReturnType<typeof rasterBands>): Bitmap {
  const out = createBitmap(bmp.width, bmp.height);
  const rowBytes = bitmapRowBytes(bmp.width);
  let y = 0;
  for (const b of bands) {
    if (b.y0 !== y) throw new Error(`band at ${b.y0}, expected ${y}`);
    for (let r = 0; r < b.rows; r++) out.data.set(bmp.data.subarray((y + r) * rowBytes, (y + r) * rowBytes + b.widthBytes), (y + r) * rowBytes);
    y += b.rows;
  }
  if (y !== bmp.height) throw new Error(`bands cover ${y} of ${bmp.height} rows`);
  return out;
}

const bytesOf = (bands: ReturnType<typeof rasterBands>): number => bands.reduce((n, b) => n + 8 + b.widthBytes * b.rows, 0);

describe('raster bands', () => {
  it('keeps every pixel of rendered Vietnamese text, in fewer bytes than one cropped image', () => {
    const bmp = renderTextLines(
      [
        { text: 'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG', size: 1, bold: true },
        { text: 'Số', size: 1, bold: false },
        { text: 'A012', size: 3, bold: true },
        { text: 'Hộ tịch', size: 1, bold: false },
      ],
      576,
    );
    const bands = rasterBands(bmp);
    expect(reassemble(bmp, bands).data).toEqual(bmp.data);
    for (const b of bands) expect(b.rows).toBeLessThanOrEqual(RASTER_BAND_ROWS);
    const whole = rasterImage(bmp, { bandHeight: RASTER_BAND_ROWS }).length;
    expect(bytesOf(bands)).toBeLessThan(whole * 0.8);
  });

  it('sends a blank stretch at one byte a row, and a short line only as wide as its ink', () => {
    const bmp = createBitmap(576, 100);
    for (let y = 10; y < 20; y++) for (let x = 0; x < 30; x++) setPixel(bmp, x, y); // 4 bytes wide
    const bands = rasterBands(bmp);
    expect(bytesOf(bands)).toBeLessThanOrEqual(8 + 100 * 4);
    expect(Math.max(...bands.map((b) => b.widthBytes))).toBe(4);
    expect(reassemble(bmp, bands).data).toEqual(bmp.data);
  });

  it('property: any image is reassembled exactly, with bands of at most the limit, never dearer than the plain bands', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 200 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 200 }),
        fc.integer({ min: 1, max: 64 }),
        (widthBytes, height, pixels, maxRows) => {
          const bmp = createBitmap(widthBytes * 8, height);
          for (const [x, y] of pixels) setPixel(bmp, x % bmp.width, y % height);
          const bands = rasterBands(bmp, maxRows);
          return (
            bands.every((b) => b.rows <= maxRows) &&
            Buffer.compare(reassemble(bmp, bands).data, bmp.data) === 0 &&
            bytesOf(bands) <= rasterImage(bmp, { bandHeight: maxRows }).length
          );
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
