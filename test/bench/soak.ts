/**
 * A day in ten minutes (issue 15 item 3): `npx tsx --expose-gc test/bench/soak.ts`.
 *
 * Drives resident sessions (default 500, env SOAK_SESSIONS) through the real Chromium shell, as
 * residents use a kiosk over a day: lookups with a printed status, procedure searches with a
 * detail page, card reads with a submission (a document photographed by Chromium's fake camera,
 * the receipt printed), and residents who walk away (the idle warning, then the reset; the page's
 * clock is jumped forward so that an idle session does not cost the 30 s it would in a lobby).
 * Every session ends, by "Kết thúc" or by the idle reset, as a resident's does.
 *
 * Every 50 sessions it prints: the RSS of main (this process: the kiosk's services, the shell's
 * driver; the sandbox runs in its own process so that its data is not counted) and its V8 heap
 * after a full GC; the renderer's RSS (from /proc) and its JS heap, DOM nodes, documents and
 * event listeners (CDP Performance.getMetrics); main's active handles and open file descriptors;
 * the kiosk's SQLite files and the log written so far. Then the growth from session 100 to the
 * end.
 *
 * After the last reset it looks for every resident's personal data (each session's card has its
 * own name and ID number, each submission its own address and phone) in a heap snapshot of the
 * renderer, in main's heap, and in the kiosk's data folder, and prints what it found (nothing, if
 * the session wipe works). Asserts nothing: the figures are the result.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapSnapshot } from 'node:v8';
import type { Page } from 'playwright-core';
import { createDemoCard, DEMO_PERSON } from '../../drivers/idcard';
import { seedDossierCodes } from '../../sandbox/seed';
import { buildUi } from '../e2e/global-setup';
import { startKioskForTest, type KioskUnderTest } from '../e2e/harness';
import { documentPage, writeFrameY4m } from '../fixtures/document/page';

const SESSIONS = Number(process.env.SOAK_SESSIONS ?? 500);
const EVERY = 50;
const TOKEN = 'soak-token';
const MB = 1024 * 1024;

/** Each session's resident: a name and an ID number that appear nowhere else (found by pattern). */
const LETTERS = 'ABCDEGHIKLMNOPQRSTUVXY';
function residentOf(n: number) {
  let tag = '';
  for (let v = n, i = 0; i < 3; i++, v = Math.floor(v / LETTERS.length)) tag += LETTERS[v % LETTERS.length];
  return {
    // Province 079, a man born in the 1900s (0), in 90: as the QR's birth date says.
    personalId: `079090${String(n).padStart(6, '0')}`,
    fullName: `TRẦN VĂN SOAKZ${tag}`,
    surname: 'TRAN',
    givenNames: `VAN SOAKZ${tag}`,
    address: `Số ${n + 1} ngõ Soakzq ${tag}`,
    phone: `09${String(80_000_000 + n).padStart(8, '0')}`,
  };
}
/** What the data of any session looks like (as regular expressions: no resident's value is kept by this file). */
const PERSONAL = [/079090\d{6}/, /SOAKZ[A-Z]{3}/, /Soakzq [A-Z]{3}/, /09(8|9)\d{7}/];

function startSandboxProcess(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', '--token', TOKEN, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        resolve({ url: m[1]!, child });
      }
    });
    child.once('exit', (code) => reject(new Error(`the sandbox exited (${code}) before listening: ${out}`)));
  });
}

// ---- measurements -------------------------------------------------------------------------------

function ppidOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return -1;
  }
}
function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
/** RSS of this process's Chromium renderers (processes descended from us with --type=renderer). */
function rendererRss(): number {
  let total = 0;
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    let cmd: string;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!cmd.includes('--type=renderer')) continue;
    for (let p = ppidOf(pid), hops = 0; p > 1 && hops < 6; p = ppidOf(p), hops++) {
      if (p === process.pid) {
        total += rssOf(pid);
        break;
      }
    }
  }
  return total;
}
function sizeUnder(dir: string, match: (name: string) => boolean): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    if (s.isDirectory()) total += sizeUnder(p, match);
    else if (match(name)) total += s.size;
  }
  return total;
}

