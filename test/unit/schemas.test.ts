import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeDossierCode } from '../../main/api/schemas';

describe('normalizeDossierCode', () => {
  it.each([
    ['000.00.12.H56-260314-0042', '000.00.12.H56-260314-0042'],
    ['  000.00.12.h56 - 260314 - 0042 ', '000.00.12.H56-260314-0042'],
    ['h56-240229-0001', 'H56-240229-0001'],
  ])('accepts %j', (input, expected) => {
    expect(normalizeDossierCode(input)).toBe(expected);
  });

  it.each([
    '',
    '000.00.12.H56-261314-0042', // month 13
    '000.00.12.H56-250229-0001', // 29 Feb 2025 does not exist
    '000.00.12.H56-260300-0042', // day 0
    '000.00.12.H56-260314-42',
    '000..12.H56-260314-0042',
    'H56_260314_0042',
    'Hồ-260314-0042',
    'SELECT * FROM dossiers',
  ])('refuses %j', (input) => {
    expect(normalizeDossierCode(input)).toBeNull();
  });

  it('never throws and only returns canonical codes (10,000 runs)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const out = normalizeDossierCode(s);
        if (out !== null) {
          expect(out).toBe(out.toUpperCase());
          expect(normalizeDossierCode(out)).toBe(out);
        }
      }),
      { numRuns: 10_000 },
    );
  });
});
