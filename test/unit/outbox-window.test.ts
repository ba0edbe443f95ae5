/**
 * The outbox's link window (issue 15 item 1, main/services/outbox/window.ts): the rate and round
 * trip it learns from requests, the window it allows, startup, and lookups first. Pure: the
 * times are given.
 */
import { describe, expect, it } from 'vitest';
import { createLinkWindow, DEFAULT_WINDOW } from '../../main/services/outbox/window';

/**
 * Requests of `bytes` each sent back to back on a link of `rate` bytes/s from `t0`, each answered
 * one round trip after its last byte left: the begins and ends in time order, as on a link.
 * Answers when the last one was answered.
 */
function feed(w: ReturnType<typeof createLinkWindow>, rate: number, bytes: number, n: number, t0: number, rtt: number): number {
  const ser = (bytes / rate) * 1000;
  const events: Array<{ at: number; i: number; kind: 'begin' | 'end' }> = [];
  for (let i = 0; i < n; i++) {
    events.push({ at: t0 + i * ser, i, kind: 'begin' });
    events.push({ at: t0 + (i + 1) * ser + rtt, i, kind: 'end' });
  }
  events.sort((a, b) => a.at - b.at || (a.kind === 'end' ? -1 : 1));
  const marks = new Map<number, ReturnType<typeof w.begin>>();
  for (const e of events) {
    if (e.kind === 'begin') marks.set(e.i, w.begin(e.at));
    else w.end(marks.get(e.i)!, bytes, e.at);
  }
  return events.at(-1)!.at;
}

describe('link window', () => {
  it('starts at the initial window and admits one row whatever its size', () => {
    const w = createLinkWindow();
    expect(w.figures()).toMatchObject({ bytesPerSecond: 0, rttMs: null, windowBytes: DEFAULT_WINDOW.initialBytes, startup: true });
    expect(w.admits(5_000_000, 0, 0, false)).toBe(true);
    expect(w.admits(10_000, 60 * 1024, 1, false)).toBe(false);
    expect(w.admits(10_000, 30 * 1024, 3, false)).toBe(true);
    // Until the link is measured, no more rows than `initialRows` (the outbox's `concurrency`).
    expect(w.admits(1_000, 4_000, DEFAULT_WINDOW.initialRows, false)).toBe(false);
  });

  it('learns the rate (max filter) and the round trip (min filter), and sizes the window from them', () => {
    const w = createLinkWindow();
    w.rtt(1600, 0);
    w.rtt(2400, 10); // queueing: not the link's round trip
    const end = feed(w, 32_000, 9_000, 20, 0, 1600);
    w.row(9_000);
    const f = w.figures();
    expect(f.rttMs).toBe(1600);
    // Back to back at 32 000 B/s: the delivery rate is the link's (within the request's own round trip).
    expect(f.bytesPerSecond).toBeGreaterThan(25_000);
    expect(f.bytesPerSecond).toBeLessThanOrEqual(32_000);
    // Startup ends once the rate stops growing for three round trips.
    const later = feed(w, 32_000, 9_000, 30, end, 1600);
    expect(w.figures().startup).toBe(false);
    const bdp = (w.figures().bytesPerSecond * 1600) / 1000;
    expect(w.figures().windowBytes).toBe(Math.round(DEFAULT_WINDOW.gain * bdp + 9_000));
    expect(later).toBeGreaterThan(end);
  });

  it('in startup the window is twice the product (never below the initial one)', () => {
    const w = createLinkWindow();
    w.rtt(1600, 0);
    feed(w, 32_000, 9_000, 5, 0, 1600);
    w.row(9_000);
    const f = w.figures();
    expect(f.startup).toBe(true);
    expect(f.windowBytes).toBe(Math.max(DEFAULT_WINDOW.initialBytes, Math.round(DEFAULT_WINDOW.startupGain * ((f.bytesPerSecond * 1600) / 1000) + 9_000)));
  });

  it('lookups first: while a resident uses the kiosk the window is the product and one row, with no startup burst', () => {
    const w = createLinkWindow();
    w.rtt(1600, 0);
    feed(w, 32_000, 9_000, 5, 0, 1600);
    w.row(9_000);
    const rate = w.figures().bytesPerSecond;
    const lean = Math.round((rate * 1600) / 1000 + 9_000);
    expect(w.admits(9_000, lean - 9_000, 3, true)).toBe(true);
    expect(w.admits(9_000, lean - 8_000, 3, true)).toBe(false);
    // The same in flight is admitted when nobody is at the kiosk (startup's gain).
    expect(w.admits(9_000, lean - 8_000, 3, false)).toBe(true);
  });

  it('forgets the round trip after five minutes without a shorter one, and the rate when the link is lost', () => {
    const w = createLinkWindow();
    w.rtt(100, 0);
    w.rtt(300, 1_000);
    expect(w.figures().rttMs).toBe(100);
    w.rtt(300, DEFAULT_WINDOW.rttWindowMs + 1);
    expect(w.figures().rttMs).toBe(300);
    feed(w, 32_000, 9_000, 5, 400_000, 300);
    w.lost();
    // The rate stays for pacing a long upload; the window starts over (startup, initial size).
    expect(w.figures().startup).toBe(true);
    expect(w.pacingRate()).toBeGreaterThan(0);
  });

  it('a rate seen while the window is held for a resident may raise the estimate, never lower it', () => {
    const w = createLinkWindow();
    w.rtt(1600, 0);
    feed(w, 32_000, 9_000, 10, 0, 1600);
    const before = w.figures().bytesPerSecond;
    // Held at the product: a slower delivery shows the window, not the link.
    const m = w.begin(60_000, true);
    w.end(m, 9_000, 62_000);
    expect(w.figures().bytesPerSecond).toBe(before);
    // Not held: the same slower sample counts (the link may have become slower).
    const m2 = w.begin(80_000, false);
    w.end(m2, 9_000, 82_000);
    expect(w.figures().bytesPerSecond).toBeLessThan(before);
  });

  it('never admits more than maxRows rows', () => {
    const w = createLinkWindow({ ...DEFAULT_WINDOW, initialBytes: 10_000_000, initialRows: 1_000 });
    expect(w.admits(1, 0, DEFAULT_WINDOW.maxRows - 1, false)).toBe(true);
    expect(w.admits(1, 0, DEFAULT_WINDOW.maxRows, false)).toBe(false);
  });

  it('a request of a few ms says nothing about the link', () => {
    const w = createLinkWindow();
    const m = w.begin(0);
    w.end(m, 100_000, 2);
    expect(w.figures().bytesPerSecond).toBe(0);
  });
  it('answers that arrive bunched do not read as a faster link (the interval is at least the time between starts)', () => {
    // A link of 10 000 B/s. Three uploads of 10 000 B start together with a small request; the
    // small one is answered at 2.9 s, a fourth upload starts then, and the four answers arrive
    // bunched (3 s, then 4 s), as when several requests share one HTTP/2 connection. Counted from
    // the small answer alone, the fourth's sample would be 40 000 B in 1.1 s: 36 000 B/s.
    const w = createLinkWindow();
    const a = w.begin(0);
    const b = w.begin(0);
    const c = w.begin(0);
    const x = w.begin(0);
    w.end(x, 300, 2900);
    const d = w.begin(2900);
    w.end(a, 10_000, 3000);
    w.end(b, 10_000, 3000);
    w.end(c, 10_000, 3000);
    w.end(d, 10_000, 4000);
    expect(w.figures().bytesPerSecond).toBeGreaterThan(9_000);
    expect(w.figures().bytesPerSecond).toBeLessThan(15_000);
  });
});
