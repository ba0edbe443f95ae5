/**
 * The Chromium shell (DESIGN.md, "Shells"): Debian's Chromium (or the one named in config)
 * driven by playwright-core in kiosk mode. The UI is served by request routing on a fixed
 * origin (no TCP port is opened), `window.kiosk` is built from `exposeBinding` plus an init
 * script, and the lockdown rules of the Electron shell are applied as far as Chromium allows.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readlinkSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Frame, type Page, type Route } from 'playwright-core';
import { events as eventSchemas, type BridgeResult, type EventName, type EventPayload } from '../../ipc/contract';
import type { Router } from '../../ipc/router';
import type { Logger } from '../../log';
import { answerUiRequest } from '../common/files';
import { buildInitScript } from './init-script';
import { lockDownProfile } from './profile';
import { createCrashBackoff } from '../common/recovery';

/** Our origin. `.invalid` can never resolve (RFC 6761): if routing ever failed, nothing real answers. */
export const KIOSK_ORIGIN = 'https://kiosk.invalid';
export const KIOSK_INDEX = `${KIOSK_ORIGIN}/index.html`;
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const BINDING_NAME = '__kioskInvoke';

/** What the shell needs from the kiosk (main/kiosk.ts's Kiosk satisfies it). */
export interface ShellKiosk {
  router: Router;
  events: { on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void };
  /** Told when the page's renderer crashed (main ends the resident's session). */
  rendererGone?(reason: string): void;
}

export interface ChromiumShellOptions {
  kiosk: ShellKiosk;
  /** The built UI (dist/ui), with index.html. */
  uiDir: string;
  /** Default: env KIOSK_CHROMIUM, else /usr/bin/chromium. */
  executablePath?: string | undefined;
  width?: number;
  height?: number;
  headless?: boolean;
  /** Default: a fresh temporary profile, removed on close. */
  userDataDir?: string;
  log: Logger;
  /** Developer aid: lets the devtools keys through. Never in a deployed kiosk. */
  devTools?: boolean;
  /** The scanner is the camera: grant `camera` to our origin only (everything else stays denied). */
  camera?: boolean;
  /**
   * Tests and diagnostics only: more Chromium switches, appended after the kiosk's own (e.g.
   * `--use-fake-device-for-media-stream --use-file-for-fake-video-capture=FILE` for a fake
   * camera). Never set from the kiosk config.
   */
  extraArgs?: readonly string[] | undefined;
  /**
   * Tests only: the page does not swallow browser shortcuts, so that a test can prove what the
   * profile's prefs alone stop (as when something else than the page has the keyboard focus).
   */
  testOnlyLetKeysThrough?: boolean;
  /** Tests only: Chromium's environment (e.g. DISPLAY of a test X server). Default: this process's. */
  env?: Record<string, string | undefined>;
}

export interface ChromiumShell {
  /** The kiosk page (a getter: after a crash that cannot be reloaded, a fresh page replaces it). */
  readonly page: Page;
  context: BrowserContext;
  close(): Promise<void>;
  /** Resolves when Chromium is gone, whether by close() or unexpectedly. */
  closed: Promise<void>;
  /**
   * For an exit that cannot wait (a second signal): kills Chromium at once and removes the
   * temporary profile, synchronously. Safe to call at any time, more than once.
   */
  forceCloseSync(): void;
}

/** The Chromium executable to use: option, then env KIOSK_CHROMIUM, then Debian's. */
export function resolveChromiumPath(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return explicit ?? env.KIOSK_CHROMIUM ?? DEFAULT_CHROMIUM;
}

