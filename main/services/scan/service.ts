/**
 * The scanner service: driver events -> text integrity -> classifyScan -> the `scan` event for
 * the UI, plus the log line (describeScanForLog: masked) and the device status.
 *
 * - The driver comes from `devices.scanner` in the config (simulator by default, serial, HID),
 *   or is injected. `wedge` and `camera` have no driver in main: the renderer reads them and
 *   sends the text with `scan.submit`, which goes through the same pipeline.
 * - A CCCD QR's card goes into the session's data map under {@link CCCD_QR_SESSION_KEY} (the
 *   identity journey and the chip reader's BAC key read it there); the event carries only the
 *   masked ID. When no session is open, the card is dropped after `pendingTtlMs` unless a session
 *   starts meanwhile (the UI starts one as soon as it routes the scan).
 * - Nothing here throws into a driver or the router.
 */
import { checkText } from '../../../drivers/scanner/protocol/text';
import { createSimulatedScanner, type SimulatedScanner } from '../../../drivers/scanner/simulator';
import type { RejectEvent, ScanEvent, ScannerDriver, ScanSource, StatusEvent } from '../../../drivers/scanner/types';
import type { KioskConfig } from '../../../kiosk-config/schema';
import type { KioskEvents } from '../../events';
import type { DeviceStatus, EventPayload } from '../../ipc/contract';
import { maskId, type Logger } from '../../log';
import { sessionSlot, type SessionService } from '../session';
import { classifyScan, describeScanForLog, type ScanResult } from './classify';
import type { CccdQr } from './cccd';

/** Where the last CCCD QR of the session is kept (a {@link import('./cccd').CccdQr}). */
/** The CCCD QR scanned in this session (its BAC key source), wiped with the session. */
export const CCCD_QR_SESSION_KEY = sessionSlot<CccdQr>('scan.cccdQr');

export type ScannerConfig = KioskConfig['devices']['scanner'];

export interface ScannerServiceOptions {
  config: ScannerConfig;
  events: KioskEvents;
  log: Logger;
  session: SessionService;
  /** A driver to use instead of the one the config names (tests). */
  driver?: ScannerDriver;
  /**
   * Maintenance mode (issue 14): sees every classified scan first; true keeps it from the UI's
   * `scan` event (technician tokens always; every scan while a technician is in maintenance).
   */
  intercept?: (result: ScanResult, source: string) => boolean;
  /** How long a CCCD read outside a session is kept for the session about to start. Default 60 s. */
  pendingTtlMs?: number;
}

