/**
 * `npx tsx test/bench/scanner.ts`: scanner benchmarks; prints numbers, asserts none.
 *
 * 1. Serial scan to classified event: a real socat PTY pair, the real serialport, the framer,
 *    text integrity, classifyScan and the kiosk's `scan` event (the scanner service), over
 *    N scans written one at a time (p50, p95, max).
 * 2. Camera decoders side by side (zxing-js, zxing-wasm) on the same frames: ms per frame at
 *    640x480 and 1280x720 (frames with a code: plain, rotated, scaled; and frames without one),
 *    and the share of noisy frames decoded (uniform noise ±10..±80 grey levels).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ScannerConfig } from '../../kiosk-config/schema';
import { createSerialScanner } from '../../drivers/scanner/transports/serial';
import { createEvents } from '../../main/events';
import { createLogger } from '../../main/log';
import { createScannerService } from '../../main/services/scan/service';
import { createSessionService } from '../../main/services/session';
import type { FrameDecoder, RgbaFrame } from '../../ui/camera/decoder';
import { createZxingJsDecoder } from '../../ui/camera/zxing-js';
import { createZxingWasmDecoder } from '../../ui/camera/zxing-wasm';
import { blur, contrast, noise, placeInFrame, qrImage } from '../fixtures/scanner/images';
import { createPtyPair, requireSocat } from '../support/pty';

const SCANS = Number(process.env.SCANS ?? 250);

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

async function serialBench() {
  if (!requireSocat()) {
    console.log('serial: socat missing, skipped (CI fails instead)');
    return;
  }
  const pty = await createPtyPair('bench');
  const log = createLogger({ level: 'error' });
  const events = createEvents(log);
  const session = createSessionService({ events, log, idleTimeoutSeconds: 60 });
  const driver = createSerialScanner({ path: pty.devicePath, suffix: 'cr', baudRate: 115200 });
  const svc = await createScannerService({ config: ScannerConfig.parse({ kind: 'serial', path: pty.devicePath }), events, log, session, driver });
  await svc.start();
  const codes = [
    '000.00.12.H56-260314-0042',
    'https://dichvucong.example.gov.vn/tra-cuu?ma=000.21.01.H29-261120-0127',
    '001199012345|123456789|Nguyễn Thị Ánh|01021999|Nữ|Số 12 phố Hàng Bạc, Phường Hoàn Kiếm, Hà Nội|15082021',
  ];
  const times: number[] = [];
  let resolve: (() => void) | undefined;
  events.on('scan', () => resolve?.());
  for (let i = 0; i < SCANS + 10; i++) {
    const done = new Promise<void>((r) => (resolve = r));
    const t0 = performance.now();
    pty.write(`${codes[i % codes.length]}\r`);
    await done;
    if (i >= 10) times.push(performance.now() - t0); // 10 warm-up scans
  }
  times.sort((a, b) => a - b);
  console.log(`serial scan -> classified scan event, ${times.length} scans over a socat PTY (115200 baud, CR):`);
  console.log(`  p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms, max ${times.at(-1)!.toFixed(2)} ms`);
  await svc.stop();
  session.close();
  await pty.close();
}

async function cameraBench() {
  const require = createRequire(import.meta.url);
  const bytes = readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
  const decoders: FrameDecoder[] = [
    createZxingJsDecoder(),
    await createZxingWasmDecoder({ binary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer }),
  ];
  const texts = ['000.00.12.H56-260314-0042', '001199012345|123456789|Nguyễn Thị Ánh|01021999|Nữ|Số 12 phố Hàng Bạc, Phường Hoàn Kiếm, Hà Nội|15082021'];
  for (const [w, h] of [
    [640, 480],
    [1280, 720],
  ] as const) {
    const frames: Array<{ frame: RgbaFrame; text: string | null }> = [];
    for (const text of texts) {
      const img = await qrImage(text, w > 640 ? 6 : 4);
      frames.push({ frame: placeInFrame(img, w, h), text });
      frames.push({ frame: placeInFrame(img, w, h, { degrees: 15 }), text });
      frames.push({ frame: placeInFrame(img, w, h, { scale: 0.75 }), text });
      frames.push({ frame: blur(placeInFrame(img, w, h), 1), text });
      frames.push({ frame: contrast(placeInFrame(img, w, h), 90, 160), text });
    }
    for (let i = 0; i < 3; i++)
      frames.push({ frame: noise(placeInFrame({ data: new Uint8ClampedArray(16).fill(180), width: 2, height: 2 }, w, h), 40, i + 1), text: null });
    console.log(`camera ${w}x${h}: ${frames.length} frames (${frames.length - 3} with a code, 3 without)`);
    for (const d of decoders) {
      for (const f of frames.slice(0, 2)) await d.decode(f.frame); // warm-up
      const per: number[] = [];
      let right = 0;
      for (let rep = 0; rep < 3; rep++) {
        for (const f of frames) {
          const t0 = performance.now();
          const got = await d.decode(f.frame);
          per.push(performance.now() - t0);
          if (rep === 0 && got === f.text) right++;
        }
      }
      per.sort((a, b) => a - b);
      const mean = per.reduce((a, b) => a + b, 0) / per.length;
      console.log(
        `  ${d.name.padEnd(10)} mean ${mean.toFixed(1)} ms/frame, p50 ${percentile(per, 50).toFixed(1)}, p95 ${percentile(per, 95).toFixed(1)}; correct ${right}/${frames.length}`,
      );
    }
  }
  // Noisy frames: share decoded per noise level.
  const img = await qrImage(texts[0]!, 5);
  const levels = [10, 20, 40, 60, 80];
  console.log('noisy frames decoded (640x480, 10 seeds per level):');
  for (const d of decoders) {
    const row: string[] = [];
    let total = 0;
    for (const amp of levels) {
      let ok = 0;
      for (let s = 1; s <= 10; s++) if ((await d.decode(noise(placeInFrame(img, 640, 480), amp, s))) === texts[0]) ok++;
      total += ok;
      row.push(`±${amp}: ${ok * 10}%`);
    }
    console.log(`  ${d.name.padEnd(10)} ${row.join(', ')}; overall ${((total / (levels.length * 10)) * 100).toFixed(0)}%`);
  }
}

await serialBench();
await cameraBench();
