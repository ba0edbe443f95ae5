/** The dossier lookup flow: local check first, then `dossier.lookup`. */
import { normalizeDossierCode } from '../../common/dossier-code';
import type { BridgeError } from '../../main/ipc/contract';
import { invoke, log, on } from '../bridge';
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

/** A scanned dossier code (receipt barcode) opens the lookup and asks right away, from any screen. */
export function installScanHandler(): () => void {
  return on('scan', (p) => {
    if (p.kind !== 'dossierCode' && p.kind !== 'receiptSlip') return; // the others: state/scan.ts
    const code = normalizeDossierCode(p.dossierCode ?? '');
    if (code === null || lookupLoading.value) return;
    if (screen.value.name === 'out-of-service' || screen.value.name === 'starting') return;
    startSession();
    lookupInput.value = code;
    lookupProblem.value = null;
    if (screen.value.name !== 'lookup') navigate({ name: 'lookup' });
    void submitLookup();
  });
}
