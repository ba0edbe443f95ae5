import { describe, expect, it } from 'vitest';
import { DEFAULT_PHOTO_THRESHOLDS, measurePhoto, rgbaToGray, shrinkGray } from '../../common/photo-quality';
import { blurred, darkened, documentPage } from '../fixtures/document/page';

describe('photo quality (mean brightness, variance of the Laplacian)', () => {
  const sharp = documentPage();
  it('accepts a sharp, lit document page', () => {
    const q = measurePhoto(sharp.luma, sharp.width, sharp.height);
    expect(q.ok).toBe(true);
    expect(q.problem).toBeUndefined();
    expect(q.brightness).toBeGreaterThan(DEFAULT_PHOTO_THRESHOLDS.minBrightness);
    expect(q.sharpness).toBeGreaterThan(DEFAULT_PHOTO_THRESHOLDS.minSharpness * 3);
  });

  it('refuses the same page out of focus as blurred', () => {
    const b = blurred(sharp);
    const q = measurePhoto(b.luma, b.width, b.height);
    expect(q).toMatchObject({ ok: false, problem: 'blurred' });
    expect(q.sharpness).toBeLessThan(measurePhoto(sharp.luma, sharp.width, sharp.height).sharpness / 10);
  });

  it('refuses the same page in a dark room as dark', () => {
    const d = darkened(sharp);
    expect(measurePhoto(d.luma, d.width, d.height)).toMatchObject({ ok: false, problem: 'dark' });
  });

  it('ranks sharpness monotonically with the blur', () => {
    const s = [0, 1, 2, 4].map((r) => {
      const f = r === 0 ? sharp : blurred(sharp, r, 2);
      return measurePhoto(f.luma, f.width, f.height).sharpness;
    });
    for (let i = 1; i < s.length; i++) expect(s[i]).toBeLessThan(s[i - 1]!);
  });

  it('a flat grey frame (lens covered by a sheet) is blurred, whatever its brightness', () => {
    const flat = new Uint8Array(64 * 48).fill(200);
    expect(measurePhoto(flat, 64, 48)).toMatchObject({ ok: false, problem: 'blurred', sharpness: 0, brightness: 200 });
  });

  it('computes the Laplacian variance exactly on a tiny image', () => {
    // 3x3 with one bright centre: one inner pixel, Laplacian -4*255 -> variance 0 (one sample).
    expect(measurePhoto([0, 0, 0, 0, 255, 0, 0, 0, 0], 3, 3).sharpness).toBe(0);
    // 4x3: inner pixels (1,1)=255 and (2,1)=0 -> Laplacians -1020 and 255 -> variance 406406.25
    const q = measurePhoto([0, 0, 0, 0, 0, 255, 0, 0, 0, 0, 0, 0], 4, 3, { minBrightness: 0, minSharpness: 0 });
    expect(q.sharpness).toBeCloseTo(406406.3, 0);
  });

  it('converts RGBA to luma and checks sizes', () => {
    expect([...rgbaToGray([255, 255, 255, 255, 0, 0, 0, 255, 255, 0, 0, 255], 3, 1)]).toEqual([255, 0, 76]);
    expect(() => rgbaToGray([0, 0, 0], 1, 1)).toThrow(RangeError);
    expect(() => measurePhoto([1, 2], 2, 1)).toThrow(RangeError);
    expect(() => measurePhoto(new Uint8Array(8), 3, 3)).toThrow(RangeError);
  });

  it('shrinks a large photo by box averages, and a page measured at 1280 wide then shrunk keeps its verdicts', () => {
    expect(shrinkGray([0, 255, 255, 255, 10, 20, 30, 40], 4, 2, 2)).toEqual({ gray: new Uint8Array([71, 145]), width: 2, height: 1 });
    expect(shrinkGray([1, 2, 3], 3, 1, 640).gray).toEqual(new Uint8Array([1, 2, 3]));
    const big = documentPage(1280, 960);
    const s = shrinkGray(big.luma, big.width, big.height);
    expect(s.width).toBe(640);
    expect(measurePhoto(s.gray, s.width, s.height).ok).toBe(true);
    const b = blurred(big, 6, 3);
    const sb = shrinkGray(b.luma, b.width, b.height);
    expect(measurePhoto(sb.gray, sb.width, sb.height)).toMatchObject({ ok: false, problem: 'blurred' });
  });
});
