/**
 * Channels of ratings and the survey (issue 13 item 5), spread into main/ipc/contract.ts:
 *
 * - `rating.check` {dossierCode}: before asking the resident, main checks the dossier exists
 *   (through the dossier service); offline it cannot, and says so (`unverified`): the rating is
 *   then accepted and the outbox delivers it when the link returns.
 * - `rating.submit` {dossierCode? | ticketId?, level, reason?}: the quick rating, committed to
 *   the outbox before the answer. The counter profile rates a finished ticket with `ticketId`
 *   alone; the kiosk rates a dossier with `dossierCode`. `reason` is required for `not_satisfied`.
 * - `rating.survey`: the survey's questions (served by the backend, cached on disk for offline).
 * - `survey.submit` {dossierCode, version, answers}: the survey's answers, through the outbox.
 *
 * Both submits answer `sent` (the backend confirmed), `queued` (kept, delivered when the link is
 * up) or `already_rated` (the backend said the dossier or ticket was already rated: the screen
 * says "Hồ sơ đã được đánh giá"; nothing is left in the outbox).
 */
import { z } from 'zod';
import { RatingLevel, Survey } from '../../api/queue';

export const RatingSubmit = z
  .object({
    dossierCode: z.string().min(1).max(120).optional(),
    ticketId: z.string().min(1).max(64).optional(),
    level: RatingLevel,
    reason: z.string().max(500).optional(),
  })
  .strict();
export type RatingSubmit = z.infer<typeof RatingSubmit>;

export const RatingOutcome = z.object({
  state: z.enum(['sent', 'queued', 'already_rated']),
  /** The kiosk's reference of the outbox row (for technicians; never personal). */
  localRef: z.string(),
});
export type RatingOutcome = z.infer<typeof RatingOutcome>;

export const RatingCheck = z.object({
  /** The code as the backend writes it (upper case, no spaces). */
  dossierCode: z.string(),
  /** found: the backend has it; unverified: the backend could not be asked (offline, or it needs the applicant's ID). */
  state: z.enum(['found', 'unverified']),
  /** The procedure's name when found (nothing personal). */
  procedureName: z.string().optional(),
  /** The dossier is finished (result ready, returned, rejected, withdrawn). */
  finished: z.boolean().optional(),
});
export type RatingCheck = z.infer<typeof RatingCheck>;

export const SurveyView = Survey.extend({
  /** True when the backend could not be asked and the copy on disk is served. */
  cached: z.boolean(),
});
export type SurveyView = z.infer<typeof SurveyView>;

export const SurveySubmit = z
  .object({
    dossierCode: z.string().min(1).max(120),
    version: z.string().min(1).max(64),
    answers: z.record(z.string().regex(/^\d{1,2}$/), z.string().min(1).max(64)),
  })
  .strict();
export type SurveySubmit = z.infer<typeof SurveySubmit>;

export const ratingChannels = {
  'rating.check': { request: z.object({ dossierCode: z.string().min(1).max(120) }).strict(), response: RatingCheck },
  'rating.submit': { request: RatingSubmit, response: RatingOutcome },
  'rating.survey': { request: z.object({}).strict(), response: SurveyView },
  'survey.submit': { request: SurveySubmit, response: RatingOutcome },
} as const;
