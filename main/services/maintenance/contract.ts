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

export const maintenanceChannels = {
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
