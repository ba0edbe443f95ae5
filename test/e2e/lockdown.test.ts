/**
 * The Chromium shell's lockdown, against the real shell: real Chromium (headless), the real
 * router and services, the built UI served by request routing.
 *
 * Headless Chromium has no browser accelerators, so F5 would not reload even without the
 * lockdown; the key tests therefore check both that the page survives and that the key never
 * reaches the page's own listeners (the shell swallows it first).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIOSK_ORIGIN } from '../../main/shell/chromium/index';
import { hasChromium, startKioskForTest, type KioskUnderTest } from './harness';
import { sessionSlot } from '../../main/services/session';

let k: KioskUnderTest;
beforeAll(async () => {
  k = await startKioskForTest();
  await k.page.waitForLoadState('load');
});
afterAll(async () => {
  await k?.stop();
});

type W = Window & { kiosk?: unknown; __marker?: number; __keys?: string[] };

async function setMarker(): Promise<number> {
  const marker = Math.random();
  await k.page.evaluate((m) => {
    (window as W).__marker = m;
  }, marker);
  return marker;
}
const readMarker = () => k.page.evaluate(() => (window as W).__marker);
const settle = (ms = 500) => new Promise((r) => setTimeout(r, ms));

/** Waits until the current kiosk page is our UI again with its bridge (navigations may be in flight). */
async function waitForKioskPage(): Promise<void> {
  await expect
    .poll(
      async () => {
        try {
          const page = k.page;
          if (new URL(page.url()).origin !== KIOSK_ORIGIN) return 'elsewhere';
          return await page.evaluate(() => (document.readyState === 'complete' ? typeof (window as W).kiosk : 'loading'));
        } catch {
          return 'navigating';
        }
      },
      { timeout: 15_000 },
    )
    .toBe('object');
}

