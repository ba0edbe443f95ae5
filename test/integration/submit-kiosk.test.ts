/**
 * Submission through the whole kiosk (createKiosk, the router, the real sandbox over HTTP through
 * a link that can be cut): `dossier.submit`, `dossier.lookup` of a waiting submission by its local
 * reference ("Đang chờ gửi"), `network.status` events, `kiosk.status`, and the out-of-service
 * state when the database file is garbage or locked (no crash, `app.info` answers
 * `out_of_service` until the file is usable again).
 */
import { PAGE_UNKNOWN_ID } from '../../main/services/submission/gate';
import Database from 'better-sqlite3';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KioskConfigInput } from '../../kiosk-config/schema';
import type { Kiosk } from '../../main/kiosk';
import { kioskDbFile } from '../../main/store';
import { EXAMPLE_SUBMISSION } from '../../sandbox/routes';
import type { Sandbox } from '../../sandbox/server';
import type { Link } from './outbox-link';
import { asCardHolder, readDemoCard } from '../support/identity';
import { linkedSandbox } from '../support/linked-sandbox';

const TOKEN = 'submit-kiosk-token';
const fx = linkedSandbox({ token: TOKEN, prefix: 'kiosk-submit-' });
let sb: Sandbox;
let link: Link;
let dir: string;

beforeEach(async () => {
  ({ sb, link, dir } = await fx.open());
});
afterEach(() => fx.close());

async function start(overrides: KioskConfigInput = {}, readCard = true) {
  const { kiosk, log } = await fx.startKiosk({
    kioskId: 'KIOSK-01',
    outbox: { backoffBaseMs: 50, backoffCapMs: 300, probeIntervalMs: 100, submitWaitMs: 3000 },
    ...overrides,
  });
  // A resident whose card was read with consent: the only one who may submit.
  if (readCard) request = asCardHolder(pageRequest, await readDemoCard(kiosk));
  return { kiosk, log };
}

const { kioskRef: _ref, ...pageRequest } = EXAMPLE_SUBMISSION;
/** What the UI sends once the demo card is read (set by `start()`). */
let request = pageRequest;

