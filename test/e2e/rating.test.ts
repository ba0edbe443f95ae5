/**
 * Ratings and the survey end to end (issue 13 item 5): real Chromium through the Chromium shell,
 * the real router and services, the embedded sandbox over real HTTP, profile service-center.
 * A rating with a reason (a common reason tapped and words typed with the on-screen Telex
 * keyboard) and the survey answered to the end with skipped questions; a rating without a reason
 * from the dossier status screen, then the same dossier again: "Hồ sơ đã được đánh giá". What the
 * sandbox recorded is read back from its report; axe on every screen of the journey.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { vnDate } from '../../common/vietnam-time';
import { RatingReport } from '../../main/api/ratings';
import { buildSeedDossiers } from '../../sandbox/seed';
import { audit, NORMAL } from './axe';
import { hasChromium, startKioskForTest, type KioskUnderTest } from './harness';

const KIOSK_TOKEN = 'demo-kiosk-token'; // the config's default backend token
const SERVICE_CENTER = { profile: 'service-center' as const };

let k: KioskUnderTest | undefined;
afterEach(async () => {
  await k?.stop();
  k = undefined;
});

/** Seeded dossiers whose result is out (the status screen offers "Đánh giá" for them). */
function finishedDossiers(): string[] {
  return buildSeedDossiers(new Date())
    .filter((d) => d.state === 'returned' || d.state === 'result_ready')
    .map((d) => d.dossierCode);
}

async function report(backendUrl: string): Promise<RatingReport> {
  const today = vnDate(new Date());
  const res = await fetch(`${backendUrl}/api/v1/ratings/report?from=${today}&to=${today}`, { headers: { Authorization: `Bearer ${KIOSK_TOKEN}` } });
  return RatingReport.parse(await res.json());
}

async function openRatingTile(page: Page): Promise<void> {
  await page.getByTestId('attract').click();
  await page.getByTestId('home').waitFor();
  await page.getByTestId('tile-rating').click();
  await page.getByTestId('rating-entry').waitFor();
}

