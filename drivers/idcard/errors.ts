/**
 * Typed errors of the card-reader driver (transport and read state machine). The protocol layer
 * has its own errors (./protocol/errors); this layer wraps them into the few outcomes a screen
 * must tell apart. Messages are English and never contain personal data.
 */
export type CardReadErrorCode =
  /** pcscd (the PC/SC service) is not running or not reachable. */
  | 'no-service'
  /** No card reader is connected (or none matches the configured name). */
  | 'no-reader'
  /** No card was placed on the reader in time. */
  | 'no-card'
  /** The card left the reader (or was reset) in the middle of a read. */
  | 'card-removed'
  /** The card has no ICAO eMRTD application: not a CCCD / passport chip. */
  | 'wrong-card'
  /** BAC failed with every key we had (wrong MRZ data or dates). */
  | 'bac-failed'
  /** No BAC key source at all: no MRZ, no QR, no typed dates. */
  | 'no-key'
  /** The card answered something we cannot use: bad MAC, malformed data, unexpected status. */
  | 'broken-card'
  /** The transport failed for another reason (reader error, protocol mismatch). */
  | 'transport'
  /** The read was cancelled (session ended). */
  | 'cancelled';

export class CardReadError extends Error {
  readonly code: CardReadErrorCode;
  constructor(code: CardReadErrorCode, message: string, options?: { cause?: unknown }) {
    super(message);
    this.name = 'CardReadError';
    this.code = code;
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

export function isCardReadError(e: unknown): e is CardReadError {
  return e instanceof CardReadError;
}
