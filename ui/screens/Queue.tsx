/**
 * "Lấy số thứ tự" (issue 13): the services grouped by sector with people waiting and the estimated
 * wait, the priority question with its gentle confirmation, and the offline refusal. The ticket:
 * QueueTicket.tsx; the appointment check-in: QueueAppointment.tsx. State: ui/state/queue.ts.
 */
import { useEffect, useState } from 'preact/hooks';
import type { PriorityCategory } from '../../main/ipc/contract';
import { Icon } from '../components/Icon';
import { formatDateTime } from '../../common/vietnam-time';
import { t, type MessageKey } from '../i18n';
import { goHome, navigate } from '../state/app';
import {
  chooseService,
  loadQueueServices,
  PRIORITY_CATEGORIES,
  queueChoice,
  queueConfirm,
  queueIssue,
  queueServices,
  refusesOffline,
  takeTicket,
  type QueueService,
} from '../state/queue';

export function priorityLabel(c: PriorityCategory): string {
  return t(`queue.priority.${c}` as MessageKey);
}

function ServiceButton(props: { s: QueueService }) {
  const s = props.s;
  const wait = !s.open
    ? t('queue.closed')
    : s.estimatedWaitMinutes === null
      ? null
      : s.estimatedWaitMinutes === 0
        ? t('queue.waitNone')
        : t('queue.wait', { minutes: s.estimatedWaitMinutes });
  return (
    <button
      type="button"
      class={`btn queue-service${s.open ? '' : ' queue-service-closed'}`}
      data-testid={`queue-service-${s.id}`}
      data-open={s.open ? 'true' : 'false'}
      disabled={!s.open}
      onClick={() => chooseService(s)}
    >
      <span class="queue-service-name">{s.name}</span>
      <span class="queue-service-facts">
        <span data-testid={`queue-waiting-${s.id}`}>{t('queue.waiting', { count: s.waiting })}</span>
        {wait && <span data-testid={`queue-wait-${s.id}`}>{wait}</span>}
      </span>
    </button>
  );
}

export function QueueOffline() {
  return (
    <section class="screen center-screen queue-offline" data-testid="queue-offline">
      <div class="big-icon icon-warning">
        <Icon name="warning" />
      </div>
      <h1>{t('queue.offline.title')}</h1>
      <p class="lead">{t('queue.offline.body')}</p>
      <button type="button" class="btn btn-primary btn-big" data-testid="queue-home" onClick={goHome}>
        {t('common.home')}
      </button>
    </section>
  );
}

export function Queue() {
  useEffect(() => void loadQueueServices(), []);
  const phase = queueServices.value;
  if (phase.kind === 'ready' && refusesOffline(phase.list)) return <QueueOffline />;
  return (
    <section class="screen queue" data-testid="queue">
      <h1>{t('queue.title')}</h1>
      {phase.kind === 'loading' && (
        <p class="lead" role="status">
          {t('common.loading')}
        </p>
      )}
      {phase.kind === 'error' && (
        <div class="notice notice-error" role="alert" data-testid="queue-error" data-error={phase.code}>
          <p>{t('queue.error')}</p>
          <button type="button" class="btn btn-primary" onClick={() => void loadQueueServices()}>
            {t('common.retry')}
          </button>
        </div>
      )}
      {phase.kind === 'ready' && (
        <>
          <p class="lead">{t('queue.lead')}</p>
          {phase.list.offline && (
            <p class="notice notice-warn" role="status" data-testid="queue-offline-lease">
              {phase.list.fetchedAt ? t('queue.offlineLease', { time: formatDateTime(phase.list.fetchedAt) }) : t('queue.offlineLeaseNever')}
            </p>
          )}
          {phase.list.sectors.length === 0 && <p class="notice">{t('queue.empty')}</p>}
          {phase.list.sectors.map((sector) => (
            <section class="queue-sector" key={sector.name} aria-label={sector.name}>
              <h2>{sector.name}</h2>
              <div class="queue-services">
                {sector.services.map((s) => (
                  <ServiceButton s={s} key={s.id} />
                ))}
              </div>
            </section>
          ))}
        </>
      )}
      <button
        type="button"
        class="btn btn-big queue-appointment-button"
        data-testid="queue-appointment"
        onClick={() => navigate({ name: 'queue-appointment' })}
      >
        <Icon name="clock" />
        {t('queue.appointment')}
      </button>
    </section>
  );
}

/**
 * A screen's buttons take no tap for the first moments after it appears (or changes), so the second
 * tap of a double tap on the screen before never lands on what is now under the finger (a service's
 * button sits where "Không, lấy số thường" appears). They are drawn as usual meanwhile.
 */
export const TAP_GUARD_MS = 450;
function useTapGuard(key: unknown): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    setReady(false);
    const timer = setTimeout(() => setReady(true), TAP_GUARD_MS);
    return () => clearTimeout(timer);
  }, [key]);
  return ready;
}

export function QueuePriority() {
  const choice = queueChoice.value;
  const confirm = queueConfirm.value;
  const issue = queueIssue.value;
  const suggested = queueServices.value.kind === 'ready' ? queueServices.value.list.suggestedPriority : null;
  const ready = useTapGuard(confirm);
  if (!choice) {
    goHome();
    return null;
  }
  const busy = issue.kind === 'issuing';
  const off = busy || !ready;
  return (
    <section class={`screen queue-priority${ready ? '' : ' guarding'}`} data-testid="queue-priority" aria-busy={busy ? 'true' : 'false'}>
      <h1>{t('queue.priority.title')}</h1>
      <p class="lead">{t('queue.priority.service', { service: choice.service.name })}</p>
      {suggested && (
        <p class="notice" data-testid="queue-priority-from-card">
          {t('queue.priority.fromCard')}
        </p>
      )}
      {confirm ? (
        // The confirmation takes the list's place: nothing moves under the finger that chose.
        <div class="queue-confirm" role="group" aria-labelledby="queue-confirm-text" data-testid="queue-confirm" data-category={confirm}>
          <p id="queue-confirm-text" class="queue-confirm-text">
            {t('queue.priority.confirm', { category: priorityLabel(confirm) })}
          </p>
          <p>{t('queue.priority.confirmNote')}</p>
          <div class="queue-confirm-actions">
            <button type="button" class="btn btn-primary btn-big" data-testid="queue-confirm-yes" disabled={off} onClick={() => void takeTicket(confirm)}>
              {t('queue.priority.yes')}
            </button>
            <button type="button" class="btn btn-big" data-testid="queue-confirm-no" disabled={off} onClick={() => (queueConfirm.value = null)}>
              {t('queue.priority.no')}
            </button>
          </div>
        </div>
      ) : (
        <div class="queue-priorities">
          <button type="button" class="btn btn-big btn-primary" data-testid="queue-priority-none" disabled={off} onClick={() => void takeTicket(null)}>
            {t('queue.priority.none')}
          </button>
          {PRIORITY_CATEGORIES.map((c) => (
            <button
              type="button"
              key={c}
              class="btn btn-big queue-priority-option"
              data-testid={`queue-priority-${c}`}
              disabled={off}
              onClick={() => (queueConfirm.value = c)}
            >
              {priorityLabel(c)}
            </button>
          ))}
        </div>
      )}
      {busy && (
        <p class="lead" role="status" data-testid="queue-issuing">
          {t('queue.issuing')}
        </p>
      )}
      {issue.kind === 'error' && (
        <p class="notice notice-error" role="alert" data-testid="queue-issue-error" data-error={issue.code}>
          {t('queue.issueError')}
        </p>
      )}
    </section>
  );
}
