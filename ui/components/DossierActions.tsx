import type { ComponentChildren } from 'preact';
import { t } from '../i18n';
import { goHome, lookupInput, navigate } from '../state/app';
import { openPayment } from '../state/payment';
import { openRating } from '../state/rating';

/**
 * The buttons under a dossier (found or still waiting to be sent): pay its fees when it has some
 * (`payCode`, issue 12), rate it when it is finished (`rateCode`, issue 13), look up another, home.
 */
export function DossierActions(props: { children?: ComponentChildren; payCode?: string | undefined; rateCode?: string | undefined }) {
  return (
    <div class="actions">
      {props.rateCode && (
        <button type="button" class="btn btn-primary btn-big" data-testid="dossier-rate" onClick={() => void openRating(props.rateCode!)}>
          {t('rating.rateButton')}
        </button>
      )}
      {props.payCode && (
        <button type="button" class="btn btn-primary btn-big" data-testid="dossier-pay" onClick={() => openPayment(props.payCode!)}>
          {t('payment.payButton')}
        </button>
      )}
      <button
        type="button"
        class="btn btn-primary btn-big"
        data-testid="lookup-another"
        onClick={() => {
          lookupInput.value = '';
          navigate({ name: 'lookup' });
        }}
      >
        {t('dossier.another')}
      </button>
      {props.children}
      <button type="button" class="btn btn-big" data-testid="dossier-home" onClick={goHome}>
        {t('common.home')}
      </button>
    </div>
  );
}
