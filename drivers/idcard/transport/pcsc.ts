/**
 * PC/SC transport through the `pcsclite` npm binding (libpcsclite → pcscd). Reports reader
 * plug/unplug and card insert/remove, connects in shared mode with T=0 or T=1, and turns the
 * binding's error strings (`SCardTransmit error: Card was removed.(0x80100069)`) into typed
 * CardReadErrors. When pcscd is not running it says so ('no-service') and tries again on the next
 * wait, so a kiosk that boots before pcscd recovers on its own.
 */
import { createRequire } from 'node:module';
import { CardReadError, type CardReadErrorCode } from '../errors';
import { transmitT0, type CardConnection, type CardReaderTransport, type ReaderEvent, type WaitForCardOptions } from './types';

// Minimal shapes of the binding (its own index.d.ts uses `export =`, awkward under ESM).
interface PcscReader {
  name: string;
  state: number;
  connected: boolean;
  SCARD_SHARE_SHARED: number;
  SCARD_PROTOCOL_T0: number;
  SCARD_PROTOCOL_T1: number;
  SCARD_STATE_PRESENT: number;
  SCARD_STATE_EMPTY: number;
  SCARD_LEAVE_CARD: number;
  on(event: 'status', l: (s: { state: number; atr?: Buffer }) => void): void;
  on(event: 'end', l: () => void): void;
  on(event: 'error', l: (e: unknown) => void): void;
  connect(opts: { share_mode?: number; protocol?: number }, cb: (err: unknown, protocol: number) => void): void;
  disconnect(disposition: number, cb: (err: unknown) => void): void;
  transmit(data: Buffer, resLen: number, protocol: number, cb: (err: unknown, data: Buffer) => void): void;
  close(): void;
}
interface PcscContext {
  on(event: 'reader', l: (r: PcscReader) => void): void;
  on(event: 'error', l: (e: unknown) => void): void;
  close(): void;
}

/** PC/SC return codes we tell apart (pcsclite.h). */
const SCARD: Record<number, { code: CardReadErrorCode; text: string }> = {
  0x8010001d: { code: 'no-service', text: 'pcscd is not running (SCARD_E_NO_SERVICE)' },
  0x8010001e: { code: 'no-service', text: 'pcscd stopped (SCARD_E_SERVICE_STOPPED)' },
  0x80100013: { code: 'no-service', text: 'lost the connection to pcscd (SCARD_F_COMM_ERROR)' },
  0x8010002e: { code: 'no-reader', text: 'no card reader is connected (SCARD_E_NO_READERS_AVAILABLE)' },
  0x80100017: { code: 'no-reader', text: 'the card reader is unavailable (SCARD_E_READER_UNAVAILABLE)' },
  0x80100009: { code: 'no-reader', text: 'unknown card reader (SCARD_E_UNKNOWN_READER)' },
  0x8010000c: { code: 'card-removed', text: 'no card in the reader (SCARD_E_NO_SMARTCARD)' },
  0x80100069: { code: 'card-removed', text: 'the card was removed (SCARD_W_REMOVED_CARD)' },
  0x80100068: { code: 'card-removed', text: 'the card was reset (SCARD_W_RESET_CARD)' },
  0x80100067: { code: 'card-removed', text: 'the card is not powered (SCARD_W_UNPOWERED_CARD)' },
  0x80100066: { code: 'broken-card', text: 'the card does not answer (SCARD_W_UNRESPONSIVE_CARD)' },
  0x80100065: { code: 'broken-card', text: 'the card is not supported (SCARD_W_UNSUPPORTED_CARD)' },
  0x8010000f: { code: 'transport', text: 'protocol mismatch (SCARD_E_PROTO_MISMATCH)' },
  0x80100016: { code: 'card-removed', text: 'the transaction failed (SCARD_E_NOT_TRANSACTED)' },
  0x80100003: { code: 'transport', text: 'invalid handle (SCARD_E_INVALID_HANDLE)' },
};

/** Maps a pcsclite error to a CardReadError (exported for tests). */
export function pcscError(err: unknown, fallback: CardReadErrorCode = 'transport'): CardReadError {
  if (err instanceof CardReadError) return err;
  const text = err instanceof Error ? err.message : String(err);
  const m = /\(0x([0-9a-f]{8})\)/i.exec(text);
  const known = m ? SCARD[parseInt(m[1] as string, 16)] : undefined;
  if (known) return new CardReadError(known.code, known.text, { cause: err });
  if (/not connected/i.test(text)) return new CardReadError('card-removed', 'the card is no longer connected', { cause: err });
  return new CardReadError(fallback, `PC/SC error: ${text.slice(0, 200)}`, { cause: err });
}

export interface PcscTransportOptions {
  /** Extended-length APDUs are known to work on this reader and card (config maxApduChunk > 223). */
  extendedLength?: boolean;
  /** Diagnostics (English, no personal data). */
  log?: (level: 'debug' | 'info' | 'warn', message: string) => void;
  /** The binding; tests may pass another. Default: require('pcsclite'). */
  load?: () => () => PcscContext;
}

