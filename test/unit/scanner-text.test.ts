import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkText, countSuspiciousSequences, decodeCp1252, decodeScanBytes, hasVietnameseLetters } from '../../drivers/scanner/protocol/text';

const enc = new TextEncoder();
/**
 * Independent Windows-1252 reader (Node 20's TextDecoder('windows-1252') decodes as Latin-1, so
 * it cannot serve). Bytes 0x80..0x9F as Python's cp1252 codec maps them; the five undefined
 * bytes stay C1 controls, as Windows' MultiByteToWideChar leaves them.
 */
const CP1252_80_9F =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const asCp1252 = (s: string) => Array.from(enc.encode(s), (b) => (b >= 0x80 && b <= 0x9f ? CP1252_80_9F[b - 0x80]! : String.fromCharCode(b))).join('');
const asLatin1 = (s: string) => Array.from(enc.encode(s), (b) => String.fromCharCode(b)).join('');

/** Real names and addresses covering all five tone marks, ă â đ ê ô ơ ư, upper and lower case. */
const SAMPLES = [
  'Nguyễn Văn Anh',
  'Trần Thị Bích Ngọc',
  'Lê Hoàng Phúc',
  'Phạm Thị Hồng Nhung',
  'Hoàng Đức Thắng',
  'Vũ Thị Thuỷ',
  'Đặng Quốc Việt',
  'Bùi Thị Ẩn',
  'Đỗ Hữu Lộc',
  'Huỳnh Ngọc Ửng',
  'Ngô Thị Mỹ Duyên',
  'Dương Quang Tuấn',
  'Số 12 Đường Lê Lợi, Phường Bến Thành, Quận 1, Thành phố Hồ Chí Minh',
  'Thôn Đông, Xã Ỷ La, Tỉnh Tuyên Quang',
  'Tổ 5, Phường Ngọc Hà, Quận Ba Đình, Hà Nội',
  'Ấp Mỹ Lợi, Xã Phước Hưng, Huyện Long Điền, Bà Rịa – Vũng Tàu',
  'NGUYỄN THỊ ÁNH TUYẾT',
  'ĐƯỜNG TRƯỜNG CHINH, QUẬN TÂN BÌNH',
];

describe('text integrity: clean UTF-8', () => {
  it.each(SAMPLES)('%s decodes unchanged', (s) => {
    expect(decodeScanBytes(enc.encode(s))).toEqual({ ok: true, text: s, repaired: false });
  });
  it('normalises NFD input to NFC', () => {
    const nfd = 'Nguyễn Thị Ánh'.normalize('NFD');
    const r = decodeScanBytes(enc.encode(nfd));
    expect(r).toEqual({ ok: true, text: 'Nguyễn Thị Ánh'.normalize('NFC'), repaired: false });
    if (r.ok) expect(r.text).not.toBe(nfd);
  });
  it('drops a UTF-8 BOM', () => {
    expect(decodeScanBytes(Uint8Array.of(0xef, 0xbb, 0xbf, 0x41, 0x42))).toMatchObject({ ok: true, text: 'AB' });
  });
  it('rejects invalid UTF-8 with the position', () => {
    const r = decodeScanBytes(Uint8Array.of(0x41, 0x42, 0xff, 0x43));
    expect(r).toEqual({ ok: false, reason: 'invalid-utf8', detail: 'invalid UTF-8 at byte 2 (0xff)' });
    expect(decodeScanBytes(Uint8Array.of(0x41, 0xe1, 0xbb))).toMatchObject({ ok: false, reason: 'invalid-utf8' });
  });
  it('rejects empty input and control characters', () => {
    expect(decodeScanBytes(new Uint8Array(0))).toMatchObject({ ok: false, reason: 'empty' });
    expect(checkText('   ')).toMatchObject({ ok: false, reason: 'empty' });
    expect(checkText('AB\u0000CD')).toMatchObject({ ok: false, reason: 'control-characters' });
    expect(checkText('AB\u001bCD')).toMatchObject({ ok: false, reason: 'control-characters' });
  });
  it('keeps GS1 separators and rejects over-long text', () => {
    expect(checkText('0109501101530008\u001d10ABC')).toMatchObject({ ok: true });
    expect(checkText('x'.repeat(5000))).toMatchObject({ ok: false, reason: 'too-long' });
  });
  it('leaves Latin-1-only Vietnamese alone (no false repair)', () => {
    expect(checkText('Hà Giang')).toEqual({ ok: true, text: 'Hà Giang', repaired: false });
    expect(checkText('Cà Mau – Bạc Liêu')).toMatchObject({ ok: true, repaired: false });
  });
});

