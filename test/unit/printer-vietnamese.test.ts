/**
 * Vietnamese encodings against independent references:
 * - Windows-1258: Node's TextDecoder('windows-1258') (ICU / WHATWG Encoding Standard), an
 *   implementation we did not write, plus spot vectors from CP1258.TXT.
 * - TCVN-3: the TCVN 5712 table of GNU libiconv (lib/tcvn.h, tcvn_2uni_2, 0x80..0xFF), copied
 *   below as code points; VN3 is the part of it our encoder uses. The upper-case page (Epson
 *   ESC t 31) is checked against the TCVN-3-2 table of the `vncharset` Java provider.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CP1258_HIGH,
  VIETNAMESE_TONES,
  VIETNAMESE_VOWELS,
  decodeCp1258,
  decodeTcvn3,
  encodeCp1258,
  encodeTcvn3,
  encodeTcvn3Runs,
  vietnameseLowerLetters,
} from '../../drivers/printer/protocol/vietnamese';

const icu = new TextDecoder('windows-1258');
const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

/**
 * The 134 Vietnamese letters: 12 vowels (a ă â e ê i o ô ơ u ư y) x 6 tones (level, grave,
 * acute, hook above, tilde, dot below) = 72 lower-case forms, of which the 6 plain vowels a e i o
 * u y are ASCII, leaving 66; plus đ = 67 lower-case letters outside ASCII; 67 upper-case too:
 * 134. (With the 6 ASCII vowels the full set of vowel forms plus đ is 73 per case.)
 */
const lower = vietnameseLowerLetters();
const allForms = [...lower, ...lower.map((c) => c.toUpperCase())];
const nonAscii = allForms.filter((c) => (c.codePointAt(0) ?? 0) > 0x7f);

describe('the alphabet', () => {
  it('counts 12 x 6 + đ per case, 134 outside ASCII', () => {
    expect(VIETNAMESE_VOWELS.length * VIETNAMESE_TONES.length).toBe(72);
    expect(lower.length).toBe(73);
    expect(new Set(allForms).size).toBe(146);
    expect(nonAscii.length).toBe(134);
    expect(nonAscii.filter((c) => c === c.toLowerCase()).length).toBe(67);
    // every form is one precomposed code point in NFC
    for (const c of allForms) expect(Array.from(c).length, c).toBe(1);
  });
});