interface Sample {
  session: number;
  mainRss: number;
  mainHeap: number;
  rendererRss: number;
  jsHeap: number;
  nodes: number;
  documents: number;
  listeners: number;
  handles: number;
  fds: number;
  sqlite: number;
  log: number;
}

async function sample(k: KioskUnderTest, session: number, dataDir: string): Promise<Sample> {
  (globalThis as { gc?: () => void }).gc?.();
  const cdp = await k.page.context().newCDPSession(k.page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
  return {
    session,
    mainRss: process.memoryUsage().rss,
    mainHeap: process.memoryUsage().heapUsed,
    rendererRss: rendererRss(),
    jsHeap: metric('JSHeapUsedSize'),
    nodes: metric('Nodes'),
    documents: metric('Documents'),
    listeners: metric('JSEventListeners'),
    handles: (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().length,
    fds: readdirSync('/proc/self/fd').length,
    sqlite: sizeUnder(dataDir, (n) => /\.db(-wal|-shm)?$/.test(n)),
    log: k.logLines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0),
  };
}

function printSample(s: Sample): void {
  const mb = (n: number) => `${(n / MB).toFixed(1)}`.padStart(7);
  console.log(
    `${String(s.session).padStart(7)} ${mb(s.mainRss)} ${mb(s.mainHeap)} ${mb(s.rendererRss)} ${mb(s.jsHeap)} ${String(s.nodes).padStart(6)} ${String(s.documents).padStart(4)} ${String(s.listeners).padStart(6)} ${String(s.handles).padStart(7)} ${String(s.fds).padStart(4)} ${(s.sqlite / 1024).toFixed(0).padStart(7)} ${(s.log / 1024).toFixed(0).padStart(7)}`,
  );
}

// ---- the journeys ------------------------------------------------------------------------------

async function toHome(page: Page): Promise<void> {
  const first = page.locator('[data-testid="attract"], [data-testid="home"], [data-testid="session-ended"]').first();
  await first.waitFor();
  if ((await page.getByTestId('session-ended').count()) > 0) await page.getByTestId('attract').waitFor({ timeout: 30_000 });
  if ((await page.getByTestId('attract').count()) > 0) await page.getByTestId('attract').click();
  await page.getByTestId('home').waitFor();
}

async function finish(page: Page): Promise<void> {
  await page.getByTestId('finish').click();
  await page.locator('[data-testid="session-ended"], [data-testid="attract"]').first().waitFor();
}

async function lookup(k: KioskUnderTest, n: number): Promise<void> {
  const { page } = k;
  const codes = seedDossierCodes(new Date()).map((d) => d.code);
  await page.getByTestId('tile-lookup').click();
  await page.getByTestId('lookup-input').fill(codes[n % codes.length]!);
  await page.getByTestId('lookup-submit').click();
  await page.getByTestId('dossier-status').waitFor();
  const print = page.getByTestId('print-result');
  if ((await print.count()) > 0) {
    await print.click();
    await page.getByTestId('print-message').waitFor();
  }
  await finish(page);
}

const QUERIES = ['dang ky khai sinh', 'tạm trú', 'ho khau', 'cấp giấy phép xây dựng', 'ket hon', 'chứng thực bản sao', 'ly lich tu phap', 'sổ đỏ'];
async function search(k: KioskUnderTest, n: number): Promise<void> {
  const { page } = k;
  await page.getByTestId('tile-procedures').click();
  await page.getByTestId('procedures-search').fill(QUERIES[n % QUERIES.length]!);
  const first = page.getByTestId('procedures-list').locator('.proc-name').first();
  await first.waitFor();
  await first.click();
  await page.getByTestId('procedure-detail').waitFor();
  await finish(page);
}

async function submit(k: KioskUnderTest, n: number): Promise<void> {
  const { page } = k;
  const r = residentOf(n);
  const card = createDemoCard({
    td1: { personalId: r.personalId, surname: r.surname, givenNames: r.givenNames },
    dg13: { personalId: r.personalId, fullName: r.fullName },
  });
  const qr = [r.personalId, '', r.fullName, '01011990', 'Nam', DEMO_PERSON.residence, '15042021'].join('|');
  await page.getByTestId('tile-submit').click();
  await page.getByTestId('procedures-search').fill('tạm trú');
  const first = page.getByTestId('procedures-list').locator('.proc-name').first();
  await first.waitFor();
  await first.click();
  await page.getByTestId('submit-online').click();
  await page.getByTestId('consent').waitFor();
  k.kiosk.devices.scanner.simulate(qr);
  k.kiosk.identity.simulator!.insert(card.chip);
  await page.getByTestId('consent-accept').click();
  await page.getByTestId('identity-continue').click({ timeout: 30_000 });
  await page.getByTestId('submit-form').waitFor({ timeout: 10_000 });
  await page.getByTestId('field-diaChiTamTru').fill(r.address);
  await page.getByTestId('field-thoiHanTamTru').fill('6');
  await page.getByTestId('field-soDienThoai').fill(r.phone);
  await page.getByTestId('submit-next').click();
  await page.getByTestId('submit-documents').waitFor();
  await page.getByTestId('doc-0-shoot').click();
  await page.getByTestId('submit-capture').waitFor();
  await waitAttr(page, 'submit-capture', 'data-camera', 'ready');
  await page.getByTestId('capture-shoot').click();
  await page.getByTestId('doc-0-page-1').waitFor();
  await page.getByTestId('submit-next').click();
  await page.getByTestId('submit-review').waitFor();
  await page.getByTestId('submit-send').click();
  await page.getByTestId('submit-result').waitFor({ timeout: 15_000 });
  await waitAttr(page, 'result-print', 'data-state', 'printed');
  k.kiosk.identity.simulator!.remove();
  await page.getByTestId('result-finish').click();
  await page.locator('[data-testid="session-ended"], [data-testid="attract"]').first().waitFor();
}

async function waitAttr(page: Page, testId: string, attr: string, value: string): Promise<void> {
  await page.waitForFunction(([id, a, v]) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute(a!) === v, [testId, attr, value], {
    timeout: 15_000,
  });
}

/** A resident who walks away halfway through typing a code: the warning, then the reset. */
async function walkAway(k: KioskUnderTest, idleMs: number): Promise<void> {
  const { page } = k;
  await page.getByTestId('tile-lookup').click();
  await page.getByTestId('lookup-input').fill('000.00.01.H29-2611');
  await page.clock.fastForward(idleMs + 1000);
  await page.getByTestId('attract').waitFor({ timeout: 10_000 });
}

// ---- the run -----------------------------------------------------------------------------------

async function personalDataLeft(k: KioskUnderTest, dataDir: string): Promise<string[]> {
  const found: string[] = [];
  // The renderer: a full heap snapshot (strings included), after a GC.
  const cdp = await k.page.context().newCDPSession(k.page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', (e) => chunks.push(e.chunk));
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  const rendererHeap = chunks.join('');
  for (const re of PERSONAL) if (re.test(rendererHeap)) found.push(`renderer heap: ${re.source} (${(re.exec(rendererHeap) ?? [''])[0].slice(0, 6)}…)`);
  const html = await k.page.content();
  for (const re of PERSONAL) if (re.test(html)) found.push(`page DOM: ${re.source}`);
  // Main: this process's heap (the kiosk's services; the sandbox is another process).
  (globalThis as { gc?: () => void }).gc?.();
  const mainChunks: Buffer[] = [];
  for await (const c of getHeapSnapshot()) mainChunks.push(c as Buffer);
  const mainHeap = Buffer.concat(mainChunks).toString('utf8');
  if (process.env.SOAK_SNAPSHOT) writeFileSync(process.env.SOAK_SNAPSHOT, mainHeap);
  for (const re of PERSONAL) if (re.test(mainHeap)) found.push(`main heap: ${re.source} (${(re.exec(mainHeap) ?? [''])[0].slice(0, 6)}…)`);
  // Disk: the kiosk's data folder (database, WAL, outbox files).
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const text = readFileSync(p).toString('latin1') + readFileSync(p).toString('utf8');
        for (const re of PERSONAL) if (re.test(text)) found.push(`disk ${p.slice(dataDir.length + 1)}: ${re.source}`);
      }
    }
  };
  walk(dataDir);
  return found;
}

