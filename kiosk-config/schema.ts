/**
 * The kiosk's configuration, as one zod schema. Layers (kiosk-config/loader.ts): built-in
 * defaults <- profile (`apartment`, `service-center`) <- site file (`--config FILE` or
 * `KIOSK_CONFIG`). Every key has a default, so an empty site file is a working demo kiosk.
 *
 * This folder imports zod and nothing else of ours (DESIGN.md import rules).
 */
import { z } from 'zod';

export const ProfileName = z.enum(['apartment', 'service-center']);
export type ProfileName = z.infer<typeof ProfileName>;

export const TILE_IDS = ['lookup', 'procedures', 'submit', 'payment', 'announcements', 'queue', 'rating'] as const;
/** A home-screen tile (the same names as `TileId` in main/ipc/contract.ts). */
export type TileId = (typeof TILE_IDS)[number];

const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), { message: 'must be an http:// or https:// URL' });

export const BackendConfig = z
  .object({
    /** The province's public-service API. Absent: the kiosk embeds `sandbox/`. */
    url: httpUrl.optional(),
    /** Bearer token of this kiosk. */
    token: z.string().min(8).default('demo-kiosk-token'),
    /** Time allowed for one request before the UI shows the timeout screen. */
    timeoutMs: z.number().int().min(500).max(120_000).default(8_000),
    /** Extra attempts for idempotent requests (GET) on network errors and 5xx. */
    retries: z.number().int().min(0).max(5).default(2),
  })
  .strict();

export const SandboxConfig = z
  .object({
    /** Port of the embedded sandbox; 0 picks a free one on 127.0.0.1. */
    port: z.number().int().min(0).max(65535).default(0),
    /** SQLite file of the embedded sandbox; absent means in memory (reseeded at each start). */
    dbFile: z.string().min(1).optional(),
  })
  .strict();

export const UiConfig = z
  .object({
    idleTimeoutSeconds: z.number().int().min(10).max(3600).default(60),
    idleWarningSeconds: z.number().int().min(0).max(60).default(10),
    attractSlideSeconds: z.number().int().min(2).max(120).default(8),
    /** Home tiles in order; absent means the profile's. */
    tiles: z.array(z.enum(TILE_IDS)).min(1).optional(),
  })
  .strict()
  .refine((u) => u.idleWarningSeconds < u.idleTimeoutSeconds, {
    message: 'idleWarningSeconds must be less than idleTimeoutSeconds',
    path: ['idleWarningSeconds'],
  });

export const ShellConfig = z
  .object({
    kind: z.enum(['auto', 'electron', 'chromium']).default('auto'),
    /** Chromium executable for the Chromium shell (also `KIOSK_CHROMIUM`). */
    chromiumPath: z.string().min(1).optional(),
    width: z.number().int().min(320).max(7680).default(1080),
    height: z.number().int().min(320).max(7680).default(1920),
    /** Developer aid only; never on in a deployed kiosk. */
    devTools: z.boolean().default(false),
  })
  .strict();

export const KioskConfig = z
  .object({
    kioskId: z.string().min(1).max(64).default('KIOSK-DEMO-01'),
    profile: ProfileName.default('apartment'),
    siteName: z.string().min(1).max(120).default('Ki-ốt dịch vụ công'),
    language: z.enum(['vi', 'en']).default('vi'),
    hotline: z.string().min(1).max(40).default('1900 1234'),
    /** Where the kiosk keeps its database and logs; relative paths are from the working folder. */
    dataDir: z.string().min(1).default('.kiosk-data'),
    backend: BackendConfig.default(BackendConfig.parse({})),
    sandbox: SandboxConfig.default(SandboxConfig.parse({})),
    ui: UiConfig.default(UiConfig.parse({})),
    shell: ShellConfig.default(ShellConfig.parse({})),
    log: z
      .object({ level: z.enum(['debug', 'info', 'warn', 'error']).default('info') })
      .strict()
      .default({ level: 'info' }),
  })
  .strict();

export type KioskConfig = z.output<typeof KioskConfig>;
/** What a site file or profile may say: any subset, nested. */
export type KioskConfigInput = z.input<typeof KioskConfig>;
/**
 * The config the loader hands out: every default applied and the home tiles resolved (the site
 * file's `ui.tiles`, else the profile's), so `ui.tiles` is always set.
 */
export type ResolvedKioskConfig = Omit<KioskConfig, 'ui'> & {
  ui: Omit<KioskConfig['ui'], 'tiles'> & { tiles: TileId[] };
};
