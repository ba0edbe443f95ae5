/**
 * The camera scanner end to end, in the real Chromium shell: Chromium's fake camera plays a Y4M
 * file showing the QR code of a seeded dossier code (test/fixtures/scanner/y4m.ts), and the
 * kiosk, configured with `devices.scanner.kind = camera`, must open that dossier's status from
 * the home screen by itself: getUserMedia -> canvas -> Web Worker decoder (zxing-wasm, then
 * zxing-js) -> scan.submit -> main's classifier -> scan event -> routing.
 *
 * And the lockdown: with the default scanner (the simulator) the same fake camera is there, but
 * the page may not use it (getUserMedia rejects).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedDossierCodes } from '../../sandbox/seed';
import { writeQrY4m } from '../fixtures/scanner/y4m';
import { hasChromium, startKioskForTest, type KioskUnderTest } from './harness';

let k: KioskUnderTest | undefined;
let dir: string;
let code: string;
let y4m: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-camera-'));
  const hit = seedDossierCodes(new Date()).find((d) => d.state === 'processing');
  if (!hit) throw new Error('seed has no processing dossier');
  code = hit.code;
  y4m = writeQrY4m(join(dir, 'qr.y4m'), code);
});
afterEach(async () => {
  await k?.stop();
  k = undefined;
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const fakeCamera = (file: string) => ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${file}`];

describe.skipIf(!hasChromium)('camera scanner (Chromium fake camera playing a QR code)', () => {
  for (const decoder of ['zxing-wasm', 'zxing-js'] as const) {
    it(`${decoder}: the dossier's status opens by itself from the home screen`, async () => {
      k = await startKioskForTest({
        configOverrides: { devices: { scanner: { kind: 'camera', cameraDecoder: decoder } } },
        chromiumArgs: fakeCamera(y4m),
      });
      const { page } = k;
      await page.getByTestId('attract').click();
      // The camera may read the code at once: the home screen can be gone before it is seen.
      await page.locator('[data-testid="home"], [data-testid="dossier-status"]').first().waitFor();
      try {
        await page.getByTestId('dossier-status').waitFor({ timeout: 20_000 });
      } catch (err) {
        // The kiosk's log says why the camera did not deliver (permission, worker, decoder).
        throw new Error(`${String(err)}\nkiosk log:\n${k.logLines.filter((l) => /camera|ui|shell/.test(l)).join('\n')}`);
      }
      await expect.poll(() => page.getByTestId('dossier-code').textContent()).toContain(code);
      // The scan went through main as a camera scan.
      expect(k.requests('scan.submit')).toBeGreaterThanOrEqual(1);
      // The configured decoder is the one that ran in the worker.
      expect(k.logLines.join('\n')).toContain(`camera scanner ready (${decoder})`);
      expect(k.logLines.join('\n')).not.toMatch(/camera not started|camera worker|failed to load/);
      // Worker and wasm came from the app itself: nothing asked for another origin.
      expect(k.logLines.join('\n')).not.toMatch(/blocked (request|navigation)/);
      if (process.env.KIOSK_CAMERA_LOG) process.stderr.write(k.logLines.join('\n') + '\n');
    });
  }

  it('with the default scanner (simulator) the page cannot get the camera', async () => {
    k = await startKioskForTest({ chromiumArgs: fakeCamera(y4m) });
    const { page } = k;
    await page.getByTestId('attract').waitFor();
    const outcome = await page.evaluate(async () => {
      try {
        const s = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
        for (const t of s.getTracks()) t.stop();
        return 'granted';
      } catch (err) {
        return err instanceof Error ? err.name : String(err);
      }
    });
    expect(outcome).toBe('NotAllowedError');
    // And nothing sent a camera scan.
    expect(k.requests('scan.submit')).toBe(0);
  });
});
