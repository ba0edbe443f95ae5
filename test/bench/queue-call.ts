/**
 * `npx tsx test/bench/queue-call.ts` (also part of `npm run bench`): the hall display's figures,
 * printed, never asserted (issue 13). A `display` kiosk in real Chromium (1920x1080, the Chromium
 * shell, headless) with its embedded sandbox over real HTTP; for each of N calls a ticket is
 * issued, then counter 3's officer route `call-next` is posted at t0, and we time:
 *
 * - t0 → main's hall state has it (`hall.update` with the ticket as "Đang mời"): SSE + state;
 * - t0 → the display page shows it (a MutationObserver in the page stamps the moment the number
 *   is in the DOM; page and Node share the epoch clock);
 * - t0 → the call's audio is joined (chime + clips, the first sample ready for the player).
 *
 * And the voice's clip set: cold (espeak-ng renders every clip) and warm (cached, manifest read).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allCallWords } from '../../common/vietnamese-numbers';
import { prepareClips } from '../../drivers/voice/clips';
import { QueueTicket } from '../../main/api/queue';
import { buildUi } from '../e2e/global-setup';
import { startKioskForTest } from '../e2e/harness';
import { latencySummary } from './stats';
import { runAlone } from './alone';

const TOKEN = 'demo-kiosk-token';
const epoch = () => performance.timeOrigin + performance.now();

const fmt = (xs: number[]) => latencySummary(xs, { max: true });

async function clipSetBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-voice-'));
  try {
    const t0 = performance.now();
    const cold = await prepareClips({ dir, words: allCallWords() });
    const t1 = performance.now();
    await prepareClips({ dir, words: allCallWords() });
    const t2 = performance.now();
    console.log(
      `  voice clip set (espeak-ng ${cold.manifest.engine.split(' ').slice(3, 4).join('')}): ${cold.rendered.length} clips cold ${(t1 - t0).toFixed(0)} ms, warm ${(t2 - t1).toFixed(1)} ms`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function queueCallBench(calls = 20): Promise<void> {
  console.log('\nHall display: call (officer route) → display state, page, first audio sample');
  await clipSetBench();
  const k = await startKioskForTest({ configOverrides: { profile: 'display' }, screen: { width: 1920, height: 1080 } });
  try {
    const base = k.kiosk.backendUrl;
    const hall = k.kiosk.hall!;
    await hall.voiceReady();
    await k.page.getByTestId('hall-waiting').waitFor();
    await k.page.evaluate(() => {
      const w = window as unknown as { shownAt: Record<string, number> };
      w.shownAt = {};
      new MutationObserver(() => {
        const n = document.querySelector('[data-testid="hall-now-number"]')?.textContent;
        if (n && w.shownAt[n] === undefined) w.shownAt[n] = performance.timeOrigin + performance.now();
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const post = (path: string, body?: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const toState: number[] = [];
    const toPage: number[] = [];
    const toAudio: number[] = [];
    let callMs = 0;
    const offLen = hall.onComposed((c) => (callMs = c.durationMs));
    for (let i = 0; i < calls; i += 1) {
      const res = await post('/api/v1/queue/tickets', { serviceId: 'dat-dai' }, { 'idempotency-key': `bench-call-${Date.now()}-${i}`, 'x-kiosk-id': 'BENCH' });
      const ticket = QueueTicket.parse(await res.json());
      const inState = new Promise<number>((resolve) => {
        const off = k.kiosk.events.on('hall.update', (v) => {
          if (v.nowCalling?.number === ticket.number) {
            off();
            resolve(epoch());
          }
        });
      });
      const composed = new Promise<number>((resolve) => {
        const off = hall.onComposed((c) => {
          if (c.ticket === ticket.number) {
            off();
            resolve(epoch());
          }
        });
      });
      const t0 = epoch();
      const called = await post('/api/v1/queue/counters/3/call-next', undefined, { 'x-counter': '3', 'x-officer-id': 'CB03' });
      if (called.status !== 200) throw new Error(`call-next answered ${called.status}`);
      const [ts, ta] = await Promise.all([inState, composed]);
      await k.page.waitForFunction((n) => (window as unknown as { shownAt: Record<string, number> }).shownAt[n] !== undefined, ticket.number);
      const tp = await k.page.evaluate((n) => (window as unknown as { shownAt: Record<string, number> }).shownAt[n]!, ticket.number);
      toState.push(ts - t0);
      toPage.push(tp - t0);
      toAudio.push(ta - t0);
      await post('/api/v1/queue/counters/3/skip', undefined, { 'x-counter': '3', 'x-officer-id': 'CB03' });
    }
    console.log(`  call → hall state (main):        ${fmt(toState)}`);
    console.log(`  call → display page shows it:    ${fmt(toPage)}`);
    console.log(`  call → first audio sample ready: ${fmt(toAudio)}`);
    offLen();
    console.log(`  one call lasts ${(callMs / 1000).toFixed(2)} s (chime, pauses, clips); calls queue one after the other`);
  } finally {
    await k.stop();
  }
}

runAlone(import.meta.url, async () => {
  await buildUi();
  await queueCallBench();
});
