/**
 * Schemas of the maintenance channels (`maintenance.*`) and events, imported by
 * main/ipc/contract.ts. Every channel but `maintenance.state`, `maintenance.pin` and
 * `maintenance.entry` answers `forbidden` unless a technician is in maintenance mode. Nothing
 * secret travels: the backend token is only ever "set" or "not set"; scans are shown masked.
 */
import { z } from 'zod';

const empty = z.object({}).strict();

export const MaintenanceState = z.object({
  active: z.boolean(),
  /** The technician's id (a token's), or "PIN". */
  technician: z.string().optional(),
  via: z.enum(['pin', 'token']).optional(),
  since: z.string().optional(),
  /** The kiosk is out of service with this message for residents (Vietnamese, as typed). */
  outOfService: z.string().optional(),
  /** Who put it out of service and when (ISO); kept across restarts. */
  outOfServiceBy: z.string().optional(),
  outOfServiceSince: z.string().optional(),
});

export const EntryStatus = z.object({
  pinConfigured: z.boolean(),
  /** ISO time until which PIN entry is locked, when locked. */
  lockedUntil: z.string().optional(),
  /** Wrong PINs so far in a row, and how many lock entry. */
  failures: z.number().int(),
  maxAttempts: z.number().int(),
  longPressSeconds: z.number(),
});

export const PinAnswer = z.object({
  entered: z.boolean(),
  reason: z.enum(['wrong', 'locked', 'no_pin']).optional(),
  attemptsLeft: z.number().int().optional(),
  lockedUntil: z.string().optional(),
});

export const DiagDevice = z.object({
  id: z.enum(['scanner', 'printer', 'cardReader', 'camera', 'backend', 'outbox', 'disk', 'clock']),
  state: z.enum(['ok', 'warning', 'error', 'not_configured']),
  /** English detail for the technician (kind, path, figures). */
  detail: z.string(),
  /** When the current state began (ISO). */
  since: z.string(),
  lastError: z.string().optional(),
  lastErrorAt: z.string().optional(),
});
export type DiagDevice = z.infer<typeof DiagDevice>;

export const DeadLetterView = z.object({
  id: z.string(),
  localRef: z.string(),
  kind: z.string(),
  queuedAt: z.string(),
  attempts: z.number().int(),
  lastError: z.string(),
});

export const BackendHealth = z.object({
  state: z.enum(['unknown', 'ok', 'unauthorized', 'unreachable', 'error']),
  rttMs: z.number().optional(),
  checkedAt: z.string().optional(),
  detail: z.string().optional(),
});
export type BackendHealth = z.infer<typeof BackendHealth>;

/** A payment the technician should know of: still open, or settled after the resident had left. */
export const PaymentNote = z.object({
  dossierCode: z.string(),
  state: z.string(),
  amount: z.number().nullable(),
  paymentId: z.string().nullable(),
  unattended: z.boolean(),
  createdAt: z.string(),
  lastError: z.string().nullable(),
});

export const Diagnostics = z.object({
  devices: z.array(DiagDevice),
  /** Payments still open (creating, pending) or settled while nobody was there (issue 12). */
  payments: z.array(PaymentNote),
  outbox: z.object({ pending: z.number().int(), dead: z.number().int(), oldest: z.string().optional(), deadLetters: z.array(DeadLetterView) }),
  backend: BackendHealth,
});

export const ScanTest = z.object({
  kind: z.string(),
  /** What the classifier found, masked (never a token, an ID number in full, or an account). */
  fields: z.record(z.string(), z.unknown()),
  source: z.string(),
});

export const ConfigView = z.object({
  /** The site file saved to; absent when the kiosk started without one (then nothing can be saved). */
  file: z.string().optional(),
  values: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  /** Secrets are never sent back: only whether they are set. */
  secretsSet: z.record(z.string(), z.boolean()),
  /** Keys applied at once; the others at the next start. */
  live: z.array(z.string()),
});