export interface ScannerService {
  readonly kind: ScannerConfig['kind'];
  status(): DeviceStatus;
  /** Text read by the renderer (wedge, camera). Returns whether it was accepted as a scan. */
  submit(text: string, source: Extract<ScanSource, 'wedge' | 'camera'>): boolean;
  /** The simulator, when the config (or the test) uses one: `simulate(text)` scans. */
  readonly simulator: SimulatedScanner | undefined;
  simulate(text: string): boolean;
  /** Classified scans seen so far (for diagnostics; no personal data). */
  readonly counts: Readonly<Record<string, number>>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The event payload for a classified scan: only what the screen needs. */
export function scanEventPayload(result: ScanResult, source: string, text: string): EventPayload<'scan'> {
  switch (result.kind) {
    case 'dossierCode':
      return { kind: 'dossierCode', source, text, dossierCode: result.dossierCode };
    case 'receiptSlip':
      return { kind: 'receiptSlip', source, dossierCode: result.dossierCode };
    case 'appointment':
      return { kind: 'appointment', source, text: result.appointmentCode, appointmentCode: result.appointmentCode };
    case 'cccd':
      return { kind: 'cccd', source, cccd: { maskedId: maskId(result.card.personalId) } };
    case 'technician':
      return { kind: 'technician', source };
    case 'vietqr':
      return { kind: 'vietqr', source };
    case 'unsupported':
      return result.looksLike
        ? { kind: 'unsupported', source, reason: result.reason, looksLike: result.looksLike }
        : { kind: 'unsupported', source, reason: result.reason };
  }
}

/** Builds the driver the config names (`wedge`, `camera` and `none` have none in main). */
export async function createConfiguredDriver(config: ScannerConfig, onListenerError: (err: unknown) => void): Promise<ScannerDriver | undefined> {
  switch (config.kind) {
    case 'simulator':
      return createSimulatedScanner({ onListenerError });
    case 'serial': {
      const { createSerialScanner } = await import('../../../drivers/scanner/transports/serial');
      return createSerialScanner({
        ...(config.path ? { path: config.path } : {}),
        ...(config.usbVendorId !== undefined ? { usbVendorId: config.usbVendorId } : {}),
        ...(config.usbProductId !== undefined ? { usbProductId: config.usbProductId } : {}),
        baudRate: config.baudRate,
        suffix: config.suffix,
        ...(config.interByteTimeoutMs !== undefined ? { interByteTimeoutMs: config.interByteTimeoutMs } : {}),
        onListenerError,
      });
    }
    case 'hid': {
      const { createHidScanner } = await import('../../../drivers/scanner/transports/hid');
      return createHidScanner({
        ...(config.path ? { path: config.path } : {}),
        ...(config.usbVendorId !== undefined ? { usbVendorId: config.usbVendorId } : {}),
        ...(config.usbProductId !== undefined ? { usbProductId: config.usbProductId } : {}),
        layout: config.hidLayout,
        onListenerError,
      });
    }
    default:
      return undefined;
  }
}

/**
 * Builds the service without I/O: a serial or HID driver is created and opened by `start()`
 * (the simulator, which touches nothing, exists from the start so tests and demos can script it).
 */
export function createScannerService(options: ScannerServiceOptions): ScannerService {
  const { config, events, log, session } = options;
  const pendingTtl = options.pendingTtlMs ?? 60_000;
  const onListenerError = (err: unknown) => log.error('scanner', 'scan handling failed', err);
  let driver: ScannerDriver | undefined = options.driver ?? (config.kind === 'simulator' ? createSimulatedScanner({ onListenerError }) : undefined);
  const simulatorOf = (d: ScannerDriver | undefined) => (d && 'scan' in d && 'unplug' in d ? (d as SimulatedScanner) : undefined);
  const needsDriver = config.kind === 'serial' || config.kind === 'hid';
  const counts: Record<string, number> = {};
  let pendingTimer: ReturnType<typeof setTimeout> | undefined;
  let status: DeviceStatus =
    driver || !needsDriver ? initialStatus(config, driver) : { kind: 'scanner', state: 'disconnected', detail: `${config.kind} (not started)` };

  const handleScan = (text: string, source: string, repaired = false) => {
    const result = classifyScan(text);
    counts[result.kind] = (counts[result.kind] ?? 0) + 1;
    log.info('scanner', `scan from ${source}: ${describeScanForLog(result)}${repaired ? ' (text repaired)' : ''}`);
    if (options.intercept?.(result, source)) return; // maintenance mode's (issue 14)
    session.touch();
    if (result.kind === 'cccd') {
      session.data.set(CCCD_QR_SESSION_KEY, result.card);
      clearTimeout(pendingTimer);
      pendingTimer = undefined;
      if (!session.current) {
        const card = result.card;
        pendingTimer = setTimeout(() => {
          pendingTimer = undefined;
          if (!session.current && session.data.get(CCCD_QR_SESSION_KEY) === card) session.data.delete(CCCD_QR_SESSION_KEY);
        }, pendingTtl);
        pendingTimer.unref?.();
      }
    }
    events.emit('scan', scanEventPayload(result, source, text));
  };

  const onScan = (e: ScanEvent) => handleScan(e.text, e.source, e.repaired === true);
  const onRejected = (e: RejectEvent) => {
    // Nothing of the content: the reason and the detail (sizes, offsets) only.
    log.warn('scanner', `scan from ${e.source} rejected: ${e.reason} (${e.detail})`);
    counts.rejected = (counts.rejected ?? 0) + 1;
    // A code that was read but cannot be turned into text gets the "not supported" screen; line
    // noise, overflows and stale fragments are not a resident's scan and stay in the log.
    if (e.reason === 'invalid-utf8' || e.reason === 'mojibake-unrepairable' || e.reason === 'too-long') {
      events.emit('scan', { kind: 'unsupported', source: e.source, reason: `text-${e.reason}` });
    }
  };
  const onStatus = (e: StatusEvent) => {
    status = e.detail === undefined ? { kind: 'scanner', state: e.state } : { kind: 'scanner', state: e.state, detail: e.detail };
    const line = `scanner ${e.state}${e.detail ? `: ${e.detail}` : ''}`;
    if (e.state === 'connected') log.info('scanner', line);
    else log.warn('scanner', line);
    events.emit('device.status', status);
  };

  const offs: Array<() => void> = [];
  const listen = (d: ScannerDriver) => offs.push(d.on('scan', onScan), d.on('rejected', onRejected), d.on('status', onStatus));
  if (driver) listen(driver);
  let started = false;
  let stopped = false;
  const offEnd = session.onEnd(() => {
    clearTimeout(pendingTimer);
    pendingTimer = undefined;
  });

  return {
    kind: config.kind,
    status: () => status,
    submit(text, source) {
      const r = checkText(typeof text === 'string' ? text : '');
      if (!r.ok) {
        onRejected({ reason: r.reason, detail: r.detail, source });
        return false;
      }
      handleScan(r.text, source, r.repaired);
      return true;
    },
    get simulator() {
      return simulatorOf(driver);
    },
    simulate(text) {
      const simulator = simulatorOf(driver);
      if (!simulator) throw new Error(`the scanner is ${config.kind}, not the simulator`);
      return simulator.scan(text);
    },
    counts,
    // A scanner that cannot be created or opened is logged and shown in its status: the kiosk
    // serves residents without it (its reconnect loop keeps trying a serial line).
    async start() {
      if (started || stopped) return;
      started = true;
      if (!driver && needsDriver) {
        try {
          driver = await createConfiguredDriver(config, onListenerError);
          if (driver) listen(driver);
        } catch (err) {
          log.error('scanner', `cannot create the ${config.kind} scanner driver`, err);
        }
        status = initialStatus(config, driver);
        if (stopped) {
          for (const off of offs) off(); // stopped while the driver module was loading: never opened
          return;
        }
      }
      if (!driver) return;
      try {
        await driver.start();
      } catch (err) {
        log.error('scanner', 'scanner failed to start', err);
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(pendingTimer);
      offEnd();
      if (!driver) return;
      try {
        await driver.stop();
      } catch (err) {
        log.error('scanner', 'scanner failed to stop', err);
      }
      for (const off of offs) off();
    },
  };
}

function initialStatus(config: ScannerConfig, driver: ScannerDriver | undefined): DeviceStatus {
  if (config.kind === 'none') return { kind: 'scanner', state: 'not_configured' };
  if (config.kind === 'wedge') return { kind: 'scanner', state: 'connected', detail: 'keyboard wedge (read by the screen)' };
  if (config.kind === 'camera') return { kind: 'scanner', state: 'connected', detail: `camera (${config.cameraDecoder})` };
  if (!driver) return { kind: 'scanner', state: 'error', detail: `${config.kind} driver could not be created` };
  return { kind: 'scanner', state: driver.state, detail: config.kind };
}
