/**
 * Submission benchmark: `npx tsx test/bench/submit.ts` (also the last part of `npm run bench`).
 *
 * 1. From "Gửi hồ sơ" (`dossier.submit` through the kiosk's router, with one 640x480 JPEG page)
 *    to the receipt bytes ready (`submission.print` answered by the simulated printer): p50, p95
 *    and max over 30 submissions against the local sandbox, online, then offline (the backend a
 *    closed port, the form from the kiosk's cache). Each submission is its own resident session
 *    with the demo card read through the simulated reader (outside the timed part).
 * 2. The photo quality measure (common/photo-quality.ts) on a 640x480 frame (the size the screen
 *    measures) and on a 1280x960 one: p50 over 200 runs.
 *
 * Prints numbers; asserts none. Env: BENCH_SUBMIT_N (default 30).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { measurePhoto } from '../../common/photo-quality';
import { loadConfig } from '../../kiosk-config/loader';
import { createLogger } from '../../main/log';
import { createKiosk, type Kiosk } from '../../main/kiosk';
import { startSandbox } from '../../sandbox/server';
import { documentPage } from '../fixtures/document/page';
import { readDemoCard } from '../support/identity';

const N = Number(process.env.BENCH_SUBMIT_N ?? 30);
const TOKEN = 'bench-submit-token';

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
function summary(label: string, values: number[]): void {
  const s = [...values].sort((a, b) => a - b);
  console.log(
    `${label.padEnd(44)}p50 ${percentile(s, 50).toFixed(1)} ms  p95 ${percentile(s, 95).toFixed(1)} ms  max ${s.at(-1)!.toFixed(1)} ms  (n=${s.length})`,
  );
}

function pageJpeg(): string {
  const f = documentPage();
  const rgba = Buffer.alloc(f.width * f.height * 4);
  for (let i = 0; i < f.width * f.height; i++) {
    rgba.fill(f.luma[i]!, i * 4, i * 4 + 3);
    rgba[i * 4 + 3] = 255;
  }
  return Buffer.from(jpeg.encode({ data: rgba, width: f.width, height: f.height }, 85).data).toString('base64');
}

async function kioskAt(backendUrl: string, dataDir: string): Promise<Kiosk> {
  const loaded = loadConfig({
    env: {},
    overrides: {
      dataDir,
      backend: { url: backendUrl, token: TOKEN, timeoutMs: 1500, retries: 0 },
      devices: { printer: { kind: 'simulator', profile: 'epson-80', limits: { repeatAfterSeconds: 0 } } },
    } as never,
  });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return createKiosk(loaded.config, { log: createLogger({ level: 'error' }) });
}

async function run(kiosk: Kiosk, photo: string, n: number): Promise<{ times: number[]; states: Record<string, number> }> {
  const times: number[] = [];
  const states: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    kiosk.session.start();
    const holder = await readDemoCard(kiosk);
    const t0 = performance.now();
    const sent = await kiosk.router.handle('dossier.submit', {
      procedureCode: '1.004194',
      applicant: { fullName: holder.fullName, personalId: '000000000000', phone: '0912345678' },
      fields: { diaChiTamTru: `Số ${i + 1} phố Huế, Hà Nội`, thoiHanTamTru: 6, soDienThoai: '0912345678' },
      attachments: [{ name: 'Tờ khai - trang 1.jpg', mime: 'image/jpeg', contentBase64: photo }],
    });
    if (!sent.ok) throw new Error(`dossier.submit failed: ${JSON.stringify(sent.error)}`);
    const answer = sent.value as { localRef: string; state: string };
    const printed = await kiosk.router.handle('submission.print', { localRef: answer.localRef });
    const t1 = performance.now();
    if (!printed.ok) throw new Error(`submission.print failed: ${JSON.stringify(printed.error)}`);
    times.push(t1 - t0);
    const key = `${answer.state}/${(printed.value as { state: string }).state}`;
    states[key] = (states[key] ?? 0) + 1;
    kiosk.session.end('finish');
  }
  return { times, states };
}

export async function submitBench(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-submit-'));
  const photo = pageJpeg();
  const sandbox = await startSandbox({ tokens: [TOKEN], log: () => {} });
  try {
    const online = await kioskAt(sandbox.url, dataDir);
    try {
      const r = await run(online, photo, N);
      summary('submit → receipt bytes, online', r.times);
      console.log(`  outcomes (submit/print): ${JSON.stringify(r.states)}`);
    } finally {
      await online.stop();
    }
    const closed = createServer();
    await new Promise<void>((res) => closed.listen(0, '127.0.0.1', () => res()));
    const port = (closed.address() as { port: number }).port;
    await new Promise((res) => closed.close(res));
    const offline = await kioskAt(`http://127.0.0.1:${port}`, dataDir);
    try {
      const r = await run(offline, photo, N);
      summary('submit → receipt bytes, offline', r.times);
      console.log(`  outcomes (submit/print): ${JSON.stringify(r.states)}`);
    } finally {
      await offline.stop();
    }
  } finally {
    await sandbox.close();
    rmSync(dataDir, { recursive: true, force: true });
  }

  for (const [w, h] of [
    [640, 480],
    [1280, 960],
  ] as const) {
    const f = documentPage(w, h);
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      measurePhoto(f.luma, f.width, f.height);
      times.push(performance.now() - t0);
    }
    summary(`photo quality measure ${w}x${h}`, times);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  submitBench().then(
    () => process.exit(0),
    (err) => {
      console.error('benchmark failed:', err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
