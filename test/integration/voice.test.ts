/**
 * The hall's voice with the real espeak-ng (Debian's, Vietnamese voice) and the real sox to
 * measure what was rendered: a call is not silent, starts with the chime, says its words in the
 * order of the text (the join's manifest), two calls queued at once do not overlap (on a tape of
 * what the announcer played, measured with sox), clips are cached and rendered again when the
 * voice changes, a site's recorded clip wins over espeak-ng's, and a missing espeak-ng is a clear
 * error (the display then shows calls without the voice).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCallWords, callSentence, callWords } from '../../common/vietnamese-numbers';
import { composeCall, createAnnouncer, type ComposedCall, type Sink } from '../../drivers/voice/announcer';
import { prepareClips, type ClipSet } from '../../drivers/voice/clips';
import { writeWav } from '../../drivers/voice/wav';
import { binaryRuns, requirePeer } from '../support/peers';

const hasVoice = requirePeer('espeak-ng and sox', binaryRuns('espeak-ng') && binaryRuns('sox'), 'apt-get install espeak-ng sox');

const dir = mkdtempSync(join(tmpdir(), 'voice-test-'));
let clips: ClipSet;

/** sox's own measure (`sox FILE -n [trim S L] stat`, printed on stderr). */
function soxStat(file: string, args: string[] = []): string {
  const r = spawnSync('sox', [file, '-n', ...args, 'stat'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sox failed (${r.status}): ${r.stderr}`);
  return r.stderr;
}
function rmsOf(file: string, startS?: number, lengthS?: number): number {
  const text = soxStat(file, startS === undefined ? [] : ['trim', startS.toFixed(4), lengthS!.toFixed(4)]);
  const m = /RMS\s+amplitude:\s+([\d.]+)/.exec(text);
  if (!m) throw new Error(`no RMS in sox output: ${text}`);
  return Number(m[1]);
}

beforeAll(async () => {
  clips = await prepareClips({ dir: join(dir, 'clips'), words: allCallWords() });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasVoice)('a call, rendered', () => {
  it('is not silent, starts with the chime and says its words in the order of the text', () => {
    const call = composeCall(clips, 'A015', 3);
    const file = join(dir, 'a015.wav');
    writeFileSync(file, call.wav);
    expect(call.text).toBe(callSentence('A015', 3));
    expect(rmsOf(file)).toBeGreaterThan(0.05);

    // The manifest of the join: chime, pause, then exactly the call's words as clips.
    expect(call.segments[0]!.label).toBe('chime');
    expect(call.segments[0]!.start).toBe(0);
    const said = call.segments.filter((s) => s.label.startsWith('clip:')).map((s) => s.label.slice(5));
    expect(said).toEqual(callWords('A015', 3).map((w) => w.key));
    expect(said.map((k) => clips.manifest.clips[k]!.text).join(' ')).toBe('Xin mời khách hàng số a mười lăm đến quầy số ba');

    // The chime is the first sound; every clip has sound; the pauses are silent.
    const rate = call.pcm.sampleRate;
    for (const s of call.segments) {
      const level = rmsOf(file, s.start / rate, s.length / rate);
      // (sox's trim rounds to whole samples: a pause may take one sample of its neighbour.)
      if (s.label === 'pause') expect(level, s.label).toBeLessThan(0.001);
      else expect(level, s.label).toBeGreaterThan(0.02);
    }
    // The first 20 ms are the chime's sine (not speech, not silence).
    expect(rmsOf(file, 0.01, 0.02)).toBeGreaterThan(0.1);
  });

  it('reads the counter number as a number: quầy số hai mươi mốt', () => {
    const call = composeCall(clips, 'B104', 21);
    const said = call.segments.filter((s) => s.label.startsWith('clip:')).map((s) => clips.manifest.clips[s.label.slice(5)]!.text);
    expect(said.join(' ')).toBe('Xin mời khách hàng số bê một trăm linh bốn đến quầy số hai mươi mốt');
  });

  it('scales by the volume', () => {
    const loud = composeCall(clips, 'A015', 3);
    const soft = composeCall(clips, 'A015', 3, { volume: 0.25 });
    const f1 = join(dir, 'loud.wav');
    const f2 = join(dir, 'soft.wav');
    writeFileSync(f1, loud.wav);
    writeFileSync(f2, soft.wav);
    expect(rmsOf(f2) / rmsOf(f1)).toBeCloseTo(0.25, 2);
  });
});

describe.skipIf(!hasVoice)('the clip set', () => {
  it('is cached: a second start renders nothing; a new voice speed renders again', async () => {
    const again = await prepareClips({ dir: join(dir, 'clips'), words: allCallWords() });
    expect(again.rendered).toEqual([]);
    const faster = await prepareClips({ dir: join(dir, 'clips'), words: allCallWords(), speed: 180 });
    expect(faster.rendered.length).toBe(allCallWords().length);
    expect(faster.manifest.clips['phrase-intro']!.durationMs).toBeLessThan(clips.manifest.clips['phrase-intro']!.durationMs);
  });

  it("takes a site's recorded clip (any rate, stereo) in the same naming", async () => {
    const site = join(dir, 'site');
    mkdirSync(site);
    // A "recording" made by sox: 44.1 kHz stereo, 0.5 s of a 300 Hz tone.
    execFileSync('sox', ['-n', '-r', '44100', '-c', '2', '-b', '16', join(site, 'phrase-intro.wav'), 'synth', '0.5', 'sine', '300', 'vol', '0.5']);
    const set = await prepareClips({ dir: join(dir, 'clips2'), words: allCallWords(), siteDir: site });
    expect(set.fromSite).toEqual(['phrase-intro']);
    expect(set.manifest.clips['phrase-intro']!.source).toBe('site');
    const intro = set.get('phrase-intro')!;
    expect(intro.sampleRate).toBe(22_050);
    expect(Math.abs(intro.samples.length - 11_025)).toBeLessThan(1000);
    const call = composeCall(set, 'A001', 1);
    expect(call.segments.find((s) => s.label === 'clip:phrase-intro')!.length).toBe(intro.samples.length);
  });

  it('says clearly when espeak-ng is missing', async () => {
    await expect(prepareClips({ dir: join(dir, 'clips3'), words: allCallWords(), executable: join(dir, 'no-espeak') })).rejects.toThrow(
      /espeak-ng is not available/,
    );
  });
});

describe.skipIf(!hasVoice)('the announcer', () => {
  it('plays two calls queued at the same moment one after the other, never overlapping', async () => {
    // A tape sink: what the announcer plays is laid on one track at the time it plays it.
    const rate = clips.sampleRate;
    const t0 = performance.now();
    const pieces: Array<{ at: number; call: ComposedCall }> = [];
    const tape: Sink = (call) => {
      pieces.push({ at: performance.now() - t0, call });
      return new Promise((r) => setTimeout(r, call.durationMs));
    };
    const announcer = createAnnouncer({ sink: tape, gapMs: 500 });
    const a = composeCall(clips, 'A015', 3);
    const b = composeCall(clips, 'B002', 4);
    const [ea, eb] = await Promise.all([announcer.announce(a), announcer.announce(b)]);
    expect(eb.startedAt).toBeGreaterThanOrEqual(ea.endedAt + 500);
    expect(announcer.timeline().map((e) => e.ticket)).toEqual(['A015', 'B002']);

    // Mix the tape and measure it: two loud stretches with silence between them.
    const end = Math.max(...pieces.map((p) => p.at + p.call.durationMs));
    const track = new Int32Array(Math.ceil((end / 1000) * rate) + 1);
    for (const p of pieces) {
      const from = Math.round((p.at / 1000) * rate);
      p.call.pcm.samples.forEach((v, i) => (track[from + i]! += v));
    }
    const samples = Int16Array.from(track, (v) => Math.max(-32768, Math.min(32767, v)));
    const file = join(dir, 'tape.wav');
    writeFileSync(file, writeWav({ sampleRate: rate, samples }));
    const aEnd = pieces[0]!.at / 1000 + a.durationMs / 1000;
    const bStart = pieces[1]!.at / 1000;
    expect(bStart).toBeGreaterThan(aEnd);
    // Between the first call's last word and the second call's chime, the tape is silent.
    const lastWord = a.segments.filter((s) => s.label.startsWith('clip:')).at(-1)!;
    const quietFrom = pieces[0]!.at / 1000 + (lastWord.start + lastWord.length) / rate + 0.005;
    expect(rmsOf(file, quietFrom, bStart - quietFrom - 0.005)).toBeLessThan(0.001);
    expect(rmsOf(file, bStart, 0.05)).toBeGreaterThan(0.1); // the second chime
  }, 30_000);
});
