/**
 * Payments through the whole kiosk (createKiosk, the router, the sandbox over real HTTP, the
 * kiosk's real SQLite store): "never twice". Double taps, a restart mid-payment (a new
 * createKiosk on the same dataDir), and a timeout after the backend accepted each leave exactly
 * one payment at the sandbox; a pending payment is checked again at start and its outcome
 * recorded; the receipt prints on the simulated printer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KioskConfigInput } from '../../kiosk-config/schema';
import type { EventPayload } from '../../main/ipc/contract';
import type { Kiosk } from '../../main/kiosk';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { until } from '../support/wait';
import { startTestKiosk, testBackend, TEXT_PRINTER } from '../support/kiosk';

const TOKEN = 'payments-kiosk-token';
const ADMIN = 'payments-admin-token';
let sb: Sandbox;
let dir: string;
let kiosk: Kiosk | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-pay-'));
  sb = await startSandbox({ tokens: [TOKEN], adminTokens: [ADMIN], dbFile: join(dir, 'sandbox.db'), log: () => {} });
});
afterEach(async () => {
  await kiosk?.stop();
  kiosk = undefined;
  await sb.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(overrides: KioskConfigInput = {}, url = sb.url) {
  const started = await startTestKiosk({
    kioskId: 'KIOSK-01',
    dataDir: join(dir, 'kiosk'),
    backend: testBackend(url, TOKEN),
    devices: { printer: TEXT_PRINTER },
    ...overrides,
  });
  kiosk = started.kiosk;
  return started;
}

type View = EventPayload<'payment.update'>;

async function dossierWithFees(): Promise<string> {
  for (const d of sb.listDossiers()) {
    const res = await fetch(`${sb.url}/api/v1/dossiers/${d.code}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    const body = (await res.json()) as { feesDue: number };
    if (body.feesDue > 0 && !sb.listPayments().some((p) => p.dossierCode === d.code)) return d.code;
  }
  throw new Error('no dossier with fees due');
}

async function simulate(paymentId: string, outcome: string) {
  const res = await fetch(`${sb.url}/api/v1/payments/${paymentId}/simulate`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'X-Sandbox-Admin-Token': ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify({ outcome }),
  });
  expect(res.status).toBe(200);
}

function waitForUpdate(k: Kiosk, pred: (v: View) => boolean): Promise<View> {
  return new Promise((resolve) => {
    const off = k.events.on('payment.update', (v) => {
      if (pred(v)) {
        off();
        resolve(v);
      }
    });
  });
}

/** A backend in front of the sandbox that forwards a payment request and then never answers it. */
async function swallowingProxy(target: string): Promise<{ url: string; swallowed: () => number; setSwallow(on: boolean): void; close(): Promise<void> }> {
  let swallow = true;
  let count = 0;
  const held = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
      void fetch(`${target}${req.url}`, { method: req.method ?? 'GET', headers, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) }).then(
        async (answer) => {
          const text = await answer.text();
          if (swallow && req.method === 'POST' && req.url === '/api/v1/payments') {
            count++; // the sandbox accepted; the kiosk never hears of it
            held.add(res);
            return;
          }
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
          res.end(text);
        },
        // the sandbox closed under a request still on its way (the catalogue's refresh, when a
        // test ends quickly): the kiosk's side is cut, as a real proxy would
        () => res.destroy(),
      );
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    swallowed: () => count,
    setSwallow: (on) => {
      swallow = on;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

describe('payments through the kiosk', () => {
  it('a payment: amount, fee lines, the QR; paid is recorded, the dossier has no fees due, the receipt prints', async () => {
    const { kiosk } = await start();
    const code = await dossierWithFees();
    const r = await kiosk.router.handle('payment.start', { dossierCode: code.toLowerCase().replace(/-/g, ' - ') });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = r.value as View;
    expect(v).toMatchObject({ dossierCode: code, state: 'pending' });
    expect(v.amount).toBeGreaterThan(0);
    expect(v.vietqr).toMatch(/^000201010212/);
    // printing before it is paid is refused
    expect(await kiosk.router.handle('payment.print', { paymentId: v.paymentId })).toMatchObject({ ok: false, error: { code: 'bad_request' } });

    const paid = waitForUpdate(kiosk, (u) => u.paymentId === v.paymentId && u.state === 'paid');
    await simulate(v.paymentId!, 'paid');
    const p = await paid; // found by main's poller (>= 2 s)
    expect(p.receiptNumber).toMatch(/^BL/);
    const look = await kiosk.router.handle('dossier.lookup', { code });
    expect(look).toMatchObject({ ok: true, value: { feesDue: 0 } });

    const printed = await kiosk.router.handle('payment.print', { paymentId: v.paymentId });
    expect(printed).toMatchObject({ ok: true, value: { state: 'printed' } });
    const text = (kiosk.devices.printer.simulator!.jobs.at(-1)?.lines ?? []).join(' ').replace(/\s+/g, ' ');
    expect(text).toContain('BIÊN LAI THU PHÍ, LỆ PHÍ');
    expect(text).toContain(p.receiptNumber!);
    expect(text).toContain(code);
    expect(text).toMatch(/Tổng cộng\s+\d{1,3}(\.\d{3})* đ/);
    expect(text).toContain('Bằng chữ');
    expect(kiosk.payments.list()[0]).toMatchObject({ state: 'paid', printed: true, unattended: false });
    const status = await kiosk.router.handle('kiosk.status', {});
    expect(status.ok && (status.value as { loops: { name: string; state: string }[] }).loops).toContainEqual(
      expect.objectContaining({ name: 'payments.poll', state: 'ok' }),
    );

    // a second payment for the paid dossier is refused with a clear code
    expect(await kiosk.router.handle('payment.start', { dossierCode: code })).toMatchObject({ ok: false, error: { code: 'already_paid' } });
    expect(sb.listPayments().filter((x) => x.dossierCode === code)).toHaveLength(1);
  });

  it('double taps: five at once give one intent, one key, one payment', async () => {
    const { kiosk } = await start();
    const code = await dossierWithFees();
    const rs = await Promise.all(Array.from({ length: 5 }, () => kiosk.router.handle('payment.start', { dossierCode: code })));
    const ids = new Set(rs.map((r) => (r.ok ? (r.value as View).paymentId : `error ${JSON.stringify(r)}`)));
    expect(ids.size).toBe(1);
    // and again, one after the other: the same QR code
    const again = await kiosk.router.handle('payment.start', { dossierCode: code });
    expect(again.ok && (again.value as View).paymentId).toBe([...ids][0]);
    expect(sb.listPayments().filter((p) => p.dossierCode === code)).toHaveLength(1);
    expect(kiosk.payments.list().filter((p) => p.dossierCode === code)).toHaveLength(1);
  });

  it('a restart mid-payment: the pending payment is checked at start and its outcome recorded (unattended)', async () => {
    const first = await start();
    const code = await dossierWithFees();
    const r = await first.kiosk.router.handle('payment.start', { dossierCode: code });
    const v = (r.ok ? r.value : null) as View;
    expect(v.state).toBe('pending');
    await first.kiosk.stop();
    kiosk = undefined;

    await simulate(v.paymentId!, 'paid'); // the resident paid while the kiosk was down
    const second = await start();
    await second.kiosk.payments.idle();
    const row = second.kiosk.payments.list().find((p) => p.paymentId === v.paymentId)!;
    expect(row).toMatchObject({ state: 'paid', unattended: true, dossierCode: code });
    expect(second.log.lines.some((l) => l.includes(`payment ${v.paymentId}`) && l.includes('after the resident left'))).toBe(true);
    expect(sb.listPayments().filter((p) => p.dossierCode === code)).toHaveLength(1);
  });

  it('the resident leaves mid-payment: the session ends, main keeps polling and records the outcome unattended', async () => {
    const { kiosk } = await start();
    const code = await dossierWithFees();
    const session = await kiosk.router.handle('session.start', {});
    expect(session.ok).toBe(true);
    const r = (await kiosk.router.handle('payment.start', { dossierCode: code })) as { ok: true; value: View };
    expect(await kiosk.router.handle('session.end', { reason: 'idle' })).toMatchObject({ ok: true, value: { ended: true } });
    const paid = waitForUpdate(kiosk, (u) => u.paymentId === r.value.paymentId && u.state === 'paid');
    await simulate(r.value.paymentId!, 'paid');
    await paid;
    expect(kiosk.payments.list()[0]).toMatchObject({ state: 'paid', unattended: true, printed: false });
  });

  it('a restart while still pending: the same QR code is shown again, never a second payment', async () => {
    const first = await start();
    const code = await dossierWithFees();
    const a = await first.kiosk.router.handle('payment.start', { dossierCode: code });
    await first.kiosk.stop();
    kiosk = undefined;
    const second = await start();
    const b = await second.kiosk.router.handle('payment.start', { dossierCode: code });
    expect(a.ok && b.ok).toBe(true);
    expect((b as { value: View }).value.paymentId).toBe((a as { value: View }).value.paymentId);
    expect((b as { value: View }).value.intentId).toBe((a as { value: View }).value.intentId);
    expect(sb.listPayments().filter((p) => p.dossierCode === code)).toHaveLength(1);
  });

  it('a timeout after the backend accepted: the retry carries the same key and finds the same payment', async () => {
    const proxy = await swallowingProxy(sb.url);
    try {
      const { kiosk } = await start({}, proxy.url);
      const code = await dossierWithFees();
      const r = await kiosk.router.handle('payment.start', { dossierCode: code });
      expect(r).toMatchObject({ ok: false, error: { code: 'timeout' } });
      expect(proxy.swallowed()).toBe(1);
      expect(sb.listPayments().filter((p) => p.dossierCode === code)).toHaveLength(1); // accepted
      const [row] = kiosk.payments.list();
      expect(row).toMatchObject({ state: 'creating', paymentId: null });
      const key = sb.listPayments().find((p) => p.dossierCode === code)!.idempotencyKey;
      expect(key).toBe(row!.intentId);

      proxy.setSwallow(false);
      const again = await kiosk.router.handle('payment.start', { dossierCode: code }); // the resident taps again
      expect(again.ok).toBe(true);
      expect((again as { value: View }).value.paymentId).toBe(sb.listPayments().find((p) => p.dossierCode === code)!.paymentId);
      expect(sb.listPayments().filter((p) => p.dossierCode === code)).toHaveLength(1);
      expect(kiosk.payments.list().filter((p) => p.dossierCode === code)).toHaveLength(1);
      // the backend out of reach: the poller's next check fails, kiosk.status says so, the intent stays
      await proxy.close();
      await until(() => kiosk.payments.health().state === 'restarting', 'the poller to report the failed check', 15_000);
      expect(kiosk.payments.health().lastError).toBeTruthy();
      expect(kiosk.payments.list()[0]).toMatchObject({ state: 'pending', paymentId: (again as { value: View }).value.paymentId });
    } finally {
      await kiosk?.stop();
      kiosk = undefined;
      await proxy.close().catch(() => undefined);
    }
  });

  it('a timeout, then a restart: the kiosk asks again at start with the same key', async () => {
    const proxy = await swallowingProxy(sb.url);
    try {
      const first = await start({}, proxy.url);
      const code = await dossierWithFees();
      expect(await first.kiosk.router.handle('payment.start', { dossierCode: code })).toMatchObject({ ok: false, error: { code: 'timeout' } });
      await first.kiosk.stop();
      kiosk = undefined;
      proxy.setSwallow(false);
      const second = await start({}, proxy.url);
      await second.kiosk.payments.idle();
      const rows = second.kiosk.payments.list();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ state: 'pending', paymentId: sb.listPayments()[0]!.paymentId });
      expect(sb.listPayments().filter((p) => p.dossierCode === code)).toHaveLength(1);
    } finally {
      await kiosk?.stop();
      kiosk = undefined;
      await proxy.close();
    }
  });

  it('expired: a clear state, and a new QR code on request', async () => {
    const { kiosk } = await start();
    const code = await dossierWithFees();
    const a = (await kiosk.router.handle('payment.start', { dossierCode: code })) as { ok: true; value: View };
    const expired = waitForUpdate(kiosk, (u) => u.paymentId === a.value.paymentId && u.state === 'expired');
    await simulate(a.value.paymentId!, 'expired');
    await expired;
    const b = (await kiosk.router.handle('payment.start', { dossierCode: code })) as { ok: true; value: View };
    expect(b.ok).toBe(true);
    expect(b.value.state).toBe('pending');
    expect(b.value.paymentId).not.toBe(a.value.paymentId);
    expect(b.value.intentId).not.toBe(a.value.intentId);
    expect(sb.listPayments().filter((p) => p.dossierCode === code && p.state === 'pending')).toHaveLength(1);
  });

  it('bad input: a malformed code and an unknown dossier give clear codes, nothing recorded', async () => {
    const { kiosk } = await start();
    expect(await kiosk.router.handle('payment.start', { dossierCode: 'abc' })).toMatchObject({ ok: false, error: { code: 'invalid_code' } });
    expect(await kiosk.router.handle('payment.start', { dossierCode: '000.00.12.H56-260314-9999' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await kiosk.router.handle('payment.status', { paymentId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(kiosk.payments.list().filter((p) => p.state !== 'refused')).toHaveLength(0);
  });
});
