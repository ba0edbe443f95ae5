import { describe, expect, it } from 'vitest';
import { DOSSIER_STATE_LABELS_VI, OVERDUE_LABEL_VI } from '../../common/dossier-state';
import { STATE_KEYS } from '../../ui/i18n/format';
import { translate } from '../../ui/i18n';

describe('ui formatters', () => {
  // The labels' text is pinned to GLOSSARY.md in common-dossier-state.test.ts; here, that the
  // screen shows exactly those, plus its own state for a submission still in the outbox.
  it('labels every dossier state with the common/ label, and a waiting submission "Đang chờ gửi"', () => {
    const vi = Object.fromEntries(Object.entries(STATE_KEYS).map(([s, k]) => [s, translate('vi', k)]));
    expect(vi).toEqual({ ...DOSSIER_STATE_LABELS_VI, pending_send: 'Đang chờ gửi' });
    expect(translate('vi', 'state.overdue')).toBe(OVERDUE_LABEL_VI);
  });
});
