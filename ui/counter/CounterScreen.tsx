/**
 * The officer's counter screen (profile `counter`, a small screen such as 1024x600): the current
 * ticket, the buttons (gọi số tiếp theo, gọi lại, bỏ qua, bắt đầu, hoàn thành, chuyển), the
 * people waiting for this counter's services, the transfer chooser, and after "Hoàn thành" the
 * resident-facing quick rating of that ticket. Every button asks main, which calls the officer route
 * for the configured counter; the screen shows what the backend answered.
 */
import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { ResponseOf } from '../../main/ipc/contract';
import { invoke, log, on } from '../bridge';
import { QuickRating } from '../components/QuickRating';
import { t, type MessageKey } from '../i18n';

type CounterView = ResponseOf<'counter.view'>;
type Action = 'open' | 'close' | 'call-next' | 'recall' | 'skip' | 'start' | 'finish';

export const counterView = signal<CounterView | null>(null);
export const counterMessage = signal<{ kind: 'info' | 'error'; text: string } | null>(null);
export const counterBusy = signal(false);
export const transferOpen = signal(false);
/** The ticket whose resident is asked to rate (after "Hoàn thành"). */
export const ratingFor = signal<{ id: string; number: string } | null>(null);

const ERRORS: Record<string, MessageKey> = {
  offline: 'counter.error.offline',
  timeout: 'counter.error.timeout',
  rejected: 'counter.error.rejected',
  not_found: 'counter.error.notFound',
  not_configured: 'counter.error.notConfigured',
};

async function refresh(): Promise<void> {
  const r = await invoke('counter.view', {});
  if (r.ok) counterView.value = r.value;
  else if (!counterView.value) counterMessage.value = { kind: 'error', text: t(ERRORS[r.error.code] ?? 'counter.error.generic') };
}

async function act(run: () => ReturnType<typeof invoke<'counter.act'>>, after?: (v: CounterView) => void): Promise<void> {
  if (counterBusy.value) return;
  counterBusy.value = true;
  counterMessage.value = null;
  try {
    const r = await run();
    if (r.ok) {
      counterView.value = r.value;
      if (r.value.notice === 'nobody_waiting') counterMessage.value = { kind: 'info', text: t('counter.nobodyWaiting') };
      after?.(r.value);
    } else {
      log('warn', `counter action failed: ${r.error.code}`);
      counterMessage.value = { kind: 'error', text: t(ERRORS[r.error.code] ?? 'counter.error.generic') };
      void refresh();
    }
  } finally {
    counterBusy.value = false;
  }
}

const doAction = (action: Action) =>
  act(
    () => invoke('counter.act', { action }),
    (v) => {
      if (action === 'finish' && v.finished) ratingFor.value = { id: v.finished.id, number: v.finished.number };
    },
  );

function Button(props: { action: Action | 'transfer'; label: MessageKey; enabled: boolean; primary?: boolean; onClick: () => void }) {
  return (
    <button
      type="button"
      class={`btn counter-btn${props.primary ? ' btn-primary' : ''}`}
      data-testid={`counter-${props.action}`}
      disabled={!props.enabled || counterBusy.value}
      onClick={props.onClick}
    >
      {t(props.label)}
    </button>
  );
}

function TransferChooser(props: { v: CounterView }) {
  const currentService = props.v.current?.serviceId;
  return (
    <div class="counter-dialog" role="dialog" aria-modal="true" aria-labelledby="counter-transfer-title" data-testid="counter-transfer-dialog">
      <h2 id="counter-transfer-title">{t('counter.transferTitle', { number: props.v.current?.number ?? '' })}</h2>
      <div class="counter-services">
        {props.v.services
          .filter((s) => s.id !== currentService)
          .map((s) => (
            <button
              key={s.id}
              type="button"
              class="btn counter-service"
              data-testid={`counter-transfer-${s.id}`}
              onClick={() => {
                transferOpen.value = false;
                void act(
                  () => invoke('counter.transfer', { serviceId: s.id }),
                  () => (counterMessage.value = { kind: 'info', text: t('counter.transferred', { service: s.name }) }),
                );
              }}
            >
              <span class="counter-prefix">{s.prefix}</span> {s.name}
            </button>
          ))}
      </div>
      <button type="button" class="btn" data-testid="counter-transfer-cancel" onClick={() => (transferOpen.value = false)}>
        {t('counter.cancel')}
      </button>
    </div>
  );
}

/**
 * The resident's quick rating of the ticket just served (QuickRating from the ratings work,
 * `rating.submit` with the ticket id, through main's outbox: the rating carries this counter and
 * officer from the ticket). The officer turns the screen to the resident; after the answer a
 * thank-you shows for a few seconds and the panel closes by itself, or with "Đóng".
 */
