/**
 * Payments in the sandbox (issue 12): what the national portal's payment platform does for the
 * kiosk (DOMAIN.md, "the payment platform"), reduced to what can run here.
 *
 * - `POST /api/v1/payments` {dossierCode} (Idempotency-Key): a payment of the dossier's fees due,
 *   with a dynamic VietQR payload (common/vietqr.ts) whose purpose names the payment
 *   (`TT PHI <paymentId>`), the fee lines, the payee and an expiry (`ttlMinutes`, default 15).
 *   Rules, one payment per fee:
 *   - a dossier with a payment still pending (not expired by the sandbox's clock) gets THAT
 *     payment again (200), whatever the key: two kiosks or two taps never make two QR codes for
 *     one fee; a new payment (201) only when none is pending;
 *   - a dossier already paid (fees due 0, a paid payment) is refused: 409 `dossier-already-paid`;
 *   - a dossier with nothing to pay: 422 `no-fees-due`; unknown: 404.
 * - `GET /api/v1/payments/{paymentId}`: the payment with its state; `expired` once `expiresAt`
 *   has passed while pending (recorded on read); `paid` with `paidAt` and `receiptNumber`.
 * - `POST /api/v1/payments/{paymentId}/simulate` {outcome}: test-only, needs the sandbox admin
 *   token in `X-Sandbox-Admin-Token` (option `adminTokens`, CLI `--admin-token`); without one
 *   configured the route always answers 403. `paid` sets the dossier's fees due to 0.
 *
 * The payee's bank sends no callback for a VietQR transfer (DOMAIN.md); in the sandbox the
 * simulate route stands for the payment service that matched the transfer's purpose.
 */
import { randomBytes } from 'node:crypto';
import { Payment, PaymentRequest, PaymentSimulation, type PaymentFeeLine, type PaymentState } from '../main/api/schemas';
import { normalizeDossierCode } from '../common/dossier-code';
import { vnIso, vnYyMMdd } from '../common/vietnam-time';
import { buildVietQr } from '../common/vietqr';
import { HttpProblem, parseJsonBody } from './problems';
import type { RouteContext, RouteDef } from './routes';
import type { SandboxStore } from './store';

/** The sandbox's payments table (created with the sandbox's other tables). */
export const PAYMENTS_DDL = `
CREATE TABLE IF NOT EXISTS payments (
  id TEXT PRIMARY KEY,
  dossier_code TEXT NOT NULL REFERENCES dossiers(code),
  amount INTEGER NOT NULL,
  purpose TEXT NOT NULL,
  fee_lines TEXT NOT NULL,
  vietqr TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'paid', 'expired', 'cancelled', 'failed')),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  paid_at TEXT,
  receipt_number TEXT,
  idempotency_key TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS payments_dossier ON payments(dossier_code, state);
`;

export interface PaymentSettings {
  /** Minutes a payment's QR code stays valid (default 15). */
  ttlMinutes: number;
  payee: { bankBin: string; bankName: string; accountName: string; account: string };
}

export const DEFAULT_PAYMENT_SETTINGS: PaymentSettings = {
  ttlMinutes: 15,
  payee: { bankBin: '970415', bankName: 'VietinBank', accountName: 'TRUNG TAM PHUC VU HANH CHINH CONG', account: '113000012345' },
};

/** Where the payment platform's page would be (not served by the sandbox). */
export const PAY_URL_BASE = 'https://kiosk-sandbox.invalid/pay/';
/** The header that carries the sandbox admin token (simulate only). */
export const ADMIN_TOKEN_HEADER = 'X-Sandbox-Admin-Token';

interface PaymentRow {
  id: string;
  dossier_code: string;
  amount: number;
  purpose: string;
  fee_lines: string;
  vietqr: string;
  state: PaymentState;
  created_at: string;
  expires_at: string;
  paid_at: string | null;
  receipt_number: string | null;
  idempotency_key: string;
}

/**
 * Letters only (no I, L, O, U): with the 6 digits of the date the id never holds a run of 9 or more
 * digits, which logs would mask as an ID number, and it reads aloud without ambiguity.
 */
const ID_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ';

/** `P` + yyMMdd + 6 random letters, e.g. `P260318KMQRXT`. */
function newPaymentId(now: Date): string {
  const bytes = randomBytes(6);
  let s = '';
  for (const b of bytes) s += ID_ALPHABET[b % ID_ALPHABET.length];
  return `P${vnYyMMdd(now)}${s}`;
}

/** The transfer's purpose: unaccented, at most 25 characters, names the payment. */
export function paymentPurpose(paymentId: string): string {
  return `TT PHI ${paymentId}`;
}

