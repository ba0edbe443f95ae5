/**
 * Payments at the sandbox over real HTTP (127.0.0.1, port 0) with real SQLite: create, replay,
 * one payment per fee, refusal once paid, expiry by the sandbox's clock, the admin-only
 * simulate route, and the OpenAPI examples.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dossier, Payment, Problem } from '../../main/api/schemas';
import { parseVietQr } from '../../common/vietqr';
import { startSandbox, type Sandbox } from '../../sandbox/server';

const TOKEN = 'pay-test-token';
const ADMIN = 'pay-admin-token';
const AUTH = { Authorization: `Bearer ${TOKEN}` };
let clock = new Date('2026-03-18T03:00:00Z');
let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ tokens: [TOKEN], adminTokens: [ADMIN], now: () => clock, payments: { ttlMinutes: 10 } });
});
afterAll(async () => {
  await sb.close();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${sb.url}${path}`, {
    method,
    headers: { ...AUTH, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { res, status: res.status, body: (await res.json()) as unknown };
}
const create = (dossierCode: string, key: string) => call('POST', '/api/v1/payments', { dossierCode }, { 'Idempotency-Key': key });
const simulate = (id: string, outcome: string, admin: string | null = ADMIN) =>
  call('POST', `/api/v1/payments/${id}/simulate`, { outcome }, admin === null ? {} : { 'X-Sandbox-Admin-Token': admin });

function problem(r: { res: Response; status: number; body: unknown }, status: number, slug: string) {
  expect(r.status).toBe(status);
  expect(r.res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const p = Problem.parse(r.body);
  expect(p.type.endsWith(`/${slug}`), p.type).toBe(true);
  return p;
}

/** Seeded dossiers with fees due, fresh for each test. */
function withFees(): string[] {
  return sb
    .listDossiers()
    .map((d) => d.code)
    .filter((code) => !sb.listPayments().some((p) => p.dossierCode === code));
}
async function feesOf(code: string) {
  return Dossier.parse((await call('GET', `/api/v1/dossiers/${code}`)).body).feesDue;
}
async function unpaidWithFees(): Promise<string> {
  for (const code of withFees()) if ((await feesOf(code)) > 0) return code;
  throw new Error('no seeded dossier with fees due left');
}

