/**
 * The Electron shell (DESIGN.md, "Shells"): the product's shell. Built by electron-forge's Vite
 * plugin into .vite/build/main.js (ESM). The UI is served from the `app://kiosk/` protocol out of
 * the renderer build, with the same CSP and path checks as the Chromium shell, and every
 * lockdown rule the Chromium shell applies from the page is applied here from main.
 *
 * Electron's binary cannot be downloaded on build machines, so this file is type-checked there
 * but only runs on a machine with Electron installed.
 */
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, Menu, protocol, session, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { formatConfigErrors, loadConfig } from '../../../kiosk-config/loader';
import { events as eventSchemas, type EventName } from '../../ipc/contract';
import { createKiosk, type Kiosk } from '../../kiosk';
import { createLogger } from '../../log';
import { answerUiRequest } from '../common/files';
import { UI_CSP } from '../common/csp';
import { matchKeyRule, SWALLOWED_KEYS } from '../common/keys';
import { createCrashBackoff, isOwnUrl } from '../common/recovery';

declare const MAIN_WINDOW_VITE_DEV_SERVER_URL: string | undefined;

const SCHEME = 'app';
const ORIGIN = 'app://kiosk';
const INDEX = `${ORIGIN}/index.html`;
/** The renderer build of forge's Vite plugin, next to .vite/build/main.js. */
const UI_DIR = fileURLToPath(new URL(/* @vite-ignore */ '../renderer/main_window/', import.meta.url));
const DEV_URL = typeof MAIN_WINDOW_VITE_DEV_SERVER_URL === 'string' ? MAIN_WINDOW_VITE_DEV_SERVER_URL : undefined;
const START_URL = DEV_URL ?? INDEX;
const ALLOWED_ORIGIN = DEV_URL ? new URL(DEV_URL).origin : ORIGIN;
const UNRESPONSIVE_GRACE_MS = 15_000;

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}

function isOurs(url: string): boolean {
  try {
    return new URL(url).origin === ALLOWED_ORIGIN;
  } catch {
    return false;
  }
}

protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // A failed start leaves no window behind and no process waiting: it says why and exits non-zero,
  // as `npm start` does, so the system's service manager restarts it.
  main().catch((err: unknown) => {
    process.stderr.write(`The kiosk failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    app.exit(1);
  });
}

async function main(): Promise<void> {
  const loaded = loadConfig({ file: argValue('--config') });
  if (!loaded.ok) {
    process.stderr.write(`${formatConfigErrors(loaded.errors)}\n`);
    app.exit(1);
    return;
  }
  const config = loaded.config;
  const log = createLogger({ level: config.log.level });
  const devTools = config.shell.devTools;
  const camera = config.devices.scanner.kind === 'camera';
  const keyRules = devTools ? SWALLOWED_KEYS.filter((r) => !r.why.startsWith('devtools')) : SWALLOWED_KEYS;

  Menu.setApplicationMenu(null);
  await app.whenReady();
  const kiosk: Kiosk = await createKiosk(config, { log });
  let win: BrowserWindow | undefined;

  protocol.handle(SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'kiosk') return new Response('Not found', { status: 404 });
    const answer = await answerUiRequest(UI_DIR, url.pathname, request.method, { camera });
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(answer.body), {
      status: answer.status,
      headers: answer.headers,
    });
  });

  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [UI_CSP] } });
  });
  // Everything is denied, except the camera (video only, our own origin) when the scanner is the
  // kiosk's camera.
  const cameraRequest = (permission: string, origin: string, mediaTypes?: readonly string[]) =>
    camera && permission === 'media' && (DEV_URL ? isOurs(origin) : isOwnUrl(origin, SCHEME, 'kiosk')) && (mediaTypes ?? ['video']).every((t) => t === 'video');
  ses.setPermissionRequestHandler((wc, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    if (cameraRequest(permission, details.requestingUrl ?? wc.getURL(), mediaTypes)) return callback(true);
    log.warn('shell', `denied permission request: ${permission}`);
    callback(false);
  });
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) => cameraRequest(permission, requestingOrigin));
  ses.on('will-download', (event, item) => {
    log.warn('shell', `refused a download of ${item.getFilename()}`);
    event.preventDefault();
    item.cancel();
  });

  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler(({ url }) => {
      log.warn('shell', `refused to open a window for ${url.slice(0, 120)}`);
      return { action: 'deny' };
    });
    const guard = (event: { preventDefault(): void }, url: string) => {
      if (isOurs(url)) return;
      log.warn('shell', `blocked navigation to ${url.slice(0, 120)}`);
      event.preventDefault();
    };
    contents.on('will-navigate', guard);
    contents.on('will-redirect', guard);
    contents.on('will-frame-navigate', (event) => guard(event, event.url));
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.on('context-menu', (event) => event.preventDefault());
    contents.on('before-input-event', (event, input) => {
      if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return;
      const rule = matchKeyRule({ key: input.key, ctrl: input.control, shift: input.shift, alt: input.alt, meta: input.meta }, keyRules);
      if (rule) event.preventDefault();
    });
  });

  // Only our own main frame may call main.
  ipcMain.handle('kiosk:invoke', async (event: IpcMainInvokeEvent, channel: unknown, payload: unknown) => {
    const frame = event.senderFrame;
    if (!win || event.sender !== win.webContents || !frame || frame !== win.webContents.mainFrame || !isOurs(frame.url)) {
      log.warn('shell', 'refused a bridge call from a frame that is not the kiosk page');
      return { ok: false, error: { code: 'internal', message: 'Refused: not the kiosk page' } };
    }
    return kiosk.router.handle(channel, payload);
  });
  const unsubscribers = (Object.keys(eventSchemas) as EventName[]).map((name) =>
    kiosk.events.on(name, (payload) => {
      if (win && !win.isDestroyed()) win.webContents.send('kiosk:event', name, payload);
    }),
  );

  let quitting = false;
  const crashBackoff = createCrashBackoff();
  const createWindow = (): BrowserWindow => {
    const w = new BrowserWindow({
      width: config.shell.width,
      height: config.shell.height,
      kiosk: true,
      fullscreen: true,
      frame: false,
      show: false,
      autoHideMenuBar: true,
      backgroundColor: '#ffffff',
      webPreferences: {
        preload: fileURLToPath(new URL(/* @vite-ignore */ './preload.js', import.meta.url)),
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        devTools,
        spellcheck: false,
        navigateOnDragDrop: false,
        disableBlinkFeatures: 'Auxclick',
      },
    });
    w.once('ready-to-show', () => w.show());
    w.webContents.setVisualZoomLevelLimits(1, 1).catch(() => {});
    w.webContents.on('render-process-gone', (_e, details) => {
      kiosk.rendererGone(`renderer ${details.reason}`);
      const delay = crashBackoff.next(Date.now());
      log.error('shell', `renderer gone (${details.reason}); reloading the kiosk UI${delay ? ` in ${delay} ms` : ''}`);
      setTimeout(() => {
        if (!w.isDestroyed() && !quitting) void w.loadURL(START_URL);
      }, delay);
    });
    // Alt+F4 (or a window manager's close) must not leave the screen empty: only quitting closes.
    w.on('close', (event) => {
      if (quitting) return;
      event.preventDefault();
      log.warn('shell', 'refused to close the kiosk window');
    });
    w.on('closed', () => {
      if (quitting || win !== w) return;
      log.error('shell', 'the kiosk window was closed; opening it again');
      win = createWindow();
    });
    let unresponsive: NodeJS.Timeout | undefined;
    w.on('unresponsive', () => {
      log.warn('shell', 'the page is unresponsive');
      unresponsive ??= setTimeout(() => {
        unresponsive = undefined;
        log.error('shell', `the page stayed unresponsive for ${UNRESPONSIVE_GRACE_MS} ms; reloading`);
        if (!w.isDestroyed()) w.webContents.forcefullyCrashRenderer();
      }, UNRESPONSIVE_GRACE_MS);
    });
    w.on('responsive', () => {
      if (unresponsive) clearTimeout(unresponsive);
      unresponsive = undefined;
    });
    void w.loadURL(START_URL);
    return w;
  };

  win = createWindow();
  app.on('second-instance', () => {
    if (win && !win.isDestroyed()) win.focus();
  });
  app.on('window-all-closed', () => {
    if (quitting) app.quit();
  });
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    for (const u of unsubscribers) u();
    void kiosk.stop().finally(() => app.exit(0));
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
  log.info('shell', `Electron shell started (${START_URL})`);
}