describe('dossier.submit through the kiosk', () => {
  it('answers sent with the dossier code when the backend is up', async () => {
    const { kiosk } = await start();
    const r = await kiosk.router.handle('dossier.submit', request);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = r.value as { localRef: string; state: string; dossierCode?: string; dueDate?: string };
    expect(v.state).toBe('sent');
    expect(v.localRef).toMatch(/^KIOSK\.01-\d{6}-0001$/);
    expect(v.dossierCode).toBeTruthy();
    const look = await kiosk.router.handle('dossier.lookup', { code: v.dossierCode });
    expect(look).toMatchObject({ ok: true, value: { dossierCode: v.dossierCode, state: 'received' } });
    // The local reference printed on the receipt also leads to the dossier.
    const byRef = await kiosk.router.handle('dossier.lookup', { code: v.localRef.toLowerCase() });
    expect(byRef).toMatchObject({ ok: true, value: { dossierCode: v.dossierCode } });
  });

  it('offline: queued with a local reference, lookup shows pending_send, banner event, then sent when the link returns', async () => {
    const { kiosk } = await start();
    const online: boolean[] = [];
    kiosk.events.on('network.status', (p) => online.push(p.online));
    expect((await kiosk.router.handle('dossier.submit', request)).ok).toBe(true); // caches the form
    link.setUp(false);
    const r = await kiosk.router.handle('dossier.submit', request);
    expect(r).toMatchObject({ ok: true, value: { state: 'queued' } });
    const ref = (r as { value: { localRef: string } }).value.localRef;
    const look = await kiosk.router.handle('dossier.lookup', { code: ref });
    expect(look).toEqual({
      ok: true,
      value: expect.objectContaining({
        state: 'pending_send',
        localRef: ref,
        dossierCode: ref,
        delivery: 'waiting',
        procedure: { code: '1.001193', name: 'Đăng ký khai sinh' },
      }),
    });
    expect(online).toContain(false);
    const status = await kiosk.router.handle('kiosk.status', {});
    expect(status).toMatchObject({ ok: true, value: { service: 'ok', online: false, outbox: { pending: 1, dead: 0 } } });
    link.setUp(true);
    const end = Date.now() + 15_000;
    let after = look;
    while (Date.now() < end) {
      after = await kiosk.router.handle('dossier.lookup', { code: ref });
      if (after.ok && (after.value as { state: string }).state !== 'pending_send') break;
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(after).toMatchObject({ ok: true, value: { state: 'received' } });
    expect(online.at(-1)).toBe(true);
  });

  it('refuses a submission that does not fit the form, naming the fields', async () => {
    const { kiosk } = await start();
    const r = await kiosk.router.handle('dossier.submit', { ...request, fields: { ...request.fields, gioiTinh: 'Khác', ngaySinh: '2025-02-30' } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid_form');
    expect(r.error.message).toContain('gioiTinh');
    expect(r.error.message).toContain('ngaySinh');
    expect((await kiosk.router.handle('kiosk.status', {})).ok).toBe(true);
  });
});

describe('the delivery loop never dies silently', () => {
  it('a SQLite failure inside the loop: kiosk.status shows it, the loop restarts, the dossier is delivered once', async () => {
    const { kiosk, log } = await start();
    expect((await kiosk.router.handle('dossier.submit', request)).ok).toBe(true); // caches the form
    link.setUp(false);
    const r = await kiosk.router.handle('dossier.submit', request);
    expect(r).toMatchObject({ ok: true, value: { state: 'queued' } });
    const ref = (r as { value: { localRef: string } }).value.localRef;

    // A real SQLite failure: the outbox's own writes fail (as on a full or failing disk) after
    // the backend has accepted the dossier, and the error escapes the delivery code.
    const db = new Database(kioskDbFile(dir));
    db.exec(`CREATE TRIGGER inject_delete BEFORE DELETE ON outbox BEGIN SELECT RAISE(ABORT, 'injected failure: disk I/O error'); END;
             CREATE TRIGGER inject_update BEFORE UPDATE ON outbox BEGIN SELECT RAISE(ABORT, 'injected failure: disk I/O error'); END;`);
    link.setUp(true);
    type Status = { value: { loops: Array<{ name: string; state: string; restarts: number; lastError?: string }> } };
    const loopOf = async () => ((await kiosk.router.handle('kiosk.status', {})) as Status).value.loops.find((l) => l.name === 'outbox.delivery');
    await expect.poll(async () => (await loopOf())?.restarts ?? 0, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    expect((await loopOf())?.lastError).toContain('injected failure: disk I/O error');
    expect(log.lines.some((l) => l.includes('the delivery loop failed') && l.includes('it restarts in'))).toBe(true);
    expect(await kiosk.router.handle('dossier.lookup', { code: ref })).toMatchObject({ ok: true, value: { state: 'pending_send' } });

    // The disk is fine again: the same loop delivers, with the same idempotency key.
    db.exec('DROP TRIGGER inject_delete; DROP TRIGGER inject_update;');
    db.close();
    await expect
      .poll(
        async () => {
          const look = await kiosk.router.handle('dossier.lookup', { code: ref });
          return look.ok ? (look.value as { state: string }).state : look.error.code;
        },
        { timeout: 15_000 },
      )
      .toBe('received');
    const code = ((await kiosk.router.handle('dossier.lookup', { code: ref })) as { value: { dossierCode: string } }).value.dossierCode;
    expect(await loopOf()).toMatchObject({ state: 'ok' });
    // Accepted several times by the backend, stored once: the replays answered the same dossier.
    expect(
      sb
        .listSubmissions()
        .filter((x) => x.kioskRef === ref)
        .map((x) => x.dossierCode),
    ).toEqual([code]);
  });
});

describe('who may submit (the page asks, main decides)', () => {
  const pending = async (k: Kiosk) => ((await k.router.handle('kiosk.status', {})) as { value: { outbox: { pending: number } } }).value.outbox.pending;

  it('nobody without a session, nor in a session whose card was not read with consent; nothing is queued', async () => {
    const { kiosk } = await start({}, false);
    expect(await kiosk.router.handle('dossier.submit', pageRequest)).toMatchObject({ ok: false, error: { code: 'identity_required' } });
    kiosk.session.start();
    expect(await kiosk.router.handle('dossier.submit', pageRequest)).toMatchObject({ ok: false, error: { code: 'identity_required' } });
    // Consent alone is not a card read.
    await kiosk.router.handle('identity.consent', { accepted: true });
    expect(await kiosk.router.handle('dossier.submit', pageRequest)).toMatchObject({ ok: false, error: { code: 'identity_required' } });
    expect(await pending(kiosk)).toBe(0);
  });

  it("as the card's holder: another applicant sent by the page is replaced by the card's identity", async () => {
    const { kiosk, log } = await start();
    // The page claims someone else (EXAMPLE_SUBMISSION's applicant is not the demo card's holder).
    const r = await kiosk.router.handle('dossier.submit', pageRequest);
    expect(r).toMatchObject({ ok: true, value: { state: 'sent' } });
    const code = (r as { value: { dossierCode: string } }).value.dossierCode;
    const look = await kiosk.router.handle('dossier.lookup', { code });
    // The backend masks the name it shows; it is the card's (upper case on the chip), not the page's.
    expect((look as { value: { applicantName: string } }).value.applicantName).toMatch(/^NGUYỄN V/);
    expect(log.lines.some((l) => l.includes("that is not the card's") && l.includes('0790******34') && l.includes('0010******01'))).toBe(true);
    expect(log.lines.join('\n')).not.toContain('079090001234');
  });

  // issue 12: the submit screen never has the full ID number; it sends PAGE_UNKNOWN_ID.
  it("the screen's placeholder ID: the card's number goes out, with no warning", async () => {
    const { kiosk, log } = await start();
    const holder = kiosk.identity.current()!.identity;
    const r = await kiosk.router.handle('dossier.submit', {
      ...pageRequest,
      applicant: { ...pageRequest.applicant, fullName: holder.fullName!, personalId: PAGE_UNKNOWN_ID },
    });
    expect(r).toMatchObject({ ok: true, value: { state: 'sent' } });
    expect(log.lines.some((l) => l.includes("that is not the card's"))).toBe(false);
    // The backend shows the dossier to the card's holder (its ID number), so it is theirs.
    const code = (r as { value: { dossierCode: string } }).value.dossierCode;
    expect(await kiosk.router.handle('dossier.lookup', { code })).toMatchObject({ ok: true });
  });

  it('no longer once consent is withdrawn, or once the session ended (the card read is wiped)', async () => {
    const { kiosk } = await start();
    expect((await kiosk.router.handle('dossier.submit', request)).ok).toBe(true);
    await kiosk.router.handle('identity.consent', { accepted: false });
    expect(await kiosk.router.handle('dossier.submit', request)).toMatchObject({ ok: false, error: { code: 'identity_required' } });
    request = asCardHolder(pageRequest, await readDemoCard(kiosk));
    expect((await kiosk.router.handle('dossier.submit', request)).ok).toBe(true);
    kiosk.session.end('finish');
    expect(await kiosk.router.handle('dossier.submit', request)).toMatchObject({ ok: false, error: { code: 'identity_required' } });
  });

  it('a bounded number of submissions and attachments per session; the next resident starts afresh', async () => {
    const { kiosk } = await start({
      outbox: { backoffBaseMs: 50, backoffCapMs: 300, probeIntervalMs: 100, submitWaitMs: 3000, maxSubmissionsPerSession: 2, maxAttachmentsPerSession: 3 },
    });
    const two = { ...request, attachments: [...request.attachments, ...request.attachments] };
    expect((await kiosk.router.handle('dossier.submit', two)).ok).toBe(true);
    // 2 attachments so far: 2 more would make 4, over 3.
    expect(await kiosk.router.handle('dossier.submit', two)).toMatchObject({ ok: false, error: { code: 'too_many' } });
    expect((await kiosk.router.handle('dossier.submit', request)).ok).toBe(true);
    expect(await kiosk.router.handle('dossier.submit', request)).toMatchObject({
      ok: false,
      error: { code: 'too_many', message: expect.stringContaining('2 dossiers') },
    });
    expect(await pending(kiosk)).toBe(0);
    kiosk.session.end('finish');
    kiosk.session.start();
    request = asCardHolder(pageRequest, await readDemoCard(kiosk));
    // Racing requests cannot pass the cap together, and a refused form does not count.
    expect((await kiosk.router.handle('dossier.submit', { ...request, fields: { ...request.fields, ngaySinh: '2025-02-30' } })).ok).toBe(false);
    const raced = await Promise.all([1, 2, 3].map(() => kiosk.router.handle('dossier.submit', request)));
    expect(raced.map((x) => (x.ok ? 'ok' : x.error.code)).sort()).toEqual(['ok', 'ok', 'too_many']);
    kiosk.session.end('finish');
    kiosk.session.start();
    request = asCardHolder(pageRequest, await readDemoCard(kiosk));
    expect((await kiosk.router.handle('dossier.submit', request)).ok).toBe(true);
  });
});

describe('a broken database', () => {
  it('garbage file: out of service (app.info and kiosk.status say so), logged, no crash; a repaired file brings it back', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(kioskDbFile(dir), Buffer.alloc(32 * 1024, 0x42));
    const { kiosk, log } = await start();
    const info = await kiosk.router.handle('app.info', {});
    expect(info).toMatchObject({ ok: false, error: { code: 'out_of_service' } });
    const status = await kiosk.router.handle('kiosk.status', {});
    expect(status).toMatchObject({ ok: true, value: { service: 'out_of_service' } });
    expect((status as { value: { reason: string } }).value.reason).toContain('corrupt');
    expect(log.lines.some((l) => l.includes('MAINTENANCE NEEDED') && l.includes('corrupt'))).toBe(true);
    expect(await kiosk.router.handle('dossier.submit', request)).toMatchObject({ ok: false, error: { code: 'out_of_service' } });
    // The technician removes the file: the next app.info (after the reopen delay) is served.
    rmSync(kioskDbFile(dir));
    await new Promise((r) => setTimeout(r, 5_100));
    expect(await kiosk.router.handle('app.info', {})).toMatchObject({ ok: true });
  });

  it('locked file: out of service while another process holds an exclusive lock', async () => {
    const { kiosk: first } = await start();
    await first.stop();
    const other = new Database(kioskDbFile(dir));
    other.pragma('locking_mode = EXCLUSIVE');
    other.exec('BEGIN EXCLUSIVE');
    other.exec("INSERT INTO local_ref_counter (day, n) VALUES ('lock', 1)");
    try {
      const { kiosk: second, log } = await start();
      expect(await second.router.handle('app.info', {})).toMatchObject({ ok: false, error: { code: 'out_of_service' } });
      expect(log.lines.some((l) => l.includes('locked'))).toBe(true);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });
});