export const ratingDone = signal<'sent' | 'queued' | 'already_rated' | null>(null);
const THANKS_MS = 6_000;

function RatingPanel(props: { ticket: { id: string; number: string } }) {
  useEffect(() => {
    if (ratingDone.value === null) return;
    const id = setTimeout(() => {
      ratingFor.value = null;
      ratingDone.value = null;
    }, THANKS_MS);
    return () => clearTimeout(id);
  }, [ratingDone.value]);
  const close = () => {
    ratingFor.value = null;
    ratingDone.value = null;
  };
  return (
    <div
      class="counter-dialog counter-rating"
      role="dialog"
      aria-modal="true"
      aria-labelledby="counter-rating-title"
      data-testid="counter-rating"
      data-ticket={props.ticket.id}
    >
      <h2 id="counter-rating-title">{t('counter.rating.title', { number: props.ticket.number })}</h2>
      {ratingDone.value === null ? (
        <QuickRating target={{ ticketId: props.ticket.id }} onDone={(outcome) => (ratingDone.value = outcome.state)} />
      ) : (
        <p class="counter-rating-done" role="status" data-testid="counter-rating-done" data-outcome={ratingDone.value}>
          {ratingDone.value === 'already_rated' ? t('counter.rating.already') : t('rating.thanks.title')}
          {ratingDone.value === 'queued' ? ` ${t('rating.thanks.queued')}` : ''}
        </p>
      )}
      <button type="button" class="btn" data-testid="counter-rating-close" onClick={close}>
        {t('counter.rating.close')}
      </button>
    </div>
  );
}

const STATE_LABEL: Record<string, MessageKey> = {
  called: 'counter.state.called',
  serving: 'counter.state.serving',
};

export function CounterScreen() {
  useEffect(() => {
    void refresh();
    // The waiting count changes with every ticket issued: follow the hall's events (debounced).
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = on('hall.update', () => {
      clearTimeout(timer);
      timer = setTimeout(() => void refresh(), 300);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, []);
  const v = counterView.value;
  const msg = counterMessage.value;
  if (v && !v.configured) {
    return (
      <div class="counter" data-testid="counter">
        <main class="counter-body">
          <p class="counter-msg error" role="alert" data-testid="counter-not-configured">
            {t('counter.error.notConfigured')}
          </p>
        </main>
      </div>
    );
  }
  const cur = v?.current ?? null;
  const called = cur?.state === 'called';
  const serving = cur?.state === 'serving';
  return (
    <div class="counter" data-testid="counter">
      <header class="counter-head">
        <h1>{v?.counter ? t('counter.title', { n: v.counter }) : t('counter.loading')}</h1>
        {v?.officer && <p class="counter-officer">{t('counter.officer', { name: v.officer.name })}</p>}
        <p class="counter-waiting" data-testid="counter-waiting" data-waiting={v?.waiting ?? ''}>
          {t('counter.waiting', { n: v?.waiting ?? 0 })}
        </p>
      </header>
      <main class="counter-body">
        <section class="counter-current" aria-live="polite" data-testid="counter-current" data-number={cur?.number ?? ''} data-state={cur?.state ?? ''}>
          {cur ? (
            <>
              <span class="counter-number">{cur.number}</span>
              <span class="counter-state">{t(STATE_LABEL[cur.state] ?? 'counter.state.other')}</span>
              <span class="counter-service-name">{cur.serviceName}</span>
            </>
          ) : (
            <span class="counter-idle">{v && !v.open ? t('counter.closed') : t('counter.idle')}</span>
          )}
        </section>
        <p class={`counter-msg ${msg?.kind ?? ''}`} role="status" data-testid="counter-message">
          {msg?.text ?? ''}
        </p>
        <div class="counter-buttons">
          {v && !v.open ? (
            <Button action="open" label="counter.open" primary enabled onClick={() => void doAction('open')} />
          ) : (
            <Button action="call-next" label="counter.callNext" primary enabled={!!v && !cur} onClick={() => void doAction('call-next')} />
          )}
          <Button action="recall" label="counter.recall" enabled={called} onClick={() => void doAction('recall')} />
          <Button action="skip" label="counter.skip" enabled={called} onClick={() => void doAction('skip')} />
          <Button action="start" label="counter.start" enabled={called} onClick={() => void doAction('start')} />
          <Button action="finish" label="counter.finish" enabled={serving} onClick={() => void doAction('finish')} />
          <Button action="transfer" label="counter.transfer" enabled={called || serving} onClick={() => (transferOpen.value = true)} />
          {v?.open && !cur && <Button action="close" label="counter.close" enabled onClick={() => void doAction('close')} />}
        </div>
      </main>
      {transferOpen.value && v && <TransferChooser v={v} />}
      {ratingFor.value && <RatingPanel ticket={ratingFor.value} />}
    </div>
  );
}
