/**
 * Ratings and the survey at the kiosk (issue 13 item 5; DOMAIN.md "Satisfaction rating").
 *
 * - A rating or a survey is committed to the outbox (kinds `rating.submit`, `survey.submit`)
 *   before the kiosk answers; the outbox delivers it with an Idempotency-Key when the link is up.
 * - The backend's 409 `already-rated` settles the row as delivered-as-duplicate (the outbox kind's
 *   `duplicate`): when it comes back while the resident waits the answer is `already_rated` ("Hồ
 *   sơ đã được đánh giá"); later it is only a `delivered` record, never a dead letter.
 * - A refusal for good (404 an unknown ticket, 422 a ticket not served) that comes back while the
 *   resident waits is said at once (`not_found` / `rejected`); the row stays a dead letter, as the
 *   outbox keeps every permanent refusal.
 * - The dossier is checked before the resident is asked (`check`, through the dossier service);
 *   offline it cannot be, and the rating is accepted all the same.
 * - The survey's questions come from the backend and are kept in `surveyFile` for offline use.
 *
 * Nothing personal is logged: dossier codes and ticket ids only; the reason text never.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { FINISHED_STATES } from '../../../common/dossier-state';
import { normalizeDossierCode } from '../../../common/dossier-code';
import { ApiError, type ApiClient } from '../../api/client';
import { Rating, Survey } from '../../api/queue';
import { SurveyReceipt } from '../../api/ratings';
import { KioskError } from '../../errors';
import type { Logger } from '../../log';
import type { Outbox, OutboxKind } from '../outbox';
import { OutboxError } from '../outbox';
import type { DossierService } from '../dossiers';
import type { RatingCheck, RatingOutcome, RatingSubmit, SurveySubmit, SurveyView } from './contract';

export const RATING_KIND = 'rating.submit';
export const SURVEY_KIND = 'survey.submit';
/** What `delivered.result_ref` records for a rating or survey the backend already had. */
export const ALREADY_RATED_REF = 'already-rated';

/** The backend's answer "this dossier or ticket was already rated". */
export function isAlreadyRated(err: ApiError): boolean {
  return err.status === 409 && /\/already-rated$/.test(err.problem?.type ?? '');
}

/** The outbox kinds of ratings and surveys, registered when the outbox opens (main/services/outbox/runtime.ts). */
export const RATING_OUTBOX_KINDS: Readonly<Record<string, OutboxKind>> = {
  [RATING_KIND]: { response: Rating, resultRef: (r: Rating) => r.id, duplicate: isAlreadyRated, duplicateRef: ALREADY_RATED_REF },
  [SURVEY_KIND]: { response: SurveyReceipt, resultRef: (r: SurveyReceipt) => r.id, duplicate: isAlreadyRated, duplicateRef: ALREADY_RATED_REF },
};

export interface RatingServiceDeps {
  /** Reads the survey (GET /api/v1/survey). */
  api: ApiClient;
  dossiers: DossierService;
  /** The outbox (null while the kiosk's database is out of service). */
  outbox: () => Outbox | null;
  /** Throws `out_of_service` while the database cannot be used. */
  ensureInService: () => void;
  /** Where the survey is kept for offline use (`<dataDir>/survey.json`). */
  surveyFile: string;
  /** How long the resident waits for the backend's answer before hearing "queued". */
  waitMs: number;
  log: Logger;
}

export interface RatingService {
  check(dossierCode: string): Promise<RatingCheck>;
  submit(request: RatingSubmit): Promise<RatingOutcome>;
  survey(): Promise<SurveyView>;
  submitSurvey(request: SurveySubmit): Promise<RatingOutcome>;
}

function unreachable(err: unknown): boolean {
  return err instanceof ApiError && (err.kind === 'offline' || err.kind === 'timeout' || err.kind === 'server_error');
}

