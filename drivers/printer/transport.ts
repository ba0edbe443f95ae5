/**
 * Byte pipes to a printer: serial (serialport), USB printer class (/dev/usb/lpN), TCP (port 9100),
 * and the in-process simulator. Each transport only moves bytes; the job queue, status polling and
 * reconnection live in device.ts.
 *
 * `write()` resolves when the bytes have left our process (the OS accepted them; for serial, after
 * tcdrain): it waits for 'drain' when the stream says its buffer is full, and for the USB device,
 * which is opened non-blocking, retries a write the kernel answers EAGAIN to. It never resolves
 * early, so a caller's timeout around it measures the real transfer.
 */
import { constants as fsc, promises as fsp } from 'node:fs';
import net from 'node:net';
import { exponentialDelay, type Backoff } from '../../common/backoff';
import type { SimulatedPrinter } from './simulator';

export interface PrinterTransport {
  /** For logs and the CLI: "serial /dev/ttyUSB0 @ 9600", "tcp 10.0.0.5:9100". */
  readonly description: string;
  /** Bytes a second the link can carry, when known (serial); used to size write timeouts. */
  readonly bytesPerSecond?: number;
  readonly isOpen: boolean;
  open(): Promise<void>;
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
  /** Bytes from the printer (status replies). */
  onData(listener: (bytes: Uint8Array) => void): () => void;
  /** The link closed by itself (cable pulled, peer closed, I/O error). */
  onClose(listener: (err?: Error) => void): () => void;
}

export class TransportError extends Error {
  override name = 'TransportError';
}

