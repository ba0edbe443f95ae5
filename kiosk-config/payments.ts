/**
 * `payments` in the kiosk's config (issue 12): how the kiosk polls a payment's outcome, and the
 * embedded sandbox's admin token for tests and demos.
 */
import { z } from 'zod';

/** The payment platform is never asked more often than this (issue 12: not faster than every 2 s). */
export const MIN_PAYMENT_POLL_MS = 2_000;

export const PaymentsConfig = z
  .object({
    /** First wait between two checks of a pending payment; it doubles up to pollCapMs. At least 2000. */
    pollBaseMs: z.number().int().min(MIN_PAYMENT_POLL_MS).max(60_000).default(2_000),
    /** Longest wait between two checks. */
    pollCapMs: z.number().int().min(MIN_PAYMENT_POLL_MS).max(600_000).default(10_000),
    /**
     * Test/demo only, with the embedded sandbox: the token of its payment simulate route
     * (`X-Sandbox-Admin-Token`). Absent: the route is closed. Never used with a remote backend.
     */
    sandboxAdminToken: z.string().min(8).max(200).optional(),
    /** The embedded sandbox's payment expiry, in minutes. */
    sandboxTtlMinutes: z.number().int().min(1).max(1440).default(15),
  })
  .strict()
  .refine((p) => p.pollCapMs >= p.pollBaseMs, { message: 'pollCapMs must be at least pollBaseMs', path: ['pollCapMs'] });
export type PaymentsConfig = z.output<typeof PaymentsConfig>;
