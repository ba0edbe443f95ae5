/**
 * A serial document reader (an OCR swipe or full-page reader) that outputs the MRZ as text lines.
 * Readers differ: CR, LF or CRLF between lines, sometimes a start/end byte (STX/ETX) or the
 * whole MRZ on one line. {@link MrzLineAssembler} keeps the last lines and reports an MRZ as
 * soon as the last 2 or 3 lines (or one 72/88/90-character line) pass every check digit.
 * {@link openSerialMrzReader} feeds it from a real serial port (serialport) and reopens the port
 * after it drops.
 */
import { SerialPort } from 'serialport';
import { parseMrz, type ParsedMrz } from '../protocol/mrz';

const LINE = /^[A-Z0-9<]{30}$|^[A-Z0-9<]{36}$|^[A-Z0-9<]{44}$|^[A-Z0-9<]{72}$|^[A-Z0-9<]{88}$|^[A-Z0-9<]{90}$/;

export class MrzLineAssembler {
  #partial = '';
  #lines: string[] = [];
  #lastReported = '';

  /** Feeds raw bytes or text; returns the MRZs completed by this chunk (usually 0 or 1). */
  push(chunk: Uint8Array | string): ParsedMrz[] {
    const text = typeof chunk === 'string' ? chunk : new TextDecoder('latin1').decode(chunk);
    const out: ParsedMrz[] = [];
    for (const ch of text) {
      if (ch === '\r' || ch === '\n' || ch === '\x03' || ch === '\x02') {
        this.#endLine(out);
        continue;
      }
      if (this.#partial.length < 200) this.#partial += ch;
    }
    return out;
  }

  /** Ends the current line (a reader that sends no terminator after the last line). */
  flush(): ParsedMrz[] {
    const out: ParsedMrz[] = [];
    this.#endLine(out);
    return out;
  }

  #endLine(out: ParsedMrz[]): void {
    const line = this.#partial.replace(/[ \t]/g, '').toUpperCase();
    this.#partial = '';
    if (line.length === 0) return;
    if (!LINE.test(line)) {
      this.#lines = [];
      return;
    }
    this.#lines.push(line);
    if (this.#lines.length > 3) this.#lines.shift();
    for (const n of [1, 2, 3]) {
      const candidate = this.#lines.slice(-n);
      if (candidate.length !== n) continue;
      const r = parseMrz(candidate);
      if (r.ok) {
        const key = candidate.join('');
        this.#lines = [];
        if (key === this.#lastReported) return; // the same document sent twice in a row
        this.#lastReported = key;
        out.push(r.mrz);
        return;
      }
    }
  }

  /** Forgets everything (session end). */
  reset(): void {
    this.#partial = '';
    this.#lines = [];
    this.#lastReported = '';
  }
}

export interface SerialMrzReaderOptions {
  path: string;
  baudRate?: number;
  onMrz(mrz: ParsedMrz): void;
  onStatus?(state: 'connected' | 'disconnected' | 'error', detail?: string): void;
  /** Reopen delay after the port drops (ms). Default 2000. */
  reopenMs?: number;
}

export interface SerialMrzReader {
  /** Forgets the last MRZ so the same document can be read again. */
  reset(): void;
  close(): Promise<void>;
}

export function openSerialMrzReader(options: SerialMrzReaderOptions): SerialMrzReader {
  const assembler = new MrzLineAssembler();
  let port: SerialPort | undefined;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let idle: ReturnType<typeof setTimeout> | undefined;
  // A close() that came while the port was opening: it resolves once the port is closed again.
  let closedWhileOpening: (() => void) | undefined;

  const deliver = (list: ParsedMrz[]): void => {
    for (const m of list) {
      try {
        options.onMrz(m);
      } catch {
        /* the consumer's problem */
      }
    }
  };

  const open = (): void => {
    if (closed) return;
    const p = new SerialPort({ path: options.path, baudRate: options.baudRate ?? 9600, autoOpen: false });
    port = p;
    p.on('data', (chunk: Buffer) => {
      deliver(assembler.push(chunk));
      // A reader that sends no terminator after the last line: close it after 150 ms of silence.
      clearTimeout(idle);
      idle = setTimeout(() => deliver(assembler.flush()), 150);
    });
    p.on('error', (err: Error) => options.onStatus?.('error', err.message));
    p.on('close', () => {
      options.onStatus?.('disconnected');
      if (!closed) timer = setTimeout(open, options.reopenMs ?? 2000);
    });
    p.open((err) => {
      if (closed) {
        // close() came while the port opened: it is not left open.
        const done = closedWhileOpening ?? (() => undefined);
        closedWhileOpening = undefined;
        if (err || !p.isOpen) done();
        else p.close(() => done());
        return;
      }
      if (err) {
        options.onStatus?.('error', err.message);
        timer = setTimeout(open, options.reopenMs ?? 2000);
        return;
      }
      options.onStatus?.('connected');
    });
  };
  open();

  return {
    reset: () => assembler.reset(),
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        clearTimeout(timer);
        clearTimeout(idle);
        if (port?.opening) {
          const before = closedWhileOpening;
          closedWhileOpening = () => {
            before?.();
            resolve();
          };
          return;
        }
        if (!port || !port.isOpen) return resolve();
        port.close(() => resolve());
      }),
  };
}
