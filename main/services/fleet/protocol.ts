/**
 * The fleet's wire protocol (issue 16, docs/fleet.md): topics, the payload schemas (strict zod:
 * an allow-list — a field that is not here cannot leave the kiosk), and signed commands.
 *
 * Shared by the kiosk's reporter (main/services/fleet) and the console (fleet/). Pure data and
 * node:crypto; no MQTT here.
 */
import { createPrivateKey, randomUUID, sign, verify } from 'node:crypto';
import { z } from 'zod';
import { publicKeyOf } from '../maintenance/token';

export const PROTOCOL_VERSION = 1;
export const KINDS = ['status', 'health', 'metrics', 'cmd', 'cmd-result'] as const;
export type TopicKind = (typeof KINDS)[number];

/** `<prefix>/<site>/<kiosk>/<kind>`: ids are one topic level each (no `/`, `+`, `#`, `$`). */
export function topicOf(prefix: string, site: string, kiosk: string, kind: TopicKind): string {
  for (const level of [site, kiosk]) {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(level)) throw new Error(`"${level}" cannot be a topic level (letters, digits, . - _ only)`);
  }
  return `${prefix}/${site}/${kiosk}/${kind}`;
}

/** Parses a topic of the fleet back into its levels; null when it is not one. */
export function parseTopic(prefix: string, topic: string): { site: string; kiosk: string; kind: TopicKind } | null {
  if (!topic.startsWith(`${prefix}/`)) return null;
  const rest = topic.slice(prefix.length + 1).split('/');
  if (rest.length !== 3) return null;
  const [site, kiosk, kind] = rest as [string, string, string];
  if (!(KINDS as readonly string[]).includes(kind)) return null;
  return { site, kiosk, kind: kind as TopicKind };
}

const id = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/);
const count = z.number().int().min(0);
const isoTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);

/** Retained on `status`; the last will publishes `{state:'offline'}` with the same shape. */
export const StatusPayload = z
  .object({
    v: z.literal(PROTOCOL_VERSION),
    kiosk: id,
    site: id,
    state: z.enum(['online', 'offline']),
    /** The kiosk's own service state: out of service when a technician or an operator said so. */
    service: z.enum(['ok', 'out_of_service']).optional(),
    version: z.string().max(32).optional(),
    profile: z.enum(['apartment', 'service-center']).optional(),
    uptimeSeconds: count.optional(),
    at: isoTime,
  })
  .strict();
export type StatusPayload = z.infer<typeof StatusPayload>;

export const DeviceState = z.enum(['ok', 'paper_low', 'paper_out', 'cover_open', 'disconnected', 'error', 'not_configured', 'unknown']);
export type DeviceState = z.infer<typeof DeviceState>;

export const QueueFigures = z
  .object({
    /** Tickets waiting over every service of the center, services open, the longest estimated wait. */
    waiting: count,
    servicesOpen: count,
    longestWaitMinutes: count.optional(),
    /** True when the figures are the kiosk's cached copy (its backend unreachable). */
    offline: z.boolean(),
  })
  .strict();
export type QueueFigures = z.infer<typeof QueueFigures>;

export const HealthPayload = z
  .object({
    v: z.literal(PROTOCOL_VERSION),
    kiosk: id,
    site: id,
    at: isoTime,
    seq: count,
    online: z.boolean(),
    devices: z.object({ printer: DeviceState, scanner: DeviceState, cardReader: DeviceState, camera: DeviceState }).strict(),
    outbox: z.object({ pending: count, dead: count, oldestPendingSeconds: count.nullable(), bytes: count }).strict(),
    paymentsPending: count,
    queue: QueueFigures.optional(),
    /** Reports lost while the broker was unreachable (the queue is bounded: the oldest go). */
    dropped: count,
  })
  .strict();
export type HealthPayload = z.infer<typeof HealthPayload>;

export const COUNTER_NAMES = ['lookups', 'submissions', 'payments', 'prints', 'tickets', 'ratings'] as const;
export type CounterName = (typeof COUNTER_NAMES)[number];

export const MetricsPayload = z
  .object({
    v: z.literal(PROTOCOL_VERSION),
    kiosk: id,
    site: id,
    at: isoTime,
    seq: count,
    /** Journeys completed per hour (Vietnam time), the current hour and the ones before it. */
    hours: z
      .array(
        z
          .object({
            hour: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}$/),
            counts: z.partialRecord(z.enum(COUNTER_NAMES), count),
          })
          .strict(),
      )
      .max(24),
  })
  .strict();
export type MetricsPayload = z.infer<typeof MetricsPayload>;

// ---- commands --------------------------------------------------------------------------------

export const COMMAND_OPS = ['reload-config', 'announce', 'out-of-service', 'in-service', 'print-test', 'requeue-dead', 'collect-logs'] as const;
export type CommandOp = (typeof COMMAND_OPS)[number];

