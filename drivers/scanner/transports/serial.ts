/**
 * Serial (USB-COM / RS-232) scanner transport over the real `serialport` package.
 *
 * - The port is chosen by `path`, or by USB vendor/product id (the first tty whose USB device
 *   matches; on Linux read from sysfs, elsewhere through `SerialPort.list()`).
 * - Bytes go through the framer (suffix CR / LF / CRLF, or an inter-byte timeout when the
 *   scanner sends no suffix), then text integrity (strict UTF-8, NFC, mojibake repair).
 * - Unplug (the port closes under us, or it cannot be opened) gives a `disconnected` status;
 *   the driver retries with a capped exponential backoff and says `connected` when the device
 *   is back. Errors never escape: they become status or `rejected` events.
 *
 * Opening and listing are injectable (as serialport injects its bindings); the defaults are the
 * real ones.
 */
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SerialPort } from 'serialport';
import { systemClock, type Clock } from '../protocol/clock';
import { createFramer, type FrameSuffix, type Framer, type FramerEvent } from '../protocol/framer';
import { createScannerEmitter, type ScannerDriver } from '../types';
import { createLinkSupervisor, errorMessage, parseUsbId, payloadToEvent, type BackoffOptions } from './common';

export interface SerialPortInfo {
  path: string;
  /** USB ids as numbers (serialport reports hex strings; both are accepted). */
  vendorId?: number | string;
  productId?: number | string;
}

/** An open serial link: what the driver needs of a `SerialPort`. */
export interface SerialLink {
  onData(cb: (chunk: Uint8Array) => void): void;
  /** Called once when the link goes away (unplug, error, or our own close). */
  onClose(cb: (reason: string) => void): void;
  close(): Promise<void>;
}

export interface SerialScannerOptions {
  path?: string;
  usbVendorId?: number | string;
  usbProductId?: number | string;
  /** Default 9600. */
  baudRate?: number;
  suffix: FrameSuffix;
  /** `none` suffix: silence that ends a scan. Default 50 ms. */
  interByteTimeoutMs?: number;
  /** Longest scan in bytes. Default 4096. */
  maxFrameBytes?: number;
  /** Split a leading AIM identifier (`]Q1`) off the data. Default true. */
  stripAimPrefix?: boolean;
  reconnect?: BackoffOptions;
  clock?: Clock;
  list?: () => Promise<SerialPortInfo[]>;
  open?: (path: string, baudRate: number) => Promise<SerialLink>;
  onListenerError?: (err: unknown) => void;
}

export interface SerialScanner extends ScannerDriver {
  /** The path of the open port, when connected. */
  readonly path: string | undefined;
}

export function createSerialScanner(options: SerialScannerOptions): SerialScanner {
  const clock = options.clock ?? systemClock;
  const baudRate = options.baudRate ?? 9600;
  const vendorId = parseUsbId(options.usbVendorId);
  const productId = parseUsbId(options.usbProductId);
  if (!options.path && vendorId === undefined) throw new TypeError('serial scanner needs a path or a USB vendor id');
  const list = options.list ?? listSerialPorts;
  const open = options.open ?? openSerialPort;
  const emitter = createScannerEmitter(options.onListenerError);
  const source = 'serial' as const;

  /** One open port and the framer of its bytes. */
  interface Open {
    port: SerialLink;
    path: string;
    framer?: Framer | undefined;
  }

  const onFrame = (e: FramerEvent) => {
    switch (e.type) {
      case 'frame': {
        const out = payloadToEvent(e.bytes, source, { stripAimPrefix: options.stripAimPrefix });
        if (out.type === 'scan') emitter.emit('scan', out.event);
        else emitter.emit('rejected', out.event);
        return;
      }
      case 'noise':
        emitter.emit('rejected', { reason: 'noise', detail: `${e.bytes.length} bytes with ${e.controlBytes} control bytes`, source });
        return;
      case 'overflow':
        emitter.emit('rejected', { reason: 'overflow', detail: `${e.droppedBytes} bytes without a terminator (limit ${e.limit})`, source });
        return;
      case 'stale':
        emitter.emit('rejected', { reason: 'stale', detail: `${e.droppedBytes} bytes without a terminator, dropped after silence`, source });
        return;
    }
  };

  const resolvePath = async (): Promise<string | { missing: string }> => {
    if (options.path) return existsSync(options.path) ? options.path : { missing: `${options.path} not found` };
    let ports: SerialPortInfo[];
    try {
      ports = await list();
    } catch (err) {
      return { missing: `cannot list serial ports: ${errorMessage(err)}` };
    }
    const hit = ports.find((p) => parseUsbId(p.vendorId) === vendorId && (productId === undefined || parseUsbId(p.productId) === productId));
    return hit ? hit.path : { missing: `no serial port with USB id ${usbIdText(vendorId, productId)}` };
  };

  const supervisor = createLinkSupervisor<Open>({
    clock,
    reconnect: options.reconnect,
    onState: (state, detail) => emitter.emit('status', detail === undefined ? { state } : { state, detail }),
    async attempt() {
      const where = await resolvePath();
      if (typeof where !== 'string') return { ok: false, state: 'disconnected', detail: where.missing };
      try {
        return { ok: true, link: { port: await open(where, baudRate), path: where }, where };
      } catch (err) {
        const msg = errorMessage(err);
        // A path that vanished between the check and the open is an unplug; anything else is an error.
        return { ok: false, state: /ENOENT|No such file/i.test(msg) ? 'disconnected' : 'error', detail: `cannot open ${where}: ${msg}` };
      }
    },
    attach(o, _where, lost) {
      const f = createFramer(
        {
          suffix: options.suffix,
          clock,
          ...(options.interByteTimeoutMs !== undefined ? { interByteTimeoutMs: options.interByteTimeoutMs } : {}),
          ...(options.maxFrameBytes !== undefined ? { maxFrameBytes: options.maxFrameBytes } : {}),
        },
        onFrame,
      );
      o.framer = f;
      o.port.onData((chunk) => {
        if (supervisor.link !== o) return;
        try {
          f.push(chunk);
        } catch (err) {
          options.onListenerError?.(err);
        }
      });
      o.port.onClose((reason) => {
        if (supervisor.link !== o) return;
        try {
          f.end(); // a scan without a suffix that was still being framed is delivered
        } catch (err) {
          options.onListenerError?.(err);
        }
        lost(reason);
      });
    },
    async release(o) {
      o.framer?.dispose();
      o.framer = undefined;
      await o.port.close().catch(() => {});
    },
  });

  return {
    on: emitter.on,
    get state() {
      return supervisor.state;
    },
    get path() {
      return supervisor.link?.path;
    },
    start: () => supervisor.start(),
    stop: () => supervisor.stop(),
  };
}