describe('Windows-1258', () => {
  it('our table of 0x80..0xFF equals ICU where CP1258.TXT defines a byte', () => {
    const undefinedBytes = [0x81, 0x8a, 0x8d, 0x8e, 0x8f, 0x90, 0x9a, 0x9d, 0x9e];
    for (let b = 0x80; b <= 0xff; b++) {
      const ours = CP1258_HIGH[b - 0x80];
      const theirs = icu.decode(Uint8Array.of(b)).codePointAt(0);
      if (undefinedBytes.includes(b)) {
        expect(ours, b.toString(16)).toBe(-1);
        expect(theirs, b.toString(16)).toBe(b); // WHATWG maps the holes to C1 controls
      } else {
        expect(ours, b.toString(16)).toBe(theirs);
      }
    }
  });
  it('spot vectors from CP1258.TXT', () => {
    const v: [number, number][] = [
      [0xc3, 0x0102],
      [0xe3, 0x0103],
      [0xd0, 0x0110],
      [0xf0, 0x0111],
      [0xd5, 0x01a0],
      [0xf5, 0x01a1],
      [0xdd, 0x01af],
      [0xfd, 0x01b0],
      [0xcc, 0x0300],
      [0xec, 0x0301],
      [0xd2, 0x0309],
      [0xde, 0x0303],
      [0xf2, 0x0323],
      [0xfe, 0x20ab],
      [0x80, 0x20ac],
    ];
    for (const [b, cp] of v) expect(CP1258_HIGH[b - 0x80], b.toString(16)).toBe(cp);
  });
  it.each(allForms)('%s round-trips through ICU', (c) => {
    const r = encodeCp1258(c);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(icu.decode(r.bytes).normalize('NFC')).toBe(c);
    expect(decodeCp1258(r.bytes)).toBe(c);
    expect(r.columns).toBe(1);
  });
  it('NFD input encodes to the same bytes as NFC input', () => {
    for (const c of allForms) {
      const a = encodeCp1258(c);
      const b = encodeCp1258(c.normalize('NFD'));
      expect(a.ok && b.ok && hex(a.bytes) === hex(b.bytes), c).toBe(true);
    }
  });
  it('byte vectors: precomposed where cp1258 has it, base + tone mark otherwise', () => {
    const v = (s: string): string => {
      const r = encodeCp1258(s);
      return r.ok ? hex(r.bytes) : `unencodable ${r.unencodable.join('')}`;
    };
    expect(v('à')).toBe('e0');
    expect(v('Đ')).toBe('d0');
    expect(v('ư')).toBe('fd');
    expect(v('ấ')).toBe('e2 ec'); // â + acute
    expect(v('ặ')).toBe('e3 f2'); // ă + dot below (NFD is a U+0323 U+0306)
    expect(v('Ợ')).toBe('d5 f2'); // Ơ + dot below
    expect(v('ỹ')).toBe('79 de'); // y + tilde
    expect(v('Ì')).toBe('49 cc'); // no precomposed Ì in cp1258
    expect(v('õ')).toBe('6f de');
    expect(v('ử')).toBe('fd d2');
    expect(v('Hồ sơ')).toBe('48 f4 cc 20 73 f5');
    expect(v('10.000₫')).toBe('31 30 2e 30 30 30 fe');
  });
  it('two marks of the same class keep their order: Ṍ is O, tilde, acute, not Ó then tilde (found by the property below)', () => {
    const r = encodeCp1258('Ṍ');
    expect(r.ok && hex(r.bytes)).toBe('4f de ec');
    expect(decodeCp1258(Uint8Array.from([0x4f, 0xde, 0xec]))).toBe('Ṍ');
  });
  it('columns do not count tone mark bytes', () => {
    const r = encodeCp1258('Nguyễn Văn Đức');
    expect(r.ok && r.columns).toBe(14);
  });
  it('names unencodable characters, never substitutes', () => {
    expect(encodeCp1258('Tên: 王 and ✓ 王')).toEqual({ ok: false, unencodable: ['王', '✓'] });
    expect(encodeCp1258('a\x1b@b\n')).toEqual({ ok: false, unencodable: ['\x1b', '\n'] });
    expect(encodeCp1258('\u0085')).toEqual({ ok: false, unencodable: ['\u0085'] });
  });
});

/** GNU libiconv lib/tcvn.h, tcvn_2uni_2: TCVN 5712 bytes 0x80..0xFF. */
// prettier-ignore
const LIBICONV_TCVN_80_FF = [
  0x00c0, 0x1ea2, 0x00c3, 0x00c1, 0x1ea0, 0x1eb6, 0x1eac, 0x00c8, 0x1eba, 0x1ebc, 0x00c9, 0x1eb8, 0x1ec6, 0x00cc, 0x1ec8, 0x0128,
  0x00cd, 0x1eca, 0x00d2, 0x1ece, 0x00d5, 0x00d3, 0x1ecc, 0x1ed8, 0x1edc, 0x1ede, 0x1ee0, 0x1eda, 0x1ee2, 0x00d9, 0x1ee6, 0x0168,
  0x00a0, 0x0102, 0x00c2, 0x00ca, 0x00d4, 0x01a0, 0x01af, 0x0110, 0x0103, 0x00e2, 0x00ea, 0x00f4, 0x01a1, 0x01b0, 0x0111, 0x1eb0,
  0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00e0, 0x1ea3, 0x00e3, 0x00e1, 0x1ea1, 0x1eb2, 0x1eb1, 0x1eb3, 0x1eb5, 0x1eaf, 0x1eb4,
  0x1eae, 0x1ea6, 0x1ea8, 0x1eaa, 0x1ea4, 0x1ec0, 0x1eb7, 0x1ea7, 0x1ea9, 0x1eab, 0x1ea5, 0x1ead, 0x00e8, 0x1ec2, 0x1ebb, 0x1ebd,
  0x00e9, 0x1eb9, 0x1ec1, 0x1ec3, 0x1ec5, 0x1ebf, 0x1ec7, 0x00ec, 0x1ec9, 0x1ec4, 0x1ebe, 0x1ed2, 0x0129, 0x00ed, 0x1ecb, 0x00f2,
  0x1ed4, 0x1ecf, 0x00f5, 0x00f3, 0x1ecd, 0x1ed3, 0x1ed5, 0x1ed7, 0x1ed1, 0x1ed9, 0x1edd, 0x1edf, 0x1ee1, 0x1edb, 0x1ee3, 0x00f9,
  0x1ed6, 0x1ee7, 0x0169, 0x00fa, 0x1ee5, 0x1eeb, 0x1eed, 0x1eef, 0x1ee9, 0x1ef1, 0x1ef3, 0x1ef7, 0x1ef9, 0x00fd, 0x1ef5, 0x1ed0,
];
const libiconvDecode = (b: Uint8Array): string => Array.from(b, (x) => String.fromCodePoint(x < 0x80 ? x : (LIBICONV_TCVN_80_FF[x - 0x80] ?? 0xfffd))).join('');

