/**
 * The one typed contract between the UI and main (DESIGN.md, "The bridge between UI and main").
 *
 * Every request channel has a zod schema for its request and its response; every event main
 * pushes to the UI has a schema for its payload. The router parses both directions, so a bad
 * payload from the renderer is an error result and a handler that returns the wrong shape is
 * caught before it reaches the screen.
 *
 * The UI imports this file with `import type` only: it gets the types, never zod or Node.
 * Names are `noun.verb`, lower case.
 */
import { z } from 'zod';
import { AnnouncementList, Applicant, Dossier, FieldValue, SubmissionAttachment, Procedure, ProcedurePage, ProcedureSummary, SectorList } from '../api/schemas';
import { CardEvent, identityChannels } from '../services/identity/contract';
// maintenance mode (issue 14)
import { BackendHealth, maintenanceChannels, maintenanceEvents } from '../services/maintenance/contract';
import { PaymentView } from '../services/payments/view'; // payments (issue 12)
import { submissionChannels } from '../services/submission/contract';
import { ratingChannels } from '../services/ratings/contract'; // ratings and the survey (issue 13)

export const Language = z.enum(['vi', 'en']);
export type Language = z.infer<typeof Language>;

/** Home-screen tiles. Which ones a kiosk shows comes from its profile. */
export const TileId = z.enum(['lookup', 'procedures', 'submit', 'payment', 'announcements', 'queue', 'rating']);
export type TileId = z.infer<typeof TileId>;