/** Command-line switches for kiosk use (Playwright adds its own automation switches). */
export function chromiumArgs(opts: { width: number; height: number; headless: boolean; root: boolean }): string[] {
  const args = [
    '--kiosk',
    `--window-size=${opts.width},${opts.height}`,
    '--window-position=0,0',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-pinch',
    '--overscroll-history-navigation=0',
    '--disable-session-crashed-bubble',
    '--hide-crash-restore-bubble',
    '--noerrdialogs',
    '--disable-infobars',
    '--deny-permission-prompts',
    '--disable-print-preview',
    '--disable-default-apps',
    '--autoplay-policy=no-user-gesture-required',
    // Chromium keeps only the last --disable-features, so Playwright's own list is repeated here.
    `--disable-features=${[
      'Translate',
      'TranslateUI',
      'MediaRouter',
      'GlobalMediaControls',
      'HardwareMediaKeyHandling',
      'OverscrollHistoryNavigation',
      'TouchpadOverscrollHistoryNavigation',
      'AutofillServerCommunication',
      'OptimizationHints',
      'InterestFeedContentSuggestions',
      'CalculateNativeWinOcclusion',
      'NetworkTimeServiceQuerying',
      'LensOverlay',
      'AimEnabled',
      'PreconnectToSearch',
      'AvoidUnnecessaryBeforeUnloadCheckSync',
      'DestroyProfileOnBrowserClose',
      'HttpsUpgrades',
      'HttpsFirstBalancedModeAutoEnable',
      'PaintHolding',
      'ThirdPartyStoragePartitioning',
      'AvoidCorsURLLoaderRestartOnRedirect',
    ].join(',')}`,
  ];
  if (opts.root) args.push('--no-sandbox');
  return args;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Chromium's PID from the profile's SingletonLock (a symlink to "<host>-<pid>"), if it runs. */
function chromiumPidOf(userDataDir: string): number | undefined {
  try {
    const pid = Number(/-(\d+)$/.exec(readlinkSync(join(userDataDir, 'SingletonLock')))?.[1]);
    return Number.isSafeInteger(pid) && pid > 1 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Removes a temporary profile; Chromium may still flush a file or two just after it closes. */
async function removeProfile(dir: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    await rm(dir, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
    await new Promise((r) => setTimeout(r, 200));
    if (!existsSync(dir)) return;
  }
}

const refused = (message: string): BridgeResult<never> => ({ ok: false, error: { code: 'internal', message } });

export async function launchChromiumShell(opts: ChromiumShellOptions): Promise<ChromiumShell> {
  const { kiosk, log } = opts;
  const uiDir = resolve(opts.uiDir);
  if (!existsSync(join(uiDir, 'index.html'))) {
    throw new Error(`The UI is not built: ${join(uiDir, 'index.html')} is missing (run npm run build:ui)`);
  }
  const executablePath = resolveChromiumPath(opts.executablePath);
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath} (apt-get install chromium, or set KIOSK_CHROMIUM)`);
  }
  const width = opts.width ?? 1080;
  const height = opts.height ?? 1920;
  const headless = opts.headless ?? false;
  const tempProfile = opts.userDataDir === undefined;
  const userDataDir = opts.userDataDir ?? (await mkdtemp(join(tmpdir(), 'kiosk-chromium-')));
  const dispatcherName = `__kioskEvents_${randomBytes(8).toString('hex')}`;
  // The profile's own prefs close the breakout chain (translate bubble, file dialogs, printing,
  // Task Manager's End process...) whether or not the managed policy is installed.
  try {
    await lockDownProfile(userDataDir);
  } catch (err) {
    if (tempProfile) await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
    throw new Error(`Cannot write the Chromium profile's lockdown prefs in ${userDataDir}: ${err instanceof Error ? err.message : String(err)}`);
  }
  // However the process ends, a temporary profile (cookies, cache of a resident's pages) goes.
  let forced = false;
  const forceCloseSync = (): void => {
    if (forced) return;
    forced = true;
    const pid = chromiumPidOf(userDataDir);
    if (pid !== undefined) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    if (tempProfile) {
      try {
        rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3 });
      } catch {
        /* nothing more can be done on the way out */
      }
    }
  };
  process.once('exit', forceCloseSync);

  log.info('shell', `launching Chromium ${executablePath} (${headless ? 'headless' : 'kiosk window'} ${width}x${height})`);
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless,
      viewport: headless ? { width, height } : null,
      ignoreDefaultArgs: ['--enable-automation', '--disable-popup-blocking'],
      args: [...chromiumArgs({ width, height, headless, root: process.getuid?.() === 0 }), ...(opts.extraArgs ?? [])],
      acceptDownloads: false,
      serviceWorkers: 'block',
      bypassCSP: false,
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      ...(opts.env ? { env: opts.env } : {}),
    });
  } catch (err) {
    process.removeListener('exit', forceCloseSync);
    if (tempProfile) await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
    throw err;
  }

  let closing = false;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  const unsubscribers: Array<() => void> = [];
  let page!: Page;
  let allowNewPage = false;
  let pending: Array<[string, unknown]> = [];

  context.on('close', () => {
    for (const u of unsubscribers.splice(0)) u();
    if (!closing) log.error('shell', 'Chromium exited unexpectedly');
    const cleanup = tempProfile ? removeProfile(userDataDir) : Promise.resolve();
    void cleanup.then(() => {
      process.removeListener('exit', forceCloseSync);
      resolveClosed();
    });
  });

  // Serve the UI for our origin; every other origin is refused before it reaches the network.
  await context.route('**/*', async (route: Route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (url.origin !== KIOSK_ORIGIN) {
      if (request.isNavigationRequest()) log.warn('shell', `blocked navigation to ${url.origin}`);
      else log.debug('shell', `blocked request to ${url.origin}`);
      await route.abort('blockedbyclient').catch(() => {});
      return;
    }
    const answer = await answerUiRequest(uiDir, url.pathname, request.method(), { camera: opts.camera === true });
    if (answer.status !== 200) log.warn('shell', `${request.method()} ${url.pathname} -> ${answer.status}`);
    await route.fulfill({ status: answer.status, headers: answer.headers, body: answer.body }).catch(() => {});
  });

  // Refuse every permission (CDP grantPermissions with an empty list rejects all others).
  await context.grantPermissions([]).catch(() => {});
  await context.grantPermissions(opts.camera ? ['camera'] : [], { origin: KIOSK_ORIGIN }).catch(() => {});

  await context.exposeBinding(BINDING_NAME, async (source: { frame: Frame; page: Page }, channel: unknown, payload: unknown) => {
    if (source.page !== page || source.frame !== page.mainFrame() || originOf(source.frame.url()) !== KIOSK_ORIGIN) {
      log.warn('shell', `refused a bridge call from ${originOf(source.frame.url()) ?? 'an unknown frame'}`);
      return refused('Refused: not the kiosk page');
    }
    return kiosk.router.handle(channel, payload);
  });
  await context.addInitScript({
    content: buildInitScript({
      origin: KIOSK_ORIGIN,
      bindingName: BINDING_NAME,
      dispatcherName,
      allowDevTools: opts.devTools === true,
      swallowKeys: opts.testOnlyLetKeysThrough !== true,
    }),
  });

  // Events from main: pushed into the page's dispatcher; kept while the page is (re)loading.
  const push = async (name: string, payload: unknown): Promise<void> => {
    const expr = `(() => { const f = window[${JSON.stringify(dispatcherName)}]; if (typeof f !== 'function') return false; f(${JSON.stringify(name)}, ${JSON.stringify(payload)}); return true; })()`;
    let delivered = false;
    try {
      delivered = (await page.evaluate(expr)) === true;
    } catch {
      delivered = false;
    }
    if (!delivered && !closing) {
      if (pending.length < 100) pending.push([name, payload]);
      log.debug('shell', `event ${name} queued until the page is ready`);
    }
  };
  const flush = async (): Promise<void> => {
    const items = pending;
    pending = [];
    for (const [name, payload] of items) await push(name, payload);
  };
  for (const name of Object.keys(eventSchemas) as EventName[]) {
    unsubscribers.push(kiosk.events.on(name, (payload) => void push(name, payload)));
  }

  // Popups and new pages are closed at once.
  context.on('page', (p) => {
    if (allowNewPage) return;
    log.warn('shell', 'closed a new window the page tried to open');
    void p.close().catch(() => {});
  });

  const returns: number[] = [];
  const goHome = async (why: string): Promise<void> => {
    if (closing) return;
    const now = Date.now();
    while (returns.length && now - returns[0]! > 60_000) returns.shift();
    returns.push(now);
    if (returns.length > 10) {
      log.error('shell', `not returning to the UI (${why}): too many returns in a minute`);
      return;
    }
    log.warn('shell', `${why}: loading the kiosk UI again`);
    try {
      await page.goto(KIOSK_INDEX, { waitUntil: 'domcontentloaded', timeout: 15_000 });
    } catch (err) {
      if (!closing) log.error('shell', 'could not load the kiosk UI', err);
    }
  };

  // A page that keeps crashing is brought back after a growing pause, not in a tight loop.
  const crashBackoff = createCrashBackoff();
  // Playwright cannot navigate a crashed page again, so a fresh page replaces it.
  const replaceCrashedPage = async (): Promise<void> => {
    const old = page;
    allowNewPage = true;
    try {
      const fresh = await context.newPage();
      attach(fresh);
      await old.close().catch(() => {});
      await fresh.goto(KIOSK_INDEX, { waitUntil: 'domcontentloaded', timeout: 15_000 });
      log.info('shell', 'kiosk UI reloaded after the crash');
    } catch (err) {
      if (!closing) log.error('shell', 'could not replace the crashed page', err);
    } finally {
      allowNewPage = false;
    }
  };

  function attach(p: Page): void {
    page = p;
    p.on('crash', () => {
      if (p !== page || closing) return;
      const delay = crashBackoff.next(Date.now());
      log.error('shell', `the page crashed; reloading the kiosk UI${delay ? ` in ${delay} ms` : ''}`);
      try {
        kiosk.rendererGone?.('renderer crashed');
      } catch (err) {
        log.error('shell', 'ending the session after the crash failed', err);
      }
      setTimeout(() => {
        if (!closing) void replaceCrashedPage();
      }, delay);
    });
    p.on('framenavigated', (frame) => {
      if (p !== page || frame !== p.mainFrame()) return;
      const origin = originOf(frame.url());
      if (origin !== KIOSK_ORIGIN) void goHome(`the page left our origin (${frame.url().slice(0, 120)})`);
    });
    p.on('domcontentloaded', () => {
      if (p === page && pending.length) void flush();
    });
    p.on('dialog', (d) => void d.dismiss().catch(() => {}));
    p.on('download', (d) => void d.cancel().catch(() => {}));
    p.on('pageerror', (err) => log.warn('ui', `page error: ${err.message}`));
    p.on('console', (m) => {
      if (m.type() !== 'error') return;
      // The UI's meta CSP repeats frame-ancestors, which only the header can carry; not a fault.
      if (m.text().includes('delivered via a <meta> element')) log.debug('ui', `console: ${m.text()}`);
      else log.warn('ui', `console error: ${m.text()}`);
    });
  }

  attach(
    context.pages()[0] ??
      (await (async () => {
        allowNewPage = true;
        try {
          return await context.newPage();
        } finally {
          allowNewPage = false;
        }
      })()),
  );
  for (const extra of context.pages()) if (extra !== page) await extra.close().catch(() => {});

  try {
    await page.goto(KIOSK_INDEX, { waitUntil: 'domcontentloaded', timeout: 30_000 });
  } catch (err) {
    closing = true;
    await context.close().catch(() => {});
    await closed;
    throw err;
  }
  log.info('shell', `kiosk UI loaded at ${KIOSK_ORIGIN}`);

  return {
    get page() {
      return page;
    },
    context,
    closed,
    forceCloseSync,
    async close() {
      if (!closing) {
        closing = true;
        log.info('shell', 'closing Chromium');
        for (const u of unsubscribers.splice(0)) u();
        await context.close().catch(() => {});
      }
      await closed;
    },
  };
}
