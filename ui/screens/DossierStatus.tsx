import { formatDate, formatDateTime, vnDate } from '../../common/vietnam-time';
import { nextStepSentence } from '../../common/next-step';
import { formatMoney } from '../../common/money';
import { lang, STATE_KEYS, t } from '../i18n';
import { appInfo } from '../state/app';
import type { Dossier } from '../state/app';
import { DossierActions } from '../components/DossierActions';
import { PendingDossierStatus } from './PendingDossier';
import { PrintButton } from '../components/PrintButton';

/** A dossier whose result is out (or refused) can be rated (issue 13): "Đánh giá" on its status. */
const RATEABLE_STATES: readonly string[] = ['result_ready', 'returned', 'rejected'];

export function DossierStatus(props: { dossier: Dossier }) {
  const d = props.dossier;
  if (d.state === 'pending_send') return <PendingDossierStatus dossier={d} />;
  const history = [...d.stateHistory].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return (
    <section class="screen dossier" data-testid="dossier-status">
      <div class="dossier-head">
        <div class="field-label">{t('dossier.code')}</div>
        <div class="dossier-code" data-testid="dossier-code">
          {d.dossierCode}
        </div>
        <div class="badges">
          <span class={`badge state-${d.state}`} data-testid="dossier-state" data-state={d.state}>
            {t(STATE_KEYS[d.state])}
          </span>
          {d.overdue && (
            <span class="badge badge-overdue" data-testid="dossier-overdue">
              {t('state.overdue')}
            </span>
          )}
        </div>
      </div>
      <div class="notice notice-next" data-testid="dossier-next-step" data-state={d.state}>
        <strong>{t('dossier.nextStep')}:</strong>{' '}
        <span data-testid="dossier-next-step-text">
          {nextStepSentence(d, { lang: lang.value, hotline: appInfo.value?.hotline ?? '', today: vnDate(new Date()) })}
        </span>
      </div>
      {d.state === 'needs_supplement' && d.supplementNote && (
        <div class="notice notice-warn" data-testid="dossier-supplement">
          <strong>{t('dossier.supplement')}:</strong> {d.supplementNote}
        </div>
      )}
      <dl class="facts">
        <dt>{t('dossier.procedure')}</dt>
        <dd data-testid="dossier-procedure">{d.procedure.name}</dd>
        <dt>{t('dossier.agency')}</dt>
        <dd data-testid="dossier-agency">{d.agency.name}</dd>
        <dt>{t('dossier.applicant')}</dt>
        <dd data-testid="dossier-applicant">{d.applicantName}</dd>
        <dt>{t('dossier.received')}</dt>
        <dd data-testid="dossier-received">{formatDateTime(d.receivedAt)}</dd>
        <dt>{t('dossier.due')}</dt>
        <dd data-testid="dossier-due-date" class={d.overdue ? 'overdue-text' : undefined}>
          {formatDate(d.dueDate)}
        </dd>
        <dt>{t('dossier.fees')}</dt>
        <dd data-testid="dossier-fees" class="money">
          {d.feesDue > 0 ? formatMoney(d.feesDue) : t('common.none')}
        </dd>
      </dl>
      <h2>{t('dossier.history')}</h2>
      <ol class="timeline" data-testid="dossier-timeline">
        {history.map((h, i) => (
          <li key={`${h.at}-${i}`} class={`tl-item state-${h.state}${i === history.length - 1 ? ' tl-current' : ''}`}>
            <span class="tl-dot" aria-hidden="true" />
            <div class="tl-body">
              <div class="tl-state">{t(STATE_KEYS[h.state])}</div>
              <div class="tl-time">{formatDateTime(h.at)}</div>
              {h.note && <div class="tl-note">{h.note}</div>}
            </div>
          </li>
        ))}
      </ol>
      <DossierActions payCode={d.feesDue > 0 ? d.dossierCode : undefined} rateCode={RATEABLE_STATES.includes(d.state) ? d.dossierCode : undefined}>
        <PrintButton code={d.dossierCode} />
      </DossierActions>
    </section>
  );
}