describe.skipIf(!hasChromium)('Chromium shell lockdown', () => {
  it('serves the UI from its own origin with the security headers', async () => {
    expect(new URL(k.page.url()).origin).toBe(KIOSK_ORIGIN);
    const headers = await k.page.evaluate(async () => {
      const r = await fetch('./index.html');
      return { csp: r.headers.get('content-security-policy'), nosniff: r.headers.get('x-content-type-options'), type: r.headers.get('content-type') };
    });
    expect(headers.csp).toContain("default-src 'self'");
    expect(headers.nosniff).toBe('nosniff');
    expect(headers.type).toContain('text/html');
    const missing = await k.page.evaluate(async () => (await fetch('./no-such-file.js')).status);
    expect(missing).toBe(404);
    const traversal = await k.page.evaluate(async () => (await fetch('./..%2F..%2F..%2Fetc%2Fpasswd')).status);
    expect(traversal).toBe(404);
  });

  it('window.open returns null and no new page appears', async () => {
    const before = k.shell.context.pages().length;
    const result = await k.page.evaluate(() => window.open('https://example.com/', '_blank') === null);
    expect(result).toBe(true);
    await settle();
    expect(k.shell.context.pages().length).toBe(before);
  });

  it('a target=_blank link opens nothing', async () => {
    const before = k.shell.context.pages().length;
    await k.page.evaluate(() => {
      const a = document.createElement('a');
      a.href = 'https://example.com/';
      a.target = '_blank';
      a.textContent = 'away';
      a.id = 'lockdown-link';
      document.body.appendChild(a);
    });
    await k.page.locator('#lockdown-link').click();
    await settle();
    expect(k.shell.context.pages().length).toBe(before);
    expect(new URL(k.page.url()).origin).toBe(KIOSK_ORIGIN);
    await k.page.evaluate(() => document.getElementById('lockdown-link')?.remove());
  });

  it('refuses navigation to another origin and stays on the kiosk page', async () => {
    const marker = await setMarker();
    await k.page.evaluate(() => {
      location.href = 'https://example.com/';
    });
    await settle(1000);
    expect(new URL(k.page.url()).origin).toBe(KIOSK_ORIGIN);
    // The page itself was never left: its state survives.
    expect(await readMarker()).toBe(marker);
  });

  it('brings the page back when a navigation gets past the page (browser-initiated)', async () => {
    const error = await k.page.goto('https://example.com/').then(
      () => undefined,
      (e: Error) => e.message,
    );
    expect(error).toContain('ERR_BLOCKED_BY_CLIENT');
    await expect.poll(() => k.logLines.some((l) => l.includes('loading the kiosk UI again')), { timeout: 10_000 }).toBe(true);
    await waitForKioskPage();
  });

  it('suppresses the context menu', async () => {
    const prevented = await k.page.evaluate(() => {
      const e = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
      document.body.dispatchEvent(e);
      return e.defaultPrevented;
    });
    expect(prevented).toBe(true);
    // A real right click does not reach the page's own listeners either.
    await k.page.evaluate(() => {
      (window as W).__keys = [];
      document.addEventListener('contextmenu', () => (window as W).__keys!.push('contextmenu'));
    });
    await k.page.mouse.click(200, 200, { button: 'right' });
    expect(await k.page.evaluate(() => (window as W).__keys)).toEqual([]);
  });

  it('F5, Ctrl+R, Ctrl+Shift+R, F12, Ctrl+P and Alt+Left neither reload nor reach the page', async () => {
    const marker = await setMarker();
    await k.page.evaluate(() => {
      (window as W).__keys = [];
      document.addEventListener('keydown', (e) => (window as W).__keys!.push(e.key));
    });
    await k.page
      .locator('body')
      .click({ position: { x: 5, y: 5 } })
      .catch(() => {});
    for (const key of ['F5', 'Control+R', 'Control+Shift+R', 'F12', 'Control+Shift+I', 'Control+P', 'Alt+ArrowLeft', 'Control+Equal', 'Control+Minus']) {
      await k.page.keyboard.press(key);
    }
    await settle(800);
    expect(await readMarker()).toBe(marker);
    const seen = (await k.page.evaluate(() => (window as W).__keys)) ?? [];
    // Only the bare modifier presses may reach the page, never the swallowed keys.
    expect(seen.filter((key) => !['Control', 'Shift', 'Alt'].includes(key))).toEqual([]);
    // An ordinary key still reaches the page.
    await k.page.keyboard.press('a');
    expect(await k.page.evaluate(() => (window as W).__keys)).toContain('a');
  });

  it('window.kiosk is frozen, cannot be replaced, and the raw binding is hidden', async () => {
    const facts = await k.page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      const kiosk = w.kiosk as Record<string, unknown>;
      let replaced = false;
      try {
        w.kiosk = { invoke: () => 'evil' };
        replaced = w.kiosk !== kiosk;
      } catch {
        replaced = false;
      }
      let mutated = false;
      try {
        kiosk.invoke = () => 'evil';
        mutated = typeof kiosk.invoke === 'function' && (kiosk.invoke as () => unknown)() === 'evil';
      } catch {
        mutated = false;
      }
      return {
        exists: typeof kiosk === 'object' && typeof kiosk.invoke === 'function' && typeof kiosk.on === 'function',
        frozen: Object.isFrozen(kiosk),
        replaced,
        mutated,
        rawBinding: typeof w.__kioskInvoke,
        keys: Object.keys(kiosk).sort(),
      };
    });
    expect(facts).toEqual({ exists: true, frozen: true, replaced: false, mutated: false, rawBinding: 'undefined', keys: ['invoke', 'on'] });
  });

  it('an unknown channel is an error result, through window.kiosk and through the raw binding', async () => {
    const viaKiosk = await k.page.evaluate(() =>
      (window as unknown as { kiosk: { invoke(c: string, p: unknown): Promise<unknown> } }).kiosk.invoke('evil.do', {}),
    );
    expect(viaKiosk).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    // Playwright's own binding plumbing stays reachable in the page; calling our binding through
    // it still ends in the router, which refuses an unknown channel.
    const viaRaw = await k.page.evaluate(async () => {
      const ctl = (window as unknown as Record<string, { callBinding?: (...a: unknown[]) => Promise<unknown> } | undefined>)
        .__playwright__binding__controller__;
      if (!ctl?.callBinding) return { ok: false, error: { code: 'unknown_channel', message: 'no controller' } };
      return ctl.callBinding('__kioskInvoke', 'evil.do', {});
    });
    expect(viaRaw).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    // A known channel works.
    const info = await k.page.evaluate(() =>
      (window as unknown as { kiosk: { invoke(c: string, p: unknown): Promise<unknown> } }).kiosk.invoke('app.info', {}),
    );
    expect(info).toMatchObject({ ok: true, value: { kioskId: expect.any(String) } });
  });

  it('pushes events from main to listeners registered with kiosk.on', async () => {
    await k.page.evaluate(() => {
      const w = window as unknown as { kiosk: { on(e: string, l: (p: unknown) => void): () => void }; __events: unknown[] };
      w.__events = [];
      w.kiosk.on('network.status', (p) => w.__events.push(p));
    });
    k.kiosk.events.emit('network.status', { online: false, backend: 'http://127.0.0.1:1' });
    await expect
      .poll(() => k.page.evaluate(() => (window as unknown as { __events: unknown[] }).__events))
      .toEqual([{ online: false, backend: 'http://127.0.0.1:1' }]);
  });

  it('an iframe cannot reach main: our page refuses to be framed and other origins are blocked', async () => {
    // frame-ancestors 'none' and X-Frame-Options: DENY: even our own page cannot be framed.
    const result = await k.page.evaluate(async () => {
      const f = document.createElement('iframe');
      f.src = './index.html';
      document.body.appendChild(f);
      await new Promise((r) => setTimeout(r, 500));
      let out: string;
      try {
        const fw = f.contentWindow as unknown as Record<string, unknown>;
        out = `kiosk:${typeof fw.kiosk}`;
      } catch {
        out = 'inaccessible';
      }
      f.remove();
      return out;
    });
    expect(['inaccessible', 'kiosk:undefined']).toContain(result);
    const before = k.requests();
    const blocked = await k.page.evaluate(async () => {
      const f = document.createElement('iframe');
      f.src = 'https://example.com/';
      document.body.appendChild(f);
      await new Promise((r) => setTimeout(r, 500));
      let reachable = true;
      try {
        reachable = typeof (f.contentWindow as unknown as Record<string, unknown>).kiosk !== 'undefined';
      } catch {
        reachable = false;
      }
      f.remove();
      return reachable;
    });
    expect(blocked).toBe(false);
    expect(k.requests()).toBe(before);
  });

  it('denies permissions, printing and text selection', async () => {
    const facts = await k.page.evaluate(async () => {
      const geo = await navigator.permissions.query({ name: 'geolocation' as PermissionName });
      const select = new Event('selectstart', { bubbles: true, cancelable: true });
      document.body.dispatchEvent(select);
      const drag = new Event('dragstart', { bubbles: true, cancelable: true });
      document.body.dispatchEvent(drag);
      return { geo: geo.state, printIsNoop: window.print() === undefined, selectPrevented: select.defaultPrevented, dragPrevented: drag.defaultPrevented };
    });
    expect(facts).toEqual({ geo: 'denied', printIsNoop: true, selectPrevented: true, dragPrevented: true });
  });

  it("recovers from a renderer crash without a dialog, and main ends the resident's session at once", async () => {
    // A resident is mid-journey: a session with personal data in it.
    k.kiosk.session.start();
    k.kiosk.session.data.set(sessionSlot<string>('test.personal'), 'NGUYỄN VĂN AN');
    const wiped: string[] = [];
    const unwatch = k.kiosk.session.onEnd((reason) => wiped.push(reason));
    const old = k.page;
    const cdp = await k.shell.context.newCDPSession(old);
    await cdp.send('Page.crash').catch(() => {});
    // Not at the next touch: as soon as the renderer is gone.
    await expect.poll(() => wiped, { timeout: 10_000 }).toEqual(['reset']);
    unwatch();
    expect(k.kiosk.session.current).toBeNull();
    expect(k.kiosk.session.data.size).toBe(0);
    await expect.poll(() => k.page !== old, { timeout: 15_000 }).toBe(true);
    await waitForKioskPage();
    expect(k.logLines.some((l) => l.includes('the page crashed'))).toBe(true);
    expect(k.logLines.some((l) => l.includes("the kiosk page is gone (renderer crashed): the resident's session is ended"))).toBe(true);
    await k.page.screenshot({ path: 'test-results/e2e-lockdown-after-crash.png' });
  });
});
