import { useEffect, useRef } from 'preact/hooks';
import { Icon } from '../components/Icon';
import { applyKey, Keyboard, type KeyValue } from '../components/Keyboard';
import { t } from '../i18n';
import { goHome, lookupInput, lookupLoading } from '../state/app';
import { DOSSIER_CODE_EXAMPLE } from '../../common/dossier-code';
import { retryLookup, submitLookup, type LookupError } from '../state/lookup';

export function Lookup() {
  const input = useRef<HTMLInputElement>(null);
  const loading = lookupLoading.value;

  useEffect(() => {
    input.current?.focus();
  }, []);

  const onKey = (k: KeyValue): void => {
    lookupInput.value = applyKey(lookupInput.value, k);
    input.current?.focus();
  };

  return (
    <section class="screen lookup" data-testid="lookup">
      <h1>{t('lookup.title')}</h1>
      <form
        class="lookup-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submitLookup();
        }}
      >
        <label class="field-label" for="lookup-input">
          {t('lookup.prompt')}
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
          onInput={(e) => {
            lookupInput.value = (e.currentTarget as HTMLInputElement).value.toUpperCase();
          }}
        />
        <p class="hint">
          {t('lookup.example', { example: DOSSIER_CODE_EXAMPLE })} · {t('lookup.scanHint')}
        </p>
        <Keyboard onKey={onKey} />
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
