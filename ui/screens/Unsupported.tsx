/**
 * What a scan shows when no journey takes it: "Mã không được hỗ trợ" with the codes the kiosk
 * reads; "recognised, not handled on this kiosk" for an appointment code where the kiosk has no
 * queue (with it, the check-in screen takes it) and for a VietQR (the kiosk shows VietQR codes to
 * pay, it does not pay with a scanned one). A CCCD QR goes to the identity journey's consent
 * screen; a technician card to maintenance mode in main, never to the resident's screen.
 */
import { Icon } from '../components/Icon';
import { t } from '../i18n';
import { appInfo, goHome } from '../state/app';
import { DOSSIER_CODE_EXAMPLE } from '../../common/dossier-code';

export function ScanUnsupported(props: { reason?: string | undefined; looksLike?: string | undefined }) {
  const detail = props.looksLike === 'cccd' ? t('scan.unsupported.cccd') : props.reason?.startsWith('text-') ? t('scan.unsupported.garbled') : null;
  return (
    <section class="screen center-screen scan-unsupported" data-testid="scan-unsupported" data-reason={props.reason ?? ''}>
      <div class="big-icon icon-warning">
        <Icon name="question" />
      </div>
      <h1>{t('scan.unsupported.title')}</h1>
      {detail && (
        <p class="lead" data-testid="scan-unsupported-detail">
          {detail}
        </p>
      )}
      <p class="lead">{t('scan.unsupported.body')}</p>
      <h2>{t('scan.unsupported.list')}</h2>
      <ul class="can-read" data-testid="scan-can-read">
        <li>{t('scan.canRead.dossier', { example: DOSSIER_CODE_EXAMPLE })}</li>
        <li>{t('scan.canRead.slip')}</li>
        <li>{t('scan.canRead.cccd')}</li>
      </ul>
      <button type="button" class="btn btn-primary btn-big" data-testid="scan-home" onClick={goHome}>
        {t('common.home')}
      </button>
    </section>
  );
}

export function ScanNotHandled(props: { kind: 'appointment' | 'vietqr'; code?: string | undefined }) {
  const hotline = appInfo.value?.hotline ?? '';
  const body = props.kind === 'appointment' ? t('scan.notHandled.appointment', { code: props.code ?? '', hotline }) : t('scan.notHandled.vietqr');
  return (
    <section class="screen center-screen scan-not-handled" data-testid="scan-not-handled" data-kind={props.kind}>
      <div class="big-icon icon-info">
        <Icon name="tools" />
      </div>
      <h1>{t('scan.notHandled.title')}</h1>
      <p class="lead">{body}</p>
      <button type="button" class="btn btn-primary btn-big" data-testid="scan-home" onClick={goHome}>
        {t('common.home')}
      </button>
    </section>
  );
}
