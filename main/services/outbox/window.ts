/**
 * How much the outbox keeps in flight on the kiosk's link (issue 15 item 1): enough bytes for the
 * link's bandwidth-delay product, no more, so a slow link is kept busy without a standing queue
 * that would delay a resident's lookup.
 *
 * The model is BBR's (Cardwell et al., "BBR: Congestion-Based Congestion Control", ACM Queue
 * 2016), at the level of HTTP requests and outbox rows rather than packets:
 * - the bottleneck rate is the best *delivery rate* seen lately: for each request answered, the
 *   bytes answered since the last answer before it began, over the time since that answer (BBR's
 *   delivery rate: counting from the request's own start instead overestimates by one request);
 *   a max filter over 10 s, so a link that became slower is noticed. The interval is the longer
 *   of that and the time between the starts of the last request answered and this one (BBR's
 *   send_elapsed): answers that arrive bunched (several requests on one HTTP/2 connection) must
 *   not read as a faster link;
 * - the round trip is the shortest small request's (a HEAD, a dossier's JSON, the capabilities
 *   check) in the last five minutes, kept when the link drops (it mostly comes back the same). The
 *   minimum never follows queueing upwards (the feedback that made the first attempt's window
 *   grow without bound: docs/uploads.md);
 * - what is in flight is the bytes of the requests sent and not yet answered, not whole rows: a
 *   row waiting for its upload's answer, or sending its dossier's small JSON, leaves the link to
 *   the next row's upload (counting whole rows made the rows go in waves with the link idle
 *   between them);
 * - the window is `gain x rate x round trip`, plus one row: the link is kept full, with a quarter
 *   more so the rate can be seen to grow;
 * - lookups first: while a resident uses the kiosk (a request of theirs in the last half
 *   minute: main/api/priority.ts) the window is the bandwidth-delay product and one row, with no
 *   startup burst, so what the outbox queues at the link is one row's bytes at most, and a
 *   resident's request waits behind that, not behind the whole window;
 * - startup: until the rate stops growing (less than 25% in three round trips) the gain
 *   is 2, so an unknown link is filled in a round trip or two rather than many.
 *
 * Pure: times are passed in (ms, any monotonic origin), nothing here does I/O or reads a clock.
 */

export interface WindowSettings {
  /** Bytes, and rows, allowed in flight before the link is measured. */
  initialBytes: number;
  initialRows: number;
  /** Never fewer bytes than this (one small row always fits). */
  minBytes: number;
  /** A request with fewer bytes gives no rate sample (its time is its round trip). */
  sampleMinBytes: number;
  /** Never more rows than this, whatever the bytes say. */
  maxRows: number;
  /** The window's gain over the bandwidth-delay product, and while the rate still grows (startup). */
  gain: number;
  startupGain: number;
  /** How long a rate sample stays in the max filter, and the shortest round trip in the min filter. */
  rateWindowMs: number;
  rttWindowMs: number;
  /**
   * A long body is paced at this share of the rate. The max filter reads a little high (noise
   * only ever raises it: 0.5–1% here), and a body paced above the line's rate builds a queue at
   * the link that the next drop loses with it (measured: 35 KB a drop on the 1 Mbit/s link
   * instead of the 12.5 KB on the line). 3% under drains it; BBR's pacing cycle (1.25, 0.75,
   * then 1 for six round trips) averages the same for the same reason.
   */
  pacingGain: number;
}

export const DEFAULT_WINDOW: WindowSettings = {
  initialBytes: 64 * 1024,
  initialRows: 4,
  minBytes: 16 * 1024,
  sampleMinBytes: 4 * 1024,
  maxRows: 32,
  gain: 1.25,
  startupGain: 2,
  rateWindowMs: 10_000,
  rttWindowMs: 300_000,
  pacingGain: 0.97,
};

/**
 * A request in flight: what was delivered when it began, and when the last of that was (BBR's
 * `delivered` and `delivered_time`; the time the request began when nothing was in flight).
 */
export interface RequestMark {
  readonly deliveredBefore: number;
  readonly deliveredAt: number;
  /** Nothing else was in flight when it began: its interval holds one round trip of waiting. */
  readonly alone: boolean;
  /** It began while the window was held at the product for a resident: its rate may be the window's, not the link's. */
  readonly held: boolean;
  /** When it began, and when the request answered last before it had begun (BBR's `first_sent_time`). */
  readonly sentAt: number;
  readonly firstSentAt: number;
}

export interface LinkFigures {
  /** Bottleneck rate, bytes/s (0 while unknown). */
  bytesPerSecond: number;
  /** The link's round trip without queueing, ms (null while unknown). */
  rttMs: number | null;
  /** Bytes the window allows in flight now. */
  windowBytes: number;
  /** Still finding the link's rate (the larger gain). */
  startup: boolean;
}

