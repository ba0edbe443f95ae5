/**
 * The queue ticket (issue 13), shown large: the number, the service, the priority, the people
 * ahead and the estimated wait, the QR to follow the turn on a phone (online tickets), and the
 * printer's outcome said honestly. The session ends after `queueTicketSeconds` (a slow reader's
 * time), with the seconds shown, or at once with "Xong" (ui/state/queue.ts leaveTicket).
 */
import { useEffect, useState } from 'preact/hooks';
import { QrCode } from '../components/QrCode';
import { t } from '../i18n';
import { goHome, screen } from '../state/app';
import { leaveTicket, queueReprint, queueTicket, reprintTicket, ticketScreenMs } from '../state/queue';
import { priorityLabel } from './Queue';

function printMessage(state: string, number: string): string {
  switch (state) {
    case 'printed':
      return t('queue.ticket.printed');
    case 'queued':
      return t('queue.ticket.queued', { number });
    case 'limited':
      return t('queue.ticket.limited', { number });
    case 'printing':
      return t('queue.ticket.printing');
    default:
      return t('queue.ticket.unavailable', { number });
  }
}

export function QueueTicketScreen() {
  const issued = queueTicket.value;
  const [left, setLeft] = useState(() => Math.round(ticketScreenMs() / 1000));
  useEffect(() => {
    const until = Date.now() + ticketScreenMs();
    const timer = setInterval(() => {
      const s = Math.max(0, Math.round((until - Date.now()) / 1000));
      setLeft(s);
      if (s === 0 && screen.value.name === 'queue-ticket') leaveTicket();
    }, 1000);
    return () => clearInterval(timer);
  }, []);
  if (!issued) {
    goHome();
    return null;
  }
  const tk = issued.ticket;
  const reprint = queueReprint.value;
  const printState = reprint && 'state' in reprint ? reprint.state : issued.print.state;
  return (
    <section class="screen queue-ticket" data-testid="queue-ticket" data-source={tk.source}>
      <p class="queue-ticket-label">{t('queue.ticket.label')}</p>
      <p class="queue-ticket-number" data-testid="queue-ticket-number">
        {tk.number}
      </p>
      <p class="queue-ticket-service" data-testid="queue-ticket-service">
        {tk.serviceName}
      </p>
      {tk.priority && (
        <p class="queue-ticket-fact" data-testid="queue-ticket-priority" data-priority={tk.priority}>
          {t('queue.ticket.priority', { category: priorityLabel(tk.priority) })}
        </p>
      )}
      {tk.appointmentCode && <p class="queue-ticket-fact">{t('queue.ticket.appointment', { code: tk.appointmentCode })}</p>}
      <p class="queue-ticket-fact" data-testid="queue-ticket-ahead">
        {tk.ahead === null ? t('queue.ticket.aheadUnknown') : tk.ahead === 0 ? t('queue.ticket.aheadNone') : t('queue.ticket.ahead', { count: tk.ahead })}
      </p>
      <p class="queue-ticket-fact" data-testid="queue-ticket-wait">
        {tk.estimatedWaitMinutes === null
          ? t('queue.ticket.waitUnknown')
          : tk.estimatedWaitMinutes === 0
            ? t('queue.ticket.waitNone')
            : t('queue.ticket.wait', { minutes: tk.estimatedWaitMinutes })}
      </p>
      {tk.source === 'lease' && (
        <p class="notice notice-warn" data-testid="queue-ticket-offline">
          {t('queue.ticket.offline')}
        </p>
      )}
      {tk.qr && (
        <figure class="queue-ticket-qr">
          <QrCode size={tk.qr.size} bits={tk.qr.bits} label={t('queue.ticket.qr')} px={280} testId="queue-ticket-qr" />
          <figcaption>{t('queue.ticket.qr')}</figcaption>
        </figure>
      )}
      <p class={`notice${printState === 'printed' ? '' : ' notice-warn'}`} role="status" data-testid="queue-ticket-print" data-state={printState}>
        {printMessage(printState, tk.number)}
      </p>
      {reprint && 'error' in reprint && (
        <p class="notice notice-error" role="alert" data-testid="queue-reprint-error" data-error={reprint.error}>
          {reprint.error === 'too_many' ? t('print.tooMany') : t('print.failed')}
        </p>
      )}
      <div class="queue-ticket-actions">
        {issued.print.state !== 'unavailable' && (
          <button type="button" class="btn btn-big" data-testid="queue-reprint" disabled={printState === 'printing'} onClick={() => void reprintTicket()}>
            {t('queue.ticket.reprint')}
          </button>
        )}
        <button type="button" class="btn btn-primary btn-big" data-testid="queue-done" onClick={leaveTicket}>
          {t('queue.ticket.done')}
        </button>
      </div>
      <p class="queue-ticket-countdown" data-testid="queue-ticket-countdown">
        {t('queue.ticket.countdown', { seconds: left })}
      </p>
    </section>
  );
}