describe('TCVN-3 (VN3)', () => {
  const lowerNonAscii = nonAscii.filter((c) => c === c.toLowerCase());
  it.each(lowerNonAscii)('%s encodes to one byte that libiconv decodes back', (c) => {
    const r = encodeTcvn3(c);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.bytes.length).toBe(1);
    expect(r.bytes[0]).toBeGreaterThanOrEqual(0xa1);
    expect(libiconvDecode(r.bytes)).toBe(c);
    expect(decodeTcvn3(r.bytes)).toBe(c);
  });
  it('the 7 upper-case base letters at 0xA1..0xA7, the 60 toned upper-case letters not in VN3', () => {
    const r = encodeTcvn3('ĂÂÊÔƠƯĐ');
    expect(r.ok && hex(r.bytes)).toBe('a1 a2 a3 a4 a5 a6 a7');
    const toned = nonAscii.filter((c) => c !== c.toLowerCase() && !'ĂÂÊÔƠƯĐ'.includes(c));
    expect(toned.length).toBe(60);
    for (const c of toned) expect(encodeTcvn3(c), c).toEqual({ ok: false, unencodable: [c] });
  });
  it('byte vectors', () => {
    const r = encodeTcvn3('hộp mứt tết');
    expect(r.ok && hex(r.bytes)).toBe('68 e9 70 20 6d f8 74 20 74 d5 74');
    expect(r.ok && libiconvDecode(r.bytes)).toBe('hộp mứt tết');
  });
  it('NFD input is accepted', () => {
    const r = encodeTcvn3('tiếng việt'.normalize('NFD'));
    expect(r.ok && libiconvDecode(r.bytes)).toBe('tiếng việt');
  });
  it('never substitutes', () => {
    expect(encodeTcvn3('giá 10.000₫')).toEqual({ ok: false, unencodable: ['₫'] });
    expect(encodeTcvn3('a\tb')).toEqual({ ok: false, unencodable: ['\t'] });
  });

  /** `vncharset` TCVN-3-2 (Epson ESC t 31): the upper-case letters, by byte. */
  const UPPER_PAGE: Record<number, string> = {
    0xa1: 'Ă',
    0xa2: 'Â',
    0xa7: 'Đ',
    0xaa: 'Ê',
    0xab: 'Ô',
    0xac: 'Ơ',
    0xad: 'Ư',
    0xb5: 'À',
    0xb6: 'Ả',
    0xb7: 'Ã',
    0xb8: 'Á',
    0xb9: 'Ạ',
    0xbb: 'Ằ',
    0xbc: 'Ẳ',
    0xbd: 'Ẵ',
    0xbe: 'Ắ',
    0xc6: 'Ặ',
    0xc7: 'Ầ',
    0xc8: 'Ẩ',
    0xc9: 'Ẫ',
    0xca: 'Ấ',
    0xcb: 'Ậ',
    0xcc: 'È',
    0xce: 'Ẻ',
    0xcf: 'Ẽ',
    0xd0: 'É',
    0xd1: 'Ẹ',
    0xd2: 'Ề',
    0xd3: 'Ể',
    0xd4: 'Ễ',
    0xd5: 'Ế',
    0xd6: 'Ệ',
    0xd7: 'Ì',
    0xd8: 'Ỉ',
    0xdc: 'Ĩ',
    0xdd: 'Í',
    0xde: 'Ị',
    0xdf: 'Ò',
    0xe1: 'Ỏ',
    0xe2: 'Õ',
    0xe3: 'Ó',
    0xe4: 'Ọ',
    0xe5: 'Ồ',
    0xe6: 'Ổ',
    0xe7: 'Ỗ',
    0xe8: 'Ố',
    0xe9: 'Ộ',
    0xea: 'Ờ',
    0xeb: 'Ở',
    0xec: 'Ỡ',
    0xed: 'Ớ',
    0xee: 'Ợ',
    0xef: 'Ù',
    0xf1: 'Ủ',
    0xf2: 'Ũ',
    0xf3: 'Ú',
    0xf4: 'Ụ',
    0xf5: 'Ừ',
    0xf6: 'Ử',
    0xf7: 'Ữ',
    0xf8: 'Ứ',
    0xf9: 'Ự',
    0xfa: 'Ỳ',
    0xfb: 'Ỷ',
    0xfc: 'Ỹ',
    0xfd: 'Ý',
    0xfe: 'Ỵ',
  };
  it('two pages: every one of the 134 letters, upper case on the upper page', () => {
    expect(Object.keys(UPPER_PAGE).length).toBe(67);
    for (const c of nonAscii) {
      const r = encodeTcvn3Runs(c);
      expect(r.ok, c).toBe(true);
      if (!r.ok) continue;
      const [run] = r.runs;
      const upper = c !== c.toLowerCase();
      expect(run?.page, c).toBe(upper ? 'upper' : 'lower');
      const b = run?.bytes[0] ?? 0;
      expect(upper ? UPPER_PAGE[b] : libiconvDecode(Uint8Array.of(b)), c).toBe(c);
    }
  });
  it('runs switch pages only for non-ASCII upper case', () => {
    const r = encodeTcvn3Runs('TRUNG TÂM Phục vụ');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.runs.map((x) => [x.page, hex(x.bytes)])).toEqual([
      ['lower', '54 52 55 4e 47 20 54'],
      ['upper', 'a2 4d 20 50 68'],
      ['lower', 'f4 63 20 76 f4'],
    ]);
    expect(r.runs.map((x) => decodeTcvn3(x.bytes, x.page)).join('')).toBe('TRUNG TÂM Phục vụ');
  });
});

