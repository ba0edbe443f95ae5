/**
 * Finding a procedure in real Chromium: with the backend gone, the kiosk searches its own copy
 * of the catalogue (kept on disk from an earlier run), says how old it is, opens a procedure's
 * details, and when nothing is found offers close matches and the most used procedures. With the
 * backend up, the copy is fetched at start and searched the same forgiving way.
 */
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDate } from '../../common/vietnam-time';
import { seedCatalogueFile } from '../support/catalogue';
import { audit, NORMAL } from './axe';
import { hasChromium, startKioskForTest, type KioskUnderTest } from './harness';

const running: KioskUnderTest[] = [];
afterAll(async () => {
  for (const k of running) await k.stop();
});

async function openProcedures(page: Page): Promise<void> {
  await page.getByTestId('attract').click();
  await page.getByTestId('tile-procedures').click();
  await page.getByTestId('procedures').waitFor();
}

const firstResult = (page: Page) => page.getByTestId('procedures-list').locator('.proc-name').first();

describe.skipIf(!hasChromium)('procedure search', () => {
  it('works with the backend down, from the copy on disk, and says when the copy was made', async () => {
    const fetchedAt = new Date(Date.now() - 3 * 24 * 3_600_000);
    const k = await startKioskForTest({ backend: 'down', dataFiles: { 'catalogue.json': JSON.stringify(seedCatalogueFile(fetchedAt)) } });
    running.push(k);
    const { page } = k;
    await openProcedures(page);
    await page.getByTestId('procedures-search').fill('ho khau');
    await expect.poll(() => firstResult(page).textContent(), { timeout: 10_000 }).toBe('Đăng ký thường trú');
    const updated = await page.getByTestId('procedures-updated').textContent();
    expect(updated).toContain(formatDate(fetchedAt));
    expect(updated).toMatch(/^Danh mục thủ tục cập nhật lúc \d\d:\d\d \d\d\/\d\d\/\d{4}/);
    await audit(page, 'procedures-offline-stale', NORMAL);
    await expect.poll(() => page.getByTestId('network-banner').isVisible(), { timeout: 10_000 }).toBe(true);
    // The details come from the copy too.
    await firstResult(page).click();
    await page.getByTestId('procedure-detail').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Đăng ký thường trú');
    expect(await page.locator('.doc-list li').count()).toBeGreaterThan(0);
    await audit(page, 'procedure-detail-offline', NORMAL);
  });

  it('a search that finds nothing asks "Có phải ông/bà muốn tìm…" and offers the most used procedures', async () => {
    const { page } = running[0]!;
    await page.getByTestId('nav-back').click();
    await page.getByTestId('procedures').waitFor();
    await page.getByTestId('procedures-search').fill('kết hôn bbbbb ccccc');
    await page.getByTestId('procedures-did-you-mean').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('procedures-did-you-mean').textContent()).toBe('Có phải ông/bà muốn tìm…');
    expect(await page.getByTestId('procedures-suggestions').textContent()).toContain('Đăng ký kết hôn');
    expect(await page.getByTestId('procedures-popular').textContent()).toContain('Đăng ký khai sinh');
    await audit(page, 'procedures-no-result', NORMAL);
    await page.getByTestId('procedures-suggestions').locator('.proc-item').first().click();
    await page.getByTestId('procedure-detail').waitFor();
  });

  it('with the backend up, the fresh copy finds what residents type, and shows no date', async () => {
    const k = await startKioskForTest();
    running.push(k);
    const { page } = k;
    await openProcedures(page);
    for (const [q, name] of [
      ['dangky kethon', 'Đăng ký kết hôn'],
      ['xin phép xây nhà', 'Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ'],
      ['giấy độc thân', 'Cấp Giấy xác nhận tình trạng hôn nhân'],
    ] as const) {
      await page.getByTestId('procedures-search').fill(q);
      await expect.poll(() => firstResult(page).textContent(), { timeout: 10_000 }).toBe(name);
    }
    expect(await page.getByTestId('procedures-updated').count()).toBe(0);
  });
});
