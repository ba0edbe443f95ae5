/** EF.COM, DG1, DG2 and the Vietnamese DG13 (built here with our own TLV encoder). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concat, fromHex, toHex } from '../../drivers/idcard/protocol/bytes';
import { parseDg1, parseDg13, parseDg2, parseEfCom, parseVnDate } from '../../drivers/idcard/protocol/dg';
import { DgError } from '../../drivers/idcard/protocol/errors';
import { encodeTlv } from '../../drivers/idcard/protocol/tlv';

const te = new TextEncoder();
const utf8 = (s: string) => encodeTlv(0x0c, te.encode(s));
const printable = (s: string) => encodeTlv(0x13, te.encode(s));
const int = (n: number) => encodeTlv(0x02, Uint8Array.of(n));
const seq = (...x: Uint8Array[]) => encodeTlv(0x30, x);
const field = (n: number, ...v: Uint8Array[]) => seq(int(n), ...v);
// OID 2.23.136.1.1.13 style placeholder (content irrelevant to the parser, must round-trip as text).
const OID = encodeTlv(0x06, fromHex('6781080101'));

describe('EF.COM', () => {
  it('parses the ICAO 9303-11 D.4 EF.COM (LDS 1.6, Unicode 4.0.0, DG1 and DG2)', () => {
    const com = parseEfCom(fromHex('60145F0104303130365F36063034303030305C026175'));
    expect(com).toEqual({ ldsVersion: '1.6', unicodeVersion: '4.0.0', tags: [0x61, 0x75], dataGroups: [1, 2] });
  });
  it('the vicc default tag list for DG1 + DG13', () => {
    const com = parseEfCom(encodeTlv(0x60, [encodeTlv(0x5f01, te.encode('0107')), encodeTlv(0x5c, fromHex('616D'))]));
    expect(com.dataGroups).toEqual([1, 13]);
    expect(com.ldsVersion).toBe('1.7');
  });
  it('wrong tag and garbage are DgError', () => {
    expect(() => parseEfCom(fromHex('61025C00'))).toThrow(expect.objectContaining({ code: 'wrong-tag' }));
    expect(() => parseEfCom(fromHex('6005'))).toThrow(expect.objectContaining({ code: 'bad-structure' }));
    expect(() => parseEfCom(fromHex('6000'))).toThrow(DgError);
  });
});

describe('DG1', () => {
  it('reads the MRZ inside 61 / 5F1F and parses it', () => {
    const mrz = 'IDVNM3456789013012345678901<<8' + '9001011M3001019VNM<<<<<<<<<<<4' + 'NGUYEN<<VAN<A<<<<<<<<<<<<<<<<<';
    const dg1 = parseDg1(encodeTlv(0x61, encodeTlv(0x5f1f, te.encode(mrz))));
    expect(dg1.mrzText).toBe(mrz);
    expect(dg1.mrz.ok && dg1.mrz.mrz.vietnam?.personalId).toBe('012345678901');
  });
  it('a DG1 with a broken MRZ still parses, with the failed check', () => {
    const mrz = 'IDVNM3456789014012345678901<<8' + '9001011M3001019VNM<<<<<<<<<<<4' + 'NGUYEN<<VAN<A<<<<<<<<<<<<<<<<<';
    const dg1 = parseDg1(encodeTlv(0x61, encodeTlv(0x5f1f, te.encode(mrz))));
    expect(dg1.mrz.ok ? 'ok' : dg1.mrz.error.check).toBe('documentNumber');
  });
});

// DG2 as vicc builds it (its CardGenerator): ISO 19794-5 header, then the image.
function viccDg2(image: Uint8Array, w = 240, h = 320, imageDataType = 1): Uint8Array {
  const u32 = (n: number) => Uint8Array.of(n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
  const u16 = (n: number) => Uint8Array.of(n >> 8, n & 0xff);
  const length = 32 + image.length;
  const frh = concat(te.encode('FAC\x00010\x00'), u32(14 + length), u16(1));
  const fib = concat(u32(length), new Uint8Array(16));
  const iib = concat(Uint8Array.of(0x00, imageDataType), u16(w), u16(h), new Uint8Array(6));
  const bht = encodeTlv(0xa1, fromHex('870201018802 0501'.replace(' ', '')));
  const bit = encodeTlv(0x7f60, [bht, encodeTlv(0x5f2e, concat(frh, fib, iib, image))]);
  return encodeTlv(0x75, encodeTlv(0x7f61, [int(1), bit]));
}
const JPEG = concat(fromHex('FFD8FFE000104A46494600'), new Uint8Array(500).fill(7), fromHex('FFD9'));
const JP2 = concat(fromHex('0000000C6A5020200D0A870A'), new Uint8Array(300).fill(3));
const J2K = concat(fromHex('FF4FFF51'), new Uint8Array(100).fill(1));

describe('DG2', () => {
  it('finds the JPEG in the vicc 19794-5 wrapper (which labels it JPEG 2000) with its size', () => {
    const img = parseDg2(viccDg2(JPEG));
    expect(img.mimeType).toBe('image/jpeg');
    expect(toHex(img.bytes)).toBe(toHex(JPEG));
    expect(img.width).toBe(240);
    expect(img.height).toBe(320);
  });
  it('finds JPEG 2000 (JP2 file and raw codestream)', () => {
    expect(parseDg2(viccDg2(JP2)).mimeType).toBe('image/jp2');
    expect(toHex(parseDg2(viccDg2(JP2)).bytes)).toBe(toHex(JP2));
    expect(parseDg2(viccDg2(J2K)).format).toBe('j2k');
  });
  it('without a 19794-5 header, searches the biometric data block', () => {
    const dg2 = encodeTlv(0x75, encodeTlv(0x7f61, [int(1), encodeTlv(0x7f60, encodeTlv(0x5f2e, concat(fromHex('0102030405'), JPEG)))]));
    expect(toHex(parseDg2(dg2).bytes)).toBe(toHex(JPEG));
  });
  it('no image is DgError no-image', () => {
    const dg2 = encodeTlv(0x75, encodeTlv(0x7f61, [int(1), encodeTlv(0x7f60, encodeTlv(0x5f2e, fromHex('0102030405')))]));
    expect(() => parseDg2(dg2)).toThrow(expect.objectContaining({ code: 'no-image' }));
    expect(() => parseDg2(encodeTlv(0x75, encodeTlv(0x7f61, int(1))))).toThrow(expect.objectContaining({ code: 'no-image' }));
  });
});

describe('DG13', () => {
  const NAME = 'Nguyễn Văn An';
  const full = encodeTlv(
    0x6d,
    seq(
      int(1),
      OID,
      encodeTlv(0x31, [
        field(1, printable('001090012345')),
        field(2, utf8(NAME)),
        field(3, printable('01/01/1990')),
        field(4, utf8('Nam')),
        field(5, utf8('Việt Nam')),
        field(6, utf8('Kinh')),
        field(7, utf8('Không')),
        field(8, utf8('Xã Đông Anh, Hà Nội')),
        field(9, utf8('Số 1 Phố Huế, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội')),
        field(10, utf8('Nốt ruồi C:2cm trên trước mép phải')),
        field(11, printable('15082021')),
        field(12, utf8('Không thời hạn')),
        field(13, seq(utf8('Nguyễn Văn Bình')), seq(utf8('Trần Thị Cúc'))),
        field(14, utf8('')),
        field(15, printable('012345678')),
        field(16, printable('ABC123')),
        field(42, encodeTlv(0x04, fromHex('DEADBEEF'))),
      ]),
    ),
  );

  it('reads every field by number, with diacritics', () => {
    const d = parseDg13(full);
    expect(d).toMatchObject({
      version: 1,
      oid: '2.23.136.1.1',
      personalId: '001090012345',
      fullName: NAME,
      birthDate: { text: '01/01/1990', iso: '1990-01-01' },
      sex: { text: 'Nam', code: 'M' },
      nationality: 'Việt Nam',
      ethnicity: 'Kinh',
      religion: 'Không',
      placeOfOrigin: 'Xã Đông Anh, Hà Nội',
      permanentResidence: 'Số 1 Phố Huế, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội',
      identifyingMarks: 'Nốt ruồi C:2cm trên trước mép phải',
      issueDate: { text: '15082021', iso: '2021-08-15' },
      expiryDate: { text: 'Không thời hạn', noExpiry: true },
      fatherName: 'Nguyễn Văn Bình',
      motherName: 'Trần Thị Cúc',
      legacyIdNumber: '012345678',
    });
    expect(d.spouseName).toBeUndefined(); // empty is absent
    expect(d.otherFields.map((f) => f.field)).toEqual([16, 42]);
    expect(d.otherFields[0]?.text).toBe('ABC123');
    expect(toHex(d.otherFields[1]?.raw ?? new Uint8Array())).toBe('0404DEADBEEF');
  });

  it('does not depend on order, and missing fields are absent', () => {
    const dg = encodeTlv(0x6d, seq(int(1), OID, encodeTlv(0x31, [field(4, utf8('Nữ')), field(2, utf8('Lê Thị Hoa'))])));
    const d = parseDg13(dg);
    expect(d.fullName).toBe('Lê Thị Hoa');
    expect(d.sex).toEqual({ text: 'Nữ', code: 'F' });
    expect('birthDate' in d).toBe(false);
    expect('religion' in d).toBe(false);
  });

  it('normalises decomposed (NFD) text to NFC', () => {
    const nfd = NAME.normalize('NFD');
    expect(nfd).not.toBe(NAME);
    const d = parseDg13(encodeTlv(0x6d, seq(int(1), OID, encodeTlv(0x31, field(2, utf8(nfd))))));
    expect(d.fullName).toBe(NAME);
  });

  it('also accepts fields not wrapped in the SET, or directly under 6D, and parents as two strings', () => {
    const loose = encodeTlv(0x6d, seq(int(1), OID, field(2, utf8(NAME)), field(13, utf8('Cha'), utf8('Mẹ'))));
    expect(parseDg13(loose)).toMatchObject({ fullName: NAME, fatherName: 'Cha', motherName: 'Mẹ' });
    const noOid = encodeTlv(0x6d, seq(int(1), encodeTlv(0x31, [field(1, printable('001090012345')), field(2, utf8(NAME))])));
    expect(parseDg13(noOid)).toMatchObject({ personalId: '001090012345', fullName: NAME, otherFields: [] });
    const bare = encodeTlv(0x6d, [field(1, printable('001090012345')), field(3, printable('31121999'))]);
    expect(parseDg13(bare)).toMatchObject({ personalId: '001090012345', birthDate: { iso: '1999-12-31' } });
  });

  it('dates: ddMMyyyy and dd/MM/yyyy; impossible dates keep only the text', () => {
    expect(parseVnDate('29022024').iso).toBe('2024-02-29');
    expect(parseVnDate('29/02/2023').iso).toBeUndefined();
    expect(parseVnDate('32/01/2023')).toEqual({ text: '32/01/2023' });
    expect(parseVnDate('KHÔNG THỜI HẠN').noExpiry).toBe(true);
  });

  it('garbage and wrong tags are DgError only', () => {
    expect(() => parseDg13(fromHex('6E00'))).toThrow(expect.objectContaining({ code: 'wrong-tag' }));
    expect(parseDg13(fromHex('6D00')).otherFields).toEqual([]);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), fc.integer({ min: 0, max: 255 }), (junk, pos, b) => {
        const mutated = new Uint8Array(full);
        mutated[pos % full.length] = b;
        for (const bytes of [concat(fromHex('6D'), junk), junk, mutated, full.subarray(0, pos % full.length)]) {
          for (const parse of [parseDg13, parseDg1, parseDg2, parseEfCom]) {
            try {
              parse(bytes);
            } catch (e) {
              expect(e).toBeInstanceOf(DgError);
            }
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
