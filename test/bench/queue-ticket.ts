/**
 * `npx tsx test/bench/queue-ticket.ts` (and part of `npm run bench`): queue ticket figures,
 * printed, never asserted (issue 13). Against the sandbox over real HTTP on 127.0.0.1, the kiosk's
 * real SQLite store, the real ticket template, layout and ESC/POS encoder:
 *
 * - a ticket request to the slip's printer bytes ready, online (POST /api/v1/queue/tickets, then
 *   the slip rendered), p50/p95 over N;
 * - the same offline, from a leased block (the number taken in a SQLite transaction, fsync'd);
 * - through the whole kiosk (createKiosk's router, `queue.issue`) until the simulated printer
 *   took the job (the answer waits for the printer's outcome);
 * - the slip's size in bytes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../kiosk-config/loader';
import { QueueConfig } from '../../kiosk-config/queue';
import { createApiClient } from '../../main/api/client';
import { createKiosk } from '../../main/kiosk';
import { createMemoryLogger } from '../../main/log';
import type { PrintingService } from '../../main/services/printing';
import { createQueueService } from '../../main/services/queue';
import { openKioskStore } from '../../main/store';
import { startSandbox } from '../../sandbox/server';
import { runAlone } from './alone';

const TOKEN = 'bench-queue-token';
const N = Number(process.env.QUEUE_BENCH_N ?? 200) || 200;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
function summary(label: string, xs: number[]): void {
  const s = [...xs].sort((a, b) => a - b);
  console.log(`${label.padEnd(52)}p50 ${pct(s, 50).toFixed(2)} ms  p95 ${pct(s, 95).toFixed(2)} ms  max ${s.at(-1)!.toFixed(2)} ms  (n=${s.length})`);
}

export async function queueTicketBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-queue-'));
  const sb = await startSandbox({ tokens: [TOKEN], dbFile: join(dir, 'sandbox.db'), log: () => {} });
  try {
    const loaded = loadConfig({
      env: {},
      overrides: {
        profile: 'service-center',
        kioskId: 'KIOSK-BENCH',
        dataDir: join(dir, 'kiosk'),
        backend: { url: sb.url, token: TOKEN },
        devices: { printer: { kind: 'simulator', profile: 'epson-80', printWaitMs: 5000, limits: { maxPerSession: 100 } } },
        queue: { leaseCheckSeconds: 3600, leaseSize: 200, leaseLowWater: 0 },
      },
    });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const log = createMemoryLogger('warn');
    const kiosk = await createKiosk(loaded.config, { log });
    try {
      // 1. the queue service with the kiosk's printer's renderer: request → bytes ready
      const real = kiosk.devices.printer;
      let bytesAt = 0;
      let bytes = 0;
      const printer = {
        print: async (kind: 'ticket', data: unknown) => {
          bytes = real.render(kind, data).bytes.length;
          bytesAt = performance.now();
          return { state: 'printed' as const, condition: 'ready' as const };
        },
      } as unknown as PrintingService;
      // the link, cut for the offline figures as a refused connection is
      let link = true;
      const api = createApiClient({
        baseUrl: sb.url,
        token: TOKEN,
        timeoutMs: 5000,
        retries: 0,
        log,
        fetch: (input, init) => (link ? fetch(input, init) : Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }))),
      });
      // its own store (the kiosk's outbox has its own connection to kiosk.db)
      const db = openKioskStore(join(dir, 'bench-store'));
      const queue = createQueueService({
        api,
        kioskId: 'KIOSK-BENCH-2',
        config: QueueConfig.parse({ offlinePolicy: 'lease', leaseSize: 200, leaseLowWater: 0, leaseCheckSeconds: 3600 }),
        log,
        printer,
        store: () => db,
        outbox: () => null,
        allowPrint: () => {},
      });
      const online: number[] = [];
      for (let i = 0; i < N; i++) {
        const t0 = performance.now();
        await queue.issue({ serviceId: i % 2 ? 'ho-tich' : 'chung-thuc', requestId: `bench-online-${i}` });
        online.push(bytesAt - t0);
      }
      summary('ticket request → slip bytes ready, online', online);
      console.log(`  slip: ${bytes} bytes (epson-80, text with a QR)`);

      await queue.tick(); // leases a block of 200 per service
      link = false;
      const offline: number[] = [];
      for (let i = 0; i < Math.min(N, 200); i++) {
        const t0 = performance.now();
        await queue.issue({ serviceId: 'ho-tich', requestId: `bench-offline-${i}` });
        offline.push(bytesAt - t0);
      }
      summary('ticket request → slip bytes ready, offline (lease)', offline);
      console.log(`  slip: ${bytes} bytes (offline: no QR)`);
      db.close();

      // 2. the whole kiosk: router → sandbox → slip → the simulated printer took it
      const whole: number[] = [];
      const M = Math.min(N, 50);
      for (let i = 0; i < M; i++) {
        const t0 = performance.now();
        const r = await kiosk.router.handle('queue.issue', { serviceId: 'dat-dai', requestId: `bench-kiosk-${i}` });
        if (!r.ok) throw new Error(`queue.issue: ${r.error.code} ${r.error.message}`);
        whole.push(performance.now() - t0);
        kiosk.session.end('finish'); // a new resident: the print limits start again
      }
      summary('queue.issue through the kiosk → printed (simulator)', whole);
    } finally {
      await kiosk.stop();
    }
  } finally {
    await sb.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

runAlone(import.meta.url, queueTicketBench);
