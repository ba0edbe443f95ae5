/**
 * A virtual ESC/POS printer: the far end of the byte stream, for demo mode and tests.
 *
 * - `write(bytes)` is what the host sends. Commands are tokenized (so a DLE EOT is recognised only
 *   at a command boundary, never inside raster or QR data). DLE EOT is answered at once on the
 *   `data` channel, even while the printer cannot print, as real printers do; GS a enables
 *   automatic status back, sent on every status change.
 * - Everything else is queued and "printed" only while the printer is ready (online, cover closed,
 *   paper present, no error): out of paper, the job waits, and comes out when paper is loaded.
 * - A job ends at a cut (GS V) or when ESC @ starts the next one after printed content; the last
 *   `keepJobs` jobs are kept with their bytes, text lines, QR and barcode payloads and images.
 * - Scripting: paperLow/paperOut/loadPaper, openCover/closeCover, goOffline/comeOnline,
 *   setError/clearError, powerOff/powerOn, setReplyMode('silent' | 'garbage').
 * - `status` events carry the PrinterEvent a driver polling this printer would report.
 *
 * No Node imports, so it also runs in the renderer for demo mode.
 */
import { concatBytes, readUserChars, type Bitmap } from './protocol/escpos';
import { tokenize, type Token } from './protocol/parse';
import {
  parseErrorCause,
  parseOfflineCause,
  parsePaperSensor,
  parsePrinterInfo,
  statusEvents,
  statusFromRealtime,
  type PrinterEvent,
  type PrinterStatus,
  type RealtimeStatusKind,
} from './protocol/status';
import { decodeCp1258, decodeTcvn3 } from './protocol/vietnamese';
import type { CodePageSpec } from './profiles';

export interface SimulatedJob {
  id: number;
  /** The job's bytes as received, less real-time status requests. */
  bytes: Uint8Array;
  /**
   * Printed text lines, decoded with the code page selected at the time. A user-defined character
   * (ESC %) is the private-use character U+E000 + its code; its glyph is in `userChars`.
   */
  lines: string[];
  /** The user-defined characters (ESC &) in force when the job ended, by code. */
  userChars: Map<number, Bitmap>;
  qrCodes: string[];
  barcodes: { m: number; data: string }[];
  images: { widthDots: number; height: number; data: Uint8Array }[];
  cut: 'full' | 'partial' | null;
}

export type PrinterErrorKind = 'autocutter' | 'unrecoverable' | 'autoRecoverable' | 'recoverable';
export type ReplyMode = 'normal' | 'silent' | 'garbage';

export interface SimulatedPrinterEvents {
  /** Bytes the printer sends back to the host (status replies, ASB). */
  data: Uint8Array;
  status: { event: PrinterEvent; status: PrinterStatus };
  job: SimulatedJob;
}

type Listener<E extends keyof SimulatedPrinterEvents> = (e: SimulatedPrinterEvents[E]) => void;

export interface SimulatedPrinterOptions {
  /** Tells the simulator which ESC t numbers mean which Vietnamese table (for decoding lines). */
  codePage?: CodePageSpec;
  /** Jobs kept. Default 20. */
  keepJobs?: number;
  onListenerError?: (err: unknown) => void;
}

interface QueuedToken {
  token: Token;
  raw: Uint8Array;
}

export class SimulatedPrinter {
  private readonly codePage: CodePageSpec;
  private readonly keepJobs: number;
  private readonly onListenerError: (err: unknown) => void;
  private readonly listeners: { [E in keyof SimulatedPrinterEvents]: Set<Listener<E>> } = {
    data: new Set(),
    status: new Set(),
    job: new Set(),
  };

  private poweredOn = true;
  private userOffline = false;
  private coverOpen = false;
  private paper: 'ok' | 'low' | 'out' = 'ok';
  private error: PrinterErrorKind | null = null;
  private replyMode: ReplyMode = 'normal';
  private asbMask = 0;

