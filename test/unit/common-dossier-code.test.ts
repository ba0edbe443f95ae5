import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DOSSIER_CODE_EXAMPLE, DOSSIER_CODE_PATTERN, normalizeDossierCode, typeDossierCodeKey } from '../../common/dossier-code';

describe('normalizeDossierCode', () => {
  it('accepts the published example as it is', () => {
    expect(DOSSIER_CODE_EXAMPLE).toBe('000.00.12.H56-260314-0042');
    expect(normalizeDossierCode(DOSSIER_CODE_EXAMPLE)).toBe(DOSSIER_CODE_EXAMPLE);
    expect(DOSSIER_CODE_PATTERN.test(DOSSIER_CODE_EXAMPLE)).toBe(true);
  });

  it.each([
    ['000.00.12.H56-260314-0042', '000.00.12.H56-260314-0042'],
    ['  000.00.12.h56 - 260314 - 0042 ', '000.00.12.H56-260314-0042'],
    ['  000.00.12.h56 - 260314 -0042 ', '000.00.12.H56-260314-0042'],
    ['h56-240229-0001', 'H56-240229-0001'], // 29 Feb 2024 exists
    ['A.B.C.D.E.F.G.H-260101-0001', 'A.B.C.D.E.F.G.H-260101-0001'], // eight groups
    ['ABCDEFGHIJKL-260101-0001', 'ABCDEFGHIJKL-260101-0001'], // a 12-character group
  ])('accepts %j', (input, expected) => {
    expect(normalizeDossierCode(input)).toBe(expected);
  });

  it.each([
    '',
    'abc',
    '000.00.12.H56-261314-0042', // month 13
    '000.00.12.H56-250229-0001', // 29 Feb 2025 does not exist
    '000.00.12.H56-260230-0042', // 30 Feb
    '000.00.12.H56-260300-0042', // day 0
    'A-260431-1234', // 31 April
    '000.00.12.H56-260314-42',
    '000.00.12.H56-260314-042',
    '000.00.12.H56-260314-0042-1',
    '000..12.H56-260314-0042',
    'A.B.C.D.E.F.G.H.I-260101-0001', // nine groups
    'ABCDEFGHIJKLM-260101-0001', // a 13-character group
    'H56_260314_0042',
    'Hồ-260314-0042',
    'Đ56-260314-0042',
    'SELECT * FROM dossiers',
    'x'.repeat(121),
  ])('refuses %j', (input) => {
    expect(normalizeDossierCode(input)).toBeNull();
  });

  it('never throws and only returns canonical codes (10,000 runs)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const out = normalizeDossierCode(s);
        if (out !== null) {
          expect(out).toBe(out.toUpperCase());
          expect(DOSSIER_CODE_PATTERN.test(out)).toBe(true);
          expect(normalizeDossierCode(out)).toBe(out);
        }
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('typeDossierCodeKey (the code keypad)', () => {
  const typeAll = (start: string, keys: string[]) => keys.reduce((v, k) => typeDossierCodeKey(v, k), start);

  it('after the agency and its dash, ten digits make the whole code: the second dash comes by itself', () => {
    expect(typeAll('000.00.12.H56-', [...'2603140042'])).toBe(DOSSIER_CODE_EXAMPLE);
    expect(normalizeDossierCode(typeAll('000.00.12.H56-', [...'2603140042']))).toBe(DOSSIER_CODE_EXAMPLE);
  });

  it('typed key by key from nothing, dashes and dots included, gives the same code; a dash after the automatic one is ignored', () => {
    expect(typeAll('', [...'000.00.12.h56-260314-0042'])).toBe(DOSSIER_CODE_EXAMPLE);
  });

  it('back, clear, and keys that cannot be in a code', () => {
    expect(typeDossierCodeKey('000.00.12.H56-260314-', 'back')).toBe('000.00.12.H56-260314');
    expect(typeDossierCodeKey('000.00.12.H56-', 'clear')).toBe('');
    expect(typeDossierCodeKey('000', ' ')).toBe('000');
    expect(typeDossierCodeKey('000', 'Đ')).toBe('000');
    expect(typeDossierCodeKey('', '-')).toBe('');
    expect(typeDossierCodeKey('000.', '.')).toBe('000.');
    expect(typeDossierCodeKey('X'.repeat(120), '1')).toBe('X'.repeat(120));
  });
});