function settingsOf(ctx: { payments?: PaymentSettings }): PaymentSettings {
  return ctx.payments ?? DEFAULT_PAYMENT_SETTINGS;
}

/** The fee lines that make up a dossier's fees due (the procedure's "thu sau" fees, or one line). */
function feeLinesFor(store: SandboxStore, procedureCode: string, feesDue: number): PaymentFeeLine[] {
  const proc = store.procedure(procedureCode);
  const lines = (proc?.fees ?? []).filter((f) => f.mode === 'pay_on_result' && f.amount > 0).map((f) => ({ description: f.description, amount: f.amount }));
  if (lines.length > 0 && lines.reduce((s, l) => s + l.amount, 0) === feesDue) return lines;
  return [{ description: 'Phí, lệ phí giải quyết thủ tục hành chính', amount: feesDue }];
}

function serve(row: PaymentRow, store: SandboxStore, settings: PaymentSettings): Payment {
  const d = store.dossier(row.dossier_code);
  const p: Payment = {
    paymentId: row.id,
    dossierCode: row.dossier_code,
    procedure: { code: d?.procedureCode ?? '-', name: d?.procedureName ?? '-' },
    amount: row.amount,
    currency: 'VND',
    purpose: row.purpose,
    feeLines: JSON.parse(row.fee_lines) as PaymentFeeLine[],
    payee: settings.payee,
    state: row.state,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    vietqr: row.vietqr,
    payUrl: `${PAY_URL_BASE}${row.id}`,
  };
  if (row.paid_at) p.paidAt = row.paid_at;
  if (row.receipt_number) p.receiptNumber = row.receipt_number;
  return p;
}

/** Marks pending payments whose time is up as expired (by the sandbox's clock). */
function expireDue(store: SandboxStore, now: Date): void {
  const pending = store.db.prepare("SELECT id, expires_at FROM payments WHERE state = 'pending'").all() as { id: string; expires_at: string }[];
  const expire = store.db.prepare("UPDATE payments SET state = 'expired' WHERE id = ? AND state = 'pending'");
  for (const p of pending) if (Date.parse(p.expires_at) <= now.getTime()) expire.run(p.id);
}

function row(store: SandboxStore, id: string): PaymentRow | undefined {
  return store.db.prepare('SELECT * FROM payments WHERE id = ?').get(id) as PaymentRow | undefined;
}

