/**
 * The DG2 face for the screen. ICAO 9303-10 lets a chip store the portrait as JPEG or as JPEG 2000
 * (a JP2 file or a bare codestream), and many chips use JPEG 2000. Neither Chromium nor Electron
 * shows JPEG 2000, so it is decoded here with OpenJPEG (the WebAssembly build published as
 * `@cornerstonejs/codec-openjpeg` by the Cornerstone medical-imaging project, which keeps it
 * current) and encoded again as a JPEG with `jpeg-js` for the `<img>` on the identity screen.
 *
 * Everything stays in memory. The decoded pixels, the copy in the WebAssembly heap and the input
 * copy there are zeroed before this returns. Only the JPEG is handed back; the caller wipes it at
 * the end of the session.
 *
 * The header (SIZ marker, ISO/IEC 15444-1 A.5.1) is read here before anything is decoded, so a
 * hostile or broken image cannot make the decoder allocate an arbitrary amount of memory, and
 * layouts we cannot turn into RGB (signed samples, subsampled components, 2 or more than 4
 * components) are refused with a reason instead of showing a wrong picture.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import jpeg from 'jpeg-js';
import type { FaceImage } from './protocol/dg';

export type FaceImageErrorCode =
  /** More pixels than `maxPixels` (the header says so; nothing was decoded). */
  | 'too-large'
  /** A layout this module does not convert (signed, subsampled, unusual component count). */
  | 'unsupported-layout'
  /** Not a readable JPEG 2000 image. */
  | 'corrupt'
  /** The OpenJPEG module could not be loaded (a broken install). */
  | 'decoder-unavailable';

export class FaceImageError extends Error {
  constructor(
    readonly code: FaceImageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FaceImageError';
  }
}

export interface Jpeg2000Info {
  width: number;
  height: number;
  components: number;
  /** Bits per sample of the first component (1 to 38). */
  bitDepth: number;
  signed: boolean;
  /** Some component has XRsiz or YRsiz other than 1. */
  subsampled: boolean;
  /** JP2 colour specification, enumerated colour space (16 sRGB, 17 greyscale, 18 sYCC), when given. */
  colourSpace?: number;
  /** The codestream (the whole input for a bare codestream, the `jp2c` box for a JP2 file). */
  codestream: Uint8Array;
}

const u16 = (b: Uint8Array, at: number): number => ((b[at] as number) << 8) | (b[at + 1] as number);
const u32 = (b: Uint8Array, at: number): number =>
  (b[at] as number) * 0x1000000 + (((b[at + 1] as number) << 16) | ((b[at + 2] as number) << 8) | (b[at + 3] as number));
const boxType = (b: Uint8Array, at: number): string => String.fromCharCode(...b.subarray(at, at + 4));

interface Box {
  type: string;
  body: Uint8Array;
}

/** The boxes of a JP2 file or superbox (ISO/IEC 15444-1 I.4). Stops at the first malformed one. */
function boxes(b: Uint8Array): Box[] {
  const out: Box[] = [];
  let at = 0;
  while (at + 8 <= b.length) {
    let length = u32(b, at);
    const type = boxType(b, at + 4);
    let header = 8;
    if (length === 1) {
      if (at + 16 > b.length) break;
      length = u32(b, at + 8) * 0x100000000 + u32(b, at + 12);
      header = 16;
    } else if (length === 0) {
      length = b.length - at;
    }
    if (length < header || at + length > b.length) break;
    out.push({ type, body: b.subarray(at + header, at + length) });
    at += length;
  }
  return out;
}

/**
 * Reads the image header of a JP2 file or a JPEG 2000 codestream without decoding it. Returns
 * undefined when the bytes are neither.
 */
