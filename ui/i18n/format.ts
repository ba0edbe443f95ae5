/**
 * Formatters: money "50.000 ₫", and the message key of each dossier state. Dates and times are
 * common/vietnam-time.ts (formatDate, formatTime, formatDateTime).
 */
import type { ResponseOf } from '../../main/ipc/contract';
import type { MessageKey } from './vi';

type DossierState = ResponseOf<'dossier.lookup'>['state'];

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
