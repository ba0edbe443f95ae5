/**
 * Global setup of the e2e project: builds the UI (ui/ -> dist/ui) with Vite's build API once,
 * before any e2e test runs, and checks that Chromium is there. A failed build or a missing
 * Chromium fails the run with a clear message (in CI a missing peer never skips).
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from '../../main/shell/detect';
import { buildUi as viteBuildUi, uiBuildReason } from '../../main/shell/ui-build';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const UI_DIR = join(ROOT, 'dist/ui');

/** Builds dist/ui when it is missing or older than ui/ (always in CI); throws a clear error on failure. */
export async function buildUi(options: { force?: boolean } = {}): Promise<void> {
  const reason = options.force || process.env.CI ? 'a fresh build' : uiBuildReason({ root: ROOT });
  if (!reason) return;
  const started = Date.now();
  try {
    await viteBuildUi({ root: ROOT });
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new Error(`e2e setup: building the UI with ui/vite.config.ts failed (${reason}):\n${detail}`);
  }
  process.stderr.write(`e2e setup: built the UI into dist/ui in ${Date.now() - started} ms (${reason})\n`);
}

export default async function setup(): Promise<void> {
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  const chromium = findChromium(undefined, process.env);
  if (!chromium.ok) {
    throw new Error(`e2e setup: missing ${chromium.missing}. To fix: ${chromium.howTo}.`);
  }
  await buildUi();
}
