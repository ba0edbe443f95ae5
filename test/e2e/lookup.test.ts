/**
 * The lookup journey end to end: real Chromium through the Chromium shell, the real router and
 * services, the embedded sandbox over real HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, startKioskForTest, type KioskUnderTest } from './harness';
import { buildSeedDossiers, seedDossierCodes } from '../../sandbox/seed';
import { isOverdue } from '../../common/dossier-state';

let k: KioskUnderTest | undefined;
afterEach(async () => {
  await k?.stop();
  k = undefined;
});

async function openLookup(page: Page) {
  await page.getByTestId('attract').click();
  await page.getByTestId('home').waitFor();
  await page.getByTestId('tile-lookup').click();
  await page.getByTestId('lookup').waitFor();
}

/**
 * Types on the on-screen code keypad, key by key, as a resident would (opening the letters when a
 * letter other than H is needed, and skipping a dash the keypad already put in). Returns the
 * number of touches.
 */
async function typeOnScreen(page: Page, text: string): Promise<number> {
  let touches = 0;
  for (const ch of text.toUpperCase()) {
    const value = await page.getByTestId('lookup-input').inputValue();
    if (ch === '-' && value.endsWith('-')) continue; // the keypad put it in already
    const id = ch === '.' ? 'key-dot' : ch === '-' ? 'key-dash' : `key-${ch}`;
    if (/[A-Z]/.test(ch) && (await page.getByTestId(id).count()) === 0) {
      await page.getByTestId('key-letters').click();
      touches++;
    }
    await page.getByTestId(id).click();
    touches++;
  }
  return touches;
}

function codeIn(state: string, overdue?: boolean): string {
  const hit = seedDossierCodes(new Date()).find((d) => d.state === state && (overdue === undefined || d.overdue === overdue));
  if (!hit) throw new Error(`seed has no ${state} dossier${overdue ? ' (overdue)' : ''}`);
  return hit.code;
}

