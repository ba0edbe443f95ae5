/**
 * The outbox and dossier submission against the real sandbox over real HTTP, through a local
 * TCP link that can be cut, on a real SQLite file: commit before answer, idempotent delivery,
 * deletion on confirmation (bytes gone), offline queueing with "Đang chờ gửi", recovery when the
 * link returns, the breaker on 5xx, dead letters on permanent rejections, the disk budget, and a
 * restart with rows still queued.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KioskConfig, type KioskConfigInput } from '../../kiosk-config/schema';
import { KioskError } from '../../main/errors';
import { createMemoryLogger } from '../../main/log';
import { createDurable, type Durable } from '../../main/services/outbox/runtime';
import type { SubmitInput } from '../../main/services/submission';
import { kioskDbFile, outboxFilesDir } from '../../main/store';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { startLink, type Link } from './outbox-link';
import { until as waitUntil } from '../support/wait';

const TOKEN = 'outbox-test-token';
let sb: Sandbox;
let link: Link;
let dir: string;
const durables: Durable[] = [];

beforeEach(async () => {
  sb = await startSandbox({ tokens: [TOKEN], log: () => {} });
  link = await startLink({ targetPort: sb.port });
  dir = mkdtempSync(join(tmpdir(), 'kiosk-outbox-'));
});
afterEach(async () => {
  for (const d of durables.splice(0)) await d.stop();
  await link.close();
  await sb.close();
  rmSync(dir, { recursive: true, force: true });
});

function durable(outbox: KioskConfigInput['outbox'] = {}, onReachability?: (r: boolean) => void): Durable {
  const config = KioskConfig.parse({
    kioskId: 'HN-TEST-KIOSK-07',
    dataDir: dir,
    backend: { url: link.url, token: TOKEN, timeoutMs: 2000, retries: 0 },
    outbox: {
      backoffBaseMs: 50,
      backoffCapMs: 400,
      probeIntervalMs: 100,
      breakerOpenMs: 300,
      breakerThreshold: 3,
      requestTimeoutMs: 2000,
      submitWaitMs: 0,
      ...outbox,
    },
  });
  const d = createDurable({ config, backendUrl: link.url, log: createMemoryLogger(), onReachability });
  d.start();
  durables.push(d);
  return d;
}

const PDF = (text: string) => Buffer.from(`%PDF-1.4\n${text}\n%%EOF\n`).toString('base64');

function submission(over: Partial<SubmitInput> = {}, name = 'Nguyễn Văn An'): SubmitInput {
  return {
    procedureCode: '1.001193',
    applicant: { fullName: name, personalId: '079090001234', phone: '0901234567' },
    fields: {
      hoTenNguoiDuocKhaiSinh: 'Nguyễn Minh Khang',
      ngaySinh: '2025-10-02',
      gioiTinh: 'Nam',
      noiSinh: 'Bệnh viện Từ Dũ',
      quanHe: 'cha',
      soDienThoai: '0901234567',
    },
    attachments: [{ name: 'giay-chung-sinh.pdf', mime: 'application/pdf', contentBase64: PDF('giay chung sinh') }],
    ...over,
  };
}

const until = (cond: () => boolean, ms = 10_000): Promise<void> => waitUntil(cond, 'the condition', ms);

function dbBytes(): Buffer {
  const file = kioskDbFile(dir);
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const wal = `${file}-wal`;
  return Buffer.concat([readFileSync(file), existsSync(wal) ? readFileSync(wal) : Buffer.alloc(0)]);
}

describe('outbox delivery', () => {
  it('createDurable opens no database: start() opens it and starts delivery, once', async () => {
    const config = KioskConfig.parse({ kioskId: 'HN-TEST-KIOSK-07', dataDir: dir, backend: { url: link.url, token: TOKEN, retries: 0 } });
    const d = createDurable({ config, backendUrl: link.url, log: createMemoryLogger() });
    durables.push(d);
    expect(readdirSync(dir)).toEqual([]);
    expect(d.outbox).toBeNull();
    expect(d.store).toBeNull();
    expect(d.findLocal('HS-1')).toBeNull();
    expect(() => d.status()).toThrow('the outbox is not started');
    await expect(d.submit(submission())).rejects.toThrow('the outbox is not started');
    d.start();
    d.start();
    expect(existsSync(kioskDbFile(dir))).toBe(true);
    expect(d.status()).toMatchObject({ service: 'ok', loops: [{ name: 'outbox.delivery' }] });
    expect(await d.submit(submission())).toMatchObject({ state: expect.stringMatching(/^(sent|queued)$/) });
    await d.stop();
    await d.stop();
  });

  it('commits, answers a local reference, delivers once with the row id as key, then deletes row, files and bytes', async () => {
    const d = durable({ submitWaitMs: 5000 });
    const marker = 'Zqxjvw Riêngtư Marker';
    const r = await d.submit(
      submission({ attachments: [{ name: 'a.pdf', mime: 'application/pdf', contentBase64: PDF('ATTACHMENT-SECRET-CONTENT') }] }, marker),
    );
    expect(r.localRef).toMatch(/^HN\.TEST\.KIOSK\.07-\d{6}-0001$/);
    expect(r.state).toBe('sent');
    expect(r.dossierCode).toMatch(/^000\.21\.01\.H29-\d{6}-\d{4}$/);
    const subs = sb.listSubmissions().filter((s) => s.kioskRef === r.localRef);
    expect(subs).toHaveLength(1);
    expect(subs[0]!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(subs[0]!.dossierCode).toBe(r.dossierCode);
    expect(d.status().outbox).toEqual({ pending: 0, dead: 0, bytes: 0 });
    expect(readdirSync(outboxFilesDir(dir))).toEqual([]);
    const bytes = dbBytes();
    expect(bytes.includes(Buffer.from(marker))).toBe(false);
    expect(bytes.includes(Buffer.from('079090001234'))).toBe(false);
    // The local reference still leads to the dossier once delivered.
    expect(d.findLocal(r.localRef)).toEqual({ dossierCode: r.dossierCode });
  });

  it('offline: refuses when the form was never fetched, queues when cached, shows pending, drains when the link returns', async () => {
    const states: boolean[] = [];
    const d = durable({}, (r) => states.push(r));
    link.setUp(false);
    await expect(d.submit(submission())).rejects.toMatchObject({ code: 'form_unavailable' });
    link.setUp(true);
    await d.submit(submission()); // caches the form
    await d.outbox!.drained();
    link.setUp(false);
    const queued = await Promise.all([d.submit(submission()), d.submit(submission()), d.submit(submission())]);
    for (const q of queued) expect(q.state).toBe('queued');
    await until(() => states.includes(false));
    expect(d.status().outbox.pending).toBe(3);
    const found = d.findLocal(queued[0]!.localRef);
    expect(found && 'pending' in found ? found.pending : null).toMatchObject({
      state: 'pending_send',
      delivery: 'waiting',
      procedure: { code: '1.001193', name: 'Đăng ký khai sinh' },
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(sb.listSubmissions()).toHaveLength(1);
    link.setUp(true);
    await d.outbox!.drained();
    expect(states.at(-1)).toBe(true);
    const refs = sb.listSubmissions().map((s) => s.kioskRef);
    for (const q of queued) expect(refs.filter((x) => x === q.localRef)).toHaveLength(1);
    expect(readdirSync(outboxFilesDir(dir))).toEqual([]);
  });

  it('opens the breaker on repeated 5xx, then drains when the backend recovers', async () => {
    const d = durable();
    await d.submit(submission());
    await d.outbox!.drained();
    sb.setFaults({ errorRate: 1 });
    const q = await d.submit(submission());
    await until(() => d.outbox!.stats().breaker === 'open');
    expect(d.status().outbox.pending).toBe(1);
    sb.setFaults({ errorRate: 0 });
    await d.outbox!.drained();
    expect(sb.listSubmissions().filter((s) => s.kioskRef === q.localRef)).toHaveLength(1);
  });

  it('moves a permanent rejection (4xx) to the dead letters, kept and not retried', async () => {
    const d = durable();
    await d.submit(submission());
    await d.outbox!.drained();
    // Bypass the kiosk's own validation: the backend answers 422.
    const bad = d.outbox!.enqueue({
      kind: 'dossier.submit',
      path: '/api/v1/dossiers',
      body: { procedureCode: '2.000884', applicant: { fullName: 'A', personalId: '079090001234' }, fields: {}, attachments: [] },
      localRefField: 'kioskRef',
      summary: { procedureCode: '2.000884', procedureName: 'x' },
    });
    await until(() => d.status().outbox.dead === 1);
    const dead = d.outbox!.deadLetters();
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ localRef: bad.localRef, attempts: 1 });
    expect(dead[0]!.lastError).toContain('422');
    const found = d.findLocal(bad.localRef);
    expect(found && 'pending' in found ? found.pending.delivery : null).toBe('failed');
    await new Promise((r) => setTimeout(r, 400));
    expect(d.outbox!.deadLetters()[0]!.attempts).toBe(1);
    expect(d.status().outbox.pending).toBe(0);
  });

  it('refuses up front over the disk budget, and attachments over the size cap', async () => {
    const d = durable({ diskBudgetBytes: 96 * 1024, maxAttachmentBytes: 60 * 1024 });
    await d.submit(submission()); // form cached
    await d.outbox!.drained();
    link.setUp(false);
    const big = (n: number) => [{ name: 'x.pdf', mime: 'application/pdf', contentBase64: Buffer.alloc(n, 1).toString('base64') }];
    await expect(d.submit(submission({ attachments: big(61 * 1024) }))).rejects.toMatchObject({ code: 'attachment_too_large' });
    const first = await d.submit(submission({ attachments: big(50 * 1024) }));
    expect(first.state).toBe('queued');
    const err = await d.submit(submission({ attachments: big(50 * 1024) })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KioskError);
    expect((err as KioskError).code).toBe('storage_full');
    expect(readdirSync(outboxFilesDir(dir))).toHaveLength(1);
  });

  it('keeps queued rows across a restart and delivers each exactly once', async () => {
    const d1 = durable();
    await d1.submit(submission());
    await d1.outbox!.drained();
    link.setUp(false);
    const refs = [];
    for (let i = 0; i < 4; i++) refs.push((await d1.submit(submission())).localRef);
    await d1.stop();
    const d2 = durable();
    expect(d2.status().outbox.pending).toBe(4);
    link.setUp(true);
    await d2.outbox!.drained();
    const got = sb.listSubmissions().map((s) => s.kioskRef);
    for (const ref of refs) expect(got.filter((g) => g === ref)).toHaveLength(1);
    // The per-day counter continued: no local reference was reused.
    expect(new Set(refs).size).toBe(4);
  });
});
