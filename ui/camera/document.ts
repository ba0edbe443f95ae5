/**
 * The document camera of the submit journey: opened on the capture screen only (and closed when
 * it goes), a frame taken on "Chụp", its quality measured (common/photo-quality.ts) on a
 * 640x480 grayscale copy, then encoded as JPEG under the form's per-file limit (lower quality,
 * then smaller size, until it fits) with a small thumbnail. When the page stands out from the
 * tray around it (common/page-edges.ts), the photo is cropped to the page and straightened;
 * otherwise the whole frame is kept.
 */
import { findPage, pageSize, warpQuad, type Quad } from '../../common/page-edges';
import { measurePhoto, rgbaToGray, type PhotoQuality } from '../../common/photo-quality';

export interface DocumentCameraOptions {
  /** Part of the camera's label; absent: the first camera. */
  device?: string | undefined;
  width: number;
  height: number;
}

export interface OpenCamera {
  video: HTMLVideoElement;
  stop(): void;
}

export async function openDocumentCamera(video: HTMLVideoElement, opts: DocumentCameraOptions): Promise<OpenCamera> {
  let constraints: MediaTrackConstraints = { width: { ideal: opts.width }, height: { ideal: opts.height } };
  if (opts.device) {
    const want = opts.device.toLowerCase();
    // Labels are visible once the permission is granted (it is, by the shell, for our origin).
    const devices = await navigator.mediaDevices.enumerateDevices();
    const hit = devices.find((d) => d.kind === 'videoinput' && d.label.toLowerCase().includes(want));
    if (hit) constraints = { ...constraints, deviceId: { exact: hit.deviceId } };
  }
  const stream = await navigator.mediaDevices.getUserMedia({ video: constraints, audio: false });
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  await video.play();
  return {
    video,
    stop() {
      for (const t of stream.getTracks()) t.stop();
      video.srcObject = null;
    },
  };
}

export interface Shot {
  quality: PhotoQuality;
  /** Present when the quality is good. */
  jpeg?: { dataUrl: string; bytes: number };
  thumbUrl?: string;
  /** Encoding could not get under the limit. */
  tooLarge?: boolean;
  /** The page was found, cropped and straightened (its size in pixels). */
  cropped?: { width: number; height: number };
}

/** The frame's page, straightened onto a canvas of its own size; null when no page was found. */
function straightened(video: HTMLVideoElement, w: number, h: number, gray: Uint8Array, mw: number, mh: number): HTMLCanvasElement | null {
  const page = findPage(gray, mw, mh);
  if (!page) return null;
  const k = w / mw;
  const quad = page.quad.map((p) => ({ x: p.x * k, y: p.y * k })) as Quad;
  const frame = document.createElement('canvas');
  frame.width = w;
  frame.height = h;
  const fctx = frame.getContext('2d', { willReadFrequently: true });
  if (!fctx) return null;
  fctx.drawImage(video, 0, 0, w, h);
  const pixels = fctx.getImageData(0, 0, w, h);
  const size = pageSize(quad);
  const out = document.createElement('canvas');
  out.width = size.width;
  out.height = size.height;
  const octx = out.getContext('2d');
  if (!octx) return null;
  octx.putImageData(new ImageData(warpQuad(pixels.data, w, h, quad, size.width, size.height), size.width, size.height), 0, 0);
  pixels.data.fill(0);
  frame.width = 0;
  frame.height = 0;
  return out;
}

function base64Bytes(dataUrl: string): number {
  const b64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
  return Math.floor((b64.length * 3) / 4) - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);
}

export function takeShot(video: HTMLVideoElement, maxBytes: number): Shot {
  const w = video.videoWidth;
  const h = video.videoHeight;
  if (!w || !h) throw new Error('the camera gives no picture yet');
  // Quality on a 640-wide copy, so the thresholds do not depend on the camera's resolution.
  const mw = Math.min(640, w);
  const mh = Math.round((h * mw) / w);
  const small = document.createElement('canvas');
  small.width = mw;
  small.height = mh;
  const sctx = small.getContext('2d', { willReadFrequently: true });
  if (!sctx) throw new Error('no 2D canvas');
  sctx.drawImage(video, 0, 0, mw, mh);
  const pixels = sctx.getImageData(0, 0, mw, mh);
  const gray = rgbaToGray(pixels.data, mw, mh);
  const quality = measurePhoto(gray, mw, mh);
  pixels.data.fill(0);
  sctx.clearRect(0, 0, mw, mh);
  if (!quality.ok) {
    gray.fill(0);
    return { quality };
  }
  // The page alone, upright, when it can be found; else the whole frame.
  const page = straightened(video, w, h, gray, mw, mh);
  gray.fill(0);
  const source: CanvasImageSource = page ?? video;
  const sw = page ? page.width : w;
  const sh = page ? page.height : h;
  const full = document.createElement('canvas');
  let scale = 1;
  let dataUrl = '';
  let bytes = Infinity;
  for (let attempt = 0; attempt < 6 && bytes > maxBytes; attempt++) {
    full.width = Math.round(sw * scale);
    full.height = Math.round(sh * scale);
    const fctx = full.getContext('2d');
    if (!fctx) throw new Error('no 2D canvas');
    fctx.drawImage(source, 0, 0, full.width, full.height);
    const q = attempt < 3 ? [0.85, 0.7, 0.55][attempt]! : 0.55;
    dataUrl = full.toDataURL('image/jpeg', q);
    bytes = base64Bytes(dataUrl);
    if (attempt >= 2) scale *= 0.7;
  }
  full.width = 0;
  full.height = 0;
  const thumb = document.createElement('canvas');
  thumb.width = 160;
  thumb.height = Math.round((sh * 160) / sw);
  thumb.getContext('2d')?.drawImage(source, 0, 0, thumb.width, thumb.height);
  const thumbUrl = thumb.toDataURL('image/jpeg', 0.7);
  thumb.width = 0;
  const cropped = page ? { width: page.width, height: page.height } : undefined;
  if (page) {
    page.width = 0;
    page.height = 0;
  }
  if (bytes > maxBytes) return { quality, tooLarge: true };
  return { quality, jpeg: { dataUrl, bytes }, thumbUrl, ...(cropped ? { cropped } : {}) };
}
