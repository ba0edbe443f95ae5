/**
 * Pictures of receipts read by code we did not write: Debian's `zbarimg` (zbar-tools) decodes the
 * QR code and the CODE128 barcode of the print preview PNG, and the QR code drawn in the GS v 0
 * images a raster-only printer receives. In CI a missing zbarimg fails.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { bitmapRowBytes, createBitmap, setPixel } from '../../drivers/printer/protocol/escpos';
import { bitmapToPng } from '../../drivers/printer/raster';
import { SimulatedPrinter } from '../../drivers/printer/simulator';
import { PrinterConfig } from '../../kiosk-config/schema';
import { createMemoryLogger } from '../../main/log';
import { createPrintingService } from '../../main/services/printing';
import { zbarDecode } from '../fixtures/printer/peers';
import { binaryRuns, requirePeer } from '../support/peers';

const hasZbar = requirePeer('zbarimg', binaryRuns('zbarimg', ['--version']), 'apt-get install zbar-tools');
const dir = mkdtempSync(join(tmpdir(), 'printer-preview-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/printer/${name}.json`, import.meta.url), 'utf8'));
const CODE = '000.00.12.H56-260314-0042';
const TRACK = 'https://dvc.example.vn/tra-cuu/';

const zbar = (png: Buffer, name: string): string[] => zbarDecode(png, dir, name);

function service(profile: string) {
  return createPrintingService({
    config: PrinterConfig.parse({ kind: 'none', profile, trackingUrl: TRACK }),
    log: createMemoryLogger(),
    centerName: 'Trung tâm Phục vụ hành chính công',
    hotline: '1900 1234',
    kioskId: 'K1',
  });
}

describe.skipIf(!hasZbar)('receipt pictures decoded by zbarimg', () => {
  it.each(['epson-80', 'generic-58-raster'])('the preview PNG of a receipt (%s): QR and CODE128', (profile) => {
    const png = service(profile).preview('receipt', fixture('receipt'));
    const meta = PNG.sync.read(png);
    expect(meta.width).toBe(profile.includes('58') ? 384 : 576);
    const codes = zbar(png, `${profile}.png`);
    expect(codes).toContain(`QR-Code:${TRACK}${CODE}`);
    expect(codes).toContain(`CODE-128:${CODE}`);
  });

  it('the status printout preview: the tracking QR', () => {
    const codes = zbar(service('epson-80').preview('status-page', fixture('dossier')), 'status.png');
    expect(codes).toEqual([`QR-Code:${TRACK}${CODE}`]);
  });

  it('the raster QR a printer without GS ( k receives (GS v 0 bands) decodes', () => {
    const svc = service('generic-58-raster');
    const r = svc.render('receipt', fixture('receipt'));
    const sim = new SimulatedPrinter({ codePage: { kind: 'none' } });
    sim.write(r.bytes);
    const job = sim.flushJob() ?? sim.jobs[0];
    expect(job).toBeDefined();
    expect(job!.qrCodes).toEqual([]); // no GS ( k: the QR is a picture
    // stack the received bands into one page, as the printer prints them
    const width = 384;
    const height = job!.images.reduce((h, im) => h + im.height, 0);
    const page = createBitmap(width, height);
    let top = 0;
    for (const im of job!.images) {
      const rb = im.widthDots / 8;
      for (let y = 0; y < im.height; y++) {
        for (let x = 0; x < im.widthDots; x++) {
          if (((im.data[y * rb + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) !== 0) setPixel(page, x, top + y);
        }
      }
      top += im.height;
    }
    expect(bitmapRowBytes(page.width)).toBe(48);
    const codes = zbar(bitmapToPng(page, 2), 'raster-bands.png');
    expect(codes).toContain(`QR-Code:${TRACK}${CODE}`);
  });
});