describe.skipIf(!hasChromium)('rating journey', () => {
  it('a rating with a reason, then the survey answered to the end', async () => {
    k = await startKioskForTest({ configOverrides: SERVICE_CENTER });
    const { page } = k;
    const code = finishedDossiers()[0]!;
    await openRatingTile(page);
    await audit(page, 'rating-entry', NORMAL);

    // A code that is not one, then one that does not exist: said on the spot.
    await page.getByTestId('rating-input').fill('ABC');
    await page.getByTestId('rating-continue').click();
    await expect.poll(() => page.getByTestId('rating-problem').getAttribute('data-error')).toBe('invalid_code');
    await page.getByTestId('rating-input').fill('000.21.01.H29-260101-9999');
    await page.getByTestId('rating-continue').click();
    await expect.poll(() => page.getByTestId('rating-problem').textContent()).toContain('Không tìm thấy hồ sơ');

    await page.getByTestId('rating-input').fill(code.toLowerCase());
    await page.getByTestId('rating-continue').click();
    await page.getByTestId('quick-rating').waitFor();
    expect(await page.getByTestId('rating-dossier-code').textContent()).toBe(code);
    expect(await page.getByTestId('rating-procedure').textContent()).toBeTruthy();
    for (const [level, words] of [
      ['very_satisfied', 'Rất hài lòng'],
      ['satisfied', 'Hài lòng'],
      ['not_satisfied', 'Không hài lòng'],
    ]) {
      expect(await page.getByTestId(`rating-level-${level}`).textContent()).toBe(words);
    }
    await audit(page, 'rating-choose', NORMAL);

    await page.getByTestId('rating-level-not_satisfied').click();
    await page.getByTestId('rating-reason').waitFor();
    // No reason yet: asked for one, nothing sent.
    await page.getByTestId('rating-reason-send').click();
    await page.getByTestId('rating-reason-problem').waitFor();
    expect(k.requests('rating.submit')).toBe(0);
    await audit(page, 'rating-reason', NORMAL);

    await page.getByTestId('rating-chip-0').click();
    expect(await page.getByTestId('rating-chip-0').getAttribute('aria-pressed')).toBe('true');
    for (const key of ['c', 'h', 'a', 'a', 'j', 'm']) await page.getByTestId(`key-${key.toUpperCase()}`).click(); // Telex: "chậm"
    await expect.poll(() => page.getByTestId('rating-reason-input').inputValue()).toBe('chậm');
    await page.getByTestId('rating-reason-send').click();
    await page.getByTestId('rating-thanks').waitFor();
    expect(await page.getByTestId('rating-thanks').getAttribute('data-state')).toBe('sent');
    await audit(page, 'rating-thanks', NORMAL);

    const rated = await report(k.kiosk.backendUrl);
    expect(rated.ratings.byLevel).toMatchObject({ not_satisfied: 1, total: 1 });
    expect(rated.ratings.reasons.map((r) => r.reason)).toEqual(['Thời gian chờ lâu; chậm']);

    // The survey: six questions, one per screen, two of them skipped.
    await page.getByTestId('survey-start').click();
    await page.getByTestId('survey-question').waitFor();
    await expect.poll(() => page.getByTestId('survey-progress').textContent()).toBe('Câu 1/6');
    await audit(page, 'survey-question', NORMAL);
    const steps: Array<number | 'skip'> = [0, 'skip', 1, 0, 'skip', 1];
    for (let i = 0; i < steps.length; i++) {
      await expect.poll(() => page.getByTestId('survey-progress').textContent()).toBe(`Câu ${i + 1}/6`);
      const step = steps[i]!;
      if (step === 'skip') await page.getByTestId('survey-skip').click();
      else await page.getByTestId(`survey-option-${step}`).click();
    }
    await page.getByTestId('survey-thanks').waitFor();
    expect(await page.getByTestId('survey-thanks').getAttribute('data-state')).toBe('sent');
    await audit(page, 'survey-thanks', NORMAL);

    const r = await report(k.kiosk.backendUrl);
    const mine = r.survey.dossiers.find((d) => d.dossierCode === code);
    expect(mine?.points).toMatchObject({ '3': 2, '4': null, '6': 1, '7': 2 });
    expect(mine?.levels).toEqual({ '11': 'satisfied' });
  });

  it('a rating without a reason from the status screen; the same dossier again is "already rated"', async () => {
    k = await startKioskForTest({ configOverrides: SERVICE_CENTER });
    const { page } = k;
    const code = finishedDossiers()[1]!;
    await page.getByTestId('attract').click();
    await page.getByTestId('home').waitFor();
    k.kiosk.devices.scanner.simulate(code);
    await expect.poll(() => page.getByTestId('dossier-code').textContent()).toContain(code);
    await page.getByTestId('dossier-rate').click();
    await page.getByTestId('quick-rating').waitFor();
    await page.getByTestId('rating-level-very_satisfied').click();
    await page.getByTestId('rating-thanks').waitFor();
    await page.getByTestId('survey-decline').click(); // ends the session
    await page.getByTestId('session-ended').or(page.getByTestId('attract')).first().waitFor();
    expect((await report(k.kiosk.backendUrl)).ratings.byLevel).toMatchObject({ very_satisfied: 1, total: 1 });

    // Again, by scanning the slip on the rating tile's screen.
    await page.getByTestId('attract').click();
    await page.getByTestId('home').waitFor();
    await page.getByTestId('tile-rating').click();
    await page.getByTestId('rating-entry').waitFor();
    k.kiosk.devices.scanner.simulate(code);
    await page.getByTestId('quick-rating').waitFor();
    await page.getByTestId('rating-level-satisfied').click();
    await page.getByTestId('rating-already').waitFor();
    expect(await page.getByTestId('rating-already').textContent()).toContain('Hồ sơ đã được đánh giá');
    await audit(page, 'rating-already', NORMAL);
    // The first rating stands; nothing waits in the outbox and nothing is a dead letter.
    expect((await report(k.kiosk.backendUrl)).ratings.byLevel).toMatchObject({ very_satisfied: 1, satisfied: 0, total: 1 });
    const status = await k.kiosk.router.handle('kiosk.status', {});
    expect(status).toMatchObject({ ok: true, value: { outbox: { pending: 0, dead: 0 } } });
  });

  it('offline: the rating is kept and said so; the survey, never fetched, says it cannot load', async () => {
    k = await startKioskForTest({ backend: 'down', configOverrides: SERVICE_CENTER });
    const { page } = k;
    const code = finishedDossiers()[2]!;
    await openRatingTile(page);
    await page.getByTestId('rating-input').fill(code);
    await page.getByTestId('rating-continue').click();
    await page.getByTestId('quick-rating').waitFor();
    expect(await page.getByTestId('rating-unverified').textContent()).toContain('chưa kiểm tra được hồ sơ');
    await page.getByTestId('rating-level-satisfied').click();
    await page.getByTestId('rating-thanks').waitFor();
    expect(await page.getByTestId('rating-thanks').getAttribute('data-state')).toBe('queued');
    expect(await page.getByTestId('rating-queued').textContent()).toContain('sẽ tự động gửi khi có mạng');
    await audit(page, 'rating-thanks-offline', NORMAL);
    const status = await k.kiosk.router.handle('kiosk.status', {});
    expect(status).toMatchObject({ ok: true, value: { outbox: { pending: 1, dead: 0 } } });

    await page.getByTestId('survey-start').click();
    await page.getByTestId('survey-error').waitFor();
    expect(await page.getByTestId('survey-error').textContent()).toContain('Chưa tải được phiếu khảo sát');
    await audit(page, 'survey-error', NORMAL);
  });
});
