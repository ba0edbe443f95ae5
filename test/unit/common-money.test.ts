import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, MONEY_UNIT } from '../../common/money';

describe('formatMoney', () => {
  it('writes "50.000 đ": dot thousands, a plain space, then đ (U+0111)', () => {
    expect(formatMoney(50000)).toBe('50.000 đ');
    expect(formatMoney(0)).toBe('0 đ');
    expect(MONEY_UNIT).toBe('\u0111');
    expect(formatMoney(50000)).toBe('50.000\u0020\u0111');
  });

  it.each([
    [999, '999 đ'],
    [1000, '1.000 đ'],
    [8000, '8.000 đ'],
    [135000, '135.000 đ'],
    [1234567890, '1.234.567.890 đ'],
    [-1500, '-1.500 đ'],
    [1999.6, '2.000 đ'], // whole đồng
    [-0.4, '0 đ'],
  ])('%d -> %j', (amount, expected) => {
    expect(formatMoney(amount)).toBe(expected);
  });

  it('gives an empty string for what is not a number', () => {
    expect(formatMoney(Number.NaN)).toBe('');
    expect(formatMoney(Number.POSITIVE_INFINITY)).toBe('');
  });

  it('reads back to the amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
        const text = formatMoney(n);
        expect(text).toMatch(/^\d{1,3}(\.\d{3})* đ$/);
        expect(Number(text.slice(0, -2).replace(/\./g, ''))).toBe(n);
      }),
    );
  });
});
