/**
 * Issue 16: the fleet console's page in real Chromium (headless), against a real Mosquitto and
 * kiosks running the real reporter: every kiosk listed by site with its status colour, the
 * "Hết giấy" filter, one kiosk's detail, a command button signed by the console and answered by
 * the kiosk, and an axe audit (with the 48 px targets and 18 px text of test/e2e/axe.ts).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleetConsole, type FleetConsole } from '../../fleet/server';
import { generateTechnicianKeys } from '../../main/services/maintenance/token';
import { requireMosquitto, startBroker, type Broker } from '../integration/fleet-broker';
import { simKiosk, type SimKiosk } from '../integration/fleet-sim';
import { audit, NORMAL } from './axe';
import { hasChromium, chromiumForTests, RESULTS_DIR, startKioskForTest } from './harness';
import { until } from '../support/wait';

const hasBroker = requireMosquitto();

const operator = generateTechnicianKeys();
let broker: Broker;
let con: FleetConsole;
let browser: Browser;
let page: Page;
const kiosks: SimKiosk[] = [];

beforeAll(async () => {
  broker = await startBroker();
  con = await startFleetConsole({ brokerUrl: broker.url, privateKeyPem: operator.privateKeyPem, operator: 'op-e2e', log: () => {} });
  await con.ready;
  for (const [id, site] of [
    ['KIOSK-A1', 'CHUNG-CU-A'],
    ['KIOSK-A2', 'CHUNG-CU-A'],
    ['KIOSK-B1', 'TRUNG-TAM-B'],
  ] as const) {
    kiosks.push(simKiosk({ brokerUrl: broker.url, id, site, operatorKeys: [operator.publicKey] }));
  }
  kiosks[1]!.printer = 'paperOut';
  await until(
    () => con.state.kiosk('CHUNG-CU-A/KIOSK-A2')?.health?.devices.printer === 'paper_out' && con.state.kiosks().filter((k) => k.health).length === 3,
    'three kiosks reporting',
    15_000,
  );
  browser = await chromium.launch({ executablePath: chromiumForTests(), headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(con.url);
  if (errors.length) throw new Error(`the console page has errors: ${errors.join('; ')}`);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(kiosks.map((k) => k.stop()));
  await con?.close();
  await broker?.close();
});

describe.skipIf(!hasChromium || !hasBroker)('fleet console page', () => {
  it('lists every kiosk grouped by site with its status colour', async () => {
    await page.locator('.kiosk').nth(2).waitFor();
    expect(await page.locator('[data-site]').evaluateAll((els) => els.map((e) => e.getAttribute('data-site')))).toEqual(['CHUNG-CU-A', 'TRUNG-TAM-B']);
    expect(await page.locator('[data-key="CHUNG-CU-A/KIOSK-A2"]').getAttribute('data-state')).toBe('warn');
    expect(await page.locator('[data-key="CHUNG-CU-A/KIOSK-A1"]').getAttribute('data-state')).toBe('online');
    await expect.poll(() => page.locator('#summary').textContent()).toBe('3 ki-ốt, 3 đang hoạt động, 0 cần kiểm tra');
    await expect.poll(() => page.locator('#alerts li[data-kind="paper_out"]').count()).toBe(1);
    await audit(page, 'fleet-list', NORMAL);
  });

  it('filters: "Hết giấy" shows only the kiosk without paper; a live change appears without a reload', async () => {
    await page.locator('#filters').getByRole('button', { name: 'Hết giấy', exact: true }).click();
    await expect.poll(() => page.locator('.kiosk').count()).toBe(1);
    expect(await page.locator('.kiosk').getAttribute('data-key')).toBe('CHUNG-CU-A/KIOSK-A2');
    kiosks[2]!.printer = 'paperLow';
    kiosks[2]!.fleet.poke();
    await expect.poll(() => page.locator('.kiosk').count(), { timeout: 10_000 }).toBe(2);
    // 11 dossiers waiting in one kiosk's outbox (its real SQLite database): "Hồ sơ chờ gửi > 10"
    const db = new Database(join(kiosks[2]!.dataDir, 'kiosk.db'));
    const insert = db.prepare(
      "INSERT INTO outbox (id, seq, kind, local_ref, method, path, body, summary, state, next_attempt_at, created_at) VALUES (?, ?, 'dossier', ?, 'POST', '/api/v1/dossiers', '{}', '{}', 'pending', 0, ?)",
    );
    for (let i = 1; i <= 11; i++) insert.run(`id-${i}`, i, `REF-${i}`, Date.now() - 600_000);
    db.close();
    kiosks[2]!.fleet.check();
    await page.locator('#filters').getByRole('button', { name: 'Hồ sơ chờ gửi > 10', exact: true }).click();
    await expect.poll(() => page.locator('.kiosk').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('.kiosk').getAttribute('data-key')).toBe('TRUNG-TAM-B/KIOSK-B1');
    expect(con.state.kiosk('TRUNG-TAM-B/KIOSK-B1')?.health?.outbox).toMatchObject({ pending: 11 });
    expect(con.state.kiosk('TRUNG-TAM-B/KIOSK-B1')?.health?.outbox.oldestPendingSeconds).toBeGreaterThanOrEqual(599);
    await page.locator('#filters').getByRole('button', { name: 'Tất cả', exact: true }).click();
    await expect.poll(() => page.locator('.kiosk').count()).toBe(3);
  });

  it('one kiosk’s detail and a command button: the kiosk executes it and the result appears', async () => {
    await page.locator('[data-key="CHUNG-CU-A/KIOSK-A1"]').click();
    await expect.poll(() => page.locator('#detail-fields').textContent()).toContain('KIOSK-A1');
    expect(await page.locator('#detail-fields').textContent()).toContain('Máy inBình thường');
    await page.locator('#commands').getByRole('button', { name: 'In trang thử', exact: true }).click();
    await expect.poll(() => page.locator('#results li').first().getAttribute('data-outcome'), { timeout: 10_000 }).toBe('done');
    expect(kiosks[0]!.printed).toBe(1);
    expect(await page.locator('#results li').first().textContent()).toContain('In trang thử: Đã thực hiện');
    await page.locator('#commands').getByRole('button', { name: 'Tạm ngừng phục vụ', exact: true }).click();
    await expect.poll(() => kiosks[0]!.outOfService, { timeout: 10_000 }).not.toBeNull();
    await expect.poll(() => page.locator('[data-key="CHUNG-CU-A/KIOSK-A1"]').getAttribute('data-state'), { timeout: 10_000 }).toBe('warn');
    await audit(page, 'fleet-detail', NORMAL);
    await page.screenshot({ path: join(RESULTS_DIR, 'fleet-console.png') });
  });

  it('a kiosk that goes away is shown "Mất kết nối" and under that filter', async () => {
    await kiosks[2]!.fleet.stop();
    await expect.poll(() => page.locator('[data-key="TRUNG-TAM-B/KIOSK-B1"]').getAttribute('data-state'), { timeout: 10_000 }).toBe('offline');
    await page.locator('#filters').getByRole('button', { name: 'Mất kết nối', exact: true }).click();
    await expect.poll(() => page.locator('.kiosk').count()).toBe(1);
  });
});

describe.skipIf(!hasChromium || !hasBroker)('a whole kiosk (Chromium shell) obeying the console', () => {
  it('out of service from the console: the kiosk shows the closed screen, and the attract screen again when back in service', async () => {
    const k = await startKioskForTest({
      configOverrides: { kioskId: 'KIOSK-REAL', fleet: { brokerUrl: broker.url, siteId: 'CHUNG-CU-A', operatorKeys: [operator.publicKey] } },
    });
    try {
      await k.page.getByTestId('attract').waitFor();
      await until(() => con.state.kiosk('CHUNG-CU-A/KIOSK-REAL')?.connection === 'online', 'the real kiosk online at the console', 15_000);
      const post = (body: unknown) =>
        fetch(`${con.url}/api/kiosks/CHUNG-CU-A/KIOSK-REAL/commands`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      expect((await post({ op: 'out-of-service', args: { message: 'Ki-ốt đang bảo trì, mời ông/bà sang ki-ốt bên cạnh.' } })).status).toBe(202);
      await k.page.getByTestId('maint-closed').waitFor({ timeout: 10_000 });
      expect(await k.page.getByTestId('maint-closed').textContent()).toContain('Ki-ốt đang bảo trì, mời ông/bà sang ki-ốt bên cạnh.');
      await audit(k.page, 'fleet-closed', NORMAL);
      expect((await post({ op: 'in-service' })).status).toBe(202);
      await k.page.getByTestId('attract').waitFor({ timeout: 10_000 });
      await expect.poll(() => con.state.kiosk('CHUNG-CU-A/KIOSK-REAL')?.status?.service, { timeout: 10_000 }).toBe('ok');
      // an announcement pushed from the console: first in the list, on the attract screen at once
      expect((await post({ op: 'announce', args: { title: 'Lịch nghỉ Tết', body: 'Trung tâm nghỉ từ 28/01/2027.' } })).status).toBe(202);
      await expect
        .poll(async () => {
          const r = await k.kiosk.router.handle('announcements.list', {});
          return r.ok ? (r.value as { items: Array<{ title: string }> }).items[0]?.title : undefined;
        })
        .toBe('Lịch nghỉ Tết');
      await expect.poll(() => k.page.getByTestId('attract-slide').first().textContent(), { timeout: 10_000 }).toContain('Lịch nghỉ Tết');
      await audit(k.page, 'fleet-announcement', NORMAL);
    } finally {
      await k.stop();
    }
    // a graceful stop says "offline" itself
    await expect.poll(() => con.state.kiosk('CHUNG-CU-A/KIOSK-REAL')?.connection, { timeout: 10_000 }).toBe('offline');
  });
});