describe.skipIf(!hasChromium)('lookup journey', () => {
  it('finds a dossier typed on the on-screen keyboard and shows its status', async () => {
    k = await startKioskForTest();
    const { page } = k;
    await openLookup(page);
    const code = codeIn('processing', false);
    await typeOnScreen(page, code);
    await expect.poll(() => page.getByTestId('lookup-input').inputValue()).toBe(code);
    await page.getByTestId('lookup-submit').click();
    await page.getByTestId('dossier-status').waitFor();
    await expect.poll(() => page.getByTestId('dossier-code').textContent()).toContain(code);
    expect(await page.getByTestId('dossier-state').getAttribute('data-state')).toBe('processing');
    expect(await page.getByTestId('dossier-state').textContent()).toContain('Đang xử lý');
    expect(await page.getByTestId('dossier-due-date').textContent()).toMatch(/\b\d{2}\/\d{2}\/\d{4}\b/);
    expect(await page.getByTestId('dossier-timeline').locator('li').count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('dossier-overdue').count()).toBe(0);
    await page.screenshot({ path: 'test-results/e2e-lookup-found.png' });
  });

  it('marks an overdue dossier "Quá hạn" and accepts a lower-case code typed on a keyboard', async () => {
    k = await startKioskForTest();
    const { page } = k;
    await openLookup(page);
    const code = codeIn('processing', true);
    await page.getByTestId('lookup-input').fill(code.toLowerCase());
    await page.getByTestId('lookup-submit').click();
    await page.getByTestId('dossier-status').waitFor();
    expect(await page.getByTestId('dossier-overdue').textContent()).toContain('Quá hạn');
  });

  it('explains a malformed or empty code under the field, before any request, and keeps what was typed', async () => {
    k = await startKioskForTest();
    const { page, requests } = k;
    await openLookup(page);
    const before = requests('dossier.lookup');
    await page.getByTestId('lookup-submit').click();
    const problem = page.getByTestId('lookup-problem');
    await expect.poll(() => problem.getAttribute('data-error')).toBe('empty');
    expect(await problem.getAttribute('role')).toBe('alert');
    expect(await problem.textContent()).toContain('Chưa có mã hồ sơ');
    await typeOnScreen(page, 'H56-261399-12');
    expect(await problem.count()).toBe(0); // typing clears the message
    await page.getByTestId('lookup-submit').click();
    await expect.poll(() => problem.getAttribute('data-error')).toBe('invalid_code');
    expect(await problem.textContent()).toContain('Mã hồ sơ không hợp lệ');
    expect(await problem.textContent()).toContain('H56-261399-12');
    const input = page.getByTestId('lookup-input');
    expect(await input.getAttribute('aria-describedby')).toContain('lookup-problem');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await input.inputValue()).toBe('H56-261399-12');
    expect(await page.getByTestId('lookup').count()).toBe(1);
    expect(await page.getByTestId('lookup-error').count()).toBe(0);
    expect(requests('dossier.lookup')).toBe(before);
  });

  it('says under the field when a well-formed code is not found', async () => {
    k = await startKioskForTest();
    const { page } = k;
    await openLookup(page);
    await typeOnScreen(page, '000.00.99.H99-240101-9999');
    await page.getByTestId('lookup-submit').click();
    const problem = page.getByTestId('lookup-problem');
    await expect.poll(() => problem.getAttribute('data-error')).toBe('not_found');
    expect(await problem.textContent()).toContain('Không tìm thấy hồ sơ');
    expect(await problem.textContent()).toContain('000.00.99.H99-240101-9999');
    expect(await page.getByTestId('lookup-input').inputValue()).toBe('000.00.99.H99-240101-9999');
  });

  it('shows the offline screen when the backend is down', async () => {
    k = await startKioskForTest({ backend: 'down' });
    const { page } = k;
    await openLookup(page);
    await typeOnScreen(page, '000.00.12.H56-260314-0042');
    await page.getByTestId('lookup-submit').click();
    const error = page.getByTestId('lookup-error');
    await error.waitFor();
    expect(await error.getAttribute('data-error')).toBe('offline');
    expect(await error.textContent()).toContain('Không kết nối được hệ thống');
    // "Quay lại" returns to the form with what was typed.
    await page.getByTestId('nav-back').click();
    await page.getByTestId('lookup').waitFor();
    expect(await page.getByTestId('lookup-input').inputValue()).toBe('000.00.12.H56-260314-0042');
  });

  it('shows the timeout screen within the configured timeout when the backend hangs', async () => {
    k = await startKioskForTest({ backend: 'hang' });
    const { page } = k;
    await openLookup(page);
    await typeOnScreen(page, '000.00.12.H56-260314-0042');
    await page.getByTestId('lookup-submit').click();
    const error = page.getByTestId('lookup-error');
    await error.waitFor({ timeout: 15_000 });
    expect(await error.getAttribute('data-error')).toBe('timeout');
  });
});

