/**
 * `queue` in the kiosk's config (issue 13, the kiosk side of "Lấy số thứ tự"): what the kiosk does
 * with tickets while the center's backend cannot be reached, and the leased blocks of numbers.
 *
 * The center's own policy (`Center.offlinePolicy`, from `GET /api/v1/queue/services`, cached) wins;
 * `offlinePolicy` here is the fallback for a kiosk that never reached its backend.
 */
import { z } from 'zod';

export const QueueConfig = z
  .object({
    /** `refuse`: offline, send residents to the reception desk; `lease`: issue from a leased block. */
    offlinePolicy: z.enum(['refuse', 'lease']).default('refuse'),
    /** Numbers per leased block (per service). */
    leaseSize: z.number().int().min(1).max(200).default(20),
    /** A new block is leased ahead of need when fewer numbers than this are left. */
    leaseLowWater: z.number().int().min(0).max(200).default(5),
    /** How often the lease loop checks the blocks and reports what was issued offline (seconds). */
    leaseCheckSeconds: z.number().int().min(1).max(3600).default(60),
    /** How long the ticket stays on screen before the kiosk returns home (seconds; a slow reader's time). */
    ticketScreenSeconds: z.number().int().min(20).max(600).default(90),
  })
  .strict()
  .refine((q) => q.leaseLowWater < q.leaseSize, { message: 'leaseLowWater must be below leaseSize', path: ['leaseLowWater'] });
export type QueueConfig = z.output<typeof QueueConfig>;