/** Error codes a request can answer with. The UI picks its screen from the code. */
export const ErrorCode = z.enum([
  'unknown_channel', // no such channel
  'bad_request', // payload failed the channel's schema
  'invalid_code', // a dossier code that is not well formed
  'not_found', // the backend has no such thing
  'offline', // the backend cannot be reached
  'timeout', // the backend did not answer in time
  'rejected', // the backend refused the request (4xx problem details)
  'server_error', // the backend failed (5xx) or answered something we cannot read
  'internal', // our own bug; logged, never shown as a stack trace
  'invalid_form', // a submission does not fit the procedure's form (message names the fields)
  'attachment_too_large', // an attachment is over the size limit
  'storage_full', // the outbox is over its disk budget: new submissions are refused
  'form_unavailable', // offline and the procedure's form was never fetched: cannot validate
  'out_of_service', // the kiosk's database is corrupt or locked: maintenance needed
  'too_many', // a limit against abuse: the same slip again too soon, or too many in one session
  'identity_required', // a submission needs the resident's card read, with consent, in this session; a lookup needs the applicant's ID
  // maintenance mode (issue 14)
  'forbidden', // a maintenance channel while no technician is in maintenance mode
  'invalid_config', // a config change refused by the schema (message names the keys); nothing saved
  // payments (issue 12)
  'already_paid', // the dossier's fees were already paid: no second payment
  'no_fees_due', // the dossier has nothing to pay
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const BridgeError = z.object({ code: ErrorCode, message: z.string() });
export type BridgeError = z.infer<typeof BridgeError>;

export type BridgeResult<T> = { ok: true; value: T } | { ok: false; error: BridgeError };

export const AppInfo = z.object({
  version: z.string(),
  kioskId: z.string(),
  profile: z.enum(['apartment', 'service-center']),
  siteName: z.string(),
  defaultLanguage: Language,
  tiles: z.array(TileId),
  idleTimeoutSeconds: z.number().int().positive(),
  idleWarningSeconds: z.number().int().nonnegative(),
  /** Idle timeout of the reading screens (procedure detail, announcements, dossier status); absent: idleTimeoutSeconds. */
  readingIdleTimeoutSeconds: z.number().int().positive().optional(),
  attractSlideSeconds: z.number().int().positive(),
  backend: z.enum(['embedded-sandbox', 'remote']),
  /** How long main waits for the backend; the UI's own guard waits a little longer. */
  backendTimeoutMs: z.number().int().positive(),
  hotline: z.string(),
  /** The scanner kind (the UI reads wedge keys always, and the camera only when kind is camera). */
  scanner: z.object({ kind: z.string(), cameraDecoder: z.enum(['zxing-js', 'zxing-wasm']) }).optional(),
  /** Where the scanner is (config `site.scannerLocation`); absent: the screen says its default. */
  scannerLocation: z.string().optional(),
  /** The agency prefix put in the lookup field (config `lookup.codePrefix`, ends with a dash). */
  lookupCodePrefix: z.string().optional(),
  // ---- issue 12: submission ----
  /** The document camera of the submit journey (config `devices.documentCamera`); absent: none. */
  documentCamera: z.object({ device: z.string().optional(), width: z.number().int(), height: z.number().int() }).optional(),
  // ---- end issue 12 ----
});
export type AppInfo = z.infer<typeof AppInfo>;

export const SessionEndReason = z.enum(['finish', 'idle', 'reset']);
export type SessionEndReason = z.infer<typeof SessionEndReason>;

export const DeviceKind = z.enum(['scanner', 'printer', 'cardReader']);
export const DeviceStatus = z.object({
  kind: DeviceKind,
  state: z.enum(['connected', 'disconnected', 'error', 'not_configured']),
  detail: z.string().optional(),
});
export type DeviceStatus = z.infer<typeof DeviceStatus>;

const empty = z.object({}).strict();

/** The receipt printer's condition (drivers/printer/device.ts), for `printer.status`. */
export const PrinterCondition = z.enum(['connecting', 'ready', 'paperLow', 'paperOut', 'coverOpen', 'error', 'offline', 'stopped', 'not_configured']);
export type PrinterCondition = z.infer<typeof PrinterCondition>;
export const PrinterView = z.object({
  configured: z.boolean(),
  condition: PrinterCondition,
  /** Jobs waiting for the printer (they print when it is ready again). */
  queued: z.number().int().nonnegative(),
  description: z.string(),
});
export type PrinterView = z.infer<typeof PrinterView>;
/** printed: sent to the printer; queued: kept, prints when the printer is back; unavailable: no printer. */
export const PrintResult = z.object({
  state: z.enum(['printed', 'queued', 'unavailable']),
  jobId: z.string().optional(),
  condition: PrinterCondition,
});
export type PrintResult = z.infer<typeof PrintResult>;

/**
 * A submission still waiting in the outbox, found by its local reference (printed on the
 * receipt). The status screen shows "Đang chờ gửi". `dossierCode` repeats the local reference.
 */
export const PendingDossier = z.object({
  dossierCode: z.string(),
  state: z.literal('pending_send'),
  localRef: z.string(),
  /** waiting: will be sent automatically; failed: refused by the backend, a technician must act. */
  delivery: z.enum(['waiting', 'failed']),
  procedure: z.object({ code: z.string(), name: z.string() }),
  queuedAt: z.string(),
});
export type PendingDossier = z.infer<typeof PendingDossier>;

/** `dossier.submit`: what the submit journey sends (validated again against the form in main). */
export const SubmitRequest = z
  .object({
    procedureCode: z.string().min(1).max(64),
    applicant: Applicant,
    fields: z.record(z.string(), FieldValue),
    attachments: z.array(SubmissionAttachment).max(20).default([]),
  })
  .strict();
export const SubmitResponse = z.object({
  /** Printed on the receipt; `dossier.lookup` finds the submission by it. */
  localRef: z.string(),
  /** sent: the backend confirmed already; queued: it will be sent automatically. */
  state: z.enum(['queued', 'sent']),
  dossierCode: z.string().optional(),
  receivedAt: z.string().optional(),
  dueDate: z.string().optional(),
});
export type SubmitResponse = z.infer<typeof SubmitResponse>;

/** `kiosk.status`: service state (out of service when the database fails), link and outbox. */
/**
 * A background loop's health (delivery, polling, reconnect): `ok` while it runs, `restarting`
 * after it failed and while it waits to start again (it always does), `stopped` once stopped.
 */
export const LoopHealth = z.object({
  name: z.string(),
  state: z.enum(['ok', 'restarting', 'stopped']),
  /** Restarts since the kiosk started. */
  restarts: z.number().int(),
  /** The last failure (English, for technicians) and when it happened. */
  lastError: z.string().optional(),
  lastErrorAt: z.string().optional(),
});
export type LoopHealth = z.infer<typeof LoopHealth>;

export const KioskStatus = z.object({
  service: z.enum(['ok', 'out_of_service']),
  /** Why the kiosk is out of service (English, for technicians). */
  reason: z.string().optional(),
  online: z.boolean(),
  outbox: z.object({ pending: z.number().int(), dead: z.number().int(), bytes: z.number().int() }),
  loops: z.array(LoopHealth),
  /** maintenance mode (issue 14): the backend link as last checked (401 = `unauthorized`: a bad token). */
  backend: BackendHealth.optional(),
});
export type KioskStatus = z.infer<typeof KioskStatus>;

/** Classes of a scan (main/services/scan/classify.ts). */
export const ScanKind = z.enum(['dossierCode', 'receiptSlip', 'cccd', 'appointment', 'technician', 'vietqr', 'unsupported']);
export type ScanKind = z.infer<typeof ScanKind>;

/** Every request channel: its request schema and its response schema. */
export const channels = {
  'app.info': { request: empty, response: AppInfo },
  'session.start': { request: empty, response: z.object({ sessionId: z.string() }) },
  'session.end': {
    request: z.object({ reason: SessionEndReason }).strict(),
    response: z.object({ ended: z.boolean() }),
  },
  'announcements.list': { request: empty, response: AnnouncementList },
  'sectors.list': { request: empty, response: SectorList },
  'procedures.search': {
    request: z
      .object({
        q: z.string().max(200).optional(),
        sector: z.string().max(64).optional(),
        page: z.number().int().positive().max(10_000).optional(),
        pageSize: z.number().int().positive().max(100).optional(),
      })
      .strict(),
    response: ProcedurePage.extend({
      /** When the kiosk's copy of the catalogue was fetched (ISO), null when the backend answered directly. */
      updatedAt: z.string().nullable(),
      /** The copy is old or could not be refreshed: the screen shows "Cập nhật lúc …". */
      stale: z.boolean(),
      /** For a search that found nothing: close matches ("Có phải ông/bà muốn tìm…"), then the most used procedures. */
      suggestions: z.array(ProcedureSummary),
      popular: z.array(ProcedureSummary),
    }),
  },
  'procedures.get': {
    request: z.object({ code: z.string().min(1).max(64) }).strict(),
    response: Procedure,
  },
  'dossier.lookup': {
    request: z.object({ code: z.string().max(120) }).strict(),
    /** A dossier at the backend, or a submission still waiting in the outbox (by local reference). */
    response: z.union([Dossier, PendingDossier]),
  },
  /** Submits a dossier through the outbox (committed before the answer). */
  'dossier.submit': { request: SubmitRequest, response: SubmitResponse },
  'kiosk.status': { request: empty, response: KioskStatus },
  'devices.status': { request: empty, response: z.object({ devices: z.array(DeviceStatus) }) },
  /**
   * Text the renderer read itself (a keyboard-wedge burst, a camera frame): main checks and
   * classifies it like any scan and answers with a `scan` event.
   */
  'scan.submit': {
    request: z.object({ text: z.string().max(16_384), source: z.enum(['wedge', 'camera']) }).strict(),
    response: z.object({ accepted: z.boolean() }),
  },
  /** Print the status of a dossier (looked up again in main; the UI sends only the code). */
  'dossier.print': {
    request: z.object({ code: z.string().max(120) }).strict(),
    response: PrintResult,
  },
  /**
   * Print the receipt of a submission by its local reference (main finds it in the outbox or the
   * delivered mapping; the UI sends nothing personal): the normal slip once the backend accepted
   * it, the offline "chờ gửi" receipt while it waits. Never affects the submission itself.
   */
  'submission.print': {
    request: z.object({ localRef: z.string().min(1).max(120) }).strict(),
    response: PrintResult,
  },
  'printer.status': { request: empty, response: PrinterView },
  /** The CCCD identity journey (consent, chip read, typed dates, clear): main/services/identity. */
  ...identityChannels,
  /** Maintenance mode (issue 14): main/services/maintenance/contract.ts. */
  ...maintenanceChannels,
  // ---- Payments (issue 12): main/services/payments ----
  /** Pays a dossier's fees: the dossier's open payment (same QR code), or a new one. Double taps join. */
  'payment.start': { request: z.object({ dossierCode: z.string().min(1).max(120) }).strict(), response: PaymentView },
  /** The payment as recorded in main (no network: main polls the backend and pushes `payment.update`). */
  'payment.status': { request: z.object({ paymentId: z.string().min(1).max(64) }).strict(), response: PaymentView },
  /** Prints the payment receipt of a paid payment ("Biên lai thu phí, lệ phí"). */
  'payment.print': { request: z.object({ paymentId: z.string().min(1).max(64) }).strict(), response: PrintResult },
  /** Issue 12: the submit journey's form and the QR code to follow a dossier: main/services/submission/contract.ts. */
  ...submissionChannels,
  /** Ratings and the survey (issue 13 item 5): main/services/ratings/contract.ts. */
  ...ratingChannels,
  /** The renderer reports its own errors here so they reach the log (never the screen). */
  'ui.log': {
    request: z
      .object({
        level: z.enum(['info', 'warn', 'error']),
        // One line of text: a newline or other control character could forge a log entry.
        message: z
          .string()
          .max(2000)
          .refine((m) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(m), 'control characters are not allowed in a log message'),
      })
      .strict(),
    response: z.object({ logged: z.boolean() }),
  },
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type RequestOf<C extends ChannelName> = z.input<Channels[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.output<Channels[C]['response']>;
/** What a handler receives: the parsed request (defaults applied). */
export type ParsedRequestOf<C extends ChannelName> = z.output<Channels[C]['request']>;

export const NetworkState = z.object({ online: z.boolean(), backend: z.string() });

/** Every event main pushes to the UI, and its payload. */
export const events = {
  /**
   * A scanner read something; `kind` is the class the scan was routed as. Only what the screen
   * needs travels: `text` and the codes for dossier codes, receipt slips and appointments; for a
   * CCCD QR only the masked ID (the parsed card stays in main's session data); nothing of a
   * technician token, a VietQR or an unsupported scan beyond why it was not accepted.
   */
  scan: z.object({
    kind: ScanKind,
    source: z.string(),
    /** The scanned text; present only when it is neither personal nor secret. */
    text: z.string().max(4096).optional(),
    dossierCode: z.string().optional(),
    appointmentCode: z.string().optional(),
    cccd: z.object({ maskedId: z.string() }).optional(),
    /** unsupported: why, and what it nearly was. */
    reason: z.string().optional(),
    looksLike: z.enum(['cccd', 'vietqr', 'appointment', 'technician']).optional(),
  }),
  /** A card was read (payload defined by the card-reader issue; personal data masked in logs). */
  card: CardEvent,
  'device.status': DeviceStatus,
  /** Main ended the session (idle timeout in main, technician reset); the UI returns to attract. */
  'session.reset': z.object({ reason: SessionEndReason }),
  'network.status': NetworkState,
  /** The receipt printer's condition changed (paper out, cover open, back online, job printed). */
  'printer.status': PrinterView,
  /** Maintenance mode (issue 14). */
  ...maintenanceEvents,
  /** A payment changed (payments, issue 12): main's poller found its outcome. */
  'payment.update': PaymentView,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

/** What `window.kiosk` is, in both shells. */
export interface KioskBridge {
  invoke(channel: string, payload: unknown): Promise<BridgeResult<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}
