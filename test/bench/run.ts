/**
 * `npm run bench`: prints numbers, asserts none.
 *
 * - Search (test/bench/search.ts, no browser): our engine against MiniSearch, FlexSearch and
 *   Fuse.js on 2,000 procedures: build time, heap, query p50/p95, top-1/top-3 of the query set.
 * - Chromium-shell cold start: from nothing (no kiosk, no browser) to the attract loop drawn, and
 *   to an interactive home screen after the first touch; median of 5 runs.
 * - Lookup latency from the tap on "Tra cứu" to the rendered status, over 50 lookups against
 *   the embedded sandbox (p50, p95).
 * - Submission (test/bench/submit.ts): "Gửi hồ sơ" to the receipt bytes, p50/p95 over 30, online
 *   and offline; the photo quality measure's time.
 * - Payments (test/bench/payments.ts): `payment.start` to the QR, the bank's confirmation to the
 *   page's update, the receipt's bytes.
 * - Queue ticket (test/bench/queue-ticket.ts): the ticket request to the slip's printer bytes,
 *   online and offline (leased block), p50/p95; through the whole kiosk to the printer.
 * - Hall display (test/bench/queue-call.ts): officer's call-next to the display's state, page and
 *   first audio sample (p50, p95); the voice's clip set cold and warm.
 * - The renderer's JavaScript and CSS, raw and gzipped (the camera worker apart: it loads only
 *   when the scanner is the camera).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildUi } from '../e2e/global-setup';
import { startKioskForTest } from '../e2e/harness';
import { seedDossierCodes } from '../../sandbox/seed';
import { searchBench } from './search';
// issue 12: submission latency (online, offline) and the photo quality measure
import { submitBench } from './submit';
// issue 12: a payment's QR, its confirmation to the page, its receipt
import { paymentsBench } from './payments';
// issue 13: a queue ticket request to the slip's bytes
import { queueTicketBench } from './queue-ticket';
// issue 13: the hall display's call latency (state, page, first audio sample)
import { queueCallBench } from './queue-call';
import { percentile } from './stats';

const ms = (n: number) => `${n.toFixed(0)} ms`;

/** When a log line matching `pattern` was written, in ms after `t0Epoch`; NaN when none. */
function loggedAt(lines: string[], pattern: RegExp, t0Epoch: number): number {
  const line = lines.find((l) => pattern.test(l));
  return line ? Date.parse(line.slice(0, 24)) - t0Epoch : NaN;
}

async function coldStart(runs: number) {
  const toAttract: number[] = [];
  const toHome: number[] = [];
  const phases = new Map<string, number[]>();
  const phase = (name: string, v: number) => phases.set(name, [...(phases.get(name) ?? []), v]);
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const t0Epoch = Date.now();
    const k = await startKioskForTest();
    await k.page.getByTestId('attract').waitFor();
    const t1 = performance.now();
    await k.page.getByTestId('attract').click();
    await k.page.getByTestId('tile-lookup').waitFor();
    const t2 = performance.now();
    toAttract.push(t1 - t0);
    toHome.push(t2 - t0);
    // Where the time goes, from the kiosk's own log lines (ms after the start).
    phase('services built (sandbox seeded, devices opened)', loggedAt(k.logLines, /\[kiosk\] kiosk .* ready/, t0Epoch));
    phase('Chromium launched', loggedAt(k.logLines, /\[shell\] launching Chromium/, t0Epoch));
    phase('UI loaded in the page', loggedAt(k.logLines, /\[shell\] kiosk UI loaded/, t0Epoch));
    await k.stop();
  }
  toAttract.sort((a, b) => a - b);
  toHome.sort((a, b) => a - b);
  for (const [name, values] of phases)
    console.log(
      `  ${name.padEnd(52)} median ${ms(
        percentile(
          [...values].sort((a, b) => a - b),
          50,
        ),
      )}`,
    );
  console.log(`cold start to attract loop   median ${ms(percentile(toAttract, 50))}  (runs: ${toAttract.map(ms).join(', ')})`);
  console.log(`cold start to home screen    median ${ms(percentile(toHome, 50))}  (runs: ${toHome.map(ms).join(', ')})`);
}

async function lookupLatency(count: number) {
  const k = await startKioskForTest();
  const { page } = k;
  const codes = seedDossierCodes(new Date()).map((d) => d.code);
  await page.getByTestId('attract').click();
  await page.getByTestId('tile-lookup').click();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    await page.getByTestId('lookup').waitFor();
    await page.getByTestId('lookup-input').fill(codes[i % codes.length]!);
    const t0 = performance.now();
    await page.getByTestId('lookup-submit').click();
    await page.getByTestId('dossier-status').waitFor();
    times.push(performance.now() - t0);
    await page.getByTestId('lookup-another').click();
  }
  await k.stop();
  times.sort((a, b) => a - b);
  console.log(
    `lookup, tap to rendered status over ${count}: p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}, max ${ms(times[times.length - 1]!)}`,
  );
}

function rendererSize() {
  const dir = join(process.cwd(), 'dist/ui/assets');
  // The page's own code, versus the camera worker and its wasm, which load only when the
  // scanner is the camera.
  const groups = new Map<string, { raw: number; gz: number }>();
  const add = (group: string, bytes: Buffer) => {
    const g = groups.get(group) ?? { raw: 0, gz: 0 };
    g.raw += bytes.length;
    g.gz += gzipSync(bytes, { level: 9 }).length;
    groups.set(group, g);
  };
  for (const f of readdirSync(dir)) {
    const path = join(dir, f);
    if (!statSync(path).isFile()) continue;
    const bytes = readFileSync(path);
    if (f.startsWith('worker-') && f.endsWith('.js')) add('camera worker JavaScript', bytes);
    else if (f.endsWith('.wasm')) add('camera worker wasm', bytes);
    else if (f.endsWith('.js')) add('renderer JavaScript', bytes);
    else if (f.endsWith('.css')) add('renderer CSS', bytes);
  }
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  for (const [name, g] of groups) console.log(`${name.padEnd(29)}${kb(g.raw)} raw, ${kb(g.gz)} gzipped`);
}

async function main() {
  // First, and without Chromium: it runs where the browser parts cannot.
  searchBench();
  console.log('');
  await buildUi();
  rendererSize();
  await coldStart(5);
  await lookupLatency(50);
  // issue 12
  console.log('');
  await submitBench();
  console.log('');
  await paymentsBench();
  // issue 13
  console.log('');
  await queueTicketBench();
  console.log('');
  await queueCallBench();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error('benchmark failed:', err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
