/**
 * The submit journey end to end in the real Chromium shell (issue 12): a procedure found by the
 * search, "Nộp hồ sơ trực tuyến", consent, the CCCD QR through the simulated scanner and the
 * demo card on the simulated reader, the form prefilled from the card and completed with the
 * on-screen keyboards, a document photographed by Chromium's fake camera (a generated Y4M of a
 * document page), review, "Gửi hồ sơ", the dossier code, the receipt on the simulated printer,
 * the tracking QR; then the same with the backend stopped (local reference, "đang chờ gửi",
 * pending receipt) and delivered when the backend returns on the same port; a blurred page
 * refused; and the session wipe ("Kết thúc": nothing personal left in the page or on disk).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { blurred, documentPage, writeFrameY4m } from '../fixtures/document/page';
import { DEMO_CARD } from '../support/identity';
import { audit, MODES_ON, NORMAL } from './axe';
import { hasChromium, startKioskForTest, type KioskUnderTest } from './harness';

const TOKEN = 'e2e-submit-token';
const PROCEDURE = 'Đăng ký tạm trú';
const [CARD_ID, , CARD_NAME, , , CARD_RESIDENCE] = DEMO_CARD.qrText.split('|') as [string, string, string, string, string, string];
const ADDRESS = 'Số 12 ngõ 34 Trần Duy Hưng';
const PHONE = '0912345678';

let dir: string;
let sharpY4m: string;
let blurY4m: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-submit-'));
  const page = documentPage();
  sharpY4m = writeFrameY4m(join(dir, 'page.y4m'), page);
  blurY4m = writeFrameY4m(join(dir, 'blurred.y4m'), blurred(page));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fakeCamera = (file: string) => ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${file}`];

function kioskConfig(backendUrl: string, dataDir: string) {
  return {
    dataDir,
    backend: { url: backendUrl, token: TOKEN, timeoutMs: 1500, retries: 0 },
    devices: {
      documentCamera: { kind: 'camera', width: 640, height: 480 },
      printer: { kind: 'simulator', profile: 'epson-80', pollIntervalMs: 200, printWaitMs: 1500, limits: { repeatAfterSeconds: 0 } },
    },
    outbox: { probeIntervalMs: 200, backoffBaseMs: 50, backoffCapMs: 500, breakerOpenMs: 300, submitWaitMs: 3000, requestTimeoutMs: 1500 },
  } as never;
}

/** Home → "Nộp hồ sơ" → search → the procedure → "Nộp hồ sơ trực tuyến" → consent → card. */
async function throughIdentity(k: KioskUnderTest, auditScreens: boolean): Promise<void> {
  const { page } = k;
  await page.locator('[data-testid="attract"], [data-testid="home"]').first().waitFor();
  if ((await page.getByTestId('attract').count()) > 0) await page.getByTestId('attract').click();
  await page.getByTestId('tile-submit').click();
  await page.getByTestId('procedures').waitFor();
  await page.getByTestId('procedures-search').fill('tạm trú');
  const first = page.getByTestId('procedures-list').locator('.proc-name').first();
  await expect.poll(() => first.textContent(), { timeout: 10_000 }).toBe(PROCEDURE);
  await first.click();
  await page.getByTestId('submit-online').click();
  await page.getByTestId('consent').waitFor();
  expect(await page.getByTestId('consent').textContent()).toContain('91/2025/QH15');
  // The card's QR through the scanner (its key opens the chip), the card on the reader, then "Đồng ý".
  k.kiosk.devices.scanner.simulate(DEMO_CARD.qrText);
  k.kiosk.identity.simulator!.insert(DEMO_CARD.chip);
  await page.getByTestId('consent-accept').click();
  await page.getByTestId('identity-continue').click({ timeout: 30_000 });
  await page.getByTestId('submit-form').waitFor({ timeout: 10_000 });
  if (auditScreens) await audit(page, 'submit-form', NORMAL);
}