function usbIdText(vendorId: number | undefined, productId: number | undefined): string {
  const hex = (n: number | undefined) => (n === undefined ? '*' : n.toString(16).padStart(4, '0'));
  return `${hex(vendorId)}:${hex(productId)}`;
}

/** Opens a port with the real serialport. */
export function openSerialPort(path: string, baudRate: number): Promise<SerialLink> {
  return new Promise((resolve, reject) => {
    let port: SerialPort;
    try {
      port = new SerialPort({ path, baudRate, autoOpen: false });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    const closeCbs: Array<(reason: string) => void> = [];
    let closed = false;
    let lastError: string | undefined;
    const fireClose = (reason: string) => {
      if (closed) return;
      closed = true;
      for (const cb of closeCbs) cb(reason);
    };
    // Without an 'error' listener an EventEmitter throws: keep one for the port's whole life.
    port.on('error', (err: Error) => {
      lastError = err.message;
      if (!port.isOpen) fireClose(`error: ${err.message}`);
    });
    port.on('close', (err?: Error & { disconnected?: boolean }) => {
      fireClose(err?.disconnected ? 'device disconnected' : err ? `closed: ${err.message}` : lastError ? `closed: ${lastError}` : 'closed');
    });
    port.open((err) => {
      if (err) {
        reject(err);
        return;
      }
      resolve({
        onData(cb) {
          port.on('data', (chunk: Buffer) => cb(chunk));
        },
        onClose(cb) {
          closeCbs.push(cb);
        },
        close() {
          return new Promise<void>((res) => {
            if (!port.isOpen) {
              res();
              return;
            }
            port.close(() => res());
          });
        },
      });
    });
  });
}

/**
 * Lists serial ports with their USB ids. On Linux from sysfs (serialport's own list spawns
 * `udevadm` and crashes the process when it is missing); elsewhere `SerialPort.list()`.
 */
export async function listSerialPorts(): Promise<SerialPortInfo[]> {
  if (process.platform === 'linux') return listLinuxSysfs();
  const ports = await SerialPort.list();
  return ports.map((p) => ({ path: p.path, vendorId: p.vendorId, productId: p.productId }));
}

export function listLinuxSysfs(root = '/sys/class/tty', devDir = '/dev'): SerialPortInfo[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  const out: SerialPortInfo[] = [];
  for (const name of names) {
    let dir: string;
    try {
      dir = realpathSync(join(root, name, 'device'));
    } catch {
      continue; // a virtual tty (no device behind it)
    }
    let info: SerialPortInfo = { path: join(devDir, name) };
    for (let d = dir, i = 0; i < 8 && d !== dirname(d); d = dirname(d), i++) {
      try {
        const v = readFileSync(join(d, 'idVendor'), 'utf8').trim();
        const p = readFileSync(join(d, 'idProduct'), 'utf8').trim();
        info = { path: info.path, vendorId: v, productId: p };
        break;
      } catch {
        /* not the USB device yet: go up */
      }
    }
    out.push(info);
  }
  return out;
}
