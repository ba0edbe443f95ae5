/**
 * The hall display's service (issue 13, item 6): follows the queue's event stream, keeps what the
 * hall's screen shows (now calling, the last calls, people waiting per service, the announcements
 * as a ticker), pushes it to the page as `hall.update`, and calls each new call aloud through the
 * announcer (drivers/voice/) when the voice is on.
 *
 * State: on the first start, whenever the stream comes back after it was down, and every 30 s
 * under it, the services and the counters are fetched again; events resume after the last
 * applied id (Last-Event-ID), so calls made while the link was down still reach the list. A
 * backend whose events started over (restarted in memory: ids from 1 again) is noticed either by
 * an id going back or by a counter calling a ticket no event announced; the display then
 * resubscribes from live events. A call older than
 * `voice.sayIfNewerThanSeconds` when it arrives is shown, never said (nobody waits for it now).
 */
import { join } from 'node:path';
import type { DisplayConfig } from '../../../kiosk-config/hall';
import { allCallWords } from '../../../common/vietnamese-numbers';
import {
  composeCall,
  createAnnouncer,
  findPlayer,
  silentSink,
  type Announcer,
  type ComposedCall,
  type Sink,
  type TimelineEntry,
} from '../../../drivers/voice/announcer';
import { prepareClips, type ClipSet } from '../../../drivers/voice/clips';
import type { QueueEvent, QueueService, Counter } from '../../api/queue';
import type { KioskEvents } from '../../events';
import type { LoopHealth } from '../../ipc/contract';
import type { Logger } from '../../log';
import type { HallBackend, EventStream, StreamState } from './backend';
import { followQueueEvents } from './backend';
import type { HallCall, HallView } from './contract';

export interface HallService {
  start(): void;
  stop(): Promise<void>;
  view(): HallView;
  health(): LoopHealth;
  /** The voice as diagnostics show it: `ok` when calls are said, `stopped` with the reason when off. */
  voiceHealth(): LoopHealth;
  /** The voice's clip set is ready (or known to be off). Resolves once. */
  voiceReady(): Promise<void>;
  /** Calls said, in order (for tests and diagnostics). */
  timeline(): readonly TimelineEntry[];
  /** Fires when a call's audio is composed (first sample ready) — the benchmark's mark. */
  onComposed(listener: (call: ComposedCall, eventId: number) => void): () => void;
  /** The underlying stream (tests drop it to prove the catch-up). */
  stream: EventStream;
}

export interface HallDeps {
  backend: HallBackend;
  baseUrl: string;
  token: string;
  config: DisplayConfig;
  dataDir: string;
  events: KioskEvents;
  log: Logger;
  announcements: () => Promise<{ items: Array<{ title: string }> }>;
  /** Say calls aloud (the display profile); the counter follows the stream silently. */
  speak: boolean;
  /** Where the sound goes; default: paplay/aplay if present, else a silent sink that keeps time. */
  sink?: Sink | undefined;
  now?: (() => Date) | undefined;
  /** How often the services and counters are fetched again under the stream (default 30 s). */
  resyncMs?: number | undefined;
}

/** A call the snapshot shows and no event brought is "missed" after this long (not an event in flight). */
const MISSED_GRACE_MS = 2_000;