describe('text integrity: mojibake', () => {
  it('repairs the classic example "Nguyá»…n" (Windows-1252)', () => {
    expect(asCp1252('Nguyễn')).toBe('Nguyá»…n');
    expect(checkText('Nguyá»…n')).toEqual({ ok: true, text: 'Nguyễn', repaired: true, rounds: 1 });
  });
  it.each(SAMPLES)('repairs %s read as Windows-1252', (s) => {
    const garbled = asCp1252(s);
    expect(garbled).not.toBe(s);
    expect(checkText(garbled)).toEqual({ ok: true, text: s, repaired: true, rounds: 1 });
  });
  it.each(SAMPLES)('repairs %s read as Latin-1 (C1 controls)', (s) => {
    expect(checkText(asLatin1(s))).toMatchObject({ ok: true, text: s, repaired: true });
  });
  it('repairs "Đ" whose second byte (0x90) is undefined in Windows-1252', () => {
    const garbled = asCp1252('Đặng');
    expect(garbled.charCodeAt(1)).toBe(0x90);
    expect(checkText(garbled)).toMatchObject({ ok: true, text: 'Đặng' });
  });
  it('repairs text garbled twice', () => {
    const twice = asCp1252(asCp1252('Trần Thị Bích Ngọc'));
    expect(checkText(twice)).toEqual({ ok: true, text: 'Trần Thị Bích Ngọc', repaired: true, rounds: 2 });
  });
  it('repairs a whole CCCD QR read through a Windows-1252 keyboard layout', () => {
    const qr = '079203001234||Nguyễn Thị Ánh Tuyết|15082003|Nữ|Phường Bến Thành, Quận 1, TP Hồ Chí Minh|01072021';
    expect(checkText(asCp1252(qr))).toMatchObject({ ok: true, text: qr, repaired: true });
  });
  it('rejects mojibake where a byte was lost (replaced with "?")', () => {
    const broken = asCp1252('Nguyễn').replace('…', '?');
    expect(checkText(broken)).toMatchObject({ ok: false, reason: 'mojibake-unrepairable' });
  });
  it('rejects garbled text mixed with characters outside Windows-1252', () => {
    expect(checkText('Nguyá»…n Văn')).toMatchObject({ ok: false, reason: 'mojibake-unrepairable' });
  });
  it('rejects a "repair" that yields no Vietnamese letters', () => {
    // "Â©" is the UTF-8 of "©" read as Latin-1: decodable, but nothing Vietnamese comes out.
    expect(checkText('Copyright Â© 2024')).toMatchObject({ ok: false, reason: 'mojibake-unrepairable' });
  });
  it('helpers: Vietnamese letters and suspicious sequences', () => {
    expect(hasVietnameseLetters('Nguyen Van A')).toBe(false);
    expect(hasVietnameseLetters('Đinh')).toBe(true);
    expect(hasVietnameseLetters('José')).toBe(true); // é is a Vietnamese letter too
    expect(countSuspiciousSequences('Nguyá»…n')).toBe(1);
    expect(countSuspiciousSequences('Nguyễn')).toBe(0);
    expect(decodeCp1252(enc.encode('Nguyễn'))).toBe(asCp1252('Nguyễn'));
  });
});

describe('text integrity: properties', () => {
  const VI = 'aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđbcdghklmnpqrstvx';
  const viWord = fc.array(fc.constantFrom(...Array.from(VI + VI.toUpperCase())), { minLength: 1, maxLength: 8 }).map((cs) => cs.join(''));
  const viText = fc
    .array(viWord, { minLength: 1, maxLength: 6 })
    .map((ws) => ws.join(' '))
    .filter((s) => hasVietnameseLetters(s) && countSuspiciousSequences(s) === 0);

  it('Vietnamese text survives a Windows-1252 or Latin-1 misreading', () => {
    fc.assert(
      fc.property(viText, fc.boolean(), (s, cp1252) => {
        const garbled = cp1252 ? asCp1252(s) : asLatin1(s);
        const r = checkText(garbled);
        expect(r).toMatchObject({ ok: true, text: s.normalize('NFC') });
      }),
      { numRuns: 10_000 },
    );
  });

  it('never throws on arbitrary bytes; accepted text is NFC without bad controls', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const r = decodeScanBytes(bytes);
        if (r.ok) {
          expect(r.text).toBe(r.text.normalize('NFC'));
          expect(/[\u0000-\u0003\u0005-\u0008\u000B\u000C\u000E-\u001B\u001F\u007F-\u009F]/u.test(r.text)).toBe(false);
        } else {
          expect(typeof r.detail).toBe('string');
        }
      }),
      { numRuns: 10_000 },
    );
  });

  it('never throws on arbitrary strings, and clean UTF-8 text is never "repaired"', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => {
        const r = checkText(s);
        if (r.ok && r.repaired) expect(countSuspiciousSequences(s.normalize('NFC'))).toBeGreaterThan(0);
      }),
      { numRuns: 10_000 },
    );
  });
});
