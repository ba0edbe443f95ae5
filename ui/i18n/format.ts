/**
 * Formatters: dates dd/MM/yyyy and times HH:mm in Asia/Ho_Chi_Minh, money "50.000 ₫".
 * Asia/Ho_Chi_Minh is UTC+7 with no daylight saving (since 1975), so the shift is done by hand:
 * the result never depends on the machine's time zone or ICU data.
 */
import type { ResponseOf } from '../../main/ipc/contract';
import type { MessageKey } from './vi';

type DossierState = ResponseOf<'dossier.lookup'>['state'];

const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

const pad = (n: number): string => String(n).padStart(2, '0');

interface Parts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
}

function parts(input: string | Date | number): Parts | null {
  if (typeof input === 'string') {
    const m = DATE_ONLY.exec(input.trim());
    if (m) return { y: Number(m[1]), mo: Number(m[2]), d: Number(m[3]), h: 0, mi: 0 };
  }
  const ms = input instanceof Date ? input.getTime() : typeof input === 'number' ? input : Date.parse(input);
  if (!Number.isFinite(ms)) return null;
  const v = new Date(ms + VN_OFFSET_MS);
  return { y: v.getUTCFullYear(), mo: v.getUTCMonth() + 1, d: v.getUTCDate(), h: v.getUTCHours(), mi: v.getUTCMinutes() };
}

/** `2026-03-14` or `2026-03-14T02:05:00Z` -> `14/03/2026` (Vietnam time). Unreadable input -> ''. */
export function formatDate(input: string | Date | number): string {
  const p = parts(input);
  return p ? `${pad(p.d)}/${pad(p.mo)}/${p.y}` : '';
}

/** -> `HH:mm` in Vietnam time. */
export function formatTime(input: string | Date | number): string {
  const p = parts(input);
  return p ? `${pad(p.h)}:${pad(p.mi)}` : '';
}

/** -> `HH:mm dd/MM/yyyy` in Vietnam time. */
export function formatDateTime(input: string | Date | number): string {
  const p = parts(input);
  return p ? `${pad(p.h)}:${pad(p.mi)} ${pad(p.d)}/${pad(p.mo)}/${p.y}` : '';
}

/** 50000 -> `50.000 ₫` (dot thousands separator, non-breaking space before ₫), in both languages. */
export function formatMoney(amount: number): string {
  if (!Number.isFinite(amount)) return '';
  const whole = Math.round(Math.abs(amount));
  const digits = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${amount < 0 ? '-' : ''}${digits}\u00A0₫`;
}

export const STATE_KEYS: Record<DossierState, MessageKey> = {
  received: 'state.received',
  processing: 'state.processing',
  needs_supplement: 'state.needs_supplement',
  result_ready: 'state.result_ready',
  returned: 'state.returned',
  rejected: 'state.rejected',
  withdrawn: 'state.withdrawn',
  pending_send: 'state.pending_send',
};
