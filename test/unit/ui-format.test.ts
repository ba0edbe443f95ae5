import { describe, expect, it } from 'vitest';
import { formatMoney, STATE_KEYS } from '../../ui/i18n/format';
import { translate } from '../../ui/i18n';

describe('ui formatters', () => {
  it('formats money as "50.000 ₫" with a non-breaking space', () => {
    expect(formatMoney(50000)).toBe('50.000\u00A0₫');
    expect(formatMoney(0)).toBe('0\u00A0₫');
    expect(formatMoney(999)).toBe('999\u00A0₫');
    expect(formatMoney(1000)).toBe('1.000\u00A0₫');
    expect(formatMoney(1234567890)).toBe('1.234.567.890\u00A0₫');
  });

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
