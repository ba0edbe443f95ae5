/**
 * The camera's Web Worker: decodes RGBA frames with the configured {@link FrameDecoder} off the
 * UI thread. Messages in: `{ type: 'init', decoder }`, `{ type: 'frame', id, width, height, data }`
 * (data transferred). Out: `{ type: 'ready' | 'result' | 'error', ... }`. The zxing-wasm file
 * is a Vite asset of the app (`?url`), handed to zxing-wasm's locateFile: never a CDN.
 */
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import type { DecoderName, FrameDecoder } from './decoder';
import { createZxingJsDecoder } from './zxing-js';
import { createZxingWasmDecoder } from './zxing-wasm';

export type WorkerIn = { type: 'init'; decoder: DecoderName } | { type: 'frame'; id: number; width: number; height: number; data: Uint8ClampedArray };
export type WorkerOut =
  { type: 'ready'; decoder: DecoderName } | { type: 'result'; id: number; text: string | null; ms: number } | { type: 'error'; message: string };

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<WorkerIn>) => void) | null;
  postMessage(message: WorkerOut): void;
};

let decoder: Promise<FrameDecoder> | undefined;

async function load(name: DecoderName): Promise<FrameDecoder> {
  if (name === 'zxing-js') return createZxingJsDecoder();
  return createZxingWasmDecoder({ url: new URL(wasmUrl, self.location.href).href });
}

scope.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === 'init') {
    decoder = load(msg.decoder);
    decoder.then(
      (d) => scope.postMessage({ type: 'ready', decoder: d.name }),
      (err: unknown) => scope.postMessage({ type: 'error', message: `decoder ${msg.decoder} failed to load: ${String(err)}` }),
    );
    return;
  }
  if (msg.type === 'frame') {
    const pending = decoder;
    if (!pending) {
      scope.postMessage({ type: 'result', id: msg.id, text: null, ms: 0 });
      return;
    }
    const t0 = performance.now();
    void pending
      .then((d) => d.decode({ data: msg.data, width: msg.width, height: msg.height }))
      .catch(() => null)
      .then((text) => scope.postMessage({ type: 'result', id: msg.id, text, ms: performance.now() - t0 }));
  }
};
