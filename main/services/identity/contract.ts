/**
 * Schemas of the identity channels (`identity.consent`, `identity.read`, `identity.provide` (typed dates),
 * `identity.clear`) and of the `card` event, imported by main/ipc/contract.ts. Only what the
 * screen shows travels to the UI: the ID masked, no ethnicity or religion (they stay in main's
 * session memory), the face as a data: URL that lives as long as the screen.
 */
import { z } from 'zod';
import { SEXES } from '../../../common/sex';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const Authenticity = z.object({
  status: z.enum(['verified', 'not-trusted', 'hash-mismatch', 'signature-invalid', 'no-sod']),
  /** Data groups whose hash did not match. */
  mismatched: z.array(z.number().int()),
  /** English, for the technician (never shown raw on screen). */
  detail: z.string().max(300).optional(),
});
export type Authenticity = z.infer<typeof Authenticity>;

export const IdentityPhoto = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('jpeg'),
    dataUrl: z.string().startsWith('data:image/jpeg;base64,').max(400_000),
    /** The chip holds JPEG 2000 (a JP2 file or a bare codestream); main decoded it and made this JPEG. */
    convertedFrom: z.enum(['jp2', 'j2k']).optional(),
  }),
  /** JPEG 2000 on the chip that could not be decoded (broken, too large, a layout we do not convert). */
  z.object({ kind: z.literal('unsupported'), format: z.enum(['jp2', 'j2k']) }),
  z.object({ kind: z.literal('none') }),
]);

export const IdentityView = z.object({
  fullName: z.string(),
  /** `0010******01` */
  personalIdMasked: z.string(),
  birthDate: z.string().optional(),
  sex: z.enum(SEXES).optional(),
  placeOfOrigin: z.string().optional(),
  residence: z.string().optional(),
  issueDate: z.string().optional(),
  /** yyyy-MM-dd or 'none' (does not expire). */
  expiryDate: z.string().optional(),
  photo: IdentityPhoto,
  authenticity: Authenticity,
  /** Where the BAC key came from. */
  keySource: z.enum(['mrz', 'qr', 'dates']),
  sources: z.array(z.enum(['chip', 'qr', 'mrz'])),
});
export type IdentityView = z.infer<typeof IdentityView>;

export const IdentityErrorCode = z.enum([
  'no-consent', // identity.read before identity.consent
  'not_configured', // devices.cardReader.kind = none
  'no-service', // pcscd not running
  'no-reader', // no card reader connected
  'no-card', // nothing placed in time
  'card-removed', // removed mid-read
  'wrong-card', // not a CCCD chip
  'broken-card', // bad MAC, unreadable data
  'bac-failed', // the typed dates do not open the chip
  'transport',
  'cancelled', // session ended or identity.clear
]);
export type IdentityErrorCode = z.infer<typeof IdentityErrorCode>;

export const IdentityReadResult = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('ok'), identity: IdentityView, apduCount: z.number().int(), readMs: z.number() }),
  /**
   * The chip could not be opened from what the kiosk knows: ask for dates. `needPersonalId` when
   * no CCCD QR was scanned; `after` says what was tried ('none' = nothing known yet).
   */
  z.object({ outcome: z.literal('needs-dates'), needPersonalId: z.boolean(), after: z.enum(['none', 'derived', 'typed']) }),
  /** The sources disagree (QR, MRZ, chip): the identity is refused. */
  z.object({ outcome: z.literal('refused'), fields: z.array(z.enum(['personalId', 'birthDate', 'sex', 'idDigits'])) }),
  z.object({ outcome: z.literal('error'), error: IdentityErrorCode, message: z.string() }),
]);
export type IdentityReadResult = z.infer<typeof IdentityReadResult>;

export const identityChannels = {
  /** The resident's answer on the consent screen. No card is read before `accepted: true`. */
  'identity.consent': {
    request: z.object({ accepted: z.boolean() }).strict(),
    response: z.object({ consented: z.boolean() }),
  },
  /** Waits for the card (up to `waitSeconds`, default from config) and reads it. */
  'identity.read': {
    request: z.object({ waitSeconds: z.number().int().min(1).max(300).optional() }).strict(),
    response: IdentityReadResult,
  },
  /** Dates typed by the resident (and the ID when no QR was scanned) for the next read. */
  'identity.provide': {
    request: z
      .object({
        personalId: z
          .string()
          .regex(/^\d{12}$/)
          .optional(),
        birthDate: isoDate,
        expiryDate: z.union([isoDate, z.literal('none')]),
      })
      .strict(),
    response: z.object({ accepted: z.boolean(), reason: z.enum(['bad-date', 'bad-id', 'no-consent']).optional() }),
  },
  /** Forgets the identity (and cancels a read) without ending the session. */
  'identity.clear': { request: z.object({}).strict(), response: z.object({ cleared: z.boolean() }) },
} as const;

/** The `card` event: reader and card state while the identity journey runs. */
export const CardEvent = z.object({
  present: z.boolean(),
  reader: z.string(),
  state: z.enum(['waiting', 'reading', 'done', 'error']).optional(),
  /** 0..100 while reading. */
  progress: z.number().int().min(0).max(100).optional(),
});
