/**
 * Breaking out of the kiosk with a USB keyboard, tried for real: Chromium headed in kiosk mode on
 * a real X server (Xvfb), keys pressed through the X server with xdotool (so Chromium's own
 * accelerators see them, as they see a keyboard plugged into the kiosk), windows looked for with
 * xwininfo and the screen read from Xvfb's framebuffer.
 *
 * The chain found at a kiosk (issue 10): the translate bubble took the focus from the page; from
 * there Shift+Esc opened the Task Manager ("End task" killed the page), Ctrl+O the system's file
 * dialog, Ctrl+P a print dialog with "Print to file". Two layers close it, and each is proved here:
 *   1. the page swallows the shortcuts (init script), and there is no bubble to steal the focus;
 *   2. the profile's own prefs (main/shell/chromium/profile.ts) stop file dialogs, printing and
 *      End process even when a key reaches the browser, with no managed policy installed.
 */
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIOSK_ORIGIN } from '../../main/shell/chromium/index';
import { hasChromium, SCREEN, startKioskForTest, type KioskUnderTest } from './harness';
import { startXServer, xServerUnavailable, type Frame, type XServer, type XWindow } from './xserver';
import { requirePeer } from '../support/peers';

const hasXServer = requirePeer('Xvfb, xdotool and x11-utils', xServerUnavailable() ?? true, 'apt-get install xvfb xdotool x11-utils');

let x: XServer;
beforeAll(async () => {
  x = await startXServer(SCREEN);
});
afterAll(async () => {
  await x?.stop();
});

type W = Window & { __marker?: number; __keys?: string[] };
const MODIFIERS = ['Control', 'Shift', 'Alt', 'Meta'];

/** Windows on screen that are not the kiosk's own window. */
async function foreignWindows(k: KioskUnderTest): Promise<XWindow[]> {
  const title = await k.page.title();
  return (await x.viewableWindows()).filter((w) => !(w.name.startsWith(title) && w.x === 0 && w.y === 0));
}

