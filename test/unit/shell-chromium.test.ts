/** Pure parts of the Chromium shell: its switches, its init script, its CSP, finding executables. */
import { readFileSync } from 'node:fs';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { UI_CSP, uiSecurityHeaders } from '../../main/shell/common/csp';
import { chromiumArgs, DEFAULT_CHROMIUM, KIOSK_ORIGIN, resolveChromiumPath } from '../../main/shell/chromium/index';
import { buildInitScript } from '../../main/shell/chromium/init-script';
import { findChromium, hasDisplay } from '../../main/shell/detect';

describe('Chromium switches', () => {
  it('runs in kiosk mode at the configured size, without background traffic', () => {
    const args = chromiumArgs({ width: 1080, height: 1920, headless: false, root: false });
    for (const a of [
      '--kiosk',
      '--window-size=1080,1920',
      '--no-first-run',
      '--disable-pinch',
      '--disable-sync',
      '--disable-background-networking',
      '--disable-component-update',
      '--overscroll-history-navigation=0',
    ]) {
      expect(args).toContain(a);
    }
    const features = args.filter((a) => a.startsWith('--disable-features='));
    expect(features).toHaveLength(1);
    expect(features[0]).toContain('Translate');
    expect(args).not.toContain('--no-sandbox');
    expect(args).not.toContain('--enable-automation');
  });

  it('drops the sandbox only when running as root', () => {
    expect(chromiumArgs({ width: 800, height: 600, headless: true, root: true })).toContain('--no-sandbox');
  });

  it('finds Chromium from the option, then KIOSK_CHROMIUM, then Debian', () => {
    expect(resolveChromiumPath('/opt/c', { KIOSK_CHROMIUM: '/x' })).toBe('/opt/c');
    expect(resolveChromiumPath(undefined, { KIOSK_CHROMIUM: '/x' })).toBe('/x');
    expect(resolveChromiumPath(undefined, {})).toBe(DEFAULT_CHROMIUM);
  });

  it('says what is missing and how to get it', () => {
    const r = findChromium('/no/such/chromium', {});
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.missing).toContain('/no/such/chromium');
      expect(r.howTo).toContain('apt-get install chromium');
      expect(r.howTo).toContain('KIOSK_CHROMIUM');
    }
  });

  it('knows when there is no display', () => {
    expect(hasDisplay({})).toBe(false);
    expect(hasDisplay({ DISPLAY: ':99' })).toBe(true);
    expect(hasDisplay({ WAYLAND_DISPLAY: 'wayland-0' })).toBe(true);
  });
});

describe('init script', () => {
  const script = buildInitScript({ origin: KIOSK_ORIGIN, bindingName: '__kioskInvoke', dispatcherName: '__kioskEvents_x' });

  it('is valid JavaScript and names our origin, binding and dispatcher', () => {
    expect(() => new Script(script)).not.toThrow();
    expect(script).toContain(JSON.stringify(KIOSK_ORIGIN));
    expect(script).toContain('"__kioskInvoke"');
    expect(script).toContain('"__kioskEvents_x"');
  });

  it('keeps the devtools keys only as a developer aid', () => {
    expect(script).toContain('devtools');
    const dev = buildInitScript({ origin: KIOSK_ORIGIN, bindingName: 'b', dispatcherName: 'd', allowDevTools: true });
    expect(dev).not.toContain('"why":"devtools');
  });
});

describe('CSP', () => {
  it('is the same policy as the meta tag of ui/index.html', () => {
    const html = readFileSync(new URL('../../ui/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(UI_CSP);
  });

  it('comes with nosniff and a deny-all framing policy', () => {
    const h = uiSecurityHeaders();
    expect(h['X-Content-Type-Options']).toBe('nosniff');
    expect(h['X-Frame-Options']).toBe('DENY');
    expect(h['Content-Security-Policy']).toContain("frame-ancestors 'none'");
  });
});

describe('the Chromium managed policy shipped for deployments (deploy/chromium/kiosk-policy.json)', () => {
  const policy = JSON.parse(readFileSync(new URL('../../deploy/chromium/kiosk-policy.json', import.meta.url), 'utf8')) as Record<string, unknown>;

  it('turns off downloads, the print dialog, sign-in, extra windows and file dialogs', () => {
    expect(policy).toMatchObject({
      DownloadRestrictions: 3,
      PrintingEnabled: false,
      BrowserSignin: 0,
      IncognitoModeAvailability: 1,
      BrowserGuestModeEnabled: false,
      AllowFileSelectionDialogs: false,
    });
  });

  it('never sets DeveloperToolsAvailability or RemoteDebuggingAllowed: they close the pipe playwright-core drives Chromium through', () => {
    // Checked by hand with Debian's Chromium: with DeveloperToolsAvailability 2 the browser closes
    // the page playwright-core opens ("Target page, context or browser has been closed").
    expect(policy).not.toHaveProperty('DeveloperToolsAvailability');
    expect(policy).not.toHaveProperty('RemoteDebuggingAllowed');
  });
});

describe('init script key rules', () => {
  it('swallows the table by default, and nothing only when a test lets the keys through', () => {
    const base = { origin: KIOSK_ORIGIN, bindingName: '__b', dispatcherName: '__d' };
    expect(buildInitScript(base)).toContain('"why":"Task Manager');
    const open = buildInitScript({ ...base, swallowKeys: false });
    expect(open).toContain('var RULES = [];');
    expect(() => new Script(open)).not.toThrow();
  });
});
