import { describe, expect, it } from 'vitest';
import { averagePoints, dossierTotal, MAX_POINTS, RESIDENT_INDICATORS, SURVEY_GRADE_LABELS_VI, surveyGrade, timelinessPoints } from '../../common/survey';

describe('surveyGrade', () => {
  it.each([
    [18, 'Xuất sắc'],
    [15.01, 'Xuất sắc'],
    [15, 'Tốt'], // "above 15" is strict: 15 itself is Tốt
    [12, 'Tốt'],
    [11.99, 'Khá'],
    [9, 'Khá'],
    [8.99, 'Trung bình'],
    [6, 'Trung bình'],
    [5.99, 'Yếu'],
    [0, 'Yếu'],
  ])('%s points: %s', (points, label) => {
    expect(SURVEY_GRADE_LABELS_VI[surveyGrade(points)]).toBe(label);
  });

  it('labels are NFC Vietnamese', () => {
    for (const l of Object.values(SURVEY_GRADE_LABELS_VI)) expect(l).toBe(l.normalize('NFC'));
  });

  it('refuses a number that is not one', () => {
    expect(() => surveyGrade(Number.NaN)).toThrow(RangeError);
  });
});

describe('timelinessPoints (indicators 1 and 2)', () => {
  it('finished before the limit 2, on it 1, after it 0', () => {
    expect(timelinessPoints('2026-03-09', '2026-03-10', '2026-04-01')).toBe(2);
    expect(timelinessPoints('2026-03-10', '2026-03-10', '2026-04-01')).toBe(1);
    expect(timelinessPoints('2026-03-11', '2026-03-10', '2026-04-01')).toBe(0);
  });
  it('not finished: 1 while within the limit, 0 once past it', () => {
    expect(timelinessPoints(null, '2026-03-10', '2026-03-10')).toBe(1);
    expect(timelinessPoints(null, '2026-03-10', '2026-03-11')).toBe(0);
  });
  it('compares across months and years', () => {
    expect(timelinessPoints('2025-12-31', '2026-01-02', '2026-01-05')).toBe(2);
  });
});

describe('dossierTotal', () => {
  it('sums nine known indicators as they are', () => {
    expect(dossierTotal({ 1: 2, 2: 2, 3: 2, 4: 2, 5: 2, 6: 2, 7: 2, 8: 2, 9: 2 })).toEqual({ total: MAX_POINTS, scored: 9 });
    expect(dossierTotal({ 1: 0, 2: 1, 3: 2, 4: 0, 5: 1, 6: 2, 7: 0, 8: 1, 9: 2 })).toEqual({ total: 9, scored: 9 });
  });
  it('brings skipped questions to the 9-indicator scale, neither 0 nor 2', () => {
    // 7 known indicators, 12 points: 12 * 9 / 7 = 15.43
    expect(dossierTotal({ 1: 2, 2: 2, 3: null, 4: 2, 5: 2, 6: 2, 7: undefined, 8: 1, 9: 1 })).toEqual({ total: 15.4, scored: 7 });
  });
  it('ignores the level indicators 10 and 11', () => {
    expect(dossierTotal({ 1: 2, 10: 5, 11: 7 } as Record<number, number>)).toEqual({ total: 18, scored: 1 });
  });
  it('nothing known: null', () => {
    expect(dossierTotal({})).toBeNull();
  });
  it('refuses a point that is not 0, 1 or 2', () => {
    expect(() => dossierTotal({ 3: 3 })).toThrow(RangeError);
  });
});

describe('averagePoints', () => {
  it('averages to two decimals; none is null', () => {
    expect(averagePoints([18, 12, 13])).toBe(14.33);
    expect(averagePoints([])).toBeNull();
  });
  it('the resident answers 3, 4, 6, 7, 10 and 11', () => {
    expect([...RESIDENT_INDICATORS]).toEqual([3, 4, 6, 7, 10, 11]);
  });
});
