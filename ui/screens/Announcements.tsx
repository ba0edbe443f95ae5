import { useEffect, useState } from 'preact/hooks';
import type { BridgeError, ResponseOf } from '../../main/ipc/contract';
import { invoke } from '../bridge';
import { formatDate } from '../../common/vietnam-time';
import { t } from '../i18n';
import { navigate } from '../state/app';

type Announcement = ResponseOf<'announcements.list'>['items'][number];

let cache: Announcement[] | null = null;

function useAnnouncements(): { items: Announcement[] | null; error: BridgeError['code'] | null; retry: () => void } {
  const [items, setItems] = useState<Announcement[] | null>(cache);
  const [error, setError] = useState<BridgeError['code'] | null>(null);
  const [n, setN] = useState(0);
  useEffect(() => {
    let alive = true;
    void invoke('announcements.list', {}).then((r) => {
      if (!alive) return;
      if (r.ok) {
        cache = r.value.items;
        setItems(r.value.items);
        setError(null);
      } else setError(r.error.code);
    });
    return () => {
      alive = false;
    };
  }, [n]);
  return { items, error, retry: () => setN(n + 1) };
}

function Meta(props: { a: Announcement }) {
  const a = props.a;
  return (
    <div class="ann-meta">
      <span class={`badge cat-${a.category}`}>{t(`category.${a.category}`)}</span>
      <span>{t('announcements.published', { date: formatDate(a.publishedAt) })}</span>
      {a.validUntil && <span>{t('announcements.validUntil', { date: formatDate(a.validUntil) })}</span>}
    </div>
  );
}

export function Announcements() {
  const { items, error, retry } = useAnnouncements();
  return (
    <section class="screen announcements" data-testid="announcements">
      <h1>{t('announcements.title')}</h1>
      {error && !items && (
        <div class="notice notice-error" data-testid="announcements-error" data-error={error}>
          <p>{t(error === 'offline' ? 'error.offline.title' : error === 'timeout' ? 'error.timeout.title' : 'error.generic.title')}</p>
          <button type="button" class="btn" onClick={retry}>
            {t('common.retry')}
          </button>
        </div>
      )}
      {!error && !items && <p class="lead">{t('common.loading')}</p>}
      {items && items.length === 0 && <p class="lead">{t('announcements.empty')}</p>}
      {items && items.length > 0 && (
        <ul class="ann-list">
          {items.map((a) => (
            <li key={a.id}>
              <button type="button" class="ann-item" data-testid={`announcement-${a.id}`} onClick={() => navigate({ name: 'announcement', id: a.id })}>
                <Meta a={a} />
                <span class="ann-title">{a.title}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function AnnouncementView(props: { id: string }) {
  const { items } = useAnnouncements();
  const a = items?.find((x) => x.id === props.id);
  return (
    <section class="screen announcement" data-testid="announcement">
      {a ? (
        <article>
          <Meta a={a} />
          <h1>{a.title}</h1>
          <div class="ann-body">
            {a.body.split(/\n+/).map((para, i) => (
              <p key={i}>{para}</p>
            ))}
          </div>
        </article>
      ) : (
        <p class="lead">{t('common.loading')}</p>
      )}
      <button type="button" class="btn btn-big" onClick={() => navigate({ name: 'announcements' }, { replace: true })}>
        {t('announcements.list')}
      </button>
    </section>
  );
}
