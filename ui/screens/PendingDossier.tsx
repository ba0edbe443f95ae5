/** A submission still waiting in the kiosk's outbox: "Đang chờ gửi" and its local reference. */
import type { PendingDossier } from '../../main/ipc/contract';
import { formatDateTime } from '../../common/vietnam-time';
import { t } from '../i18n';
import { appInfo } from '../state/app';
import { DossierActions } from '../components/DossierActions';

export function PendingDossierStatus(props: { dossier: PendingDossier }) {
  const d = props.dossier;
  return (
    <section class="screen dossier" data-testid="dossier-status" data-pending="true">
      <div class="dossier-head">
        <div class="field-label">{t('pending.localRef')}</div>
        <div class="dossier-code" data-testid="dossier-code">
          {d.localRef}
        </div>
        <div class="badges">
          <span class="badge state-pending_send" data-testid="dossier-state" data-state={d.state}>
            {t('state.pending_send')}
          </span>
        </div>
      </div>
      <div class={`notice ${d.delivery === 'failed' ? 'notice-warn' : ''}`} data-testid="dossier-pending-note">
        {d.delivery === 'failed' ? t('pending.failed', { hotline: appInfo.value?.hotline ?? '' }) : t('pending.waiting')}
      </div>
      <dl class="facts">
        <dt>{t('dossier.procedure')}</dt>
        <dd data-testid="dossier-procedure">{d.procedure.name}</dd>
        <dt>{t('pending.queuedAt')}</dt>
        <dd data-testid="dossier-queued">{formatDateTime(d.queuedAt)}</dd>
      </dl>
      <DossierActions />
    </section>
  );
}
