/**
 * `npx tsx test/bench/ratings.ts`: rating figures, printed, never asserted (issue 13 item 5).
 * Through createKiosk's router against the sandbox over real HTTP on 127.0.0.1 (through a local
 * link that can be cut), real SQLite:
 *
 * - `rating.submit` of a dossier to `sent` (the backend confirmed), p50/p95;
 * - `rating.submit` of a served ticket to `sent`, p50/p95;
 * - `rating.submit` offline to `queued` (committed to the outbox), p50/p95;
 * - the queued ratings (all duplicates by then: 409 settled as delivered) drained after the link returns;
 * - `GET /api/v1/ratings/report` with every rating and survey of the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vnDate } from '../../common/vietnam-time';
import { loadConfig } from '../../kiosk-config/loader';
import { createKiosk } from '../../main/kiosk';
import { createMemoryLogger } from '../../main/log';
import { startSandbox } from '../../sandbox/server';
import { startLink } from '../integration/outbox-link';
import { latencySummary } from './stats';

const TOKEN = 'bench-ratings-token';
const TICKETS = 60;

const fmt = (xs: number[]) => latencySummary(xs);

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-ratings-'));
  const sb = await startSandbox({ tokens: [TOKEN], log: () => {} });
  const link = await startLink({ targetPort: sb.port });
  const loaded = loadConfig({
    env: {},
    overrides: {
      dataDir: dir,
      backend: { url: link.url, token: TOKEN, timeoutMs: 1500, retries: 0 },
      outbox: { backoffBaseMs: 50, backoffCapMs: 300, probeIntervalMs: 100 },
    },
  });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  const kiosk = await createKiosk(loaded.config, { log: createMemoryLogger('warn') });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${sb.url}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const rate = async (payload: unknown, expect: string): Promise<number> => {
    const t0 = performance.now();
    const r = await kiosk.router.handle('rating.submit', payload);
    const ms = performance.now() - t0;
    if (!r.ok || (r.value as { state: string }).state !== expect) throw new Error(`rating.submit answered ${JSON.stringify(r)}, not ${expect}`);
    return ms;
  };
  try {
    const codes = sb.listDossiers().map((d) => d.code);
    const dossierMs: number[] = [];
    for (const [i, code] of codes.entries())
      dossierMs.push(await rate({ dossierCode: code, level: i % 3 === 0 ? 'not_satisfied' : 'satisfied', reason: 'Thời gian chờ lâu' }, 'sent'));
    console.log(`rating.submit, dossier, online to sent:   ${fmt(dossierMs)}`);

    const ticketMs: number[] = [];
    for (let i = 0; i < TICKETS; i++) {
      const t = (await (await post('/api/v1/queue/tickets', { serviceId: 'ho-tich' }, { 'Idempotency-Key': `bench-${i}`, 'X-Kiosk-Id': 'BENCH' })).json()) as {
        id: string;
      };
      for (const step of ['call-next', 'start', 'finish']) await post(`/api/v1/queue/counters/1/${step}`, {});
      ticketMs.push(await rate({ ticketId: t.id, level: 'very_satisfied' }, 'sent'));
    }
    console.log(`rating.submit, ticket, online to sent:    ${fmt(ticketMs)}`);

    link.setUp(false);
    const offlineMs: number[] = [];
    for (const code of codes) offlineMs.push(await rate({ dossierCode: code, level: 'satisfied' }, 'queued'));
    console.log(`rating.submit, offline to queued:         ${fmt(offlineMs)}`);
    const t0 = performance.now();
    link.setUp(true);
    for (;;) {
      const s = await kiosk.router.handle('kiosk.status', {});
      if (s.ok && (s.value as { outbox: { pending: number } }).outbox.pending === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    console.log(`${codes.length} queued duplicates settled after the link returned: ${(performance.now() - t0).toFixed(0)} ms`);

    const today = vnDate(new Date());
    const reportMs: number[] = [];
    for (let i = 0; i < 20; i++) {
      const r0 = performance.now();
      const res = await fetch(`${sb.url}/api/v1/ratings/report?from=${today}&to=${today}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      await res.json();
      reportMs.push(performance.now() - r0);
    }
    console.log(`GET /ratings/report (${codes.length + TICKETS} ratings):     ${fmt(reportMs)}`);
  } finally {
    await kiosk.stop();
    await link.close();
    await sb.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error('benchmark failed:', err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
