/**
 * Paying a dossier's fees at the kiosk (issue 12; DOMAIN.md, "the payment platform"): the kiosk
 * asks the backend for a payment, shows the VietQR code it gets back, and polls for the outcome.
 *
 * Never twice:
 * - A payment intent is a row in the kiosk's SQLite store (migration 2) BEFORE the request goes
 *   out; its id is the Idempotency-Key of `POST /api/v1/payments`, reused on every retry, after a
 *   timeout (the backend may have accepted) and after a restart.
 * - One open intent per dossier (a unique index): a second tap, even while the first request is
 *   in flight, joins the first (same promise, same key). The backend too keeps one pending
 *   payment per dossier (sandbox/payments.ts).
 * - At start, intents still `creating` are asked again with their key (the answer is the same
 *   payment), and `pending` ones are polled until they end; the outcome is recorded with
 *   `resolved_unattended` (the resident is gone), which `payments list` shows.
 *
 * Polling: one timer per open intent, waiting exponentialDelay(n) (common/backoff.ts) from
 * `pollBaseMs` (at least 2 s) up to `pollCapMs`; a network failure only makes it wait longer.
 */
import { randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import { exponentialDelay } from '../../../common/backoff';
import { normalizeDossierCode } from '../../../common/dossier-code';
import { ApiError } from '../../api/client';
import type { PaymentsApi } from '../../api/payments';
import { Payment } from '../../api/schemas';
import type { KioskEvents } from '../../events';
import { KioskError } from '../../errors';
import type { Logger } from '../../log';
import type { Store } from '../../store';
import { toKioskError } from '../errors';
import type { PaymentIntentState, PaymentView } from './view';

export { PaymentView, PaymentIntentState } from './view';

const MIN_POLL_MS = 2_000;

interface IntentRow {
  id: string;
  dossier_code: string;
  state: PaymentIntentState;
  payment_id: string | null;
  amount: number | null;
  expires_at: string | null;
  paid_at: string | null;
  receipt_number: string | null;
  payment: string | null;
  session_id: string | null;
  resolved_unattended: number;
  printed_at: number | null;
  checks: number;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

/** A row of `payments list` (technicians). */
export interface PaymentListItem {
  intentId: string;
  dossierCode: string;
  state: PaymentIntentState;
  paymentId: string | null;
  amount: number | null;
  receiptNumber: string | null;
  /** The outcome was found after the resident left (a restart, or the session ended). */
  unattended: boolean;
  printed: boolean;
  checks: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PaymentServiceDeps {
  api: PaymentsApi;
  /** Opens the kiosk's database (main/store); called at start. */
  openStore: () => Store;
  log: Logger;
  events?: KioskEvents;
  /** The resident's session now (undefined between sessions). */
  sessionId?: () => string | undefined;
  poll?: { baseMs: number; capMs: number };
  now?: () => number;
  /** Take up the intents left open at start (default true; the CLI checks one by hand instead). */
  takeUpOpen?: boolean;
}

export interface PaymentService {
  /** Opens the store and takes up the intents left open (a restart). Safe to call once. */
  start(): void;
  /** Pays the dossier's fees: the open payment of the dossier, or a new one. */
  begin(dossierCode: string): Promise<PaymentView>;
  /** The intent as recorded (no network), by payment id or intent id. */
  view(id: string): PaymentView;
  /** Asks the backend now and records the answer (the poller and `payments check`). */
  check(id: string): Promise<PaymentView>;
  /** Records that the receipt was printed. */
  markPrinted(id: string): void;
  list(limit?: number): PaymentListItem[];
  /** The poller's health for `kiosk.status` (`payments.poll`: failed checks, the last error). */
  health(): { name: string; state: 'ok' | 'restarting' | 'stopped'; restarts: number; lastError?: string; lastErrorAt?: string };
  /** Resolves when no intent is waiting for its first answer or being checked (tests, the CLI). */
  idle(): Promise<void>;
  stop(): void;
}

function isFinal(state: PaymentIntentState): boolean {
  return state === 'paid' || state === 'expired' || state === 'cancelled' || state === 'failed' || state === 'refused';
}

/** The QR modules of a payload (error correction M, as bank apps scan it well). */
function qrModules(text: string): { size: number; bits: string } {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  let bits = '';
  for (let i = 0; i < qr.modules.data.length; i++) bits += qr.modules.data[i] ? '1' : '0';
  return { size: qr.modules.size, bits };
}

function problemSlug(err: unknown): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  return err.problem?.type.split('/').at(-1);
}

export function createPaymentService(deps: PaymentServiceDeps): PaymentService {
  const { api, log } = deps;
  const now = deps.now ?? Date.now;
  const poll = { baseMs: Math.max(MIN_POLL_MS, deps.poll?.baseMs ?? MIN_POLL_MS), capMs: Math.max(MIN_POLL_MS, deps.poll?.capMs ?? 10_000) };
  let store: Store | null = null;
  let started = false;
  let stopped = false;
  /** Requests to create, by dossier code: a double tap joins the first. */
  const creating = new Map<string, Promise<PaymentView>>();
  /** Poll timers and attempt counts, by intent id. */
  const timers = new Map<string, { timer: ReturnType<typeof setTimeout>; attempt: number }>();
  const busy = new Set<Promise<unknown>>();
  /** Intents found open at start (their resident is gone), and all intents when `unattended`. */
  const recovered = new Set<string>();

  let lastOpenAttempt = 0;
  const db = () => {
    // A database that failed at start (locked, corrupt) is tried again, at most every 5 s.
    if (!store && started && !stopped && now() - lastOpenAttempt >= 5_000) {
      try {
        open();
      } catch (err) {
        log.debug('payments', `database still unusable: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (!store) throw new KioskError('out_of_service', 'The kiosk database is not open: payments are unavailable');
    return store.db;
  };
  const track = <T>(p: Promise<T>): Promise<T> => {
    busy.add(p);
    const done = () => busy.delete(p);
    p.then(done, done);
    return p;
  };

  const rowById = (id: string): IntentRow | undefined =>
    db().prepare('SELECT * FROM payment_intents WHERE id = ? OR payment_id = ? ORDER BY created_at DESC LIMIT 1').get(id, id) as IntentRow | undefined;

  const toView = (r: IntentRow): PaymentView => {
    const v: PaymentView = { intentId: r.id, dossierCode: r.dossier_code, state: r.state };
    if (r.payment) {
      const parsed = Payment.safeParse(JSON.parse(r.payment));
      if (parsed.success) {
        const p = parsed.data;
        Object.assign(v, {
          paymentId: p.paymentId,
          procedure: p.procedure,
          amount: p.amount,
          feeLines: p.feeLines,
          purpose: p.purpose,
          payee: p.payee,
          vietqr: p.vietqr,
          expiresAt: p.expiresAt,
        });
        if (r.state === 'pending') v.qr = qrModules(p.vietqr);
      }
    }
    if (r.paid_at) v.paidAt = r.paid_at;
    if (r.receipt_number) v.receiptNumber = r.receipt_number;
    if (r.printed_at) v.printedAt = new Date(r.printed_at).toISOString();
    return v;
  };

  const emit = (r: IntentRow) => deps.events?.emit('payment.update', toView(r));

  /** Records the platform's answer on an intent; merges into the intent that already has this payment. */
  const record = (intentId: string, p: Payment): IntentRow => {
    const d = db();
    let target = intentId;
    d.transaction(() => {
      const other = d.prepare('SELECT id FROM payment_intents WHERE payment_id = ? AND id <> ?').get(p.paymentId, intentId) as { id: string } | undefined;
      if (other) {
        // The backend answered the dossier's payment that another intent already holds (one
        // payment per fee): that intent carries on; this one was the same request.
        d.prepare('DELETE FROM payment_intents WHERE id = ?').run(intentId);
        target = other.id;
      }
      const before = d.prepare('SELECT * FROM payment_intents WHERE id = ?').get(target) as IntentRow;
      const gone = recovered.has(target) || (before.session_id ?? '') !== (deps.sessionId?.() ?? '');
      const unattended = isFinal(p.state) && !isFinal(before.state) && gone ? 1 : before.resolved_unattended;
      d.prepare(
        `UPDATE payment_intents SET state = ?, payment_id = ?, amount = ?, expires_at = ?, paid_at = ?, receipt_number = ?, payment = ?,
           resolved_unattended = ?, checks = checks + 1, last_error = NULL, updated_at = ? WHERE id = ?`,
      ).run(p.state, p.paymentId, p.amount, p.expiresAt, p.paidAt ?? null, p.receiptNumber ?? null, JSON.stringify(p), unattended, now(), target);
      if (unattended && !before.resolved_unattended) {
        log.info('payments', `payment ${p.paymentId} of dossier ${before.dossier_code} ended ${p.state} after the resident left (recorded)`);
      }
    })();
    const r = rowById(target)!;
    emit(r);
    return r;
  };

  const noteError = (intentId: string, err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    db().prepare('UPDATE payment_intents SET last_error = ?, updated_at = ? WHERE id = ?').run(message.slice(0, 500), now(), intentId);
  };

  const refuse = (intentId: string, err: unknown) => {
    const slug = problemSlug(err) ?? 'rejected';
    db().prepare("UPDATE payment_intents SET state = 'refused', last_error = ?, updated_at = ? WHERE id = ?").run(slug, now(), intentId);
    const r = rowById(intentId);
    if (r) emit(r);
  };

  // ---- polling ----
  const schedule = (intentId: string) => {
    if (stopped || timers.has(intentId)) return;
    const prev = attempts.get(intentId) ?? 0;
    const delay = Math.max(MIN_POLL_MS, exponentialDelay(prev, poll));
    const timer = setTimeout(() => {
      timers.delete(intentId);
      attempts.set(intentId, prev + 1);
      void track(tick(intentId));
    }, delay);
    timer.unref?.();
    timers.set(intentId, { timer, attempt: prev });
  };
  const attempts = new Map<string, number>();
  let failures = 0;
  let failing = false;
  let lastError: { message: string; at: string } | undefined;

  const tick = async (intentId: string): Promise<void> => {
    if (stopped) return;
    const r = store ? rowById(intentId) : undefined;
    if (!r || isFinal(r.state)) {
      attempts.delete(intentId);
      return;
    }
    try {
      if (r.state === 'creating') await createWith(r);
      else await checkRow(r);
      failing = false;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log.debug('payments', `check of intent ${intentId} failed: ${message}`);
      failures++;
      failing = true;
      lastError = { message: message.slice(0, 300), at: new Date(now()).toISOString() };
    }
    const after = store ? rowById(intentId) : undefined;
    if (after && !isFinal(after.state)) schedule(after.id);
    else attempts.delete(intentId);
  };

  const checkRow = async (r: IntentRow): Promise<IntentRow> => {
    if (!r.payment_id) return createWith(r);
    try {
      const p = await api.get(r.payment_id);
      return record(r.id, p);
    } catch (err) {
      if (err instanceof ApiError && err.kind === 'not_found') {
        refuse(r.id, err);
        return rowById(r.id)!;
      }
      noteError(r.id, err);
      throw toKioskError(err);
    }
  };

  /** POST with the intent's key; records the answer, or the refusal, or keeps it `creating`. */
  const createWith = async (r: IntentRow): Promise<IntentRow> => {
    try {
      const p = await api.create(r.dossier_code, r.id);
      return record(r.id, p);
    } catch (err) {
      if (err instanceof ApiError && (err.kind === 'rejected' || err.kind === 'not_found')) {
        refuse(r.id, err);
        const slug = problemSlug(err);
        log.info('payments', `payment of dossier ${r.dossier_code} refused: ${slug ?? err.message}`);
        if (slug === 'dossier-already-paid') throw new KioskError('already_paid', 'The fees of this dossier were already paid', { cause: err });
        if (slug === 'no-fees-due') throw new KioskError('no_fees_due', 'This dossier has no fees to pay', { cause: err });
        throw toKioskError(err);
      }
      // No answer (offline, timeout, 5xx): the backend may have accepted. The intent stays
      // `creating` and is asked again with the same key.
      noteError(r.id, err);
      schedule(r.id);
      throw toKioskError(err);
    }
  };

  const openIntent = (code: string): IntentRow | undefined =>
    db().prepare("SELECT * FROM payment_intents WHERE dossier_code = ? AND state IN ('creating', 'pending')").get(code) as IntentRow | undefined;

  const beginOnce = async (code: string): Promise<PaymentView> => {
    let r = openIntent(code);
    if (r?.state === 'pending') {
      // The QR code shown before, if it still stands.
      try {
        r = await checkRow(r);
      } catch {
        // offline: show what was recorded while it has not expired
      }
      if (r.state === 'pending' && r.expires_at && Date.parse(r.expires_at) > now()) {
        schedule(r.id);
        return toView(r);
      }
      if (r.state === 'paid') return toView(r);
      r = openIntent(code);
    }
    if (!r) {
      const id = randomUUID();
      db()
        .prepare("INSERT INTO payment_intents (id, dossier_code, state, session_id, created_at, updated_at) VALUES (?, ?, 'creating', ?, ?, ?)")
        .run(id, code, deps.sessionId?.() ?? null, now(), now());
      r = rowById(id)!;
      log.info('payments', `payment intent ${id} for dossier ${code}`);
    }
    const after = await createWith(r);
    if (!isFinal(after.state)) schedule(after.id);
    return toView(after);
  };

  /** Opens the store and takes up the intents left open (a restart). */
  function open(): void {
    lastOpenAttempt = now();
    store = deps.openStore();
    const left = store.db.prepare("SELECT * FROM payment_intents WHERE state IN ('creating', 'pending') ORDER BY created_at").all() as IntentRow[];
    if (left.length && deps.takeUpOpen !== false) log.info('payments', `${left.length} payment intent(s) left open: checking them again`);
    for (const r of left) {
      recovered.add(r.id);
      if (deps.takeUpOpen !== false) void track(tick(r.id));
    }
  }

  return {
    start() {
      if (started) return;
      started = true;
      open();
    },
    begin(dossierCode) {
      const code = normalizeDossierCode(dossierCode);
      if (!code) return Promise.reject(new KioskError('invalid_code', 'Not a dossier code'));
      db();
      const inflight = creating.get(code);
      if (inflight) return inflight;
      const p = track(beginOnce(code)).finally(() => creating.delete(code));
      creating.set(code, p);
      return p;
    },
    view(id) {
      const r = rowById(id);
      if (!r) throw new KioskError('not_found', 'No such payment');
      return toView(r);
    },
    async check(id) {
      const r = rowById(id);
      if (!r) throw new KioskError('not_found', 'No such payment');
      if (isFinal(r.state)) return toView(r);
      const after = await track(r.state === 'creating' ? createWith(r) : checkRow(r));
      return toView(after);
    },
    markPrinted(id) {
      const r = rowById(id);
      if (!r) return;
      db().prepare('UPDATE payment_intents SET printed_at = ?, updated_at = ? WHERE id = ?').run(now(), now(), r.id);
    },
    list(limit = 50) {
      const rows = db().prepare('SELECT * FROM payment_intents ORDER BY created_at DESC LIMIT ?').all(limit) as IntentRow[];
      return rows.map((r) => ({
        intentId: r.id,
        dossierCode: r.dossier_code,
        state: r.state,
        paymentId: r.payment_id,
        amount: r.amount,
        receiptNumber: r.receipt_number,
        unattended: r.resolved_unattended === 1,
        printed: r.printed_at !== null,
        checks: r.checks,
        lastError: r.last_error,
        createdAt: new Date(r.created_at).toISOString(),
        updatedAt: new Date(r.updated_at).toISOString(),
      }));
    },
    health() {
      const h: ReturnType<PaymentService['health']> = { name: 'payments.poll', state: stopped ? 'stopped' : failing ? 'restarting' : 'ok', restarts: failures };
      if (lastError) {
        h.lastError = lastError.message;
        h.lastErrorAt = lastError.at;
      }
      return h;
    },
    async idle() {
      while (busy.size) await Promise.allSettled([...busy]);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      for (const { timer } of timers.values()) clearTimeout(timer);
      timers.clear();
      const s = store;
      store = null;
      // In-flight requests finish against a closed store: they fail quietly (stopped).
      s?.close();
    },
  };
}
