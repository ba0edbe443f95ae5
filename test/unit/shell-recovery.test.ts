/** Crash-reload backoff and the exact origin check of the shells (main/shell/common/recovery.ts). */
import { describe, expect, it } from 'vitest';
import { createCrashBackoff, isOwnUrl } from '../../main/shell/common/recovery';

describe('crash reload backoff', () => {
  it('reloads at once after one crash, then waits longer while crashes keep coming, up to the cap', () => {
    const b = createCrashBackoff({ firstMs: 500, capMs: 30_000, windowMs: 60_000 });
    const delays = [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000].map((t) => b.next(t));
    expect(delays).toEqual([0, 500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });

  it('starts again after a quiet minute', () => {
    const b = createCrashBackoff();
    b.next(0);
    b.next(1000);
    expect(b.next(2000)).toBe(1000);
    expect(b.next(200_000)).toBe(0);
  });
});

describe('our own origin, exactly', () => {
  it.each([
    ['app://kiosk/index.html', true],
    ['app://kiosk', true],
    ['app://kiosk/', true],
    ['app://kiosk.evil/index.html', false],
    ['app://kioskx/', false],
    ['app://evil@kiosk/', false],
    ['app://kiosk:8080/', false],
    ['https://kiosk/', false],
    ['file:///app/kiosk', false],
    ['not a url', false],
  ])('%s → %s', (url, ok) => {
    expect(isOwnUrl(url, 'app', 'kiosk')).toBe(ok);
  });
});
