/**
 * The identity journey in the UI: consent → place the card → (dates when the chip cannot be
 * opened) → the identity → the next step. All of it is session state (wiped with the session);
 * main keeps the card data and wipes it too. The screen never sees the full ID number.
 */
import { batch } from '@preact/signals';
import type { EventPayload, ResponseOf } from '../../main/ipc/contract';
import { invoke, log, on } from '../bridge';
import { generation, navigate, goHome, sessionSignal } from './app';

export type IdentityView = Extract<ResponseOf<'identity.read'>, { outcome: 'ok' }>['identity'];
export type IdentityError = Extract<ResponseOf<'identity.read'>, { outcome: 'error' }>['error'] | 'timeout' | 'internal';
export type RefusedField = Extract<ResponseOf<'identity.read'>, { outcome: 'refused' }>['fields'][number];

export type IdentityPhase =
  | { phase: 'waiting' }
  | { phase: 'reading'; progress: number }
  | { phase: 'dates'; needPersonalId: boolean; after: 'none' | 'derived' | 'typed' }
  | { phase: 'done'; identity: IdentityView }
  | { phase: 'next'; identity: IdentityView }
  | { phase: 'refused'; fields: RefusedField[] }
  | { phase: 'error'; error: IdentityError };

/** How long main waits for the card per attempt (the UI guard waits a little longer). */
export const CARD_WAIT_SECONDS = 45;

export const identityPhase = sessionSignal<IdentityPhase>(() => ({ phase: 'waiting' }));

/** What "Tiếp tục" after a good read does when a journey asked for the card (a lookup); else the next step. */
export const identityThen = sessionSignal<(() => void) | null>(() => null);

/** Dates typed on the keypad (digits only). */
export interface DateEntry {
  personalId: string;
  birth: string;
  expiry: string;
  noExpiry: boolean;
  field: 'personalId' | 'birth' | 'expiry';
  invalid: 'date' | 'id' | null;
}
export const dateEntry = sessionSignal<DateEntry>(() => ({ personalId: '', birth: '', expiry: '', noExpiry: false, field: 'birth', invalid: null }));

export async function answerConsent(accepted: boolean): Promise<void> {
  const gen = generation.value;
  const r = await invoke('identity.consent', { accepted });
  if (gen !== generation.value) return;
  if (!r.ok) {
    log('warn', `identity.consent failed: ${r.error.code}`);
    identityPhase.value = { phase: 'error', error: 'internal' };
    navigate({ name: 'identity' }, { replace: true });
    return;
  }
  if (!accepted || !r.value.consented) {
    goHome();
    return;
  }
  identityPhase.value = { phase: 'waiting' };
  navigate({ name: 'identity' }, { replace: true });
  void readCard();
}

let reading = false;

/** Waits for the card and reads it; the phase follows. */
export async function readCard(): Promise<void> {
  if (reading) return;
  reading = true;
  const gen = generation.value;
  identityPhase.value = { phase: 'waiting' };
  try {
    const r = await invoke('identity.read', { waitSeconds: CARD_WAIT_SECONDS }, { timeoutMs: (CARD_WAIT_SECONDS + 20) * 1000 });
    if (gen !== generation.value) return;
    if (!r.ok) {
      log('warn', `identity.read failed: ${r.error.code}`);
      identityPhase.value = { phase: 'error', error: r.error.code === 'timeout' ? 'timeout' : 'internal' };
      return;
    }
    const v = r.value;
    batch(() => {
      switch (v.outcome) {
        case 'ok':
          identityPhase.value = { phase: 'done', identity: v.identity };
          break;
        case 'needs-dates':
          identityPhase.value = { phase: 'dates', needPersonalId: v.needPersonalId, after: v.after };
          dateEntry.value = { ...dateEntry.value, field: v.needPersonalId && dateEntry.value.personalId.length < 12 ? 'personalId' : 'birth', invalid: null };
          break;
        case 'refused':
          identityPhase.value = { phase: 'refused', fields: v.fields };
          break;
        case 'error':
          identityPhase.value = { phase: 'error', error: v.error };
          break;
      }
    });
  } finally {
    reading = false;
  }
}

/** `card` events move the waiting screen to "reading" with a progress bar. */
export function installCardWatch(): () => void {
  return on('card', (e: EventPayload<'card'>) => {
    const p = identityPhase.value;
    if (e.state === 'reading' && (p.phase === 'waiting' || p.phase === 'reading')) {
      identityPhase.value = { phase: 'reading', progress: e.progress ?? 0 };
    }
  });
}

/** dd/MM/yyyy digits (8) → yyyy-MM-dd, or null when not a real date. */
export function digitsToIso(d: string): string | null {
  if (!/^\d{8}$/.test(d)) return null;
  const day = Number(d.slice(0, 2));
  const month = Number(d.slice(2, 4));
  const year = Number(d.slice(4, 8));
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return `${d.slice(4, 8)}-${d.slice(2, 4)}-${d.slice(0, 2)}`;
}

/** Shows typed digits as dd/MM/yyyy while typing: `0101` → `01/01`. */
export function formatDigitsAsDate(d: string): string {
  return [d.slice(0, 2), d.slice(2, 4), d.slice(4, 8)].filter((s) => s.length > 0).join('/');
}

export function pressDateKey(k: string): void {
  const e = dateEntry.value;
  const max = e.field === 'personalId' ? 12 : 8;
  let v = e[e.field];
  if (k === 'back') v = v.slice(0, -1);
  else if (k === 'clear') v = '';
  else if (/^\d$/.test(k) && v.length < max) v += k;
  const next: DateEntry = { ...e, [e.field]: v, invalid: null };
  // Move on to the next field once this one is complete.
  if (v.length === max && k !== 'back' && k !== 'clear') {
    if (e.field === 'personalId') next.field = 'birth';
    else if (e.field === 'birth' && !e.noExpiry) next.field = 'expiry';
  }
  dateEntry.value = next;
}

export async function submitDates(needPersonalId: boolean): Promise<void> {
  const e = dateEntry.value;
  if (needPersonalId && !/^\d{12}$/.test(e.personalId)) {
    dateEntry.value = { ...e, invalid: 'id', field: 'personalId' };
    return;
  }
  const birth = digitsToIso(e.birth);
  const expiry = e.noExpiry ? 'none' : digitsToIso(e.expiry);
  if (!birth || !expiry) {
    dateEntry.value = { ...e, invalid: 'date', field: !birth ? 'birth' : 'expiry' };
    return;
  }
  const gen = generation.value;
  const r = await invoke('identity.provide', {
    ...(needPersonalId ? { personalId: e.personalId } : {}),
    birthDate: birth,
    expiryDate: expiry,
  });
  if (gen !== generation.value) return;
  if (!r.ok || !r.value.accepted) {
    dateEntry.value = { ...e, invalid: r.ok && r.value.reason === 'bad-id' ? 'id' : 'date' };
    return;
  }
  void readCard();
}

export async function cancelIdentity(): Promise<void> {
  await invoke('identity.clear', {});
  goHome();
}
