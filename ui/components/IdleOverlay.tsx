import { t } from '../i18n';
import { idleWarning, touch } from '../state/app';

export function IdleOverlay() {
  const left = idleWarning.value;
  if (left === null) return null;
  return (
    <div
      class="overlay"
      data-testid="idle-warning"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="idle-title"
      aria-describedby="idle-body"
      onClick={touch}
    >
      <div class="overlay-card">
        <h2 id="idle-title">{t('idle.title')}</h2>
        <p id="idle-body">{t('idle.body')}</p>
        <div class="countdown">
          <span data-testid="idle-countdown">{left}</span> {t('idle.seconds')}
        </div>
        <button type="button" class="btn btn-primary btn-big" data-testid="idle-continue" onClick={touch}>
          {t('idle.continue')}
        </button>
      </div>
    </div>
  );
}
