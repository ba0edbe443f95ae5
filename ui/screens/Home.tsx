import type { TileId } from '../../main/ipc/contract';
import { Icon, type IconName } from '../components/Icon';
import { t, type MessageKey } from '../i18n';
import { appInfo, navigate, type Screen } from '../state/app';

export const TILE_ICONS: Record<TileId, IconName> = {
  lookup: 'search',
  procedures: 'list',
  submit: 'edit',
  payment: 'card',
  announcements: 'megaphone',
  queue: 'ticket',
  rating: 'star',
};

export function tileScreen(id: TileId): Screen {
  switch (id) {
    case 'lookup':
      return { name: 'lookup' };
    case 'procedures':
      return { name: 'procedures' };
    case 'announcements':
      return { name: 'announcements' };
    case 'submit':
      // Submitting starts with choosing the procedure (issue 12): its detail has "Nộp hồ sơ trực tuyến".
      return { name: 'procedures' };
    case 'payment':
      // Paying fees starts with the dossier code, scanned or typed (issue 12).
      return { name: 'payment-entry' };
    case 'rating':
      // Rating a dossier starts with its code, scanned or typed (issue 13).
      return { name: 'rating-entry' };
    default:
      return { name: 'under-construction', tile: id };
  }
}

export function Home() {
  const info = appInfo.value;
  const tiles = info?.tiles ?? [];
  return (
    <section class="screen home" data-testid="home">
      <h1 class="greeting">{t('home.greeting')}</h1>
      <div class={`tiles tiles-${Math.min(tiles.length, 8)}`}>
        {tiles.map((id) => (
          <button type="button" class={`tile tile-${id}`} data-testid={`tile-${id}`} key={id} onClick={() => navigate(tileScreen(id))}>
            <Icon name={TILE_ICONS[id]} class="tile-icon" />
            <span class="tile-label">{t(`tile.${id}` as MessageKey)}</span>
            <span class="tile-hint">{t(`tile.${id}.hint` as MessageKey)}</span>
            <TileStatus id={id} />
          </button>
        ))}
      </div>
      {info?.hotline && <p class="hotline">{t('home.hotline', { hotline: info.hotline })}</p>}
    </section>
  );
}

/**
 * What is not built yet says so on the tile itself, before a tap: "Sắp có" for a journey that only
 * leads to the under-construction screen, and how far the submit journey goes today.
 */
export function tileStatus(id: TileId): 'soon' | 'partial' | null {
  if (tileScreen(id).name === 'under-construction') return 'soon';
  return null;
}

function TileStatus(props: { id: TileId }) {
  const status = tileStatus(props.id);
  if (!status) return null;
  return (
    <span class={`tile-status tile-status-${status}`} data-testid={`tile-status-${props.id}`} data-status={status}>
      {t(status === 'soon' ? 'tile.soon' : 'tile.partial.submit')}
    </span>
  );
}
