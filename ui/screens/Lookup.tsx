import { useEffect, useRef } from 'preact/hooks';
import { Icon } from '../components/Icon';
import { CodeKeypad, type CodeKey } from '../components/CodeKeypad';
import { ScanFirst } from '../components/SlipPicture';
import { t } from '../i18n';
import { appInfo, goHome, lookupInput, lookupLoading } from '../state/app';
import { DOSSIER_CODE_EXAMPLE, typeDossierCodeKey } from '../../common/dossier-code';
import { lookupProblem, lookupStartText, retryLookup, submitLookup, type LookupError } from '../state/lookup';

export function Lookup() {
  const input = useRef<HTMLInputElement>(null);
  const loading = lookupLoading.value;
  const problem = lookupProblem.value;
  const prefix = lookupStartText();

  useEffect(() => {
    // A fresh form starts with the site's agency prefix; a form returned to keeps what was typed.
    if (lookupInput.value === '' && prefix) lookupInput.value = prefix;
    input.current?.focus();
  }, []);

  const onKey = (k: CodeKey): void => {
    lookupInput.value = typeDossierCodeKey(lookupInput.value, k);
    if (lookupProblem.value) lookupProblem.value = null;
    input.current?.focus();
  };

  return (
    <section class="screen lookup" data-testid="lookup">
      <h1>{t('lookup.title')}</h1>
      <ScanFirst body={t('lookupScan.body')} testId="lookup-scan-first" locationTestId="lookup-scanner-location" />
      <form
        class="lookup-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submitLookup();
        }}
      >
        <label class="field-label lookup-type-label" for="lookup-input">
          {t('lookupType.title')}
        </label>
        <input
          id="lookup-input"
          ref={input}
          class="code-input"
          data-testid="lookup-input"
          type="text"
          inputMode="none"
          autoComplete="off"
          autoCapitalize="characters"
          spellcheck={false}
          maxLength={120}
          value={lookupInput.value}
          disabled={loading}
          placeholder={DOSSIER_CODE_EXAMPLE}
          aria-describedby={problem ? 'lookup-hint lookup-problem' : 'lookup-hint'}
          aria-invalid={problem ? 'true' : undefined}
          onInput={(e) => {
            lookupInput.value = (e.currentTarget as HTMLInputElement).value.toUpperCase();
            if (lookupProblem.value) lookupProblem.value = null;
          }}
        />
        {problem && (
          <div id="lookup-problem" class="field-problem" role="alert" data-testid="lookup-problem" data-error={problem.kind}>
            <strong>{t(problem.kind === 'empty' ? 'lookupProblem.emptyTitle' : `error.${problem.kind}.title`)}</strong>{' '}
            {problem.kind === 'empty'
              ? t('lookupProblem.empty', { example: DOSSIER_CODE_EXAMPLE })
              : problem.kind === 'invalid_code'
                ? t('lookupProblem.invalid', { code: problem.code, example: DOSSIER_CODE_EXAMPLE })
                : t('error.not_found.body', { code: problem.code, hotline: appInfo.value?.hotline ?? '' })}
          </div>
        )}
        <p class="hint lookup-hint" id="lookup-hint" data-testid="lookup-hint">
          {prefix ? t('lookupType.prefixHint', { prefix }) : t('lookup.example', { example: DOSSIER_CODE_EXAMPLE })}
        </p>
        <CodeKeypad onKey={onKey} />
        <button type="submit" class="btn btn-primary btn-big btn-submit" data-testid="lookup-submit" disabled={loading}>
          {t('lookup.submit')}
        </button>
      </form>
      {loading && (
        <div class="overlay" data-testid="lookup-loading" role="status">
          <div class="overlay-card">
            <div class="spinner" aria-hidden="true" />
            <p class="lead">{t('lookup.loading')}</p>
            <p class="code-echo">{lookupInput.value}</p>
          </div>
        </div>
      )}
    </section>
  );
}

export function LookupErrorScreen(props: { code: string; error: LookupError; hotline: string }) {
  const { error, code, hotline } = props;
  const kind = error === 'server_error' || error === 'rejected' || error === 'internal' ? 'generic' : error;
  const title = t(`error.${kind}.title`);
  const body = t(`error.${kind}.body`, { example: DOSSIER_CODE_EXAMPLE, code: code || '—', hotline });
  return (
    <section class="screen center-screen lookup-error" data-testid="lookup-error" data-error={error}>
      <div class={`big-icon icon-${kind}`}>
        <Icon name={kind === 'not_found' || kind === 'invalid_code' ? 'question' : kind === 'timeout' ? 'clock' : 'warning'} />
      </div>
      <h1>{title}</h1>
      {code && <p class="code-echo">{code}</p>}
      <p class="lead">{body}</p>
      <div class="actions">
        <button type="button" class="btn btn-primary btn-big" data-testid="lookup-retry" onClick={() => retryLookup(error)}>
          {t('common.retry')}
        </button>
        <button type="button" class="btn btn-big" data-testid="lookup-home" onClick={goHome}>
          {t('common.home')}
        </button>
      </div>
    </section>
  );
}
