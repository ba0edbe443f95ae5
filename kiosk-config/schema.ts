/**
 * The kiosk's configuration, as one zod schema. Layers (kiosk-config/loader.ts): built-in
 * defaults <- profile (`apartment`, `service-center`) <- site file (`--config FILE` or
 * `KIOSK_CONFIG`). Every key has a default, so an empty site file is a working demo kiosk.
 *
 * This folder imports zod and nothing else of ours (DESIGN.md import rules).
 */
import { z } from 'zod';
import { POPULAR_PROCEDURES } from '../common/search/popular';
import { PaymentsConfig } from './payments'; // payments (issue 12)
import { QueueConfig } from './queue'; // the queue at the kiosk (issue 13)
import { CounterConfig, DisplayConfig } from './hall'; // the hall display and the counter (issue 13)

export const ProfileName = z.enum(['apartment', 'service-center', 'display', 'counter']);
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
    /** The embedded sandbox answers a lookup only with the applicant's ID number (demo of "identity required"). */
    requireApplicantId: z.boolean().default(false),
    /**
     * The service center's rules in the embedded sandbox (issue 13; defaults in sandbox/queue/db.ts:
     * interleaved one in 3, lease, appointments first). A real center's backend decides these itself.
     */
    queue: z
      .object({
        priorityRule: z
          .discriminatedUnion('mode', [
            z.object({ mode: z.literal('strict') }).strict(),
            z.object({ mode: z.literal('interleaved'), every: z.number().int().min(1).max(20) }).strict(),
          ])
          .optional(),
        offlinePolicy: z.enum(['refuse', 'lease']).optional(),
        appointmentRule: z.enum(['first', 'priority']).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const UiConfig = z
  .object({
    /** Quiet time before the session ends (the warning included). */
    idleTimeoutSeconds: z.number().int().min(30).max(3600).default(90),
    /**
     * The "Ông/bà có cần thêm thời gian?" warning before the end: at least 20 s to answer
     * (WCAG 2.2.1 Timing Adjustable), 30 s by default for residents who read slowly.
     */
    idleWarningSeconds: z.number().int().min(20).max(120).default(30),
    /**
     * Quiet time on the reading screens (a procedure's detail, an announcement, a dossier's
     * status), where a resident reads for minutes without touching: absent means
     * READING_IDLE_FACTOR times idleTimeoutSeconds (readingIdleTimeout() resolves it).
     */
    readingIdleTimeoutSeconds: z.number().int().min(30).max(7200).optional(),
    attractSlideSeconds: z.number().int().min(2).max(120).default(8),
    /** Home tiles in order; absent means the profile's. */
    tiles: z.array(z.enum(TILE_IDS)).min(1).optional(),
  })
  .strict()
  .refine((u) => u.idleWarningSeconds < u.idleTimeoutSeconds, {
    message: 'idleWarningSeconds must be less than idleTimeoutSeconds',
    path: ['idleWarningSeconds'],
  })
  .refine((u) => u.readingIdleTimeoutSeconds === undefined || u.readingIdleTimeoutSeconds >= u.idleTimeoutSeconds, {
    message: 'readingIdleTimeoutSeconds must be at least idleTimeoutSeconds',
    path: ['readingIdleTimeoutSeconds'],
  });

/** The reading screens wait this many times the normal idle timeout, unless the site says otherwise. */
export const READING_IDLE_FACTOR = 3;

/** The idle timeout of the reading screens, in seconds (the site's value, else READING_IDLE_FACTOR times the normal one). */
export function readingIdleTimeout(ui: { idleTimeoutSeconds: number; readingIdleTimeoutSeconds?: number | undefined }): number {
  return ui.readingIdleTimeoutSeconds ?? Math.min(7200, READING_IDLE_FACTOR * ui.idleTimeoutSeconds);
}

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

/** The outbox: every action that changes backend state waits here until the backend confirms. */
export const OutboxConfig = z
  .object({
    /** Largest attachment accepted, in bytes (the form's own limit applies too). */
    maxAttachmentBytes: z
      .number()
      .int()
      .min(1024)
      .max(100 * 1024 * 1024)
      .default(5 * 1024 * 1024),
    /** Disk space the waiting submissions (bodies and attachments) may use; over it, new ones are refused. */
    diskBudgetBytes: z
      .number()
      .int()
      .min(64 * 1024)
      .default(512 * 1024 * 1024),
    /** Full-jitter backoff after failed deliveries: wait random() * min(cap, base * 2^n). */
    backoffBaseMs: z.number().int().min(10).max(60_000).default(2_000),
    backoffCapMs: z.number().int().min(100).max(3_600_000).default(300_000),
    /** Consecutive failures that open the circuit breaker, and how long it stays open. */
    breakerThreshold: z.number().int().min(1).max(100).default(5),
    breakerOpenMs: z.number().int().min(100).max(3_600_000).default(30_000),
    /** While waiting after failures, how often to probe the backend (GET probePath). */
    probeIntervalMs: z.number().int().min(100).max(600_000).default(5_000),
    probePath: z.string().startsWith('/').default('/healthz'),
    /** Time allowed for one delivery: this much, plus the body's size at minBytesPerSecond. */
    requestTimeoutMs: z.number().int().min(500).max(600_000).default(15_000),
    minBytesPerSecond: z
      .number()
      .int()
      .min(1024)
      .default(4 * 1024),
    /**
     * Deliveries in flight at once, at most, before the link is measured; then the window sizes
     * itself to the link's bandwidth-delay product (main/services/outbox/window.ts).
     */
    concurrency: z.number().int().min(1).max(16).default(4),
    /**
     * Attachments as resumable tus uploads and gzip JSON bodies when the backend announces them
     * in `GET /healthz` (issue 15, docs/uploads.md): `auto`; `off` keeps base64 in uncompressed
     * bodies for every backend.
     */
    uploads: z.enum(['auto', 'off']).default('auto'),
    /**
     * The outbox's uploads and dossiers on one HTTP/2 connection when the backend announces it
     * (issue 15, docs/uploads.md "One connection"): `auto`; `off` keeps HTTP/1.1 (a proxy in
     * the way that breaks HTTP/2).
     */
    http2: z.enum(['auto', 'off']).default('auto'),
    /** How long `dossier.submit` waits for the backend before answering "queued". */
    submitWaitMs: z.number().int().min(0).max(60_000).default(3_000),
    /** One resident's session submits at most this many dossiers… */
    maxSubmissionsPerSession: z.number().int().min(1).max(50).default(5),
    /** …with at most this many attachments in all (photos of documents). */
    maxAttachmentsPerSession: z.number().int().min(1).max(200).default(40),
  })
  .strict();

/** A USB vendor or product id: a number, or hex text (`0x0c2e` or `0c2e`). */
const UsbId = z.union([
  z.number().int().min(0).max(0xffff),
  z.string().regex(/^(0x)?[0-9a-fA-F]{1,4}$/, { message: 'must be a USB id: 0..65535 or hex such as 0x0c2e' }),
]);

/** The QR/barcode scanner (drivers/scanner). `simulator` is the demo default (scriptable by tests). */
export const ScannerConfig = z
  .object({
    kind: z.enum(['simulator', 'serial', 'hid', 'wedge', 'camera', 'none']).default('simulator'),
    /** serial: the port (`/dev/ttyACM0`, `COM3`); hid: a hidraw path. Or choose by USB id. */
    path: z.string().min(1).optional(),
    usbVendorId: UsbId.optional(),
    usbProductId: UsbId.optional(),
    baudRate: z.number().int().min(300).max(4_000_000).default(9600),
    /** What the scanner sends after each code; `none` closes a scan by interByteTimeoutMs of silence. */
    suffix: z.enum(['cr', 'lf', 'crlf', 'none']).default('cr'),
    interByteTimeoutMs: z.number().int().min(5).max(2000).optional(),
    /** HID POS report layout. */
    hidLayout: z.enum(['honeywell', 'access-is', 'idtech']).default('honeywell'),
    /** Camera decoder (measured in test/bench/scanner.ts). */
    cameraDecoder: z.enum(['zxing-js', 'zxing-wasm']).default('zxing-wasm'),
  })
  .strict()
  .refine((s) => !(s.kind === 'serial' || s.kind === 'hid') || s.path !== undefined || s.usbVendorId !== undefined, {
    message: 'a serial or hid scanner needs path or usbVendorId',
    path: ['path'],
  });

/** A printer profile given inline instead of by name (drivers/printer/profiles.ts). */
export const PrinterProfileInline = z
  .object({
    paperWidth: z.union([z.literal(58), z.literal(80)]).default(80),
    /** The printer's Vietnamese code page; `none` prints text as raster images. */
    codePage: z.enum(['cp1258', 'tcvn3', 'none']).default('none'),
    /** ESC t number of that code page (Epson WPC1258 52, Chinese firmwares 27, Epson TCVN-3 30). */
    escT: z.number().int().min(0).max(255).optional(),
    /** TCVN-3 upper-case companion page (Epson 31). */
    escTUpper: z.number().int().min(0).max(255).optional(),
    /** Send FS . first (Chinese firmwares start in a multi-byte mode). */
    fsDot: z.boolean().default(false),
    cutter: z.enum(['partial', 'full', 'none']).default('partial'),
    nativeQr: z.boolean().default(true),
  })
  .strict()
  .refine((p) => p.codePage === 'none' || p.escT !== undefined, {
    message: 'a cp1258 or tcvn3 code page needs escT',
    path: ['escT'],
  });

/** The receipt printer (drivers/printer). `simulator` is the demo default. */
export const PrinterConfig = z
  .object({
    kind: z.enum(['simulator', 'serial', 'usb', 'tcp', 'none']).default('simulator'),
    /** serial: `/dev/ttyS0`, `/dev/ttyUSB0`; usb: `/dev/usb/lp0`. */
    path: z.string().min(1).optional(),
    baudRate: z.number().int().min(1200).max(921_600).default(9600),
    rtscts: z.boolean().default(false),
    host: z.string().min(1).optional(),
    port: z.number().int().min(1).max(65535).default(9100),
    /** A profile name (epson-80, epson-80-tcvn3, generic-80-cp1258, generic-58-cp1258, generic-80-raster, generic-58-raster) or an inline profile. */
    profile: z.union([z.string().min(1).max(64), PrinterProfileInline]).default('generic-80-raster'),
    /** `raster` prints every text line as an image even when the profile has a code page. */
    mode: z.enum(['auto', 'raster']).default('auto'),
    /** Poll DLE EOT between jobs (off for write-only links). */
    statusPolling: z.boolean().default(true),
    pollIntervalMs: z.number().int().min(200).max(60_000).default(3_000),
    /** The tracking QR on receipts: this URL followed by the dossier code. */
    trackingUrl: z.string().url().default('https://dichvucong.gov.vn/tra-cuu-ho-so/'),
    /** The QR on queue tickets: this URL followed by the ticket number. */
    queueUrl: z.string().url().default('https://dichvucong.gov.vn/xep-hang/'),
    /** How long a print request waits for the printer before answering "queued". */
    printWaitMs: z.number().int().min(0).max(60_000).default(4_000),
    /**
     * Limits against a stream of slips (a resident tapping "In" again and again, or a page gone
     * wrong): the same slip again only after `repeatAfterSeconds`, at most `maxPerDocument` times,
     * and at most `maxPerSession` slips in one resident's session.
     */
    limits: z
      .object({
        repeatAfterSeconds: z.number().int().min(0).max(3600).default(60),
        maxPerDocument: z.number().int().min(1).max(20).default(3),
        maxPerSession: z.number().int().min(1).max(100).default(10),
      })
      .strict()
      .default({ repeatAfterSeconds: 60, maxPerDocument: 3, maxPerSession: 10 }),
  })
  .strict()
  .refine((p) => !(p.kind === 'serial' || p.kind === 'usb') || p.path !== undefined, {
    message: 'a serial or usb printer needs path',
    path: ['path'],
  })
  .refine((p) => p.kind !== 'tcp' || p.host !== undefined, { message: 'a tcp printer needs host', path: ['host'] });
export type PrinterConfig = z.output<typeof PrinterConfig>;

/**
 * The CCCD chip reader (drivers/idcard). `simulator` is the demo default (a synthetic card the
 * tests script); `pcsc` a real PC/SC reader through pcscd; `none` hides the identity journey.
 */
export const CardReaderConfig = z
  .object({
    kind: z.enum(['pcsc', 'simulator', 'none']).default('simulator'),
    /** A substring of the PC/SC reader name (e.g. `ACR1252`); the first reader with a card when absent. */
    reader: z.string().min(1).max(120).optional(),
    /** Folder of trusted CSCA certificates (PEM/DER) for passive authentication; none shipped. */
    cscaDir: z.string().min(1).optional(),
    /** Plain bytes per READ BINARY under secure messaging: 223 (0xDF) for short APDUs; more needs extended length. */
    maxApduChunk: z.number().int().min(16).max(65535).default(0xdf),
    /** How long the kiosk waits for the card once the resident agreed (seconds). */
    waitSeconds: z.number().int().min(5).max(300).default(60),
    /** A serial document reader that outputs MRZ lines (BAC key source), e.g. `/dev/ttyUSB1`. */
    mrzReaderPath: z.string().min(1).optional(),
    mrzReaderBaudRate: z.number().int().min(1200).max(921_600).default(9600),
  })
  .strict();
export type CardReaderConfig = z.output<typeof CardReaderConfig>;

/**
 * The kiosk's own copy of the procedure catalogue (main/services/procedures/catalogue.ts), and
 * what its search knows beyond the backend's data.
 */
export const CatalogueConfig = z
  .object({
    /** How often to fetch a new copy from the backend (hours). */
    refreshHours: z.number().min(0.25).max(168).default(6),
    /** A copy older than this shows its date on the procedures screen (hours). */
    staleAfterHours: z
      .number()
      .min(1)
      .max(24 * 90)
      .default(24),
    /** Also keep every procedure's details, so they can be read while the link is down. */
    offlineDetails: z.boolean().default(true),
    /** Codes of the procedures offered when a search finds nothing, most used first. */
    popular: z
      .array(z.string().min(1).max(64))
      .max(12)
      .default([...POPULAR_PROCEDURES]),
    /**
     * Site words added to the search's synonym table (common/search/synonyms.ts): what residents
     * here say, and the words of the official names they mean.
     */
    synonyms: z
      .array(
        z
          .object({
            said: z.array(z.string().trim().min(1).max(80)).min(1).max(20),
            means: z.array(z.string().trim().min(1).max(120)).min(1).max(5),
          })
          .strict(),
      )
      .max(500)
      .default([]),
  })
  .strict();
export type CatalogueConfig = z.output<typeof CatalogueConfig>;

// ---- Document camera (issue 12: photos of the required documents) ----
/**
 * The camera that photographs documents on the submit journey's capture screen. `camera`: a
 * second camera, chosen by a part of its label (`device`), or the only camera (the scanner's,
 * when the scanner is a camera and there is no other); `none`: the journey says documents are
 * handed in at the one-stop desk. The page may open it only on the capture screen.
 */
export const DocumentCameraConfig = z
  .object({
    kind: z.enum(['camera', 'none']).default('none'),
    /** Part of the camera's label (as the OS names it); absent: the first camera. */
    device: z.string().min(1).max(200).optional(),
    width: z.number().int().min(320).max(4096).default(1280),
    height: z.number().int().min(240).max(4096).default(960),
  })
  .strict();
export type DocumentCameraConfig = z.output<typeof DocumentCameraConfig>;
// ---- end document camera ----

/** Devices of this kiosk; each driver issue adds its key here. */
export const DevicesConfig = z
  .object({
    scanner: ScannerConfig.default(ScannerConfig.parse({})),
    printer: PrinterConfig.default(PrinterConfig.parse({})),
    cardReader: CardReaderConfig.default(CardReaderConfig.parse({})),
    // issue 12: the document camera of the submit journey
    documentCamera: DocumentCameraConfig.default(DocumentCameraConfig.parse({})),
  })
  .strict();

/** Where things are at this site, for the screens to tell residents (Vietnamese, as shown). */
export const SiteConfig = z
  .object({
    /** Where the QR/barcode scanner is, e.g. "bên phải màn hình"; absent: the screen's default words. */
    scannerLocation: z.string().trim().min(1).max(120).optional(),
  })
  .strict();

/** The dossier lookup screen. */
export const LookupConfig = z
  .object({
    /**
     * The agency identifier this site's dossier codes start with (e.g. `000.00.12.H56`), put in the
     * field so residents type only the date and number; a trailing dash is added when missing.
     */
    codePrefix: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9]{1,12}(?:\.[A-Z0-9]{1,12}){0,7}-?$/, 'must be an agency identifier such as 000.00.12.H56')
      .transform((p) => (p.endsWith('-') ? p : `${p}-`))
      .optional(),
  })
  .strict();

