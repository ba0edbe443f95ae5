/**
 * How a shell brings the kiosk page back after its renderer crashed: at once the first time,
 * then after a growing pause while crashes keep coming (a page that crashes on load must not
 * spin the CPU of a kiosk in a hot cabinet), and a long quiet spell starts the count again.
 * And the one origin check both shells use for our own page. Pure: no timers, no Electron.
 */
import { exponentialDelay } from '../../../common/backoff';

export interface CrashBackoff {
  /** Records a crash at `now` and says how long to wait before reloading. */
  next(now: number): number;
}

export function createCrashBackoff(opts: { firstMs?: number; capMs?: number; windowMs?: number } = {}): CrashBackoff {
  const first = opts.firstMs ?? 500;
  const cap = opts.capMs ?? 30_000;
  const window = opts.windowMs ?? 60_000;
  const crashes: number[] = [];
  return {
    next(now) {
      while (crashes.length && now - (crashes[0] as number) > window) crashes.shift();
      crashes.push(now);
      // 1st crash in the window: 0 ms; then first, 2×first, 4×first… up to cap.
      return crashes.length === 1 ? 0 : exponentialDelay(crashes.length - 2, { baseMs: first, capMs: cap });
    },
  };
}

/**
 * Whether `url` (a full URL or an origin) is exactly `scheme://host`: `app://kiosk/index.html`
 * and `app://kiosk` are; `app://kiosk.evil`, `app://kiosk@evil`, `app://kioskx` are not. WHATWG
 * URLs give custom schemes an opaque origin ("null"), so scheme and host are compared instead.
 */
export function isOwnUrl(url: string, scheme: string, host: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${scheme}:` && u.host === host && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}