// ---- device setup, test card read, log export ----
export const PresentDevice = z.object({
  id: z.string(),
  bus: z.enum(['serial', 'hid', 'pcsc', 'video']),
  name: z.string().optional(),
  usbVendorId: z.string().optional(),
  usbProductId: z.string().optional(),
  manual: z.boolean().optional(),
});

export const RoleChoice = z
  .object({
    role: z.enum(['scanner', 'printer', 'cardReader', 'documentCamera', 'scannerCamera']),
    device: z.string().trim().min(1).max(200),
    bus: z.enum(['serial', 'hid', 'pcsc', 'video']),
    baudRate: z.number().int().min(300).max(921_600).optional(),
    suffix: z.enum(['cr', 'lf', 'crlf', 'none']).optional(),
    profile: z.string().min(1).max(64).optional(),
    hidLayout: z.enum(['honeywell', 'access-is', 'idtech']).optional(),
    usbVendorId: z
      .string()
      .regex(/^[0-9a-f]{4}$/)
      .optional(),
    usbProductId: z
      .string()
      .regex(/^[0-9a-f]{4}$/)
      .optional(),
  })
  .strict();

export const DeviceSetupView = z.object({
  devices: z.array(PresentDevice),
  problems: z.array(z.string()),
  profiles: z.array(z.object({ id: z.string(), description: z.string(), paperMm: z.number(), codePage: z.string() })),
  /** What the config says now (English, one line per role). */
  current: z.record(z.string(), z.string()),
});

export const TrialAnswer = z.object({
  ok: z.boolean(),
  detail: z.string(),
  scan: z.object({ kind: z.string(), fields: z.record(z.string(), z.unknown()) }).optional(),
});

export const CardTestAnswer = z.object({
  outcome: z.enum(['ok', 'needs-key', 'refused', 'error']),
  /** `0010******01`: never the whole ID. */
  personalIdMasked: z.string().optional(),
  /** Passive authentication of the chip (verified: the signature and every hash checked). */
  authenticity: z.enum(['verified', 'not-trusted', 'hash-mismatch', 'signature-invalid', 'no-sod']).optional(),
  keySource: z.string().optional(),
  readMs: z.number().optional(),
  /** English, for the technician. */
  detail: z.string(),
  error: z.string().optional(),
});

export const ExportTarget = z.object({ dir: z.string(), freeBytes: z.number(), mounted: z.boolean() });

export const ExportAnswer = z.object({
  ok: z.boolean(),
  reason: z.enum(['not-a-target', 'no-space', 'no-logs', 'write-failed']).optional(),
  /** The folder written (a new one under the target). */
  dir: z.string().optional(),
  files: z.number().int().optional(),
  bytes: z.number().optional(),
  neededBytes: z.number().optional(),
  freeBytes: z.number().optional(),
  detail: z.string().optional(),
});

export const setupChannels = {
  /** What is present (serial with USB ids, HID, PC/SC, video) and the printer profiles. */
  'setup.devices': {
    request: z.object({ manualPaths: z.array(z.string().trim().min(1).max(200)).max(5).optional() }).strict(),
    response: DeviceSetupView,
  },
  /** "Thử": the chosen device with its role, opened with the real driver, before saving. */
  'setup.try': {
    request: z.object({ choice: RoleChoice, waitSeconds: z.number().int().min(1).max(60).optional() }).strict(),
    response: TrialAnswer,
  },
  /** Saves role choices through the atomic config save (validated, audited); applies at the next start. */
  'setup.save': {
    request: z.object({ choices: z.array(RoleChoice).min(1).max(5) }).strict(),
    response: z.object({ changed: z.array(z.string()), restartNeeded: z.array(z.string()) }),
  },
  /** A test card read: the technician's own test card; the answer masked. */
  'maintenance.cardtest': {
    request: z
      .object({
        personalId: z
          .string()
          .regex(/^\d{12}$/)
          .optional(),
        birthDate: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .optional(),
        expiryDate: z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.literal('none')]).optional(),
        waitSeconds: z.number().int().min(1).max(120).optional(),
      })
      .strict(),
    response: CardTestAnswer,
  },
  /** Where the logs can be exported: mounted drives under /media or /mnt, and configured folders. */
  'logs.targets': { request: empty, response: z.object({ targets: z.array(ExportTarget), logBytes: z.number() }) },
  'logs.export': { request: z.object({ dir: z.string().min(1).max(500) }).strict(), response: ExportAnswer },
} as const;
// ---- end device setup ----