describe('properties', () => {
  const viText = fc
    .array(fc.oneof(fc.constantFrom(...allForms, ' ', 'đ', 'Đ', 'b', 'ng', '0', '.', '₫', '\u0301', '\u0323'), fc.string({ unit: 'binary' })), {
      maxLength: 20,
    })
    .map((a) => a.join(''));
  it('cp1258: encode succeeds and round-trips, or names exactly the characters it cannot encode', () => {
    fc.assert(
      fc.property(viText, (s) => {
        const r = encodeCp1258(s);
        const nfc = s.normalize('NFC');
        if (r.ok) {
          expect(icu.decode(r.bytes).normalize('NFC')).toBe(nfc);
          expect(r.bytes.includes(0x3f) ? nfc.includes('?') : true).toBe(true);
        } else {
          expect(r.unencodable.length).toBeGreaterThan(0);
          for (const ch of r.unencodable) {
            expect(nfc.includes(ch)).toBe(true);
            expect(encodeCp1258(ch).ok).toBe(false);
          }
          // removing them makes the rest encodable
          const rest = Array.from(nfc)
            .filter((ch) => !r.unencodable.includes(ch))
            .join('');
          expect(encodeCp1258(rest).ok).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
  it('tcvn3: same contract', () => {
    fc.assert(
      fc.property(viText, (s) => {
        const r = encodeTcvn3(s);
        const nfc = s.normalize('NFC');
        if (r.ok) expect(libiconvDecode(r.bytes)).toBe(nfc);
        else {
          for (const ch of r.unencodable) expect(encodeTcvn3(ch).ok).toBe(false);
          const rest = Array.from(nfc)
            .filter((ch) => !r.unencodable.includes(ch))
            .join('');
          expect(encodeTcvn3(rest).ok).toBe(true);
        }
        const runs = encodeTcvn3Runs(s);
        if (runs.ok) expect(runs.runs.map((x) => decodeTcvn3(x.bytes, x.page)).join('')).toBe(nfc);
      }),
      { numRuns: 1000 },
    );
  });
});