describe.skipIf(!hasChromium)('scan first, then a keypad for the code', () => {
  it("shows the slip with its codes marked and where the scanner is (default words, then the site's)", async () => {
    k = await startKioskForTest();
    await openLookup(k.page);
    expect(await k.page.getByTestId('slip-picture').getAttribute('role')).toBe('img');
    expect(await k.page.getByTestId('slip-qr-mark').count()).toBe(1);
    expect(await k.page.getByTestId('slip-barcode-mark').count()).toBe(1);
    expect(await k.page.getByTestId('lookup-scan-first').textContent()).toContain('Chỉ cần quét mã trên phiếu');
    expect(await k.page.getByTestId('lookup-scanner-location').textContent()).toBe('Máy quét ở phía dưới màn hình.');
    await k.stop();
    k = await startKioskForTest({ configOverrides: { site: { scannerLocation: 'bên phải màn hình' } } });
    await openLookup(k.page);
    expect(await k.page.getByTestId('lookup-scanner-location').textContent()).toBe('Máy quét ở bên phải màn hình.');
    await k.page.screenshot({ path: 'test-results/e2e-lookup-scan-first.png' });
  });

  it("counts the touches to look up a code typed on the keypad, with and without the site's prefix", async () => {
    const code = codeIn('processing', false);
    const agency = code.slice(0, code.indexOf('-'));
    // Without a prefix: every character of the code, less the dash the keypad puts in.
    k = await startKioskForTest();
    let page = k.page;
    await openLookup(page);
    let touches = 2; // the attract screen, the lookup tile
    touches += await typeOnScreen(page, code);
    await page.getByTestId('lookup-submit').click();
    touches++;
    await page.getByTestId('dossier-status').waitFor();
    const withoutPrefix = touches;
    await k.stop();

    // With the site's agency prefix in the field: only the ten digits.
    k = await startKioskForTest({ configOverrides: { lookup: { codePrefix: agency } } });
    page = k.page;
    await openLookup(page);
    expect(await page.getByTestId('lookup-input').inputValue()).toBe(`${agency}-`);
    expect(await page.getByTestId('lookup-hint').textContent()).toContain(`${agency}-`);
    touches = 2;
    touches += await typeOnScreen(page, code.slice(agency.length + 1));
    expect(await page.getByTestId('lookup-input').inputValue()).toBe(code);
    await page.getByTestId('lookup-submit').click();
    touches++;
    await page.getByTestId('dossier-status').waitFor();
    await expect.poll(() => page.getByTestId('dossier-code').textContent()).toContain(code);
    const withPrefix = touches;
    console.log(
      `touches to look up ${code}: ${withoutPrefix} on the keypad without a prefix, ${withPrefix} with the site's prefix (the QWERTY keyboard took 28)`,
    );
    expect(withPrefix).toBe(2 + 10 + 1);
    expect(withoutPrefix).toBe(2 + code.length - 1 + 1);
    // "Quay lại" from the status returns to the form with the code as it was typed.
    await page.getByTestId('nav-back').click();
    await page.getByTestId('lookup').waitFor();
    expect(await page.getByTestId('lookup-input').inputValue()).toBe(code);
  });

  it('a slip scanned on the attract screen and on the home screen opens the status directly', async () => {
    k = await startKioskForTest();
    const { page } = k;
    await page.getByTestId('attract').waitFor();
    const first = codeIn('received');
    k.kiosk.devices.scanner.simulate(first); // the slip's barcode: the dossier code
    await page.getByTestId('dossier-status').waitFor();
    await expect.poll(() => page.getByTestId('dossier-code').textContent()).toContain(first);
    await page.getByTestId('dossier-home').click();
    await page.getByTestId('home').waitFor();
    const second = codeIn('result_ready');
    k.kiosk.devices.scanner.simulate(`https://dichvucong.example.gov.vn/tra-cuu-ho-so?ma=${encodeURIComponent(second)}`); // the slip's QR
    await expect.poll(() => page.getByTestId('dossier-code').textContent()).toContain(second);
    expect(await page.getByTestId('dossier-state').getAttribute('data-state')).toBe('result_ready');
  });
});

