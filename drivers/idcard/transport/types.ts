/**
 * The transport interface of the card reader: what the read state machine (../reader.ts) needs
 * from PC/SC, the simulator, or anything else that moves APDUs. Injected into the driver, the way
 * serialport injects its bindings.
 */
import { concat } from '../protocol/bytes';
export type CardProtocol = 'T=0' | 'T=1';

/** One connected card. */
export interface CardConnection {
  readonly reader: string;
  readonly protocol: CardProtocol;
  readonly atr: Uint8Array;
  /** Whether the reader and card take extended-length APDUs (known or configured). */
  readonly extendedLength: boolean;
  /**
   * Sends one command APDU and returns the whole response (data ‖ SW1 SW2). Under T=0 the
   * transport answers 61xx with GET RESPONSE and 6Cxx by resending with the right Le.
   * Throws CardReadError ('card-removed', 'no-service', 'transport').
   */
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
  /** Releases the card (never throws). */
  close(): Promise<void>;
}

export type ReaderEvent =
  | { type: 'reader-added'; reader: string }
  | { type: 'reader-removed'; reader: string }
  | { type: 'card-inserted'; reader: string; atr: Uint8Array }
  | { type: 'card-removed'; reader: string }
  | { type: 'service'; available: boolean; detail?: string };

export interface WaitForCardOptions {
  /** A substring of the reader name; the first reader with a card when absent. */
  reader?: string;
  /** How long to wait for a card (0: only a card that is already there). */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface CardReaderTransport {
  readonly kind: 'pcsc' | 'simulator';
  /** Reader names currently connected. */
  readers(): string[];
  /** Whether a card is in a reader whose name contains `reader` (any reader when absent). */
  cardPresent(reader?: string): boolean;
  on(listener: (event: ReaderEvent) => void): () => void;
  /** Waits for a card and connects to it. Throws CardReadError: no-service, no-reader, no-card, cancelled. */
  waitForCard(options: WaitForCardOptions): Promise<CardConnection>;
  close(): Promise<void>;
}

/**
 * T=0 status handling (ISO/IEC 7816-3/-4) around a raw send: 61xx → GET RESPONSE for xx bytes
 * (repeated while the card says more), 6Cxx → the same command again with Le = xx.
 */
export async function transmitT0(send: (apdu: Uint8Array) => Promise<Uint8Array>, apdu: Uint8Array): Promise<Uint8Array> {
  let response = await send(apdu);
  let sw1 = response[response.length - 2];
  if (sw1 === 0x6c && apdu.length >= 5) {
    const fixed = new Uint8Array(apdu);
    fixed[fixed.length - 1] = response[response.length - 1] as number;
    response = await send(fixed);
    sw1 = response[response.length - 2];
  }
  const parts: Uint8Array[] = [];
  let guard = 0;
  while (sw1 === 0x61 && guard++ < 256) {
    parts.push(response.subarray(0, response.length - 2));
    const le = response[response.length - 1] as number;
    response = await send(Uint8Array.of(0x00, 0xc0, 0x00, 0x00, le));
    sw1 = response[response.length - 2];
  }
  if (parts.length === 0) return response;
  parts.push(response);
  return concat(...parts);
}
