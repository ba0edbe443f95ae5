/**
 * The identity journey after consent: "Đặt thẻ căn cước lên đầu đọc", the reading progress, the
 * dates keypad when the chip cannot be opened from what the kiosk knows, the identity with its
 * authenticity mark, clear messages for a removed, wrong or broken card. "Tiếp tục" goes on with the
 * journey that asked for the card (submit, lookup); a card read from a scan alone goes to the
 * procedures, where "Nộp hồ sơ trực tuyến" uses it without reading it again.
 */
import { useEffect } from 'preact/hooks';
import { Icon } from '../components/Icon';
import { formatDate } from '../../common/vietnam-time';
import { t, type MessageKey } from '../i18n';
import { appInfo, navigate } from '../state/app';
import {
  cancelIdentity,
  dateEntry,
  formatDigitsAsDate,
  identityPhase,
  identityThen,
  installCardWatch,
  pressDateKey,
  readCard,
  submitDates,
  type IdentityError,
  type IdentityView,
  type RefusedField,
} from '../state/identity';

function Waiting(props: { reading: boolean; progress: number }) {
  return (
    <section class="screen center-screen" data-testid={props.reading ? 'identity-reading' : 'identity-waiting'}>
      <div class="big-icon icon-info">
        <Icon name="card" />
      </div>
      <h1>{props.reading ? t('identity.reading') : t('identity.place')}</h1>
      <p class="lead">{props.reading ? t('identity.readingHint') : t('identity.placeHint')}</p>
      {props.reading ? (
        <div class="progress" style={{ width: '80%', height: '1.2rem', background: '#dbe3ee', borderRadius: '0.6rem', overflow: 'hidden' }}>
          <div data-testid="identity-progress" style={{ width: `${props.progress}%`, height: '100%', background: 'var(--navy)', transition: 'width 0.2s' }} />
        </div>
      ) : (
        <div class="spinner" aria-hidden="true" />
      )}
      {!props.reading && (
        <button type="button" class="btn btn-big" data-testid="identity-cancel" onClick={() => void cancelIdentity()}>
          {t('identity.cancel')}
        </button>
      )}
    </section>
  );
}

const AUTH_KEYS: Record<IdentityView['authenticity']['status'], MessageKey> = {
  verified: 'identity.auth.verified',
  'not-trusted': 'identity.auth.notTrusted',
  'hash-mismatch': 'identity.auth.hashMismatch',
  'signature-invalid': 'identity.auth.signatureInvalid',
  'no-sod': 'identity.auth.noSod',
};

function Row(props: { label: string; value: string | undefined; testid: string }) {
  if (!props.value) return null;
  return (
    <div class="id-row" style={{ display: 'flex', gap: '0.8rem', padding: '0.45rem 0', borderBottom: '1px solid #e5e7eb' }}>
      <dt style={{ flex: '0 0 38%', color: 'var(--muted)', fontWeight: 600 }}>{props.label}</dt>
      <dd style={{ margin: 0, fontWeight: 700 }} data-testid={props.testid}>
        {props.value}
      </dd>
    </div>
  );
}

function Done(props: { identity: IdentityView; onContinue: () => void }) {
  const id = props.identity;
  const auth = id.authenticity.status;
  const good = auth === 'verified';
  const usable = auth === 'verified' || auth === 'not-trusted' || auth === 'no-sod';
  const expiry = id.expiryDate === 'none' ? t('identity.noExpiry') : id.expiryDate ? formatDate(id.expiryDate) : undefined;
  return (
    <section class="screen identity" data-testid="identity-result">
      <h1>{t('identity.title')}</h1>
      <p
        class={`auth-mark auth-${auth}`}
        data-testid="identity-auth"
        data-status={auth}
        style={{
          padding: '0.7rem 1rem',
          borderRadius: '0.5rem',
          fontWeight: 700,
          background: good ? '#dcfce7' : usable ? '#fef3c7' : '#fee2e2',
          color: good ? '#14532d' : usable ? '#78350f' : '#7f1d1d',
        }}
      >
        {good ? '✔ ' : '⚠ '}
        {t(AUTH_KEYS[auth], { dgs: id.authenticity.mismatched.map((n) => `DG${n}`).join(', ') })}
      </p>
      <div style={{ display: 'flex', gap: '1.2rem', alignItems: 'flex-start' }}>
        <div style={{ flex: '0 0 30%' }} data-testid="identity-photo" data-kind={id.photo.kind}>
          {id.photo.kind === 'jpeg' ? (
            <img src={id.photo.dataUrl} alt={t('identity.photoAlt')} style={{ width: '100%', borderRadius: '0.4rem', border: '2px solid #cbd5e1' }} />
          ) : (
            <p class="hint">{id.photo.kind === 'unsupported' ? t('identity.photo.jp2') : t('identity.photo.none')}</p>
          )}
        </div>
        <dl style={{ flex: '1 1 auto', margin: 0 }}>
          <Row label={t('identity.fullName')} value={id.fullName} testid="identity-name" />
          <Row label={t('identity.personalId')} value={id.personalIdMasked} testid="identity-id" />
          <Row label={t('identity.birthDate')} value={id.birthDate ? formatDate(id.birthDate) || id.birthDate : undefined} testid="identity-birth" />
          <Row label={t('identity.sex')} value={id.sex ? t(id.sex === 'male' ? 'identity.male' : 'identity.female') : undefined} testid="identity-sex" />
          <Row label={t('identity.placeOfOrigin')} value={id.placeOfOrigin} testid="identity-origin" />
          <Row label={t('identity.residence')} value={id.residence} testid="identity-residence" />
          <Row label={t('identity.expiry')} value={expiry} testid="identity-expiry" />
        </dl>
      </div>
      <p class="hint">{t('identity.kept')}</p>
      <div class="center-screen" style={{ flexDirection: 'row', gap: '1rem', flexWrap: 'wrap', marginTop: '1rem' }}>
        <button type="button" class="btn btn-big" data-testid="identity-cancel" onClick={() => void cancelIdentity()}>
          {t('identity.cancel')}
        </button>
        {usable && (
          <button type="button" class="btn btn-primary btn-big" data-testid="identity-continue" onClick={props.onContinue}>
            {t('identity.continue')}
          </button>
        )}
      </div>
    </section>
  );
}