describe.skipIf(!hasChromium)('session and language', () => {
  it('switches to English and back', async () => {
    k = await startKioskForTest();
    const { page } = k;
    await page.getByTestId('attract').click();
    await page.getByTestId('home').waitFor();
    expect(await page.getByTestId('tile-lookup').textContent()).toContain('Tra cứu hồ sơ');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.getByTestId('tile-lookup').textContent()).toContain('Look up');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.getByTestId('tile-lookup').textContent()).toContain('Tra cứu hồ sơ');
  });

  it('warns with at least 20 s to answer, then returns to the attract loop and wipes what was typed when idle', async () => {
    // The shortest a site may configure: 30 s in all, the last 20 s a warning (WCAG 2.2.1).
    k = await startKioskForTest({ configOverrides: { ui: { idleTimeoutSeconds: 30, idleWarningSeconds: 20 } } });
    const { page } = k;
    await openLookup(page);
    await page.getByTestId('lookup-input').fill('000.00.12.H56');
    await page.getByTestId('idle-warning').waitFor({ timeout: 15_000 });
    expect(Number(await page.getByTestId('idle-countdown').textContent())).toBeGreaterThanOrEqual(19);
    expect(await page.getByRole('alertdialog').getAttribute('aria-labelledby')).toBe('idle-title');
    await page.getByTestId('attract').waitFor({ timeout: 25_000 });
    await page.getByTestId('attract').click();
    await page.getByTestId('tile-lookup').click();
    expect(await page.getByTestId('lookup-input').inputValue()).toBe('');
    expect(k.kiosk.session.current).not.toBeNull();
  });

  it('"Tiếp tục" on the idle warning keeps the session', async () => {
    k = await startKioskForTest({ configOverrides: { ui: { idleTimeoutSeconds: 30, idleWarningSeconds: 20 } } });
    const { page } = k;
    await openLookup(page);
    await page.getByTestId('lookup-input').fill('000.00.12.H56');
    await page.getByTestId('idle-warning').waitFor({ timeout: 15_000 });
    await page.getByTestId('idle-continue').click();
    await page.getByTestId('idle-warning').waitFor({ state: 'detached' });
    expect(await page.getByTestId('lookup-input').inputValue()).toBe('000.00.12.H56');
  });

  it('every tile opens its own journey', async () => {
    // Every journey has landed (issue 13 brought the queue and the rating): every tile opens its
    // own screen (the "Sắp có" badge and the under-construction page are gone with them).
    k = await startKioskForTest({ configOverrides: { ui: { tiles: ['lookup', 'procedures', 'submit', 'payment', 'announcements', 'queue', 'rating'] } } });
    const { page } = k;
    await page.getByTestId('attract').click();
    await page.getByTestId('home').waitFor();
    const opens: Record<string, string> = {
      lookup: 'lookup',
      procedures: 'procedures',
      submit: 'procedures',
      payment: 'payment-entry',
      announcements: 'announcements',
      queue: 'queue',
      rating: 'rating-entry',
    };
    for (const [tile, screen] of Object.entries(opens)) {
      await page.getByTestId(`tile-${tile}`).click();
      await page.locator(`[data-screen="${screen}"]`).waitFor();
      await page.getByTestId('nav-home').click();
      await page.getByTestId('home').waitFor();
    }
  });
});

describe.skipIf(!hasChromium)('what to do next, on the status screen', () => {
  it('says in one sentence what the resident does now, for dossiers in several states', async () => {
    k = await startKioskForTest();
    const { page } = k;
    await page.getByTestId('attract').waitFor();
    const seed = buildSeedDossiers(new Date());
    const pick = (state: string, overdue?: boolean) => {
      const now = new Date();
      const hit = seed.find((d) => d.state === state && (overdue === undefined || isOverdue(d.dueDate, d.state, now) === overdue));
      if (!hit) throw new Error(`seed has no ${state} dossier`);
      return hit;
    };
    const sentenceFor = async (code: string) => {
      k!.kiosk.devices.scanner.simulate(code);
      await expect.poll(() => page.getByTestId('dossier-code').textContent()).toContain(code);
      return (await page.getByTestId('dossier-next-step-text').textContent()) ?? '';
    };

    const ready = pick('result_ready');
    const s1 = await sentenceFor(ready.dossierCode);
    expect(s1).toContain(`đến ${ready.agencyName}`);
    expect(s1).toContain('mang theo thẻ căn cước');
    expect(s1).toContain('phiếu hẹn trả kết quả');
    if (ready.feesDue > 0) expect(s1).toMatch(/\d{1,3}(\.\d{3})* đ/);

    const supplement = pick('needs_supplement', false);
    const s2 = await sentenceFor(supplement.dossierCode);
    expect(s2).toContain((supplement.supplementNote ?? '').replace(/\.$/, ''));
    expect(s2).toMatch(/trước ngày \d{2}\/\d{2}\/\d{4}|Hạn bổ sung hồ sơ đã qua/);

    const rejected = pick('rejected');
    const reason = rejected.stateHistory.at(-1)?.note ?? '';
    const s3 = await sentenceFor(rejected.dossierCode);
    expect(s3).toContain(`lý do “${reason.replace(/\.$/, '')}”`);

    const late = pick('processing', true);
    const s4 = await sentenceFor(late.dossierCode);
    expect(s4).toContain('quá hạn');
    expect(s4).toContain(`đường dây nóng ${k.kiosk.info.hotline}`);
    await page.screenshot({ path: 'test-results/e2e-lookup-next-step.png' });

    // English mode says it in English.
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.getByTestId('dossier-next-step-text').textContent()).toContain(`call the hotline ${k.kiosk.info.hotline}`);
  });
});

