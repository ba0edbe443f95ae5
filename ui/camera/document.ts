/**
 * The document camera of the submit journey: opened on the capture screen only (and closed when
 * it goes), a frame taken on "Chụp", its quality measured (common/photo-quality.ts) on a
 * 640x480 grayscale copy, then encoded as JPEG under the form's per-file limit (lower quality,
 * then smaller size, until it fits) with a small thumbnail. No page-edge detection or
 * straightening yet: the whole frame is kept.
 */
import { measurePhoto, rgbaToGray, type PhotoQuality } from '../../common/photo-quality';

export interface DocumentCameraOptions {
  /** Part of the camera's label; absent: the first camera. */
  device?: string;
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
  const quality = measurePhoto(rgbaToGray(pixels.data, mw, mh), mw, mh);
  pixels.data.fill(0);
  if (!quality.ok) {
    sctx.clearRect(0, 0, mw, mh);
    return { quality };
  }
  const full = document.createElement('canvas');
  let scale = 1;
  let dataUrl = '';
  let bytes = Infinity;
  for (let attempt = 0; attempt < 6 && bytes > maxBytes; attempt++) {
    full.width = Math.round(w * scale);
    full.height = Math.round(h * scale);
    const fctx = full.getContext('2d');
    if (!fctx) throw new Error('no 2D canvas');
    fctx.drawImage(video, 0, 0, full.width, full.height);
    const q = attempt < 3 ? [0.85, 0.7, 0.55][attempt]! : 0.55;
    dataUrl = full.toDataURL('image/jpeg', q);
    bytes = base64Bytes(dataUrl);
    if (attempt >= 2) scale *= 0.7;
  }
  full.width = 0;
  full.height = 0;
  const thumb = document.createElement('canvas');
  thumb.width = 160;
  thumb.height = Math.round((h * 160) / w);
  thumb.getContext('2d')?.drawImage(video, 0, 0, thumb.width, thumb.height);
  const thumbUrl = thumb.toDataURL('image/jpeg', 0.7);
  thumb.width = 0;
  if (bytes > maxBytes) return { quality, tooLarge: true };
  return { quality, jpeg: { dataUrl, bytes }, thumbUrl };
}