async function main(): Promise<void> {
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function') console.log('(run with --expose-gc for heap figures after a full GC)');
  await buildUi();
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-soak-'));
  const y4m = writeFrameY4m(join(dir, 'page.y4m'), documentPage());
  const { url, child } = await startSandboxProcess();
  const dataDir = join(dir, 'data');
  const idleSeconds = 30;
  const k = await startKioskForTest({
    chromiumArgs: ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`],
    configOverrides: {
      dataDir,
      backend: { url, token: TOKEN, timeoutMs: 3000, retries: 0 },
      ui: { idleTimeoutSeconds: idleSeconds, idleWarningSeconds: 20 },
      devices: {
        documentCamera: { kind: 'camera', width: 640, height: 480 },
        printer: {
          kind: 'simulator',
          profile: 'epson-80',
          pollIntervalMs: 200,
          printWaitMs: 1500,
          limits: { repeatAfterSeconds: 0, maxPerDocument: 20, maxPerSession: 100 },
        },
      },
    } as never,
  });
  // The page's clock runs as usual; an idle session jumps it forward.
  await k.page.clock.install();
  await k.page.clock.resume();
  const counts: Record<string, number> = { lookup: 0, search: 0, submit: 0, idle: 0 };
  const failures: string[] = [];
  const samples: Sample[] = [];
  console.log(`soak: ${SESSIONS} sessions through the Chromium shell (sandbox in its own process at ${url})`);
  console.log('session mainRSS  mainHeap rendRSS  jsHeap  nodes docs listnrs handles  fds sqliteKB   logKB   (MB unless said)');
  const t0 = performance.now();
  try {
    for (let n = 1; n <= SESSIONS; n++) {
      // The day's mix: 2 in 5 lookups, 3 in 10 searches, 1 in 5 submissions, 1 in 10 walks away.
      const slot = n % 10;
      const kind = slot === 0 ? 'idle' : slot % 5 === 1 ? 'submit' : slot % 3 === 0 ? 'search' : 'lookup';
      try {
        await toHome(k.page);
        if (kind === 'lookup') await lookup(k, n);
        else if (kind === 'search') await search(k, n);
        else if (kind === 'submit') await submit(k, n);
        else await walkAway(k, idleSeconds * 1000);
        counts[kind]!++;
      } catch (err) {
        failures.push(`session ${n} (${kind}): ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
        if (failures.length === 1) await k.page.screenshot({ path: join(tmpdir(), 'soak-first-failure.png') });
        await k.kiosk.router.handle('session.end', { reason: 'reset' });
        await k.page.reload().catch(() => undefined);
      }
      // The resident leaves with the card and the printed slips (the simulators keep both until then).
      k.kiosk.identity.simulator?.remove();
      k.kiosk.devices.printer.simulator?.takePaper();
      if (n % EVERY === 0 || n === 1) {
        const s = await sample(k, n, dataDir);
        samples.push(s);
        printSample(s);
      }
    }
    const minutes = (performance.now() - t0) / 60_000;
    console.log(
      `\n${SESSIONS} sessions in ${minutes.toFixed(1)} min: ${Object.entries(counts)
        .map(([a, b]) => `${b} ${a}`)
        .join(', ')}; ${failures.length} failed`,
    );
    for (const f of failures.slice(0, 10)) console.log(`  ${f}`);
    const from = samples.find((s) => s.session >= 100) ?? samples[0]!;
    const to = samples.at(-1)!;
    const d = (a: number, b: number) => `${((b - a) / MB).toFixed(1)} MB`;
    console.log(
      `growth from session ${from.session} to ${to.session}: main RSS ${d(from.mainRss, to.mainRss)}, main heap ${d(from.mainHeap, to.mainHeap)}, renderer RSS ${d(from.rendererRss, to.rendererRss)}, renderer JS heap ${d(from.jsHeap, to.jsHeap)}, DOM nodes ${to.nodes - from.nodes}, listeners ${to.listeners - from.listeners}, handles ${to.handles - from.handles}, fds ${to.fds - from.fds}`,
    );
    const left = await personalDataLeft(k, dataDir);
    console.log(
      left.length === 0
        ? 'after the last reset: no resident data in the renderer heap, the page, main heap or the data folder'
        : `after the last reset, resident data found:\n  ${left.join('\n  ')}`,
    );
  } finally {
    await k.stop();
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
