/**
 * FrameDecoder over zxing-wasm (zxing-cpp in WebAssembly). The .wasm file is never fetched from
 * a CDN: the caller hands its location (a Vite asset URL in the app) or its bytes (Node).
 */
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import type { FrameDecoder, RgbaFrame } from './decoder';

export interface ZxingWasmSource {
  /** URL of zxing_reader.wasm served by the app (Vite `?url` import). */
  url?: string;
  /** The wasm bytes (Node: read from node_modules/zxing-wasm/dist/reader/zxing_reader.wasm). */
  binary?: ArrayBuffer;
}

const OPTIONS: ReaderOptions = {
  formats: ['QRCode', 'Code128', 'Code39', 'EAN-13', 'DataMatrix'],
  tryHarder: true,
  tryRotate: true,
  tryInvert: false,
  maxNumberOfSymbols: 1,
  textMode: 'Plain',
  characterSet: 'UTF8',
};

export async function createZxingWasmDecoder(source: ZxingWasmSource): Promise<FrameDecoder> {
  if (!source.url && !source.binary) throw new Error('zxing-wasm needs the location or the bytes of its .wasm file');
  const overrides: Record<string, unknown> = source.binary
    ? { wasmBinary: source.binary }
    : { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? source.url! : prefix + path) };
  await prepareZXingModule({ overrides, fireImmediately: true });
  return {
    name: 'zxing-wasm',
    async decode(frame: RgbaFrame) {
      try {
        const results = await readBarcodes({ data: frame.data, width: frame.width, height: frame.height } as unknown as ImageData, OPTIONS);
        const hit = results.find((r) => r.isValid && r.text.length > 0);
        return hit ? hit.text : null;
      } catch {
        return null;
      }
    },
  };
}
