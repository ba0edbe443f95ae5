/**
 * The rating journey (issue 13 item 5): a dossier code (scanned, typed, or from the dossier
 * status screen) -> `rating.check` (does the dossier exist? offline: we cannot know, go on) ->
 * the quick rating (ui/components/QuickRating.tsx, which sends `rating.submit`) -> "already
 * rated", or thanks with an offer of the full survey -> one question per screen (`rating.survey`,
 * `survey.submit`) -> thanks. Everything here is session data.
 */
import type { BridgeError, ResponseOf } from '../../main/ipc/contract';
import { normalizeDossierCode } from '../../common/dossier-code';
import { invoke, on } from '../bridge';
import { generation, navigate, screen, sessionSignal, startSession } from './app';

export type RatingOutcome = ResponseOf<'rating.submit'>;
export type SurveyView = ResponseOf<'rating.survey'>;

export const ratingInput = sessionSignal<string>(() => '');
export const ratingInputProblem = sessionSignal<'empty' | 'invalid_code' | 'not_found' | 'failed' | null>(() => null);
export const ratingChecking = sessionSignal(() => false);
/** The dossier being rated, as main checked it. */
export const ratingTarget = sessionSignal<{ dossierCode: string; procedureName?: string | undefined; verified: boolean } | null>(() => null);
/** What the quick rating answered (null until sent). */
export const ratingOutcome = sessionSignal<RatingOutcome | null>(() => null);

export type SurveyPhase =
  | { kind: 'loading' }
  | { kind: 'question'; index: number }
  | { kind: 'sending' }
  | { kind: 'done'; outcome: RatingOutcome['state'] | 'skipped' }
  | { kind: 'error'; code: BridgeError['code'] };
export const survey = sessionSignal<SurveyView | null>(() => null);
export const surveyPhase = sessionSignal<SurveyPhase>(() => ({ kind: 'loading' }));
export const surveyAnswers = sessionSignal<Record<string, string>>(() => ({}));

/** Opens the rating of a dossier (entry screen, a scan there, or the status screen's "Đánh giá"). */
export async function openRating(raw: string): Promise<void> {
  startSession();
  const code = normalizeDossierCode(raw);
  if (!code) {
    ratingInputProblem.value = 'invalid_code';
    return;
  }
  if (ratingChecking.value) return;
  ratingChecking.value = true;
  ratingInputProblem.value = null;
  const gen = generation.value;
  try {
    const r = await invoke('rating.check', { dossierCode: code });
    if (gen !== generation.value) return;
    if (!r.ok) {
      ratingInputProblem.value = r.error.code === 'not_found' ? 'not_found' : r.error.code === 'invalid_code' ? 'invalid_code' : 'failed';
      if (screen.value.name !== 'rating-entry') navigate({ name: 'rating-entry' });
      ratingInput.value = code;
      return;
    }
    ratingTarget.value = { dossierCode: r.value.dossierCode, procedureName: r.value.procedureName, verified: r.value.state === 'found' };
    ratingOutcome.value = null;
    navigate({ name: 'rating', dossierCode: r.value.dossierCode });
  } finally {
    ratingChecking.value = false;
  }
}

export function submitRatingCode(): void {
  const raw = ratingInput.value.trim();
  if (!raw) {
    ratingInputProblem.value = 'empty';
    return;
  }
  const code = normalizeDossierCode(raw);
  if (!code) {
    ratingInputProblem.value = 'invalid_code';
    return;
  }
  ratingInput.value = code;
  void openRating(code);
}

/** The quick rating came back. */
export function ratingDone(outcome: RatingOutcome): void {
  ratingOutcome.value = outcome;
}

/** "Trả lời khảo sát": the questions (served by the backend, kept by main for offline use). */
export async function startSurvey(): Promise<void> {
  const target = ratingTarget.value;
  if (!target) return;
  surveyAnswers.value = {};
  surveyPhase.value = { kind: 'loading' };
  navigate({ name: 'survey', dossierCode: target.dossierCode });
  const gen = generation.value;
  const r = await invoke('rating.survey', {});
  if (gen !== generation.value) return;
  if (!r.ok) {
    surveyPhase.value = { kind: 'error', code: r.error.code };
    return;
  }
  survey.value = r.value;
  surveyPhase.value = r.value.questions.length ? { kind: 'question', index: 0 } : { kind: 'done', outcome: 'skipped' };
}

/** An answer (or "Bỏ qua": null) to the current question; after the last one, the answers are sent. */
export function answerQuestion(value: string | null): void {
  const s = survey.value;
  const p = surveyPhase.value;
  if (!s || p.kind !== 'question') return;
  const q = s.questions[p.index];
  if (!q) return;
  const next = { ...surveyAnswers.value };
  if (value === null) delete next[String(q.indicator)];
  else next[String(q.indicator)] = value;
  surveyAnswers.value = next;
  if (p.index + 1 < s.questions.length) surveyPhase.value = { kind: 'question', index: p.index + 1 };
  else void sendSurvey();
}

export function previousQuestion(): void {
  const p = surveyPhase.value;
  if (p.kind === 'question' && p.index > 0) surveyPhase.value = { kind: 'question', index: p.index - 1 };
}

async function sendSurvey(): Promise<void> {
  const s = survey.value;
  const target = ratingTarget.value;
  if (!s || !target) return;
  if (Object.keys(surveyAnswers.value).length === 0) {
    surveyPhase.value = { kind: 'done', outcome: 'skipped' };
    return;
  }
  surveyPhase.value = { kind: 'sending' };
  const gen = generation.value;
  const r = await invoke('survey.submit', { dossierCode: target.dossierCode, version: s.version, answers: surveyAnswers.value });
  if (gen !== generation.value) return;
  surveyPhase.value = r.ok ? { kind: 'done', outcome: r.value.state } : { kind: 'error', code: r.error.code };
}

/** Try sending the answers again after an error. */
export function retrySurvey(): void {
  void sendSurvey();
}

/** A slip or code scanned on the entry screen rates that dossier (state/lookup.ts leaves it here). */
export function installRatingWatch(): () => void {
  return on('scan', (s) => {
    if (screen.value.name !== 'rating-entry') return;
    if (s.kind !== 'dossierCode' && s.kind !== 'receiptSlip') return;
    const code = normalizeDossierCode(s.dossierCode ?? '');
    if (!code) return;
    ratingInput.value = code;
    void openRating(code);
  });
}
