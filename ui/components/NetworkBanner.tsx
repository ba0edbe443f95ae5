/** "Đang mất kết nối — hồ sơ sẽ được gửi tự động khi có mạng" while the backend is unreachable. */
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
      {t('network.offline')}
    </div>
  );
}
