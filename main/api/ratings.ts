/**
 * Ratings and the survey (issue 13 item 5): the shapes main/api/queue.ts leaves open, kept here so
 * queue.ts (shared by everyone) does not change. `POST /api/v1/surveys` answers a `SurveyReceipt`;
 * `GET /api/v1/ratings/report` a `RatingReport`. The sandbox (sandbox/ratings.ts) serves both.
 */
import { z } from 'zod';
import { Officer, RatingLevel } from './queue';

const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();

/** The 201 answer of `POST /api/v1/surveys`: what was recorded, with the points of the resident's answers. */
export const SurveyReceipt = z.object({
  id: z.string().min(1),
  dossierCode: z.string().min(1),
  version: z.string().min(1),
  /** Indicator (as a string) → the chosen option's value, as recorded. */
  answers: z.record(z.string(), z.string()),
  createdAt: isoDateTime,
});
export type SurveyReceipt = z.infer<typeof SurveyReceipt>;

/** Ratings counted per level. */
export const LevelCounts = z.object({
  very_satisfied: z.number().int().nonnegative(),
  satisfied: z.number().int().nonnegative(),
  not_satisfied: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type LevelCounts = z.infer<typeof LevelCounts>;

export const SurveyGradeCode = z.enum(['excellent', 'good', 'fair', 'average', 'poor']);

/** One surveyed dossier in the report: its points per indicator 1–9 (null: unknown, skipped), total and grade. */
export const SurveyDossierScore = z.object({
  dossierCode: z.string(),
  agency: z.string(),
  /** Indicator "1"…"9" → 0, 1, 2 or null (skipped by the resident). */
  points: z.record(z.string(), z.number().int().min(0).max(2).nullable()),
  /** On the 18-point scale (known points brought to 9 indicators when some were skipped). */
  total: z.number().nonnegative(),
  grade: SurveyGradeCode,
  gradeLabel: z.string(),
  /** Answers to 10 and 11 (a RatingLevel), when given. */
  levels: z.record(z.string(), RatingLevel),
});

/** `GET /api/v1/ratings/report?from=yyyy-MM-dd&to=yyyy-MM-dd` (days in Vietnam, inclusive). */
export const RatingReport = z.object({
  from: isoDate,
  to: isoDate,
  ratings: z.object({
    byLevel: LevelCounts,
    byCounter: z.array(z.object({ counter: z.number().int().positive(), levels: LevelCounts })),
    byOfficer: z.array(z.object({ officer: Officer, levels: LevelCounts })),
    /** Ratings tied to no counter (a dossier received online, a ticket the queue does not know). */
    withoutCounter: z.number().int().nonnegative(),
    /** The reasons given for "Không hài lòng", newest first (at most 50). */
    reasons: z.array(z.object({ reason: z.string(), createdAt: isoDateTime })),
  }),
  survey: z.object({
    count: z.number().int().nonnegative(),
    dossiers: z.array(SurveyDossierScore),
    /** Average of the dossiers' totals; null with no survey. */
    averagePoints: z.number().nullable(),
    grade: SurveyGradeCode.nullable(),
    gradeLabel: z.string().nullable(),
    /** Answers to indicators 10 and 11, counted per level. */
    levels: z.object({ '10': LevelCounts, '11': LevelCounts }),
    /** How the sandbox judged indicators 5, 8, 9 (per agency) and computed 1, 2 (English). */
    method: z.string(),
  }),
});
export type RatingReport = z.infer<typeof RatingReport>;
