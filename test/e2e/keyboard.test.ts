/**
 * The on-screen keyboard's text layout in real Chromium: a resident types Vietnamese with Telex
 * (the field shows the letters as they are built), switches to plain letters, uses Shift and
 * Backspace; the procedure search finds "Đăng ký khai sinh" from what was typed.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, startKioskForTest, type KioskUnderTest } from './harness';

let k: KioskUnderTest;
beforeAll(async () => {
  k = await startKioskForTest();
});
afterAll(async () => {
  await k?.stop();
});

/** Taps the keys of `keys` on the on-screen keyboard (space is the space bar). */
async function tap(page: Page, keys: string): Promise<void> {
  for (const ch of keys) await page.getByTestId(ch === ' ' ? 'key-space' : `key-${ch.toUpperCase()}`).click();
}
const field = (page: Page) => page.getByTestId('procedures-search');

describe.skipIf(!hasChromium)('on-screen keyboard, text layout', () => {
  it('types Vietnamese with Telex, shown in the field as it is built, and the search finds the procedure', async () => {
    const { page } = k;
    await page.getByTestId('attract').click();
    await page.getByTestId('tile-procedures').click();
    await page.getByTestId('procedures').waitFor();
    expect(await page.getByTestId('key-mode-telex').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.getByTestId('key-telex-hint').textContent()).toContain('dd → đ');
    await tap(page, 'dd');
    expect(await field(page).inputValue()).toBe('đ');
    await tap(page, 'aw');
    expect(await field(page).inputValue()).toBe('đă');
    await tap(page, 'ng kys khai sinh');
    expect(await field(page).inputValue()).toBe('đăng ký khai sinh');
    await expect.poll(() => page.getByTestId('procedures-list').textContent(), { timeout: 10_000 }).toContain('Đăng ký khai sinh');
    await page.screenshot({ path: 'test-results/e2e-keyboard-telex.png' });
  });

  it('Backspace takes one letter off; a repeated key undoes; Shift makes one capital', async () => {
    const { page } = k;
    await page.getByTestId('key-clear').click();
    await page.getByTestId('key-shift').click();
    await tap(page, 'nguyeenx');
    expect(await field(page).inputValue()).toBe('Nguyễn');
    expect(await page.getByTestId('key-shift').getAttribute('aria-pressed')).toBe('false');
    await page.getByTestId('key-back').click();
    expect(await field(page).inputValue()).toBe('Nguyễ');
    await page.getByTestId('key-clear').click();
    await tap(page, 'ass');
    expect(await field(page).inputValue()).toBe('as');
    // After the undo the word is typed as it is: a third s is an s, not a tone again.
    await tap(page, 's');
    expect(await field(page).inputValue()).toBe('ass');
    // Text typed on a physical keyboard is taken up by the on-screen one.
    await field(page).fill('ho khau ');
    await tap(page, 'thuwowngf');
    expect(await field(page).inputValue()).toBe('ho khau thường');
  });

  it('ABC mode types the letters as they are', async () => {
    const { page } = k;
    await page.getByTestId('key-clear').click();
    await page.getByTestId('key-mode-plain').click();
    expect(await page.getByTestId('key-mode-plain').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('key-telex-hint').count()).toBe(0);
    await tap(page, 'ddaas');
    expect(await field(page).inputValue()).toBe('ddaas');
  });
});
