/**
 * The backend shows this dossier only to its applicant (DOMAIN.md, "Dossiers": "identity
 * required"). The screen says why, asks consent (Law on Personal Data Protection 91/2025/QH15),
 * then waits for the CCCD QR at the scanner or the card on the reader; main takes the ID number
 * from the session and asks again. The screen never sees the ID number.
 */
import { Icon } from '../components/Icon';
import { t } from '../i18n';
import { appInfo } from '../state/app';
import { answerLookupConsent, lookupIdPhase, readChipForLookup } from '../state/lookup';

export function LookupIdentity(props: { code: string }) {
  const phase = lookupIdPhase.value;
  const location = appInfo.value?.scannerLocation ?? t('lookupScan.defaultLocation');
  if (phase === 'consent') {
    return (
      <section class="screen consent" data-testid="lookup-identity" data-phase="consent">
        <div class="center-screen">
          <div class="big-icon icon-info">
            <Icon name="card" />
          </div>
          <h1>{t('lookupId.title')}</h1>
        </div>
        <p class="code-echo">{props.code}</p>
        <p class="lead" data-testid="lookup-identity-why">
          {t('lookupId.why')}
        </p>
        <ul class="consent-points">
          <li>{t('lookupId.what')}</li>
          <li>{t('lookupId.keep')}</li>
          <li>{t('lookupId.voluntary')}</li>
        </ul>
        <div class="center-screen" style={{ flexDirection: 'row', gap: '1rem', flexWrap: 'wrap' }}>
          <button type="button" class="btn btn-big" data-testid="lookup-identity-decline" onClick={() => void answerLookupConsent(false, props.code)}>
            {t('lookupId.decline')}
          </button>
          <button type="button" class="btn btn-primary btn-big" data-testid="lookup-identity-accept" onClick={() => void answerLookupConsent(true, props.code)}>
            {t('consent.accept')}
          </button>
        </div>
      </section>
    );
  }
  if (phase === 'checking') {
    return (
      <section class="screen center-screen" data-testid="lookup-identity" data-phase="checking" role="status">
        <div class="spinner" aria-hidden="true" />
        <p class="lead">{t('lookupId.checking')}</p>
        <p class="code-echo">{props.code}</p>
      </section>
    );
  }
  return (
    <section class="screen center-screen" data-testid="lookup-identity" data-phase={phase}>
      <div class="big-icon icon-info">
        <Icon name="card" />
      </div>
      <h1>{t('lookupId.scanTitle')}</h1>
      <p class="lead">{t('lookupId.scan', { location })}</p>
      <p class="lead">{t('lookupId.qrWhere')}</p>
      {phase === 'again' && (
        <p class="field-problem" role="alert" data-testid="lookup-identity-again">
          {t('lookupId.again')}
        </p>
      )}
      <div class="center-screen" style={{ flexDirection: 'row', gap: '1rem', flexWrap: 'wrap' }}>
        <button type="button" class="btn btn-primary btn-big" data-testid="lookup-identity-card" onClick={() => readChipForLookup(props.code)}>
          {t('lookupId.useCard')}
        </button>
      </div>
    </section>
  );
}
