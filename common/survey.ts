/**
 * The formal satisfaction survey's arithmetic (Decree 61/2018/NĐ-CP art. 31, Circular
 * 01/2018/TT-VPCP; DOMAIN.md "Satisfaction rating"), pure, shared by the sandbox's report and
 * anything that shows a grade.
 *
 * - Indicators 1–9 score 2 / 1 / 0 each (at most 18 points per dossier); 10 and 11 are answered
 *   Rất hài lòng / Hài lòng / Không hài lòng and are counted, not scored.
 * - Who scores what: the resident answers 3, 4, 6, 7 (and 10, 11); 1 and 2 are computed from the
 *   dossier's dates against the legal limit (`timelinessPoints`); 5, 8, 9 are judged per agency.
 * - A resident may skip a question ("Bỏ qua"): a dossier's total is then the points it has,
 *   brought to the 9-indicator scale (`dossierTotal`), so a skipped question neither counts as
 *   0 nor as 2.
 * - Grades of an average: above 15 Xuất sắc; 12 up to 15 Tốt (15 itself is not "above 15", so
 *   it is Tốt); 9 to under 12 Khá; 6 to under 9 Trung bình; under 6 Yếu.
 */

/** Indicators the resident answers on the kiosk, in the order they are asked. */
export const RESIDENT_INDICATORS = [3, 4, 6, 7, 10, 11] as const;
/** Indicators computed from the dossier's dates. */
export const COMPUTED_INDICATORS = [1, 2] as const;
/** Indicators judged per agency (by the center's inspection, not by the resident). */
export const AGENCY_INDICATORS = [5, 8, 9] as const;
/** Indicators scored 2 / 1 / 0. */
export const SCORED_INDICATORS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
/** Indicators answered with a satisfaction level (not scored). */
export const LEVEL_INDICATORS = [10, 11] as const;

export const MAX_POINTS = SCORED_INDICATORS.length * 2;

export type SurveyGrade = 'excellent' | 'good' | 'fair' | 'average' | 'poor';

export const SURVEY_GRADE_LABELS_VI: Record<SurveyGrade, string> = {
  excellent: 'Xuất sắc',
  good: 'Tốt',
  fair: 'Khá',
  average: 'Trung bình',
  poor: 'Yếu',
};

/** The grade of a total (or an average of totals) on the 18-point scale. */
export function surveyGrade(points: number): SurveyGrade {
  if (!Number.isFinite(points)) throw new RangeError('points must be a finite number');
  if (points > 15) return 'excellent';
  if (points >= 12) return 'good';
  if (points >= 9) return 'fair';
  if (points >= 6) return 'average';
  return 'poor';
}

/**
 * Indicators 1 and 2: a time against the legal limit. `doneOn` is the day the work ended
 * (`yyyy-MM-dd`, Vietnam), null while it has not; `dueDate` the legal limit; `today` the day of
 * the report. Before the limit 2, on the limit 1, after it 0; not finished yet: 1 while still
 * within the limit (nothing late yet, nothing early either), 0 once past it.
 */
export function timelinessPoints(doneOn: string | null, dueDate: string, today: string): 0 | 1 | 2 {
  if (doneOn !== null) {
    if (doneOn < dueDate) return 2;
    return doneOn === dueDate ? 1 : 0;
  }
  return today <= dueDate ? 1 : 0;
}

/**
 * A dossier's total from its indicators' points (null or absent: not known, e.g. skipped):
 * the known points brought to the 9-indicator scale, rounded to one decimal. No known point: null.
 */
export function dossierTotal(points: Readonly<Record<number, number | null | undefined>>): { total: number; scored: number } | null {
  let sum = 0;
  let scored = 0;
  for (const i of SCORED_INDICATORS) {
    const p = points[i];
    if (p === null || p === undefined) continue;
    if (p !== 0 && p !== 1 && p !== 2) throw new RangeError(`indicator ${i} scores 0, 1 or 2, not ${p}`);
    sum += p;
    scored++;
  }
  if (scored === 0) return null;
  const total = scored === SCORED_INDICATORS.length ? sum : Math.round((sum * SCORED_INDICATORS.length * 10) / scored) / 10;
  return { total, scored };
}

/** The average of dossier totals, rounded to two decimals; null for none. */
export function averagePoints(totals: readonly number[]): number | null {
  if (totals.length === 0) return null;
  return Math.round((totals.reduce((s, t) => s + t, 0) / totals.length) * 100) / 100;
}