// ---- maintenance mode (issue 14) -------------------------------------------------------------
/** Maintenance mode: how a technician gets in (main/services/maintenance). */
export const MaintenanceConfig = z
  .object({
    /** The maintenance PIN as a scrypt hash (`npm run kiosk -- maintenance pin set`); absent: no PIN entry. */
    pinHash: z
      .string()
      .regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/, 'must be a scrypt hash made by `maintenance pin set`')
      .optional(),
    /** Ed25519 public keys (base64 SPKI DER or PEM) that sign technician tokens (`maintenance keygen`). */
    technicianKeys: z.array(z.string().min(40).max(4000)).max(20).default([]),
    /** How long the hidden corner is held before the PIN pad opens (seconds). */
    longPressSeconds: z.number().min(1).max(30).default(5),
    /** Wrong PINs in a row before entry is locked, and for how long (minutes). */
    maxPinAttempts: z.number().int().min(1).max(20).default(5),
    lockoutMinutes: z.number().min(1).max(1440).default(5),
    /**
     * Folders offered for the log export besides the drives mounted under /media and /mnt (a
     * site's own USB mount point, a network share).
     */
    exportDirs: z.array(z.string().min(1).max(500)).max(10).default([]),
  })
  .strict();
export type MaintenanceConfig = z.output<typeof MaintenanceConfig>;