export interface LinkWindow {
  /** A request starts now; `resident`: while a resident uses the kiosk (the window held at the product). */
  begin(now: number, resident?: boolean): RequestMark;
  /** That request was answered having delivered `bytes` upstream (body and headers); 0 when it failed. */
  end(mark: RequestMark, bytes: number, now: number): void;
  /** A small request's round trip, ms, answered at `now`. */
  rtt(ms: number, now: number): void;
  /** A row was delivered: `bytes` in all. */
  row(bytes: number): void;
  /** Whether a row whose first request sends `bytes` may start, with `inFlightBytes` sent and unanswered in `rows` rows. */
  admits(rowBytes: number, inFlightBytes: number, rows: number, resident: boolean): boolean;
  /** The rate to pace one long upload body at (a little under the link's), bytes/s (0: unknown, unpaced). */
  pacingRate(): number;
  /** How long `bytes` queued ahead of a request take at the link's rate, ms (0 while unknown). */
  queueMs(bytes: number): number;
  /**
   * The link was lost: the window starts again from startup (what comes back may be another
   * cell); the rate seen is kept for pacing an upload that resumes (the max filter forgets it in
   * 10 s if the link is slower now).
   */
  lost(): void;
  figures(): LinkFigures;
}

export function createLinkWindow(settings: WindowSettings = DEFAULT_WINDOW): LinkWindow {
  let delivered = 0;
  let deliveredAt = 0;
  let outstanding = 0;
  /** When the request answered last had begun. */
  let lastSentAt = 0;
  /** Rate samples (bytes/s) with the time they were taken, newest last. */
  let samples: Array<{ at: number; rate: number }> = [];
  let lastRate = 0;
  let rtt: number | null = null;
  let rttAt = 0;
  let rowBytes = 0;
  /** Startup: the rate last seen growing by a quarter, and when. */
  let startup = true;
  let fullRate = 0;
  let grewAt = 0;

  const rate = (): number => (samples.length ? Math.max(...samples.map((s) => s.rate)) : lastRate);

  function windowBytes(resident = false): number {
    const r = rate();
    if (r === 0 || rtt === null) return settings.initialBytes;
    const bdp = (r * rtt) / 1000;
    // In startup the rate seen is what the window let through: never below where it started.
    if (startup && !resident) return Math.max(settings.initialBytes, Math.round(settings.startupGain * bdp + rowBytes));
    return Math.max(settings.minBytes, Math.round((resident ? 1 : settings.gain) * bdp + rowBytes));
  }

  return {
    begin(now, resident = false) {
      const alone = outstanding === 0;
      if (alone) {
        deliveredAt = now;
        lastSentAt = now;
      }
      outstanding += 1;
      return { deliveredBefore: delivered, deliveredAt, alone, held: resident, sentAt: now, firstSentAt: lastSentAt };
    },
    end(mark, bytes, now) {
      outstanding = Math.max(0, outstanding - 1);
      if (bytes <= 0) return;
      delivered += bytes;
      deliveredAt = now;
      lastSentAt = mark.sentAt;
      // A small request says nothing of the rate (its time is the round trip: app-limited).
      if (bytes < settings.sampleMinBytes) return;
      // A request alone on the link: its bytes took its time less the round trip.
      const ms = Math.max(now - mark.deliveredAt - (mark.alone && rtt !== null ? rtt : 0), mark.sentAt - mark.firstSentAt);
      // An interval of a few ms says nothing about a link (a local error, a cached answer).
      if (ms < 5) return;
      const r = ((delivered - mark.deliveredBefore) / ms) * 1000;
      // A sample taken while the window was held for a resident (no headroom above the product)
      // shows the window, not the link: it may raise the estimate, never let it decay (BBR's
      // app-limited samples). Otherwise the held window would shrink with its own measure.
      if (mark.held && r < rate()) return;
      samples.push({ at: now, rate: r });
      samples = samples.filter((s) => now - s.at <= settings.rateWindowMs);
      lastRate = rate();
      if (!startup) return;
      if (lastRate >= fullRate * 1.25) {
        fullRate = lastRate;
        grewAt = now;
      } else if (rtt !== null && now - grewAt > 3 * rtt) startup = false;
    },
    rtt(ms, now) {
      if (ms <= 0) return;
      if (rtt === null || ms < rtt || now - rttAt > settings.rttWindowMs) {
        rtt = ms;
        rttAt = now;
      }
    },
    row(bytes) {
      rowBytes = rowBytes === 0 ? bytes : rowBytes * 0.8 + bytes * 0.2;
    },
    admits(size, inFlightBytes, rows, resident) {
      if (rows === 0) return true;
      if (rows >= settings.maxRows) return false;
      if ((rate() === 0 || rtt === null) && rows >= settings.initialRows) return false;
      return inFlightBytes + size <= windowBytes(resident);
    },
    pacingRate: () => rate() * settings.pacingGain,
    queueMs: (bytes) => (rate() > 0 ? Math.ceil((bytes / rate()) * 1000) : 0),
    lost() {
      startup = true;
      fullRate = 0;
    },
    figures: () => ({
      startup,
      bytesPerSecond: Math.round(rate()),
      rttMs: rtt === null ? null : Math.round(rtt),
      windowBytes: windowBytes(),
    }),
  };
}
