/**
 * Is a document photo good enough to send? Two measures on a grayscale image:
 *
 * - mean brightness (0..255): a photo darker than `minBrightness` is refused (a hand over the
 *   lens, a dark room);
 * - the variance of the Laplacian (4-neighbour kernel 0 1 0 / 1 -4 1 / 0 1 0): sharp edges of
 *   printed text give a high variance, a blurred or shaken photo a low one (Pech-Pacheco et al.,
 *   "Diatom autofocusing in brightfield microscopy", 2000; the usual "blur detection" measure).
 *
 * Pure: no DOM, no Node. The UI measures the camera frame it drew on a canvas (640x480); the
 * thresholds are set on the generated fixtures (test/fixtures/document/page.ts) and printed by
 * the benchmark (test/bench/submit.ts).
 */

export interface PhotoQualityThresholds {
  /** Mean luma below this is too dark. */
  minBrightness: number;
  /** Laplacian variance below this is blurred. */
  minSharpness: number;
}

export const DEFAULT_PHOTO_THRESHOLDS: PhotoQualityThresholds = { minBrightness: 60, minSharpness: 100 };

export interface PhotoQuality {
  brightness: number;
  sharpness: number;
  ok: boolean;
  /** Why it is refused; absent when ok. */
  problem?: 'dark' | 'blurred';
}

/** Luma (BT.601) of RGBA pixels (a canvas's ImageData.data). */
export function rgbaToGray(rgba: ArrayLike<number>, width: number, height: number): Uint8Array {
  const n = width * height;
  if (rgba.length < n * 4) throw new RangeError(`expected ${n * 4} RGBA bytes, got ${rgba.length}`);
  const out = new Uint8Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    out[i] = (rgba[j]! * 299 + rgba[j + 1]! * 587 + rgba[j + 2]! * 114 + 500) / 1000;
  }
  return out;
}

/** Mean brightness and Laplacian variance of a grayscale image (one byte a pixel, row-major). */
export function measurePhoto(
  gray: ArrayLike<number>,
  width: number,
  height: number,
  thresholds: PhotoQualityThresholds = DEFAULT_PHOTO_THRESHOLDS,
): PhotoQuality {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 3 || height < 3) throw new RangeError('the image must be at least 3x3 pixels');
  if (gray.length < width * height) throw new RangeError(`expected ${width * height} pixels, got ${gray.length}`);
  let sum = 0;
  for (let i = 0; i < width * height; i++) sum += gray[i]!;
  const brightness = sum / (width * height);
  let lsum = 0;
  let lsq = 0;
  let count = 0;
  for (let y = 1; y < height - 1; y++) {
    const row = y * width;
    for (let x = 1; x < width - 1; x++) {
      const i = row + x;
      const l = gray[i - 1]! + gray[i + 1]! + gray[i - width]! + gray[i + width]! - 4 * gray[i]!;
      lsum += l;
      lsq += l * l;
      count++;
    }
  }
  const mean = lsum / count;
  const sharpness = lsq / count - mean * mean;
  const q: PhotoQuality = { brightness: round1(brightness), sharpness: round1(sharpness), ok: true };
  if (brightness < thresholds.minBrightness) return { ...q, ok: false, problem: 'dark' };
  if (sharpness < thresholds.minSharpness) return { ...q, ok: false, problem: 'blurred' };
  return q;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/**
 * A grayscale image made at most `maxWidth` wide by averaging boxes of pixels (integer factor),
 * so a large photo is measured at the size the thresholds were set for (the screen draws the
 * frame at 640 wide; the CLI checks files of any size).
 */
export function shrinkGray(gray: ArrayLike<number>, width: number, height: number, maxWidth = 640): { gray: Uint8Array; width: number; height: number } {
  const f = Math.max(1, Math.ceil(width / maxWidth));
  const w = Math.floor(width / f);
  const h = Math.floor(height / f);
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let dy = 0; dy < f; dy++) for (let dx = 0; dx < f; dx++) s += gray[(y * f + dy) * width + x * f + dx]!;
      out[y * w + x] = Math.round(s / (f * f));
    }
  }
  return { gray: out, width: w, height: h };
}
