/** The dossier lookup flow: local check first, then `dossier.lookup`. */
import { normalizeDossierCode } from '../../common/dossier-code';
import type { BridgeError } from '../../main/ipc/contract';
import { invoke, log, on } from '../bridge';
import { generation, lookupInput, lookupLoading, navigate, screen, startSession, type LookupError } from './app';

export type { LookupError } from './app';

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
  const code = normalizeDossierCode(raw);
  if (code === null) {
    navigate({ name: 'lookup-error', code: raw.trim(), error: 'invalid_code' }, { replace: true });
    return;
  }
  lookupInput.value = code;
  lookupLoading.value = true;
  const gen = generation.value;
  const r = await invoke('dossier.lookup', { code });
  if (gen !== generation.value) return; // the session ended meanwhile: drop the answer
  lookupLoading.value = false;
  if (screen.value.name !== 'lookup') return; // the resident left the screen
  if (r.ok) {
    navigate({ name: 'dossier-status', dossier: r.value });
  } else {
    const error = toLookupError(r.error.code);
    if (error === 'internal') log('error', `dossier.lookup: ${r.error.code}: ${r.error.message}`);
    navigate({ name: 'lookup-error', code, error }, { replace: true });
  }
}

/** "Thử lại" on an error: fix the code for invalid/not found, ask again otherwise. */
export function retryLookup(error: LookupError): void {
  navigate({ name: 'lookup' }, { replace: true });
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
    if (screen.value.name !== 'lookup') navigate({ name: 'lookup' });
    void submitLookup();
  });
}
