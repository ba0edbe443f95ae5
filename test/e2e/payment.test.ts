/**
 * Paying a dossier's fees end to end (issue 12): real Chromium through the Chromium shell, the
 * real router and services, the embedded sandbox over real HTTP (its test-only simulate route
 * stands for the bank), the simulated printer. Paid, expired, double taps, and a payment still
 * pending across a kiosk restart; axe on every payment screen.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createZxingWasmDecoder } from '../../ui/camera/zxing-wasm';
import { buildSeedDossiers } from '../../sandbox/seed';
import { startSandbox } from '../../sandbox/server';
import { audit, MODES_ON, NORMAL } from './axe';
import { hasChromium, RESULTS_DIR, startKioskForTest, type KioskUnderTest } from './harness';

const ADMIN = 'e2e-payment-admin-token';
const KIOSK_TOKEN = 'demo-kiosk-token'; // the config's default backend token
const PAY = { payments: { sandboxAdminToken: ADMIN } };

let k: KioskUnderTest | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await k?.stop();
  k = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dossierWithFees(): { code: string; feesDue: number } {
  const d = buildSeedDossiers(new Date()).find((x) => x.feesDue > 0);
  if (!d) throw new Error('the seed has no dossier with fees due');
  return { code: d.dossierCode, feesDue: d.feesDue };
}

async function simulate(backendUrl: string, paymentId: string, outcome: string): Promise<void> {
  const res = await fetch(`${backendUrl}/api/v1/payments/${paymentId}/simulate`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${KIOSK_TOKEN}`, 'X-Sandbox-Admin-Token': ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify({ outcome }),
  });
  expect(res.status).toBe(200);
}

/** Home -> "Thanh toán" -> the code typed -> the review screen. */
async function payByTile(page: Page, code: string): Promise<void> {
  await page.getByTestId('attract').click();
  await page.getByTestId('home').waitFor();
  await page.getByTestId('tile-payment').click();
  await page.getByTestId('payment-entry').waitFor();
  await page.getByTestId('payment-input').fill(code);
  await page.getByTestId('payment-continue').click();
  await page.getByTestId('payment-review').waitFor();
}

