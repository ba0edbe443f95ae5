/**
 * Limits on printing, against a stream of slips: a resident tapping "In" fifteen times, or a page
 * gone wrong asking again and again. A slip prints once; the same slip again only after a pause,
 * and a few times at most; and one resident's session prints a bounded number of slips. Main
 * enforces this (the page cannot), and the counts go with the session.
 *
 * Pure: the clock is injected, nothing is printed here.
 */
import type { PrinterConfig } from '../../../kiosk-config/schema';

export type PrintLimitVerdict =
  { ok: true } | { ok: false; reason: 'too_soon'; retryAfterMs: number } | { ok: false; reason: 'document_limit' | 'session_limit' };

export interface PrintLimiter {
  /** Asks to print the slip `key` (e.g. `status:<dossier code>`); counts it when allowed. */
  take(key: string): PrintLimitVerdict;
  /** A new resident: every count starts again. */
  reset(): void;
}

export function createPrintLimiter(limits: PrinterConfig['limits'], now: () => number = Date.now): PrintLimiter {
  const documents = new Map<string, { count: number; last: number }>();
  let total = 0;
  return {
    take(key) {
      const seen = documents.get(key);
      if (seen) {
        const wait = seen.last + limits.repeatAfterSeconds * 1000 - now();
        if (seen.count >= limits.maxPerDocument) return { ok: false, reason: 'document_limit' };
        if (wait > 0) return { ok: false, reason: 'too_soon', retryAfterMs: wait };
      }
      if (total >= limits.maxPerSession) return { ok: false, reason: 'session_limit' };
      total += 1;
      documents.set(key, { count: (seen?.count ?? 0) + 1, last: now() });
      return { ok: true };
    },
    reset() {
      documents.clear();
      total = 0;
    },
  };
}

/** English text for logs and the error message (the UI shows its own Vietnamese text by code). */
export function describeRefusal(v: Exclude<PrintLimitVerdict, { ok: true }>): string {
  switch (v.reason) {
    case 'too_soon':
      return `this slip was printed a moment ago; it can be printed again in ${Math.ceil(v.retryAfterMs / 1000)} s`;
    case 'document_limit':
      return 'this slip has been printed as many times as a session allows';
    case 'session_limit':
      return 'this session has printed as many slips as it may';
  }
}
