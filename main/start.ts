/**
 * `npm start`: loads the config, picks a shell and runs the kiosk.
 *
 *   --shell chromium|electron|auto   default: shell.kind from the config (auto)
 *   --config FILE                    site file (else env KIOSK_CONFIG)
 *   --headless                       Chromium without a window (smoke tests)
 *
 * auto picks Electron when its binary actually runs here, else the Chromium shell, else it says
 * exactly what is missing and how to get it. The Chromium shell is relaunched (with a backoff)
 * if Chromium exits unexpectedly; SIGINT/SIGTERM close the shell and stop the kiosk.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { exponentialDelay, type Backoff } from '../common/backoff';
import { formatConfigErrors, loadConfig } from '../kiosk-config/loader';
import { createKiosk } from './kiosk';
import { createLogger, type Logger } from './log';
import { createFileLogger, teeLoggers } from './log-file';
import { logDirOf } from './services/maintenance/service';
import { launchChromiumShell, type ChromiumShell } from './shell/chromium/index';
import { MANAGED_POLICY_DIR, missingPolicyKeys } from './shell/chromium/profile';
import { findChromium, findElectron, hasDisplay } from './shell/detect';
import { ensureUiBuilt } from './shell/ui-build';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const UI_DIR = join(ROOT, 'dist/ui');
const POLICY_FILE = join(ROOT, 'deploy/chromium/kiosk-policy.json');
/** Relaunching a Chromium that keeps dying: 0.5 s, 1 s, 2 s … up to 30 s. */
const CHROMIUM_RELAUNCH_BACKOFF: Backoff = { baseMs: 500, capMs: 30_000 };

