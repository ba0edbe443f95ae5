/** MRZ check digits and TD1/TD2/TD3 parsing, ICAO 9303 specimens and a synthetic CCCD. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MrzError } from '../../drivers/idcard/protocol/errors';
import { bacKeyFromMrz, checkDigit, mrzInfo, parseMrz, type ParsedMrz } from '../../drivers/idcard/protocol/mrz';

const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'];
// The older TD3 specimen whose key seed input is the one of the 9303-11 Appendix D example.
const TD3_OLD = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C<3UTO6908061F9406236ZE184226B<<<<<14'];
// Synthetic CCCD from the vicc README; its check digits were recomputed and are correct.
const VN = ['IDVNM3456789013012345678901<<8', '9001011M3001019VNM<<<<<<<<<<<4', 'NGUYEN<<VAN<A<<<<<<<<<<<<<<<<<'];

function ok(input: string | string[]): ParsedMrz {
  const r = parseMrz(input);
  if (!r.ok) throw new Error(`expected a valid MRZ, got ${r.error.code}`);
  return r.mrz;
}
function failure(input: string | string[]): string {
  const r = parseMrz(input);
  if (r.ok) throw new Error('expected an invalid MRZ');
  expect(r.error).toBeInstanceOf(MrzError);
  return r.error.check;
}
function setChar(lines: string[], line: number, col: number, c: string): string[] {
  const out = [...lines];
  const l = out[line] as string;
  out[line] = l.slice(0, col) + c + l.slice(col + 1);
  return out;
}
/** A different digit at that position. */
function bump(lines: string[], line: number, col: number): string[] {
  const c = (lines[line] as string)[col] as string;
  return setChar(lines, line, col, c === '<' ? '1' : String((Number(c) + 1) % 10));
}

describe('check digit', () => {
  it('uses weights 7,3,1 with A-Z = 10-35 and < = 0', () => {
    expect(checkDigit('L898902C3')).toBe('6');
    expect(checkDigit('D23145890')).toBe('7');
    expect(checkDigit('740812')).toBe('2');
    expect(checkDigit('120415')).toBe('9');
    expect(checkDigit('ZE184226B<<<<<')).toBe('1');
    expect(checkDigit('L898902C<')).toBe('3');
    expect(checkDigit('<<<<<<')).toBe('0');
    expect(checkDigit('A')).toBe('0'); // 10 * 7 = 70
    expect(checkDigit('Z')).toBe('5'); // 35 * 7 = 245
    expect(() => checkDigit('a')).toThrow(MrzError);
  });
});

describe('TD1', () => {
  it('parses the ICAO specimen', () => {
    const m = ok(TD1);
    expect(m).toMatchObject({
      format: 'TD1',
      documentCode: 'I',
      issuingState: 'UTO',
      documentNumber: 'D23145890',
      birthDate: '740812',
      sex: 'F',
      expiryDate: '120415',
      nationality: 'UTO',
      surname: 'ERIKSSON',
      givenNames: 'ANNA MARIA',
    });
    expect(m.vietnam).toBeUndefined();
  });

  it('accepts one 90-character string and newline-separated text', () => {
    expect(ok(TD1.join('')).documentNumber).toBe('D23145890');
    expect(ok(TD1.join('\n') + '\n').documentNumber).toBe('D23145890');
  });

  it('names the check that failed', () => {
    expect(failure(bump(TD1, 0, 14))).toBe('documentNumber');
    expect(failure(bump(TD1, 1, 6))).toBe('birthDate');
    expect(failure(bump(TD1, 1, 14))).toBe('expiryDate');
    expect(failure(bump(TD1, 1, 29))).toBe('composite');
    // Changing optional data leaves the field digits right but breaks the composite.
    expect(failure(setChar(TD1, 0, 20, 'X'))).toBe('composite');
    expect(failure(setChar(TD1, 1, 2, '1'))).toBe('birthDate'); // month 18
    expect(failure(setChar(TD1, 1, 7, 'Q'))).toBe('format');
    expect(failure(setChar(TD1, 2, 3, '-'))).toBe('charset');
    expect(ok(setChar(TD1, 2, 3, 'k')).surname).toBe('ERIKSSON'); // lower case is upper-cased
    expect(failure(TD1.slice(0, 2))).toBe('format');
  });

  it('reads a long document number continued in the optional data (9303-5)', () => {
    // Document number D23145890734, check digit 9: first 9 characters, '<', then "734" + "9".
    const l1 = 'I<UTOD23145890<7349<<<<<<<<<<<';
    const l2base = '7408122F1204159UTO<<<<<<<<<<<';
    const composite = checkDigit(l1.slice(5, 30) + l2base.slice(0, 7) + l2base.slice(8, 15) + l2base.slice(18, 29));
    const lines = [l1, l2base + composite, TD1[2] as string];
    const m = ok(lines);
    expect(m.documentNumber).toBe('D23145890734');
    expect(m.documentNumberCheckDigit).toBe('9');
    expect(m.optionalData).toBe('');
    expect(bacKeyFromMrz(m)).toBe('D23145890734' + '9' + '7408122' + '1204159');
    expect(failure(setChar(lines, 0, 18, '8'))).toBe('documentNumber');
  });

  it('expiry of fillers is "no expiry"', () => {
    const l2 = '7408122F<<<<<<<UTO<<<<<<<<<<<';
    const lines = [TD1[0] as string, l2 + checkDigit((TD1[0] as string).slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29)), TD1[2] as string];
    expect(ok(lines).expiryDate).toBeNull();
  });
});

