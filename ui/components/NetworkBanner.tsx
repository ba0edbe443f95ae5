/**
 * While the backend is unreachable, says what is affected: dossier lookup needs the backend;
 * procedures and announcements already loaded are served from main's stale-on-error caches;
 * submissions wait in the outbox and are sent when the link returns.
 */
import { t } from '../i18n';
import { networkOnline } from '../state/network';

export function NetworkBanner() {
  if (networkOnline.value) return null;
  return (
    <div
      class="notice notice-warn network-banner"
      role="status"
      aria-live="polite"
      data-testid="network-banner"
      style={{ margin: 0, borderRadius: 0, textAlign: 'center' }}
    >
      <strong class="network-banner-title">{t('network.offline.title')}</strong> <span>{t('network.offline.affected')}</span>
    </div>
  );
}
