/**
 * A small WAV reader, writer and joiner for the hall's voice (no dependency): PCM 16-bit, mono
 * or stereo in, mono out. Clips from espeak-ng are 22 050 Hz mono; a site's recorded clips may be
 * another rate or stereo: they are mixed down and resampled (linear interpolation, enough for
 * speech) to the set's rate, so every clip of a call shares one format before it is joined.
 */

export interface Pcm {
  sampleRate: number;
  /** Mono samples, -32768..32767. */
  samples: Int16Array;
}

export class WavError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WavError';
  }
}

/** Reads a RIFF/WAVE file of PCM 16-bit, 1 or 2 channels; stereo is mixed down to mono. */
export function readWav(bytes: Uint8Array): Pcm {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new WavError('not a RIFF/WAVE file');
  let fmt: { format: number; channels: number; rate: number; bits: number } | undefined;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = tag(at);
    // espeak-ng writing to a pipe leaves the sizes at 0x7fffffff: take what is there.
    const size = Math.min(view.getUint32(at + 4, true), bytes.length - at - 8);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16) throw new WavError('fmt chunk too short');
      fmt = {
        format: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        rate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
      // WAVE_FORMAT_EXTENSIBLE carries the real format in its sub-format GUID's first two bytes.
      if (fmt.format === 0xfffe && size >= 26) fmt.format = view.getUint16(body + 24, true);
    } else if (id === 'data') {
      if (!fmt) throw new WavError('data before fmt');
      if (fmt.format !== 1 || fmt.bits !== 16) throw new WavError(`only PCM 16-bit is read (format ${fmt.format}, ${fmt.bits} bits)`);
      if (fmt.channels !== 1 && fmt.channels !== 2) throw new WavError(`only mono or stereo is read (${fmt.channels} channels)`);
      if (fmt.rate < 4000 || fmt.rate > 192_000) throw new WavError(`unusual sample rate ${fmt.rate}`);
      const frames = Math.floor(size / (2 * fmt.channels));
      const samples = new Int16Array(frames);
      for (let i = 0; i < frames; i += 1) {
        if (fmt.channels === 1) samples[i] = view.getInt16(body + 2 * i, true);
        else samples[i] = Math.round((view.getInt16(body + 4 * i, true) + view.getInt16(body + 4 * i + 2, true)) / 2);
      }
      return { sampleRate: fmt.rate, samples };
    }
    at = body + size + (size % 2);
  }
  throw new WavError('no data chunk');
}

/** A mono PCM 16-bit WAV file. */
export function writeWav(pcm: Pcm): Uint8Array {
  const data = pcm.samples.length * 2;
  const out = new Uint8Array(44 + data);
  const view = new DataView(out.buffer);
  const put = (at: number, s: string) => {
    for (let i = 0; i < 4; i += 1) out[at + i] = s.charCodeAt(i);
  };
  put(0, 'RIFF');
  view.setUint32(4, 36 + data, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, pcm.sampleRate, true);
  view.setUint32(28, pcm.sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  put(36, 'data');
  view.setUint32(40, data, true);
  for (let i = 0; i < pcm.samples.length; i += 1) view.setInt16(44 + 2 * i, pcm.samples[i]!, true);
  return out;
}

/** The same sound at another rate (linear interpolation). */
export function resample(pcm: Pcm, rate: number): Pcm {
  if (pcm.sampleRate === rate) return pcm;
  const n = Math.max(1, Math.round((pcm.samples.length * rate) / pcm.sampleRate));
  const out = new Int16Array(n);
  const step = pcm.sampleRate / rate;
  const src = pcm.samples;
  for (let i = 0; i < n; i += 1) {
    const x = i * step;
    const i0 = Math.floor(x);
    const a = src[Math.min(i0, src.length - 1)] ?? 0;
    const b = src[Math.min(i0 + 1, src.length - 1)] ?? a;
    out[i] = Math.round(a + (b - a) * (x - i0));
  }
  return { sampleRate: rate, samples: out };
}

/** Cuts the quiet at both ends (below `threshold` of full scale), keeping `padMs` of it. */
export function trimSilence(pcm: Pcm, threshold = 0.02, padMs = 15): Pcm {
  const limit = threshold * 32768;
  const s = pcm.samples;
  let start = 0;
  while (start < s.length && Math.abs(s[start]!) < limit) start += 1;
  let end = s.length;
  while (end > start && Math.abs(s[end - 1]!) < limit) end -= 1;
  if (start >= end) return { sampleRate: pcm.sampleRate, samples: new Int16Array(0) };
  const pad = Math.round((padMs / 1000) * pcm.sampleRate);
  return { sampleRate: pcm.sampleRate, samples: s.slice(Math.max(0, start - pad), Math.min(s.length, end + pad)) };
}

/** Silence of `ms` milliseconds. */
export function silence(ms: number, sampleRate: number): Pcm {
  return { sampleRate, samples: new Int16Array(Math.round((ms / 1000) * sampleRate)) };
}

/**
 * The chime before a call: two soft sine notes (a major third down, as public-address chimes),
 * each with a short attack and an exponential decay so it does not click.
 */
export function chime(sampleRate: number, notes: readonly number[] = [880, 698.46], noteMs = 380, level = 0.45): Pcm {
  const per = Math.round((noteMs / 1000) * sampleRate);
  const samples = new Int16Array(per * notes.length);
  notes.forEach((f, k) => {
    for (let i = 0; i < per; i += 1) {
      const t = i / sampleRate;
      const attack = Math.min(1, i / (0.01 * sampleRate));
      const env = attack * Math.exp((-3.5 * i) / per);
      samples[k * per + i] = Math.round(32767 * level * env * Math.sin(2 * Math.PI * f * t));
    }
  });
  return { sampleRate, samples };
}

/** Scales the samples by `gain` (0..1), clipping at full scale. */
export function applyGain(pcm: Pcm, gain: number): Pcm {
  if (gain === 1) return pcm;
  const out = new Int16Array(pcm.samples.length);
  for (let i = 0; i < out.length; i += 1) out[i] = Math.max(-32768, Math.min(32767, Math.round(pcm.samples[i]! * gain)));
  return { sampleRate: pcm.sampleRate, samples: out };
}

/** One piece of a joined sound, where it starts and how long it is (in samples). */
export interface Segment {
  label: string;
  start: number;
  length: number;
}

/** Joins pieces that share a rate (resampling those that do not), and says where each one is. */
export function join(parts: ReadonlyArray<{ label: string; pcm: Pcm }>, sampleRate: number): { pcm: Pcm; segments: Segment[] } {
  const same = parts.map((p) => ({ label: p.label, pcm: resample(p.pcm, sampleRate) }));
  const total = same.reduce((n, p) => n + p.pcm.samples.length, 0);
  const samples = new Int16Array(total);
  const segments: Segment[] = [];
  let at = 0;
  for (const p of same) {
    samples.set(p.pcm.samples, at);
    segments.push({ label: p.label, start: at, length: p.pcm.samples.length });
    at += p.pcm.samples.length;
  }
  return { pcm: { sampleRate, samples }, segments };
}

/** Root mean square level, 0..1 of full scale (0 for no samples). */
export function rms(samples: Int16Array, from = 0, to = samples.length): number {
  if (to <= from) return 0;
  let sum = 0;
  for (let i = from; i < to; i += 1) sum += (samples[i]! / 32768) ** 2;
  return Math.sqrt(sum / (to - from));
}

export function durationMs(pcm: Pcm): number {
  return (pcm.samples.length / pcm.sampleRate) * 1000;
}