describe('POST /api/v1/payments', () => {
  it('creates a payment with a VietQR payload that carries the amount and names the payment', async () => {
    const code = await unpaidWithFees();
    const fees = await feesOf(code);
    const r = await create(code, 'k-create-1');
    expect(r.status).toBe(201);
    const p = Payment.parse(r.body);
    expect(p).toMatchObject({ dossierCode: code, amount: fees, currency: 'VND', state: 'pending' });
    expect(p.feeLines.reduce((s, l) => s + l.amount, 0)).toBe(fees);
    expect(Date.parse(p.expiresAt) - clock.getTime()).toBe(10 * 60_000);
    const qr = parseVietQr(p.vietqr);
    expect(qr.ok).toBe(true);
    if (!qr.ok) return;
    expect(qr.value).toMatchObject({ initiation: 'dynamic', amount: fees, currency: '704', bankBin: p.payee.bankBin, account: p.payee.account });
    expect(qr.value.purpose).toBe(p.purpose);
    expect(p.purpose).toContain(p.paymentId);
    expect(p.purpose.length).toBeLessThanOrEqual(25);
    expect(r.res.headers.get('location')).toBe(`/api/v1/payments/${p.paymentId}`);
    // GET answers the same payment
    const g = await call('GET', `/api/v1/payments/${p.paymentId}`);
    expect(Payment.parse(g.body)).toEqual(p);
  });

  it('the same key replays; another key while pending answers the same payment (200): one payment per fee', async () => {
    const code = await unpaidWithFees();
    const a = await create(code, 'k-one-a');
    const b = await create(code, 'k-one-a');
    const c = await create(code, 'k-one-b');
    expect([a.status, b.status, c.status]).toEqual([201, 201, 200]);
    expect(b.res.headers.get('idempotent-replayed')).toBe('true');
    const ids = new Set([a, b, c].map((r) => Payment.parse(r.body).paymentId));
    expect(ids.size).toBe(1);
    expect(sb.listPayments().filter((p) => p.dossierCode === code)).toHaveLength(1);
  });

  it('parallel requests with one key make one payment', async () => {
    const code = await unpaidWithFees();
    const rs = await Promise.all([create(code, 'k-par'), create(code, 'k-par'), create(code, 'k-par')]);
    // the first is processed, the others are 409 request-in-progress or replays
    for (const r of rs) expect([201, 409]).toContain(r.status);
    expect(sb.listPayments().filter((p) => p.dossierCode === code)).toHaveLength(1);
  });

  it('paid: the dossier has no fees due, and a second payment is refused with a problem', async () => {
    const code = await unpaidWithFees();
    const p = Payment.parse((await create(code, 'k-paid-1')).body);
    const s = await simulate(p.paymentId, 'paid');
    expect(s.status).toBe(200);
    const paid = Payment.parse((await call('GET', `/api/v1/payments/${p.paymentId}`)).body);
    expect(paid.state).toBe('paid');
    expect(paid.paidAt).toBeDefined();
    expect(paid.receiptNumber).toMatch(/^BL\d{6}-\d{6}$/);
    expect(await feesOf(code)).toBe(0);
    problem(await create(code, 'k-paid-2'), 409, 'dossier-already-paid');
    // the old key still replays its first answer (the payment, now paid when fetched)
    expect(Payment.parse((await create(code, 'k-paid-1')).body).paymentId).toBe(p.paymentId);
    problem(await simulate(p.paymentId, 'paid'), 409, 'payment-not-pending');
  });

  it('expires by the sandbox clock; a new request then makes a new payment', async () => {
    const code = await unpaidWithFees();
    const p = Payment.parse((await create(code, 'k-exp-1')).body);
    clock = new Date(clock.getTime() + 9 * 60_000);
    expect(Payment.parse((await call('GET', `/api/v1/payments/${p.paymentId}`)).body).state).toBe('pending');
    clock = new Date(clock.getTime() + 60_000);
    expect(Payment.parse((await call('GET', `/api/v1/payments/${p.paymentId}`)).body).state).toBe('expired');
    problem(await simulate(p.paymentId, 'paid'), 409, 'payment-not-pending');
    const q = await create(code, 'k-exp-2');
    expect(q.status).toBe(201);
    expect(Payment.parse(q.body).paymentId).not.toBe(p.paymentId);
  });

  it('cancelled and failed outcomes; simulate needs the admin token', async () => {
    const code = await unpaidWithFees();
    const p = Payment.parse((await create(code, 'k-adm-1')).body);
    problem(await simulate(p.paymentId, 'paid', null), 403, 'admin-token-required');
    problem(await simulate(p.paymentId, 'paid', TOKEN), 403, 'admin-token-required');
    problem(await simulate(p.paymentId, 'refunded'), 400, 'invalid-body');
    expect(Payment.parse((await simulate(p.paymentId, 'cancelled')).body).state).toBe('cancelled');
    const q = Payment.parse((await create(code, 'k-adm-2')).body);
    expect(Payment.parse((await simulate(q.paymentId, 'failed')).body).state).toBe('failed');
    expect(await feesOf(code)).toBeGreaterThan(0);
  });

  it('bad requests: no key, unknown dossier, nothing to pay, malformed code, unknown payment', async () => {
    problem(await call('POST', '/api/v1/payments', { dossierCode: 'X' }), 400, 'idempotency-key-missing');
    problem(await create('000.00.12.H56-260314-9999', 'k-bad-1'), 404, 'dossier-not-found');
    problem(await create('not a code', 'k-bad-2'), 400, 'invalid-dossier-code');
    problem(await call('POST', '/api/v1/payments', { dossierCode: 'X', extra: 1 }, { 'Idempotency-Key': 'k-bad-3' }), 400, 'invalid-body');
    let zero: string | undefined;
    for (const code of withFees()) if ((await feesOf(code)) === 0) zero = code;
    expect(zero).toBeDefined();
    problem(await create(zero!, 'k-bad-4'), 422, 'no-fees-due');
    problem(await call('GET', '/api/v1/payments/P000000NOPE00'), 404, 'payment-not-found');
  });

  it('a sandbox without an admin token refuses every simulate', async () => {
    const other = await startSandbox({ tokens: [TOKEN] });
    try {
      const res = await fetch(`${other.url}/api/v1/payments/X/simulate`, {
        method: 'POST',
        headers: { ...AUTH, 'content-type': 'application/json', 'X-Sandbox-Admin-Token': ADMIN },
        body: '{"outcome":"paid"}',
      });
      expect(res.status).toBe(403);
    } finally {
      await other.close();
    }
  });

  it('openapi.json documents the payment routes with examples that parse and a payload that checks', async () => {
    const doc = (await (await fetch(`${sb.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { example: unknown }> }> }>>;
    };
    for (const [path, method, status] of [
      ['/api/v1/payments', 'post', '201'],
      ['/api/v1/payments/{paymentId}', 'get', '200'],
      ['/api/v1/payments/{paymentId}/simulate', 'post', '200'],
    ] as const) {
      const ex = Payment.parse(doc.paths[path]![method]!.responses[status]!.content!['application/json']!.example);
      expect(parseVietQr(ex.vietqr).ok).toBe(true);
    }
  });
});
