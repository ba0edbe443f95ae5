/**
 * The camera's frame decoder interface: RGBA pixels in, the decoded text (or null) out. Two
 * implementations, measured side by side in test/bench/scanner.ts: zxing-js (@zxing/library,
 * pure JS) and zxing-wasm (zxing-cpp compiled to WebAssembly). Config `devices.scanner.
 * cameraDecoder` picks one. Pure: no DOM needed, so the same code runs in the Web Worker and in
 * Node (tests, benchmark).
 */
export interface RgbaFrame {
  /** width * height * 4 bytes, RGBA (ImageData.data). */
  data: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
}

export interface FrameDecoder {
  readonly name: 'zxing-js' | 'zxing-wasm';
  /** The text of the first QR code or barcode found, or null. Never throws. */
  decode(frame: RgbaFrame): Promise<string | null>;
}

export type DecoderName = FrameDecoder['name'];

/** RGBA -> 8-bit luminance (ITU-R BT.601 weights, integer math). */
export function toLuminance(frame: RgbaFrame): Uint8ClampedArray {
  const { data, width, height } = frame;
  const n = width * height;
  const out = new Uint8ClampedArray(n);
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    out[i] = (data[j]! * 306 + data[j + 1]! * 601 + data[j + 2]! * 117 + 512) >> 10;
  }
  return out;
}
