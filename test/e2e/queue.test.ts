/**
 * "Lấy số thứ tự" and appointment check-in end to end (issue 13): real Chromium through the
 * Chromium shell, the real router and services, the sandbox's queue over real HTTP (embedded, or
 * started here behind a local TCP link the test cuts), the simulated printer's decoded slips.
 * axe and the size checks on every queue screen.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vnYyMMdd } from '../../common/vietnam-time';
import { createDemoCard } from '../../drivers/idcard';
import type { KioskConfigInput } from '../../kiosk-config/schema';
import type { QueueSettings } from '../../sandbox/queue/db';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { startLink, type Link } from '../integration/outbox-link';
import { audit, MODES_ON, NORMAL } from './axe';
import { hasChromium, startKioskForTest, type KioskUnderTest } from './harness';

const KIOSK_TOKEN = 'demo-kiosk-token'; // the config's default backend token
// a code-page printer profile, so the simulated printer decodes the slip's text
const CENTER: KioskConfigInput = { profile: 'service-center', devices: { printer: { kind: 'simulator', profile: 'epson-80', printWaitMs: 3000 } } };

let k: KioskUnderTest | undefined;
let sb: Sandbox | undefined;
let link: Link | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await k?.stop();
  k = undefined;
  await link?.close();
  link = undefined;
  await sb?.close();
  sb = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A sandbox of our own behind a link the test can cut; the kiosk talks to the link. */
async function ownBackend(queue: Partial<QueueSettings>): Promise<KioskConfigInput> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-queue-'));
  dirs.push(dir);
  sb = await startSandbox({ tokens: [KIOSK_TOKEN], dbFile: join(dir, 'sandbox.db'), queue, log: () => {} });
  link = await startLink({ targetPort: sb.port });
  return { ...CENTER, backend: { url: link.url, timeoutMs: 1500, retries: 0 }, queue: { leaseCheckSeconds: 3600, leaseSize: 5, leaseLowWater: 2 } };
}

function slipText(kt: KioskUnderTest): string {
  return (kt.kiosk.devices.printer.simulator?.jobs.at(-1)?.lines ?? []).join('\n').replace(/[ \t]+/g, ' ');
}
const jobs = (kt: KioskUnderTest) => kt.kiosk.devices.printer.simulator?.jobs.length ?? 0;

async function openQueue(page: Page): Promise<void> {
  await page.getByTestId('attract').click();
  await page.getByTestId('home').waitFor();
  await page.getByTestId('tile-queue').click();
  await page.getByTestId('queue').waitFor();
}