describe.skipIf(!hasChromium)('payment journey', () => {
  it('paid: amount and fee lines, the QR code, then the receipt printed and the dossier without fees', async () => {
    k = await startKioskForTest({ configOverrides: PAY });
    const { page } = k;
    const { code, feesDue } = dossierWithFees();
    await page.getByTestId('attract').click();
    await page.getByTestId('tile-payment').click();
    await page.getByTestId('payment-entry').waitFor();
    await audit(page, 'payment-entry', NORMAL);
    // A malformed code is explained under the field; nothing is asked of the backend.
    await page.getByTestId('payment-input').fill('12345');
    await page.getByTestId('payment-continue').click();
    await page.getByTestId('payment-problem').waitFor();
    expect(k.requests('payment.start')).toBe(0);
    await page.getByTestId('payment-input').fill(code.toLowerCase());
    await page.getByTestId('payment-continue').click();
    await page.getByTestId('payment-review').waitFor();
    const money = `${feesDue.toLocaleString('de-DE')} đ`; // 50.000 đ
    expect(await page.getByTestId('payment-amount').textContent()).toBe(money);
    expect(await page.getByTestId('payment-dossier-code').textContent()).toBe(code);
    expect(await page.getByTestId('payment-fee-lines').locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('payment-amount-words').textContent()).toMatch(/Bằng chữ: [A-ZĐ].* đồng$/);
    await audit(page, 'payment-review', NORMAL);

    await page.getByTestId('payment-show-qr').click();
    await page.getByTestId('payment-qr').waitFor();
    const paymentId = (await page.getByTestId('payment-qr').getAttribute('data-payment-id'))!;
    expect(paymentId).toMatch(/^P\d{6}/);
    expect(await page.getByTestId('payment-qr-amount').textContent()).toBe(money);
    expect(await page.getByTestId('payment-purpose').textContent()).toBe(`TT PHI ${paymentId}`);
    expect(await page.getByTestId('payment-countdown').textContent()).toMatch(/1[45]:\d\d/);
    // The QR on screen is the payment's: the modules main drew from the VietQR payload.
    const view = k.kiosk.payments.view(paymentId);
    expect(view.vietqr).toMatch(/^000201010212/);
    const box = await page.getByTestId('payment-qr-code').boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(480);
    await audit(page, 'payment-qr', NORMAL); // (waits for the screen's fade-in to end)
    // ... and a banking app reads it: the screenshot of the code decodes to the payload (ZXing C++).
    const shotBytes = await page.getByTestId('payment-qr-code').screenshot({ animations: 'disabled', path: join(RESULTS_DIR, 'payment-qr-element.png') });
    const shot = PNG.sync.read(shotBytes);
    const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
    const decoder = await createZxingWasmDecoder({ binary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer });
    const read = await decoder.decode({ width: shot.width, height: shot.height, data: new Uint8ClampedArray(shot.data) });
    expect(read).toBe(view.vietqr);

    await simulate(k.kiosk.backendUrl, paymentId, 'paid');
    await page.getByTestId('payment-paid').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('payment-print-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('printed');
    expect(await page.getByTestId('payment-receipt-number').textContent()).toMatch(/^BL\d{6}-\d{6}$/);
    await page.getByTestId('payment-fees-now').waitFor();
    expect(await page.getByTestId('payment-fees-now').textContent()).toBe('Không');
    await audit(page, 'payment-paid', NORMAL);
    expect(k.kiosk.payments.list()).toMatchObject([{ state: 'paid', printed: true, unattended: false }]);

    await page.getByTestId('payment-see-dossier').click();
    await page.getByTestId('dossier-status').waitFor();
    expect(await page.getByTestId('dossier-fees').textContent()).toBe('Không');
    expect(await page.getByTestId('dossier-pay').count()).toBe(0); // nothing left to pay

    // Paying again is refused clearly.
    await page.getByTestId('nav-home').click();
    await page.getByTestId('tile-payment').click();
    await page.getByTestId('payment-input').fill(code);
    await page.getByTestId('payment-continue').click();
    await page.getByTestId('payment-error').waitFor();
    expect(await page.getByTestId('payment-error').getAttribute('data-error')).toBe('already_paid');
    await audit(page, 'payment-already-paid', NORMAL);
  });

  it('expired: a clear screen, and a new QR code on request; double taps make one payment', async () => {
    k = await startKioskForTest({ configOverrides: PAY });
    const { page } = k;
    const { code } = dossierWithFees();
    // From the dossier's status screen, its "Thanh toán" button tapped twice quickly.
    await page.getByTestId('attract').click();
    k.kiosk.devices.scanner.simulate(code);
    await page.getByTestId('dossier-status').waitFor();
    await page.getByTestId('dossier-pay').dblclick();
    await page.getByTestId('payment-review').waitFor();
    expect(k.kiosk.payments.list()).toHaveLength(1);
    // Larger text and high contrast: the payment screens pass the AAA contrast rule too.
    await page.getByTestId('text-size-toggle').click();
    await page.getByTestId('contrast-toggle').click();
    await audit(page, 'payment-review', MODES_ON);
    await page.getByTestId('payment-show-qr').click();
    await page.getByTestId('payment-qr').waitFor();
    await audit(page, 'payment-qr', MODES_ON);
    const first = (await page.getByTestId('payment-qr').getAttribute('data-payment-id'))!;

    await simulate(k.kiosk.backendUrl, first, 'expired');
    await page.getByTestId('payment-ended').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('payment-ended').getAttribute('data-why')).toBe('expired');
    expect(await page.getByTestId('payment-ended').textContent()).toContain('Mã QR đã hết hạn');
    await audit(page, 'payment-expired', MODES_ON);

    await page.getByTestId('payment-new-qr').dblclick();
    await page.getByTestId('payment-review').waitFor();
    await page.getByTestId('payment-show-qr').click();
    await page.getByTestId('payment-qr').waitFor();
    const second = (await page.getByTestId('payment-qr').getAttribute('data-payment-id'))!;
    expect(second).not.toBe(first);
    const rows = k.kiosk.payments.list();
    expect(rows.map((r) => r.state).sort()).toEqual(['expired', 'pending']);
  });

  it('pending across a restart: the next start records the outcome; the next resident is told it is paid', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-pay-'));
    dirs.push(dataDir);
    const sandboxDb = join(dataDir, 'sandbox.db');
    const overrides = { ...PAY, dataDir, sandbox: { dbFile: sandboxDb } };
    const { code } = dossierWithFees();

    k = await startKioskForTest({ configOverrides: overrides });
    await payByTile(k.page, code);
    await k.page.getByTestId('payment-show-qr').click();
    await k.page.getByTestId('payment-qr').waitFor();
    const paymentId = (await k.page.getByTestId('payment-qr').getAttribute('data-payment-id'))!;
    await k.stop(); // the kiosk restarts while the resident pays
    k = undefined;

    // The bank settles it while the kiosk is down (the same sandbox database, served alone).
    const sb = await startSandbox({ tokens: [KIOSK_TOKEN], adminTokens: [ADMIN], dbFile: sandboxDb, log: () => {} });
    try {
      await simulate(sb.url, paymentId, 'paid');
    } finally {
      await sb.close();
    }

    k = await startKioskForTest({ configOverrides: overrides });
    await k.kiosk.payments.idle();
    expect(k.kiosk.payments.list()).toMatchObject([{ paymentId, state: 'paid', unattended: true, printed: false }]);
    expect(k.logLines.some((l) => l.includes(paymentId) && l.includes('after the resident left'))).toBe(true);
    await k.page.getByTestId('attract').click();
    await k.page.getByTestId('tile-payment').click();
    await k.page.getByTestId('payment-input').fill(code);
    await k.page.getByTestId('payment-continue').click();
    await k.page.getByTestId('payment-error').waitFor();
    expect(await k.page.getByTestId('payment-error').getAttribute('data-error')).toBe('already_paid');
  });
});
