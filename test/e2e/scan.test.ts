/**
 * Scans end to end: real Chromium through the Chromium shell, the real router and scanner
 * service with the simulator (kiosk.devices.scanner.simulate), and keyboard-wedge scans typed
 * at scanner speed (keys stamped 5 ms apart, as a wedge's USB reports are: typeAsScanner) versus
 * human speed (Playwright typing 150 ms a key).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seedDossierCodes } from '../../sandbox/seed';
import { CCCD_QR_SESSION_KEY } from '../../main/services/scan/service';
import { hasChromium, startKioskForTest, type KioskUnderTest } from './harness';
import { typeAsScanner } from '../fixtures/scanner/wedge';

let k: KioskUnderTest | undefined;
afterEach(async () => {
  await k?.stop();
  k = undefined;
});

const CCCD = '001199012345|123456789|Nguyễn Thị Ánh|01021999|Nữ|Số 12 phố Hàng Bạc, Phường Hoàn Kiếm, Hà Nội|15082021';

function processingCode(): string {
  const hit = seedDossierCodes(new Date()).find((d) => d.state === 'processing');
  if (!hit) throw new Error('seed has no processing dossier');
  return hit.code;
}

async function toHome(page: Page) {
  await page.getByTestId('attract').click();
  await page.getByTestId('home').waitFor();
}

describe.skipIf(!hasChromium)('scans routed from any screen (simulator)', () => {
  it('a dossier code scanned on the attract screen opens its status at once', async () => {
    k = await startKioskForTest();
    const { page } = k;
    await page.getByTestId('attract').waitFor();
    const code = processingCode();
    expect(k.kiosk.devices.scanner.simulate(code)).toBe(true);
    await page.getByTestId('dossier-status').waitFor();
    await expect.poll(() => page.getByTestId('dossier-code').textContent()).toContain(code);
  });

  it('a receipt-slip QR (tracking URL) scanned on the procedures screen opens the status', async () => {
    k = await startKioskForTest();
    const { page } = k;
    await toHome(page);
    await page.getByTestId('tile-procedures').click();
    const code = processingCode();
    k.kiosk.devices.scanner.simulate(`https://dichvucong.example.gov.vn/tra-cuu-ho-so?ma=${encodeURIComponent(code)}`);
    await page.getByTestId('dossier-status').waitFor();
    await expect.poll(() => page.getByTestId('dossier-code').textContent()).toContain(code);
  });

  it('a CCCD QR opens the identity journey (consent); its data never reaches the screen or the log', async () => {
    k = await startKioskForTest();
    const { page } = k;
    await toHome(page);
    k.kiosk.devices.scanner.simulate(CCCD);
    await page.getByTestId('consent').waitFor();
    const html = await page.content();
    for (const secret of ['001199012345', 'Nguyễn Thị Ánh', 'Hàng Bạc']) expect(html).not.toContain(secret);
    expect(k.logLines.join('\n')).not.toContain('001199012345');
    expect(k.logLines.join('\n')).not.toContain('Nguyễn');
    expect(k.kiosk.session.data.get(CCCD_QR_SESSION_KEY)).toMatchObject({ personalId: '001199012345' });
    await page.screenshot({ path: 'test-results/e2e-scan-cccd.png' });
  });

  it('on a kiosk without the queue, appointment codes are recognised but not checked in (test/e2e/queue.test.ts: with it, they are); a VietQR recognised, not paid with; a technician token shows nothing to the resident', async () => {
    k = await startKioskForTest(); // the apartment profile: no "Lấy số thứ tự" tile
    const { page } = k;
    await toHome(page);
    k.kiosk.devices.scanner.simulate('LH-260315-0007');
    const s = page.getByTestId('scan-not-handled');
    await expect.poll(() => s.getAttribute('data-kind')).toBe('appointment');
    expect(await s.textContent()).toContain('LH-260315-0007');
    // A technician token goes to maintenance mode (issue 14), never to the resident's screen: this
    // one is not signed, so it is refused and the resident stays where they were.
    k.kiosk.devices.scanner.simulate('KTV1:c2VjcmV0LXRlY2huaWNpYW4tdG9rZW4');
    await expect.poll(() => k!.logLines.some((l) => l.includes('technician token refused'))).toBe(true);
    expect(await s.getAttribute('data-kind')).toBe('appointment');
    expect(await page.content()).not.toContain('c2VjcmV0');
    expect(k.logLines.join('\n')).not.toContain('c2VjcmV0');
    k.kiosk.devices.scanner.simulate('00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN6304CBB4');
    await expect.poll(() => s.getAttribute('data-kind')).toBe('vietqr');
    expect(await page.content()).not.toContain('0099999999');
  });

  it('anything else gets "Mã không được hỗ trợ" with what the kiosk can read', async () => {
    k = await startKioskForTest();
    const { page } = k;
    await toHome(page);
    k.kiosk.devices.scanner.simulate('https://example.com/some/random/page');
    const s = page.getByTestId('scan-unsupported');
    await s.waitFor();
    expect(await s.textContent()).toContain('Mã không được hỗ trợ');
    expect(await page.getByTestId('scan-can-read').locator('li').count()).toBe(3);
    await page.screenshot({ path: 'test-results/e2e-scan-unsupported.png' });
    await page.getByTestId('scan-home').click();
    await page.getByTestId('home').waitFor();
  });
});

describe.skipIf(!hasChromium)('keyboard wedge (Playwright typing)', () => {
  it('scanner speed on the home screen is a scan: the dossier opens', async () => {
    k = await startKioskForTest({ configOverrides: { devices: { scanner: { kind: 'wedge' } } } });
    const { page } = k;
    await toHome(page);
    const code = processingCode();
    await typeAsScanner(page, code);
    await page.getByTestId('dossier-status').waitFor();
    await expect.poll(() => page.getByTestId('dossier-code').textContent()).toContain(code);
    expect(k.requests('scan.submit')).toBe(1);
  });

  it('human speed on the home screen is not a scan', async () => {
    k = await startKioskForTest({ configOverrides: { devices: { scanner: { kind: 'wedge' } } } });
    const { page } = k;
    await toHome(page);
    await page.keyboard.type('000.00.12', { delay: 150 });
    await page.keyboard.press('Enter');
    await new Promise((r) => setTimeout(r, 300));
    expect(k.requests('scan.submit')).toBe(0);
    expect(await page.getByTestId('home').count()).toBe(1);
  });

  it('a burst into the lookup field is typing there (Enter submits the form), not a second scan', async () => {
    k = await startKioskForTest({ configOverrides: { devices: { scanner: { kind: 'wedge' } } } });
    const { page } = k;
    await toHome(page);
    await page.getByTestId('tile-lookup').click();
    await page.getByTestId('lookup').waitFor();
    const code = processingCode();
    const before = k.requests('dossier.lookup');
    await page.getByTestId('lookup-input').focus();
    await page.keyboard.type(code, { delay: 5 });
    await expect.poll(() => page.getByTestId('lookup-input').inputValue()).toBe(code);
    await page.keyboard.press('Enter');
    await page.getByTestId('dossier-status').waitFor();
    expect(k.requests('scan.submit')).toBe(0);
    expect(k.requests('dossier.lookup')).toBe(before + 1);
  });

  it('human speed in the lookup field is typing too', async () => {
    k = await startKioskForTest({ configOverrides: { devices: { scanner: { kind: 'wedge' } } } });
    const { page } = k;
    await toHome(page);
    await page.getByTestId('tile-lookup').click();
    await page.getByTestId('lookup-input').focus();
    await page.keyboard.type('H56-2603', { delay: 150 });
    await expect.poll(() => page.getByTestId('lookup-input').inputValue()).toBe('H56-2603');
    expect(k.requests('scan.submit')).toBe(0);
    expect(await page.getByTestId('lookup').count()).toBe(1);
  });

  it('an appointment code at scanner speed on the announcements screen is routed as a scan', async () => {
    // ASCII only: Playwright sends characters outside the US layout as text input without key
    // events, as no real wedge can type them either (wedge mojibake is repaired in main: scan-service.test.ts).
    k = await startKioskForTest({ configOverrides: { devices: { scanner: { kind: 'wedge' } } } });
    const { page } = k;
    await toHome(page);
    await page.getByTestId('tile-announcements').click();
    await page.getByTestId('announcements').waitFor();
    await typeAsScanner(page, 'LH-260315-0007');
    const s = page.getByTestId('scan-not-handled');
    await s.waitFor();
    expect(await s.getAttribute('data-kind')).toBe('appointment');
    expect(k.requests('scan.submit')).toBe(1);
  });
});