describe('TD3 and TD2', () => {
  it('parses the ICAO TD3 specimen with the personal number', () => {
    const m = ok(TD3);
    expect(m).toMatchObject({ format: 'TD3', documentCode: 'P', documentNumber: 'L898902C3', optionalData: 'ZE184226B', sex: 'F' });
    expect(m.surname).toBe('ERIKSSON');
    expect(m.givenNames).toBe('ANNA MARIA');
  });

  it('names the failed TD3 check', () => {
    expect(failure(bump(TD3, 1, 9))).toBe('documentNumber');
    expect(failure(bump(TD3, 1, 19))).toBe('birthDate');
    expect(failure(bump(TD3, 1, 27))).toBe('expiryDate');
    expect(failure(bump(TD3, 1, 42))).toBe('personalNumber');
    expect(failure(bump(TD3, 1, 43))).toBe('composite');
  });

  it('gives the 9303-11 Appendix D MRZ information from the old TD3 specimen', () => {
    const m = ok(TD3_OLD);
    expect(m.documentNumber).toBe('L898902C');
    expect(bacKeyFromMrz(m)).toBe('L898902C<369080619406236');
  });

  it('parses the TD2 specimen', () => {
    expect(ok(TD2)).toMatchObject({ format: 'TD2', documentNumber: 'D23145890', birthDate: '740812', expiryDate: '120415' });
    expect(failure(bump(TD2, 1, 35))).toBe('composite');
  });
});

describe('Vietnamese CCCD (TD1, VNM)', () => {
  it('parses the synthetic card with every check digit', () => {
    const m = ok(VN);
    expect(m).toMatchObject({
      documentCode: 'ID',
      issuingState: 'VNM',
      documentNumber: '345678901',
      birthDate: '900101',
      sex: 'M',
      expiryDate: '300101',
      surname: 'NGUYEN',
      givenNames: 'VAN A',
      vietnam: { personalId: '012345678901', personalIdCheckDigitOk: true },
    });
    expect(checkDigit('012345678901')).toBe('8');
    expect(bacKeyFromMrz(m)).toBe('345678901' + '3' + '900101' + '1' + '300101' + '9');
    expect(bacKeyFromMrz(m)).toBe(mrzInfo('345678901', '900101', '300101'));
  });

  it('refuses an ID whose last 9 digits are not the document number', () => {
    // Change one digit of the 12-digit ID (inside the first 3, so the last 9 still match) → composite only.
    const first3 = setChar(VN, 0, 16, '2');
    expect(failure(first3)).toBe('composite');
    // Change a digit in the last 9 and repair the composite: the Vietnamese rule catches it.
    const l1 = setChar(VN, 0, 20, '9')[0] as string;
    const l2 = (VN[1] as string).slice(0, 29);
    const composite = checkDigit(l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29));
    expect(failure([l1, l2 + composite, VN[2] as string])).toBe('personalId');
  });

  it('reports (without failing) a wrong digit after the ID', () => {
    const l1 = setChar(VN, 0, 29, '7')[0] as string;
    const l2 = (VN[1] as string).slice(0, 29);
    const composite = checkDigit(l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29));
    expect(ok([l1, l2 + composite, VN[2] as string]).vietnam?.personalIdCheckDigitOk).toBe(false);
  });
});

describe('mrzInfo', () => {
  it('pads short document numbers with < to 9', () => {
    expect(mrzInfo('L898902C', '690806', '940623')).toBe('L898902C<369080619406236');
    expect(mrzInfo('345678901', '900101', '300101')).toBe('3456789013' + '9001011' + '3001019');
  });
  it('rejects bad dates and numbers with a typed error', () => {
    expect(() => mrzInfo('L898902C', '691306', '940623')).toThrow(expect.objectContaining({ code: 'birthDate' }));
    expect(() => mrzInfo('L898902C', '690806', '9406')).toThrow(expect.objectContaining({ code: 'expiryDate' }));
    expect(() => mrzInfo('', '690806', '940623')).toThrow(MrzError);
  });
});

describe('the parser never throws', () => {
  it('on arbitrary strings and arrays', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 4 }), fc.string({ unit: 'binary' })), (s) => {
        const r = parseMrz(s);
        if (!r.ok) expect(r.error).toBeInstanceOf(MrzError);
      }),
      { numRuns: 500 },
    );
  });
  it('on MRZ-shaped strings of the MRZ alphabet', () => {
    const ch = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<<<<<'.split(''));
    const line = (n: number) => fc.array(ch, { minLength: n, maxLength: n }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.tuple(line(30), line(30), line(30)), fc.tuple(line(44), line(44)), fc.tuple(line(36), line(36))), (lines) => {
        const r = parseMrz(lines);
        if (!r.ok) expect(r.error).toBeInstanceOf(MrzError);
      }),
      { numRuns: 500 },
    );
  });
  it('on mutations of valid MRZs: either valid or a named check', () => {
    fc.assert(
      fc.property(fc.constantFrom(TD1, TD3, VN, TD2), fc.nat(), fc.constantFrom(...'0123456789ABCZ<'.split('')), (lines, pos, c) => {
        const all = lines.join('');
        const p = pos % all.length;
        const r = parseMrz(all.slice(0, p) + c + all.slice(p + 1));
        if (!r.ok) expect(r.error).toBeInstanceOf(MrzError);
      }),
      { numRuns: 500 },
    );
  });
});
