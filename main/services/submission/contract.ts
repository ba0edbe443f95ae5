/**
 * Channels of the submit journey (issue 12), imported by main/ipc/contract.ts:
 *
 * - `submission.form`: the procedure's online form (fields, documents, attachment limits), from
 *   the form cache (memory, database, backend), so a kiosk gone offline still shows a form it saw;
 * - `submission.qr`: the QR code to follow a dossier on a phone: the tracking URL (config
 *   `devices.printer.trackingUrl`) followed by the dossier code or the local reference, as the
 *   printed receipt has it (DOMAIN.md), encoded in main (the UI draws the modules).
 */
import { z } from 'zod';
import { FormSchema } from '../../api/schemas';

export const TrackingQr = z.object({
  url: z.string(),
  /** Modules per side. */
  size: z.number().int().positive(),
  /** size*size characters, row by row: '1' dark, '0' light. */
  cells: z.string().regex(/^[01]+$/),
});
export type TrackingQr = z.infer<typeof TrackingQr>;

export const submissionChannels = {
  'submission.form': {
    request: z.object({ procedureCode: z.string().min(1).max(64) }).strict(),
    response: FormSchema,
  },
  'submission.qr': {
    request: z.object({ code: z.string().min(1).max(120) }).strict(),
    response: TrackingQr,
  },
} as const;
