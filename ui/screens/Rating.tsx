/**
 * "Đánh giá hài lòng" (issue 13 item 5): the entry screen (scan the slip or type the code with the
 * lookup's keypad), the quick rating of the dossier, the "already rated" answer or thanks with an
 * offer of the full survey, and the survey one question per screen. State: ui/state/rating.ts.
 */
import { useEffect, useRef } from 'preact/hooks';
import { DOSSIER_CODE_EXAMPLE, typeDossierCodeKey } from '../../common/dossier-code';
import { CodeKeypad, type CodeKey } from '../components/CodeKeypad';
import { Icon } from '../components/Icon';
import { QuickRating } from '../components/QuickRating';
import { ScanFirst } from '../components/SlipPicture';
import { t, type MessageKey } from '../i18n';
import { endSession, goHome } from '../state/app';
import {
  answerQuestion,
  previousQuestion,
  ratingChecking,
  ratingDone,
  ratingInput,
  ratingInputProblem,
  ratingOutcome,
  ratingTarget,
  retrySurvey,
  startSurvey,
  submitRatingCode,
  survey,
  surveyAnswers,
  surveyPhase,
} from '../state/rating';

const PROBLEM_KEYS: Record<'empty' | 'invalid_code' | 'not_found' | 'failed', MessageKey> = {
  empty: 'lookupProblem.empty',
  invalid_code: 'rating.invalidCode',
  not_found: 'rating.notFound',
  failed: 'rating.checkFailed',
};

export function RatingEntry() {
  const input = useRef<HTMLInputElement>(null);
  const problem = ratingInputProblem.value;
  useEffect(() => input.current?.focus(), []);
  const onKey = (k: CodeKey): void => {
    ratingInput.value = typeDossierCodeKey(ratingInput.value, k);
    ratingInputProblem.value = null;
    input.current?.focus();
  };
  return (
    <section class="screen lookup rating-entry" data-testid="rating-entry">
      <h1>{t('rating.entryTitle')}</h1>
      <ScanFirst body={t('rating.entryScan')} />
      <form
        class="lookup-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submitRatingCode();
        }}
      >
        <label class="field-label lookup-type-label" for="rating-input">
          {t('lookupType.title')}
        </label>
        <input
          id="rating-input"
          ref={input}
          class="code-input"
          data-testid="rating-input"
          type="text"
          inputMode="none"
          autoComplete="off"
          spellcheck={false}
          maxLength={120}
          value={ratingInput.value}
          placeholder={DOSSIER_CODE_EXAMPLE}
          aria-invalid={problem ? 'true' : undefined}
          aria-describedby={problem ? 'rating-problem' : undefined}
          onInput={(e) => {
            ratingInput.value = (e.currentTarget as HTMLInputElement).value.toUpperCase();
            ratingInputProblem.value = null;
          }}
        />
        {problem && (
          <div id="rating-problem" class="field-problem" role="alert" data-testid="rating-problem" data-error={problem}>
            {t(PROBLEM_KEYS[problem], { example: DOSSIER_CODE_EXAMPLE })}
          </div>
        )}
        <CodeKeypad onKey={onKey} />
        <button type="submit" class="btn btn-primary btn-big btn-submit" data-testid="rating-continue" disabled={ratingChecking.value}>
          {ratingChecking.value ? t('rating.checking') : t('rating.continue')}
        </button>
      </form>
    </section>
  );
}

function Finish() {
  return (
    <div class="actions">
      <button type="button" class="btn btn-primary btn-big" data-testid="rating-finish" onClick={() => endSession('finish')}>
        {t('rating.finish')}
      </button>
      <button type="button" class="btn btn-big" data-testid="rating-home" onClick={goHome}>
        {t('common.home')}
      </button>
    </div>
  );
}

export function RatingScreen(props: { dossierCode: string }) {
  const target = ratingTarget.value;
  const outcome = ratingOutcome.value;
  const facts = (
    <dl class="facts rating-facts">
      <dt>{t('dossier.code')}</dt>
      <dd data-testid="rating-dossier-code">{props.dossierCode}</dd>
      {target?.procedureName && (
        <>
          <dt>{t('rating.procedure')}</dt>
          <dd data-testid="rating-procedure">{target.procedureName}</dd>
        </>
      )}
    </dl>
  );
  if (outcome?.state === 'already_rated') {
    return (
      <section class="screen center-screen rating-done" data-testid="rating-already">
        <Icon name="check" class="big-icon" />
        <h1>{t('rating.already.title')}</h1>
        <p class="lead">{t('rating.already.body')}</p>
        {facts}
        <Finish />
      </section>
    );
  }
  if (outcome) {
    return (
      <section class="screen center-screen rating-done" data-testid="rating-thanks" data-state={outcome.state}>
        <Icon name="check" class="big-icon" />
        <h1>{t('rating.thanks.title')}</h1>
        {outcome.state === 'queued' && (
          <p class="lead" data-testid="rating-queued">
            {t('rating.thanks.queued')}
          </p>
        )}
        <div class="survey-offer" data-testid="survey-offer">
          <h2>{t('rating.surveyOffer.title')}</h2>
          <p class="lead">{t('rating.surveyOffer.body')}</p>
          <div class="actions">
            <button type="button" class="btn btn-primary btn-big" data-testid="survey-start" onClick={() => void startSurvey()}>
              {t('rating.surveyOffer.yes')}
            </button>
            <button type="button" class="btn btn-big" data-testid="survey-decline" onClick={() => endSession('finish')}>
              {t('rating.surveyOffer.no')}
            </button>
          </div>
        </div>
      </section>
    );
  }
  return (
    <section class="screen rating" data-testid="rating">
      <h1>{t('rating.title')}</h1>
      {facts}
      {target && !target.verified && (
        <p class="note" data-testid="rating-unverified">
          {t('rating.unverified')}
        </p>
      )}
      <QuickRating target={{ dossierCode: props.dossierCode }} onDone={ratingDone} />
    </section>
  );
}