abstract class BaseTransport implements PrinterTransport {
  abstract readonly description: string;
  abstract readonly isOpen: boolean;
  private readonly dataListeners = new Set<(b: Uint8Array) => void>();
  private readonly closeListeners = new Set<(err?: Error) => void>();
  abstract open(): Promise<void>;
  abstract write(bytes: Uint8Array): Promise<void>;
  abstract close(): Promise<void>;
  onData(l: (b: Uint8Array) => void): () => void {
    this.dataListeners.add(l);
    return () => this.dataListeners.delete(l);
  }
  onClose(l: (err?: Error) => void): () => void {
    this.closeListeners.add(l);
    return () => this.closeListeners.delete(l);
  }
  protected emitData(b: Uint8Array): void {
    for (const l of [...this.dataListeners]) {
      try {
        l(b);
      } catch {
        /* a listener's bug must not break the link */
      }
    }
  }
  protected emitClose(err?: Error): void {
    for (const l of [...this.closeListeners]) {
      try {
        l(err);
      } catch {
        /* ignore */
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// TCP (raw port 9100, "JetDirect")

export interface TcpOptions {
  host: string;
  port?: number | undefined;
  connectTimeoutMs?: number;
}

export class TcpTransport extends BaseTransport {
  readonly description: string;
  private socket: net.Socket | null = null;
  constructor(private readonly options: TcpOptions) {
    super();
    this.description = `tcp ${options.host}:${options.port ?? 9100}`;
  }
  get isOpen(): boolean {
    return this.socket !== null && !this.socket.destroyed;
  }
  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = net.createConnection({ host: this.options.host, port: this.options.port ?? 9100 });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new TransportError(`${this.description}: no connection after ${this.options.connectTimeoutMs ?? 3000} ms`));
      }, this.options.connectTimeoutMs ?? 3000);
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(new TransportError(`${this.description}: ${err.message}`));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        this.socket = socket;
        socket.setKeepAlive(true, 10_000);
        socket.on('data', (d: Buffer) => this.emitData(new Uint8Array(d)));
        socket.on('error', () => undefined);
        socket.once('close', (hadError) => {
          if (this.socket === socket) this.socket = null;
          this.emitClose(hadError ? new TransportError(`${this.description}: connection lost`) : undefined);
        });
        resolve();
      });
    });
  }
  write(bytes: Uint8Array): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.destroyed) return Promise.reject(new TransportError(`${this.description}: not connected`));
    return new Promise((resolve, reject) => {
      const onClose = (): void => reject(new TransportError(`${this.description}: closed while writing`));
      socket.once('close', onClose);
      const done = (err?: Error | null): void => {
        socket.off('close', onClose);
        if (err) reject(new TransportError(`${this.description}: ${err.message}`));
        else resolve();
      };
      // The callback fires once the chunk is handed to the kernel; when write() returns false the
      // socket buffers and the callback waits, which is the backpressure we want.
      socket.write(bytes, done);
    });
  }
  async close(): Promise<void> {
    const s = this.socket;
    this.socket = null;
    if (!s) return;
    await new Promise<void>((resolve) => {
      s.once('close', () => resolve());
      s.end();
      setTimeout(() => {
        s.destroy();
        resolve();
      }, 500).unref();
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Serial (RS-232 or USB-serial), through the serialport package

export interface SerialOptions {
  path: string;
  baudRate?: number;
  /** RTS/CTS hardware flow control (most receipt printers: on the DB-9/DB-25 port). */
  rtscts?: boolean;
}

type SerialPortLike = {
  isOpen: boolean;
  open(cb: (err: Error | null) => void): void;
  write(data: Buffer, cb?: (err: Error | null | undefined) => void): boolean;
  drain(cb: (err: Error | null) => void): void;
  close(cb: (err: Error | null) => void): void;
  on(ev: 'data', l: (d: Buffer) => void): void;
  on(ev: 'close', l: (err?: Error & { disconnected?: boolean }) => void): void;
  on(ev: 'error', l: (err: Error) => void): void;
  once(ev: 'drain', l: () => void): void;
};

export class SerialTransport extends BaseTransport {
  readonly description: string;
  readonly bytesPerSecond: number;
  private port: SerialPortLike | null = null;
  constructor(private readonly options: SerialOptions) {
    super();
    const baud = options.baudRate ?? 9600;
    this.description = `serial ${options.path} @ ${baud}`;
    this.bytesPerSecond = baud / 10;
  }
  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }
  async open(): Promise<void> {
    const { SerialPort } = await import('serialport');
    const port = new SerialPort({
      path: this.options.path,
      baudRate: this.options.baudRate ?? 9600,
      rtscts: this.options.rtscts ?? false,
      autoOpen: false,
    }) as unknown as SerialPortLike;
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(new TransportError(`${this.description}: ${err.message}`)) : resolve())));
    this.port = port;
    port.on('data', (d) => this.emitData(new Uint8Array(d)));
    port.on('error', () => undefined);
    port.on('close', (err) => {
      if (this.port === port) this.port = null;
      this.emitClose(err ? new TransportError(`${this.description}: ${err.message}`) : undefined);
    });
  }
  write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) return Promise.reject(new TransportError(`${this.description}: not open`));
    return new Promise((resolve, reject) => {
      let failed = false;
      port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (err) => {
        if (err) {
          failed = true;
          reject(new TransportError(`${this.description}: ${err.message}`));
        }
      });
      // drain(): waits for serialport's own queue, then tcdrain() until the UART has sent it all.
      port.drain((err) => {
        if (failed) return;
        if (err) reject(new TransportError(`${this.description}: ${err.message}`));
        else resolve();
      });
    });
  }
  async close(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (!port?.isOpen) return;
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}

// ---------------------------------------------------------------------------------------------
// USB printer class: the kernel's usblp driver, /dev/usb/lpN

export interface UsbLpOptions {
  path: string;
  /** How often to look for status bytes from the printer. Default 25 ms. */
  readPollMs?: number;
  /** Bytes a write() call hands to the kernel at a time. Default 4096. */
  chunkBytes?: number;
}

/** Waits between writes the printer refused (EAGAIN): 2 ms, doubling up to 100 ms. */
const FULL_BUFFER_BACKOFF: Backoff = { baseMs: 2, capMs: 100 };

/**
 * /dev/usb/lpN opened read-write and non-blocking: a write the printer is not ready for answers
 * EAGAIN and is retried after a short wait (the backpressure), and reads (status replies on
 * bidirectional printers) are polled, so no thread of Node's pool is ever parked on the device.
 */
