/**
 * Starts the whole kiosk for an e2e test: the real config loader, createKiosk (router, services,
 * the embedded sandbox over real HTTP unless told otherwise) and the real Chromium shell,
 * headless at 1080x1920 (the kiosk's portrait screen), or headed on a test X server.
 *
 *   backend: 'sandbox' (default) the embedded reference server
 *            (a second kiosk joins the first one's backend with configOverrides.backend.url = first.kiosk.backendUrl)
 *            'down'    backend.url points at a closed local port
 *            'hang'    a local TCP server that accepts and never answers (timeoutMs 1500)
 *
 * Screenshots go to test-results/ (ignored by git).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { deepMerge, loadConfig } from '../../kiosk-config/loader';
import type { KioskConfigInput } from '../../kiosk-config/schema';
import type { Router } from '../../main/ipc/router';
import { createKiosk, type Kiosk } from '../../main/kiosk';
import { createMemoryLogger } from '../../main/log';
import { launchChromiumShell, resolveChromiumPath, type ChromiumShell } from '../../main/shell/chromium/index';
import { ROOT, UI_DIR } from './global-setup';
import { requirePeer } from '../support/peers';

export const RESULTS_DIR = join(ROOT, 'test-results');
export const SCREEN = { width: 1080, height: 1920 } as const;

export interface KioskTestOptions {
  configOverrides?: KioskConfigInput;
  backend?: 'sandbox' | 'down' | 'hang';
  /** More Chromium switches (the shell's test/diagnostics `extraArgs`), e.g. a fake camera. */
  chromiumArgs?: string[];
  /** A real X display (test/e2e/xserver.ts): Chromium runs headed there, in kiosk mode, as deployed. */
  display?: string;
  /** The shell's `testOnlyLetKeysThrough`: the page does not swallow shortcuts (proves the profile alone). */
  letKeysThrough?: boolean;
  /** Files to put in the kiosk's data folder before it starts (e.g. `catalogue.json`, a copy kept from an earlier run). */
  dataFiles?: Record<string, string>;
  /** A site config file (maintenance mode saves to it), loaded under configOverrides. */
  configFile?: string;
  /** The window size (default SCREEN, the kiosk's portrait 1080x1920); e.g. 1920x1080 for the hall display. Issue 13. */
  screen?: { width: number; height: number };
}

export interface KioskUnderTest {
  page: Page;
  kiosk: Kiosk;
  shell: ChromiumShell;
  /** Every log line of the kiosk and the shell (personal data already masked). */
  logLines: string[];
  /** How many requests the UI made on `channel` (all channels when absent). */
  requests(channel?: string): number;
  stop(): Promise<void>;
}

/**
 * Whether the e2e suites can run here, by the one rule of the tests' peers (test/support/peers.ts):
 * a missing Chromium fails the run in CI; elsewhere every e2e suite is skipped with the reason printed.
 */
export const hasChromium = requirePeer(
  'Chromium',
  existsSync(resolveChromiumPath(undefined, process.env)) || `not at ${resolveChromiumPath(undefined, process.env)}`,
  'apt-get install chromium, or set KIOSK_CHROMIUM',
);

/** Chromium for the tests; throws when it is missing (suites check `hasChromium` first). */
export function chromiumForTests(): string {
  const path = resolveChromiumPath(undefined, process.env);
  if (!existsSync(path)) {
    throw new Error(`Chromium is missing at ${path}: the e2e tests need it (apt-get install chromium, or set KIOSK_CHROMIUM).`);
  }
  return path;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  return `http://127.0.0.1:${addr.port}`;
}

export async function startKioskForTest(opts: KioskTestOptions = {}): Promise<KioskUnderTest> {
  const executablePath = chromiumForTests();
  if (!existsSync(join(UI_DIR, 'index.html'))) {
    throw new Error(`${join(UI_DIR, 'index.html')} is missing: the e2e global setup builds it (vitest --project e2e)`);
  }
  mkdirSync(RESULTS_DIR, { recursive: true });

  const cleanups: Array<() => Promise<void>> = [];
  let backend: KioskConfigInput = {};
  if (opts.backend === 'hang') {
    const sockets = new Set<Socket>();
    const server = createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    const url = await listen(server);
    cleanups.push(async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    });
    backend = { backend: { url, timeoutMs: 1500, retries: 0 } };
  } else if (opts.backend === 'down') {
    const server = createServer();
    const url = await listen(server);
    await new Promise((r) => server.close(r));
    backend = { backend: { url, timeoutMs: 1500, retries: 0 } };
  }

  // Each kiosk under test has its own data folder (database, outbox), removed when it stops.
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-data-'));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  for (const [name, content] of Object.entries(opts.dataFiles ?? {})) writeFileSync(join(dataDir, name), content);
  const overrides = deepMerge({ ...backend, dataDir }, opts.configOverrides ?? {}) as KioskConfigInput;
  // An empty environment: a developer's KIOSK_* variables must not change what the tests see.
  const loaded = loadConfig({ env: {}, overrides, ...(opts.configFile ? { file: opts.configFile } : {}) });
  if (!loaded.ok) throw new Error(`test config is not valid: ${JSON.stringify(loaded.errors)}`);

  const log = createMemoryLogger('debug');
  const kiosk = await createKiosk(loaded.config, { log, ...(opts.configFile ? { configFile: opts.configFile } : {}) });
  const counts = new Map<string, number>();
  const router: Router = {
    handle(channel, payload) {
      const name = typeof channel === 'string' ? channel : String(channel);
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return kiosk.router.handle(channel, payload);
    },
  };

  let shell: ChromiumShell;
  try {
    shell = await launchChromiumShell({
      kiosk: { router, events: kiosk.events, rendererGone: (reason) => kiosk.rendererGone(reason) },
      uiDir: UI_DIR,
      executablePath,
      headless: opts.display === undefined,
      ...(opts.display !== undefined ? { env: { ...process.env, DISPLAY: opts.display } } : {}),
      ...(opts.letKeysThrough ? { testOnlyLetKeysThrough: true } : {}),
      width: opts.screen?.width ?? SCREEN.width,
      height: opts.screen?.height ?? SCREEN.height,
      log,
      // As main/start.ts: the camera permission follows the configured scanner.
      camera: loaded.config.devices.scanner.kind === 'camera' || loaded.config.devices.documentCamera.kind === 'camera',
      extraArgs: opts.chromiumArgs,
    });
  } catch (err) {
    await kiosk.stop();
    for (const c of cleanups) await c();
    throw err;
  }

  let stopped = false;
  return {
    get page() {
      return shell.page;
    },
    kiosk,
    shell,
    logLines: log.lines,
    requests(channel) {
      if (channel === undefined) return [...counts.values()].reduce((a, b) => a + b, 0);
      return counts.get(channel) ?? 0;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await shell.close();
      await kiosk.stop();
      for (const c of cleanups) await c();
    },
  };
}