export function jpeg2000Info(bytes: Uint8Array): Jpeg2000Info | undefined {
  let codestream = bytes;
  let colourSpace: number | undefined;
  if (bytes.length >= 12 && u32(bytes, 0) === 12 && boxType(bytes, 4) === 'jP  ') {
    const top = boxes(bytes);
    const header = top.find((x) => x.type === 'jp2h');
    const colr = header ? boxes(header.body).find((x) => x.type === 'colr') : undefined;
    if (colr && colr.body.length >= 7 && colr.body[0] === 1) colourSpace = u32(colr.body, 3);
    const c = top.find((x) => x.type === 'jp2c');
    if (!c) return undefined;
    codestream = c.body;
  }
  // SOC, then SIZ: Lsiz Rsiz Xsiz Ysiz XOsiz YOsiz XTsiz YTsiz XTOsiz YTOsiz Csiz {Ssiz XRsiz YRsiz}.
  if (codestream.length < 42 || u16(codestream, 0) !== 0xff4f || u16(codestream, 2) !== 0xff51) return undefined;
  const lsiz = u16(codestream, 4);
  const components = u16(codestream, 40);
  if (components < 1 || lsiz !== 38 + 3 * components || codestream.length < 4 + lsiz) return undefined;
  const width = u32(codestream, 8) - u32(codestream, 16);
  const height = u32(codestream, 12) - u32(codestream, 20);
  if (width <= 0 || height <= 0) return undefined;
  const ssiz = codestream[42] as number;
  let subsampled = false;
  for (let i = 0; i < components; i++) {
    if (codestream[43 + 3 * i] !== 1 || codestream[44 + 3 * i] !== 1) subsampled = true;
  }
  return {
    width,
    height,
    components,
    bitDepth: (ssiz & 0x7f) + 1,
    signed: (ssiz & 0x80) !== 0,
    subsampled,
    ...(colourSpace !== undefined ? { colourSpace } : {}),
    codestream,
  };
}

// ---------------------------------------------------------------------------------------------
// The OpenJPEG module (loaded once, on the first JPEG 2000 face)

interface FrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned: boolean;
}
interface J2KDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  getFrameInfo(): FrameInfo;
  delete(): void;
}
interface OpenJpegModule {
  J2KDecoder: new () => J2KDecoder;
}
type OpenJpegFactory = (options: { wasmBinary: Uint8Array; print: () => void; printErr: () => void }) => Promise<OpenJpegModule>;

let openJpegModule: Promise<OpenJpegModule> | undefined;

function openJpeg(): Promise<OpenJpegModule> {
  if (!openJpegModule) {
    openJpegModule = (async () => {
      const require = createRequire(import.meta.url);
      const factory = require('@cornerstonejs/codec-openjpeg/decodewasmjs') as OpenJpegFactory;
      const wasmBinary = readFileSync(require.resolve('@cornerstonejs/codec-openjpeg/decodewasm'));
      // print/printErr: the decoder chats on stdout ("[INFO] Main header has been correctly decoded").
      return factory({ wasmBinary, print: () => undefined, printErr: () => undefined });
    })();
    openJpegModule.catch(() => (openJpegModule = undefined));
  }
  return openJpegModule;
}

export interface FaceToJpegOptions {
  /** Refuse images with more pixels than this (default 4 megapixels; a DG2 portrait is far less). */
  maxPixels?: number;
  /** JPEG quality 1–100 (default 90). */
  quality?: number;
}

/** What {@link faceToJpeg} returns: the JPEG for the screen and how long the conversion took. */
export interface DisplayFace {
  jpeg: Uint8Array;
  width: number;
  height: number;
  ms: number;
}

/**
 * A JPEG of the face for the screen: a JPEG face is returned as it is; a JPEG 2000 face is
 * decoded and re-encoded. Throws only {@link FaceImageError}.
 */