export const maintenanceChannels = {
  ...setupChannels,
  'maintenance.state': { request: empty, response: MaintenanceState },
  'maintenance.entry': { request: empty, response: EntryStatus },
  'maintenance.pin': { request: z.object({ pin: z.string().max(32) }).strict(), response: PinAnswer },
  'maintenance.leave': { request: empty, response: z.object({ left: z.boolean() }) },
  'maintenance.diagnostics': { request: z.object({ refreshBackend: z.boolean().optional() }).strict(), response: Diagnostics },
  'maintenance.print': {
    request: empty,
    response: z.object({ state: z.enum(['printed', 'queued', 'unavailable']), condition: z.string() }),
  },
  'deadletter.requeue': { request: z.object({ id: z.string().min(1).max(64) }).strict(), response: z.object({ done: z.boolean() }) },
  /** Drops a dead letter for good; the UI asks for a confirmation first and sends `confirm: true`. */
  'deadletter.drop': {
    request: z.object({ id: z.string().min(1).max(64), confirm: z.literal(true) }).strict(),
    response: z.object({ done: z.boolean() }),
  },
  'siteconfig.get': { request: empty, response: ConfigView },
  'siteconfig.save': {
    request: z.object({ changes: z.record(z.string().max(64), z.string().max(2000)) }).strict(),
    response: z.object({ changed: z.array(z.string()), restartNeeded: z.array(z.string()) }),
  },
  'logs.read': {
    request: z
      .object({
        level: z.enum(['debug', 'info', 'warn', 'error']).optional(),
        text: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    response: z.object({
      dir: z.string().optional(),
      records: z.array(z.object({ time: z.string(), level: z.string(), area: z.string(), msg: z.string() })),
    }),
  },
  'audit.list': {
    request: empty,
    response: z.object({ entries: z.array(z.object({ id: z.number(), at: z.string(), technician: z.string(), action: z.string(), detail: z.string() })) }),
  },
  'maintenance.close': {
    request: z.object({ message: z.string().trim().min(1).max(300).nullable() }).strict(),
    response: z.object({ outOfService: z.boolean() }),
  },
  /**
   * Restart the application (issue 14 item 6): the shell closes, main stops every service and
   * starts them again from the site file, and the page loads anew. Audited. `not_available`: the
   * kiosk was started by something that cannot restart it (a test harness).
   */
  'maintenance.restart': {
    request: z.object({}).strict(),
    response: z.object({ restarting: z.boolean(), reason: z.enum(['not_available']).optional() }),
  },
  /** Exit to the operating system: the PIN only (even after a token entry), audited. */
  'maintenance.exit': {
    request: z.object({ pin: z.string().max(32) }).strict(),
    response: z.object({ exiting: z.boolean(), reason: z.enum(['wrong', 'no_pin', 'not_available']).optional() }),
  },
} as const;

export const maintenanceEvents = {
  /** Maintenance mode was entered or left (the UI opens or closes its screens). */
  'maintenance.state': MaintenanceState,
  /** A technician token was refused (shown only outside a resident's session). */
  'maintenance.refused': z.object({
    reason: z.enum(['malformed', 'bad-signature', 'expired', 'not-yet-valid', 'wrong-kiosk', 'replayed', 'no-keys']),
  }),
  /** A scan while in maintenance mode: its classification, masked (the test scan). */
  'maintenance.scan': ScanTest,
} as const;
