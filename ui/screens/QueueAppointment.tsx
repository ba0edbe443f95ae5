/**
 * Appointment check-in (issue 13): the code from a scanned appointment QR (checked in at once) or
 * typed on the keypad ("Tôi có lịch hẹn"); every appointment problem has its own message, and a
 * late resident is offered a regular number. On success: the ticket (QueueTicket.tsx).
 */
import { useEffect, useRef } from 'preact/hooks';
import { CodeKeypad, type CodeKey } from '../components/CodeKeypad';
import { t, type MessageKey } from '../i18n';
import { navigate } from '../state/app';
import { appointmentInput, appointmentPhase, appointmentProblem, checkIn, openAppointmentScan, typeAppointmentKey, type QueueErrorCode } from '../state/queue';

const EXAMPLE = 'LH-260314-0007';

const OWN_MESSAGES: ReadonlySet<string> = new Set([
  'appointment_not_found',
  'appointment_wrong_day',
  'appointment_too_early',
  'appointment_too_late',
  'appointment_used',
  'appointment_cancelled',
  'appointment_other_center',
]);

export function appointmentMessage(code: QueueErrorCode): string {
  if (OWN_MESSAGES.has(code)) return t(`queue.appointment.error.${code}` as MessageKey);
  if (code === 'offline' || code === 'timeout' || code === 'queue_offline') return t('queue.appointment.error.offline');
  return t('queue.appointment.error.generic');
}

export function QueueAppointment(props: { code?: string | undefined }) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (props.code) openAppointmentScan(props.code);
    else input.current?.focus();
  }, [props.code]);
  const phase = appointmentPhase.value;
  const problem = appointmentProblem.value;
  const busy = phase.kind === 'issuing';
  const onKey = (k: CodeKey): void => {
    appointmentInput.value = typeAppointmentKey(appointmentInput.value, k);
    appointmentProblem.value = null;
    if (appointmentPhase.value.kind === 'error') appointmentPhase.value = { kind: 'idle' };
    input.current?.focus();
  };
  return (
    <section class="screen lookup queue-appointment" data-testid="queue-appointment-screen" aria-busy={busy ? 'true' : 'false'}>
      <h1>{t('queue.appointment.title')}</h1>
      <p class="lead">{t('queue.appointment.lead', { example: EXAMPLE })}</p>
      <form
        class="lookup-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void checkIn(appointmentInput.value);
        }}
      >
        <label class="field-label" for="appointment-input">
          {t('queue.appointment.label')}
        </label>
        <input
          id="appointment-input"
          ref={input}
          class="code-input"
          data-testid="appointment-input"
          type="text"
          inputMode="none"
          autoComplete="off"
          spellcheck={false}
          maxLength={30}
          value={appointmentInput.value}
          placeholder={EXAMPLE}
          aria-invalid={problem ? 'true' : undefined}
          aria-describedby={problem ? 'appointment-problem' : undefined}
          onInput={(e) => {
            appointmentInput.value = (e.currentTarget as HTMLInputElement).value.toUpperCase();
            appointmentProblem.value = null;
          }}
        />
        {problem && (
          <div id="appointment-problem" class="field-problem" role="alert" data-testid="appointment-problem" data-error={problem}>
            {problem === 'empty' ? t('queue.appointment.empty') : t('queue.appointment.format', { example: EXAMPLE })}
          </div>
        )}
        {phase.kind === 'error' && (
          <div class="notice notice-error" role="alert" data-testid="appointment-error" data-error={phase.code}>
            <p>{appointmentMessage(phase.code)}</p>
            {phase.code === 'appointment_too_late' && (
              <button type="button" class="btn btn-primary" data-testid="appointment-walk-in" onClick={() => navigate({ name: 'queue' }, { replace: true })}>
                {t('queue.appointment.walkIn')}
              </button>
            )}
          </div>
        )}
        {busy && (
          <p class="lead" role="status" data-testid="appointment-checking">
            {t('queue.appointment.checking')}
          </p>
        )}
        <CodeKeypad onKey={onKey} />
        <button type="submit" class="btn btn-primary btn-big btn-submit" data-testid="appointment-submit" disabled={busy}>
          {t('queue.appointment.submit')}
        </button>
      </form>
    </section>
  );
}
