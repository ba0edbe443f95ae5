/**
 * The offline receipt's picture read by code we did not write: Debian's `zbarimg` decodes the
 * local reference from the print preview's CODE128 and QR (code-page and raster profiles, 80 and
 * 58 mm), and the decoded QR is what the kiosk's scanner routes to a lookup of that reference.
 * In CI a missing zbarimg fails.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { PrinterConfig } from '../../kiosk-config/schema';
import { createMemoryLogger } from '../../main/log';
import { createPrintingService } from '../../main/services/printing';
import { classifyScan } from '../../main/services/scan/classify';
import { zbarDecode } from '../fixtures/printer/peers';
import { binaryRuns, requirePeer } from '../support/peers';

const hasZbar = requirePeer('zbarimg', binaryRuns('zbarimg', ['--version']), 'apt-get install zbar-tools');
const dir = mkdtempSync(join(tmpdir(), 'printer-pending-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const data = JSON.parse(readFileSync(new URL('../fixtures/printer/receipt-pending.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const REF = 'KIOSK.01-261123-0007';
const TRACK = 'https://dvc.example.vn/tra-cuu/';

const zbar = (png: Buffer, name: string): string[] => zbarDecode(png, dir, name);

const service = (profile: string) =>
  createPrintingService({
    config: PrinterConfig.parse({ kind: 'none', profile, trackingUrl: TRACK }),
    log: createMemoryLogger(),
    centerName: 'Trung tâm Phục vụ hành chính công',
    hotline: '1900 1234',
    kioskId: 'K1',
  });

describe.skipIf(!hasZbar)('the offline receipt decoded by zbarimg', () => {
  it.each(['epson-80', 'generic-80-raster', 'generic-58-raster'])('%s: the local reference from the CODE128 and the QR', (profile) => {
    const png = service(profile).preview('receipt-pending', data);
    expect(PNG.sync.read(png).width).toBe(profile.includes('58') ? 384 : 576);
    const codes = zbar(png, `${profile}.png`);
    expect(codes.sort()).toEqual([`CODE-128:${REF}`, `QR-Code:${TRACK}${REF}`]);
    const qr = (codes.find((c) => c.startsWith('QR-Code:')) ?? '').slice('QR-Code:'.length);
    expect(classifyScan(qr)).toMatchObject({ kind: 'receiptSlip', dossierCode: REF });
  });

  it('a lower-case or spaced reference is printed in its canonical form', () => {
    const codes = zbar(service('epson-80').preview('receipt-pending', { ...data, localRef: ` ${REF.toLowerCase()} ` }), 'lower.png');
    expect(codes).toContain(`CODE-128:${REF}`);
  });

  it('the print CLI previews it: npm run kiosk -- print receipt-pending --data FILE --preview PNG', async () => {
    const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
    const out = join(dir, 'cli.png');
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(
        process.execPath,
        [
          '--import',
          'tsx',
          'main/cli/index.ts',
          'print',
          'receipt-pending',
          '--data',
          'test/fixtures/printer/receipt-pending.json',
          '--profile',
          'generic-58-raster',
          '--preview',
          out,
        ],
        { cwd: root, timeout: 30_000 },
        (error, stdout, stderr) => done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
      );
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('OK: preview of receipt-pending written to');
    expect(zbar(readFileSync(out), 'cli-read.png')).toContain(`CODE-128:${REF}`);
  });
});