/** Tells the technician when the deployment's managed Chromium policy is not installed. */
function checkManagedPolicy(log: Logger): void {
  let expected: Record<string, unknown>;
  try {
    expected = JSON.parse(readFileSync(POLICY_FILE, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    log.warn('start', `cannot read ${POLICY_FILE}: ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  const missing = missingPolicyKeys(expected);
  if (missing.length === 0) {
    log.info('start', `managed Chromium policy installed in ${MANAGED_POLICY_DIR}`);
    return;
  }
  log.warn(
    'start',
    `the managed Chromium policy is not installed (${missing.length} of ${Object.keys(expected).length} settings missing: ${missing.join(', ')}). ` +
      `The kiosk's own profile prefs still close the known breakouts; for a deployment, install it as root: ` +
      `install -D -m 644 deploy/chromium/kiosk-policy.json ${MANAGED_POLICY_DIR}/kiosk.json`,
  );
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function parse(argv: string[]) {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        shell: { type: 'string' },
        config: { type: 'string' },
        headless: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
    if (values.shell !== undefined && !['chromium', 'electron', 'auto'].includes(values.shell)) {
      fail(`--shell must be chromium, electron or auto (got ${JSON.stringify(values.shell)})`);
    }
    return values as { shell?: 'chromium' | 'electron' | 'auto'; config?: string; headless: boolean; help: boolean };
  } catch (err) {
    fail(`${err instanceof Error ? err.message : String(err)}\nUsage: npm start -- [--shell chromium|electron|auto] [--config FILE] [--headless]`);
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

async function runElectron(electronPath: string, configFile: string | undefined, log: Logger): Promise<never> {
  // forge builds main, preload and renderer with Vite and starts Electron on them.
  const args = ['electron-forge', 'start', ...(configFile ? ['--', '--config', configFile] : [])];
  log.info('start', `starting the Electron shell (${electronPath}) with npx ${args.join(' ')}`);
  const child = spawn('npx', args, { cwd: ROOT, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  const code = await new Promise<number>((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
  process.exit(code);
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  if (args.help) {
    process.stdout.write('Usage: npm start -- [--shell chromium|electron|auto] [--config FILE] [--headless]\n');
    return;
  }
  const loaded = loadConfig({ file: args.config });
  if (!loaded.ok) fail(`The kiosk configuration is not valid:\n${formatConfigErrors(loaded.errors)}`);
  let config = loaded.config;
  // maintenance mode (issue 14): log files (pino, rotated by pino-roll) besides stderr.
  let log: Logger = createLogger({ level: config.log.level });
  if (config.logFiles.enabled) {
    try {
      const files = await createFileLogger({
        dir: logDirOf(config),
        level: config.log.level,
        maxSizeMb: config.logFiles.maxSizeMb,
        keep: config.logFiles.keep,
      });
      log = teeLoggers(log, files);
    } catch (err) {
      log.error('start', `cannot write log files in ${logDirOf(config)}; logging to stderr only`, err);
    }
  }
  const wanted = args.shell ?? config.shell.kind;

  // Pick the shell.
  let kind: 'electron' | 'chromium';
  const electron = wanted === 'chromium' || args.headless ? undefined : findElectron();
  const chromium = findChromium(config.shell.chromiumPath);
  if (wanted === 'electron') {
    if (args.headless) fail('--headless works with the Chromium shell only (Electron has no headless mode).');
    if (!electron?.ok) fail(`Cannot start the Electron shell: missing ${electron?.missing}.\nTo fix: ${electron?.howTo}.`);
    kind = 'electron';
  } else if (wanted === 'auto' && electron?.ok) {
    kind = 'electron';
  } else if (chromium.ok) {
    kind = 'chromium';
  } else {
    const lines = ['Cannot start the kiosk: no shell can run on this machine.'];
    if (wanted === 'auto' && electron && !electron.ok) lines.push(`- Electron shell: missing ${electron.missing}. To fix: ${electron.howTo}.`);
    lines.push(`- Chromium shell: missing ${chromium.missing}. To fix: ${chromium.howTo}.`);
    fail(lines.join('\n'));
  }

  if (!args.headless && !hasDisplay()) {
    fail(
      'No display: neither DISPLAY nor WAYLAND_DISPLAY is set.\n' +
        'Run the kiosk under a virtual display with `xvfb-run -a npm start`, or use `npm start -- --headless` for a smoke test.',
    );
  }

  if (kind === 'electron' && electron?.ok) await runElectron(electron.path, args.config, log);

  // Chromium shell.
  const reason = await ensureUiBuilt({ root: ROOT }).catch((err: unknown) => {
    fail(`Building the UI failed: ${err instanceof Error ? err.message : String(err)}`);
  });
  if (reason) log.info('start', `built the UI (${reason})`);

  if (!args.headless) checkManagedPolicy(log);
  // Maintenance mode saves to the site file and may exit to the OS ("Thoát", PIN only):
  // SIGTERM's path below, exit code 0, so a supervisor that restarts on failure leaves it stopped.
  const configFile = args.config ?? process.env.KIOSK_CONFIG;
  // "Khởi động lại ứng dụng" (maintenance, issue 14): the shell closes, the services stop and start
  // again from the site file, and Chromium loads the page anew, in this process.
  let restartRequested = false;
  const kioskOptions = {
    log,
    ...(configFile ? { configFile } : {}),
    onExit: () => process.kill(process.pid, 'SIGTERM'),
    onRestart: () => {
      restartRequested = true;
      void shell?.close().catch((err: unknown) => log.error('start', 'error while closing the shell for a restart', err));
    },
  };
  let kiosk = await createKiosk(config, kioskOptions);
  const stopping = new AbortController();
  let shell: ChromiumShell | undefined;
  let forced = false;
  const shutdown = async (signal: string) => {
    if (stopping.signal.aborted) {
      if (!forced) {
        forced = true;
        log.warn('start', `${signal} again: exiting now`);
        // Kill Chromium and remove its temporary profile synchronously before leaving.
        shell?.forceCloseSync();
        process.exit(1);
      }
      return;
    }
    log.info('start', `${signal}: stopping the kiosk`);
    stopping.abort();
    await shell?.close().catch((err: unknown) => log.error('start', 'error while closing the shell', err));
    await kiosk.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  let failures = 0;
  while (!stopping.signal.aborted) {
    const startedAt = Date.now();
    try {
      shell = await launchChromiumShell({
        kiosk,
        uiDir: UI_DIR,
        executablePath: chromium.ok ? chromium.path : undefined,
        width: config.shell.width,
        height: config.shell.height,
        headless: args.headless,
        devTools: config.shell.devTools,
        // the scanner's camera, or the submit journey's document camera (issue 12)
        camera: config.devices.scanner.kind === 'camera' || config.devices.documentCamera.kind === 'camera',
        log,
      });
      await shell.closed;
    } catch (err) {
      log.error('start', 'the Chromium shell failed to start', err);
    }
    shell = undefined;
    if (stopping.signal.aborted) break;
    if (restartRequested) {
      restartRequested = false;
      log.warn('start', 'restarting the application (maintenance mode)');
      await kiosk.stop();
      const again = loadConfig({ file: args.config });
      if (again.ok) config = again.config;
      else log.error('start', `the site config is not valid any more; restarting with the one in use:\n${formatConfigErrors(again.errors)}`);
      try {
        kiosk = await createKiosk(config, kioskOptions);
      } catch (err) {
        log.error('start', 'the kiosk failed to start again after a restart', err);
        process.exit(1);
      }
      failures = 0;
      continue;
    }
    // Back off when Chromium keeps dying; a long healthy run resets the count.
    failures = Date.now() - startedAt > 60_000 ? 1 : failures + 1;
    const delay = exponentialDelay(failures - 1, CHROMIUM_RELAUNCH_BACKOFF);
    log.warn('start', `relaunching Chromium in ${delay} ms (attempt ${failures})`);
    await sleep(delay, stopping.signal);
  }
}

void main().catch((err: unknown) => {
  process.stderr.write(`The kiosk failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