/** Log files (pino, rotated by size and by day with pino-roll); the dir defaults to `<dataDir>/logs`. */
export const LogFilesConfig = z
  .object({
    enabled: z.boolean().default(true),
    dir: z.string().min(1).optional(),
    maxSizeMb: z.number().min(1).max(1024).default(10),
    /** Rotated files kept (older ones are deleted). */
    keep: z.number().int().min(1).max(365).default(14),
  })
  .strict();
// ---- end maintenance mode ---------------------------------------------------------------------

// ---- fleet (issue 16): main/services/fleet, docs/fleet.md ----------------------------------------
/** The fleet reporter: status, health and metrics to an MQTT broker; signed commands back. */
export const FleetConfig = z
  .object({
    /** mqtt://, mqtts://, ws:// or wss:// URL of the broker; absent: the fleet reporter is off. */
    brokerUrl: z
      .string()
      .regex(/^(mqtts?|wss?):\/\/[^\s]+$/, 'must be an mqtt://, mqtts://, ws:// or wss:// URL')
      .optional(),
    /** Topic prefix: `<prefix>/<siteId>/<kioskId>/…` (no wildcards, no leading `$`). */
    topicPrefix: z
      .string()
      .regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/, 'letters, digits, - and _ separated by /')
      .default('kiosk'),
    /** The site (apartment block, service center) this kiosk belongs to: a topic level. */
    siteId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _')
      .default('default'),
    username: z.string().min(1).max(200).optional(),
    password: z.string().min(1).max(400).optional(),
    /** PEM files: the broker's CA, this kiosk's client certificate and key (mutual TLS). */
    caFile: z.string().min(1).optional(),
    certFile: z.string().min(1).optional(),
    keyFile: z.string().min(1).optional(),
    /** Report intervals (seconds): health (devices, outbox) and metrics (counters). */
    healthSeconds: z.number().min(1).max(3600).default(60),
    metricsSeconds: z.number().min(5).max(3600).default(300),
    /** Reports kept while the broker is unreachable (newest kept, drops counted). */
    queueLimit: z.number().int().min(1).max(10_000).default(500),
    /** How long the broker keeps the kiosk's session (its command subscription) offline (seconds). */
    sessionExpirySeconds: z
      .number()
      .int()
      .min(60)
      .max(30 * 86_400)
      .default(7 * 86_400),
    /** Ed25519 public keys (base64 SPKI DER or PEM) of the operators whose commands are obeyed. */
    operatorKeys: z.array(z.string().min(40).max(4000)).max(20).default([]),
  })
  .strict();
