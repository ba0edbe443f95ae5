/**
 * Getting into maintenance mode (issue 14): the hidden corner (held for `longPressSeconds`, 5 s by
 * default, on the attract screen), the PIN pad, and the screen for a refused technician card.
 * The corner is invisible and out of the accessibility tree: it is not for residents.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ResponseOf } from '../../../main/ipc/contract';
import { invoke } from '../../bridge';
import { t, type MessageKey } from '../../i18n';
import { formatDateTime } from '../../../common/vietnam-time';
import { navigate, wipeSession } from '../../state/app';

export function MaintenanceCorner() {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [seconds, setSeconds] = useState(5);
  useEffect(() => {
    void invoke('maintenance.entry', {}).then((r) => {
      if (r.ok) setSeconds(r.value.longPressSeconds);
    });
    return () => clearTimeout(timer.current);
  }, []);
  const cancel = (e: Event) => {
    e.stopPropagation();
    clearTimeout(timer.current);
  };
  return (
    <div
      class="maint-corner"
      aria-hidden="true"
      data-testid="maint-corner"
      onPointerDown={(e) => {
        e.stopPropagation();
        clearTimeout(timer.current);
        timer.current = setTimeout(() => navigate({ name: 'maintenance-pin' }), seconds * 1000);
      }}
      onPointerUp={cancel}
      onPointerLeave={cancel}
      onPointerCancel={cancel}
      onClick={(e) => e.stopPropagation()}
    />
  );
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'ok'] as const;

export function PinPad(props: { title?: string; onSubmit?: (pin: string) => void; onBack?: () => void }) {
  const [pin, setPin] = useState('');
  const [entry, setEntry] = useState<ResponseOf<'maintenance.entry'> | null>(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (props.onSubmit) return;
    void invoke('maintenance.entry', {}).then((r) => {
      if (!r.ok) return;
      setEntry(r.value);
      if (!r.value.pinConfigured) setMessage(t('maint.pinNone'));
      else if (r.value.lockedUntil) setMessage(t('maint.pinLocked', { time: formatDateTime(r.value.lockedUntil) }));
    });
  }, []);
  const submit = async () => {
    if (busy || pin.length === 0) return;
    const typed = pin;
    setPin('');
    if (props.onSubmit) return props.onSubmit(typed);
    setBusy(true);
    const r = await invoke('maintenance.pin', { pin: typed });
    setBusy(false);
    if (!r.ok) return setMessage(r.error.message);
    const v = r.value;
    // Entered: main's `maintenance.state` event opens the maintenance screens.
    if (v.entered) return setMessage('');
    if (v.reason === 'locked') setMessage(t('maint.pinLocked', { time: formatDateTime(v.lockedUntil ?? '') }));
    else if (v.reason === 'no_pin') setMessage(t('maint.pinNone'));
    else setMessage(t('maint.pinWrong', { left: v.attemptsLeft ?? 0 }));
  };
  // Back to where the corner was: the attract screen, or the out-of-service message when a
  // technician left the kiosk out of service (the corner is on that screen too).
  const back =
    props.onBack ??
    (() =>
      void invoke('maintenance.state', {}).then((r) => {
        if (r.ok && r.value.outOfService) navigate({ name: 'maintenance-closed', message: r.value.outOfService }, { replace: true });
        else wipeSession();
      }));
  return (
    <section class="screen maint-pin" data-testid="maint-pin">
      <h1>{props.title ?? t('maint.pinTitle')}</h1>
      {!props.onSubmit && <p class="hint">{t('maint.pinHint')}</p>}
      <p class="maint-pin-dots" data-testid="maint-pin-dots" aria-live="polite">
        {'•'.repeat(pin.length) || '\u00a0'}
      </p>
      <div class="maint-keys">
        {KEYS.map((k) =>
          k === 'clear' ? (
            <button key={k} type="button" class="btn" onClick={() => setPin('')}>
              {t('maint.pinClear')}
            </button>
          ) : k === 'ok' ? (
            <button key={k} type="button" class="btn btn-primary" data-testid="maint-pin-ok" disabled={busy} onClick={() => void submit()}>
              {t('maint.pinOk')}
            </button>
          ) : (
            <button key={k} type="button" class="btn maint-key" data-testid={`maint-key-${k}`} onClick={() => setPin((p) => (p.length < 12 ? p + k : p))}>
              {k}
            </button>
          ),
        )}
      </div>
      <p class="maint-message" role="status" data-testid="maint-pin-message" data-locked={entry?.lockedUntil ? 'true' : undefined}>
        {message}
      </p>
      <button type="button" class="btn btn-big" data-testid="maint-pin-back" onClick={back}>
        {t('maint.back')}
      </button>
    </section>
  );
}

export function TokenRefused(props: { reason: string }) {
  return (
    <section class="screen center-screen" data-testid="maint-refused" data-reason={props.reason}>
      <h1>{t('maint.refused')}</h1>
      <p class="lead">{t(`maint.refused.${props.reason}` as MessageKey)}</p>
      <button type="button" class="btn btn-big" onClick={() => wipeSession()}>
        {t('maint.back')}
      </button>
    </section>
  );
}

export function MaintenanceClosed(props: { message: string }) {
  return (
    <section class="screen center-screen oos" data-testid="maint-closed">
      <h1>{t('maint.closed')}</h1>
      <p class="lead">{props.message}</p>
    </section>
  );
}
