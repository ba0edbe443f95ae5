/**
 * Bad links: the sandbox's fault injection (latency, 5xx, resets, hangs) and a flapping link
 * while dossiers are queued, with the outbox's production settings (backoff base 2 s, cap 5 min,
 * probe every 5 s). When the link returns the queue drains, each dossier exactly once. The time
 * from the link's return to an empty queue is printed here and by test/bench/outbox.ts (the issue
 * asks for under 30 s); the test itself gives it 60 s so a loaded CI machine does not flake.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KioskConfig } from '../../kiosk-config/schema';
import { createMemoryLogger } from '../../main/log';
import { createDurable, type Durable } from '../../main/services/outbox/runtime';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { startLink, type Link } from './outbox-link';

const TOKEN = 'badlink-test-token';
let sb: Sandbox;
let link: Link;
let dir: string;
let durable: Durable;

beforeAll(async () => {
  sb = await startSandbox({ tokens: [TOKEN], log: () => {} });
  link = await startLink({ targetPort: sb.port, latencyMs: 100 });
  dir = mkdtempSync(join(tmpdir(), 'kiosk-badlink-'));
});
afterAll(async () => {
  await durable?.stop();
  await link.close();
  await sb.close();
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('bad links', () => {
  it('drains every queued dossier exactly once after a flapping, faulty link returns', { timeout: 120_000 }, async () => {
    const config = KioskConfig.parse({ kioskId: 'BADLINK-01', dataDir: dir, backend: { url: link.url, token: TOKEN }, outbox: { submitWaitMs: 0 } });
    durable = createDurable({ config, backendUrl: link.url, log: createMemoryLogger('warn') });
    durable.start();
    const submit = (i: number) =>
      durable.submit({
        procedureCode: '1.001193',
        applicant: { fullName: 'Trần Thị Bích', personalId: '079090001234' },
        fields: {
          hoTenNguoiDuocKhaiSinh: 'Trần Minh An',
          ngaySinh: '2025-10-02',
          gioiTinh: 'Nữ',
          noiSinh: `Nơi sinh ${i}`,
          quanHe: 'mẹ',
          soDienThoai: '0901234567',
        },
        attachments: [{ name: 'a.pdf', mime: 'application/pdf', contentBase64: Buffer.alloc(6_000, i).toString('base64') }],
      });
    await submit(0); // fetches and caches the form
    await durable.outbox!.drained();

    sb.setFaults({ latencyMs: 150, errorRate: 0.3, dropRate: 0.15, hangRate: 0.1 });
    const refs: string[] = [];
    for (let round = 0; round < 5; round++) {
      link.setUp(round % 2 === 1);
      for (let i = 0; i < 4; i++) refs.push((await submit(round * 10 + i)).localRef);
      await sleep(1_200);
    }
    link.setUp(false);
    await sleep(1_500);

    // The link returns (a real one still has latency).
    sb.setFaults({ latencyMs: 50, errorRate: 0, dropRate: 0, hangRate: 0 });
    const back = Date.now();
    link.setUp(true);
    await Promise.race([durable.outbox!.drained(), sleep(60_000)]);
    const drainMs = Date.now() - back;
    process.stdout.write(
      `bad links: ${refs.length} dossiers queued through a flapping faulty link; queue empty ${(drainMs / 1000).toFixed(1)} s after the link returned\n`,
    );

    expect(durable.status().outbox).toMatchObject({ pending: 0, dead: 0 });
    const count = new Map<string, number>();
    for (const s of sb.listSubmissions()) count.set(s.kioskRef ?? '', (count.get(s.kioskRef ?? '') ?? 0) + 1);
    for (const ref of refs) expect(count.get(ref), ref).toBe(1);
  });
});