export function createRatingService(deps: RatingServiceDeps): RatingService {
  const { log } = deps;

  function readCachedSurvey(): Survey | null {
    try {
      const parsed = Survey.safeParse(JSON.parse(readFileSync(deps.surveyFile, 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  function keepSurvey(s: Survey): void {
    try {
      mkdirSync(dirname(deps.surveyFile), { recursive: true });
      const tmp = `${deps.surveyFile}.tmp`;
      writeFileSync(tmp, JSON.stringify(s));
      renameSync(tmp, deps.surveyFile);
    } catch (err) {
      log.warn('ratings', `the survey could not be kept for offline use: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async function survey(): Promise<SurveyView> {
    try {
      const s = await deps.api.request('/api/v1/survey', Survey);
      keepSurvey(s);
      return { ...s, cached: false };
    } catch (err) {
      const cached = readCachedSurvey();
      if (cached && unreachable(err)) {
        log.info('ratings', `backend unreachable: serving the survey ${cached.version} kept on disk`);
        return { ...cached, cached: true };
      }
      if (err instanceof ApiError) {
        const kind = err.kind === 'offline' || err.kind === 'timeout' ? err.kind : 'server_error';
        throw new KioskError(kind, 'The survey cannot be read and no copy is kept', { cause: err });
      }
      throw err;
    }
  }

  function dossierCodeOf(raw: string): string {
    const code = normalizeDossierCode(raw);
    if (!code) throw new KioskError('invalid_code', 'Not a dossier code');
    return code;
  }

  async function check(raw: string): Promise<RatingCheck> {
    const code = dossierCodeOf(raw);
    try {
      const d = await deps.dossiers.lookup(code);
      return { dossierCode: d.dossierCode, state: 'found', procedureName: d.procedure.name, finished: FINISHED_STATES.includes(d.state) };
    } catch (err) {
      if (err instanceof KioskError && (err.code === 'offline' || err.code === 'timeout' || err.code === 'server_error' || err.code === 'identity_required')) {
        log.info('ratings', `dossier ${code} cannot be checked now (${err.code}): the rating is accepted and checked on delivery`);
        return { dossierCode: code, state: 'unverified' };
      }
      throw err;
    }
  }

  async function commit(kind: string, path: string, body: Record<string, unknown>, what: string): Promise<RatingOutcome> {
    deps.ensureInService();
    const outbox = deps.outbox();
    if (!outbox) throw new KioskError('out_of_service', 'The kiosk is out of service');
    let queued;
    try {
      queued = outbox.enqueue({ kind, path, body, summary: { what } });
    } catch (err) {
      if (err instanceof OutboxError) throw new KioskError(err.code, err.message, { cause: err });
      throw err;
    }
    const delivery = await outbox.waitFor(queued.id, deps.waitMs);
    if (delivery.state === 'rejected') {
      // Refused for good (an unknown ticket, a ticket not served): kept as a dead letter, and said now.
      log.warn('ratings', `${kind} of ${what} refused by the backend (${queued.localRef}): ${delivery.reason}`);
      throw new KioskError(
        delivery.status === 404 ? 'not_found' : 'rejected',
        `The backend refused the ${kind === RATING_KIND ? 'rating' : 'survey'}: ${delivery.reason}`,
      );
    }
    const state = delivery.state === 'duplicate' ? 'already_rated' : delivery.state;
    log.info('ratings', `${kind} of ${what}: ${state} (${queued.localRef})`);
    return { state, localRef: queued.localRef };
  }

  return {
    check,
    survey,
    async submit(request) {
      if (request.dossierCode === undefined && request.ticketId === undefined) {
        throw new KioskError('bad_request', 'A rating names the dossier or the ticket it rates');
      }
      const reason = request.reason?.normalize('NFC').trim();
      if (request.level === 'not_satisfied' && !reason) throw new KioskError('bad_request', 'A "not satisfied" rating needs a reason');
      const body: Record<string, unknown> = { level: request.level };
      if (request.dossierCode !== undefined) body.dossierCode = dossierCodeOf(request.dossierCode);
      if (request.ticketId !== undefined) body.ticketId = request.ticketId.trim();
      if (reason) body.reason = reason;
      const what = [body.dossierCode ? `dossier ${String(body.dossierCode)}` : '', body.ticketId ? `ticket ${String(body.ticketId)}` : '']
        .filter(Boolean)
        .join(', ');
      return commit(RATING_KIND, '/api/v1/ratings', body, what);
    },
    async submitSurvey(request) {
      const dossierCode = dossierCodeOf(request.dossierCode);
      // Checked against the survey the kiosk showed (the backend checks again on delivery).
      const known = readCachedSurvey();
      if (known && known.version === request.version) {
        for (const [indicator, value] of Object.entries(request.answers)) {
          const q = known.questions.find((x) => String(x.indicator) === String(Number(indicator)));
          if (!q || !q.options.some((o) => o.value === value)) throw new KioskError('bad_request', `Answer ${indicator} is not an option of the survey`);
        }
      }
      if (Object.keys(request.answers).length === 0) throw new KioskError('bad_request', 'At least one question must be answered');
      return commit(SURVEY_KIND, '/api/v1/surveys', { dossierCode, version: request.version, answers: request.answers }, `dossier ${dossierCode}`);
    },
  };
}