describe.skipIf(!hasChromium)("a backend that asks for the applicant's ID (sandbox requireApplicantId)", () => {
  const CCCD_ID = '001199012345';
  const CCCD = `${CCCD_ID}|123456789|Nguyễn Thị Ánh|01021999|Nữ|Số 12 phố Hàng Bạc, Phường Hoàn Kiếm, Hà Nội|15082021`;

  it('asks consent, takes the CCCD QR from the scanner, and shows the dossier; the ID never shows or logs', async () => {
    k = await startKioskForTest({ configOverrides: { sandbox: { requireApplicantId: true } } });
    const { page } = k;
    await openLookup(page);
    const code = codeIn('result_ready');
    await page.getByTestId('lookup-input').fill(code);
    await page.getByTestId('lookup-submit').click();
    const screen = page.getByTestId('lookup-identity');
    await expect.poll(() => screen.getAttribute('data-phase')).toBe('consent');
    expect(await screen.textContent()).toContain('số định danh cá nhân của người nộp');
    expect(await screen.textContent()).toContain('91/2025/QH15');
    await page.screenshot({ path: 'test-results/e2e-lookup-identity-consent.png' });

    // Declining goes back to the form with the code; nothing is read.
    await page.getByTestId('lookup-identity-decline').click();
    await page.getByTestId('lookup').waitFor();
    expect(await page.getByTestId('lookup-input').inputValue()).toBe(code);

    await page.getByTestId('lookup-submit').click();
    await expect.poll(() => screen.getAttribute('data-phase')).toBe('consent');
    await page.getByTestId('lookup-identity-accept').click();
    await expect.poll(() => screen.getAttribute('data-phase')).toBe('waiting');
    expect(await screen.textContent()).toContain('Quét mã QR trên thẻ căn cước');
    await page.screenshot({ path: 'test-results/e2e-lookup-identity-scan.png' });
    const before = k.requests('dossier.lookup');
    k.kiosk.devices.scanner.simulate(CCCD);
    await page.getByTestId('dossier-status').waitFor();
    await expect.poll(() => page.getByTestId('dossier-code').textContent()).toContain(code);
    expect(k.requests('dossier.lookup')).toBe(before + 1);
    expect(await page.getByTestId('dossier-next-step-text').textContent()).toContain('mang theo thẻ căn cước');
    expect(await page.content()).not.toContain(CCCD_ID);
    const logs = k.logLines.join('\n');
    expect(logs).not.toContain(CCCD_ID);
    expect(logs).toContain('0011******45');
    // "Quay lại" returns to the form, not to the identity screen.
    await page.getByTestId('nav-back').click();
    await page.getByTestId('lookup').waitFor();
  });
});