export function createHallService(deps: HallDeps): HallService {
  const now = deps.now ?? (() => new Date());
  const cfg = deps.config;
  const shown = (serviceId: string) => cfg.services.length === 0 || cfg.services.includes(serviceId);
  let services: QueueService[] = [];
  let calls: HallCall[] = [];
  let connected = false;
  let loaded = false;
  let ticker: string[] = [];
  let updatedAt: string | null = null;
  let lastId: number | undefined;
  let needSnapshot = true;
  let voice: { on: boolean; reason?: string } = { on: false, reason: 'starting' };
  let clips: ClipSet | undefined;
  let announcer: Announcer | undefined;
  const composedListeners = new Set<(call: ComposedCall, eventId: number) => void>();
  let tickerTimer: NodeJS.Timeout | undefined;
  let snapshotRunning: Promise<void> | undefined;
  let stopped = false;
  /** Tickets some event named; tickets a snapshot showed called with no event yet, since when. */
  const announced = new Set<string>();
  const unannounced = new Map<string, number>();
  let skewMs: number | undefined;
  let preparing = false;
  const early: HallCall[] = [];
  let resyncTimer: NodeJS.Timeout | undefined;

  const view = (): HallView => ({
    connected,
    loaded,
    nowCalling: calls[0] ?? null,
    recent: calls.slice(1, 1 + cfg.recentCalls),
    waiting: services.filter((s) => shown(s.id)).map((s) => ({ serviceId: s.id, name: s.name, prefix: s.prefix, waiting: s.waiting, open: s.open })),
    ticker,
    voice,
    updatedAt,
  });
  const push = () => {
    updatedAt = now().toISOString();
    deps.events.emit('hall.update', view());
  };

  async function snapshot(): Promise<void> {
    const [list, counters] = await Promise.all([deps.backend.services(), deps.backend.counters()]);
    services = list.items;
    // Calls known from the counters (the ticket each counter has called or serves now), for a
    // display that starts in the middle of the day; events then add to them.
    const fromCounters = counters
      .filter((c): c is Counter & { current: NonNullable<Counter['current']> } => c.current !== null && shown(c.current.serviceId))
      .map((c) => ({
        call: {
          eventId: 0,
          ticketId: c.current.id,
          number: c.current.number,
          counter: c.number,
          serviceName: c.current.serviceName,
          at: c.current.issuedAt,
          recall: false,
        },
        called: c.current.state === 'called',
      }));
    const known = new Set(calls.map((c) => c.ticketId));
    // Calls the snapshot shows while the stream is up, and no event has brought (yet).
    const nowMs = Date.now();
    if (loaded && connected)
      for (const c of fromCounters)
        if (c.called && !announced.has(c.call.ticketId) && !unannounced.has(c.call.ticketId)) unannounced.set(c.call.ticketId, nowMs);
    const missed = fromCounters.filter((c) => c.called && (unannounced.get(c.call.ticketId) ?? nowMs) < nowMs - MISSED_GRACE_MS);
    if (missed.length > 0) {
      // A counter calls a ticket the stream never told us about, for longer than an event takes:
      // the backend's events started over (a restarted backend keeps silent about ids below our
      // Last-Event-ID). Resubscribe from live events; the snapshot already shows the call.
      deps.log.warn('hall', `the event stream missed ${missed.map((m) => m.call.number).join(', ')}: the backend's events started over; resubscribing`);
      unannounced.clear();
      lastId = undefined;
      stream.drop();
    }
    calls = [...calls, ...fromCounters.filter((c) => !known.has(c.call.ticketId)).map((c) => c.call)].slice(0, cfg.recentCalls + 1);
    loaded = true;
    needSnapshot = false;
  }

  function refreshSnapshot(): void {
    if (snapshotRunning) return;
    snapshotRunning = snapshot()
      .then(push)
      .catch((err: unknown) => deps.log.warn('hall', `could not load the queue's state: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        snapshotRunning = undefined;
      });
  }

  function applyEvent(e: QueueEvent): void {
    // The backend's clock against ours: the smallest (our now − the event's time) seen is the
    // offset plus the quickest delivery, so a late call is judged by its delay, not by the clocks.
    const raw = now().getTime() - Date.parse(e.at);
    if (Number.isFinite(raw)) skewMs = skewMs === undefined ? raw : Math.min(skewMs, raw);
    if (e.ticket) {
      announced.add(e.ticket.id);
      unannounced.delete(e.ticket.id);
      if (announced.size > 5000) announced.clear();
    }
    if (lastId !== undefined && e.id <= lastId) {
      // The stream resumes after lastId, so an older id means the backend's events started over
      // (a restarted backend): what we hold is not to be trusted; start again from a snapshot.
      deps.log.warn('hall', `queue event ${e.id} after ${lastId}: the backend's events started over; reloading`);
      calls = [];
      needSnapshot = true;
    }
    lastId = e.id;
    for (const s of services) if (e.waiting[s.id] !== undefined) s.waiting = e.waiting[s.id]!;
    if ((e.type === 'ticket.called' || e.type === 'ticket.recalled') && e.ticket && shown(e.ticket.serviceId)) {
      const counter = e.counter ?? e.ticket.counter;
      if (counter) {
        const call: HallCall = {
          eventId: e.id,
          ticketId: e.ticket.id,
          number: e.ticket.number,
          counter,
          serviceName: e.ticket.serviceName,
          at: e.at,
          recall: e.type === 'ticket.recalled',
        };
        calls = [call, ...calls.filter((c) => c.ticketId !== call.ticketId)].slice(0, cfg.recentCalls + 1);
        say(call);
      }
    }
    if (e.type === 'counter.changed' || (e.ticket && !services.some((s) => s.id === e.ticket!.serviceId))) needSnapshot = true;
    push();
    if (needSnapshot) refreshSnapshot();
  }

  function say(call: HallCall): void {
    if (deps.speak && preparing) {
      // The clips are still being rendered (first start): said when they are ready, if still fresh.
      early.push(call);
      return;
    }
    if (!deps.speak || !clips || !announcer || !voice.on) return;
    const age = (now().getTime() - Date.parse(call.at) - (skewMs ?? 0)) / 1000;
    if (age > cfg.voice.sayIfNewerThanSeconds) {
      deps.log.info('hall', `call ${call.number} → quầy ${call.counter} is ${Math.round(age)} s old: shown, not said`);
      return;
    }
    let composed: ComposedCall;
    try {
      composed = composeCall(clips, call.number, call.counter, {
        style: cfg.voice.reading,
        zeroTens: cfg.voice.zeroTens,
        thousand: cfg.voice.thousand,
        volume: cfg.voice.volume,
      });
    } catch (err) {
      deps.log.warn('hall', `could not compose the call ${call.number}: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    for (const l of composedListeners) l(composed, call.eventId);
    void announcer.announce(composed).catch(() => {});
  }

  const stream = followQueueEvents({
    baseUrl: deps.baseUrl,
    token: deps.token,
    log: deps.log,
    lastEventId: () => lastId,
    onEvent: (e) => {
      try {
        applyEvent(e);
      } catch (err) {
        deps.log.error('hall', 'a queue event could not be applied', err);
      }
    },
    onState: (state: StreamState, detail) => {
      if (state === 'open') {
        connected = true;
        // First start, or back after a drop: rebuild from the backend, then events resume after lastId.
        needSnapshot = true;
        refreshSnapshot();
        push();
      } else if (state === 'down' && connected) {
        connected = false;
        deps.log.warn('hall', `queue events lost: ${detail ?? 'unknown'}`);
        push();
      }
    },
  });

  let voiceDone: Promise<void> = Promise.resolve();
  async function prepareVoice(): Promise<void> {
    if (!deps.speak) {
      voice = { on: false, reason: 'this screen does not speak' };
      return;
    }
    if (!cfg.voice.enabled) {
      voice = { on: false, reason: 'display.voice.enabled is false' };
      deps.log.info('hall', 'the voice is off (display.voice.enabled is false)');
      return;
    }
    try {
      const t0 = performance.now();
      clips = await prepareClips({
        dir: join(deps.dataDir, 'voice'),
        words: allCallWords({ zeroTens: cfg.voice.zeroTens, thousand: cfg.voice.thousand }),
        siteDir: cfg.voice.clipsDir,
        speed: cfg.voice.speed,
      });
      const player = deps.sink ? { name: 'custom', sink: deps.sink } : findPlayer();
      const sink = player?.sink ?? silentSink();
      announcer = createAnnouncer({
        sink,
        gapMs: cfg.voice.gapMs,
        onError: (err) => deps.log.warn('hall', `the call could not be played: ${err instanceof Error ? err.message : String(err)}`),
      });
      voice = player ? { on: true } : { on: true, reason: 'no audio player (paplay/aplay) found: calls are timed but not heard' };
      deps.log.info(
        'hall',
        `voice ready in ${Math.round(performance.now() - t0)} ms: ${Object.keys(clips.manifest.clips).length} clips (${clips.rendered.length} rendered, ${clips.fromSite.length} from the site), engine ${clips.manifest.engine}, output ${player?.name ?? 'none'}`,
      );
      if (!player) deps.log.warn('hall', 'no audio player (paplay or aplay) on this machine: the voice is timed but not heard');
    } catch (err) {
      voice = { on: false, reason: err instanceof Error ? err.message : String(err) };
      deps.log.warn('hall', `the voice is off: ${voice.reason}; calls are still shown`);
    }
  }

  async function loadTicker(): Promise<void> {
    if (!cfg.ticker) return;
    try {
      const list = await deps.announcements();
      const titles = list.items.map((a) => a.title);
      if (titles.join('\n') !== ticker.join('\n')) {
        ticker = titles;
        push();
      }
    } catch {
      // keeps the last ticker; the announcements service already keeps its last good copy
    }
  }

  return {
    start() {
      stopped = false;
      preparing = true;
      voiceDone = prepareVoice().then(() => {
        preparing = false;
        for (const call of early.splice(0)) say(call);
        if (!stopped) push();
      });
      stream.start();
      void loadTicker();
      tickerTimer = setInterval(() => void loadTicker(), 5 * 60_000);
      tickerTimer.unref();
      // A safety net under the stream: the waiting counts and the counters again, now and then.
      resyncTimer = setInterval(() => {
        if (connected) refreshSnapshot();
      }, deps.resyncMs ?? 30_000);
      resyncTimer.unref();
    },
    async stop() {
      stopped = true;
      stream.stop();
      clearInterval(tickerTimer);
      clearInterval(resyncTimer);
      announcer?.stop();
      await snapshotRunning;
    },
    view,
    health: () => ({
      name: 'hall.events',
      state: stopped ? 'stopped' : connected ? 'ok' : 'restarting',
      restarts: stream.restarts(),
      ...(stream.lastError() ? { lastError: stream.lastError() } : {}),
    }),
    voiceHealth: () => ({
      name: 'hall.voice',
      state: voice.on ? 'ok' : 'stopped',
      restarts: 0,
      ...(voice.reason ? { lastError: voice.reason } : {}),
    }),
    voiceReady: () => voiceDone,
    timeline: () => announcer?.timeline() ?? [],
    onComposed(listener) {
      composedListeners.add(listener);
      return () => composedListeners.delete(listener);
    },
    stream,
  };
}
