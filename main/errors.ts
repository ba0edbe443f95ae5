/**
 * The error a service throws on purpose: its code (one of the contract's `ErrorCode`s) and its
 * English message go to the UI as they are, which shows the Vietnamese text for the code. Any
 * other error is a bug: the router logs it and answers `internal`, never a stack trace.
 *
 * It lives here, not in the router, so that services depend on the contract's codes only, not on
 * the bridge that carries them (issue 10 item 6).
 */
import type { ErrorCode } from './ipc/contract';

export class KioskError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KioskError';
  }
}
