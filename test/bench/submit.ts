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
 * 3. In Chromium with the fake camera (a generated document page, 640x480): a document photo's
 *    time from "Chụp" to the thumbnail ready (quality measure, JPEG encoding, thumbnail), as the
 *    capture screen logs it, over 20 shots (retakes).
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
import { runAlone } from './alone';

const N = Number(process.env.BENCH_SUBMIT_N ?? 30);
const TOKEN = 'bench-submit-token';

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
function summary(label: string, values: number[]): void {
  const s = [...values].sort((a, b) => a - b);
  console.log(
    `${label.padEnd(50)}p50 ${percentile(s, 50).toFixed(1)} ms  p95 ${percentile(s, 95).toFixed(1)} ms  max ${s.at(-1)!.toFixed(1)} ms  (n=${s.length})`,
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
    if (process.env.BENCH_SUBMIT_TRACE) console.log(`  #${i} ${answer.state} ${(t1 - t0).toFixed(1)} ms`);
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
  await captureBench(20);
}

async function captureBench(shots: number): Promise<void> {
  const { startKioskForTest } = await import('../e2e/harness');
  const { buildUi } = await import('../e2e/global-setup');
  const { writeFrameY4m } = await import('../fixtures/document/page');
  const { DEMO_CARD } = await import('../support/identity');
  await buildUi();
  const dir = mkdtempSync(join(tmpdir(), 'bench-capture-'));
  const y4m = writeFrameY4m(join(dir, 'page.y4m'), documentPage());
  const k = await startKioskForTest({
    configOverrides: { devices: { documentCamera: { kind: 'camera', width: 640, height: 480 } } } as never,
    chromiumArgs: ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`],
  });
  try {
    const { page } = k;
    await page.getByTestId('attract').click();
    await page.getByTestId('tile-submit').click();
    await page.getByTestId('procedures-search').fill('tạm trú');
    await page.getByTestId('procedures-list').locator('.proc-name', { hasText: 'Đăng ký tạm trú' }).first().click();
    await page.getByTestId('submit-online').click();
    k.kiosk.devices.scanner.simulate(DEMO_CARD.qrText);
    k.kiosk.identity.simulator!.insert(DEMO_CARD.chip);
    await page.getByTestId('consent-accept').click();
    await page.getByTestId('identity-continue').click({ timeout: 30_000 });
    await page.getByTestId('field-diaChiTamTru').fill('Số 1 phố Huế');
    await page.getByTestId('field-thoiHanTamTru').fill('6');
    await page.getByTestId('field-soDienThoai').fill('0912345678');
    await page.getByTestId('submit-next').click();
    for (let i = 0; i < shots; i++) {
      await page.getByTestId(i === 0 ? 'doc-0-shoot' : 'doc-0-retake-1').click();
      await page.locator('[data-testid="submit-capture"][data-camera="ready"]').waitFor({ timeout: 15_000 });
      await page.getByTestId('capture-shoot').click();
      await page.getByTestId('doc-0-page-1').waitFor();
    }
    const times = k.logLines
      .map((l) => /document photo: ([\d.]+) ms capture to thumbnail/.exec(l)?.[1])
      .filter((v): v is string => v !== undefined)
      .map(Number);
    summary('document photo, capture to thumbnail (Chromium)', times);
  } finally {
    await k.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

runAlone(import.meta.url, submitBench);
