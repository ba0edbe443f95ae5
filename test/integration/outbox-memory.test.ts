/**
 * A delivered dossier leaves nothing of its resident in main's memory: after the outbox sends a
 * submission (real sandbox, real HTTP, real SQLite file) and goes idle, a V8 heap snapshot of this
 * process (taken after a full GC, as V8 does for snapshots) holds none of the applicant's data.
 * The soak benchmark (test/bench/soak.ts) found the delivery loop keeping the last body reachable
 * from its suspended frame while it slept; this keeps it found.
 *
 * The applicant's name is made inside `submitOne` from random letters and never kept here: the
 * search is by pattern, so the test's own variables cannot be what it finds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapSnapshot } from 'node:v8';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KioskConfig } from '../../kiosk-config/schema';
import { createMemoryLogger } from '../../main/log';
import { createDurable, type Durable } from '../../main/services/outbox/runtime';
import { startSandbox, type Sandbox } from '../../sandbox/server';

const TOKEN = 'outbox-memory-token';
let sb: Sandbox;
let dir: string;
let durable: Durable;

beforeAll(async () => {
  sb = await startSandbox({ tokens: [TOKEN], log: () => {} });
  dir = mkdtempSync(join(tmpdir(), 'kiosk-outbox-memory-'));
  const config = KioskConfig.parse({
    kioskId: 'HN-TEST-KIOSK-08',
    dataDir: dir,
    backend: { url: sb.url, token: TOKEN, timeoutMs: 2000, retries: 0 },
    outbox: { submitWaitMs: 3000, probeIntervalMs: 100 },
  });
  durable = createDurable({ config, backendUrl: sb.url, log: createMemoryLogger() });
  durable.start();
});
afterAll(async () => {
  await durable?.stop();
  await sb?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Letters that appear in no seed, so that a match can only be this resident's. */
const MARK = 'QZXJ';
const PATTERN = new RegExp(`${MARK}[A-Z]{8}`);

async function submitOne(): Promise<string> {
  const tag = Array.from({ length: 8 }, () => String.fromCharCode(65 + Math.floor(Math.random() * 26))).join('');
  const sent = await durable.submit({
    procedureCode: '1.001193',
    applicant: { fullName: `NGUYỄN VĂN ${MARK}${tag}`, personalId: '079090001234', phone: '0901234567' },
    fields: {
      hoTenNguoiDuocKhaiSinh: `Nguyễn Minh ${MARK}${tag}`,
      ngaySinh: '2025-10-02',
      gioiTinh: 'Nam',
      noiSinh: 'Bệnh viện Từ Dũ',
      quanHe: 'cha',
      soDienThoai: '0901234567',
    },
    attachments: [
      { name: 'giay-chung-sinh.pdf', mime: 'application/pdf', contentBase64: Buffer.from('%PDF-1.4\ngiay chung sinh\n%%EOF\n').toString('base64') },
    ],
  });
  return sent.state;
}

async function heapHolds(pattern: RegExp): Promise<string | null> {
  const chunks: Buffer[] = [];
  for await (const c of getHeapSnapshot()) chunks.push(c as Buffer);
  const m = pattern.exec(Buffer.concat(chunks).toString('utf8'));
  return m ? m[0].slice(0, MARK.length + 2) : null;
}

it('keeps none of a delivered dossier in memory once the outbox is idle', async () => {
  // The detector itself: while a dossier's data is held, the snapshot finds it.
  const held = [`NGUYỄN VĂN ${MARK}ABCDEFGH`.slice(11)];
  expect(await heapHolds(PATTERN)).not.toBeNull();
  held.length = 0;
  expect(await heapHolds(PATTERN)).toBeNull();

  expect(await submitOne()).toBe('sent');
  expect(await submitOne()).toBe('sent');
  await expect.poll(() => durable.status().outbox.pending).toBe(0);
  // A request's last references in the HTTP client go within moments; a frame that keeps a body
  // while the loop sleeps (up to 60 s) does not.
  await expect.poll(() => heapHolds(PATTERN), { timeout: 10_000, interval: 500 }).toBeNull();
});
