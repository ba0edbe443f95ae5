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
import {
  AnnouncementList,
  Dossier,
  Procedure,
  ProcedurePage,
  SectorList,
} from '../api/schemas';

export const Language = z.enum(['vi', 'en']);
export type Language = z.infer<typeof Language>;

/** Home-screen tiles. Which ones a kiosk shows comes from its profile. */
export const TileId = z.enum([
  'lookup',
  'procedures',
  'submit',
  'payment',
  'announcements',
  'queue',
  'rating',
]);
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
  attractSlideSeconds: z.number().int().positive(),
  backend: z.enum(['embedded-sandbox', 'remote']),
  /** How long main waits for the backend; the UI's own guard waits a little longer. */
  backendTimeoutMs: z.number().int().positive(),
  hotline: z.string(),
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
    response: ProcedurePage,
  },
  'procedures.get': {
    request: z.object({ code: z.string().min(1).max(64) }).strict(),
    response: Procedure,
  },
  'dossier.lookup': {
    request: z.object({ code: z.string().max(120) }).strict(),
    response: Dossier,
  },
  'devices.status': { request: empty, response: z.object({ devices: z.array(DeviceStatus) }) },
  /** The renderer reports its own errors here so they reach the log (never the screen). */
  'ui.log': {
    request: z
      .object({ level: z.enum(['info', 'warn', 'error']), message: z.string().max(2000) })
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
  /** A scanner read something; `kind` is the class the scan was routed as. */
  scan: z.object({ text: z.string(), kind: z.string(), source: z.string() }),
  /** A card was read (payload defined by the card-reader issue; personal data masked in logs). */
  card: z.object({ present: z.boolean(), reader: z.string() }),
  'device.status': DeviceStatus,
  /** Main ended the session (idle timeout in main, technician reset); the UI returns to attract. */
  'session.reset': z.object({ reason: SessionEndReason }),
  'network.status': NetworkState,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

/** What `window.kiosk` is, in both shells. */
export interface KioskBridge {
  invoke(channel: string, payload: unknown): Promise<BridgeResult<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}
