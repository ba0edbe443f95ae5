/**
 * Which shell can run on this machine: Electron when its binary really runs, Chromium when its
 * executable exists. Each answer says exactly what is missing and how to get it.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DEFAULT_CHROMIUM } from './chromium/index';

export type Found = { ok: true; path: string; version?: string } | { ok: false; missing: string; howTo: string };

/** The Electron binary from the `electron` npm package, if it is installed and runs. */
export function findElectron(fromUrl: string = import.meta.url): Found {
  const howTo =
    "install Electron's binary: run `node node_modules/electron/install.js` with internet access " +
    '(or set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron)';
  let path: unknown;
  try {
    path = createRequire(fromUrl)('electron');
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return { ok: false, missing: `Electron's binary (${reason})`, howTo };
  }
  if (typeof path !== 'string') return { ok: false, missing: 'the electron npm package did not give a binary path', howTo };
  if (!existsSync(path)) return { ok: false, missing: `Electron's binary at ${path}`, howTo };
  // As plain Node (no display needed), print Electron's version: proof the binary runs here.
  const run = spawnSync(path, ['-p', 'process.versions.electron'], {
    encoding: 'utf8',
    timeout: 15_000,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  if (run.status !== 0) {
    const why = run.error?.message ?? (run.stderr || '').split('\n')[0] ?? `exit ${run.status}`;
    return { ok: false, missing: `a working Electron binary (${path} did not run: ${why})`, howTo };
  }
  return { ok: true, path, version: run.stdout.trim() };
}

/** The Chromium executable (config, env KIOSK_CHROMIUM, /usr/bin/chromium), if it exists. */
export function findChromium(explicit?: string, env: NodeJS.ProcessEnv = process.env): Found {
  const path = explicit ?? env.KIOSK_CHROMIUM ?? DEFAULT_CHROMIUM;
  const howTo = 'apt-get install chromium, or set KIOSK_CHROMIUM (or shell.chromiumPath) to a Chromium executable';
  if (!existsSync(path)) return { ok: false, missing: `Chromium at ${path}`, howTo };
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return { ok: false, missing: `an executable Chromium at ${path} (it is not executable)`, howTo };
  }
  return { ok: true, path };
}

/** Whether a graphical display is available (X11 or Wayland). */
export function hasDisplay(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}
