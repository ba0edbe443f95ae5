/**
 * The kiosk camera as a scanner: frames from getUserMedia, drawn to a canvas at a few frames a
 * second and decoded in the Web Worker (worker.ts); a decoded text goes to main with
 * `scan.submit` (source `camera`), which classifies and routes it like any scan. One frame in
 * flight at a time; the same text is not resent within `repeatMs`. Used only when the config
 * says `devices.scanner.kind = camera`.
 */
import type { DecoderName } from './decoder';
import type { WorkerIn, WorkerOut } from './worker';

export interface CameraOptions {
  decoder: DecoderName;
  onText(text: string): void;
  onError?(message: string): void;
  /** The worker loaded its decoder (the name it reports). */
  onReady?(decoder: DecoderName): void;
  width?: number;
  height?: number;
  /** Time between frames. Default 150 ms. */
  intervalMs?: number;
  /** The same text within this time is one scan. Default 3000 ms. */
  repeatMs?: number;
}

export interface CameraScanner {
  stop(): void;
}

export async function startCamera(options: CameraOptions): Promise<CameraScanner> {
  const width = options.width ?? 640;
  const height = options.height ?? 480;
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width, height }, audio: false });
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  await video.play();
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2D canvas');
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  const post = (msg: WorkerIn, transfer: Transferable[] = []) => worker.postMessage(msg, transfer);
  post({ type: 'init', decoder: options.decoder });

  let busy = false;
  let nextId = 0;
  let last: { text: string; at: number } | undefined;
  worker.onmessage = (e: MessageEvent<WorkerOut>) => {
    const m = e.data;
    if (m.type === 'error') options.onError?.(m.message);
    if (m.type === 'ready') options.onReady?.(m.decoder);
    if (m.type !== 'result') return;
    busy = false;
    if (!m.text) return;
    const now = performance.now();
    if (last && last.text === m.text && now - last.at < (options.repeatMs ?? 3000)) return;
    last = { text: m.text, at: now };
    options.onText(m.text);
  };
  worker.onerror = (e) => options.onError?.(`camera worker: ${e.message}`);

  const timer = setInterval(() => {
    if (busy || video.readyState < 2 || video.videoWidth === 0) return;
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    ctx.drawImage(video, 0, 0);
    const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
    busy = true;
    post({ type: 'frame', id: ++nextId, width: img.width, height: img.height, data: img.data }, [img.data.buffer]);
  }, options.intervalMs ?? 150);

  return {
    stop() {
      clearInterval(timer);
      worker.terminate();
      for (const t of stream.getTracks()) t.stop();
      video.srcObject = null;
    },
  };
}