describe.skipIf(!hasChromium)('taking a queue number', () => {
  it('services by sector, the priority question with its confirmation, the ticket shown and printed; a double tap gives one ticket', async () => {
    k = await startKioskForTest({ configOverrides: CENTER });
    const { page } = k;
    await openQueue(page);
    await page.getByTestId('queue-service-ho-tich').waitFor();
    expect(await page.locator('.queue-sector h2').allTextContents()).toContain('Tư pháp - Hộ tịch');
    expect(await page.getByTestId('queue-waiting-ho-tich').textContent()).toBe('0 người đang chờ');
    // counter 4 (kinh-doanh) is closed
    expect(await page.getByTestId('queue-wait-kinh-doanh').textContent()).toBe('Chưa mở quầy');
    expect(await page.getByTestId('queue-service-kinh-doanh').isDisabled()).toBe(true);
    await audit(page, 'queue-services', NORMAL);

    await page.getByTestId('queue-service-ho-tich').click();
    await page.getByTestId('queue-priority').waitFor();
    expect(await page.getByTestId('queue-confirm').count()).toBe(0); // no card read: nothing pre-selected
    await audit(page, 'queue-priority', NORMAL);
    await page.getByTestId('queue-priority-disability').click();
    const confirm = page.getByTestId('queue-confirm');
    expect(await confirm.textContent()).toContain('Ông/bà xác nhận thuộc diện ưu tiên: Người khuyết tật?');
    await audit(page, 'queue-priority-confirm', NORMAL);
    await page.getByTestId('queue-confirm-yes').click();
    await page.getByTestId('queue-ticket').waitFor();
    // the kiosk leased A9001–A9020 for offline use (the embedded sandbox's policy is lease): the day's first ticket is still A001
    const first = (await page.getByTestId('queue-ticket-number').textContent()) ?? '';
    expect(first).toBe('A001');
    expect(await page.getByTestId('queue-ticket-priority').getAttribute('data-priority')).toBe('disability');
    expect(await page.getByTestId('queue-ticket-ahead').textContent()).toBe('Không có ai chờ trước ông/bà');
    await expect.poll(() => page.getByTestId('queue-ticket-print').getAttribute('data-state')).toBe('printed');
    expect(await page.getByTestId('queue-ticket-qr').count()).toBe(1);
    expect(await page.getByTestId('queue-ticket-countdown').textContent()).toMatch(/sau \d+ giây/);
    await audit(page, 'queue-ticket', NORMAL);
    const slip = slipText(k);
    expect(slip).toContain(first);
    expect(slip).toContain('Người khuyết tật');
    expect(k.kiosk.devices.printer.simulator!.jobs.at(-1)!.qrCodes[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/queue\/track\/Q/);

    // "Xong" ends the session (the next person inherits nothing); a second resident double-taps "Không": one ticket, one slip
    await page.getByTestId('queue-done').click();
    await page.getByTestId('session-ended').waitFor();
    await page.getByTestId('attract').click();
    await page.getByTestId('tile-queue').click();
    await page.getByTestId('queue-service-ho-tich').click();
    const before = jobs(k);
    await page.getByTestId('queue-priority-none').dblclick();
    await page.getByTestId('queue-ticket').waitFor();
    expect(await page.getByTestId('queue-ticket-number').textContent()).toBe(`A${String(Number(first.slice(1)) + 1).padStart(3, '0')}`);
    // (people ahead follow the center's rule: interleaved, the ordinary ticket may go before the priority one)
    expect(await page.getByTestId('queue-ticket-ahead').textContent()).toMatch(/chờ trước ông\/bà$/);
    await expect.poll(() => jobs(k!)).toBe(before + 1);
    const list = await k.kiosk.router.handle('queue.services', {});
    expect(list.ok && (list.value as { sectors: Array<{ services: Array<{ id: string; waiting: number }> }> }).sectors[0]!.services[0]).toMatchObject({
      id: 'ho-tich',
      waiting: 2,
    });
    // large text and high contrast: the ticket, the list and the question still pass
    await page.getByTestId('text-size-toggle').click();
    await page.getByTestId('contrast-toggle').click();
    await audit(page, 'queue-ticket', MODES_ON);
    await page.getByTestId('nav-home').click();
    await page.getByTestId('tile-queue').click();
    await page.getByTestId('queue-service-ho-tich').waitFor();
    await audit(page, 'queue-services', MODES_ON);
    await page.getByTestId('queue-service-chung-thuc').click();
    await page.getByTestId('queue-priority-elderly').click();
    await audit(page, 'queue-priority-confirm', MODES_ON);
  });
});

describe.skipIf(!hasChromium)('the printer, honestly', () => {
  it('out of paper: the ticket waits for the printer and the screen says to remember the number; it prints when paper is back', async () => {
    k = await startKioskForTest({
      configOverrides: { ...CENTER, devices: { printer: { kind: 'simulator', profile: 'epson-80', printWaitMs: 1000, pollIntervalMs: 200 } } },
    });
    const { page } = k;
    const sim = k.kiosk.devices.printer.simulator!;
    sim.paperOut();
    await openQueue(page);
    await page.getByTestId('queue-service-dat-dai').click();
    await page.getByTestId('queue-priority-none').click();
    await page.getByTestId('queue-ticket').waitFor();
    const number = (await page.getByTestId('queue-ticket-number').textContent()) ?? '';
    const print = page.getByTestId('queue-ticket-print');
    expect(await print.getAttribute('data-state')).toBe('queued');
    expect(await print.textContent()).toBe(`Máy in chưa sẵn sàng; phiếu sẽ được in khi máy in hoạt động trở lại. Ông/bà hãy ghi nhớ số ${number}.`);
    expect(jobs(k)).toBe(0);
    sim.loadPaper();
    await expect.poll(() => jobs(k!), { timeout: 10_000 }).toBe(1);
    expect(slipText(k)).toContain(number);
  });
});

describe.skipIf(!hasChromium)('priority from the card', () => {
  it('a resident of 60 or more whose card was read is offered the elderly priority, still to confirm', async () => {
    k = await startKioskForTest({ configOverrides: { ...CENTER, devices: { ...CENTER.devices, cardReader: { kind: 'simulator' } } } });
    const { page } = k;
    await page.getByTestId('attract').click();
    await page.getByTestId('home').waitFor();
    // the card read in this session, as the consent and card screens do it (main's session, the UI's)
    const OLD_ID = '001050000001';
    const card = createDemoCard({
      td1: { personalId: OLD_ID, birthYymmdd: '500101', expiryYymmdd: '991231' },
      dg13: { personalId: OLD_ID, birthDate: '01/01/1950' },
    });
    expect((await k.kiosk.router.handle('identity.consent', { accepted: true })).ok).toBe(true);
    await k.kiosk.router.handle('scan.submit', { text: card.qrText.replace('001090000001', OLD_ID).replace('01011990', '01011950'), source: 'wedge' });
    k.kiosk.identity.simulator!.insert(card.chip);
    const read = await k.kiosk.router.handle('identity.read', {});
    expect(read.ok && (read.value as { outcome: string }).outcome).toBe('ok');
    await page.getByTestId('nav-home').click();
    await page.getByTestId('tile-queue').click();
    await page.getByTestId('queue-service-ho-tich').click();
    await page.getByTestId('queue-priority').waitFor();
    expect(await page.getByTestId('queue-priority-from-card').textContent()).toContain('từ 60 tuổi trở lên');
    expect(await page.getByTestId('queue-confirm').getAttribute('data-category')).toBe('elderly');
    expect(await page.content()).not.toContain('1950');
    await audit(page, 'queue-priority-from-card', NORMAL);
    // "Chọn lại" shows every choice, "Không" among them
    await page.getByTestId('queue-confirm-no').click();
    await page.getByTestId('queue-priority-none').waitFor();
    await page.getByTestId('queue-priority-elderly').click();
    await page.getByTestId('queue-confirm-yes').click();
    await page.getByTestId('queue-ticket').waitFor();
    expect(await page.getByTestId('queue-ticket-priority').getAttribute('data-priority')).toBe('elderly');
  });
});

describe.skipIf(!hasChromium)('appointment check-in', () => {
  it('typed codes: each problem its own message; on time the ticket; a scanned QR checks in at once; no printer: "hãy ghi nhớ số"', async () => {
    k = await startKioskForTest({ configOverrides: { ...CENTER, devices: { printer: { kind: 'none' } } } });
    const { page } = k;
    const code = (n: number, d = new Date()) => `LH-${vnYyMMdd(d)}-${String(n).padStart(4, '0')}`;
    await openQueue(page);
    await page.getByTestId('queue-appointment').click();
    await page.getByTestId('queue-appointment-screen').waitFor();
    await audit(page, 'queue-appointment', NORMAL);

    // a malformed code is explained under the field; nothing goes to main
    await page.getByTestId('appointment-input').fill('LH-12');
    await page.getByTestId('appointment-submit').click();
    expect(await page.getByTestId('appointment-problem').getAttribute('data-error')).toBe('format');
    expect(k.requests('queue.checkin')).toBe(0);

    const cases: Array<[string, string, string]> = [
      [code(4, new Date(Date.now() + 86_400_000)), 'appointment_wrong_day', 'không phải hôm nay'],
      [code(2), 'appointment_too_early', 'đến sớm'],
      [code(3), 'appointment_too_late', 'quá giờ hẹn'],
      [code(5), 'appointment_used', 'đã được xác nhận'],
      [code(6), 'appointment_cancelled', 'đã bị hủy'],
      [code(7), 'appointment_other_center', 'trung tâm khác'],
      [code(99), 'appointment_not_found', 'Không tìm thấy'],
    ];
    for (const [c, error, words] of cases) {
      await page.getByTestId('appointment-input').fill(c);
      await page.getByTestId('appointment-submit').click();
      const e = page.getByTestId('appointment-error');
      await expect.poll(() => e.getAttribute('data-error'), { message: c }).toBe(error);
      expect(await e.textContent()).toContain(words);
      if (error === 'appointment_too_late') {
        expect(await page.getByTestId('appointment-walk-in').count()).toBe(1);
        await audit(page, 'queue-appointment-error', NORMAL);
      }
      // the next code must not show the last one's message
      await page.getByTestId('key-back').click();
      expect(await page.getByTestId('appointment-error').count()).toBe(0);
    }

    // on the keypad: the code typed key by key
    await page.getByTestId('key-clear').click();
    for (const ch of code(1).slice(3)) await page.getByTestId(ch === '-' ? 'key-dash' : `key-${ch}`).click();
    expect(await page.getByTestId('appointment-input').inputValue()).toBe(code(1));
    await page.getByTestId('appointment-submit').click();
    await page.getByTestId('queue-ticket').waitFor();
    expect(await page.getByTestId('queue-ticket').textContent()).toContain(`Lịch hẹn: ${code(1)}`);
    expect(await page.getByTestId('queue-ticket-print').getAttribute('data-state')).toBe('unavailable');
    const number = (await page.getByTestId('queue-ticket-number').textContent()) ?? '';
    expect(await page.getByTestId('queue-ticket-print').textContent()).toBe(`Ki-ốt không in được phiếu. Ông/bà hãy ghi nhớ số ${number}.`);
    expect(await page.getByTestId('queue-reprint').count()).toBe(0);

    // a scanned appointment QR from the home screen: checked in at once
    await page.getByTestId('queue-done').click();
    await page.getByTestId('session-ended').waitFor();
    k.kiosk.devices.scanner.simulate(code(8));
    await page.getByTestId('queue-ticket').waitFor();
    expect(await page.getByTestId('queue-ticket-service').textContent()).toBe('Đăng ký đất đai, cấp Giấy chứng nhận');
  });
});

describe.skipIf(!hasChromium)('offline', () => {
  it('policy refuse: the kiosk sends the resident to the reception desk', async () => {
    const cfg = await ownBackend({ offlinePolicy: 'refuse' });
    k = await startKioskForTest({ configOverrides: cfg });
    const { page } = k;
    await openQueue(page);
    await page.getByTestId('queue-service-ho-tich').waitFor(); // fetched once: the center's policy is known
    link!.setUp(false);
    await page.getByTestId('queue-service-ho-tich').click();
    await page.getByTestId('queue-priority-none').click();
    await page.getByTestId('queue-offline').waitFor();
    expect(await page.getByTestId('queue-offline').textContent()).toContain('Bàn tiếp đón');
    await audit(page, 'queue-offline', NORMAL);
    // the tile again: the refusal at once, without a dead list
    await page.getByTestId('queue-home').click();
    await page.getByTestId('tile-queue').click();
    await page.getByTestId('queue-offline').waitFor();
    expect(jobs(k)).toBe(0);
  });

  it('policy lease: the list from the cache with its time, a ticket from the leased block, marked offline on the screen and the slip', async () => {
    const cfg = await ownBackend({ offlinePolicy: 'lease' });
    k = await startKioskForTest({ configOverrides: cfg });
    const { page } = k;
    await k.kiosk.queue.tick();
    expect(k.kiosk.queue.leases().some((l) => l.serviceId === 'chung-thuc' && l.state === 'open')).toBe(true);
    await openQueue(page);
    await page.getByTestId('queue-service-chung-thuc').waitFor();
    link!.setUp(false);
    await page.getByTestId('queue-appointment').click(); // away and back: the list is asked again
    await page.getByTestId('queue-appointment-screen').waitFor();
    await page.getByTestId('nav-back').click();
    await page.getByTestId('queue-offline-lease').waitFor();
    expect(await page.getByTestId('queue-offline-lease').textContent()).toMatch(/cập nhật lúc \d{2}:\d{2}/);
    await audit(page, 'queue-services-offline', NORMAL);
    await page.getByTestId('queue-service-chung-thuc').click();
    await page.getByTestId('queue-priority-none').click();
    await page.getByTestId('queue-ticket').waitFor();
    expect(await page.getByTestId('queue-ticket').getAttribute('data-source')).toBe('lease');
    expect(await page.getByTestId('queue-ticket-number').textContent()).toBe('B9001');
    expect(await page.getByTestId('queue-ticket-offline').count()).toBe(1);
    expect(await page.getByTestId('queue-ticket-qr').count()).toBe(0);
    await audit(page, 'queue-ticket-offline', NORMAL);
    await expect.poll(() => jobs(k!)).toBe(1);
    expect(slipText(k)).toContain('PHIẾU CẤP KHI MẤT KẾT NỐI');
  });
});
