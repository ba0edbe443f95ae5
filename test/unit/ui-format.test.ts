import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatMoney, formatTime, STATE_KEYS } from '../../ui/i18n/format';
import { translate } from '../../ui/i18n';

describe('ui formatters', () => {
  it('formats calendar dates as dd/MM/yyyy without shifting them', () => {
    expect(formatDate('2026-03-14')).toBe('14/03/2026');
    expect(formatDate('2026-12-31')).toBe('31/12/2026');
  });

  it('formats datetimes in Asia/Ho_Chi_Minh (UTC+7)', () => {
    expect(formatDateTime('2026-03-14T02:05:00Z')).toBe('09:05 14/03/2026');
    expect(formatDateTime('2026-03-14T09:05:00+07:00')).toBe('09:05 14/03/2026');
    expect(formatDateTime('2026-03-14T20:30:00Z')).toBe('03:30 15/03/2026');
    expect(formatDate('2026-03-14T20:30:00Z')).toBe('15/03/2026');
    expect(formatTime('2026-03-14T16:59:00Z')).toBe('23:59');
    expect(formatDate('2025-12-31T17:00:00Z')).toBe('01/01/2026');
  });

  it('returns an empty string for unreadable input', () => {
    expect(formatDate('not a date')).toBe('');
    expect(formatDateTime('')).toBe('');
  });

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