  private inbuf = new Uint8Array(0);
  private readonly queue: QueuedToken[] = [];
  private codePageN = 0;
  /** ESC % state and the characters ESC & defined (cleared by ESC @ and at power-on). */
  private userCharsOn = false;
  private readonly userDefined = new Map<number, Bitmap>();
  private line = '';
  private qrStore = new Uint8Array(0);
  private current: Omit<SimulatedJob, 'id' | 'bytes'> & { raw: Uint8Array[] } = SimulatedPrinter.emptyJob();
  private nextId = 1;
  private readonly kept: SimulatedJob[] = [];
  private lastStatus: PrinterStatus;

  constructor(options: SimulatedPrinterOptions = {}) {
    this.codePage = options.codePage ?? { kind: 'none' };
    this.keepJobs = options.keepJobs ?? 20;
    this.onListenerError = options.onListenerError ?? (() => undefined);
    this.lastStatus = this.status;
  }

  private static emptyJob(): Omit<SimulatedJob, 'id' | 'bytes'> & { raw: Uint8Array[] } {
    return { raw: [], lines: [], qrCodes: [], barcodes: [], images: [], userChars: new Map(), cut: null };
  }

  on<E extends keyof SimulatedPrinterEvents>(event: E, listener: Listener<E>): () => void {
    const set = this.listeners[event] as Set<Listener<E>>;
    set.add(listener);
    return () => set.delete(listener);
  }