export function SurveyScreen() {
  const p = surveyPhase.value;
  const s = survey.value;
  if (p.kind === 'loading' || p.kind === 'sending') {
    return (
      <section class="screen center-screen" data-testid={p.kind === 'loading' ? 'survey-loading' : 'survey-sending'}>
        <div class="spinner" aria-hidden="true" />
        <p class="lead">{t(p.kind === 'loading' ? 'survey.loading' : 'survey.sending')}</p>
      </section>
    );
  }
  if (p.kind === 'error') {
    const noSurvey = !s;
    return (
      <section class="screen center-screen" data-testid="survey-error" data-error={p.code}>
        <Icon name="warning" class="big-icon" />
        <h1>{t(noSurvey ? 'survey.error.unavailable' : 'survey.error.send')}</h1>
        <div class="actions">
          {noSurvey ? (
            <button type="button" class="btn btn-primary btn-big" data-testid="survey-retry" onClick={() => void startSurvey()}>
              {t('rating.retry')}
            </button>
          ) : (
            <button type="button" class="btn btn-primary btn-big" data-testid="survey-retry" onClick={retrySurvey}>
              {t('rating.retry')}
            </button>
          )}
          <button type="button" class="btn btn-big" data-testid="rating-home" onClick={goHome}>
            {t('common.home')}
          </button>
        </div>
      </section>
    );
  }
  if (p.kind === 'done') {
    const already = p.outcome === 'already_rated';
    return (
      <section class="screen center-screen rating-done" data-testid={already ? 'survey-already' : 'survey-thanks'} data-state={p.outcome}>
        <Icon name="check" class="big-icon" />
        <h1>{t(already ? 'survey.already.title' : 'survey.thanks.title')}</h1>
        <p class="lead">{t(already ? 'survey.already.body' : p.outcome === 'queued' ? 'survey.thanks.queued' : 'survey.thanks.body')}</p>
        <Finish />
      </section>
    );
  }
  const q = s?.questions[p.index];
  if (!s || !q) {
    // Not reachable by the journey; never a blank screen all the same.
    return (
      <section class="screen center-screen" data-testid="survey-error">
        <h1>{t('survey.error.unavailable')}</h1>
        <Finish />
      </section>
    );
  }
  const total = s.questions.length;
  const chosen = surveyAnswers.value[String(q.indicator)];
  return (
    <section class="screen survey" data-testid="survey-question" data-indicator={q.indicator}>
      <p class="survey-progress-text" data-testid="survey-progress">
        {t('survey.progress', { n: String(p.index + 1), total: String(total) })}
      </p>
      <div
        class="survey-progress"
        role="progressbar"
        aria-label={t('survey.progressLabel')}
        aria-valuemin={1}
        aria-valuemax={total}
        aria-valuenow={p.index + 1}
      >
        <div class="survey-progress-bar" style={{ width: `${Math.round(((p.index + 1) / total) * 100)}%` }} />
      </div>
      <h1 class="survey-text" data-testid="survey-text">
        {q.text}
      </h1>
      <div class="survey-options" role="group" aria-label={q.text}>
        {q.options.map((o, i) => (
          <button
            type="button"
            key={o.value}
            class={`survey-option${chosen === o.value ? ' is-on' : ''}`}
            aria-pressed={chosen === o.value ? 'true' : 'false'}
            data-testid={`survey-option-${i}`}
            data-value={o.value}
            onClick={() => answerQuestion(o.value)}
          >
            {o.label}
          </button>
        ))}
      </div>
      <div class="actions">
        <button type="button" class="btn btn-big" data-testid="survey-skip" onClick={() => answerQuestion(null)}>
          {t('survey.skip')}
        </button>
        {p.index > 0 && (
          <button type="button" class="btn btn-big" data-testid="survey-previous" onClick={previousQuestion}>
            {t('survey.previous')}
          </button>
        )}
      </div>
    </section>
  );
}
