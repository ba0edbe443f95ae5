import { useEffect, useState } from 'preact/hooks';
import type { ResponseOf } from '../../main/ipc/contract';
import { invoke, on } from '../bridge';
import { formatDate } from '../../common/vietnam-time';
import { t, translate } from '../i18n';
import { Clock } from '../components/Header';
import { appInfo, navigate, startSession } from '../state/app';
import { Icon } from '../components/Icon';
import { TILE_ICONS } from './Home';

type Announcement = ResponseOf<'announcements.list'>['items'][number];

export function Attract() {
  const [items, setItems] = useState<Announcement[]>([]);
  const [index, setIndex] = useState(0);
  const info = appInfo.value;
  const seconds = info?.attractSlideSeconds ?? 8;

  useEffect(() => {
    let alive = true;
    const load = (): void =>
      void invoke('announcements.list', {}).then((r) => {
        if (alive && r.ok) setItems(r.value.items);
      });
    load();
    // fleet (issue 16): an announcement pushed by an operator shows at once, first
    const off = on('announcements.changed', () => {
      setIndex(0);
      load();
    });
    return () => {
      alive = false;
      off();
    };
  }, []);

  useEffect(() => {
    if (items.length < 2) return;
    const id = setInterval(() => setIndex((i) => (i + 1) % items.length), seconds * 1000);
    return () => clearInterval(id);
  }, [items.length, seconds]);

  const start = (): void => {
    startSession();
    navigate({ name: 'home' });
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.repeat) return;
      start();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const slide = items.length > 0 ? items[index % items.length] : undefined;
  return (
    <section class="screen attract" data-testid="attract" onClick={start} role="button" tabIndex={0}>
      <div class="attract-top">
        <div class="site-name">{info?.siteName ?? t('app.name')}</div>
        <Clock />
      </div>
      <div class="attract-body">
        {slide ? (
          <article class={`slide slide-${slide.category}`} key={slide.id} data-testid="attract-slide">
            <div class="slide-category">{t(`category.${slide.category}`)}</div>
            <h1 class="slide-title">{slide.title}</h1>
            <p class="slide-body">{slide.body}</p>
            <div class="slide-date">{formatDate(slide.publishedAt)}</div>
          </article>
        ) : (
          <div class="slide slide-welcome">
            <h1 class="slide-title">{t('attract.welcome')}</h1>
            <p class="slide-body">{info?.siteName}</p>
          </div>
        )}
        {items.length > 1 && (
          <div class="dots" aria-hidden="true">
            {items.map((a, i) => (
              <span key={a.id} class={i === index % items.length ? 'dot on' : 'dot'} />
            ))}
          </div>
        )}
      </div>
      {info && info.tiles.length > 0 && (
        <div class="attract-services" data-testid="attract-services">
          <div class="attract-services-title">{t('attract.services')}</div>
          <ul>
            {info.tiles.map((id) => (
              <li key={id}>
                <Icon name={TILE_ICONS[id]} class="attract-service-icon" />
                <span>{t(`tile.${id}`)}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="touch-cta">
        <div class="touch-icon" aria-hidden="true">
          ☝
        </div>
        <div class="touch-main">{translate('vi', 'attract.touch')}</div>
        <div class="touch-sub">{translate('en', 'attract.touch')}</div>
      </div>
    </section>
  );
}