export const CommandBody = z
  .object({
    v: z.literal(PROTOCOL_VERSION),
    id: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
    kiosk: id,
    op: z.enum(COMMAND_OPS),
    /** announce: title + body (+ minutes); out-of-service: message; collect-logs: level, lines. */
    args: z
      .object({
        title: z.string().min(1).max(120).optional(),
        body: z.string().min(1).max(1000).optional(),
        minutes: z.number().int().min(1).max(10_080).optional(),
        message: z.string().min(1).max(300).optional(),
        level: z.enum(['debug', 'info', 'warn', 'error']).optional(),
        lines: z.number().int().min(1).max(2000).optional(),
      })
      .strict()
      .default({}),
    /** Who signed (an operator id, for the audit log), issued-at and expiry (epoch seconds). */
    by: z.string().min(1).max(64),
    iat: z.number().int(),
    exp: z.number().int(),
  })
  .strict();
export type CommandBody = z.infer<typeof CommandBody>;
export type CommandInput = z.input<typeof CommandBody>;

/** On `cmd`: the body's exact bytes (base64url) and their Ed25519 signature (base64url). */
export const SignedCommand = z.object({ cmd: z.string().min(8).max(8192), sig: z.string().regex(/^[A-Za-z0-9_-]{86}$/) }).strict();
export type SignedCommand = z.infer<typeof SignedCommand>;

export const REFUSALS = ['malformed', 'bad-signature', 'no-keys', 'wrong-kiosk', 'expired', 'not-yet-valid', 'replayed'] as const;
export type Refusal = (typeof REFUSALS)[number];

export const CommandResult = z
  .object({
    v: z.literal(PROTOCOL_VERSION),
    kiosk: id,
    /** The command's id; `unknown` when it could not be read. */
    id: z.string().max(64),
    op: z.enum(COMMAND_OPS).optional(),
    outcome: z.enum(['done', 'failed', 'refused']),
    reason: z.enum(REFUSALS).optional(),
    /** English, for operators. */
    detail: z.string().max(2000),
    at: isoTime,
    /** collect-logs: one chunk of the masked log lines (JSON lines), `part` of `parts`. */
    part: count.optional(),
    parts: count.optional(),
    data: z.string().max(65_536).optional(),
  })
  .strict();
export type CommandResult = z.infer<typeof CommandResult>;

/** The operator's side: a command body signed with an Ed25519 private key (PEM). */
export function signCommand(
  input: Omit<CommandInput, 'v' | 'id' | 'iat' | 'exp'> & { id?: string; ttlSeconds?: number; nowMs?: number },
  privateKeyPem: string,
): SignedCommand {
  const now = Math.floor((input.nowMs ?? Date.now()) / 1000);
  const body: CommandInput = {
    v: PROTOCOL_VERSION,
    id: input.id ?? randomUUID(),
    kiosk: input.kiosk,
    op: input.op,
    args: input.args ?? {},
    by: input.by,
    iat: now,
    exp: now + (input.ttlSeconds ?? 300),
  };
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  return { cmd: bytes.toString('base64url'), sig: sign(null, bytes, createPrivateKey(privateKeyPem)).toString('base64url') };
}

export type CommandCheck = { ok: true; body: CommandBody } | { ok: false; reason: Refusal; id: string; op?: CommandOp };

/** The kiosk's side: signature first (nothing unsigned is trusted), then kiosk, time. Replays: the caller. */
export function checkCommand(payload: Buffer | string, opts: { publicKeys: readonly string[]; kioskId: string; nowMs: number }): CommandCheck {
  let signed: SignedCommand;
  try {
    signed = SignedCommand.parse(JSON.parse(payload.toString()));
  } catch {
    return { ok: false, reason: 'malformed', id: 'unknown' };
  }
  const bytes = Buffer.from(signed.cmd, 'base64url');
  let parsed: CommandBody;
  try {
    parsed = CommandBody.parse(JSON.parse(bytes.toString('utf8')));
  } catch {
    return { ok: false, reason: 'malformed', id: 'unknown' };
  }
  const ref = { id: parsed.id, op: parsed.op };
  if (opts.publicKeys.length === 0) return { ok: false, reason: 'no-keys', ...ref };
  const sig = Buffer.from(signed.sig, 'base64url');
  let good = false;
  for (const k of opts.publicKeys) {
    try {
      if (verify(null, bytes, publicKeyOf(k), sig)) good = true;
    } catch {
      // a malformed configured key: the config check names it; try the others
    }
  }
  if (!good) return { ok: false, reason: 'bad-signature', ...ref };
  if (parsed.kiosk !== opts.kioskId) return { ok: false, reason: 'wrong-kiosk', ...ref };
  const now = Math.floor(opts.nowMs / 1000);
  if (now < parsed.iat - 60) return { ok: false, reason: 'not-yet-valid', ...ref };
  if (now >= parsed.exp) return { ok: false, reason: 'expired', ...ref };
  return { ok: true, body: parsed };
}

export const REFUSAL_TEXT: Record<Refusal, string> = {
  malformed: 'the command is not a signed fleet command',
  'bad-signature': "the signature matches no operator key in this kiosk's config",
  'no-keys': 'no operator key is configured on this kiosk',
  'wrong-kiosk': 'the command is for another kiosk',
  expired: 'the command has expired',
  'not-yet-valid': 'the command is not valid yet (issued in the future)',
  replayed: 'the command was already received by this kiosk',
};