  private emit<E extends keyof SimulatedPrinterEvents>(event: E, payload: SimulatedPrinterEvents[E]): void {
    for (const l of [...(this.listeners[event] as Set<Listener<E>>)]) {
      try {
        l(payload);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }

  // --- what the printer would answer ------------------------------------------------------------

  private get offline(): boolean {
    return this.userOffline || this.coverOpen || this.paper === 'out' || this.error !== null;
  }

  /** The DLE EOT n reply byte for the current state. */
  realtimeStatusByte(n: RealtimeStatusKind): number {
    switch (n) {
      case 1:
        return 0x12 | (this.offline ? 0x08 : 0);
      case 2:
        return 0x12 | (this.coverOpen ? 0x04 : 0) | (this.paper === 'out' ? 0x20 : 0) | (this.error ? 0x40 : 0);
      case 3:
        return (
          0x12 |
          (this.error === 'recoverable' ? 0x04 : 0) |
          (this.error === 'autocutter' ? 0x08 : 0) |
          (this.error === 'unrecoverable' ? 0x20 : 0) |
          (this.error === 'autoRecoverable' ? 0x40 : 0)
        );
      case 4:
        return 0x12 | (this.paper !== 'ok' ? 0x0c : 0) | (this.paper === 'out' ? 0x60 : 0);
    }
  }

  /** The 4-byte automatic status back packet for the current state. */
  asbPacket(): Uint8Array {
    const e = this.error;
    return Uint8Array.of(
      0x10 | (this.offline ? 0x08 : 0) | (this.coverOpen ? 0x20 : 0),
      (e === 'recoverable' ? 0x04 : 0) | (e === 'autocutter' ? 0x08 : 0) | (e === 'unrecoverable' ? 0x20 : 0) | (e === 'autoRecoverable' ? 0x40 : 0),
      (this.paper !== 'ok' ? 0x03 : 0) | (this.paper === 'out' ? 0x0c : 0),
      0x00,
    );
  }

  /** The status a driver polling DLE EOT 1..4 would compute (offline when powered off). */
  get status(): PrinterStatus {
    const s = statusFromRealtime({
      printer: parsePrinterInfo(this.realtimeStatusByte(1)),
      offline: parseOfflineCause(this.realtimeStatusByte(2)),
      error: parseErrorCause(this.realtimeStatusByte(3)),
      paper: parsePaperSensor(this.realtimeStatusByte(4)),
    });
    return this.poweredOn ? s : { ...s, online: false };
  }

  get jobs(): readonly SimulatedJob[] {
    return this.kept;
  }
  /** The resident takes the printed slips: the kept jobs (the paper in the tray) are gone. */
  takePaper(): void {
    this.kept.length = 0;
  }
  /** Bytes received and not yet printed (waiting for paper, cover, online). */
  get pendingBytes(): number {
    return this.queue.reduce((n, q) => n + q.raw.length, 0) + this.inbuf.length;
  }

  // --- host -> printer --------------------------------------------------------------------------

  write(bytes: Uint8Array): void {
    if (!this.poweredOn) return;
    const buf = this.inbuf.length ? concatBytes([this.inbuf, bytes]) : bytes.slice();
    const { tokens, spans, consumed } = tokenize(buf);
    this.inbuf = buf.slice(consumed);
    tokens.forEach((token, i) => {
      const [a, b] = spans[i] ?? [0, 0];
      if (token.kind === 'realtimeStatus') {
        this.answerRealtime(token.n);
      } else if (token.kind === 'asb') {
        this.asbMask = token.n;
        this.queue.push({ token, raw: buf.slice(a, b) });
        if (token.n !== 0) this.sendAsb();
      } else {
        this.queue.push({ token, raw: buf.slice(a, b) });
      }
    });
    this.drain();
  }

  private answerRealtime(n: number): void {
    if (this.replyMode === 'silent') return;
    if (this.replyMode === 'garbage') {
      this.emit('data', Uint8Array.of(0xff));
      return;
    }
    if (n >= 1 && n <= 4) this.emit('data', Uint8Array.of(this.realtimeStatusByte(n as RealtimeStatusKind)));
  }

  private sendAsb(): void {
    if (this.replyMode === 'silent') return;
    this.emit('data', this.replyMode === 'garbage' ? Uint8Array.of(0xff, 0xff, 0xff, 0xff) : this.asbPacket());
  }

  // --- printing ---------------------------------------------------------------------------------

  private get ready(): boolean {
    return this.poweredOn && !this.offline;
  }

  private decodeText(bytes: Uint8Array): string {
    if (this.userCharsOn) {
      return Array.from(bytes, (b) => (this.userDefined.has(b) ? String.fromCodePoint(0xe000 + b) : String.fromCharCode(b))).join('');
    }
    const cp = this.codePage;
    if (cp.kind === 'cp1258' && this.codePageN === cp.escT) return decodeCp1258(bytes);
    if (cp.kind === 'tcvn3' && this.codePageN === cp.escT) return decodeTcvn3(bytes, 'lower');
    if (cp.kind === 'tcvn3' && this.codePageN === cp.escTUpper) return decodeTcvn3(bytes, 'upper');
    return Array.from(bytes, (b) => (b < 0x80 ? String.fromCharCode(b) : '\ufffd')).join('');
  }

  private hasContent(): boolean {
    const j = this.current;
    return this.line !== '' || j.lines.length + j.qrCodes.length + j.barcodes.length + j.images.length > 0;
  }

  private endLine(): void {
    this.current.lines.push(this.line);
    this.line = '';
  }

  private finishJob(cut: SimulatedJob['cut']): void {
    if (this.line !== '') this.endLine();
    const { raw, ...rest } = this.current;
    const job: SimulatedJob = { id: this.nextId++, bytes: concatBytes(raw), ...rest, userChars: new Map(this.userDefined), cut };
    this.current = SimulatedPrinter.emptyJob();
    this.kept.push(job);
    while (this.kept.length > this.keepJobs) this.kept.shift();
    this.emit('job', job);
  }

  /** Ends the job in progress without a cut (printers with a tear bar). */
  flushJob(): SimulatedJob | null {
    if (!this.hasContent()) return null;
    this.finishJob(null);
    return this.kept[this.kept.length - 1] ?? null;
  }

  private drain(): void {
    while (this.ready && this.queue.length > 0) {
      const q = this.queue.shift() as QueuedToken;
      this.print(q);
    }
  }

  private print({ token: t, raw }: QueuedToken): void {
    if (t.kind === 'init' && this.hasContent()) this.finishJob(null);
    this.current.raw.push(raw);
    switch (t.kind) {
      case 'init':
        this.codePageN = 0;
        this.userCharsOn = false;
        this.userDefined.clear();
        break;
      case 'userCharSet':
        this.userCharsOn = (t.n & 1) === 1;
        break;
      case 'defineUserChars': {
        const defined = readUserChars(t.bytes);
        if (defined) defined.glyphs.forEach((g, i) => this.userDefined.set(defined.first + i, g));
        break;
      }
      case 'codePage':
        this.codePageN = t.n;
        break;
      case 'text':
        this.line += this.decodeText(t.bytes);
        break;
      case 'lf':
        this.endLine();
        break;
      case 'feed':
        if (t.n > 0 || this.line !== '') this.endLine();
        for (let k = 1; k < t.n; k++) this.current.lines.push('');
        break;
      case 'gsParen':
        if (t.letter === 0x6b && t.cn === 0x31 && t.fn === 0x50) this.qrStore = t.payload.slice(1);
        if (t.letter === 0x6b && t.cn === 0x31 && t.fn === 0x51) this.current.qrCodes.push(new TextDecoder().decode(this.qrStore));
        break;
      case 'barcode':
        this.current.barcodes.push({ m: t.m, data: decodeBarcode(t.m, t.data) });
        break;
      case 'raster':
        this.current.images.push({ widthDots: t.widthBytes * 8, height: t.height, data: t.data });
        break;
      case 'cut':
        this.finishJob(t.m === 0 || t.m === 48 || t.m === 65 ? 'full' : 'partial');
        break;
      default:
        break;
    }
  }

  // --- scripting --------------------------------------------------------------------------------

  private changed(): void {
    const next = this.status;
    const events = statusEvents(this.lastStatus, next);
    this.lastStatus = next;
    if (this.poweredOn && this.asbMask !== 0) this.sendAsb();
    for (const event of events) this.emit('status', { event, status: next });
    this.drain();
  }

  paperLow(): void {
    this.paper = 'low';
    this.changed();
  }
  paperOut(): void {
    this.paper = 'out';
    this.changed();
  }
  loadPaper(): void {
    this.paper = 'ok';
    this.changed();
  }
  openCover(): void {
    this.coverOpen = true;
    this.changed();
  }
  closeCover(): void {
    this.coverOpen = false;
    this.changed();
  }
  goOffline(): void {
    this.userOffline = true;
    this.changed();
  }
  comeOnline(): void {
    this.userOffline = false;
    this.changed();
  }
  setError(kind: PrinterErrorKind): void {
    this.error = kind;
    this.changed();
  }
  clearError(): void {
    this.error = null;
    this.changed();
  }
  setReplyMode(mode: ReplyMode): void {
    this.replyMode = mode;
  }
  /** Power off: the receive buffer and unprinted data are lost and nothing answers. */
  powerOff(): void {
    this.poweredOn = false;
    this.inbuf = new Uint8Array(0);
    this.queue.length = 0;
    this.current = SimulatedPrinter.emptyJob();
    this.line = '';
    this.asbMask = 0;
    this.changed();
  }
  powerOn(): void {
    this.poweredOn = true;
    this.codePageN = 0;
    this.userCharsOn = false;
    this.userDefined.clear();
    this.changed();
  }
}

function decodeBarcode(m: number, data: Uint8Array): string {
  if (m !== 73) return String.fromCharCode(...data);
  let set = 'B';
  let out = '';
  for (let i = 0; i < data.length; i++) {
    const b = data[i] ?? 0;
    if (b === 0x7b && i + 1 < data.length) {
      const nx = data[i + 1] ?? 0;
      i++;
      if (nx === 0x7b) out += '{';
      else if (nx === 0x41 || nx === 0x42 || nx === 0x43) set = String.fromCharCode(nx);
      continue;
    }
    out += set === 'C' ? String(b).padStart(2, '0') : String.fromCharCode(b);
  }
  return out;
}

export function createSimulatedPrinter(options?: SimulatedPrinterOptions): SimulatedPrinter {
  return new SimulatedPrinter(options);
}
