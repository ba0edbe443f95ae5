import type { ComponentChildren } from 'preact';
import { t } from '../i18n';
import { goHome, lookupInput, navigate } from '../state/app';

/** The buttons under a dossier (found or still waiting to be sent): look up another, home. */
export function DossierActions(props: { children?: ComponentChildren }) {
  return (
    <div class="actions">
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