function createPayment(ctx: RouteContext): { status: number; body: Payment; headers: Record<string, string> } {
  const { store } = ctx;
  const settings = settingsOf(ctx);
  const req = parseJsonBody(ctx.body, PaymentRequest);
  const code = normalizeDossierCode(req.dossierCode);
  if (!code) throw new HttpProblem(400, 'invalid-dossier-code', 'A dossier code looks like 000.00.12.H56-260314-0042.');
  const d = store.dossier(code);
  if (!d) throw new HttpProblem(404, 'dossier-not-found', `No dossier has the code ${code}.`);
  const now = ctx.now();
  expireDue(store, now);
  const open = store.db.prepare("SELECT * FROM payments WHERE dossier_code = ? AND state = 'pending' ORDER BY created_at DESC LIMIT 1").get(code) as
    PaymentRow | undefined;
  if (open) return { status: 200, body: serve(open, store, settings), headers: { Location: `/api/v1/payments/${open.id}` } };
  if (d.feesDue <= 0) {
    const paid = store.db.prepare("SELECT id FROM payments WHERE dossier_code = ? AND state = 'paid' LIMIT 1").get(code) as { id: string } | undefined;
    if (paid) throw new HttpProblem(409, 'dossier-already-paid', `The fees of dossier ${code} were already paid (payment ${paid.id}).`);
    throw new HttpProblem(422, 'no-fees-due', `Dossier ${code} has no fees to pay.`);
  }
  const id = newPaymentId(now);
  const purpose = paymentPurpose(id);
  const vietqr = buildVietQr({ bankBin: settings.payee.bankBin, account: settings.payee.account, amount: d.feesDue, purpose });
  const createdAt = vnIso(now);
  const expiresAt = vnIso(new Date(now.getTime() + settings.ttlMinutes * 60_000));
  store.db
    .prepare(
      `INSERT INTO payments (id, dossier_code, amount, purpose, fee_lines, vietqr, state, created_at, expires_at, idempotency_key)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
    )
    .run(id, code, d.feesDue, purpose, JSON.stringify(feeLinesFor(store, d.procedureCode, d.feesDue)), vietqr, createdAt, expiresAt, ctx.idempotencyKey ?? '');
  return { status: 201, body: serve(row(store, id)!, store, settings), headers: { Location: `/api/v1/payments/${id}` } };
}

function getPayment(ctx: RouteContext): Payment {
  const { store } = ctx;
  expireDue(store, ctx.now());
  const r = row(store, ctx.params.paymentId ?? '');
  if (!r) throw new HttpProblem(404, 'payment-not-found', `No payment has the id ${String(ctx.params.paymentId).slice(0, 64)}.`);
  return serve(r, store, settingsOf(ctx));
}

/** The next receipt number of the day: `BL<yyMMdd>-<NNNNNN>`. */
function nextReceiptNumber(store: SandboxStore, now: Date): string {
  const prefix = `BL${vnYyMMdd(now)}-`;
  const r = store.db.prepare('SELECT COUNT(*) AS n FROM payments WHERE receipt_number LIKE ?').get(`${prefix}%`) as { n: number };
  return `${prefix}${String(r.n + 1).padStart(6, '0')}`;
}

function simulate(ctx: RouteContext): Payment {
  const { store } = ctx;
  if (!ctx.sandboxAdmin) {
    throw new HttpProblem(403, 'admin-token-required', `Simulating a payment needs the sandbox admin token in the ${ADMIN_TOKEN_HEADER} header.`);
  }
  const { outcome } = parseJsonBody(ctx.body, PaymentSimulation);
  const now = ctx.now();
  let out: Payment | undefined;
  store.db.transaction(() => {
    expireDue(store, now);
    const r = row(store, ctx.params.paymentId ?? '');
    if (!r) throw new HttpProblem(404, 'payment-not-found', `No payment has the id ${String(ctx.params.paymentId).slice(0, 64)}.`);
    if (r.state !== 'pending') throw new HttpProblem(409, 'payment-not-pending', `Payment ${r.id} is ${r.state}; only a pending payment can change.`);
    if (outcome === 'paid') {
      store.db.prepare("UPDATE payments SET state = 'paid', paid_at = ?, receipt_number = ? WHERE id = ?").run(vnIso(now), nextReceiptNumber(store, now), r.id);
      store.db.prepare('UPDATE dossiers SET fees_due = 0 WHERE code = ?').run(r.dossier_code);
    } else if (outcome === 'expired') {
      // The clock jumps for this payment only: it expired a moment ago.
      store.db.prepare("UPDATE payments SET state = 'expired', expires_at = ? WHERE id = ?").run(vnIso(now), r.id);
    } else {
      store.db.prepare('UPDATE payments SET state = ? WHERE id = ?').run(outcome, r.id);
    }
    out = serve(row(store, r.id)!, store, settingsOf(ctx));
  })();
  return out!;
}

/** Payments in the database (tests, the CLI). */
export function listPayments(
  store: SandboxStore,
): { paymentId: string; dossierCode: string; amount: number; state: PaymentState; idempotencyKey: string; createdAt: string }[] {
  return (
    store.db.prepare('SELECT id, dossier_code, amount, state, idempotency_key, created_at FROM payments ORDER BY created_at, id').all() as Pick<
      PaymentRow,
      'id' | 'dossier_code' | 'amount' | 'state' | 'idempotency_key' | 'created_at'
    >[]
  ).map((r) => ({
    paymentId: r.id,
    dossierCode: r.dossier_code,
    amount: r.amount,
    state: r.state,
    idempotencyKey: r.idempotency_key,
    createdAt: r.created_at,
  }));
}

/** A seeded dossier with fees due, for the documented examples. */
function exampleDossier(store: SandboxStore) {
  const d = store.dossiers().find((x) => x.feesDue > 0);
  if (!d) throw new Error('the sandbox has no dossier with fees due to use as an example');
  return d;
}

/** The payment a request for the example dossier would get now (not stored). */
function examplePayment(ctx: Pick<RouteContext, 'store' | 'now' | 'payments'>, state: PaymentState = 'pending'): Payment {
  const settings = settingsOf(ctx);
  const d = exampleDossier(ctx.store);
  const now = ctx.now();
  const id = `P${vnYyMMdd(now)}KMQRXT`;
  const purpose = paymentPurpose(id);
  const p: Payment = {
    paymentId: id,
    dossierCode: d.dossierCode,
    procedure: { code: d.procedureCode, name: d.procedureName },
    amount: d.feesDue,
    currency: 'VND',
    purpose,
    feeLines: feeLinesFor(ctx.store, d.procedureCode, d.feesDue),
    payee: settings.payee,
    state,
    createdAt: vnIso(now),
    expiresAt: vnIso(new Date(now.getTime() + settings.ttlMinutes * 60_000)),
    vietqr: buildVietQr({ bankBin: settings.payee.bankBin, account: settings.payee.account, amount: d.feesDue, purpose }),
    payUrl: `${PAY_URL_BASE}${id}`,
  };
  if (state === 'paid') {
    p.paidAt = vnIso(now);
    p.receiptNumber = `BL${vnYyMMdd(now)}-000001`;
  }
  return Payment.parse(p);
}

const PAYMENT_ID_PARAM = {
  name: 'paymentId',
  in: 'path' as const,
  required: true,
  description: 'The payment id (`P<yyMMdd><6 letters>`).',
  schema: { type: 'string', maxLength: 64 },
  example: 'P260318KMQRXT',
};

export const PAYMENT_ROUTES: readonly RouteDef[] = [
  {
    method: 'POST',
    path: '/api/v1/payments',
    auth: true,
    operationId: 'createPayment',
    summary: 'Pay a dossier’s fees (thanh toán phí, lệ phí)',
    description:
      'Creates a payment of the dossier’s fees due and answers its VietQR payload (dynamic, with the amount, and a purpose of at most 25 unaccented characters `TT PHI <paymentId>` that names the payment), the fee lines, the payee and `expiresAt`. One payment per fee: while a payment of the dossier is pending the same payment is answered again (200, whatever the Idempotency-Key), so two kiosks or two taps never make two QR codes; a new one (201) only when none is pending (an expired, cancelled or failed payment can be replaced). A dossier already paid is 409 `dossier-already-paid`, one with nothing to pay 422 `no-fees-due`. Requires `Idempotency-Key`: the same key and body replay the first answer.',
    tag: 'payments',
    parameters: [
      {
        name: 'Idempotency-Key',
        in: 'header',
        required: true,
        description: 'A unique key per payment intent (a UUID), reused on every retry.',
        schema: { type: 'string', minLength: 1, maxLength: 255 },
        example: '6b0f3a7e-2c51-4d1b-9a3e-5f7c2d8e1a90',
      },
    ],
    requestBody: { schema: 'PaymentRequest', description: 'The dossier to pay.', example: ({ store }) => ({ dossierCode: exampleDossier(store).dossierCode }) },
    idempotent: true,
    successStatus: 201,
    responseSchema: 'Payment',
    problems: [400, 404, 409, 422],
    responseHeaders: { Location: { description: 'The payment.', schema: { type: 'string' } } },
    handle: (ctx) => createPayment(ctx),
    example: (ctx) => examplePayment(ctx),
  },
  {
    method: 'GET',
    path: '/api/v1/payments/{paymentId}',
    auth: true,
    operationId: 'getPayment',
    summary: 'A payment and its state',
    description:
      'State `pending` until the transfer is matched (`paid`, with `paidAt` and `receiptNumber`), `expired` once `expiresAt` has passed, or `cancelled` / `failed`. The kiosk polls this no faster than every 2 s.',
    tag: 'payments',
    parameters: [PAYMENT_ID_PARAM],
    responseSchema: 'Payment',
    problems: [404],
    responseHeaders: { 'Cache-Control': { description: 'Always `no-store`.', schema: { type: 'string', const: 'no-store' } } },
    handle: (ctx) => ({ status: 200, body: getPayment(ctx), headers: { 'Cache-Control': 'no-store' } }),
    example: (ctx) => examplePayment(ctx, 'paid'),
  },
  {
    method: 'POST',
    path: '/api/v1/payments/{paymentId}/simulate',
    auth: true,
    operationId: 'simulatePayment',
    summary: 'Sandbox only: settle a pending payment',
    description: `Test-only. Needs the sandbox admin token in the \`${ADMIN_TOKEN_HEADER}\` header besides the bearer token (403 \`admin-token-required\` otherwise, and always when the sandbox runs without one). \`outcome\` paid (sets the dossier's fees due to 0), cancelled, failed or expired; a payment that is no longer pending is 409 \`payment-not-pending\`.`,
    tag: 'payments',
    parameters: [
      PAYMENT_ID_PARAM,
      { name: ADMIN_TOKEN_HEADER, in: 'header', required: true, description: 'The sandbox admin token.', schema: { type: 'string' } },
    ],
    requestBody: { schema: 'PaymentSimulation', description: 'What happened.', example: () => ({ outcome: 'paid' }) },
    responseSchema: 'Payment',
    problems: [400, 403, 404, 409],
    handle: (ctx) => ({ status: 200, body: simulate(ctx) }),
    example: (ctx) => examplePayment(ctx, 'paid'),
  },
];