/** The form: prefilled applicant; the address typed in Telex on the on-screen keyboard, the numbers on the pad. */
async function fillForm(page: Page, auditScreens: boolean): Promise<void> {
  expect(await page.getByTestId('applicant-name').textContent()).toBe(CARD_NAME);
  expect(await page.getByTestId('applicant-id').textContent()).not.toContain(CARD_ID);
  // Nothing typed yet: the problems show next to the fields, in Vietnamese.
  await page.getByTestId('submit-next').click();
  expect(await page.getByTestId('error-diaChiTamTru').textContent()).toBe('Ông/bà chưa điền thông tin này.');
  expect(await page.getByTestId('error-soDienThoai').textContent()).toBe('Ông/bà chưa điền thông tin này.');
  if (auditScreens) await audit(page, 'submit-form-errors', NORMAL);
  // "Số" by Telex keys (S, o, o, s), the rest typed into the field.
  await page.getByTestId('field-diaChiTamTru').click();
  await page.getByTestId('key-shift').click();
  for (const k of ['S', 'O', 'O', 'S']) await page.getByTestId(`key-${k}`).click();
  expect(await page.getByTestId('field-diaChiTamTru').inputValue()).toBe('Số');
  await page.getByTestId('field-diaChiTamTru').fill(ADDRESS);
  await page.getByTestId('field-thoiHanTamTru').click();
  for (const d of ['3', '0']) await page.getByTestId(`numpad-${d}`).click();
  await page.getByTestId('submit-next').click();
  expect(await page.getByTestId('error-thoiHanTamTru').textContent()).toBe('Giá trị lớn nhất là 24.');
  await page.getByTestId('field-thoiHanTamTru').click();
  await page.getByTestId('numpad-back').click();
  await page.getByTestId('numpad-back').click();
  await page.getByTestId('numpad-6').click();
  await page.getByTestId('field-soDienThoai').click();
  for (const d of PHONE) await page.getByTestId(`numpad-${d}`).click();
  await page.getByTestId('submit-next').click();
  await page.getByTestId('submit-documents').waitFor();
}

async function photographFirstDocument(page: Page, auditScreens: boolean): Promise<void> {
  if (auditScreens) await audit(page, 'submit-documents', NORMAL);
  // The required document without a photo: refused.
  await page.getByTestId('submit-next').click();
  await page.getByTestId('submit-missing').waitFor();
  await page.getByTestId('doc-0-shoot').click();
  await page.getByTestId('submit-capture').waitFor();
  await expect.poll(() => page.getByTestId('submit-capture').getAttribute('data-camera'), { timeout: 15_000 }).toBe('ready');
  if (auditScreens) await audit(page, 'submit-capture', NORMAL);
  await page.getByTestId('capture-shoot').click();
  await page.getByTestId('doc-0-page-1').waitFor();
  // The camera is off once the capture screen is gone.
  expect(await page.evaluate(() => document.querySelectorAll('video').length)).toBe(0);
  // A second page, then retake and delete it: one page stays.
  await page.getByTestId('doc-0-shoot').click();
  await expect.poll(() => page.getByTestId('submit-capture').getAttribute('data-camera'), { timeout: 15_000 }).toBe('ready');
  await page.getByTestId('capture-shoot').click();
  await page.getByTestId('doc-0-page-2').waitFor();
  await page.getByTestId('doc-0-view-2').click();
  await page.getByTestId('photo-preview').waitFor();
  await page.getByTestId('photo-preview-close').click();
  await page.getByTestId('doc-0-retake-2').click();
  await expect.poll(() => page.getByTestId('submit-capture').getAttribute('data-camera'), { timeout: 15_000 }).toBe('ready');
  await page.getByTestId('capture-shoot').click();
  await page.getByTestId('doc-0-page-2').waitFor();
  await page.getByTestId('doc-0-delete-2').click();
  await expect.poll(() => page.getByTestId('doc-0-page-2').count()).toBe(0);
  await page.getByTestId('submit-next').click();
  await page.getByTestId('submit-review').waitFor();
}

