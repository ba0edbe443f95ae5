/**
 * What the UI and the CLI see of a payment intent (issue 12). Nothing personal: the dossier code,
 * the amounts and fee lines, the payee, the VietQR payload and the platform's references.
 */
import { z } from 'zod';
import { PaymentFeeLine } from '../../api/schemas';

/** The intent's state: creating (asked, no answer yet), the platform's states, refused (4xx). */
export const PaymentIntentState = z.enum(['creating', 'pending', 'paid', 'expired', 'cancelled', 'failed', 'refused']);
export type PaymentIntentState = z.infer<typeof PaymentIntentState>;

export const PaymentView = z.object({
  intentId: z.string(),
  dossierCode: z.string(),
  state: PaymentIntentState,
  paymentId: z.string().optional(),
  procedure: z.object({ code: z.string(), name: z.string() }).optional(),
  amount: z.number().int().optional(),
  feeLines: z.array(PaymentFeeLine).optional(),
  purpose: z.string().optional(),
  payee: z.object({ bankBin: z.string(), bankName: z.string(), accountName: z.string(), account: z.string() }).optional(),
  vietqr: z.string().optional(),
  expiresAt: z.string().optional(),
  paidAt: z.string().optional(),
  receiptNumber: z.string().optional(),
  /**
   * The VietQR payload as QR modules (error correction M), row by row, '1' dark: main draws it
   * with the `qrcode` package (the UI imports no npm package but Preact) and the UI paints it.
   */
  qr: z.object({ size: z.number().int().positive(), bits: z.string().regex(/^[01]+$/) }).optional(),
  /** When the payment receipt was printed (ISO), if it was. */
  printedAt: z.string().optional(),
});
export type PaymentView = z.infer<typeof PaymentView>;
