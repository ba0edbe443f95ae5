/**
 * Consent before the chip is read (Law on Personal Data Protection 91/2025/QH15): why the data is read, that ethnicity,
 * religion and the face are sensitive personal data, and that nothing is kept after the session.
 */
import { Icon } from '../components/Icon';
import { t } from '../i18n';
import { answerConsent } from '../state/identity';

export function Consent() {
  return (
    <section class="screen consent" data-testid="consent">
      <div class="center-screen">
        <div class="big-icon icon-info">
          <Icon name="card" />
        </div>
        <h1>{t('consent.title')}</h1>
      </div>
      <p class="lead" data-testid="consent-why">
        {t('consent.why')}
      </p>
      <ul class="consent-points">
        <li data-testid="consent-sensitive">{t('consent.sensitive')}</li>
        <li data-testid="consent-keep">{t('consent.keep')}</li>
        <li>{t('consent.voluntary')}</li>
      </ul>
      <div class="center-screen" style={{ flexDirection: 'row', gap: '1rem', flexWrap: 'wrap' }}>
        <button type="button" class="btn btn-big" data-testid="consent-decline" onClick={() => void answerConsent(false)}>
          {t('consent.decline')}
        </button>
        <button type="button" class="btn btn-primary btn-big" data-testid="consent-accept" onClick={() => void answerConsent(true)}>
          {t('consent.accept')}
        </button>
      </div>
    </section>
  );
}
