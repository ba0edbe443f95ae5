import { ApiError } from '../api/client';
import { KioskError } from '../errors';

/** Turns a backend failure into the error the UI shows (English message; the UI translates by code). */
export function toKioskError(err: unknown): unknown {
  if (!(err instanceof ApiError)) return err;
  switch (err.kind) {
    case 'offline':
      return new KioskError('offline', 'The public-service system cannot be reached', { cause: err });
    case 'timeout':
      return new KioskError('timeout', 'The public-service system did not answer in time', { cause: err });
    case 'not_found':
      return new KioskError('not_found', 'Not found', { cause: err });
    case 'rejected':
      return new KioskError('rejected', err.problem?.title ?? 'The request was refused', { cause: err });
    case 'server_error':
      return new KioskError('server_error', 'The public-service system failed', { cause: err });
  }
}

/** Runs a backend call and rethrows its failure as a KioskError. */
export async function viaBackend<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toKioskError(err);
  }
}