/** Waits up to `ms` for a foreign window; returns those seen (empty: none appeared). */
async function windowsWithin(k: KioskUnderTest, ms: number): Promise<XWindow[]> {
  const until = Date.now() + ms;
  for (;;) {
    const seen = await foreignWindows(k);
    if (seen.length || Date.now() >= until) return seen;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Pixels in the band `[0, rows)` where the screen differs from what the page itself rendered
 * (its own screenshot). Browser UI drawn over the page (a bubble, an infobar) shows up here.
 */
async function foreignPixels(k: KioskUnderTest, rows: number, screen?: Frame): Promise<number> {
  const frame = screen ?? x.frame();
  const shot = PNG.sync.read(await k.page.screenshot({ clip: { x: 0, y: 0, width: SCREEN.width - 1, height: rows } }));
  let differing = 0;
  for (let y = 0; y < Math.min(rows, shot.height); y++) {
    for (let col = 0; col < Math.min(shot.width, frame.width); col++) {
      const s = (y * shot.width + col) * 4;
      const f = (y * frame.width + col) * 3;
      const d = Math.max(
        Math.abs((shot.data[s] as number) - (frame.rgb[f] as number)),
        Math.abs((shot.data[s + 1] as number) - (frame.rgb[f + 1] as number)),
        Math.abs((shot.data[s + 2] as number) - (frame.rgb[f + 2] as number)),
      );
      if (d > 60) differing++;
    }
  }
  return differing;
}

/**
 * A real tap on the page, then until a key pressed on the X server reaches the page's keydown
 * listener. `document.hasFocus()` turns true before the X input focus has settled on Chromium's
 * window under load, and a shortcut pressed in that gap goes nowhere (CI saw Ctrl+O vanish so).
 * The probe is Shift alone, which no browser or page acts on; it is pressed again until seen.
 */
async function focusPage(k: KioskUnderTest): Promise<void> {
  await x.click(540, 1600);
  await expect.poll(() => k.page.evaluate(() => document.hasFocus()), { timeout: 10_000 }).toBe(true);
  await listen(k);
  await k.page.evaluate(() => ((window as W).__keys = []));
  await expect
    .poll(
      async () => {
        if (await k.page.evaluate(() => ((window as W).__keys ?? []).includes('Shift'))) return true;
        await x.key('shift');
        return false;
      },
      { timeout: 10_000, interval: 250 },
    )
    .toBe(true);
}

/** Records the keys that reach the page (installed once per page). */
async function listen(k: KioskUnderTest): Promise<void> {
  await k.page.evaluate(() => {
    const w = window as W & { __listening?: boolean };
    w.__keys ??= [];
    if (!w.__listening) {
      w.__listening = true;
      document.addEventListener('keydown', (e) => (window as W).__keys?.push(e.key));
    }
  });
}

async function setMarker(k: KioskUnderTest): Promise<number> {
  const marker = Math.random();
  await listen(k);
  await k.page.evaluate((m) => {
    const w = window as W;
    w.__marker = m;
    w.__keys = [];
  }, marker);
  return marker;
}

/** The bubble appeared within about 2 s of load at the kiosk: watch well past that. */
const BUBBLE_WATCH_MS = 4000;
const HEADER_ROWS = 140;

describe.skipIf(!hasChromium || !hasXServer)('keyboard breakout, page focused (both layers)', () => {
  let k: KioskUnderTest;
  beforeAll(async () => {
    k = await startKioskForTest({ display: x.display });
    await k.page.waitForLoadState('load');
  });
  afterAll(async () => {
    await k?.stop();
  });

  it('shows no translate bubble (or any browser UI) over the attract screen', async () => {
    // The detector itself: a bubble-sized white box drawn on screen and gone from the page's own
    // picture must count as foreign pixels.
    await k.page.evaluate(() => {
      const b = document.createElement('div');
      b.id = 'fake-bubble';
      b.style.cssText = 'position:fixed;top:4px;right:20px;width:330px;height:56px;background:#fff;z-index:99999';
      document.body.appendChild(b);
    });
    await expect
      .poll(
        async () => {
          const f = x.frame();
          const i = (30 * f.width + 900) * 3;
          return f.rgb[i] === 255 && f.rgb[i + 1] === 255 && f.rgb[i + 2] === 255;
        },
        { timeout: 5000 },
      )
      .toBe(true);
    const screen = x.frame();
    await k.page.evaluate(() => document.getElementById('fake-bubble')?.remove());
    expect(await foreignPixels(k, HEADER_ROWS, screen)).toBeGreaterThan(10_000);

    // The real screen, watched for a while after load: nothing but the page.
    const until = Date.now() + BUBBLE_WATCH_MS;
    let worst = 0;
    while (Date.now() < until) {
      worst = Math.max(worst, await foreignPixels(k, HEADER_ROWS));
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(worst).toBeLessThan(500);
    expect(await foreignWindows(k)).toEqual([]);
  });

  it('swallows every browser shortcut pressed on a real keyboard: no window, no dialog, the page stays', async () => {
    await focusPage(k); // a real touch on the page, as a resident starts
    const marker = await setMarker(k);
    const keys = [
      'shift+Escape',
      'ctrl+o',
      'ctrl+p',
      'ctrl+s',
      'F1',
      'ctrl+shift+Delete',
      'ctrl+shift+b',
      'ctrl+shift+o',
      'ctrl+h',
      'ctrl+j',
      'alt+f',
      'alt+e',
      'F10',
      'shift+F10',
      'Menu',
      'ctrl+shift+n',
      'ctrl+n',
      'ctrl+t',
      'F6',
      'ctrl+l',
      'ctrl+u',
      'ctrl+shift+i',
      'F12',
      'ctrl+shift+m',
      'alt+shift+i',
      'F11',
      'alt+Home',
      'ctrl+w',
      'ctrl+q',
    ];
    const opened: string[] = [];
    for (const key of keys) {
      await x.key(key);
      const seen = await windowsWithin(k, 400);
      if (seen.length) {
        opened.push(`${key}: ${seen.map((w) => w.name || w.id).join(', ')}`);
        for (const w of seen) await x.closeWindow(w.id);
      }
    }
    expect(opened).toEqual([]);
    expect(await windowsWithin(k, 1000)).toEqual([]);
    expect(new URL(k.page.url()).origin).toBe(KIOSK_ORIGIN);
    expect(await k.page.evaluate(() => (window as W).__marker)).toBe(marker);
    const reached = ((await k.page.evaluate(() => (window as W).__keys)) ?? []).filter((key) => !MODIFIERS.includes(key));
    expect(reached).toEqual([]);
    expect(k.shell.context.pages()).toHaveLength(1);
    expect(k.logLines.filter((l) => l.includes('closed a new window'))).toEqual([]);
    // The keyboard still types into the page.
    await x.key('a');
    await expect.poll(() => k.page.evaluate(() => (window as W).__keys)).toContain('a');
  });
});

describe.skipIf(!hasChromium || !hasXServer)('keyboard breakout, the keys reach the browser (the profile alone, no managed policy)', () => {
  let k: KioskUnderTest;
  beforeAll(async () => {
    k = await startKioskForTest({ display: x.display, letKeysThrough: true });
    await k.page.waitForLoadState('load');
  });
  afterAll(async () => {
    await k?.stop();
  });

  it('Ctrl+O, Ctrl+S and Ctrl+P open no file or print dialog', async () => {
    await focusPage(k);
    const marker = await setMarker(k);
    for (const key of ['ctrl+o', 'ctrl+s', 'ctrl+p']) {
      await x.key(key);
      const seen = await windowsWithin(k, 1500);
      for (const w of seen) await x.closeWindow(w.id);
      expect(seen.map((w) => `${key}: ${w.name}`)).toEqual([]);
    }
    // The keys did reach the page this time (nothing swallowed them there).
    expect(await k.page.evaluate(() => (window as W).__keys)).toEqual(expect.arrayContaining(['o', 's', 'p']));
    expect(await k.page.evaluate(() => (window as W).__marker)).toBe(marker);
  });

  it("Shift+Esc reaches the browser's Task Manager, whose End task cannot kill the page", async () => {
    await focusPage(k);
    const marker = await setMarker(k);
    await x.key('shift+Escape');
    // The positive control: with the keys let through, Chromium's own window does open.
    let tm: XWindow | undefined;
    await expect
      .poll(
        async () => {
          tm = (await foreignWindows(k)).find((w) => /task manager/i.test(w.name));
          return tm !== undefined;
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    const win = tm as XWindow;
    // The kiosk's own tab is the selected row; "End task" sits at the bottom right.
    await x.click(win.x + win.width - 66, win.y + win.height - 39);
    await x.key('Return');
    await x.closeWindow(win.id);
    await expect.poll(async () => (await foreignWindows(k)).length, { timeout: 5000 }).toBe(0);
    // Had End task worked, the renderer would be gone and the shell would have loaded a new page.
    expect(k.logLines.filter((l) => l.includes('crashed'))).toEqual([]);
    expect(await k.page.evaluate(() => (window as W).__marker)).toBe(marker);
  });
});
