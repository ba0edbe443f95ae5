/**
 * HID POS scanner transport over `node-hid` (USB HID Point of Sale, usage page 0x8C).
 *
 * - The device is found by USB vendor/product id (and usage page 0x8C, so the keyboard
 *   interface of a combo scanner is never opened), or by an explicit hidraw path.
 * - Input reports go to the pure reassembler (protocol/hidpos.ts: multi-report payloads, AIM
 *   identifier), then text integrity.
 * - The device going away (read error, close) gives `disconnected`; the driver retries with a
 *   capped backoff, exactly like the serial transport.
 *
 * The HID backend is injectable; the default is the real node-hid (`devicesAsync`,
 * `HIDAsync.open`). Tests inject a small fake device because no HID scanner exists on a build
 * machine.
 */
import { systemClock, type Clock } from '../protocol/clock';
import { createHidAssembler, HID_POS_LAYOUTS, HONEYWELL_CODE_IDS, HONEYWELL_LAYOUT, type HidPosLayout } from '../protocol/hidpos';
import { createScannerEmitter, type ScannerDriver, type ScannerState } from '../types';
import { backoffDelay, createRetryTimer, errorMessage, parseUsbId, payloadToEvent, type BackoffOptions } from './common';

export const HID_POS_USAGE_PAGE = 0x8c;

export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string | undefined;
  usagePage?: number | undefined;
  usage?: number | undefined;
  product?: string | undefined;
}

/** What the driver needs of an open device (node-hid's HIDAsync is one). */
export interface HidDeviceLike {
  on(event: 'data', cb: (data: Uint8Array) => void): unknown;
  on(event: 'error', cb: (err: unknown) => void): unknown;
  close(): Promise<void> | void;
}

export interface HidBackend {
  devices(): Promise<HidDeviceInfo[]>;
  open(path: string): Promise<HidDeviceLike>;
}

export interface HidScannerOptions {
  usbVendorId?: number | string;
  usbProductId?: number | string;
  /** An explicit hidraw path instead of the id lookup. */
  path?: string;
  /** Report layout, by name (`honeywell`, `access-is`, `idtech`) or object. Default honeywell. */
  layout?: string | HidPosLayout;
  /** Default 0x8C; null accepts any usage page (for devices that do not report one). */
  usagePage?: number | null;
  reconnect?: BackoffOptions;
  clock?: Clock;
  backend?: HidBackend;
  onListenerError?: (err: unknown) => void;
}

export function resolveHidLayout(layout: string | HidPosLayout | undefined): HidPosLayout {
  if (layout === undefined) return HONEYWELL_LAYOUT;
  if (typeof layout === 'string') {
    const l = HID_POS_LAYOUTS[layout];
    if (!l) throw new TypeError(`unknown HID POS layout "${layout}" (expected ${Object.keys(HID_POS_LAYOUTS).join(', ')})`);
    return l;
  }
  return layout;
}

/** The real node-hid, loaded on first use (a missing native build is a clear error, not a crash at import). */
export async function nodeHidBackend(): Promise<HidBackend> {
  const mod = (await import('node-hid')) as unknown as {
    default?: typeof import('node-hid');
  } & typeof import('node-hid');
  const hid = mod.default ?? mod;
  return {
    devices: () => hid.devicesAsync(),
    open: async (path) => {
      const dev = await hid.HIDAsync.open(path);
      return {
        on: (event: 'data' | 'error', cb: (x: never) => void) => dev.on(event, cb as (...a: unknown[]) => void),
        close: () => dev.close(),
      } as HidDeviceLike;
    },
  };
}

