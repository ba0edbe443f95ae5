/**
 * Typed errors of the CCCD / eMRTD protocol layer. Every parser and builder in this folder throws
 * only subclasses of {@link IdCardProtocolError}. Messages never contain personal data (no MRZ
 * text, names or numbers): only which check or structure failed.
 */
export class IdCardProtocolError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

export type TlvErrorCode = 'truncated' | 'bad-length' | 'bad-tag' | 'too-deep' | 'trailing-data' | 'too-large';

/** BER-TLV structure problems (truncated input, unsupported length forms, garbage). */
export class TlvError extends IdCardProtocolError {
  declare readonly code: TlvErrorCode;
  readonly offset: number;
  constructor(code: TlvErrorCode, message: string, offset: number) {
    super(code, `${message} (at byte ${offset})`);
    this.offset = offset;
  }
}

/** Which MRZ check failed. */
export type MrzCheck = 'format' | 'charset' | 'documentNumber' | 'birthDate' | 'expiryDate' | 'personalNumber' | 'composite' | 'personalId';

export class MrzError extends IdCardProtocolError {
  declare readonly code: MrzCheck;
  constructor(check: MrzCheck, message: string) {
    super(check, message);
  }
  /** The check that failed (same as `code`). */
  get check(): MrzCheck {
    return this.code;
  }
}

export type CryptoErrorCode = 'bad-key' | 'bad-length' | 'bad-padding' | 'unavailable';
export class CryptoError extends IdCardProtocolError {
  declare readonly code: CryptoErrorCode;
  constructor(code: CryptoErrorCode, message: string) {
    super(code, message);
  }
}

export type BacErrorCode = 'bad-input' | 'bad-response-length' | 'bad-mac' | 'rnd-icc-mismatch' | 'rnd-ifd-mismatch';
export class BacError extends IdCardProtocolError {
  declare readonly code: BacErrorCode;
  constructor(code: BacErrorCode, message: string) {
    super(code, message);
  }
}

export type SmErrorCode = 'bad-command' | 'malformed-response' | 'missing-mac' | 'bad-mac' | 'missing-status' | 'bad-padding';
/** Secure messaging failure. `sw` is the plain status word when the card sent one. */
export class SmError extends IdCardProtocolError {
  declare readonly code: SmErrorCode;
  readonly sw: number | undefined;
  constructor(code: SmErrorCode, message: string, sw?: number) {
    super(code, message);
    this.sw = sw;
  }
}

export type ApduErrorCode = 'bad-argument' | 'bad-response';
export class ApduError extends IdCardProtocolError {
  declare readonly code: ApduErrorCode;
  constructor(code: ApduErrorCode, message: string) {
    super(code, message);
  }
}

export type DgErrorCode = 'bad-structure' | 'wrong-tag' | 'no-image';
/** A data group that does not have the expected structure. `cause` keeps a TlvError when there is one. */
export class DgError extends IdCardProtocolError {
  declare readonly code: DgErrorCode;
  constructor(code: DgErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message);
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}
