/**
 * JPEG 2000 faces for the screen: images made by an encoder we did not write (OpenJPEG through
 * Pillow) are decoded by drivers/idcard/face.ts and re-encoded as JPEG; the colours of the four
 * quadrants survive. Headers that ask for too many pixels or an unconvertible layout are refused
 * before decoding; broken codestreams give FaceImageError and nothing else.
 */
import fc from 'fast-check';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { FaceImageError, faceToJpeg, jpeg2000Info, type FaceImage } from '../../drivers/idcard';
import { makeJpeg2000, QUADRANTS } from '../fixtures/cccd/photo';

const face = (bytes: Uint8Array, format: 'jp2' | 'j2k' = 'j2k'): FaceImage => ({ format, mimeType: format === 'jp2' ? 'image/jp2' : 'image/j2c', bytes });

function pixel(img: { data: Uint8Array; width: number }, x: number, y: number): number[] {
  const i = (y * img.width + x) * 4;
  return [img.data[i], img.data[i + 1], img.data[i + 2]] as number[];
}

function expectClose(actual: number[], expected: readonly number[], tolerance = 4): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(Math.abs(v - (expected[i] as number)), `channel ${i}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance));
}

async function expectFaceError(p: Promise<unknown>, code?: string): Promise<void> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(FaceImageError);
  if (code) expect((e as FaceImageError).code).toBe(code);
}

describe('JPEG 2000 header', () => {
  it('reads size, components, depth and the JP2 colour space without decoding', () => {
    const jp2 = jpeg2000Info(makeJpeg2000({ container: 'jp2', width: 120, height: 160 }));
    expect(jp2).toMatchObject({ width: 120, height: 160, components: 3, bitDepth: 8, signed: false, subsampled: false, colourSpace: 16 });
    const grey = jpeg2000Info(makeJpeg2000({ container: 'jp2', width: 50, height: 40, mode: 'L' }));
    expect(grey).toMatchObject({ width: 50, height: 40, components: 1, colourSpace: 17 });
    const raw = makeJpeg2000({ container: 'j2k', width: 33, height: 17 });
    const info = jpeg2000Info(raw);
    expect(info).toMatchObject({ width: 33, height: 17, components: 3 });
    expect(info?.colourSpace).toBeUndefined();
    expect(info?.codestream).toBe(raw);
  });

  it('is undefined for JPEG, empty, short and random bytes', () => {
    expect(jpeg2000Info(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]))).toBeUndefined();
    expect(jpeg2000Info(new Uint8Array())).toBeUndefined();
    expect(jpeg2000Info(new Uint8Array([0xff, 0x4f, 0xff, 0x51]))).toBeUndefined();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const info = jpeg2000Info(b);
        if (info) expect(info.width * info.height).toBeGreaterThan(0);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('faceToJpeg', () => {
  for (const container of ['jp2', 'j2k'] as const) {
    it(`decodes a colour ${container} and keeps every quadrant's colour`, async () => {
      const src = makeJpeg2000({ container, width: 240, height: 320 });
      const out = await faceToJpeg(face(src, container));
      expect(out).toMatchObject({ width: 240, height: 320 });
      expect([...out.jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
      const img = jpeg.decode(Buffer.from(out.jpeg), { useTArray: true });
      expect([img.width, img.height]).toEqual([240, 320]);
      expectClose(pixel(img, 20, 20), QUADRANTS[0]);
      expectClose(pixel(img, 220, 20), QUADRANTS[1]);
      expectClose(pixel(img, 20, 300), QUADRANTS[2]);
      expectClose(pixel(img, 220, 300), QUADRANTS[3]);
    });
  }

  it("decodes greyscale to grey pixels with the quadrants' luma", async () => {
    const out = await faceToJpeg(face(makeJpeg2000({ container: 'jp2', width: 64, height: 64, mode: 'L' }), 'jp2'));
    const img = jpeg.decode(Buffer.from(out.jpeg), { useTArray: true });
    QUADRANTS.forEach((rgb, q) => {
      const luma = Math.round(0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]);
      const [x, y] = [q % 2 ? 56 : 8, q >= 2 ? 56 : 8];
      expectClose(pixel(img, x, y), [luma, luma, luma]);
    });
  });

  it('returns a JPEG face as it is', async () => {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    expect((await faceToJpeg({ format: 'jpeg', mimeType: 'image/jpeg', bytes })).jpeg).toBe(bytes);
  });

  it('refuses more pixels than allowed before decoding, including a forged 60000×60000 header', async () => {
    const src = makeJpeg2000({ container: 'j2k', width: 100, height: 100 });
    await expectFaceError(faceToJpeg(face(src), { maxPixels: 9_999 }), 'too-large');
    const forged = new Uint8Array(src);
    new DataView(forged.buffer).setUint32(8, 60_000);
    new DataView(forged.buffer).setUint32(12, 60_000);
    await expectFaceError(faceToJpeg(face(forged)), 'too-large');
  });

  it('refuses signed samples and subsampled components as an unsupported layout', async () => {
    const src = makeJpeg2000({ container: 'j2k', width: 32, height: 32 });
    const signed = new Uint8Array(src);
    signed[42] = 0x87;
    await expectFaceError(faceToJpeg(face(signed)), 'unsupported-layout');
    const subsampled = new Uint8Array(src);
    subsampled[46] = 2; // XRsiz of the second component
    await expectFaceError(faceToJpeg(face(subsampled)), 'unsupported-layout');
  });

  it('gives FaceImageError "corrupt" for a truncated codestream, garbage after the header and random bytes, and still decodes afterwards', async () => {
    const src = makeJpeg2000({ container: 'j2k', width: 64, height: 64, noise: true });
    await expectFaceError(faceToJpeg(face(src.subarray(0, Math.floor(src.length / 3)))), 'corrupt');
    const garbage = new Uint8Array(src.length);
    garbage.set(src.subarray(0, 60));
    for (let i = 60; i < garbage.length; i++) garbage[i] = (i * 97) & 0xff;
    await expectFaceError(faceToJpeg(face(garbage)), 'corrupt');
    await expectFaceError(faceToJpeg(face(new Uint8Array(500).fill(0x4f))), 'corrupt');
    expect((await faceToJpeg(face(src))).width).toBe(64);
  });

  it('property: any corruption of a real codestream gives a JPEG of the header size or a FaceImageError, nothing else', async () => {
    const src = makeJpeg2000({ container: 'j2k', width: 48, height: 48, noise: true });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: src.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.nat({ max: src.length }),
        async (edits, cut) => {
          const bytes = new Uint8Array(src.subarray(0, Math.max(cut, 2)));
          for (const [at, v] of edits) if (at < bytes.length) bytes[at] = v;
          try {
            const out = await faceToJpeg(face(bytes));
            const info = jpeg2000Info(bytes);
            expect([out.width, out.height]).toEqual([info?.width, info?.height]);
            expect([...out.jpeg.subarray(0, 2)]).toEqual([0xff, 0xd8]);
          } catch (e) {
            expect(e).toBeInstanceOf(FaceImageError);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
