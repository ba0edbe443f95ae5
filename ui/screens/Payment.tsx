/**
 * Paying a dossier's fees (issue 12): the entry screen (scan the slip or type the code with the
 * lookup's keypad) and the payment screen (what it is for, the QR code with the bank, the amount
 * in words and a countdown, then paid / expired / cancelled / failed). State: ui/state/payment.ts.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatMoney } from '../../common/money';
import { moneyInWords } from '../../common/money-words';
import { DOSSIER_CODE_EXAMPLE, typeDossierCodeKey } from '../../common/dossier-code';
import { CodeKeypad, type CodeKey } from '../components/CodeKeypad';
import { Icon } from '../components/Icon';
import { QrCode } from '../components/QrCode';
import { ScanFirst } from '../components/SlipPicture';
import { messageForPrint } from '../components/PrintButton';
import { t, type MessageKey } from '../i18n';
import { appInfo, goHome, navigate } from '../state/app';
import {
  expireLocally,
  paymentDossier,
  paymentInput,
  paymentInputProblem,
  paymentPhase,
  paymentPrint,
  printAgain,
  showQr,
  startPayment,
  submitPaymentCode,
  type PaymentView,
} from '../state/payment';

export function PaymentEntry() {
  const input = useRef<HTMLInputElement>(null);
  const problem = paymentInputProblem.value;
  useEffect(() => input.current?.focus(), []);
  const onKey = (k: CodeKey): void => {
    paymentInput.value = typeDossierCodeKey(paymentInput.value, k);
    paymentInputProblem.value = null;
    input.current?.focus();
  };
  return (
    <section class="screen lookup payment-entry" data-testid="payment-entry">
      <h1>{t('payment.entryTitle')}</h1>
      <ScanFirst body={t('payment.entryScan')} />
      <form
        class="lookup-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submitPaymentCode();
        }}
      >
        <label class="field-label lookup-type-label" for="payment-input">
          {t('lookupType.title')}
        </label>
        <input
          id="payment-input"
          ref={input}
          class="code-input"
          data-testid="payment-input"
          type="text"
          inputMode="none"
          autoComplete="off"
          spellcheck={false}
          maxLength={120}
          value={paymentInput.value}
          placeholder={DOSSIER_CODE_EXAMPLE}
          aria-invalid={problem ? 'true' : undefined}
          aria-describedby={problem ? 'payment-problem' : undefined}
          onInput={(e) => {
            paymentInput.value = (e.currentTarget as HTMLInputElement).value.toUpperCase();
            paymentInputProblem.value = null;
          }}
        />
        {problem && (
          <div id="payment-problem" class="field-problem" role="alert" data-testid="payment-problem" data-error={problem}>
            {problem === 'empty' ? t('lookupProblem.empty', { example: DOSSIER_CODE_EXAMPLE }) : t('payment.invalidCode', { example: DOSSIER_CODE_EXAMPLE })}
          </div>
        )}
        <CodeKeypad onKey={onKey} />
        <button type="submit" class="btn btn-primary btn-big btn-submit" data-testid="payment-continue">
          {t('payment.continue')}
        </button>
      </form>
    </section>
  );
}

function FeeTable(props: { view: PaymentView }) {
  const v = props.view;
  return (
    <>
      <dl class="facts">
        <dt>{t('dossier.code')}</dt>
        <dd data-testid="payment-dossier-code">{v.dossierCode}</dd>
        <dt>{t('payment.for')}</dt>
        <dd data-testid="payment-procedure">{v.procedure?.name ?? '-'}</dd>
      </dl>
      <table class="fee-lines" data-testid="payment-fee-lines">
        <caption>{t('payment.feeLines')}</caption>
        <tbody>
          {(v.feeLines ?? []).map((l, i) => (
            <tr key={i}>
              <th scope="row">{l.description}</th>
              <td class="money">{formatMoney(l.amount)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('payment.total')}</th>
            <td class="money payment-total" data-testid="payment-amount">
              {formatMoney(v.amount ?? 0)}
            </td>
          </tr>
        </tfoot>
      </table>
      <p class="amount-words" data-testid="payment-amount-words">
        {t('payment.inWords')}: {moneyInWords(v.amount ?? 0)}
      </p>
    </>
  );
}

function useSecondsLeft(expiresAt: string | undefined): number | null {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!expiresAt) return null;
  const end = Date.parse(expiresAt);
  return Number.isFinite(end) ? Math.max(0, Math.ceil((end - now) / 1000)) : null;
}

function QrStep(props: { view: PaymentView }) {
  const v = props.view;
  const left = useSecondsLeft(v.expiresAt);
  useEffect(() => {
    if (left === 0) expireLocally();
  }, [left]);
  const mm = left === null ? '--' : String(Math.floor(left / 60)).padStart(2, '0');
  const ss = left === null ? '--' : String(left % 60).padStart(2, '0');
  return (
    <section class="screen payment payment-qr" data-testid="payment-qr" data-payment-id={v.paymentId}>
      <h1>{t('payment.qrTitle')}</h1>
      <div class="qr-box">
        {v.qr ? (
          <QrCode size={v.qr.size} bits={v.qr.bits} label={t('payment.qrAlt', { amount: formatMoney(v.amount ?? 0) })} testId="payment-qr-code" />
        ) : (
          <p class="notice notice-warn">{t('payment.noQr')}</p>
        )}
      </div>
      <p class="payment-big-amount money" data-testid="payment-qr-amount">
        {formatMoney(v.amount ?? 0)}
      </p>
      <p class="amount-words">{moneyInWords(v.amount ?? 0)}</p>
      <dl class="facts">
        <dt>{t('payment.bank')}</dt>
        <dd data-testid="payment-bank">{v.payee?.bankName ?? '-'}</dd>
        <dt>{t('payment.accountName')}</dt>
        <dd>{v.payee?.accountName ?? '-'}</dd>
        <dt>{t('payment.account')}</dt>
        <dd>{v.payee?.account ?? '-'}</dd>
        <dt>{t('payment.purpose')}</dt>
        <dd data-testid="payment-purpose">{v.purpose ?? '-'}</dd>
      </dl>
      <p class="countdown" data-testid="payment-countdown" aria-live="off">
        {t('payment.validFor')} <strong>{`${mm}:${ss}`}</strong>
      </p>
      <div class="notice" role="status" data-testid="payment-waiting">
        <span class="spinner spinner-inline" aria-hidden="true" /> {t('payment.waiting')}
      </div>
      <div class="actions">
        <button type="button" class="btn btn-big" data-testid="payment-home" onClick={goHome}>
          {t('common.home')}
        </button>
      </div>
    </section>
  );
}

const ERROR_TEXT: Partial<Record<string, { title: MessageKey; body: MessageKey; retry: boolean }>> = {
  already_paid: { title: 'payment.alreadyPaid.title', body: 'payment.alreadyPaid.body', retry: false },
  no_fees_due: { title: 'payment.noFees.title', body: 'payment.noFees.body', retry: false },
  not_found: { title: 'error.not_found.title', body: 'payment.notFound.body', retry: false },
  invalid_code: { title: 'error.invalid_code.title', body: 'payment.invalidCode', retry: false },
  offline: { title: 'error.offline.title', body: 'payment.offline.body', retry: true },
  timeout: { title: 'error.timeout.title', body: 'payment.offline.body', retry: true },
};

export function Payment() {
  const p = paymentPhase.value;
  const hotline = appInfo.value?.hotline ?? '';
  switch (p.kind) {
    case 'idle':
    case 'loading':
      return (
        <section class="screen center-screen" data-testid="payment-loading" role="status">
          <div class="spinner" aria-hidden="true" />
          <p class="lead">{t('payment.loading')}</p>
        </section>
      );
    case 'review':
      return (
        <section class="screen payment" data-testid="payment-review">
          <h1>{t('payment.reviewTitle')}</h1>
          <FeeTable view={p.view} />
          <div class="actions">
            <button type="button" class="btn btn-primary btn-big" data-testid="payment-show-qr" onClick={showQr}>
              {t('payment.showQr')}
            </button>
            <button type="button" class="btn btn-big" data-testid="payment-home" onClick={goHome}>
              {t('common.home')}
            </button>
          </div>
        </section>
      );
    case 'qr':
      return <QrStep view={p.view} />;
    case 'paid': {
      const printed = paymentPrint.value;
      const shown = printed === null ? null : printed === 'failed' ? null : printed === 'too_many' ? null : messageForPrint(printed);
      const dossier = paymentDossier.value;
      return (
        <section class="screen center-screen payment-paid" data-testid="payment-paid">
          <div class="big-icon icon-ok">
            <Icon name="check" />
          </div>
          <h1>{t('payment.paidTitle')}</h1>
          <p class="payment-big-amount money">{formatMoney(p.view.amount ?? 0)}</p>
          <dl class="facts">
            <dt>{t('dossier.code')}</dt>
            <dd>{p.view.dossierCode}</dd>
            <dt>{t('payment.receiptNumber')}</dt>
            <dd data-testid="payment-receipt-number">{p.view.receiptNumber ?? '-'}</dd>
            {dossier && 'feesDue' in dossier && (
              <>
                <dt>{t('dossier.fees')}</dt>
                <dd data-testid="payment-fees-now">{dossier.feesDue > 0 ? formatMoney(dossier.feesDue) : t('common.none')}</dd>
              </>
            )}
          </dl>
          <p class="notice" role="status" data-testid="payment-print-state" data-state={shown?.state ?? (printed === null ? 'printing' : printed)}>
            {printed === null ? t('print.printing') : shown ? t(shown.key) : t(printed === 'too_many' ? 'print.tooMany' : 'print.failed')}
          </p>
          <div class="actions">
            {dossier && (
              <button
                type="button"
                class="btn btn-primary btn-big"
                data-testid="payment-see-dossier"
                onClick={() => navigate({ name: 'dossier-status', dossier })}
              >
                {t('payment.seeDossier')}
              </button>
            )}
            <button type="button" class="btn btn-big" data-testid="payment-print-again" onClick={() => void printAgain()}>
              {t('payment.printAgain')}
            </button>
            <button type="button" class="btn btn-big" data-testid="payment-home" onClick={goHome}>
              {t('common.home')}
            </button>
          </div>
        </section>
      );
    }
    case 'ended':
      return (
        <section class="screen center-screen payment-ended" data-testid="payment-ended" data-why={p.why}>
          <div class="big-icon">
            <Icon name={p.why === 'expired' ? 'clock' : 'warning'} />
          </div>
          <h1>{t(`payment.${p.why}.title`)}</h1>
          <p class="lead">{t(`payment.${p.why}.body`)}</p>
          <div class="actions">
            <button type="button" class="btn btn-primary btn-big" data-testid="payment-new-qr" onClick={() => void startPayment()}>
              {t('payment.newQr')}
            </button>
            <button type="button" class="btn btn-big" data-testid="payment-home" onClick={goHome}>
              {t('common.home')}
            </button>
          </div>
        </section>
      );
    case 'error': {
      const e = ERROR_TEXT[p.code] ?? { title: 'error.generic.title' as MessageKey, body: 'payment.generic.body' as MessageKey, retry: true };
      return (
        <section class="screen center-screen payment-error" data-testid="payment-error" data-error={p.code}>
          <div class="big-icon">
            <Icon name={p.code === 'already_paid' ? 'check' : 'warning'} />
          </div>
          <h1>{t(e.title)}</h1>
          <p class="lead">{t(e.body, { hotline, example: DOSSIER_CODE_EXAMPLE })}</p>
          <div class="actions">
            {e.retry && (
              <button type="button" class="btn btn-primary btn-big" data-testid="payment-retry" onClick={() => void startPayment()}>
                {t('common.retry')}
              </button>
            )}
            <button type="button" class="btn btn-big" data-testid="payment-home" onClick={goHome}>
              {t('common.home')}
            </button>
          </div>
        </section>
      );
    }
  }
}
