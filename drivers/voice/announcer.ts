/**
 * The hall's announcer: composes a call's audio from the clip set (a chime, a pause, then the
 * phrase clips with short silences) and plays calls one after the other through one queue.
 *
 * Why the queue lives here, in main, and not in the display page: main knows each call's exact
 * length (it joined the samples), so it can start the next call only when the previous one has
 * ended, whatever the page does (a reload, a slow frame, a page that was never opened); the
 * audio goes to the sound card through ALSA/PulseAudio (`aplay`/`paplay`), so the page needs no
 * network, no autoplay permission and no media CSP. The timeline (when each call started and
 * ended) is kept for tests and diagnostics.
 */
import { spawn, spawnSync } from 'node:child_process';
import { callWords, type TicketReadingOptions } from '../../common/vietnamese-numbers';
import type { ClipSet } from './clips';
import { applyGain, chime, join, silence, writeWav, type Pcm, type Segment } from './wav';

export interface ComposedCall {
  ticket: string;
  counter: number;
  /** The words said, in order. */
  text: string;
  pcm: Pcm;
  wav: Uint8Array;
  /** chime, pauses and clips, in order, with their places in the samples (the manifest of the join). */
  segments: Segment[];
  durationMs: number;
}

export const PAUSE_AFTER_CHIME_MS = 250;
export const PAUSE_BETWEEN_WORDS_MS = 40;
export const PAUSE_AROUND_PHRASES_MS = 160;

/** Joins a call's audio. Throws when the set lacks a clip (cannot happen with a full set). */
export function composeCall(
  clips: ClipSet,
  ticket: string,
  counter: number,
  options: TicketReadingOptions & { volume?: number | undefined } = {},
): ComposedCall {
  const words = callWords(ticket, counter, options);
  const rate = clips.sampleRate;
  const parts: Array<{ label: string; pcm: Pcm }> = [
    { label: 'chime', pcm: chime(rate) },
    { label: 'pause', pcm: silence(PAUSE_AFTER_CHIME_MS, rate) },
  ];
  words.forEach((w, i) => {
    const clip = clips.get(w.key);
    if (!clip) throw new Error(`no clip for "${w.text}" (${w.key})`);
    if (i > 0) {
      const phrase = w.key.startsWith('phrase-') || words[i - 1]!.key.startsWith('phrase-');
      parts.push({ label: 'pause', pcm: silence(phrase ? PAUSE_AROUND_PHRASES_MS : PAUSE_BETWEEN_WORDS_MS, rate) });
    }
    parts.push({ label: `clip:${w.key}`, pcm: clip });
  });
  parts.push({ label: 'pause', pcm: silence(PAUSE_AROUND_PHRASES_MS, rate) });
  const joined = join(parts, rate);
  const pcm = applyGain(joined.pcm, options.volume ?? 1);
  return {
    ticket,
    counter,
    text: words.map((w) => w.text).join(' '),
    pcm,
    wav: writeWav(pcm),
    segments: joined.segments,
    durationMs: (pcm.samples.length / rate) * 1000,
  };
}

/** Where a call's sound goes: resolves when it has been played out. */
export type Sink = (call: ComposedCall) => Promise<void>;

/** A player program on this machine (`paplay` for PulseAudio/PipeWire, else ALSA's `aplay`), or undefined. */
export function findPlayer(): { name: string; sink: Sink } | undefined {
  for (const [name, args] of [
    ['paplay', ['--raw', '--format=s16le', '--channels=1']],
    ['aplay', ['-q', '-t', 'raw', '-f', 'S16_LE', '-c', '1']],
  ] as const) {
    const probe = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (probe.status !== 0) continue;
    const sink: Sink = (call) =>
      new Promise((resolve, reject) => {
        const rateArg = name === 'paplay' ? `--rate=${call.pcm.sampleRate}` : `-r${call.pcm.sampleRate}`;
        const child = spawn(name, [...args, rateArg], { stdio: ['pipe', 'ignore', 'pipe'] });
        let err = '';
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${name} exited with ${code}: ${err.trim().slice(0, 200)}`))));
        child.stdin.end(Buffer.from(call.pcm.samples.buffer, call.pcm.samples.byteOffset, call.pcm.samples.byteLength));
      });
    return { name, sink };
  }
  return undefined;
}

/** A sink with no sound card: waits as long as the call lasts, so the timeline stays true. */
export function silentSink(): Sink {
  return (call) => new Promise((resolve) => setTimeout(resolve, call.durationMs));
}

export interface TimelineEntry {
  id: number;
  ticket: string;
  counter: number;
  /** ms on the announcer's clock (performance.now() by default). */
  queuedAt: number;
  startedAt: number;
  endedAt: number;
  durationMs: number;
}

export interface Announcer {
  /** Queues a call; resolves with its timeline entry once it has been played. */
  announce(call: ComposedCall): Promise<TimelineEntry>;
  /** Calls waiting (not yet started). */
  pending(): number;
  timeline(): readonly TimelineEntry[];
  /** Drops what waits; the call playing ends on its own. */
  stop(): void;
}

export interface AnnouncerOptions {
  sink: Sink;
  /** Quiet between two calls. */
  gapMs?: number | undefined;
  now?: (() => number) | undefined;
  /** The sink failed (player gone, sound card busy): logged, the queue goes on. */
  onError?: ((err: unknown, call: ComposedCall) => void) | undefined;
  /** Keeps this many timeline entries. */
  keep?: number | undefined;
}

/** One queue: a call starts only after the previous one ended, plus the gap. */
export function createAnnouncer(options: AnnouncerOptions): Announcer {
  const now = options.now ?? (() => performance.now());
  const gapMs = options.gapMs ?? 600;
  const keep = options.keep ?? 50;
  const entries: TimelineEntry[] = [];
  let tail: Promise<unknown> = Promise.resolve();
  let waiting = 0;
  let nextId = 1;
  let stopped = false;
  let lastEnd = -Infinity;
  return {
    announce(call) {
      const id = nextId++;
      const queuedAt = now();
      waiting += 1;
      const done = tail.then(async () => {
        waiting -= 1;
        if (stopped) throw new Error('announcer stopped');
        // Timers may fire a millisecond early (whole-ms clocks): wait until the gap has truly passed.
        for (let wait = lastEnd + gapMs - now(); wait > 0; wait = lastEnd + gapMs - now()) {
          await new Promise((r) => setTimeout(r, Math.ceil(wait)));
        }
        const startedAt = now();
        try {
          await options.sink(call);
        } catch (err) {
          options.onError?.(err, call);
        }
        const endedAt = Math.max(now(), startedAt + call.durationMs);
        lastEnd = endedAt;
        const entry: TimelineEntry = { id, ticket: call.ticket, counter: call.counter, queuedAt, startedAt, endedAt, durationMs: call.durationMs };
        entries.push(entry);
        if (entries.length > keep) entries.shift();
        return entry;
      });
      tail = done.catch(() => undefined);
      return done;
    },
    pending: () => waiting,
    timeline: () => entries,
    stop() {
      stopped = true;
    },
  };
}
