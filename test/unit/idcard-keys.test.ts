/**
 * BAC key sources: expiry derived from birth and issue dates by the renewal ages (14 under the
 * 2023 law, 25, 40, 60; 2-year rule; no expiry after 60), the candidate order, typed dates.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addYears,
  candidatesFromDates,
  candidatesFromMrz,
  candidatesFromQr,
  deriveExpiry,
  documentNumberFromId,
  mrzInformation,
  NO_EXPIRY_ENCODINGS,
} from '../../drivers/idcard/keys';
import { bacKeyFromMrz, parseMrz } from '../../drivers/idcard/protocol';
import { buildTd1 } from '../../drivers/idcard/sim/files';

describe('deriveExpiry', () => {
  it('gives the next renewal birthday (2014 law: 25, 40, 60)', () => {
    expect(deriveExpiry('1990-01-01', '2021-04-15')).toEqual({ kind: 'date', iso: '2030-01-01', age: 40 });
    expect(deriveExpiry('2000-06-10', '2016-03-01')).toEqual({ kind: 'date', iso: '2025-06-10', age: 25 });
    expect(deriveExpiry('1970-05-05', '2015-01-01')).toEqual({ kind: 'date', iso: '2030-05-05', age: 60 });
  });

  it('skips an age when the card was issued within 2 years before it', () => {
    // 23 years 7 months at issue: within 2 years of 25, valid until 40.
    expect(deriveExpiry('1998-01-01', '2021-06-01')).toEqual({ kind: 'date', iso: '2038-01-01', age: 40 });
    // Exactly 2 years before the 40th birthday: still within the window.
    expect(deriveExpiry('1985-03-03', '2023-03-03')).toEqual({ kind: 'date', iso: '2045-03-03', age: 60 });
    // One day more than 2 years before: the 40th birthday.
    expect(deriveExpiry('1985-03-03', '2023-03-02')).toEqual({ kind: 'date', iso: '2025-03-03', age: 40 });
  });

  it('adds age 14 for cards issued under the 2023 law (from 1 July 2024)', () => {
    expect(deriveExpiry('2015-09-01', '2024-08-01')).toEqual({ kind: 'date', iso: '2029-09-01', age: 14 });
    // Issued at 12y11m: within 2 years of 14, valid until 25.
    expect(deriveExpiry('2011-09-01', '2024-08-01')).toEqual({ kind: 'date', iso: '2036-09-01', age: 25 });
  });

  it('has no expiry for a card issued at 58 or later', () => {
    expect(deriveExpiry('1960-01-01', '2021-01-01')).toEqual({ kind: 'none' });
    expect(deriveExpiry('1963-06-01', '2021-07-01')).toEqual({ kind: 'none' });
  });

  it('moves a 29 February birthday to 28 February in a common year', () => {
    expect(addYears('2000-02-29', 25)).toBe('2025-02-28');
    expect(deriveExpiry('2000-02-29', '2016-01-01')).toEqual({ kind: 'date', iso: '2025-02-28', age: 25 });
  });

  it('is always after the issue date and on a birthday at a renewal age (property)', () => {
    const date = fc.date({ min: new Date('1930-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 80 * 365 }), (birth, days) => {
        const issue = new Date(Date.parse(birth) + days * 86_400_000).toISOString().slice(0, 10);
        const e = deriveExpiry(birth, issue);
        if (e.kind === 'none') return addYears(birth, 58) <= issue;
        return e.iso > issue && e.iso === addYears(birth, e.age) && [14, 25, 40, 60].includes(e.age);
      }),
    );
  });
});

describe('BAC key candidates', () => {
  const qr = { personalId: '001090000001', birthDate: '1990-01-01', issueDate: '2021-04-15' };

  it('uses the last 9 digits of the ID as the document number', () => {
    expect(documentNumberFromId('001090000001')).toBe('090000001');
    expect(() => documentNumberFromId('12345')).toThrow(RangeError);
  });

  it('orders QR candidates: derived expiry, the day before, the neighbouring renewal ages', () => {
    const c = candidatesFromQr(qr);
    expect(c.map((x) => x.label)).toEqual(['derived expiry', 'derived expiry, day before', 'previous renewal age', 'next renewal age']);
    expect(c[0]?.mrzInformation).toBe(mrzInformation('090000001', '900101', '300101'));
    expect(c.every((x) => x.source === 'qr')).toBe(true);
  });

  it('tries the no-expiry encodings for a card issued after 58', () => {
    const c = candidatesFromQr({ personalId: '001060000001', birthDate: '1960-01-01', issueDate: '2021-01-01' });
    expect(c.slice(0, 3).map((x) => x.mrzInformation.slice(-7))).toEqual(NO_EXPIRY_ENCODINGS.map((e) => e.field + e.cd));
  });

  it('gives the same key as the printed MRZ for the derived expiry', () => {
    const mrz = parseMrz(
      buildTd1({ personalId: '001090000001', birthYymmdd: '900101', sex: 'M', expiryYymmdd: '300101', surname: 'NGUYEN', givenNames: 'VAN AN' }),
    );
    if (!mrz.ok) throw new Error(`test MRZ invalid: ${mrz.error.check}`);
    expect(candidatesFromMrz(mrz.mrz)[0]?.mrzInformation).toBe(bacKeyFromMrz(mrz.mrz));
    expect(candidatesFromQr(qr)[0]?.mrzInformation).toBe(bacKeyFromMrz(mrz.mrz));
  });

  it('builds typed-date candidates, with "none" meaning the no-expiry encodings', () => {
    expect(candidatesFromDates({ personalId: '001090000001', birthDate: '1990-01-01', expiryDate: '2030-01-01' })).toHaveLength(1);
    expect(candidatesFromDates({ personalId: '001090000001', birthDate: '1990-01-01', expiryDate: 'none' })).toHaveLength(3);
    expect(() => candidatesFromDates({ birthDate: '1990-01-01', expiryDate: '2030-01-01' })).toThrow(RangeError);
  });
});
