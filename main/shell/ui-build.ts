/**
 * Building the UI (ui/ -> dist/ui) with Vite's build API, when it is missing or older than its
 * sources (ui/, the common/ code it bundles, and the contract). Used by `npm start` and by the
 * e2e global setup.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface UiPaths {
  /** The repository root. */
  root: string;
  /** Default: <root>/dist/ui. */
  outDir?: string;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Why the UI must be built, or undefined when dist/ui/index.html is newer than every source it is built from. */
export function uiBuildReason(paths: UiPaths): string | undefined {
  const index = join(paths.outDir ?? join(paths.root, 'dist/ui'), 'index.html');
  if (!existsSync(index)) return `${index} is missing`;
  const built = statSync(index).mtimeMs;
  const sources = Math.max(newestMtime(join(paths.root, 'ui')), newestMtime(join(paths.root, 'common')));
  const contract = statSync(join(paths.root, 'main/ipc/contract.ts')).mtimeMs;
  if (Math.max(sources, contract) > built) return 'ui/ or common/ changed since the last build';
  return undefined;
}

/** Builds the UI with ui/vite.config.ts; throws with Vite's error when the build fails. */
export async function buildUi(paths: UiPaths): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: join(paths.root, 'ui/vite.config.ts'),
    logLevel: 'warn',
    ...(paths.outDir ? { build: { outDir: paths.outDir, emptyOutDir: true } } : {}),
  });
}

/** Builds the UI when needed; returns the reason it was built, or undefined. */
export async function ensureUiBuilt(paths: UiPaths): Promise<string | undefined> {
  const reason = uiBuildReason(paths);
  if (reason) await buildUi(paths);
  return reason;
}
