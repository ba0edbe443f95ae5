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
import { createScannerEmitter, type ScannerDriver } from '../types';
import { createLinkSupervisor, errorMessage, parseUsbId, payloadToEvent, type BackoffOptions } from './common';

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
  const source = 'hid' as const;
  let backend: HidBackend | undefined = options.backend;

  /** One open device and the reassembler of its reports. */
  interface Open {
    dev: HidDeviceLike;
    assembler: ReturnType<typeof createHidAssembler>;
  }

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

  const onReport = (o: Open, data: unknown): void => {
    let bytes: Uint8Array;
    try {
      bytes = data instanceof Uint8Array ? data : Uint8Array.from(data as ArrayLike<number>);
    } catch {
      return;
    }
    for (const ev of o.assembler.push(bytes, clock.now())) {
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
  };

  const supervisor = createLinkSupervisor<Open>({
    clock,
    reconnect: options.reconnect,
    onState: (state, detail) => emitter.emit('status', detail === undefined ? { state } : { state, detail }),
    async attempt() {
      const where = await findPath();
      if (typeof where !== 'string') return { ok: false, state: where.error ? 'error' : 'disconnected', detail: where.missing };
      try {
        backend ??= await nodeHidBackend();
        return { ok: true, link: { dev: await backend.open(where), assembler: createHidAssembler({ layout }) }, where };
      } catch (err) {
        return { ok: false, state: 'error', detail: `cannot open ${where}: ${errorMessage(err)}` };
      }
    },
    attach(o, _where, lost) {
      o.dev.on('data', (data) => {
        if (supervisor.link === o) onReport(o, data);
      });
      o.dev.on('error', (err) => {
        if (supervisor.link !== o) return;
        o.assembler.reset();
        lost(errorMessage(err));
      });
    },
    release: (o) =>
      Promise.resolve()
        .then(() => o.dev.close())
        .catch(() => {}),
  });

  return {
    on: emitter.on,
    get state() {
      return supervisor.state;
    },
    start: () => supervisor.start(),
    stop: () => supervisor.stop(),
  };
}

function hex(n: number | undefined): string {
  return n === undefined ? '*' : n.toString(16).padStart(4, '0');
}