export async function faceToJpeg(face: FaceImage, options: FaceToJpegOptions = {}): Promise<DisplayFace> {
  const started = performance.now();
  if (face.format === 'jpeg') return { jpeg: face.bytes, width: face.width ?? 0, height: face.height ?? 0, ms: 0 };
  const info = jpeg2000Info(face.bytes);
  if (!info) throw new FaceImageError('corrupt', 'not a JPEG 2000 image (no SOC/SIZ header)');
  const maxPixels = options.maxPixels ?? 4_000_000;
  if (info.width * info.height > maxPixels) {
    throw new FaceImageError('too-large', `${info.width}×${info.height} is more than ${maxPixels} pixels`);
  }
  if (info.signed || info.subsampled || info.bitDepth > 16 || info.components === 2 || info.components > 4) {
    throw new FaceImageError(
      'unsupported-layout',
      `${info.components} component(s), ${info.signed ? 'signed ' : ''}${info.bitDepth}-bit${info.subsampled ? ', subsampled' : ''}`,
    );
  }

  let m: OpenJpegModule;
  try {
    m = await openJpeg();
  } catch (e) {
    throw new FaceImageError('decoder-unavailable', `OpenJPEG could not be loaded: ${e instanceof Error ? e.message : String(e)}`);
  }

  let decoder: J2KDecoder | undefined;
  let input: Uint8Array | undefined;
  let decoded: Uint8Array | undefined;
  let rgba: Uint8Array | undefined;
  try {
    decoder = new m.J2KDecoder();
    input = decoder.getEncodedBuffer(info.codestream.length);
    input.set(info.codestream);
    decoder.decode();
    const frame = decoder.getFrameInfo();
    decoded = decoder.getDecodedBuffer();
    const bytesPerSample = frame.bitsPerSample > 8 ? 2 : 1;
    if (
      frame.width !== info.width ||
      frame.height !== info.height ||
      frame.componentCount !== info.components ||
      decoded.length !== info.width * info.height * info.components * bytesPerSample
    ) {
      throw new FaceImageError('corrupt', 'the JPEG 2000 codestream does not decode to the size its header gives');
    }
    rgba = toRgba(decoded, info, frame.bitsPerSample);
    const out = jpeg.encode({ data: rgba, width: info.width, height: info.height }, options.quality ?? 90);
    return {
      jpeg: new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.length),
      width: info.width,
      height: info.height,
      ms: performance.now() - started,
    };
  } catch (e) {
    if (e instanceof FaceImageError) throw e;
    // An Emscripten abort leaves the module unusable: load a fresh one next time.
    openJpegModule = undefined;
    throw new FaceImageError('corrupt', `OpenJPEG could not decode the image (${e instanceof Error ? e.message : typeof e})`);
  } finally {
    // Personal data: zero every copy of the pixels and of the encoded face we made.
    rgba?.fill(0);
    try {
      decoded?.fill(0);
      input?.fill(0);
      decoder?.delete();
    } catch {
      openJpegModule = undefined;
    }
  }
}

/** Interleaved samples (1, 3 or 4 components; 8 or 16 bits) to RGBA, sYCC converted to RGB. */
function toRgba(samples: Uint8Array, info: Jpeg2000Info, bits: number): Uint8Array {
  const pixels = info.width * info.height;
  const rgba = new Uint8Array(pixels * 4);
  const c = info.components;
  const wide = bits > 8;
  const shift = wide ? bits - 8 : 0;
  // 16-bit samples are little-endian (the WebAssembly heap); read byte by byte, whatever the alignment.
  const at = (i: number): number => (wide ? (((samples[2 * i] as number) | ((samples[2 * i + 1] as number) << 8)) >> shift) & 0xff : (samples[i] as number));
  const ycc = c >= 3 && info.colourSpace === 18;
  for (let p = 0; p < pixels; p++) {
    const s = p * c;
    const o = p * 4;
    if (c === 1) {
      const g = at(s);
      rgba[o] = rgba[o + 1] = rgba[o + 2] = g;
    } else if (ycc) {
      const y = at(s);
      const cb = at(s + 1) - 128;
      const cr = at(s + 2) - 128;
      rgba[o] = clamp(y + 1.402 * cr);
      rgba[o + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
      rgba[o + 2] = clamp(y + 1.772 * cb);
    } else {
      rgba[o] = at(s);
      rgba[o + 1] = at(s + 1);
      rgba[o + 2] = at(s + 2);
    }
    rgba[o + 3] = 255;
  }
  return rgba;
}

const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));
