/**
 * The payment calls of the public-service API (issue 12), on top of the typed client: create a
 * payment of a dossier's fees with an Idempotency-Key (one key per payment intent, reused on
 * every retry), and read a payment's state. Answers are checked against main/api/schemas.ts.
 */
import type { ApiClient } from './client';
import { Payment } from './schemas';

export interface PaymentsApi {
  /** `POST /api/v1/payments`: 201 a new payment, 200 the dossier's payment still pending. */
  create(dossierCode: string, idempotencyKey: string, options?: { timeoutMs?: number }): Promise<Payment>;
  /** `GET /api/v1/payments/{id}`. */
  get(paymentId: string, options?: { timeoutMs?: number }): Promise<Payment>;
}

export function createPaymentsApi(client: ApiClient): PaymentsApi {
  return {
    create: (dossierCode, idempotencyKey, options = {}) =>
      client.request('/api/v1/payments', Payment, { method: 'POST', body: { dossierCode }, idempotencyKey, ...options }),
    get: (paymentId, options = {}) => client.request(`/api/v1/payments/${encodeURIComponent(paymentId)}`, Payment, options),
  };
}
