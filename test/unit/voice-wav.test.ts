import { describe, expect, it } from 'vitest';
import { chime, join, readWav, resample, rms, silence, trimSilence, WavError, writeWav, type Pcm } from '../../drivers/voice/wav';

function tone(rate: number, ms: number, f = 440, level = 0.5): Pcm {
  const n = Math.round((ms / 1000) * rate);
  const samples = new Int16Array(n);
  for (let i = 0; i < n; i += 1) samples[i] = Math.round(32767 * level * Math.sin((2 * Math.PI * f * i) / rate));
  return { sampleRate: rate, samples };
}

/** A stereo WAV written by hand (not by writeWav), so the reader is checked against another writer. */
function stereoWav(rate: number, left: number[], right: number[]): Uint8Array {
  const data = left.length * 4;
  const b = Buffer.alloc(44 + data);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + data, 4);
  b.write('WAVEfmt ', 8, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(2, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 4, 28);
  b.writeUInt16LE(4, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(data, 40);
  left.forEach((l, i) => {
    b.writeInt16LE(l, 44 + 4 * i);
    b.writeInt16LE(right[i]!, 46 + 4 * i);
  });
  return new Uint8Array(b);
}

describe('WAV reader and writer', () => {
  it('round-trips mono PCM16 and writes a standard 44-byte header', () => {
    const pcm = tone(22_050, 100);
    const bytes = writeWav(pcm);
    expect(Buffer.from(bytes.subarray(0, 4)).toString('ascii')).toBe('RIFF');
    expect(bytes.length).toBe(44 + pcm.samples.length * 2);
    const back = readWav(bytes);
    expect(back.sampleRate).toBe(22_050);
    expect([...back.samples]).toEqual([...pcm.samples]);
  });

  it('mixes stereo down to mono', () => {
    const back = readWav(stereoWav(16_000, [1000, -2000, 300], [3000, 0, 301]));
    expect([...back.samples]).toEqual([2000, -1000, 301]);
    expect(back.sampleRate).toBe(16_000);
  });

  it('refuses what it cannot read, with a reason', () => {
    expect(() => readWav(new Uint8Array(10))).toThrow(WavError);
    const float = Buffer.from(writeWav(tone(8000, 10)));
    float.writeUInt16LE(3, 20); // IEEE float
    expect(() => readWav(new Uint8Array(float))).toThrow(/PCM 16-bit/);
  });

  it('reads a file whose sizes say 0x7fffffff (espeak-ng to a pipe)', () => {
    const b = Buffer.from(writeWav(tone(22_050, 20)));
    b.writeUInt32LE(0x7fffffff, 40);
    expect(readWav(new Uint8Array(b)).samples.length).toBe(Math.round(0.02 * 22_050));
  });
});

describe('joining', () => {
  it('resamples to the set rate, keeping the length in time and the pitch', () => {
    const a = tone(44_100, 200, 441);
    const r = resample(a, 22_050);
    expect(r.samples.length).toBe(4410);
    // Zero crossings per second stay about 2 × 441.
    let crossings = 0;
    for (let i = 1; i < r.samples.length; i += 1) if (r.samples[i - 1]! < 0 !== r.samples[i]! < 0) crossings += 1;
    expect(crossings / 0.2).toBeGreaterThan(860);
    expect(crossings / 0.2).toBeLessThan(905);
  });

  it('joins in order and says where each piece is', () => {
    const { pcm, segments } = join(
      [
        { label: 'chime', pcm: chime(22_050) },
        { label: 'pause', pcm: silence(100, 22_050) },
        { label: 'clip', pcm: tone(11_025, 100) },
      ],
      22_050,
    );
    expect(segments.map((s) => s.label)).toEqual(['chime', 'pause', 'clip']);
    expect(segments[1]!.start).toBe(segments[0]!.length);
    // 1103 samples at 11 025 Hz become 2206 at 22 050 Hz.
    expect(segments[2]!.length).toBe(2206);
    expect(pcm.samples.length).toBe(segments[2]!.start + 2206);
    expect(rms(pcm.samples, segments[1]!.start, segments[2]!.start)).toBe(0);
    expect(rms(pcm.samples, 0, segments[0]!.length)).toBeGreaterThan(0.05);
    expect(rms(pcm.samples, segments[2]!.start)).toBeGreaterThan(0.2);
  });

  it('trims the quiet at both ends', () => {
    const { pcm } = join(
      [
        { label: 's', pcm: silence(300, 8000) },
        { label: 't', pcm: tone(8000, 100) },
        { label: 's', pcm: silence(300, 8000) },
      ],
      8000,
    );
    const t = trimSilence(pcm, 0.02, 0);
    expect(t.samples.length).toBeGreaterThan(700);
    expect(t.samples.length).toBeLessThanOrEqual(800);
    expect(trimSilence(silence(100, 8000)).samples.length).toBe(0);
  });
});
