/**
 * "In phiếu thông tin hồ sơ" on the dossier status screen, end to end: real Chromium, the real router, the
 * printing service and its device queue, and the demo-mode simulator printer (the default device),
 * which the test runs out of paper and reloads.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, startKioskForTest, type KioskUnderTest } from './harness';
import { seedDossierCodes } from '../../sandbox/seed';

let k: KioskUnderTest | undefined;
afterEach(async () => {
  await k?.stop();
  k = undefined;
});

async function showDossier(page: Page, code: string): Promise<void> {
  await page.getByTestId('attract').click();
  await page.getByTestId('tile-lookup').click();
  await page.getByTestId('lookup-input').fill(code);
  await page.getByTestId('lookup-submit').click();
  await page.getByTestId('dossier-status').waitFor();
}

// This test prints the same slip twice on purpose (paper out, then in): no pause between them.
const printerConfig = {
  devices: { printer: { kind: 'simulator', profile: 'epson-80', pollIntervalMs: 200, printWaitMs: 1500, limits: { repeatAfterSeconds: 0 } } },
} as const;

describe.skipIf(!hasChromium)('printing the dossier status', () => {
  it('prints what the screen shows; out of paper the resident is told and the slip prints later', async () => {
    k = await startKioskForTest({ configOverrides: printerConfig as never });
    const { page, kiosk } = k;
    const sim = kiosk.devices.printer.simulator!;
    const code = seedDossierCodes(new Date()).find((d) => d.state === 'processing')!.code;
    await showDossier(page, code);

    await page.getByTestId('print-result').click();
    await expect.poll(() => page.getByTestId('print-message').getAttribute('data-state')).toBe('printed');
    expect(await page.getByTestId('print-message').textContent()).toContain('Đã in xong');
    expect(sim.jobs).toHaveLength(1);
    const job = sim.jobs[0]!;
    expect(job.lines.join('\n')).toContain(code);
    expect(job.lines.join('\n')).toContain('Đang xử lý');
    expect(job.qrCodes[0]).toMatch(new RegExp(`${code.replace(/\./g, '\\.')}$`));

    sim.paperOut();
    await expect.poll(() => kiosk.devices.printer.view().condition, { timeout: 5000 }).toBe('paperOut');
    await page.getByTestId('print-result').click();
    await expect.poll(() => page.getByTestId('print-message').getAttribute('data-state'), { timeout: 8000 }).toBe('queued-paperOut');
    expect(await page.getByTestId('print-message').textContent()).toContain('Máy in hết giấy — phiếu sẽ được in khi có giấy');
    expect(kiosk.devices.printer.view().queued).toBe(1);
    const status = await kiosk.router.handle('devices.status', {});
    expect(
      status.ok && (status.value as { devices: { kind: string; state: string; detail?: string }[] }).devices.find((d) => d.kind === 'printer'),
    ).toMatchObject({ state: 'error', detail: 'out of paper, 1 job(s) waiting' });
    await page.screenshot({ path: 'test-results/e2e-print-paper-out.png' });

    sim.loadPaper();
    await expect.poll(() => sim.jobs.length, { timeout: 5000 }).toBe(2);
    expect(kiosk.devices.printer.view()).toMatchObject({ condition: 'ready', queued: 0 });
  });

  it('"In" tapped 15 times prints one slip; the resident is told why the others wait; a new session may print again', async () => {
    k = await startKioskForTest({ configOverrides: { devices: { printer: { kind: 'simulator', profile: 'epson-80', printWaitMs: 1500 } } } as never });
    const { page, kiosk } = k;
    const sim = kiosk.devices.printer.simulator!;
    const code = seedDossierCodes(new Date()).find((d) => d.state === 'processing')!.code;
    await showDossier(page, code);
    const button = page.getByTestId('print-result');
    // Each tap waits until the button is enabled again (Playwright's click does), as a finger would.
    for (let i = 0; i < 15; i++) await button.click();
    await expect.poll(() => page.getByTestId('print-message').getAttribute('data-state')).toBe('too-many');
    expect(await page.getByTestId('print-message').textContent()).toContain('Phiếu này vừa được in');
    expect(sim.jobs).toHaveLength(1);
    expect(k.logLines.filter((l) => l.includes('print refused (status)')).length).toBe(14);
    // The page itself cannot get round it: the channel refuses too.
    expect(await kiosk.router.handle('dossier.print', { code })).toMatchObject({ ok: false, error: { code: 'too_many' } });
    // The next resident starts afresh.
    kiosk.session.end('finish');
    kiosk.session.start();
    expect(await kiosk.router.handle('dossier.print', { code })).toMatchObject({ ok: true, value: { state: 'printed' } });
    expect(sim.jobs).toHaveLength(2);
  });

  it('no print button when the kiosk has no printer', async () => {
    k = await startKioskForTest({ configOverrides: { devices: { printer: { kind: 'none' } } } as never });
    const code = seedDossierCodes(new Date()).find((d) => d.state === 'processing')!.code;
    await showDossier(k.page, code);
    await k.page.getByTestId('dossier-home').waitFor();
    expect(await k.page.getByTestId('print-result').count()).toBe(0);
  });
});
