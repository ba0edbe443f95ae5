/**
 * Device setup in maintenance mode (issue 14): what is present, a role for each, and "Thử" (a
 * trial before saving).
 *
 * - Serial ports with their USB ids (the scanner driver's `listSerialPorts`: sysfs on Linux, since
 *   serialport's own list spawns `udevadm`), plus any path the technician types (a PTY or a port
 *   the list does not show).
 * - HID devices (node-hid's `devices()`; injectable, since no HID device exists on a test machine).
 * - PC/SC readers (the card reader driver's PC/SC transport: a context of its own, opened for the
 *   listing and closed after it).
 * - Video devices (`/sys/class/video4linux/video*` and their names).
 *
 * The trial opens the candidate device with the real driver: a serial scanner waits for one scan,
 * a printer prints the test page, a card reader is listed and connected to. Saving goes through
 * the atomic config save (config-file.ts) as site keys, so it is validated and audited the same way.
 */
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createPcscTransport, type CardReaderTransport } from '../../../drivers/idcard';
import { PRINTER_PROFILES } from '../../../drivers/printer/profiles';
import { createHidScanner, type HidBackend } from '../../../drivers/scanner/transports/hid';
import { createSerialScanner, listSerialPorts, type SerialPortInfo } from '../../../drivers/scanner/transports/serial';
import type { ScannerDriver } from '../../../drivers/scanner/types';
import { PrinterConfig } from '../../../kiosk-config/schema';
import type { Logger } from '../../log';
import { createPrintingService } from '../printing';
import { classifyScan } from '../scan/classify';
import { maskedScanFields } from '../scan/mask';
import type { SiteKey } from './config-file';

export type DeviceRole = 'scanner' | 'printer' | 'cardReader' | 'documentCamera' | 'scannerCamera';

export interface PresentDevice {
  /** serial: the port path; hid: the hidraw path; pcsc: the reader's name; video: /dev/videoN. */
  id: string;
  bus: 'serial' | 'hid' | 'pcsc' | 'video';
  /** The name the OS gives it (product, reader or camera name), when known. */
  name?: string;
  /** USB ids as 4 hex digits, when the device is on USB. */
  usbVendorId?: string;
  usbProductId?: string;
  /** True for a path the technician typed (not found by the listing). */
  manual?: boolean;
}

export interface DeviceListing {
  devices: PresentDevice[];
  /** One English line per bus that could not be listed (pcscd not running, node-hid missing). */
  problems: string[];
}

/** What a HID listing gives (node-hid's `Device`, the fields used here). */
export interface HidInfo {
  path?: string | undefined;
  vendorId: number;
  productId: number;
  product?: string | undefined;
  manufacturer?: string | undefined;
  usagePage?: number | undefined;
}

export interface DiscoveryDeps {
  serial?: () => Promise<SerialPortInfo[]>;
  /** node-hid's `devices()` by default. */
  hid?: () => Promise<HidInfo[]>;
  /** A PC/SC transport for the listing (closed after it). */
  pcsc?: () => CardReaderTransport;
  /** Default `/sys/class/video4linux`. */
  videoRoot?: string;
  /** How long PC/SC may take to report its readers (ms). */
  pcscSettleMs?: number;
}

export const hex4 = (v: number | string | undefined): string | undefined => {
  if (v === undefined || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number.parseInt(String(v).replace(/^0x/i, ''), 16);
  return Number.isFinite(n) ? n.toString(16).padStart(4, '0') : undefined;
};

async function nodeHidDevices(): Promise<HidInfo[]> {
  const mod = (await import('node-hid')) as unknown as { default?: typeof import('node-hid') } & typeof import('node-hid');
  return (mod.default ?? mod).devices();
}

/**
 * Video devices from sysfs: each `videoN` folder with its `name` file. Metadata nodes (a second
 * node of the same camera, `index` ≠ 0) are left out: they give no picture.
 */
export function listVideoDevices(root = '/sys/class/video4linux', devDir = '/dev'): PresentDevice[] {
  let names: string[];
  try {
    names = readdirSync(root).filter((n) => /^video\d+$/.test(n));
  } catch {
    return [];
  }
  const read = (dir: string, f: string): string | undefined => {
    try {
      return readFileSync(join(dir, f), 'utf8').trim() || undefined;
    } catch {
      return undefined;
    }
  };
  const out: PresentDevice[] = [];
  for (const n of names.sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)))) {
    const dir = join(root, n);
    const index = read(dir, 'index');
    if (index !== undefined && index !== '0') continue;
    const name = read(dir, 'name');
    // The USB ids are in the USB device's folder: `device` links to the interface, its parent is the device.
    let usb: string | undefined;
    try {
      usb = dirname(realpathSync(join(dir, 'device')));
    } catch {
      usb = undefined;
    }
    const vendor = usb ? read(usb, 'idVendor') : undefined;
    const product = usb ? read(usb, 'idProduct') : undefined;
    out.push({
      id: join(devDir, n),
      bus: 'video',
      ...(name ? { name } : {}),
      ...(vendor ? { usbVendorId: vendor } : {}),
      ...(product ? { usbProductId: product } : {}),
    });
  }
  return out;
}

