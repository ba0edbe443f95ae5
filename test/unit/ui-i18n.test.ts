import { describe, expect, it } from 'vitest';
import { dictionaries, interpolate, lang, t, toggleLanguage, translate } from '../../ui/i18n';
import { vi } from '../../ui/i18n/vi';

describe('ui i18n', () => {
  it('has every key in both languages, non-empty and NFC', () => {
    const keys = Object.keys(vi).sort();
    for (const l of ['vi', 'en'] as const) {
      expect(Object.keys(dictionaries[l]).sort()).toEqual(keys);
      for (const [k, v] of Object.entries(dictionaries[l])) {
        expect(v.trim().length, `${l}:${k}`).toBeGreaterThan(0);
        expect(v, `${l}:${k} is not NFC`).toBe(v.normalize('NFC'));
      }
    }
  });

  it('uses the same placeholders in both languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of Object.keys(vi) as (keyof typeof vi)[]) {
      // the not-found text may name the code in one language only; it does name it in both
      expect(names(dictionaries.en[k]), k).toEqual(names(dictionaries.vi[k]));
    }
  });

  it('has the required Vietnamese labels', () => {
    expect(translate('vi', 'tile.lookup')).toBe('Tra cứu hồ sơ');
    expect(translate('vi', 'tile.procedures')).toBe('Thủ tục hành chính');
    expect(translate('vi', 'tile.submit')).toBe('Nộp hồ sơ');
    expect(translate('vi', 'tile.payment')).toBe('Thanh toán');
    expect(translate('vi', 'tile.announcements')).toBe('Thông báo');
    expect(translate('vi', 'tile.queue')).toBe('Lấy số thứ tự');
    expect(translate('vi', 'tile.rating')).toBe('Đánh giá hài lòng');
    expect(translate('vi', 'attract.touch')).toBe('Chạm để bắt đầu');
    expect(translate('en', 'attract.touch')).toBe('Touch to start');
    expect(translate('vi', 'error.invalid_code.title')).toBe('Mã hồ sơ không hợp lệ');
    expect(translate('vi', 'error.not_found.title')).toBe('Không tìm thấy hồ sơ');
    expect(translate('vi', 'error.offline.title')).toBe('Không kết nối được hệ thống');
    expect(translate('vi', 'error.timeout.title')).toBe('Hệ thống phản hồi chậm');
    expect(translate('vi', 'error.generic.title')).toBe('Đã có lỗi');
    expect(translate('vi', 'oos.title')).toBe('Ki-ốt tạm ngừng phục vụ');
    expect(translate('vi', 'procedure.online.full')).toBe('Toàn trình');
    expect(translate('vi', 'procedure.online.partial')).toBe('Một phần');
    expect(translate('vi', 'procedure.online.none')).toBe('Trực tiếp');
  });

  it('interpolates and follows the language signal', () => {
    expect(interpolate('{a} và {b} {c}', { a: 1, b: 'x' })).toBe('1 và x {c}');
    lang.value = 'vi';
    expect(t('home.hotline', { hotline: '1900 1234' })).toBe('Đường dây nóng: 1900 1234');
    toggleLanguage();
    expect(t('home.hotline', { hotline: '1900 1234' })).toBe('Hotline: 1900 1234');
    toggleLanguage();
    expect(lang.value).toBe('vi');
  });
});
