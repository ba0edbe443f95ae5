/**
 * The hall display and the counter end to end (issue 13, items 6 and 7): two kiosks in real
 * Chromium through the Chromium shell — the `display` profile (1920x1080) with the embedded
 * sandbox, and the `counter` profile (1024x600) pointed at the display's backend — one ticket
 * issued through the sandbox's route, called from the counter page's button, shown on the display
 * page (and said: the voice's timeline in main), served and finished; axe audits of both pages,
 * and the display's "Mất kết nối" banner when its backend goes away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueTicket } from '../../main/api/queue';
import { audit, NORMAL } from './axe';
import { hasChromium, RESULTS_DIR, startKioskForTest, type KioskUnderTest } from './harness';
import { join } from 'node:path';

const TOKEN = 'demo-kiosk-token'; // the config's default backend token
let display: KioskUnderTest;
let counter: KioskUnderTest;

beforeAll(async () => {
  display = await startKioskForTest({ configOverrides: { profile: 'display' }, screen: { width: 1920, height: 1080 } });
  counter = await startKioskForTest({
    configOverrides: { profile: 'counter', backend: { url: display.kiosk.backendUrl }, counter: { number: 3, officerId: 'CB03', officerName: 'Lê Thị Mai' } },
    screen: { width: 1024, height: 600 },
  });
}, 60_000);
afterAll(async () => {
  await counter?.stop();
  await display?.stop();
});

async function issue(serviceId: string): Promise<QueueTicket> {
  const res = await fetch(`${display.kiosk.backendUrl}/api/v1/queue/tickets`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/json',
      'idempotency-key': `e2e-display-${Date.now()}-${Math.random()}`,
      'x-kiosk-id': 'KIOSK-E2E',
    },
    body: JSON.stringify({ serviceId }),
  });
  expect(res.status).toBe(201);
  return QueueTicket.parse(await res.json());
}

describe.skipIf(!hasChromium)('hall display and counter', () => {
  it('a ticket called from the counter page appears on the display page, then is served and finished', async () => {
    const dp = display.page;
    const cp = counter.page;
    await dp.getByTestId('hall-waiting').waitFor();
    await expect.poll(() => dp.getByTestId('hall-now').textContent()).toContain('Chưa có số nào được gọi');
    await cp.getByTestId('counter-current').waitFor();
    await expect.poll(() => cp.locator('.counter-head h1').textContent()).toBe('Quầy 3');
    await audit(dp, 'hall-display-empty', NORMAL);

    // Nobody waits at counter 3's services: the button says so.
    await cp.getByTestId('counter-call-next').click();
    await expect.poll(() => cp.getByTestId('counter-message').textContent()).toBe('Không có khách hàng nào đang chờ.');

    const ticket = await issue('dat-dai');
    await expect.poll(() => dp.locator('[data-service="dat-dai"]').getAttribute('data-waiting')).toBe('1');
    await expect.poll(() => cp.getByTestId('counter-waiting').getAttribute('data-waiting')).toBe('1');

    await cp.getByTestId('counter-call-next').click();
    await expect.poll(() => cp.getByTestId('counter-current').getAttribute('data-number')).toBe(ticket.number);
    await expect.poll(() => cp.getByTestId('counter-current').getAttribute('data-state')).toBe('called');
    await expect.poll(() => dp.getByTestId('hall-now-number').textContent()).toBe(ticket.number);
    expect(await dp.getByTestId('hall-now-counter').textContent()).toBe('Quầy 3');
    await expect.poll(() => dp.locator('[data-service="dat-dai"]').getAttribute('data-waiting')).toBe('0');
    // Said aloud in main, after the chime (no sound card here: the announcer keeps the call's time).
    await expect.poll(() => display.kiosk.hall?.timeline().map((e) => e.ticket), { timeout: 20_000 }).toContain(ticket.number);
    await dp.screenshot({ path: join(RESULTS_DIR, 'display-calling.png') });
    await cp.screenshot({ path: join(RESULTS_DIR, 'counter-called.png') });
    await audit(dp, 'hall-display-calling', NORMAL);
    await audit(cp, 'counter-called', NORMAL);

    // The transfer chooser opens and closes.
    await cp.getByTestId('counter-transfer').click();
    await cp.getByTestId('counter-transfer-dialog').waitFor();
    await audit(cp, 'counter-transfer', NORMAL);
    await cp.getByTestId('counter-transfer-cancel').click();

    await cp.getByTestId('counter-start').click();
    await expect.poll(() => cp.getByTestId('counter-current').getAttribute('data-state')).toBe('serving');
    await cp.getByTestId('counter-finish').click();
    await cp.getByTestId('counter-rating').waitFor();
    expect(await cp.getByTestId('counter-rating').getAttribute('data-ticket')).toBe(ticket.id);
    await audit(cp, 'counter-rating', NORMAL);
    // The resident rates the visit (QuickRating, rating.submit with the ticket id, through the outbox).
    await cp.getByTestId('counter-rating').getByRole('button', { name: 'Rất hài lòng' }).click();
    await expect.poll(() => cp.getByTestId('counter-rating-done').getAttribute('data-outcome')).toBe('sent');
    await cp.screenshot({ path: join(RESULTS_DIR, 'counter-rated.png') });
    const report = await fetch(`${display.kiosk.backendUrl}/api/v1/ratings/report?from=2000-01-01&to=2100-01-01`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(report.status).toBe(200);
    // One rating reached the backend, tied to the counter that served the ticket (the sandbox
    // looks the ticket up in its queue).
    const ratings = (
      (await report.json()) as { ratings: { byLevel: Record<string, number>; byCounter: { counter: number; levels: Record<string, number> }[] } }
    ).ratings;
    expect(ratings.byLevel.very_satisfied).toBe(1);
    expect(ratings.byCounter).toEqual([{ counter: 3, levels: expect.objectContaining({ very_satisfied: 1 }) }]);
    await cp.getByTestId('counter-rating-close').click();
    await expect.poll(() => cp.getByTestId('counter-current').getAttribute('data-number')).toBe('');
  }, 90_000);

  it('the display says when its link is down and keeps the last state', async () => {
    const dp = display.page;
    const before = await dp.getByTestId('hall-now-number').textContent();
    // The drop reconnects within a second; the page records whether the banner appeared meanwhile.
    await dp.evaluate(() => {
      const w = window as unknown as { sawDown?: string };
      new MutationObserver(() => {
        const banner = document.querySelector('[data-testid="hall-down"]');
        if (banner) w.sawDown = banner.textContent ?? '';
      }).observe(document.body, { subtree: true, childList: true });
    });
    display.kiosk.hall!.stream.drop();
    await expect.poll(() => dp.evaluate(() => (window as unknown as { sawDown?: string }).sawDown)).toContain('Mất kết nối — đang kết nối lại');
    expect(display.kiosk.hall!.health().restarts).toBeGreaterThan(0);
    await expect.poll(() => dp.getByTestId('hall').getAttribute('data-connected')).toBe('true');
    expect(await dp.getByTestId('hall-now-number').textContent()).toBe(before);
  });
});
