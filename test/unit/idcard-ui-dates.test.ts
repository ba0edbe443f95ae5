/** The dates keypad of the identity screen: digits to dates, shown as dd/MM/yyyy while typing. */
import { describe, expect, it } from 'vitest';
import { dateEntry, digitsToIso, formatDigitsAsDate, pressDateKey } from '../../ui/state/identity';

describe('identity dates keypad', () => {
  it('turns 8 digits dd MM yyyy into a real date or null', () => {
    expect(digitsToIso('01011990')).toBe('1990-01-01');
    expect(digitsToIso('29022000')).toBe('2000-02-29');
    expect(digitsToIso('29022001')).toBeNull();
    expect(digitsToIso('31041990')).toBeNull();
    expect(digitsToIso('0101199')).toBeNull();
    expect(digitsToIso('01131990')).toBeNull();
  });

  it('shows the digits as dd/MM/yyyy while typing', () => {
    expect(formatDigitsAsDate('')).toBe('');
    expect(formatDigitsAsDate('01')).toBe('01');
    expect(formatDigitsAsDate('0101')).toBe('01/01');
    expect(formatDigitsAsDate('010119')).toBe('01/01/19');
    expect(formatDigitsAsDate('01011990')).toBe('01/01/1990');
  });

  it('moves from the ID to the birth date to the expiry as each is complete', () => {
    dateEntry.value = { personalId: '', birth: '', expiry: '', noExpiry: false, field: 'personalId', invalid: null };
    for (const d of '0010900000019') pressDateKey(d); // the 13th digit goes to the birth date
    expect(dateEntry.value.personalId).toBe('001090000001');
    expect(dateEntry.value.birth).toBe('9');
    pressDateKey('back');
    for (const d of '01011990') pressDateKey(d);
    expect(dateEntry.value.field).toBe('expiry');
    pressDateKey('1');
    pressDateKey('clear');
    expect(dateEntry.value.expiry).toBe('');
  });
});
