/**
 * The message key of each dossier state. Dates and times are common/vietnam-time.ts, money is
 * common/money.ts.
 */
import type { ResponseOf } from '../../main/ipc/contract';
import type { MessageKey } from './vi';

/** What the status screen shows: a dossier state (common/dossier-state.ts) or the kiosk's own `pending_send`. */
type LookupState = ResponseOf<'dossier.lookup'>['state'];

export const STATE_KEYS: Record<LookupState, MessageKey> = {
  received: 'state.received',
  processing: 'state.processing',
  needs_supplement: 'state.needs_supplement',
  result_ready: 'state.result_ready',
  returned: 'state.returned',
  rejected: 'state.rejected',
  withdrawn: 'state.withdrawn',
  pending_send: 'state.pending_send',
};