async function review(page: Page, auditScreens: boolean): Promise<void> {
  expect(await page.getByTestId('review-diaChiTamTru').textContent()).toBe(ADDRESS);
  expect(await page.getByTestId('review-thoiHanTamTru').textContent()).toBe('6');
  expect(await page.getByTestId('review-soDienThoai').textContent()).toBe(PHONE);
  expect(await page.getByTestId('review-doc-0').locator('img').count()).toBe(1);
  // The procedure's fees, in the kiosk's money format.
  expect(await page.getByTestId('review-fees').textContent()).toContain('7.000 đ');
  if (auditScreens) await audit(page, 'submit-review', NORMAL);
  // An edit link goes back to the field, and the review shows the change.
  await page.getByTestId('review-edit-lyDo').click();
  await page.getByTestId('field-lyDo').fill('Đi làm việc');
  await page.getByTestId('submit-next').click();
  await page.getByTestId('submit-next').click();
  expect(await page.getByTestId('review-lyDo').textContent()).toBe('Đi làm việc');
}

/** Every file under `root`, as one buffer each. */
function filesUnder(root: string): Array<{ path: string; data: Buffer }> {
  const out: Array<{ path: string; data: Buffer }> = [];
  for (const name of readdirSync(root)) {
    const p = join(root, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push({ path: p, data: readFileSync(p) });
  }
  return out;
}

/** Nothing the resident gave is left in the kiosk's data folder (database, WAL, outbox files). */
function expectDiskClean(dataDir: string): void {
  for (const f of filesUnder(dataDir)) {
    for (const secret of [CARD_NAME, CARD_ID, ADDRESS, PHONE]) {
      expect(f.data.includes(Buffer.from(secret, 'utf8')), `${f.path} holds ${secret.slice(0, 12)}`).toBe(false);
    }
    expect(/outbox/.test(f.path) && f.data.includes(Buffer.from([0xff, 0xd8, 0xff])), `${f.path} holds a JPEG`).toBe(false);
  }
}

/** After "Kết thúc": the page holds none of the resident's data. */
async function expectPageWiped(page: Page): Promise<void> {
  await page.locator('[data-testid="session-ended"], [data-testid="attract"]').first().waitFor();
  const html = await page.content();
  for (const secret of [CARD_NAME, CARD_ID, CARD_RESIDENCE, ADDRESS, PHONE, 'Đi làm việc', 'data:image/jpeg']) {
    expect(html.includes(secret), `the page still holds ${secret.slice(0, 20)}`).toBe(false);
  }
  // Back into the journey: the form and photos are gone (fresh session, nothing prefilled).
  await page.getByTestId('attract').click();
  await page.getByTestId('home').waitFor();
  const again = await page.content();
  for (const secret of [CARD_NAME, ADDRESS, PHONE, 'data:image/jpeg']) expect(again.includes(secret)).toBe(false);
  expect(await page.evaluate(() => document.querySelectorAll('img[src^="data:"], video').length)).toBe(0);
}

describe.skipIf(!hasChromium)('submit journey (fake camera, simulated scanner, card and printer)', () => {
  let sandbox: Sandbox | undefined;
  let k: KioskUnderTest | undefined;
  let dataDir: string;
  let sandboxDb: string;
  let port: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-submit-data-'));
    sandboxDb = join(dir, 'sandbox.db');
    sandbox = await startSandbox({ tokens: [TOKEN], dbFile: sandboxDb, log: () => {} });
    port = Number(new URL(sandbox.url).port);
    k = await startKioskForTest({ configOverrides: kioskConfig(sandbox.url, dataDir), chromiumArgs: fakeCamera(sharpY4m) });
  }, 60_000);
  afterAll(async () => {
    await k?.stop();
    await sandbox?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('online: the dossier code, the printed receipt and the tracking QR; then "Kết thúc" wipes it all', async () => {
    const { page } = k!;
    await throughIdentity(k!, true);
    await fillForm(page, true);
    await photographFirstDocument(page, true);
    // The fake camera shows an A4 sheet on a grey desk: the photo is cropped to the sheet and
    // straightened (common/page-edges.ts), so it has the sheet's proportions, not the frame's.
    const shot = k!.logLines.find((l) => l.includes('document photo:')) ?? '';
    const size = /cropped to the page (\d+)x(\d+)/.exec(shot);
    expect(size, shot).not.toBeNull();
    expect(Number(size![1]) / Number(size![2])).toBeGreaterThan(0.66);
    expect(Number(size![1]) / Number(size![2])).toBeLessThan(0.76);
    await review(page, true);
    // The review and the form with larger text and high contrast (the header's toggles).
    await page.getByTestId('text-size-toggle').click();
    await page.getByTestId('contrast-toggle').click();
    await audit(page, 'submit-review', MODES_ON);
    await page.getByTestId('review-edit-soDienThoai').click();
    await page.getByTestId('numpad').waitFor();
    await audit(page, 'submit-form-numpad', MODES_ON);
    await page.getByTestId('submit-next').click();
    await page.getByTestId('submit-next').click();
    await page.getByTestId('submit-review').waitFor();
    const printer = k!.kiosk.devices.printer.simulator!;
    const jobsBefore = printer.jobs.length;
    await page.getByTestId('submit-send').click();
    await page.getByTestId('submit-result').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('submit-result').getAttribute('data-state')).toBe('sent');
    const code = (await page.getByTestId('result-code').textContent())!;
    expect(code).toMatch(/^[A-Z0-9.]+-\d{6}-\d{4}$/);
    await expect.poll(() => page.getByTestId('result-print').getAttribute('data-state'), { timeout: 10_000 }).toBe('printed');
    expect(printer.jobs.length).toBe(jobsBefore + 1);
    const slip = printer.jobs.at(-1)!;
    expect(slip.lines.join('\n')).toContain(code);
    expect(slip.qrCodes[0]).toMatch(new RegExp(`${code.replace(/\./g, '\\.')}$`));
    await page.getByTestId('result-qr').waitFor();
    await audit(page, 'submit-result', NORMAL);
    // The backend has it, as the card's holder, with the fields and the photo.
    const res = await fetch(`${sandbox!.url}/api/v1/dossiers/${encodeURIComponent(code)}`, {
      headers: { authorization: `Bearer ${TOKEN}`, 'x-applicant-id': CARD_ID },
    });
    expect(res.status).toBe(200);

    await page.getByTestId('result-finish').click();
    await expectPageWiped(page);
    expect(k!.kiosk.identity.current()).toBeUndefined();
    // On disk: the delivered row is gone from the outbox (secure_delete), no photo file is left.
    await expect
      .poll(() => k!.kiosk.router.handle('kiosk.status', {}).then((r) => (r.ok ? (r.value as { outbox: { pending: number } }).outbox.pending : -1)))
      .toBe(0);
    expectDiskClean(dataDir);
  }, 180_000);

  it('offline: the local reference, "đang chờ gửi", the pending receipt; delivered when the backend returns', async () => {
    const { page } = k!;
    await throughIdentity(k!, false);
    await fillForm(page, false);
    await photographFirstDocument(page, false);
    await review(page, false);
    await sandbox!.close();
    sandbox = undefined;
    const printer = k!.kiosk.devices.printer.simulator!;
    const jobsBefore = printer.jobs.length;
    await page.getByTestId('submit-send').click();
    await page.getByTestId('submit-result').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('submit-result').getAttribute('data-state')).toBe('queued');
    const ref = (await page.getByTestId('result-ref').textContent())!;
    expect(await page.getByTestId('result-state').textContent()).toBe('đang chờ gửi');
    await expect.poll(() => page.getByTestId('result-print').getAttribute('data-state'), { timeout: 10_000 }).toBe('printed');
    expect(printer.jobs.length).toBe(jobsBefore + 1);
    expect(printer.jobs.at(-1)!.lines.join('\n')).toContain(ref);
    await page.getByTestId('result-qr').waitFor();
    await audit(page, 'submit-result-queued', NORMAL);
    // While it waits, the outbox holds it: the photo and the fields, nothing else.
    const waiting = await k!.kiosk.router.handle('dossier.lookup', { code: ref });
    expect(waiting.ok && (waiting.value as { state: string }).state).toBe('pending_send');
    await page.getByTestId('result-finish').click();
    await expectPageWiped(page);

    // The backend returns on the same port: the outbox delivers by itself.
    sandbox = await startSandbox({ port, tokens: [TOKEN], dbFile: sandboxDb, log: () => {} });
    await expect
      .poll(
        async () => {
          const r = await k!.kiosk.router.handle('dossier.lookup', { code: ref });
          return r.ok ? (r.value as { state: string }).state : r.error.code;
        },
        { timeout: 20_000, interval: 300 },
      )
      .not.toBe('pending_send');
    const delivered = await k!.kiosk.router.handle('dossier.lookup', { code: ref });
    expect(delivered.ok).toBe(true);
    const dossier = delivered.ok ? (delivered.value as { dossierCode: string; procedure: { name: string } }) : undefined;
    expect(dossier?.dossierCode).not.toBe(ref);
    expect(dossier?.procedure.name).toBe(PROCEDURE);
    // Delivered: the outbox row and its photo are gone from the disk too.
    expectDiskClean(dataDir);
  }, 180_000);
});