export class UsbLpTransport extends BaseTransport {
  readonly description: string;
  private fh: fsp.FileHandle | null = null;
  private readTimer: NodeJS.Timeout | null = null;
  private reading = false;
  constructor(private readonly options: UsbLpOptions) {
    super();
    this.description = `usb ${options.path}`;
  }
  get isOpen(): boolean {
    return this.fh !== null;
  }
  async open(): Promise<void> {
    try {
      this.fh = await fsp.open(this.options.path, fsc.O_RDWR | fsc.O_NOCTTY | fsc.O_NONBLOCK);
    } catch (err) {
      throw new TransportError(`${this.description}: ${(err as Error).message}`);
    }
    const buf = Buffer.alloc(256);
    this.readTimer = setInterval(() => {
      const fh = this.fh;
      if (!fh || this.reading) return;
      this.reading = true;
      fh.read(buf, 0, buf.length, null)
        .then(({ bytesRead }) => {
          if (bytesRead > 0) this.emitData(new Uint8Array(buf.subarray(0, bytesRead)));
        })
        .catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'EAGAIN' && err.code !== 'EWOULDBLOCK' && err.code !== 'EINTR') void this.fail(err);
        })
        .finally(() => {
          this.reading = false;
        });
    }, this.options.readPollMs ?? 25);
    this.readTimer.unref();
  }
  private async fail(err: Error): Promise<void> {
    if (!this.fh) return;
    await this.close();
    this.emitClose(new TransportError(`${this.description}: ${err.message}`));
  }
  async write(bytes: Uint8Array): Promise<void> {
    const chunk = this.options.chunkBytes ?? 4096;
    let off = 0;
    let busy = 0; // writes refused in a row (the printer's buffer is full)
    while (off < bytes.length) {
      const fh = this.fh;
      if (!fh) throw new TransportError(`${this.description}: not open`);
      try {
        const { bytesWritten } = await fh.write(bytes, off, Math.min(chunk, bytes.length - off), null);
        off += bytesWritten;
        busy = 0;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK' && code !== 'EINTR') {
          await this.fail(err as Error);
          throw new TransportError(`${this.description}: ${(err as Error).message}`);
        }
        await new Promise((r) => setTimeout(r, exponentialDelay(busy++, FULL_BUFFER_BACKOFF)));
      }
    }
  }
  async close(): Promise<void> {
    if (this.readTimer) clearInterval(this.readTimer);
    this.readTimer = null;
    const fh = this.fh;
    this.fh = null;
    if (fh) await fh.close().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// The simulator (demo mode, tests)

export class SimulatorTransport extends BaseTransport {
  readonly description = 'simulator';
  private open_ = false;
  private off: (() => void) | null = null;
  constructor(readonly printer: SimulatedPrinter) {
    super();
  }
  get isOpen(): boolean {
    return this.open_;
  }
  async open(): Promise<void> {
    this.open_ = true;
    // Replies are delivered on a later tick, as from a real link.
    this.off = this.printer.on('data', (b) => queueMicrotask(() => this.emitData(b)));
  }
  async write(bytes: Uint8Array): Promise<void> {
    if (!this.open_) throw new TransportError('simulator: not open');
    this.printer.write(bytes);
  }
  async close(): Promise<void> {
    this.open_ = false;
    this.off?.();
    this.off = null;
  }
}

export type TransportSpec =
  | { kind: 'serial'; path: string; baudRate?: number; rtscts?: boolean }
  | { kind: 'usb'; path: string }
  | { kind: 'tcp'; host: string; port?: number }
  | { kind: 'simulator'; printer: SimulatedPrinter };

export function createTransport(spec: TransportSpec): PrinterTransport {
  switch (spec.kind) {
    case 'serial':
      return new SerialTransport(spec);
    case 'usb':
      return new UsbLpTransport({ path: spec.path });
    case 'tcp':
      return new TcpTransport({ host: spec.host, port: spec.port });
    case 'simulator':
      return new SimulatorTransport(spec.printer);
  }
}
