/**
 * The hall voice's clip set: one WAV per word or fixed phrase (common/vietnamese-numbers.ts
 * names them), rendered ahead of time with espeak-ng's Vietnamese voice into the data folder,
 * with a manifest; or a site's recorded clips in the same naming (`<key>.wav`), which win over
 * the rendered ones word by word.
 *
 * The manifest (`manifest.json`) keeps, per clip, the text and a hash of everything that shapes
 * the sound (engine version, voice, speed, text): a clip is rendered again only when that hash
 * changes or its file is missing, so a restart costs one `espeak-ng --version` and a file read.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SpokenWord } from '../../common/vietnamese-numbers';
import { readWav, resample, trimSilence, type Pcm } from './wav';

const run = promisify(execFile);

export interface EspeakOptions {
  /** The espeak-ng executable (PATH lookup by default). */
  executable?: string | undefined;
  /** espeak-ng voice (`vi`: Vietnamese, Northern). */
  voice?: string | undefined;
  /** Words per minute; a little slower than espeak's 175 for a hall. */
  speed?: number | undefined;
}

export interface ClipManifest {
  engine: string;
  voice: string;
  speed: number;
  sampleRate: number;
  clips: Record<string, { text: string; hash: string; file: string; source: 'espeak-ng' | 'site'; durationMs: number }>;
}

export interface ClipSet {
  /** The clips' common sample rate. */
  sampleRate: number;
  manifest: ClipManifest;
  /** The clip of a word (trimmed, at the set's rate); undefined when the set has none for it. */
  get(key: string): Pcm | undefined;
  /** Words rendered (or re-rendered) by the last prepare, and words taken from the site's folder. */
  rendered: string[];
  fromSite: string[];
}

/** espeak-ng's version line, or undefined when it cannot run (the voice is then off). */
export async function espeakVersion(executable = 'espeak-ng'): Promise<string | undefined> {
  try {
    const { stdout } = await run(executable, ['--version'], { timeout: 5_000 });
    return stdout.trim().split('\n')[0];
  } catch {
    return undefined;
  }
}

function hashOf(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

export interface PrepareOptions extends EspeakOptions {
  /** Where rendered clips and the manifest live (e.g. `<dataDir>/voice`). */
  dir: string;
  words: readonly SpokenWord[];
  /** A site's recorded clips (`<key>.wav`); they replace the rendered ones. */
  siteDir?: string | undefined;
  /** Renders in parallel (espeak-ng is quick; 2 keeps a small board responsive). */
  concurrency?: number | undefined;
}

/**
 * Renders what is missing or changed and loads the set. Throws when a word has neither a site
 * clip nor a way to render it (espeak-ng missing): the caller turns the voice off and says why.
 */
export async function prepareClips(options: PrepareOptions): Promise<ClipSet> {
  const executable = options.executable ?? 'espeak-ng';
  const voice = options.voice ?? 'vi';
  const speed = options.speed ?? 150;
  mkdirSync(options.dir, { recursive: true });
  const manifestFile = join(options.dir, 'manifest.json');
  let old: ClipManifest | undefined;
  try {
    old = JSON.parse(readFileSync(manifestFile, 'utf8')) as ClipManifest;
  } catch {
    old = undefined;
  }
  const siteHas = (key: string) => options.siteDir !== undefined && existsSync(join(options.siteDir, `${key}.wav`));
  const needEspeak = options.words.some((w) => !siteHas(w.key));
  const engine = needEspeak ? await espeakVersion(executable) : 'none';
  if (engine === undefined) throw new Error(`espeak-ng is not available (${executable}): install Debian's espeak-ng, or give the site's recorded clips`);

  const manifest: ClipManifest = { engine, voice, speed, sampleRate: 22_050, clips: {} };
  const rendered: string[] = [];
  const fromSite: string[] = [];
  const todo: SpokenWord[] = [];
  for (const w of options.words) {
    if (siteHas(w.key)) {
      const file = join(options.siteDir!, `${w.key}.wav`);
      const bytes = readFileSync(file);
      manifest.clips[w.key] = { text: w.text, hash: createHash('sha256').update(bytes).digest('hex').slice(0, 16), file, source: 'site', durationMs: 0 };
      fromSite.push(w.key);
      continue;
    }
    const hash = hashOf([engine, voice, speed, w.text.normalize('NFC')]);
    const file = join(options.dir, `${w.key}.wav`);
    const before = old?.clips[w.key];
    manifest.clips[w.key] = { text: w.text, hash, file, source: 'espeak-ng', durationMs: before?.durationMs ?? 0 };
    if (!before || before.hash !== hash || !existsSync(file)) todo.push(w);
  }
  // Render the missing ones, a few at a time; each goes to a temporary name, then is renamed.
  const width = Math.max(1, options.concurrency ?? 2);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < todo.length) {
        const w = todo[next++]!;
        const file = manifest.clips[w.key]!.file;
        const tmp = `${file}.tmp`;
        await run(executable, ['-v', voice, '-s', String(speed), '-w', tmp, w.text.normalize('NFC')], { timeout: 30_000 });
        renameSync(tmp, file);
        rendered.push(w.key);
      }
    }),
  );

  const pcm = new Map<string, Pcm>();
  for (const [key, clip] of Object.entries(manifest.clips)) {
    const raw = readWav(readFileSync(clip.file));
    const clean = resample(trimSilence(raw), manifest.sampleRate);
    if (clean.samples.length === 0) throw new Error(`the clip for "${clip.text}" (${clip.file}) is silent`);
    clip.durationMs = Math.round((clean.samples.length / clean.sampleRate) * 1000);
    pcm.set(key, clean);
  }
  writeFileSync(`${manifestFile}.tmp`, JSON.stringify(manifest, null, 2));
  renameSync(`${manifestFile}.tmp`, manifestFile);
  return { sampleRate: manifest.sampleRate, manifest, get: (key) => pcm.get(key), rendered, fromSite };
}
