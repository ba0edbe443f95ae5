/** After "Kết thúc": the session's data was erased (main confirmed), then the attract loop. */
import { useEffect, useState } from 'preact/hooks';
import { Icon } from '../components/Icon';
import { t } from '../i18n';
import { FINISHED_SCREEN_MS } from '../state/app';

export function SessionEnded() {
  const [left, setLeft] = useState(Math.ceil(FINISHED_SCREEN_MS / 1000));
  useEffect(() => {
    const id = setInterval(() => setLeft((n) => Math.max(1, n - 1)), 1000);
    return () => clearInterval(id);
  }, []);
  return (
    <section class="screen center-screen session-ended" data-testid="session-ended">
      <div class="big-icon icon-ok" aria-hidden="true">
        <Icon name="check" />
      </div>
      <h1>{t('ended.title')}</h1>
      <p class="lead" role="status" data-testid="session-erased">
        {t('ended.erased')}
      </p>
      <p class="lead">{t('ended.thanks')}</p>
      <p class="hint">{t('ended.returning', { seconds: left })}</p>
    </section>
  );
}
