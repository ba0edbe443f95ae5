/**
 * Maintenance mode (issue 14): entry (PIN with a persisted lockout, or a technician token scanned
 * as a QR code, used once), diagnostics, test print and scan, the outbox's dead letters, the site
 * config, the logs, out of service and exit. Every action is in the audit log (SQLite).
 *
 * Entering ends any resident's session (its data is wiped); leaving ends the maintenance one and
 * the UI starts fresh at the attract screen. A technician token scanned during a resident's
 * session never reaches the resident's screens: the scanner hands it here, not to the UI.
 */
import { rmSync, statfsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { profileTiles } from '../../../kiosk-config/profiles';
import { readingIdleTimeout, type KioskConfig } from '../../../kiosk-config/schema';
import type { KioskEvents } from '../../events';
import type { AppInfo, DeviceStatus, ParsedRequestOf, ResponseOf } from '../../ipc/contract';
import { KioskError } from '../../errors';
import { readLogs } from '../../log-file';
import type { Logger } from '../../log';
import type { Durable } from '../outbox/runtime';
import type { PrintingService } from '../printing';
import type { ScanResult } from '../scan/classify';
import { maskedScanFields } from '../scan/mask';
import type { SessionService } from '../session';
import { coerce, ConfigRefused, isSiteKey, saveSiteConfig, SITE_KEYS, type SiteKey } from './config-file';
import type { BackendHealth, DiagDevice } from './contract';
import { verifyPin } from './pin';
import { createKeyFileBox, type SecretBox } from './secrets';
import { openMaintenanceStore, type MaintenanceStore } from './store';
import { checkToken, REFUSAL_TEXT, type TokenRefusal } from './token';
// device setup, test card read, log export
import type { CccdQr } from '../scan/cccd';
import { CCCD_QR_SESSION_KEY } from '../scan/service';
import type { IdentityService } from '../identity';
import type { setupChannels } from './contract';
import { discoverDevices, printerProfiles, roleChanges, tryDevice, type DiscoveryDeps } from './devices';
import { exportLogs, exportTargets, logBytes, type ExportDeps } from './export';

export interface MaintenanceDeps {
  config: KioskConfig;
  /** The site config file the kiosk started with (`--config`, KIOSK_CONFIG); absent: nothing to save to. */
  configFile?: string;
  log: Logger;
  events: KioskEvents;
  session: SessionService;
  devices: { scanner: () => DeviceStatus; printer: PrintingService; cardReader: () => DeviceStatus };
  durable: Durable;
  backendUrl: string;
  /** The backend token in clear (main only). */
  backendToken: string;
  /** The AppInfo object the UI reads (`app.info`): live config changes are applied to it. */
  info: AppInfo;
  now?: () => number;
  secretBox?: SecretBox;
  /** The shell's way to exit to the operating system; absent: exit is not available. */
  onExit?: () => void;
  /** How the shell restarts the application (maintenance mode's "Khởi động lại"); absent: not available. */
  onRestart?: (() => void) | undefined;
  store?: MaintenanceStore;
  fetch?: typeof fetch;
  /** How often the backend link is checked in the background (ms); 0: only on request. */
  backendCheckMs?: number;
  /** The card reader service, for the test card read (maintenance.cardtest). */
  identity?: Pick<IdentityService, 'consent' | 'provideDates' | 'read' | 'clear'>;
  /** Where device setup looks for devices (tests inject HID and PC/SC; defaults are the real ones). */
  discovery?: DiscoveryDeps;
  /** The log export's view of mounts and free space (tests inject; defaults read /proc and statfs). */
  exportFs?: Omit<ExportDeps, 'configured'>;
  /** The kiosk's payment intents, newest first (main/services/payments). */
  payments?: () => Array<{
    dossierCode: string;
    state: string;
    amount: number | null;
    paymentId: string | null;
    unattended: boolean;
    createdAt: string;
    lastError: string | null;
  }>;
}

type Active = { technician: string; via: 'pin' | 'token'; since: number };

export interface MaintenanceService {
  readonly active: Active | null;
  /** The out-of-service message set by a technician, or null. */
  outOfService(): string | null;
  /** Out of service (or back, null) by a fleet operator's signed command (issue 16): audited. */
  setOutOfService(message: string | null, operator: string): void;
  /** The scanner's hook: true when this scan is maintenance's (not sent to the UI as `scan`). */
  interceptScan(result: ScanResult, source: string): boolean;
  backend(): BackendHealth;
  checkBackend(): Promise<BackendHealth>;
  handlers(): MaintenanceHandlers;
  /** Reads the out-of-service state from the database and starts the backend check. Once. */
  start(): void;
  stop(): void;
}

type Ch =
  | 'maintenance.state'
  | 'maintenance.entry'
  | 'maintenance.pin'
  | 'maintenance.leave'
  | 'maintenance.diagnostics'
  | 'maintenance.print'
  | 'deadletter.requeue'
  | 'deadletter.drop'
  | 'siteconfig.get'
  | 'siteconfig.save'
  | 'logs.read'
  | 'audit.list'
  | 'maintenance.close'
  | 'maintenance.exit'
  | 'maintenance.restart'
  | keyof typeof setupChannels;
export type MaintenanceHandlers = { [C in Ch]: (req: ParsedRequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>> };

export function logDirOf(config: Pick<KioskConfig, 'dataDir' | 'logFiles'>): string {
  const d = config.logFiles.dir;
  return d ? (isAbsolute(d) ? d : resolve(d)) : join(resolve(config.dataDir), 'logs');
}

export function createMaintenanceService(deps: MaintenanceDeps): MaintenanceService {
  const { log, events, session } = deps;
  let config = deps.config;
  const now = deps.now ?? Date.now;
  const store = deps.store ?? openMaintenanceStore(config.dataDir, log);
  const box = deps.secretBox ?? createKeyFileBox(config.dataDir);
  let active: Active | null = null;
  // Out of service survives a restart: the latest out-of-service / in-service entry of the audit
  // log, read by start().
  let closed: { message: string; technician: string; at: string } | null = null;
  /** The last CCCD QR scanned in maintenance mode: the BAC key of the test card read. */
  let testQr: CccdQr | undefined;
  let backend: BackendHealth = { state: 'unknown' };
  const since = new Map<string, { state: string; since: number; lastError?: string; lastErrorAt?: number }>();

  const iso = (ms: number) => new Date(ms).toISOString();
  const who = () => active?.technician ?? 'none';
  const audit = (action: string, detail = '') => {
    try {
      store.audit(who(), action, detail, now());
    } catch (err) {
      log.error('maintenance', `audit log write failed (${action})`, err);
    }
  };
  const stateView = () => ({
    active: active !== null,
    ...(active ? { technician: active.technician, via: active.via, since: iso(active.since) } : {}),
    ...(closed ? { outOfService: closed.message, outOfServiceBy: closed.technician, outOfServiceSince: closed.at } : {}),
  });
  const require = () => {
    if (!active) throw new KioskError('forbidden', 'maintenance mode is not open');
  };

  const enter = (technician: string, via: 'pin' | 'token') => {
    // The resident's session (if any) ends here: its data is wiped before a technician sees anything.
    const { ended } = session.end('reset');
    if (ended) events.emit('session.reset', { reason: 'reset' });
    active = { technician, via, since: now() };
    audit('enter', `via ${via}`);
    log.info('maintenance', `maintenance mode entered by ${technician} (${via})`);
    events.emit('maintenance.state', stateView());
  };

  const refuseToken = (reason: TokenRefusal, technician?: string) => {
    log.warn('maintenance', `technician token refused: ${REFUSAL_TEXT[reason]}${technician ? ` (technician ${technician})` : ''}`);
    try {
      store.audit(technician ?? 'unknown', 'token.refused', reason, now());
    } catch (err) {
      log.error('maintenance', 'audit log write failed (token.refused)', err);
    }
    // Shown only outside a resident's session (the UI checks it has none).
    if (!session.current) events.emit('maintenance.refused', { reason });
  };

  const onToken = (token: string) => {
    const r = checkToken(token, { publicKeys: config.maintenance.technicianKeys, kioskId: config.kioskId, nowMs: now() });
    if (!r.ok) return refuseToken(r.reason, r.technician);
    let fresh: boolean;
    try {
      fresh = store.useToken(r.id, r.claims.t, now());
    } catch (err) {
      // Without the database a replay cannot be ruled out: refuse.
      log.error('maintenance', 'cannot record the technician token as used: refused', err);
      return refuseToken('replayed', r.claims.t);
    }
    if (!fresh) return refuseToken('replayed', r.claims.t);
    if (active) return;
    enter(r.claims.t, 'token');
  };

  const track = (id: string, state: string, error?: string) => {
    const t = now();
    const cur = since.get(id);
    const next =
      cur && cur.state === state ? { ...cur } : { state, since: t, ...(cur?.lastError ? { lastError: cur.lastError, lastErrorAt: cur.lastErrorAt } : {}) };
    if (error && (state === 'error' || state === 'warning') && next.lastError !== error) {
      next.lastError = error;
      next.lastErrorAt = t;
    }
    since.set(id, next);
    const d: Partial<DiagDevice> = { since: iso(next.since) };
    if (next.lastError) {
      d.lastError = next.lastError;
      d.lastErrorAt = iso(next.lastErrorAt ?? t);
    }
    return d as Pick<DiagDevice, 'since' | 'lastError' | 'lastErrorAt'>;
  };

  const fromDevice = (id: 'scanner' | 'cardReader', s: DeviceStatus): DiagDevice => {
    const state = s.state === 'connected' ? 'ok' : s.state === 'not_configured' ? 'not_configured' : 'error';
    const detail = s.detail ?? s.state;
    return { id, state, detail, ...track(id, state, state === 'error' ? detail : undefined) };
  };

  const checkBackend = async (): Promise<BackendHealth> => {
    const started = performance.now();
    const f = deps.fetch ?? fetch;
    let next: BackendHealth;
    try {
      const res = await f(`${deps.backendUrl.replace(/\/+$/, '')}/api/v1/sectors`, {
        headers: { authorization: `Bearer ${deps.backendToken}`, accept: 'application/json' },
        signal: AbortSignal.timeout(config.backend.timeoutMs),
      });
      const rttMs = Math.round(performance.now() - started);
      await res.arrayBuffer().catch(() => undefined);
      if (res.status === 401 || res.status === 403)
        next = { state: 'unauthorized', rttMs, detail: `the backend refused this kiosk's token (HTTP ${res.status})` };
      else if (res.ok) next = { state: 'ok', rttMs };
      else next = { state: 'error', rttMs, detail: `HTTP ${res.status}` };
    } catch (err) {
      next = { state: 'unreachable', detail: err instanceof Error ? err.message : String(err) };
    }
    next.checkedAt = iso(now());
    if (next.state === 'unauthorized' && backend.state !== 'unauthorized')
      log.error('maintenance', `backend link: ${next.detail}; set the right token in maintenance mode`);
    backend = next;
    return next;
  };
  let timer: ReturnType<typeof setInterval> | undefined;
  let started = false;
  let stopped = false;
  /** Reads whether the kiosk is out of service (the database) and starts the backend check. */
  const start = (): void => {
    if (started || stopped) return;
    started = true;
    try {
      closed = store.outOfService();
      if (closed) log.warn('maintenance', `kiosk out of service since ${closed.at} (set by ${closed.technician})`);
    } catch (err) {
      log.error('maintenance', 'cannot read whether the kiosk is out of service', err);
    }
    void checkBackend();
    if ((deps.backendCheckMs ?? 60_000) > 0) {
      timer = setInterval(() => void checkBackend(), deps.backendCheckMs ?? 60_000);
      timer.unref?.();
    }
  };

  const diagnostics = async (refresh: boolean): Promise<ResponseOf<'maintenance.diagnostics'>> => {
    const b = refresh || backend.state === 'unknown' ? await checkBackend() : backend;
    const list: DiagDevice[] = [];
    list.push(fromDevice('scanner', deps.devices.scanner()));
    const pv = deps.devices.printer.view();
    const pState = !pv.configured
      ? 'not_configured'
      : pv.condition === 'ready'
        ? 'ok'
        : pv.condition === 'paperLow' || pv.condition === 'connecting'
          ? 'warning'
          : 'error';
    list.push({
      id: 'printer',
      state: pState,
      detail: `${pv.description}; ${pv.condition}; ${pv.queued} queued`,
      ...track('printer', pState, pState === 'ok' ? undefined : pv.condition),
    });
    list.push(fromDevice('cardReader', deps.devices.cardReader()));
    // The cameras are the page's (main cannot see them): configured or not, and the preview shows the picture.
    const scanCam = config.devices.scanner.kind === 'camera';
    const docCam = config.devices.documentCamera.kind === 'camera';
    const cam = scanCam || docCam;
    const camUses = [
      ...(scanCam ? [`scanning (${config.devices.scanner.cameraDecoder})`] : []),
      ...(docCam ? [`documents${config.devices.documentCamera.device ? ` (${config.devices.documentCamera.device})` : ''}`] : []),
    ];
    list.push({
      id: 'camera',
      state: cam ? 'warning' : 'not_configured',
      detail: cam ? `camera in the page for ${camUses.join(' and ')}; check its picture with the camera preview below` : 'no camera configured',
      ...track('camera', cam ? 'warning' : 'not_configured'),
    });
    const bState = b.state === 'ok' ? 'ok' : b.state === 'unknown' ? 'warning' : 'error';
    list.push({
      id: 'backend',
      state: bState,
      detail: `${deps.backendUrl}; ${b.state}${b.rttMs !== undefined ? `; round trip ${b.rttMs} ms` : ''}${b.detail ? `; ${b.detail}` : ''}`,
      ...track('backend', bState, bState === 'error' ? (b.detail ?? b.state) : undefined),
    });
    const st = deps.durable.status();
    let oldest: number | null = null;
    let deadLetters: ResponseOf<'maintenance.diagnostics'>['outbox']['deadLetters'] = [];
    try {
      oldest = store.outboxOldest();
      deadLetters = (deps.durable.outbox?.deadLetters() ?? []).map((d) => ({
        id: d.id,
        localRef: d.localRef,
        kind: d.kind,
        queuedAt: d.queuedAt.toISOString(),
        attempts: d.attempts,
        lastError: d.lastError,
      }));
    } catch (err) {
      log.warn('maintenance', 'cannot read the outbox', err);
    }
    const oState = st.service !== 'ok' ? 'error' : st.outbox.dead > 0 ? 'warning' : 'ok';
    list.push({
      id: 'outbox',
      state: oState,
      detail: `${st.outbox.pending} waiting, ${st.outbox.dead} dead letters${oldest ? `, oldest queued ${iso(oldest)}` : ''}${st.reason ? `; ${st.reason}` : ''}`,
      ...track('outbox', oState, oState === 'ok' ? undefined : (st.reason ?? `${st.outbox.dead} dead letters`)),
    });
    try {
      const fs = statfsSync(resolve(config.dataDir));
      const free = fs.bavail * fs.bsize;
      const dState = free < 200 * 1024 * 1024 ? 'error' : free < 1024 * 1024 * 1024 ? 'warning' : 'ok';
      list.push({
        id: 'disk',
        state: dState,
        detail: `${(free / 1024 ** 3).toFixed(1)} GB free in ${resolve(config.dataDir)}`,
        ...track('disk', dState, dState === 'ok' ? undefined : 'low disk space'),
      });
    } catch (err) {
      list.push({ id: 'disk', state: 'error', detail: 'cannot read the free space', ...track('disk', 'error', String(err)) });
    }
    const t = now();
    const cState = new Date(t).getUTCFullYear() < 2025 ? 'error' : 'ok';
    list.push({ id: 'clock', state: cState, detail: `${iso(t)} (UTC)`, ...track('clock', cState, cState === 'error' ? 'the clock is not set' : undefined) });
    return {
      devices: list,
      outbox: { pending: st.outbox.pending, dead: st.outbox.dead, ...(oldest ? { oldest: iso(oldest) } : {}), deadLetters },
      payments: (() => {
        try {
          return (deps.payments?.() ?? [])
            .filter((p) => p.state === 'creating' || p.state === 'pending' || p.unattended)
            .map(({ dossierCode, state, amount, paymentId, unattended, createdAt, lastError }) => ({
              dossierCode,
              state,
              amount,
              paymentId,
              unattended,
              createdAt,
              lastError,
            }));
        } catch (err) {
          log.warn('maintenance', `payments not listed: ${(err as Error).message}`);
          return [];
        }
      })(),
      backend: b,
    };
  };

  const applyLive = (c: KioskConfig) => {
    const info = deps.info;
    info.idleTimeoutSeconds = c.ui.idleTimeoutSeconds;
    info.idleWarningSeconds = c.ui.idleWarningSeconds;
    info.readingIdleTimeoutSeconds = readingIdleTimeout(c.ui);
    // Main's own safety net follows: it ends a session the page has not ended itself.
    session.setIdleTimeout(readingIdleTimeout(c.ui));
    info.defaultLanguage = c.language;
    info.profile = c.profile;
    info.tiles = profileTiles(c.profile);
  };

  /** Saves site keys through the atomic save (validated), applies the live ones, audits. */
  const saveChanges = (typed: Partial<Record<SiteKey, unknown>>, what: 'config' | 'setup') => {
    if (!deps.configFile)
      throw new KioskError('invalid_config', 'the kiosk was started without a site config file (--config or KIOSK_CONFIG): there is nothing to save to');
    let saved;
    try {
      saved = saveSiteConfig(deps.configFile, typed, box);
    } catch (err) {
      if (err instanceof ConfigRefused) {
        audit(`${what}.refused`, Object.keys(typed).join(', '));
        throw new KioskError('invalid_config', err.message);
      }
      throw err;
    }
    // Only the changed keys move into the running config (the environment's and the command
    // line's layers stay as they were at start).
    const next = structuredClone(config) as unknown as Record<string, Record<string, unknown>>;
    for (const key of saved.changed) {
      const [a, b] = key.split('.') as [string, string | undefined];
      const from = saved.config as unknown as Record<string, Record<string, unknown>>;
      if (b === undefined) (next as Record<string, unknown>)[a] = from[a];
      else next[a] = { ...next[a], [b]: from[a]?.[b] };
    }
    config = next as unknown as KioskConfig;
    applyLive(config);
    audit(`${what}.save`, saved.changed.join(', '));
    log.info('maintenance', `${what} saved by ${who()}: ${saved.changed.join(', ')}`);
    return { changed: saved.changed, restartNeeded: saved.changed.filter((k) => !SITE_KEYS[k].live) };
  };

  const exportDeps = (): ExportDeps => ({ ...deps.exportFs, configured: config.maintenance.exportDirs });

  const handlers: MaintenanceHandlers = {
    'maintenance.state': () => stateView(),
    'maintenance.entry': () => {
      const l = store.lockout();
      const locked = l.lockedUntil > now();
      return {
        pinConfigured: config.maintenance.pinHash !== undefined,
        ...(locked ? { lockedUntil: iso(l.lockedUntil) } : {}),
        failures: l.failures,
        maxAttempts: config.maintenance.maxPinAttempts,
        longPressSeconds: config.maintenance.longPressSeconds,
      };
    },
    'maintenance.pin': ({ pin }) => {
      const t = now();
      const l = store.lockout();
      if (l.lockedUntil > t) {
        log.warn('maintenance', 'maintenance PIN tried while entry is locked');
        return { entered: false, reason: 'locked', lockedUntil: iso(l.lockedUntil) };
      }
      const hash = config.maintenance.pinHash;
      if (!hash) return { entered: false, reason: 'no_pin' };
      if (verifyPin(pin, hash)) {
        store.setLockout({ failures: 0, lockedUntil: 0 });
        if (!active) enter('PIN', 'pin');
        return { entered: true };
      }
      const failures = l.failures + 1;
      const max = config.maintenance.maxPinAttempts;
      if (failures >= max) {
        const until = t + config.maintenance.lockoutMinutes * 60_000;
        store.setLockout({ failures: 0, lockedUntil: until });
        store.audit('unknown', 'pin.locked', `${failures} wrong PINs; locked until ${iso(until)}`, t);
        log.warn('maintenance', `${failures} wrong maintenance PINs: entry locked until ${iso(until)}`);
        return { entered: false, reason: 'locked', lockedUntil: iso(until) };
      }
      store.setLockout({ failures, lockedUntil: 0 });
      store.audit('unknown', 'pin.wrong', `${failures} of ${max}`, t);
      log.warn('maintenance', `wrong maintenance PIN (${failures} of ${max})`);
      return { entered: false, reason: 'wrong', attemptsLeft: max - failures };
    },
    'maintenance.leave': () => {
      if (!active) return { left: false };
      audit('leave');
      testQr = undefined;
      log.info('maintenance', `maintenance mode left by ${active.technician}`);
      active = null;
      // A fresh resident session: nothing of the technician's stays on screen or in memory.
      session.end('reset');
      events.emit('maintenance.state', stateView());
      events.emit('session.reset', { reason: 'reset' });
      return { left: true };
    },
    'maintenance.diagnostics': ({ refreshBackend }) => {
      require();
      return diagnostics(refreshBackend === true);
    },
    'maintenance.print': async () => {
      require();
      audit('test.print');
      const r = await deps.devices.printer.print('test', {}, 'test page');
      return { state: r.state, condition: r.condition };
    },
    'deadletter.requeue': ({ id }) => {
      require();
      const done = deps.durable.outbox?.requeue(id) ?? false;
      audit('outbox.requeue', `${id}${done ? '' : ' (not found)'}`);
      return { done };
    },
    'deadletter.drop': ({ id }) => {
      require();
      const files = store.dropDead(id);
      const done = files !== null;
      for (const f of files ?? []) rmSync(f, { force: true });
      audit('outbox.drop', `${id}${done ? '' : ' (not found)'}`);
      if (done) log.warn('maintenance', `dead letter ${id} dropped by ${who()}`);
      return { done };
    },
    'siteconfig.get': () => {
      require();
      const values: Record<string, string | number | null> = {};
      const secretsSet: Record<string, boolean> = {};
      for (const key of Object.keys(SITE_KEYS) as SiteKey[]) {
        const v = key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), config);
        if (SITE_KEYS[key].secret) secretsSet[key] = v !== undefined && v !== '';
        else values[key] = typeof v === 'string' || typeof v === 'number' ? v : null;
      }
      return {
        ...(deps.configFile ? { file: deps.configFile } : {}),
        values,
        secretsSet,
        live: (Object.keys(SITE_KEYS) as SiteKey[]).filter((k) => SITE_KEYS[k].live),
      };
    },
    'siteconfig.save': ({ changes }) => {
      require();
      const typed: Partial<Record<SiteKey, unknown>> = {};
      for (const [k, v] of Object.entries(changes)) {
        if (!isSiteKey(k) || k === 'maintenance.pinHash') throw new KioskError('invalid_config', `${k}: not a key that can be changed here`);
        typed[k] = coerce(k, v);
      }
      return saveChanges(typed, 'config');
    },
    'logs.read': ({ level, text, limit }) => {
      require();
      if (!config.logFiles.enabled) return { records: [] };
      const dir = logDirOf(config);
      return { dir, records: readLogs(dir, { ...(level ? { level } : {}), ...(text ? { text } : {}), limit: limit ?? 200 }) };
    },
    'audit.list': () => {
      require();
      return { entries: store.auditList(100) };
    },
    'maintenance.close': ({ message }) => {
      require();
      closed = message ? { message, technician: who(), at: iso(now()) } : null;
      audit(message ? 'out-of-service' : 'in-service', message ?? '');
      log.warn('maintenance', message ? `kiosk put out of service by ${who()}` : `kiosk back in service (${who()})`);
      return { outOfService: message !== null };
    },
    'maintenance.exit': ({ pin }) => {
      require();
      const hash = config.maintenance.pinHash;
      if (!hash) return { exiting: false, reason: 'no_pin' };
      if (!verifyPin(pin, hash)) {
        audit('exit.refused', 'wrong PIN');
        log.warn('maintenance', 'exit to the operating system refused: wrong PIN');
        return { exiting: false, reason: 'wrong' };
      }
      if (!deps.onExit) return { exiting: false, reason: 'not_available' };
      audit('exit');
      log.warn('maintenance', `exit to the operating system by ${who()}`);
      setTimeout(() => deps.onExit?.(), 200);
      return { exiting: true };
    },
    'maintenance.restart': () => {
      require();
      if (!deps.onRestart) return { restarting: false, reason: 'not_available' as const };
      audit('restart');
      log.warn('maintenance', `application restart by ${who()}`);
      // The answer reaches the page before the shell closes.
      setTimeout(() => deps.onRestart?.(), 200);
      return { restarting: true };
    },
    // ---- device setup, test card read, log export ----
    'setup.devices': async ({ manualPaths }) => {
      require();
      const listing = await discoverDevices(deps.discovery, manualPaths ?? []);
      const d = config.devices;
      const current: Record<string, string> = {
        scanner: `${d.scanner.kind}${d.scanner.path ? ` ${d.scanner.path}` : ''}${d.scanner.usbVendorId !== undefined ? ` usb ${String(d.scanner.usbVendorId)}` : ''}; ${d.scanner.baudRate} baud; suffix ${d.scanner.suffix}`,
        printer: `${d.printer.kind}${d.printer.path ? ` ${d.printer.path}` : d.printer.host ? ` ${d.printer.host}:${d.printer.port}` : ''}; profile ${typeof d.printer.profile === 'string' ? d.printer.profile : 'inline'}`,
        cardReader: `${d.cardReader.kind}${d.cardReader.reader ? ` ${d.cardReader.reader}` : ''}`,
        documentCamera: `${d.documentCamera.kind}${d.documentCamera.device ? ` ${d.documentCamera.device}` : ''}`,
      };
      return { ...listing, profiles: printerProfiles(), current };
    },
    'setup.try': async ({ choice, waitSeconds }) => {
      require();
      audit('setup.try', `${choice.role} ${choice.bus} ${choice.device}`);
      const d = config.devices;
      // The port the running driver holds is locked: that device is tried with the test scan or print.
      if (choice.role === 'scanner' && d.scanner.kind === 'serial' && d.scanner.path === choice.device && deps.devices.scanner().state === 'connected')
        return { ok: true, detail: 'this is the scanner in use (connected): scan a code to test it' };
      if (choice.role === 'printer' && d.printer.kind === 'serial' && d.printer.path === choice.device)
        return { ok: false, detail: 'this is the printer in use: use the test print' };
      const r = await tryDevice(choice, (waitSeconds ?? 15) * 1000, {
        log,
        siteName: config.siteName,
        hotline: config.hotline,
        kioskId: config.kioskId,
        ...(deps.discovery?.pcsc ? { pcsc: deps.discovery.pcsc } : {}),
      });
      log[r.ok ? 'info' : 'warn']('maintenance', `device trial (${choice.role} on ${choice.device}): ${r.detail}`);
      return r;
    },
    'setup.save': ({ choices }) => {
      require();
      const typed: Partial<Record<SiteKey, unknown>> = {};
      for (const c of choices) {
        let changes;
        try {
          changes = roleChanges(c);
        } catch (err) {
          throw new KioskError('invalid_config', (err as Error).message);
        }
        for (const [k, v] of Object.entries(changes) as Array<[SiteKey, string]>) typed[k] = coerce(k, v);
      }
      return saveChanges(typed, 'setup');
    },
    'maintenance.cardtest': async ({ personalId, birthDate, expiryDate, waitSeconds }) => {
      require();
      const id = deps.identity;
      if (!id) return { outcome: 'error', error: 'not_configured', detail: 'no card reader service' };
      audit('test.card');
      id.clear();
      id.consent(true);
      try {
        if (birthDate && expiryDate) {
          const p = id.provideDates({ ...(personalId ? { personalId } : {}), birthDate, expiryDate });
          if (!p.accepted) return { outcome: 'error', error: p.reason ?? 'bad-date', detail: `the typed key was refused (${p.reason ?? 'bad-date'})` };
        } else if (testQr) session.data.set(CCCD_QR_SESSION_KEY, testQr);
        const r = await id.read({ waitSeconds: waitSeconds ?? 30 });
        switch (r.outcome) {
          case 'ok': {
            const a = r.identity.authenticity;
            log.info('maintenance', `test card read: ID ${r.identity.personalIdMasked}, passive authentication ${a.status}`);
            return {
              outcome: 'ok',
              personalIdMasked: r.identity.personalIdMasked,
              authenticity: a.status,
              keySource: r.identity.keySource,
              readMs: r.readMs,
              detail: `read in ${r.readMs} ms (${r.apduCount} APDUs); passive authentication: ${a.status}${a.detail ? ` (${a.detail})` : ''}`,
            };
          }
          case 'needs-dates':
            return { outcome: 'needs-key', detail: "the chip needs its key: scan the card's QR code, or type the ID number, birth date and expiry date" };
          case 'refused':
            return { outcome: 'refused', detail: `the card's sources disagree on ${r.fields.join(', ')}` };
          case 'error':
            return { outcome: 'error', error: r.error, detail: r.message };
        }
      } finally {
        // Nothing of the card stays: the identity, the consent, the key.
        id.clear();
        session.data.delete(CCCD_QR_SESSION_KEY);
        testQr = undefined;
      }
    },
    'logs.targets': () => {
      require();
      return { targets: exportTargets(exportDeps()), logBytes: config.logFiles.enabled ? logBytes(logDirOf(config)) : 0 };
    },
    'logs.export': ({ dir }) => {
      require();
      if (!config.logFiles.enabled) return { ok: false, reason: 'no-logs', detail: 'log files are off (logFiles.enabled)' };
      const r = exportLogs(dir, logDirOf(config), config.kioskId, exportDeps(), new Date(now()));
      audit('logs.export', r.ok ? `${r.files} files to ${r.dir}` : `${dir}: ${r.reason}`);
      if (r.ok) log.info('maintenance', `logs exported by ${who()}: ${r.files} files, ${r.bytes} bytes to ${r.dir}`);
      else log.warn('maintenance', `log export refused: ${r.detail}`);
      return r;
    },
    // ---- end device setup ----
  };

  return {
    get active() {
      return active;
    },
    outOfService: () => closed?.message ?? null,
    setOutOfService(message, operator) {
      const by = `fleet:${operator}`;
      closed = message ? { message, technician: by, at: iso(now()) } : null;
      try {
        store.audit(by, message ? 'out-of-service' : 'in-service', message ?? '', now());
      } catch (err) {
        log.error('maintenance', 'audit log write failed (fleet)', err);
      }
      log.warn('maintenance', message ? `kiosk put out of service by fleet operator ${operator}` : `kiosk back in service (fleet operator ${operator})`);
      if (!active) events.emit('maintenance.state', stateView());
    },
    interceptScan(result, source) {
      if (result.kind === 'technician') {
        onToken(result.token);
        return true;
      }
      if (!active) return false;
      if (result.kind === 'cccd') testQr = result.card;
      events.emit('maintenance.scan', { kind: result.kind, fields: maskedScanFields(result), source });
      return true;
    },
    backend: () => backend,
    checkBackend,
    handlers: () => handlers,
    start,
    stop() {
      stopped = true;
      clearInterval(timer);
      try {
        store.close();
      } catch {
        // closing
      }
    },
  };
}
