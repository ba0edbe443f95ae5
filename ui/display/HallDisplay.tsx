/**
 * The hall's TV (profile `display`, landscape 1920x1080): "Đang mời" ticket → quầy large, the
 * last calls, people waiting per service, the announcements as a ticker, and a clear banner when
 * the link to the center's system is down (the last known state stays on screen). No resident
 * session, no idle timeout, no attract loop: it only listens to main (`hall.update`).
 *
 * The voice is not played here: main's announcer plays calls one after another through the sound
 * card (drivers/voice/announcer.ts says why), so the page needs no network and no audio permission.
 */
import { signal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import type { ResponseOf } from '../../main/ipc/contract';
import { formatTime } from '../../common/vietnam-time';
import { invoke, log, on } from '../bridge';
import { t } from '../i18n';
import { appInfo } from '../state/app';

type HallView = ResponseOf<'hall.view'>;

export const hallView = signal<HallView | null>(null);
export const hallError = signal<string | null>(null);

/** Loads the state once, then follows `hall.update`; retries the first load until it works. */
export function installHall(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const off = on('hall.update', (v) => {
    hallView.value = v;
    hallError.value = null;
  });
  const load = async () => {
    const r = await invoke('hall.view', {});
    if (r.ok) {
      if (!hallView.value || (r.value.updatedAt ?? '') >= (hallView.value.updatedAt ?? '')) hallView.value = r.value;
      hallError.value = null;
    } else {
      log('warn', `hall.view failed: ${r.error.code}`);
      hallError.value = r.error.code;
      timer = setTimeout(() => void load(), 3000);
    }
  };
  void load();
  return () => {
    off();
    clearTimeout(timer);
  };
}

function Clock() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(id);
  }, []);
  return (
    <time class="hall-clock" data-testid="hall-clock">
      {formatTime(now)}
    </time>
  );
}

export function HallDisplay() {
  useEffect(() => installHall(), []);
  const v = hallView.value;
  const site = appInfo.value?.siteName ?? '';
  return (
    <div class="hall" data-testid="hall" data-connected={v ? String(v.connected) : 'unknown'}>
      <header class="hall-head">
        <h1 class="hall-site">{site}</h1>
        <p class="hall-sub">{t('hall.subtitle')}</p>
        <Clock />
      </header>
      {v && !v.connected && (
        <div class="hall-down" role="status" data-testid="hall-down">
          <strong>{t('hall.down')}</strong>
          {v.updatedAt && <span> · {t('hall.lastUpdate', { time: formatTime(v.updatedAt) })}</span>}
        </div>
      )}
      {!v || !v.loaded ? (
        <main class="hall-body hall-wait" data-testid="hall-loading">
          <p>{hallError.value ? t('hall.unavailable') : t('hall.loading')}</p>
        </main>
      ) : (
        <main class="hall-body">
          <section class="hall-now" aria-labelledby="hall-now-title" aria-live="polite" data-testid="hall-now">
            <h2 id="hall-now-title">{t('hall.nowCalling')}</h2>
            {v.nowCalling ? (
              <div class="hall-now-call" key={v.nowCalling.eventId} data-number={v.nowCalling.number} data-counter={v.nowCalling.counter}>
                <span class="hall-now-number" data-testid="hall-now-number">
                  {v.nowCalling.number}
                </span>
                <span class="hall-arrow" aria-hidden="true">
                  →
                </span>
                <span class="hall-now-counter" data-testid="hall-now-counter">
                  {t('hall.counter', { n: v.nowCalling.counter })}
                </span>
                <span class="hall-now-service">{v.nowCalling.serviceName}</span>
                {v.nowCalling.recall && <span class="hall-recall">{t('hall.recall')}</span>}
              </div>
            ) : (
              <p class="hall-none">{t('hall.noneYet')}</p>
            )}
          </section>
          <section class="hall-recent" aria-labelledby="hall-recent-title">
            <h2 id="hall-recent-title">{t('hall.recent')}</h2>
            <ol data-testid="hall-recent">
              {v.recent.map((c) => (
                <li key={c.eventId + c.ticketId} data-number={c.number}>
                  <span class="hall-recent-number">{c.number}</span>
                  <span class="hall-recent-counter">{t('hall.counter', { n: c.counter })}</span>
                </li>
              ))}
            </ol>
            {v.recent.length === 0 && <p class="hall-none">{t('hall.noRecent')}</p>}
          </section>
          <section class="hall-waiting" aria-labelledby="hall-waiting-title">
            <h2 id="hall-waiting-title">{t('hall.waitingTitle')}</h2>
            <ul data-testid="hall-waiting">
              {v.waiting.map((w) => (
                <li key={w.serviceId} data-service={w.serviceId} data-waiting={w.waiting} class={w.open ? '' : 'closed'}>
                  <span class="hall-prefix">{w.prefix}</span>
                  <span class="hall-service">{w.name}</span>
                  <span class="hall-count">{w.open ? t('hall.waiting', { n: w.waiting }) : t('hall.closedService')}</span>
                </li>
              ))}
            </ul>
          </section>
        </main>
      )}
      <footer class="hall-foot">
        {v && v.ticker.length > 0 ? (
          <div class="hall-ticker" data-testid="hall-ticker">
            <p class="hall-ticker-text">{v.ticker.join('   •   ')}</p>
          </div>
        ) : (
          <div class="hall-ticker" />
        )}
        {v && !v.voice.on && (
          <span class="hall-voice-off" data-testid="hall-voice-off">
            {t('hall.voiceOff')}
          </span>
        )}
      </footer>
    </div>
  );
}