/** The PC/SC readers present, waiting briefly for the binding to report them. */
async function listPcscReaders(make: () => CardReaderTransport, settleMs: number): Promise<{ readers: string[]; problem?: string }> {
  let t: CardReaderTransport;
  try {
    t = make();
  } catch (err) {
    return { readers: [], problem: `PC/SC readers: cannot open PC/SC (${(err as Error).message})` };
  }
  let problem: string | undefined;
  const off = t.on((e) => {
    if (e.type === 'service' && !e.available) problem = `PC/SC readers: ${e.detail ?? 'pcscd is not running'}`;
  });
  try {
    t.readers();
    await new Promise((r) => setTimeout(r, settleMs));
    const readers = t.readers();
    if (readers.length === 0 && !problem) {
      // No reader reported: ask for a card now, which says why (pcscd not running, no reader).
      try {
        const conn = await t.waitForCard({ timeoutMs: 0 });
        await conn.close();
      } catch (err) {
        problem = `PC/SC readers: none (${(err as Error).message})`;
      }
    }
    return { readers, ...(problem && readers.length === 0 ? { problem } : {}) };
  } finally {
    off();
    await t.close().catch(() => undefined);
  }
}

/** Lists every device present. Never throws: a bus that cannot be listed is a line in `problems`. */
export async function discoverDevices(deps: DiscoveryDeps = {}, manualPaths: string[] = []): Promise<DeviceListing> {
  const devices: PresentDevice[] = [];
  const problems: string[] = [];
  try {
    for (const p of await (deps.serial ?? listSerialPorts)()) {
      const v = hex4(p.vendorId);
      const pr = hex4(p.productId);
      devices.push({ id: p.path, bus: 'serial', ...(v ? { usbVendorId: v } : {}), ...(pr ? { usbProductId: pr } : {}) });
    }
  } catch (err) {
    problems.push(`serial ports: cannot list (${(err as Error).message})`);
  }
  for (const path of manualPaths) {
    if (!devices.some((d) => d.id === path)) devices.push({ id: path, bus: 'serial', manual: true });
  }
  try {
    for (const h of await (deps.hid ?? nodeHidDevices)()) {
      if (!h.path) continue;
      const name = [h.manufacturer, h.product].filter(Boolean).join(' ');
      devices.push({
        id: h.path,
        bus: 'hid',
        ...(name ? { name } : {}),
        usbVendorId: hex4(h.vendorId) ?? '0000',
        usbProductId: hex4(h.productId) ?? '0000',
      });
    }
  } catch (err) {
    problems.push(`HID devices: cannot list (${(err as Error).message})`);
  }
  const pcsc = await listPcscReaders(deps.pcsc ?? (() => createPcscTransport()), deps.pcscSettleMs ?? 800);
  for (const r of pcsc.readers) devices.push({ id: r, bus: 'pcsc', name: r });
  if (pcsc.problem) problems.push(pcsc.problem);
  devices.push(...listVideoDevices(deps.videoRoot));
  return { devices, problems };
}

/** A role for a device, with its settings: what the technician chose on the setup screen. */
export interface RoleChoice {
  role: DeviceRole;
  /** The device's id in the listing (serial/hid path, reader name, video device's name). */
  device: string;
  bus: PresentDevice['bus'];
  /** serial: baud rate. */
  baudRate?: number | undefined;
  /** scanner: what ends a scan. */
  suffix?: 'cr' | 'lf' | 'crlf' | 'none' | undefined;
  /** printer: a profile name (its code page is part of it). */
  profile?: string | undefined;
  /** HID scanner: the HID POS report layout. */
  hidLayout?: 'honeywell' | 'access-is' | 'idtech' | undefined;
  usbVendorId?: string | undefined;
  usbProductId?: string | undefined;
}

