/**
 * Dossier states and how they read in Vietnamese (GLOSSARY.md, "Dossier states"): the names in
 * code, in the order a dossier usually moves, and the label the screen and the printed status
 * show. "Quá hạn" (overdue) is a flag shown beside the state, not a state (DOMAIN.md).
 */
import { vnDate } from './vietnam-time';

/** The states, in the order a dossier usually moves. main/api/schemas.ts builds the API's enum from this list. */
export const DOSSIER_STATES = ['received', 'processing', 'needs_supplement', 'result_ready', 'returned', 'rejected', 'withdrawn'] as const;
export type DossierState = (typeof DOSSIER_STATES)[number];

/** States in which a dossier is finished: no longer "overdue" whatever the date. */
export const FINISHED_STATES: readonly DossierState[] = ['result_ready', 'returned', 'rejected', 'withdrawn'];

/** The Vietnamese label of each state, exactly as GLOSSARY.md writes it. */
export const DOSSIER_STATE_LABELS_VI = {
  received: 'Đã tiếp nhận',
  processing: 'Đang xử lý',
  needs_supplement: 'Chờ bổ sung',
  result_ready: 'Đã có kết quả',
  returned: 'Đã trả kết quả',
  rejected: 'Từ chối',
  withdrawn: 'Đã rút',
} as const satisfies Record<DossierState, string>;

/** The flag shown beside the state when the due date has passed and the dossier is not finished. */
export const OVERDUE_LABEL_VI = 'Quá hạn';

/**
 * Overdue (DOMAIN.md): the due date (`yyyy-MM-dd`) is before today in Vietnam and the dossier is
 * not finished. On the due date itself a dossier is not yet overdue.
 */
export function isOverdue(dueDate: string, state: DossierState, now: Date): boolean {
  return dueDate < vnDate(now) && !FINISHED_STATES.includes(state);
}
