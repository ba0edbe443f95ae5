/**
 * The payment channels (issue 12) for main/kiosk.ts's router: `payment.start`, `payment.status`,
 * `payment.print`. The receipt prints only for a paid payment, within the kiosk's print limits.
 */
import type { ParsedRequestOf, ResponseOf } from '../../ipc/contract';
import { KioskError } from '../../errors';
import type { Logger } from '../../log';
import type { PrintingService } from '../printing';
import type { PaymentService } from './index';

export interface PaymentHandlerDeps {
  payments: PaymentService;
  printer: PrintingService;
  /** Throws `too_many` when the same slip was printed too often (main/services/printing/limits). */
  allowPrint: (key: string) => void;
  log: Logger;
}

export function paymentHandlers(deps: PaymentHandlerDeps) {
  const { payments, printer, allowPrint, log } = deps;
  return {
    'payment.start': ({ dossierCode }: ParsedRequestOf<'payment.start'>): Promise<ResponseOf<'payment.start'>> => payments.begin(dossierCode),
    'payment.status': ({ paymentId }: ParsedRequestOf<'payment.status'>): ResponseOf<'payment.status'> => payments.view(paymentId),
    'payment.print': async ({ paymentId }: ParsedRequestOf<'payment.print'>): Promise<ResponseOf<'payment.print'>> => {
      const view = payments.view(paymentId);
      if (view.state !== 'paid') throw new KioskError('bad_request', `Payment ${paymentId} is ${view.state}: only a paid payment has a receipt`);
      allowPrint(`payment:${view.intentId}`);
      const outcome = await printer.print('payment-receipt', view, `payment-receipt ${view.paymentId ?? view.intentId}`);
      if (outcome.state !== 'unavailable') payments.markPrinted(view.intentId);
      log.info('payments', `receipt of payment ${view.paymentId ?? view.intentId}: ${outcome.state}`);
      return outcome;
    },
  };
}