export function createHidScanner(options: HidScannerOptions): ScannerDriver {
  const clock = options.clock ?? systemClock;
  const layout = resolveHidLayout(options.layout);
  const vendorId = parseUsbId(options.usbVendorId);
  const productId = parseUsbId(options.usbProductId);
  if (!options.path && vendorId === undefined) throw new TypeError('HID scanner needs a USB vendor id or a path');
  const usagePage = options.usagePage === undefined ? HID_POS_USAGE_PAGE : options.usagePage;
  const emitter = createScannerEmitter(options.onListenerError);
  const retry = createRetryTimer(clock);
  const source = 'hid' as const;
  let backend: HidBackend | undefined = options.backend;

  let state: ScannerState = 'disconnected';
  let running = false;
  let failures = 0;
  let epoch = 0;
  let device: HidDeviceLike | undefined;

  const setState = (next: ScannerState, detail?: string, force = false) => {
    if (next === state && !force) return;
    state = next;
    emitter.emit('status', detail === undefined ? { state: next } : { state: next, detail });
  };

  const scheduleRetry = (myEpoch: number) => {
    if (!running || myEpoch !== epoch) return;
    const delay = backoffDelay(failures, options.reconnect);
    failures++;
    retry.schedule(delay, () => void connect(myEpoch));
  };

  const findPath = async (): Promise<string | { missing: string; error?: boolean }> => {
    if (options.path) return options.path;
    let list: HidDeviceInfo[];
    try {
      backend ??= await nodeHidBackend();
      list = await backend.devices();
    } catch (err) {
      return { missing: `cannot list HID devices: ${errorMessage(err)}`, error: true };
    }
    const hit = list.find(
      (d) =>
        d.vendorId === vendorId &&
        (productId === undefined || d.productId === productId) &&
        (usagePage === null || d.usagePage === usagePage) &&
        typeof d.path === 'string',
    );
    return hit?.path ? hit.path : { missing: `no HID POS device ${hex(vendorId)}:${hex(productId)} (usage page 0x${(usagePage ?? 0).toString(16)})` };
  };

  const connect = async (myEpoch: number): Promise<void> => {
    if (!running || myEpoch !== epoch) return;
    const where = await findPath();
    if (!running || myEpoch !== epoch) return;
    if (typeof where !== 'string') {
      setState(where.error ? 'error' : 'disconnected', where.missing, failures === 0);
      scheduleRetry(myEpoch);
      return;
    }
    let dev: HidDeviceLike;
    try {
      backend ??= await nodeHidBackend();
      dev = await backend.open(where);
    } catch (err) {
      if (!running || myEpoch !== epoch) return;
      setState('error', `cannot open ${where}: ${errorMessage(err)}`, failures === 0);
      scheduleRetry(myEpoch);
      return;
    }
    if (!running || myEpoch !== epoch) {
      void Promise.resolve(dev.close()).catch(() => {});
      return;
    }
    device = dev;
    failures = 0;
    const assembler = createHidAssembler({ layout });
    dev.on('data', (data) => {
      if (device !== dev) return;
      let bytes: Uint8Array;
      try {
        bytes = data instanceof Uint8Array ? data : Uint8Array.from(data as ArrayLike<number>);
      } catch {
        return;
      }
      for (const ev of assembler.push(bytes, clock.now())) {
        if (ev.type === 'scan') {
          const out = payloadToEvent(ev.scan.data, source, { aim: ev.scan.aim, stripAimPrefix: false });
          if (out.type === 'scan') {
            if (!out.event.symbology && ev.scan.vendorSymbology !== null) {
              const vendor = HONEYWELL_CODE_IDS[String.fromCharCode(ev.scan.vendorSymbology)];
              if (vendor === 'qr') out.event.symbology = 'qr';
            }
            emitter.emit('scan', out.event);
          } else emitter.emit('rejected', out.event);
        } else if (ev.type === 'overflow') {
          emitter.emit('rejected', { reason: 'overflow', detail: `${ev.droppedBytes} bytes over ${ev.limit}`, source });
        } else if (ev.type === 'abandoned') {
          emitter.emit('rejected', { reason: 'stale', detail: `partial payload of ${ev.droppedBytes} bytes abandoned (${ev.reason})`, source });
        }
      }
    });
    dev.on('error', (err) => {
      if (device !== dev) return;
      device = undefined;
      assembler.reset();
      void Promise.resolve()
        .then(() => dev.close())
        .catch(() => {});
      if (!running || myEpoch !== epoch) return;
      setState('disconnected', `${where}: ${errorMessage(err)}`);
      scheduleRetry(myEpoch);
    });
    setState('connected', where);
  };

  return {
    on: emitter.on,
    get state() {
      return state;
    },
    async start() {
      if (running) return;
      running = true;
      failures = 0;
      await connect(++epoch);
    },
    async stop() {
      if (!running) return;
      running = false;
      epoch++;
      retry.cancel();
      const d = device;
      device = undefined;
      if (d) await Promise.resolve().then(() => d.close()).catch(() => {});
      setState('disconnected', 'stopped');
    },
  };
}

function hex(n: number | undefined): string {
  return n === undefined ? '*' : n.toString(16).padStart(4, '0');
}
