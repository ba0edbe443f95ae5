/**
 * Waiting in tests for a state that sends no event (a status field, a counter): polls `cond` every
 * `everyMs` and fails after `ms`, naming what it waited for. Where an event exists, wait for the
 * event instead.
 */
export async function until(cond: () => boolean, what: string, ms = 5000, everyMs = 10): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
