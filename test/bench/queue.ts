/**
 * Queue benchmark (issue 13, sandbox side): `npx tsx test/bench/queue.ts`
 *
 * 1. `POST /api/v1/queue/tickets` latency (p50, p95, max) against a local sandbox on a SQLite
 *    file (WAL), one kiosk at a time, as the waiting line grows to BENCH_QUEUE_N tickets.
 * 2. The same with 5 kiosks at once (20 requests in flight each): throughput and latency.
 * 3. `POST /counters/{n}/call-next` latency, and call → SSE event delivered to a display
 *    (the kiosk's SSE client, main/api/queue-events.ts): p50, p95.
 *
 * Env: BENCH_QUEUE_N (default 300).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startQueueEvents } from '../../main/api/queue-events';
import type { QueueEvent } from '../../main/api/queue';
import { startSandbox } from '../../sandbox/server';

const TOKEN = 'bench-queue-token';
const N = Number(process.env.BENCH_QUEUE_N ?? 300);

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
const fmt = (values: number[]) =>
  `p50 ${pct(values, 50).toFixed(2)} ms, p95 ${pct(values, 95).toFixed(2)} ms, max ${Math.max(...values).toFixed(2)} ms (n=${values.length})`;

async function issue(url: string, serviceId: string, kiosk: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${url}/api/v1/queue/tickets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'idempotency-key': randomUUID(), 'x-kiosk-id': kiosk },
    body: JSON.stringify({ serviceId }),
  });
  await res.arrayBuffer();
  if (res.status !== 201) throw new Error(`issue answered ${res.status}`);
  return performance.now() - t0;
}

const dir = mkdtempSync(join(tmpdir(), 'bench-queue-'));
try {
  // 1. One kiosk.
  {
    const sb = await startSandbox({ tokens: [TOKEN], dbFile: join(dir, 'one.db'), log: () => {} });
    const times: number[] = [];
    for (let i = 0; i < N; i++) times.push(await issue(sb.url, 'ho-tich', 'K1'));
    console.log(`issue, one kiosk, queue growing to ${N}: ${fmt(times)}`);
    console.log(`  first 50: ${fmt(times.slice(0, 50))}; last 50: ${fmt(times.slice(-50))}`);
    await sb.close();
  }
  // 2. Five kiosks at once.
  {
    const sb = await startSandbox({ tokens: [TOKEN], dbFile: join(dir, 'five.db'), log: () => {} });
    const times: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 5 }, async (_, k) => {
        let next = 0;
        await Promise.all(
          Array.from({ length: 20 }, async () => {
            while (next < N) {
              const i = next++;
              times.push(await issue(sb.url, ['ho-tich', 'chung-thuc', 'dat-dai'][(i + k) % 3]!, `K${k}`));
            }
          }),
        );
      }),
    );
    const total = performance.now() - t0;
    console.log(`issue, 5 kiosks x ${N} at once: ${((5 * N) / (total / 1000)).toFixed(0)} tickets/s; ${fmt(times)}`);
    await sb.close();
  }
  // 3. Call-next and call → SSE event at the display.
  {
    const sb = await startSandbox({ tokens: [TOKEN], dbFile: join(dir, 'call.db'), log: () => {} });
    for (let i = 0; i < 100; i++) await issue(sb.url, 'dat-dai', 'K1');
    const waiters = new Map<string, (at: number) => void>();
    const display = startQueueEvents({
      baseUrl: sb.url,
      token: TOKEN,
      onEvent: (e: QueueEvent) => {
        if (e.type === 'ticket.called' && e.ticket) waiters.get(e.ticket.number)?.(performance.now());
      },
    });
    while (sb.queue.hub.size === 0) await new Promise((r) => setTimeout(r, 10));
    const call: number[] = [];
    const toDisplay: number[] = [];
    const post = (action: string) =>
      fetch(`${sb.url}/api/v1/queue/counters/3/${action}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: '{}',
      });
    for (let i = 0; i < 100; i++) {
      const t0 = performance.now();
      const number = `C${String(i + 1).padStart(3, '0')}`;
      const seen = new Promise<number>((resolve) => waiters.set(number, resolve));
      const res = await post('call-next');
      const body = (await res.json()) as { number: string };
      call.push(performance.now() - t0);
      if (body.number !== number) throw new Error(`called ${body.number}, expected ${number}`);
      toDisplay.push((await seen) - t0);
      await (await post('skip')).arrayBuffer();
    }
    console.log(`call-next with 100..1 waiting: ${fmt(call)}`);
    console.log(`call-next → ticket.called at the display (SSE client): ${fmt(toDisplay)}`);
    await display.stop();
    await sb.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
