/**
 * Both camera decoders (ui/camera: zxing-js and zxing-wasm) on the same frames: QR codes made by
 * an independent encoder (npm qrcode), rendered to RGBA with pngjs and transformed here.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FrameDecoder } from '../../ui/camera/decoder';
import { createZxingJsDecoder } from '../../ui/camera/zxing-js';
import { createZxingWasmDecoder } from '../../ui/camera/zxing-wasm';
import { blur, contrast, noise, placeInFrame, qrImage } from '../fixtures/scanner/images';

const require = createRequire(import.meta.url);
export function zxingWasmBinary(): ArrayBuffer {
  const bytes = readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

const CODE = '000.00.12.H56-260314-0042';
const CCCD = '001199012345|123456789|Nguyễn Thị Ánh|01021999|Nữ|Số 12 phố Hàng Bạc, Phường Hoàn Kiếm, Hà Nội|15082021';

const decoders: FrameDecoder[] = [];
beforeAll(async () => {
  decoders.push(createZxingJsDecoder(), await createZxingWasmDecoder({ binary: zxingWasmBinary() }));
});

describe.each(['zxing-js', 'zxing-wasm'] as const)('%s camera decoder', (name) => {
  const dec = () => decoders.find((d) => d.name === name)!;

  it('reads a plain QR code of a dossier code in a 640x480 frame', async () => {
    const frame = placeInFrame(await qrImage(CODE, 6), 640, 480);
    expect(await dec().decode(frame)).toBe(CODE);
  });

  it('reads a CCCD QR with Vietnamese diacritics as UTF-8', async () => {
    const frame = placeInFrame(await qrImage(CCCD, 4), 640, 480);
    expect(await dec().decode(frame)).toBe(CCCD);
  });

  it('reads a rotated code (20°)', async () => {
    const frame = placeInFrame(await qrImage(CODE, 5), 640, 480, { degrees: 20 });
    expect(await dec().decode(frame)).toBe(CODE);
  });

  it('reads a scaled-down and a scaled-up code', async () => {
    const img = await qrImage(CODE, 4);
    expect(await dec().decode(placeInFrame(img, 640, 480, { scale: 0.8 }))).toBe(CODE);
    expect(await dec().decode(placeInFrame(img, 1280, 720, { scale: 2.5 }))).toBe(CODE);
  });

  it('reads a slightly blurred code', async () => {
    const frame = blur(placeInFrame(await qrImage(CODE, 6), 640, 480), 1);
    expect(await dec().decode(frame)).toBe(CODE);
  });

  it('reads a noisy code (±10 grey levels; the benchmark measures stronger noise)', async () => {
    const frame = noise(placeInFrame(await qrImage(CODE, 6), 640, 480), 10, 7);
    expect(await dec().decode(frame)).toBe(CODE);
  });

  it('reads a low-contrast code', async () => {
    const frame = contrast(placeInFrame(await qrImage(CODE, 6), 640, 480), 90, 150);
    expect(await dec().decode(frame)).toBe(CODE);
  });

  it('finds nothing in an empty or garbage frame and never throws', async () => {
    expect(await dec().decode(placeInFrame({ data: new Uint8ClampedArray(4 * 4 * 4).fill(255), width: 4, height: 4 }, 320, 240))).toBeNull();
    expect(await dec().decode(noise(placeInFrame({ data: new Uint8ClampedArray(16).fill(128), width: 2, height: 2 }, 320, 240), 127, 3))).toBeNull();
    expect(await dec().decode({ data: new Uint8ClampedArray(10), width: 100, height: 100 })).toBeNull();
  });
});
