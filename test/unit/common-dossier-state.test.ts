import { describe, expect, it } from 'vitest';
import { DOSSIER_STATE_LABELS_VI, DOSSIER_STATES, FINISHED_STATES, isOverdue, OVERDUE_LABEL_VI } from '../../common/dossier-state';
import { DossierState } from '../../main/api/schemas';

describe('dossier states', () => {
  it('are the GLOSSARY.md names, in the order a dossier usually moves, and the API enum is that list', () => {
    expect(DOSSIER_STATES).toEqual(['received', 'processing', 'needs_supplement', 'result_ready', 'returned', 'rejected', 'withdrawn']);
    expect(DossierState.options).toEqual([...DOSSIER_STATES]);
  });

  it('read in Vietnamese exactly as GLOSSARY.md writes them (NFC)', () => {
    expect(DOSSIER_STATE_LABELS_VI).toEqual({
      received: 'Đã tiếp nhận',
      processing: 'Đang xử lý',
      needs_supplement: 'Chờ bổ sung',
      result_ready: 'Đã có kết quả',
      returned: 'Đã trả kết quả',
      rejected: 'Từ chối',
      withdrawn: 'Đã rút',
    });
    expect(OVERDUE_LABEL_VI).toBe('Quá hạn');
    for (const label of [...Object.values(DOSSIER_STATE_LABELS_VI), OVERDUE_LABEL_VI]) expect(label).toBe(label.normalize('NFC'));
  });

  it('a dossier with a result, returned, rejected or withdrawn is finished', () => {
    expect([...FINISHED_STATES].sort()).toEqual(['rejected', 'result_ready', 'returned', 'withdrawn']);
  });
});

describe('isOverdue', () => {
  const now = new Date('2026-03-14T03:00:00Z'); // 10:00 on 14/03/2026 in Vietnam

  it('is overdue when the due date is before today in Vietnam and the dossier is not finished', () => {
    expect(isOverdue('2026-03-13', 'processing', now)).toBe(true);
    expect(isOverdue('2026-03-14', 'processing', now)).toBe(false); // due today: not yet
    expect(isOverdue('2026-03-15', 'needs_supplement', now)).toBe(false);
  });

  it('never for a finished dossier', () => {
    for (const state of FINISHED_STATES) expect(isOverdue('2020-01-01', state, now)).toBe(false);
    for (const state of DOSSIER_STATES.filter((s) => !FINISHED_STATES.includes(s))) expect(isOverdue('2020-01-01', state, now)).toBe(true);
  });

  it('counts the day in Vietnam: at 23:30 UTC on the due date it is already overdue', () => {
    expect(isOverdue('2026-03-13', 'received', new Date('2026-03-13T16:59:00Z'))).toBe(false);
    expect(isOverdue('2026-03-13', 'received', new Date('2026-03-13T23:30:00Z'))).toBe(true);
  });
});
