/**
 * Global setup of the e2e project: builds the UI (ui/ -> dist/ui) with Vite's build API once,
 * before any e2e test runs, and checks that Chromium is there. A failed build fails the run with a
 * clear message; a missing Chromium fails it in CI and skips the e2e suites elsewhere.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from '../../main/shell/detect';
import { buildUi as viteBuildUi, uiBuildReason } from '../../main/shell/ui-build';
import { requirePeer } from '../support/peers';

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
  // The one rule of the peers (test/support/peers.ts): in CI this throws; elsewhere the e2e suites
  // skip themselves (harness.ts: hasChromium) and the UI is not built for nothing.
  if (!requirePeer('Chromium', chromium.ok || chromium.missing, chromium.ok ? '' : chromium.howTo)) return;
  await buildUi();
}
