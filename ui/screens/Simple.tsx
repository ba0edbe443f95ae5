import { useEffect, useState } from 'preact/hooks';
import { Icon } from '../components/Icon';
import { t } from '../i18n';
import { loadAppInfo, nextRetryAt } from '../state/app';

export function OutOfService() {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  const seconds = Math.max(0, Math.ceil((nextRetryAt.value - now) / 1000));
  return (
    <section class="screen center-screen oos" data-testid="out-of-service">
      <div class="big-icon">
        <Icon name="warning" />
      </div>
      <h1>{t('oos.title')}</h1>
      <p class="lead">{t('oos.body')}</p>
      <p class="hint">{t('oos.retry', { seconds })}</p>
      <button type="button" class="btn btn-big" data-testid="oos-retry" onClick={() => void loadAppInfo()}>
        {t('common.retry')}
      </button>
    </section>
  );
}

export function Starting() {
  return (
    <section class="screen center-screen" data-testid="starting">
      <div class="spinner" aria-hidden="true" />
      <p class="lead">{t('app.starting')}</p>
    </section>
  );
}