/** The printer profiles a technician chooses from, with their paper and code page. */
export function printerProfiles(): Array<{ id: string; description: string; paperMm: number; codePage: string }> {
  return Object.values(PRINTER_PROFILES).map((p) => ({
    id: p.id,
    description: p.description,
    paperMm: p.paper.widthMm,
    codePage: p.codePage.kind === 'none' ? 'none (raster)' : `${p.codePage.kind} (ESC t ${p.codePage.escT})`,
  }));
}

/** The site keys a role choice sets (text values, as the config form sends them; "" clears). */
export function roleChanges(c: RoleChoice): Partial<Record<SiteKey, string>> {
  const baud = c.baudRate !== undefined ? String(c.baudRate) : undefined;
  switch (c.role) {
    case 'scanner':
      if (c.bus !== 'serial' && c.bus !== 'hid') throw new Error(`a scanner is a serial or HID device, not ${c.bus}`);
      return {
        'devices.scanner.kind': c.bus,
        'devices.scanner.path': c.device,
        'devices.scanner.usbVendorId': c.usbVendorId ?? '',
        'devices.scanner.usbProductId': c.usbProductId ?? '',
        ...(baud ? { 'devices.scanner.baudRate': baud } : {}),
        ...(c.suffix ? { 'devices.scanner.suffix': c.suffix } : {}),
        ...(c.hidLayout ? { 'devices.scanner.hidLayout': c.hidLayout } : {}),
      };
    case 'scannerCamera':
      if (c.bus !== 'video') throw new Error(`a scanner camera is a video device, not ${c.bus}`);
      return { 'devices.scanner.kind': 'camera', 'devices.scanner.path': '' };
    case 'printer':
      if (c.bus !== 'serial') throw new Error(`a printer is set up here on a serial port, not ${c.bus}`);
      if (c.profile && !PRINTER_PROFILES[c.profile])
        throw new Error(`unknown printer profile "${c.profile}" (expected ${Object.keys(PRINTER_PROFILES).join(', ')})`);
      return {
        'devices.printer.kind': 'serial',
        'devices.printer.path': c.device,
        ...(baud ? { 'devices.printer.baudRate': baud } : {}),
        ...(c.profile ? { 'devices.printer.profile': c.profile } : {}),
      };
    case 'cardReader':
      if (c.bus !== 'pcsc') throw new Error(`a card reader is a PC/SC reader, not ${c.bus}`);
      return { 'devices.cardReader.kind': 'pcsc', 'devices.cardReader.reader': c.device };
    case 'documentCamera':
      if (c.bus !== 'video') throw new Error(`a document camera is a video device, not ${c.bus}`);
      return { 'devices.documentCamera.kind': 'camera', 'devices.documentCamera.device': c.device };
  }
}

export interface TrialResult {
  ok: boolean;
  /** English, for the technician and the log (what happened, masked). */
  detail: string;
  /** scanner: the scan's classification, masked. */
  scan?: { kind: string; fields: Record<string, unknown> } | undefined;
}

export interface TrialDeps {
  log: Logger;
  /** node-hid by default (a test passes a mock: no HID device on a test machine). */
  hidBackend?: HidBackend;
  pcsc?: () => CardReaderTransport;
  siteName: string;
  hotline: string;
  kioskId: string;
}

