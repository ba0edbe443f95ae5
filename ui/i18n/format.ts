/**
 * The message key of each dossier state. Dates and times are common/vietnam-time.ts, money is
 * common/money.ts.
 */
import type { ResponseOf } from '../../main/ipc/contract';
import type { MessageKey } from './vi';

type DossierState = ResponseOf<'dossier.lookup'>['state'];

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