const DIGITS = [
  ['1', '2', '3'],
  ['4', '5', '6'],
  ['7', '8', '9'],
  ['clear', '0', 'back'],
];

function Keypad() {
  const keep = (e: Event) => e.preventDefault();
  return (
    <div class="keyboard keypad" role="group" data-testid="keypad" style={{ maxWidth: '24rem', margin: '0.9rem auto' }}>
      {DIGITS.map((row, i) => (
        <div class="kb-row" key={i}>
          {row.map((k) => (
            <button
              type="button"
              class={`key${k.length > 1 ? ' key-muted' : ''}`}
              style={{ maxWidth: 'none' }}
              data-testid={`keypad-${k}`}
              key={k}
              onMouseDown={keep}
              onClick={() => pressDateKey(k)}
            >
              {k === 'back' ? '⌫' : k === 'clear' ? t('key.clear') : k}
            </button>
          ))}
        </div>
      ))}
    </div>
  );
}

function DateField(props: { field: 'personalId' | 'birth' | 'expiry'; label: string; disabled?: boolean }) {
  const e = dateEntry.value;
  const active = e.field === props.field && !props.disabled;
  const raw = e[props.field];
  const shown = props.field === 'personalId' ? raw : formatDigitsAsDate(raw);
  return (
    <button
      type="button"
      class="date-field"
      data-testid={`dates-${props.field}`}
      data-active={active ? 'true' : 'false'}
      disabled={props.disabled}
      onClick={() => (dateEntry.value = { ...e, field: props.field })}
      style={{
        display: 'block',
        width: '100%',
        textAlign: 'left',
        font: 'inherit',
        padding: '0.5rem 0.8rem',
        margin: '0.4rem 0',
        borderRadius: '0.5rem',
        border: active ? '4px solid var(--gold)' : '3px solid var(--navy)',
        background: props.disabled ? '#f3f4f6' : '#fff',
        minHeight: '88px',
      }}
    >
      <span class="field-label">{props.label}</span>
      <span style={{ fontSize: '1.6rem', fontWeight: 700, letterSpacing: '0.05em' }} data-testid={`dates-${props.field}-value`}>
        {shown || (props.field === 'personalId' ? '____________' : 'dd/mm/yyyy')}
      </span>
    </button>
  );
}

function Dates(props: { needPersonalId: boolean; after: 'none' | 'derived' | 'typed' }) {
  const e = dateEntry.value;
  return (
    <section class="screen identity-dates" data-testid="identity-dates" data-after={props.after}>
      <h1>{t('dates.title')}</h1>
      <p class="lead" data-testid="dates-why">
        {t(props.after === 'typed' ? 'dates.again' : props.needPersonalId ? 'dates.whyId' : 'dates.why')}
      </p>
      {props.needPersonalId && <DateField field="personalId" label={t('dates.personalId')} />}
      <DateField field="birth" label={t('dates.birth')} />
      <DateField field="expiry" label={t('dates.expiry')} disabled={e.noExpiry} />
      <label style={{ display: 'flex', alignItems: 'center', gap: '0.6rem', fontSize: '1.1rem', minHeight: '64px' }}>
        <input
          type="checkbox"
          data-testid="dates-no-expiry"
          checked={e.noExpiry}
          style={{ width: '2rem', height: '2rem' }}
          onChange={(ev) => (dateEntry.value = { ...e, noExpiry: (ev.target as HTMLInputElement).checked, field: 'birth', invalid: null })}
        />
        {t('dates.noExpiry')}
      </label>
      {e.invalid && (
        <p class="lead" role="alert" data-testid="dates-invalid" style={{ color: 'var(--red)' }}>
          {t(e.invalid === 'id' ? 'dates.invalidId' : 'dates.invalid')}
        </p>
      )}
      <Keypad />
      <div class="center-screen" style={{ flexDirection: 'row', gap: '1rem', flexWrap: 'wrap' }}>
        <button type="button" class="btn btn-big" data-testid="identity-cancel" onClick={() => void cancelIdentity()}>
          {t('identity.cancel')}
        </button>
        <button type="button" class="btn btn-primary btn-big" data-testid="dates-submit" onClick={() => void submitDates(props.needPersonalId)}>
          {t('dates.continue')}
        </button>
      </div>
    </section>
  );
}

