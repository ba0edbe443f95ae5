/** Pure idle-timer logic: what phase a session is in, given the last touch and now. */
export type IdlePhase = { phase: 'active' } | { phase: 'warning'; secondsLeft: number } | { phase: 'expired' };

/**
 * After `timeoutSeconds - warningSeconds` without a touch the warning shows, counting down the
 * seconds left (rounded up); at `timeoutSeconds` the session has expired.
 */
export function idlePhase(lastActivityMs: number, nowMs: number, timeoutSeconds: number, warningSeconds: number): IdlePhase {
  const elapsed = Math.max(0, nowMs - lastActivityMs);
  const timeoutMs = Math.max(1, timeoutSeconds) * 1000;
  if (elapsed >= timeoutMs) return { phase: 'expired' };
  const warnMs = Math.min(Math.max(0, warningSeconds), timeoutSeconds) * 1000;
  if (warnMs > 0 && elapsed >= timeoutMs - warnMs) {
    return { phase: 'warning', secondsLeft: Math.max(1, Math.ceil((timeoutMs - elapsed) / 1000)) };
  }
  return { phase: 'active' };
}

/** Screens where a resident reads for minutes without touching: they get the longer reading timeout. */
export const READING_SCREENS: ReadonlySet<string> = new Set([
  'procedure-detail',
  'announcements',
  'announcement',
  'dossier-status',
  'payment', // the resident pays on their phone meanwhile (issue 12)
]);

/** The idle timeout of a screen: the reading one on READING_SCREENS (never shorter than the normal one). */
export function idleTimeoutFor(screenName: string, timeoutSeconds: number, readingTimeoutSeconds: number | undefined): number {
  if (!READING_SCREENS.has(screenName) || readingTimeoutSeconds === undefined) return timeoutSeconds;
  return Math.max(timeoutSeconds, readingTimeoutSeconds);
}