describe.skipIf(!hasChromium)('a blurred document photo', () => {
  it('is refused with "Ảnh bị mờ hoặc quá tối, vui lòng chụp lại" and nothing is kept; the idle reset wipes the form', async () => {
    const sandbox = await startSandbox({ tokens: [TOKEN], log: () => {} });
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-submit-blur-'));
    const k = await startKioskForTest({ configOverrides: kioskConfig(sandbox.url, dataDir), chromiumArgs: fakeCamera(blurY4m) });
    try {
      const { page } = k;
      await throughIdentity(k, false);
      await fillForm(page, false);
      await page.getByTestId('doc-0-shoot').click();
      await expect.poll(() => page.getByTestId('submit-capture').getAttribute('data-camera'), { timeout: 15_000 }).toBe('ready');
      await page.getByTestId('capture-shoot').click();
      await page.getByTestId('capture-bad').waitFor();
      expect(await page.getByTestId('capture-bad').textContent()).toBe('Ảnh bị mờ hoặc quá tối, vui lòng chụp lại');
      await audit(page, 'submit-capture-blurred', NORMAL);
      await page.getByTestId('capture-cancel').click();
      await page.getByTestId('submit-documents').waitFor();
      expect(await page.getByTestId('doc-0-page-1').count()).toBe(0);

      // The resident walks away: the idle reset (the page's own timer, its clock moved past the
      // timeout) wipes the form and the card's data like "Kết thúc".
      await page.getByTestId('submit-back').click();
      await page.getByTestId('submit-form').waitFor();
      expect(await page.getByTestId('field-diaChiTamTru').inputValue()).toBe(ADDRESS);
      await page.clock.install();
      await page.clock.fastForward(10 * 60_000);
      await page.getByTestId('attract').waitFor({ timeout: 10_000 });
      await expect.poll(() => k.kiosk.session.current).toBeNull();
      // Main wiped the card it read for this session too.
      expect(k.kiosk.identity.current()).toBeUndefined();
      await expectPageWiped(page);
    } finally {
      await k.stop();
      await sandbox.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