const ERROR_KEYS: Record<IdentityError, MessageKey> = {
  'no-card': 'identity.error.noCard',
  'card-removed': 'identity.error.removed',
  'wrong-card': 'identity.error.wrongCard',
  'broken-card': 'identity.error.broken',
  'bac-failed': 'identity.error.broken',
  'no-reader': 'identity.error.reader',
  'no-service': 'identity.error.reader',
  transport: 'identity.error.reader',
  not_configured: 'identity.error.reader',
  'no-consent': 'identity.error.reader',
  cancelled: 'identity.error.cancelled',
  timeout: 'identity.error.reader',
  internal: 'identity.error.reader',
};

function Problem(props: { error: IdentityError }) {
  const retry =
    props.error === 'no-card' || props.error === 'card-removed' || props.error === 'wrong-card' || props.error === 'cancelled' || props.error === 'timeout';
  return (
    <section class="screen center-screen" data-testid="identity-error" data-error={props.error}>
      <div class="big-icon icon-warning">
        <Icon name="warning" />
      </div>
      <h1>{t('identity.error.title')}</h1>
      <p class="lead" data-testid="identity-error-text">
        {t(ERROR_KEYS[props.error], { hotline: appInfo.value?.hotline ?? '' })}
      </p>
      <div class="center-screen" style={{ flexDirection: 'row', gap: '1rem', flexWrap: 'wrap' }}>
        <button type="button" class="btn btn-big" data-testid="identity-home" onClick={() => void cancelIdentity()}>
          {t('common.home')}
        </button>
        {retry && (
          <button type="button" class="btn btn-primary btn-big" data-testid="identity-retry" onClick={() => void readCard()}>
            {t('identity.readAgain')}
          </button>
        )}
      </div>
    </section>
  );
}

const FIELD_KEYS: Record<RefusedField, MessageKey> = {
  personalId: 'identity.field.personalId',
  birthDate: 'identity.field.birthDate',
  sex: 'identity.field.sex',
  idDigits: 'identity.field.idDigits',
};

function Refused(props: { fields: RefusedField[] }) {
  return (
    <section class="screen center-screen" data-testid="identity-refused">
      <div class="big-icon icon-warning">
        <Icon name="warning" />
      </div>
      <h1>{t('identity.refused.title')}</h1>
      <p class="lead" data-testid="identity-refused-text">
        {t('identity.refused.body', { fields: props.fields.map((f) => t(FIELD_KEYS[f])).join(', '), hotline: appInfo.value?.hotline ?? '' })}
      </p>
      <button type="button" class="btn btn-primary btn-big" data-testid="identity-home" onClick={() => void cancelIdentity()}>
        {t('common.home')}
      </button>
    </section>
  );
}

function NextStep() {
  return (
    <section class="screen center-screen" data-testid="identity-next">
      <div class="big-icon icon-info">
        <Icon name="card" />
      </div>
      <h1>{t('identity.next.title')}</h1>
      <p class="lead">{t('identity.next.body')}</p>
      <div class="center-screen" style={{ flexDirection: 'row', gap: '1rem', flexWrap: 'wrap', marginTop: '1rem' }}>
        <button type="button" class="btn btn-big" data-testid="identity-home" onClick={() => void cancelIdentity()}>
          {t('common.home')}
        </button>
        <button type="button" class="btn btn-primary btn-big" data-testid="identity-procedures" onClick={() => navigate({ name: 'procedures' })}>
          {t('identity.next.procedures')}
        </button>
      </div>
    </section>
  );
}

export function Identity() {
  useEffect(() => installCardWatch(), []);
  const p = identityPhase.value;
  switch (p.phase) {
    case 'waiting':
      return <Waiting reading={false} progress={0} />;
    case 'reading':
      return <Waiting reading progress={p.progress} />;
    case 'dates':
      return <Dates needPersonalId={p.needPersonalId} after={p.after} />;
    case 'done':
      return (
        <Done
          identity={p.identity}
          onContinue={() => {
            const then = identityThen.value;
            identityThen.value = null;
            if (then) then();
            else identityPhase.value = { phase: 'next', identity: p.identity };
          }}
        />
      );
    case 'next':
      return <NextStep />;
    case 'refused':
      return <Refused fields={p.fields} />;
    case 'error':
      return <Problem error={p.error} />;
  }
}
