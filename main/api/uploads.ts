/**
 * Attachments by reference (issue 15 item 1): the capability a backend announces in
 * `GET /healthz`, and the reference a dossier carries to a completed tus upload.
 * Shared by the sandbox (which serves them) and the kiosk's outbox (which reads them).
 */
import { z } from 'zod';

/** A dossier's attachment as a reference to a completed upload (instead of `contentBase64`). */
export const SubmissionAttachmentRef = z.object({
  uploadId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/),
  name: z.string().min(1).max(255),
  mime: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/),
  size: z.number().int().positive(),
  sha256: z.string().regex(/^[a-f0-9]{64}$/),
});
export type SubmissionAttachmentRef = z.infer<typeof SubmissionAttachmentRef>;

/**
 * What the backend accepts beyond the base API, in `GET /healthz` (no token needed; the kiosk's
 * reachability probe already asks it). Absent (an older backend): attachments as base64 in the
 * JSON body, bodies uncompressed.
 */
export const BackendCapabilities = z.object({
  uploads: z
    .object({
      protocol: z.literal('tus'),
      version: z.string(),
      /** Path of the tus creation endpoint, e.g. `/api/v1/uploads`. */
      path: z.string().startsWith('/'),
      maxBytes: z.number().int().positive(),
    })
    .optional(),
  /** `Content-Encoding`s accepted on JSON request bodies, e.g. `["gzip"]`. */
  requestEncodings: z.array(z.string()).optional(),
  /**
   * The backend takes HTTP/2 on the same origin: by prior knowledge over `http://` (RFC 9113
   * §3.3), by ALPN over `https://`. The outbox then sends on one HTTP/2 connection (docs/uploads.md).
   */
  http2: z.boolean().optional(),
});
export type BackendCapabilities = z.infer<typeof BackendCapabilities>;

export const HealthWithCapabilities = z.object({ status: z.literal('ok'), capabilities: BackendCapabilities.optional() });
