/**
 * The payment journey (issue 12): a dossier code (typed, scanned, or from the dossier status
 * screen) -> `payment.start` -> review (amount, fee lines, what it is for) -> the QR code with a
 * countdown -> main polls the backend and pushes `payment.update` -> paid (the receipt prints,
 * the dossier is looked up again) or expired / cancelled / failed (a new QR code on request).
 *
 * Double taps: `startPayment` does nothing while a request is out, and main joins concurrent
 * requests for one dossier to one payment anyway. Everything here is session data.
 */
import type { BridgeError, EventPayload, PrintResult } from '../../main/ipc/contract';
import { normalizeDossierCode } from '../../common/dossier-code';
import { invoke, on } from '../bridge';
import { generation, navigate, screen, sessionSignal, startSession, type Dossier } from './app';

export type PaymentView = EventPayload<'payment.update'>;
export type PaymentError = BridgeError['code'];

export type PaymentPhase =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'review'; view: PaymentView }
  | { kind: 'qr'; view: PaymentView }
  | { kind: 'paid'; view: PaymentView }
  | { kind: 'ended'; view: PaymentView; why: 'expired' | 'cancelled' | 'failed' }
  | { kind: 'error'; code: PaymentError };

export const paymentCode = sessionSignal<string>(() => '');
export const paymentPhase = sessionSignal<PaymentPhase>(() => ({ kind: 'idle' }));
/** The entry screen's field and its problem. */
export const paymentInput = sessionSignal<string>(() => '');
export const paymentInputProblem = sessionSignal<'empty' | 'invalid_code' | null>(() => null);
/** The receipt's print outcome, and the dossier as looked up again after paying. */
export const paymentPrint = sessionSignal<PrintResult | 'failed' | 'too_many' | null>(() => null);
export const paymentDossier = sessionSignal<Dossier | null>(() => null);

let busy = false;

/** Opens the payment of a dossier (from the status screen's button, the entry screen or a scan). */
export function openPayment(code: string): void {
  startSession();
  paymentCode.value = code;
  paymentPhase.value = { kind: 'idle' };
  paymentPrint.value = null;
  paymentDossier.value = null;
  navigate({ name: 'payment', dossierCode: code });
  void startPayment();
}

/** `payment.start` for the current dossier; a second call while one is out is ignored. */
export async function startPayment(): Promise<void> {
  if (busy) return;
  busy = true;
  const gen = generation.value;
  paymentPhase.value = { kind: 'loading' };
  try {
    const r = await invoke('payment.start', { dossierCode: paymentCode.value });
    if (gen !== generation.value) return;
    if (!r.ok) {
      paymentPhase.value = { kind: 'error', code: r.error.code };
      return;
    }
    apply(r.value, true);
  } finally {
    busy = false;
  }
}

/** The resident saw the amount and wants the QR code. */
export function showQr(): void {
  const p = paymentPhase.value;
  if (p.kind === 'review') paymentPhase.value = { kind: 'qr', view: p.view };
}

/** The countdown reached zero: the code must not be used any more. */
export function expireLocally(): void {
  const p = paymentPhase.value;
  if (p.kind === 'qr' || p.kind === 'review') paymentPhase.value = { kind: 'ended', view: p.view, why: 'expired' };
}

function apply(v: PaymentView, fresh: boolean): void {
  switch (v.state) {
    case 'creating':
    case 'pending': {
      const cur = paymentPhase.value;
      if (fresh || cur.kind === 'loading') paymentPhase.value = { kind: 'review', view: v };
      else if (cur.kind === 'review' || cur.kind === 'qr') paymentPhase.value = { ...cur, view: v };
      return;
    }
    case 'paid':
      if (paymentPhase.value.kind !== 'paid') {
        paymentPhase.value = { kind: 'paid', view: v };
        void afterPaid(v);
      }
      return;
    case 'expired':
    case 'cancelled':
    case 'failed':
      paymentPhase.value = { kind: 'ended', view: v, why: v.state };
      return;
    case 'refused':
      paymentPhase.value = { kind: 'error', code: 'rejected' };
      return;
  }
}

async function afterPaid(v: PaymentView): Promise<void> {
  const gen = generation.value;
  const [printed, dossier] = await Promise.all([
    v.paymentId ? invoke('payment.print', { paymentId: v.paymentId }, { timeoutMs: 15_000 }) : Promise.resolve(null),
    invoke('dossier.lookup', { code: v.dossierCode }),
  ]);
  if (gen !== generation.value) return;
  if (printed) paymentPrint.value = printed.ok ? printed.value : printed.error.code === 'too_many' ? 'too_many' : 'failed';
  if (dossier.ok) paymentDossier.value = dossier.value;
}

/** Prints the receipt again (the resident asks). */
export async function printAgain(): Promise<void> {
  const p = paymentPhase.value;
  if (p.kind !== 'paid' || !p.view.paymentId) return;
  const r = await invoke('payment.print', { paymentId: p.view.paymentId }, { timeoutMs: 15_000 });
  paymentPrint.value = r.ok ? r.value : r.error.code === 'too_many' ? 'too_many' : 'failed';
}

/** The entry screen's "Tiếp tục": checks the code here first, then opens the payment. */
export function submitPaymentCode(): void {
  const raw = paymentInput.value.trim();
  if (!raw) {
    paymentInputProblem.value = 'empty';
    return;
  }
  const code = normalizeDossierCode(raw);
  if (!code) {
    paymentInputProblem.value = 'invalid_code';
    return;
  }
  paymentInputProblem.value = null;
  paymentInput.value = code;
  openPayment(code);
}

/** Main's poller found an outcome: take it when it is the payment on screen. */
export function installPaymentWatch(): () => void {
  const offUpdate = on('payment.update', (v) => {
    if (screen.value.name !== 'payment') return;
    const p = paymentPhase.value;
    if (p.kind !== 'review' && p.kind !== 'qr' && p.kind !== 'paid') return;
    if (p.view.intentId !== v.intentId) return;
    apply(v, false);
  });
  // A slip or code scanned on the entry screen pays that dossier (state/lookup.ts leaves it here).
  const offScan = on('scan', (s) => {
    if (screen.value.name !== 'payment-entry') return;
    if (s.kind !== 'dossierCode' && s.kind !== 'receiptSlip') return;
    const code = normalizeDossierCode(s.dossierCode ?? '');
    if (!code) return;
    paymentInput.value = code;
    paymentInputProblem.value = null;
    openPayment(code);
  });
  return () => {
    offUpdate();
    offScan();
  };
}
