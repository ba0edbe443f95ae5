import { useEffect, useState } from 'preact/hooks';
import { formatDate, formatTime } from '../../common/vietnam-time';
import { t, toggleLanguage } from '../i18n';
import { appInfo, back, canGoBack, endSession, goHome, screen } from '../state/app';
import { highContrast, largeText, toggleHighContrast, toggleLargeText } from '../state/display';

export function Clock() {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 5_000);
    return () => clearInterval(id);
  }, []);
  return (
    <div class="clock" aria-live="off">
      <span class="clock-time">{formatTime(now)}</span>
      <span class="clock-date">{formatDate(now)}</span>
    </div>
  );
}

export function Header() {
  const name = screen.value.name;
  const onHome = name === 'home';
  return (
    <header class="header">
      <div class="header-top">
        <div class="site">
          <div class="site-emblem" aria-hidden="true">
            ★
          </div>
          <div>
            <div class="site-name">{appInfo.value?.siteName ?? t('app.name')}</div>
            {/* The product name under the site's, unless the site kept the default name. */}
            {appInfo.value && appInfo.value.siteName !== t('app.name') && <div class="site-sub">{t('app.name')}</div>}
          </div>
        </div>
        <Clock />
      </div>
      {/* Away from home: the way back and "Kết thúc" on one row, the resident's tools (text size,
          contrast, language) on their own row below; at home the tools and "Kết thúc" share one.
          Six buttons do not fit one row of a portrait screen, and wrapped one by one they broke
          into a ragged pair of rows. */}
      <nav class="header-nav">
        {!onHome && (
          <div class="nav-group">
            <button type="button" class="btn btn-nav" data-testid="nav-back" onClick={() => (canGoBack.value ? back() : goHome())}>
              ← {t('common.back')}
            </button>
            <button type="button" class="btn btn-nav" data-testid="nav-home" onClick={goHome}>
              ⌂ {t('common.home')}
            </button>
          </div>
        )}
        {!onHome && <FinishButton />}
        <div class={onHome ? 'nav-group nav-tools' : 'nav-group nav-tools nav-tools-row'}>
          <DisplayToggles />
          <button type="button" class="btn btn-nav" data-testid="lang-toggle" onClick={toggleLanguage}>
            {t('lang.toggle')}
          </button>
          {onHome && <FinishButton />}
        </div>
      </nav>
    </header>
  );
}

/** "Kết thúc": ends the resident's session, wipes what it held, back to the attract loop. */
function FinishButton() {
  return (
    <button type="button" class="btn btn-nav btn-finish" data-testid="finish" onClick={() => endSession('finish')}>
      {t('common.finish')}
    </button>
  );
}

/** "Aa" larger text and high contrast, on every screen with a header; both end with the session. */
export function DisplayToggles() {
  return (
    <>
      <button
        type="button"
        class={`btn btn-nav btn-display${largeText.value ? ' on' : ''}`}
        data-testid="text-size-toggle"
        aria-pressed={largeText.value}
        onClick={toggleLargeText}
      >
        <span aria-hidden="true" class="display-glyph">
          Aa
        </span>{' '}
        {t('display.largeText')}
      </button>
      <button
        type="button"
        class={`btn btn-nav btn-display${highContrast.value ? ' on' : ''}`}
        data-testid="contrast-toggle"
        aria-pressed={highContrast.value}
        onClick={toggleHighContrast}
      >
        <span aria-hidden="true" class="display-glyph">
          ◐
        </span>{' '}
        {t('display.highContrast')}
      </button>
    </>
  );
}