interface ReaderEntry {
  reader: PcscReader;
  present: boolean;
  atr: Uint8Array;
  /** The protocol of the current connection (the binding does not repeat it on a second connect). */
  protocol?: number | undefined;
}

function defaultLoad(): () => PcscContext {
  const require = createRequire(import.meta.url);
  return require('pcsclite') as () => PcscContext;
}

export function createPcscTransport(options: PcscTransportOptions = {}): CardReaderTransport {
  const log = options.log ?? (() => {});
  const listeners = new Set<(e: ReaderEvent) => void>();
  const entries = new Map<string, ReaderEntry>();
  const waiters = new Set<() => void>();
  let ctx: PcscContext | null = null;
  let serviceError: CardReadError | null = null;
  let closed = false;

  const emit = (e: ReaderEvent): void => {
    for (const l of [...listeners]) {
      try {
        l(e);
      } catch {
        /* a listener's failure is its own business */
      }
    }
    for (const w of [...waiters]) w();
  };

  const attach = (reader: PcscReader): void => {
    const entry: ReaderEntry = { reader, present: false, atr: new Uint8Array(0) };
    entries.set(reader.name, entry);
    log('info', `card reader connected: ${reader.name}`);
    emit({ type: 'reader-added', reader: reader.name });
    reader.on('error', (e) => log('warn', `reader ${reader.name}: ${pcscError(e).message}`));
    reader.on('status', (s) => {
      const present = (s.state & reader.SCARD_STATE_PRESENT) !== 0;
      if (present === entry.present) return;
      entry.present = present;
      entry.atr = present && s.atr ? new Uint8Array(s.atr) : new Uint8Array(0);
      emit(present ? { type: 'card-inserted', reader: reader.name, atr: entry.atr } : { type: 'card-removed', reader: reader.name });
    });
    reader.on('end', () => {
      entries.delete(reader.name);
      log('info', `card reader disconnected: ${reader.name}`);
      if (entry.present) emit({ type: 'card-removed', reader: reader.name });
      emit({ type: 'reader-removed', reader: reader.name });
    });
  };

  /** Opens the PC/SC context if it is not open; remembers why it could not. */
  const ensureContext = (): void => {
    if (ctx || closed) return;
    try {
      const factory = (options.load ?? defaultLoad)();
      const c = factory();
      c.on('reader', attach);
      c.on('error', (e) => {
        const err = pcscError(e, 'no-service');
        log('warn', `PC/SC: ${err.message}`);
        if (err.code === 'no-service') {
          serviceError = err;
          try {
            c.close();
          } catch {
            /* already gone */
          }
          if (ctx === c) ctx = null;
          for (const [, en] of entries) {
            if (!en.present) continue;
            en.present = false;
            emit({ type: 'card-removed', reader: en.reader.name });
          }
          entries.clear();
          emit({ type: 'service', available: false, detail: err.message });
        }
      });
      ctx = c;
      if (serviceError) emit({ type: 'service', available: true });
      serviceError = null;
    } catch (e) {
      const err = pcscError(e, 'no-service');
      if (!serviceError || serviceError.message !== err.message) log('warn', `PC/SC: ${err.message}`);
      serviceError = err;
    }
  };

  /** Resolves true as soon as the card is gone (or the reader is), false after `ms`. */
  const waitForRemoval = (entry: ReaderEntry, ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      const gone = (): boolean => !entry.present || !entries.has(entry.reader.name);
      if (gone()) return resolve(true);
      const check = (): void => {
        if (!gone()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(true);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        resolve(gone());
      }, ms);
      waiters.add(check);
    });

  /**
   * After an answer shorter than a status word: 'card-removed' when the card is gone (the removal
   * event, or a probe command the reader refuses because no card is there), 'broken-card' when
   * the card answers the probe. GET CHALLENGE is the probe: every eMRTD answers it, before and
   * after BAC, and it changes nothing on the chip (the read has failed anyway).
   */
  const classifyShortAnswer = async (entry: ReaderEntry, protocol: number): Promise<CardReadError> => {
    const removed = new CardReadError('card-removed', 'the card was removed');
    const broken = new CardReadError('broken-card', 'the card sent an answer shorter than a status word');
    if (!entries.has(entry.reader.name) || !entry.present) return removed;
    const probe = new Promise<'gone' | 'answered' | 'unknown'>((resolve) => {
      try {
        entry.reader.transmit(Buffer.from([0x00, 0x84, 0x00, 0x00, 0x08]), 258, protocol, (e, answer) => {
          if (e) {
            const code = pcscError(e).code;
            resolve(code === 'card-removed' || code === 'no-reader' || code === 'no-service' ? 'gone' : 'unknown');
          } else resolve(answer && answer.length >= 2 ? 'answered' : 'unknown');
        });
      } catch (e) {
        resolve(pcscError(e).code === 'card-removed' ? 'gone' : 'unknown');
      }
    });
    const event = waitForRemoval(entry, 3000).then((gone) => (gone ? ('gone' as const) : ('unknown' as const)));
    const first = await Promise.race([probe, event]);
    if (first === 'gone') return removed;
    if (first === 'answered') return broken;
    // One of them could not tell (the probe got an empty answer again, or no status change came
    // in 3 s): the other decides.
    const both = await Promise.all([probe, event]);
    return both.includes('gone') ? removed : broken;
  };

  const match = (name: string, want?: string): boolean => !want || name.toLowerCase().includes(want.toLowerCase());

  const connect = (entry: ReaderEntry): Promise<CardConnection> =>
    new Promise((resolve, reject) => {
      const r = entry.reader;
      r.connect({ share_mode: r.SCARD_SHARE_SHARED, protocol: r.SCARD_PROTOCOL_T0 | r.SCARD_PROTOCOL_T1 }, (err, protocol) => {
        if (err) return reject(pcscError(err, 'card-removed'));
        if (typeof protocol === 'number') entry.protocol = protocol;
        else if (entry.protocol !== undefined) protocol = entry.protocol;
        else return reject(new CardReadError('transport', 'the reader did not report a protocol'));
        const t0 = protocol === r.SCARD_PROTOCOL_T0;
        let open = true;
        const raw = (apdu: Uint8Array): Promise<Uint8Array> =>
          new Promise((res, rej) => {
            if (!open) return rej(new CardReadError('card-removed', 'the card connection is closed'));
            if (!entries.has(r.name) || !entry.present) return rej(new CardReadError('card-removed', 'the card was removed'));
            r.transmit(Buffer.from(apdu), 65538, protocol, (e, data) => {
              if (e) return rej(pcscError(e, 'transport'));
              if (!data || data.length < 2) {
                // Readers answer nothing when the card has just left the field. Tell a removed
                // card from a broken one by asking, not by racing pcscd's status poll (every
                // 400 ms, later under load): a second command fails on a card that is gone.
                void classifyShortAnswer(entry, protocol).then(rej);
                return;
              }
              res(new Uint8Array(data));
            });
          });
        resolve({
          reader: r.name,
          protocol: t0 ? 'T=0' : 'T=1',
          atr: entry.atr,
          extendedLength: options.extendedLength ?? false,
          transmit: (apdu) => (t0 ? transmitT0(raw, apdu) : raw(apdu)),
          close: () =>
            new Promise<void>((res) => {
              if (!open) return res();
              open = false;
              entry.protocol = undefined;
              try {
                r.disconnect(r.SCARD_LEAVE_CARD, () => res());
              } catch {
                res();
              }
            }),
        });
      });
    });

  return {
    kind: 'pcsc',
    readers() {
      ensureContext();
      return [...entries.keys()];
    },
    cardPresent(reader) {
      for (const [name, e] of entries) if (match(name, reader) && e.present) return true;
      return false;
    },
    on(listener) {
      listeners.add(listener);
      ensureContext();
      return () => listeners.delete(listener);
    },
    async waitForCard(opts: WaitForCardOptions): Promise<CardConnection> {
      ensureContext();
      const deadline = Date.now() + Math.max(0, opts.timeoutMs);
      // The binding reports readers and card state asynchronously after the context opens.
      const settleUntil = Date.now() + 300;
      for (;;) {
        if (opts.signal?.aborted) throw new CardReadError('cancelled', 'the read was cancelled');
        if (closed) throw new CardReadError('cancelled', 'the card reader was closed');
        ensureContext();
        const candidates = [...entries.values()].filter((e) => match(e.reader.name, opts.reader));
        const withCard = candidates.find((e) => e.present);
        if (withCard) return connect(withCard);
        const now = Date.now();
        if (now >= deadline && now >= settleUntil) {
          if (serviceError) throw serviceError;
          if (candidates.length === 0) {
            throw new CardReadError('no-reader', opts.reader ? `no card reader matches "${opts.reader}"` : 'no card reader is connected');
          }
          throw new CardReadError('no-card', 'no card was placed on the reader');
        }
        // Wait for any event, the deadline, or a periodic retry of the context (pcscd may start later).
        await new Promise<void>((resolve) => {
          const wake = (): void => {
            clearTimeout(timer);
            waiters.delete(wake);
            opts.signal?.removeEventListener('abort', wake);
            resolve();
          };
          const timer = setTimeout(wake, Math.max(10, Math.min(1000, Math.max(deadline, settleUntil) - Date.now())));
          waiters.add(wake);
          opts.signal?.addEventListener('abort', wake, { once: true });
        });
      }
    },
    async close() {
      closed = true;
      for (const w of [...waiters]) w();
      listeners.clear();
      for (const [, e] of entries) {
        try {
          e.reader.close();
        } catch {
          /* ignore */
        }
      }
      entries.clear();
      try {
        ctx?.close();
      } catch {
        /* ignore */
      }
      ctx = null;
    },
  };
}
