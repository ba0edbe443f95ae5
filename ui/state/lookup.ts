/** The dossier lookup flow: local check first, then `dossier.lookup`. */
import { normalizeDossierCode } from '../../common/dossier-code';
import type { BridgeError } from '../../main/ipc/contract';
import { invoke, log, on } from '../bridge';
import { identityPhase, identityThen, readCard } from './identity';
import { appInfo, back, generation, lookupInput, lookupLoading, navigate, screen, sessionSignal, startSession, type LookupError } from './app';

export type { LookupError } from './app';

/**
 * What is wrong with the code in the field, shown under it (not on a page of its own): nothing
 * typed, not the shape of a dossier code, or no dossier with that code.
 */
export type LookupProblem = { kind: 'empty' | 'invalid_code' | 'not_found'; code: string } | null;
export const lookupProblem = sessionSignal<LookupProblem>(() => null);

/** The field's starting text: the site's agency prefix (config `lookup.codePrefix`), or nothing. */
export function lookupStartText(): string {
  return appInfo.value?.lookupCodePrefix ?? '';
}

export function toLookupError(code: BridgeError['code']): LookupError {
  switch (code) {
    case 'invalid_code':
    case 'not_found':
    case 'offline':
    case 'timeout':
    case 'server_error':
    case 'rejected':
    case 'internal':
      return code;
    default:
      return 'internal';
  }
}

export async function submitLookup(): Promise<void> {
  if (lookupLoading.value) return;
  const raw = lookupInput.value;
  if (raw.trim() === '' || raw.trim() === lookupStartText()) {
    lookupProblem.value = { kind: 'empty', code: '' };
    return;
  }
  const code = normalizeDossierCode(raw);
  if (code === null) {
    lookupProblem.value = { kind: 'invalid_code', code: raw.trim() };
    return;
  }
  lookupProblem.value = null;
  lookupInput.value = code;
  lookupLoading.value = true;
  const gen = generation.value;
  const r = await invoke('dossier.lookup', { code });
  if (gen !== generation.value) return; // the session ended meanwhile: drop the answer
  lookupLoading.value = false;
  if (screen.value.name !== 'lookup') return; // the resident left the screen
  if (r.ok) {
    navigate({ name: 'dossier-status', dossier: r.value });
    return;
  }
  if (r.error.code === 'identity_required') {
    // The backend shows this dossier only to its applicant: ask for the card, with consent.
    lookupIdPhase.value = 'consent';
    navigate({ name: 'lookup-identity', code });
    return;
  }
  const error = toLookupError(r.error.code);
  if (error === 'not_found' || error === 'invalid_code') {
    lookupProblem.value = { kind: error, code };
    return;
  }
  if (error === 'internal') log('error', `dossier.lookup: ${r.error.code}: ${r.error.message}`);
  // Not the code's fault: a page of its own, and "Quay lại" returns to the form as it was.
  navigate({ name: 'lookup-error', code, error });
}

/** "Thử lại" on an error page: back to the form (as it was typed), and ask again unless the code was wrong. */
export function retryLookup(error: LookupError): void {
  back();
  if (screen.value.name !== 'lookup') navigate({ name: 'lookup' }, { replace: true });
  if (error !== 'invalid_code' && error !== 'not_found') void submitLookup();
}

// ---- "identity required": consent, then the CCCD QR or the chip; main takes the ID from the session ----

/** consent: asking; waiting: for the QR or the card; checking: looking up; again: the ID did not do. */
export type LookupIdPhase = 'consent' | 'waiting' | 'checking' | 'again';
export const lookupIdPhase = sessionSignal<LookupIdPhase>(() => 'consent');
/** A CCCD QR was scanned on the identity screen (main keeps it; used once consent is given). */
const lookupQrSeen = sessionSignal(() => false);

/** Back to the form, as it was typed. */
function backToForm(): void {
  back();
  if (screen.value.name !== 'lookup') navigate({ name: 'lookup' }, { replace: true });
}

export async function answerLookupConsent(accepted: boolean, code: string): Promise<void> {
  const gen = generation.value;
  const r = await invoke('identity.consent', { accepted });
  if (gen !== generation.value) return;
  if (!r.ok) log('warn', `identity.consent failed: ${r.error.code}`);
  if (!accepted || !r.ok || !r.value.consented) {
    backToForm();
    return;
  }
  lookupIdPhase.value = 'waiting';
  if (lookupQrSeen.value) void lookupWithIdentity(code);
}

/** Asks again; main adds the ID number the resident consented to share (the UI never has it). */
export async function lookupWithIdentity(code: string): Promise<void> {
  if (lookupIdPhase.value === 'checking' || lookupIdPhase.value === 'consent') return;
  lookupIdPhase.value = 'checking';
  const gen = generation.value;
  const r = await invoke('dossier.lookup', { code });
  if (gen !== generation.value || screen.value.name !== 'lookup-identity') return;
  if (r.ok) {
    navigate({ name: 'dossier-status', dossier: r.value }, { replace: true });
    return;
  }
  if (r.error.code === 'identity_required') {
    lookupIdPhase.value = 'again';
    return;
  }
  const error = toLookupError(r.error.code);
  if (error === 'not_found' || error === 'invalid_code') {
    backToForm();
    lookupProblem.value = { kind: error, code };
    return;
  }
  if (error === 'internal') log('error', `dossier.lookup: ${r.error.code}: ${r.error.message}`);
  navigate({ name: 'lookup-error', code, error }, { replace: true });
}

/** The chip instead of the QR: the identity journey's card screens, then back here to look up. */
export function readChipForLookup(code: string): void {
  identityThen.value = () => {
    navigate({ name: 'lookup-identity', code }, { replace: true });
    void lookupWithIdentity(code);
  };
  identityPhase.value = { phase: 'waiting' };
  navigate({ name: 'identity' }, { replace: true });
  void readCard();
}

/** A CCCD QR scanned, or a card put on the reader, while the lookup waits for the identity. */
export function installLookupIdentityWatch(): () => void {
  const offScan = on('scan', (p) => {
    const s = screen.value;
    if (p.kind !== 'cccd' || s.name !== 'lookup-identity') return;
    lookupQrSeen.value = true;
    if (lookupIdPhase.value === 'waiting' || lookupIdPhase.value === 'again') void lookupWithIdentity(s.code);
  });
  const offCard = on('card', (e) => {
    const s = screen.value;
    if (!e.present || e.state !== undefined || s.name !== 'lookup-identity') return;
    if (lookupIdPhase.value === 'waiting' || lookupIdPhase.value === 'again') readChipForLookup(s.code);
  });
  return () => {
    offScan();
    offCard();
  };
}

/** A scanned dossier code (receipt barcode) opens the lookup and asks right away, from any screen. */
export function installScanHandler(): () => void {
  return on('scan', (p) => {
    if (p.kind !== 'dossierCode' && p.kind !== 'receiptSlip') return; // the others: state/scan.ts
    const code = normalizeDossierCode(p.dossierCode ?? '');
    if (code === null || lookupLoading.value) return;
    if (screen.value.name === 'out-of-service' || screen.value.name === 'starting') return;
    if (screen.value.name === 'payment-entry') return; // the payment takes it (state/payment.ts)
    if (screen.value.name === 'rating-entry') return; // the rating takes it (state/rating.ts, issue 13)
    startSession();
    lookupInput.value = code;
    lookupProblem.value = null;
    if (screen.value.name !== 'lookup') navigate({ name: 'lookup' });
    void submitLookup();
  });
}