export type FleetConfig = z.output<typeof FleetConfig>;
// ---- end fleet ---------------------------------------------------------------------------------

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
    site: SiteConfig.default({}),
    lookup: LookupConfig.default({}),
    shell: ShellConfig.default(ShellConfig.parse({})),
    devices: DevicesConfig.default(DevicesConfig.parse({})),
    outbox: OutboxConfig.default(OutboxConfig.parse({})),
    catalogue: CatalogueConfig.default(CatalogueConfig.parse({})),
    // Payments (issue 12): kiosk-config/payments.ts
    payments: PaymentsConfig.default(PaymentsConfig.parse({})),
    // the queue at the kiosk (issue 13): kiosk-config/queue.ts
    queue: QueueConfig.default(QueueConfig.parse({})),
    log: z
      .object({ level: z.enum(['debug', 'info', 'warn', 'error']).default('info') })
      .strict()
      .default({ level: 'info' }),
    // maintenance mode (issue 14)
    maintenance: MaintenanceConfig.default(MaintenanceConfig.parse({})),
    logFiles: LogFilesConfig.default(LogFilesConfig.parse({})),
    // the hall display and the counter (issue 13): kiosk-config/hall.ts
    display: DisplayConfig.default(DisplayConfig.parse({})),
    counter: CounterConfig.default(CounterConfig.parse({})),
    fleet: FleetConfig.default(FleetConfig.parse({})), // fleet (issue 16)
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
