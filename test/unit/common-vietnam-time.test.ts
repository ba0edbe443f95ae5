import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatReceivedTime, formatTime, vietnamTime, vnAt, vnDate, vnIso, vnWeekday, vnYyMMdd } from '../../common/vietnam-time';

describe('Vietnam time (UTC+7, whatever the machine zone)', () => {
  it('23:30 UTC is already the next day in Vietnam', () => {
    const t = new Date('2026-03-13T23:30:00Z');
    expect(vnDate(t)).toBe('2026-03-14');
    expect(vnYyMMdd(t)).toBe('260314');
    expect(vnIso(t)).toBe('2026-03-14T06:30:00+07:00');
    expect(vnWeekday(t)).toBe(6); // Saturday in Vietnam, still Friday in UTC
    expect(vietnamTime(t)).toEqual({ year: 2026, month: 3, day: 14, hour: 6, minute: 30, second: 0, weekday: 6 });
  });

  it('the Vietnamese day starts at 17:00 UTC, and the year turns over with it', () => {
    expect(vnDate(new Date('2026-03-14T16:59:59Z'))).toBe('2026-03-14');
    expect(vnDate(new Date('2026-03-14T17:00:00Z'))).toBe('2026-03-15');
    expect(vnYyMMdd(new Date('2025-12-31T17:00:00Z'))).toBe('260101');
    expect(vnIso(new Date('2026-03-14T02:05:09.999Z'))).toBe('2026-03-14T09:05:09+07:00');
  });

  it('vnAt gives the instant of a Vietnamese wall-clock time on that Vietnamese day', () => {
    expect(vnAt(new Date('2026-03-13T23:30:00Z'), 8, 0).toISOString()).toBe('2026-03-14T01:00:00.000Z');
    expect(vnAt(new Date('2026-03-14T02:00:00Z'), 0, 0).toISOString()).toBe('2026-03-13T17:00:00.000Z');
  });

  it('vnIso round-trips to the same instant (to the second) and agrees with vnDate', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1976, 0, 1), max: Date.UTC(2199, 11, 31) }), (ms) => {
        const d = new Date(Math.floor(ms / 1000) * 1000);
        expect(Date.parse(vnIso(d))).toBe(d.getTime());
        expect(vnIso(d).slice(0, 10)).toBe(vnDate(d));
        expect(vnYyMMdd(d)).toBe(vnDate(d).slice(2).replace(/-/g, ''));
      }),
    );
  });
});

describe('date formats', () => {
  it('calendar dates are dd/MM/yyyy, never shifted', () => {
    expect(formatDate('2026-03-14')).toBe('14/03/2026');
    expect(formatDate('2026-12-31')).toBe('31/12/2026');
    expect(formatDate(' 2026-01-01 ')).toBe('01/01/2026');
  });

  it('instants are shown in Vietnam time', () => {
    expect(formatDateTime('2026-03-14T02:05:00Z')).toBe('09:05 14/03/2026');
    expect(formatDateTime('2026-03-14T09:05:00+07:00')).toBe('09:05 14/03/2026');
    expect(formatDateTime('2026-03-14T20:30:00Z')).toBe('03:30 15/03/2026');
    expect(formatDate('2026-03-14T20:30:00Z')).toBe('15/03/2026');
    expect(formatDate(new Date('2026-03-13T23:30:00Z'))).toBe('14/03/2026');
    expect(formatDate(Date.parse('2025-12-31T17:00:00Z'))).toBe('01/01/2026');
    expect(formatTime('2026-03-14T16:59:00Z')).toBe('23:59');
    expect(formatTime(new Date('2026-03-14T17:00:00Z'))).toBe('00:00');
  });

  it('the time received reads "HH giờ mm phút, ngày dd/MM/yyyy" (DOMAIN.md)', () => {
    const text = formatReceivedTime('2026-03-14T02:05:00Z');
    expect(text).toBe('09 giờ 05 phút, ngày 14/03/2026');
    expect(text).toBe(text.normalize('NFC'));
    expect(formatReceivedTime(new Date('2026-03-13T23:30:00Z'))).toBe('06 giờ 30 phút, ngày 14/03/2026');
  });

  it('unreadable or missing input gives an empty string', () => {
    for (const bad of ['not a date', '', undefined, null, Number.NaN, new Date('x')]) {
      expect(formatDate(bad)).toBe('');
      expect(formatTime(bad)).toBe('');
      expect(formatDateTime(bad)).toBe('');
      expect(formatReceivedTime(bad)).toBe('');
    }
  });
});