/** Waits for one scan on a serial scanner (opened with the chosen framing) or a HID POS one (its layout), up to `waitMs`. */
async function tryScanner(c: RoleChoice, waitMs: number, log: Logger, hidBackend?: HidBackend): Promise<TrialResult> {
  let driver: ScannerDriver;
  if (c.bus === 'serial') driver = createSerialScanner({ path: c.device, baudRate: c.baudRate ?? 9600, suffix: c.suffix ?? 'cr' });
  else if (c.bus === 'hid') driver = createHidScanner({ path: c.device, layout: c.hidLayout ?? 'honeywell', ...(hidBackend ? { backend: hidBackend } : {}) });
  else return { ok: false, detail: `a ${c.bus} device is not a scanner` };
  let lastProblem = '';
  try {
    const outcome = await new Promise<TrialResult>((resolve) => {
      const timer = setTimeout(
        () => resolve({ ok: false, detail: `no scan within ${Math.round(waitMs / 1000)} s${lastProblem ? ` (${lastProblem})` : ''}` }),
        waitMs,
      );
      driver.on('status', (s) => {
        if (s.state !== 'connected') lastProblem = s.detail ?? s.state;
      });
      driver.on('rejected', (r) => {
        lastProblem = `a scan was rejected: ${r.reason}`;
      });
      driver.on('scan', (e) => {
        clearTimeout(timer);
        const result = classifyScan(e.text);
        resolve({
          ok: true,
          detail: `one scan read (${result.kind}, ${e.text.length} characters)`,
          scan: { kind: result.kind, fields: maskedScanFields(result) },
        });
      });
      driver.start().catch((err: Error) => {
        lastProblem = err.message;
      });
    });
    return outcome;
  } finally {
    await driver.stop().catch((err: Error) => log.warn('maintenance', `scanner trial: stop failed: ${err.message}`));
  }
}

/** Prints the test page on the candidate printer (serial), status polling off (a write-only trial). */
async function tryPrinter(c: RoleChoice, waitMs: number, deps: TrialDeps): Promise<TrialResult> {
  if (c.bus !== 'serial') return { ok: false, detail: `a ${c.bus} device is not a printer` };
  if (c.profile && !PRINTER_PROFILES[c.profile]) return { ok: false, detail: `unknown printer profile "${c.profile}"` };
  const config = PrinterConfig.parse({
    kind: 'serial',
    path: c.device,
    baudRate: c.baudRate ?? 9600,
    profile: c.profile ?? 'generic-80-raster',
    statusPolling: false,
    printWaitMs: Math.min(waitMs, 60_000),
  });
  const printing = createPrintingService({ config, log: deps.log, centerName: deps.siteName, hotline: deps.hotline, kioskId: deps.kioskId });
  try {
    printing.start();
    const r = await printing.print('test', {}, 'setup trial');
    return r.state === 'printed'
      ? { ok: true, detail: `test page sent to ${c.device} (${printing.profile.id})` }
      : { ok: false, detail: `test page not printed: ${r.state}, ${r.condition}` };
  } catch (err) {
    return { ok: false, detail: `test page not printed: ${(err as Error).message}` };
  } finally {
    await printing.stop().catch(() => undefined);
  }
}

/** Lists the PC/SC readers and connects to the chosen one's card, if a card is on it. */
async function tryReader(c: RoleChoice, deps: TrialDeps): Promise<TrialResult> {
  const t = (deps.pcsc ?? (() => createPcscTransport()))();
  let problem = '';
  const off = t.on((e) => {
    if (e.type === 'service' && !e.available) problem = e.detail ?? 'pcscd is not running';
  });
  try {
    t.readers();
    await new Promise((r) => setTimeout(r, 800));
    const readers = t.readers();
    const hit = readers.find((r) => r.toLowerCase().includes(c.device.toLowerCase()));
    if (!hit) return { ok: false, detail: `reader "${c.device}" not found${problem ? ` (${problem})` : `; present: ${readers.join(', ') || 'none'}`}` };
    try {
      const conn = await t.waitForCard({ reader: c.device, timeoutMs: 0 });
      const detail = `reader "${hit}" present; a card answered (${conn.protocol}, ATR ${conn.atr.length} bytes)`;
      await conn.close();
      return { ok: true, detail };
    } catch (err) {
      return { ok: true, detail: `reader "${hit}" present; no card connected (${(err as Error).message})` };
    }
  } finally {
    off();
    await t.close().catch(() => undefined);
  }
}

export async function tryDevice(c: RoleChoice, waitMs: number, deps: TrialDeps): Promise<TrialResult> {
  switch (c.role) {
    case 'scanner':
      return tryScanner(c, waitMs, deps.log, deps.hidBackend);
    case 'printer':
      return tryPrinter(c, waitMs, deps);
    case 'cardReader':
      if (c.bus !== 'pcsc') return { ok: false, detail: `a ${c.bus} device is not a card reader` };
      return tryReader(c, deps);
    case 'documentCamera':
    case 'scannerCamera':
      return { ok: false, detail: 'a camera is tried on the screen: its picture shows in the camera preview' };
  }
}
