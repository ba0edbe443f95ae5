import { describe, expect, it } from 'vitest';
import { STATE_KEYS } from '../../ui/i18n/format';
import { translate } from '../../ui/i18n';

describe('ui formatters', () => {
  it('labels dossier states as GLOSSARY.md says', () => {
    const vi = Object.fromEntries(Object.entries(STATE_KEYS).map(([s, k]) => [s, translate('vi', k)]));
    expect(vi).toEqual({
      received: 'Đã tiếp nhận',
      processing: 'Đang xử lý',
      needs_supplement: 'Chờ bổ sung',
      result_ready: 'Đã có kết quả',
      returned: 'Đã trả kết quả',
      rejected: 'Từ chối',
      withdrawn: 'Đã rút',
      pending_send: 'Đang chờ gửi',
    });
    expect(translate('vi', 'state.overdue')).toBe('Quá hạn');
  });
});
