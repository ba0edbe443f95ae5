/**
 * `npm run kiosk -- print ...` as a technician runs it (a real process), against fake printers on
 * a local TCP port and at the far end of a socat PTY pair. In CI a missing socat fails.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PRINTER_PROFILES, type PrinterProfile } from '../../drivers/printer/profiles';
import { SimulatedPrinter, type SimulatedJob } from '../../drivers/printer/simulator';
import { serialFakePrinter, tcpFakePrinter } from '../fixtures/printer/peers';
import { createPtyPair, requireSocat } from '../support/pty';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FIX = join(ROOT, 'test/fixtures/printer');
const dir = mkdtempSync(join(tmpdir(), 'printer-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hasSocat = requireSocat();

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  cleanups.length = 0;
});

function kiosk(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', 'print', ...args], { cwd: ROOT, timeout: 30_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const epson = PRINTER_PROFILES['epson-80'] as PrinterProfile;

/**
 * The next job the fake printer finishes. The CLI may exit while its last bytes are still in the
 * serial line or the socket (under load): a job counts when the printer has it whole.
 */
function nextJob(sim: SimulatedPrinter): Promise<SimulatedJob> {
  return new Promise((resolve) => {
    const off = sim.on('job', (job) => {
      off();
      resolve(job);
    });
  });
}

describe('print CLI', () => {
  it('writes the receipt bytes to a file; bad data and bad usage exit 1 and 2 without a stack trace', async () => {
    const out = join(dir, 'r.bin');
    const ok = await kiosk(['receipt', '--data', join(FIX, 'receipt.json'), '--profile', 'epson-80', '--out', out]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^OK: receipt written to .* \(\d+ bytes, codepage mode, profile epson-80\)/);
    const sim = new SimulatedPrinter({ codePage: epson.codePage });
    sim.write(new Uint8Array(readFileSync(out)));
    expect(sim.jobs[0]!.lines).toContain('Người nộp: Nguyễn Thị Ánh Tuyết');

    const bad = await kiosk(['status-page', '--data', join(FIX, 'receipt.json'), '--out', join(dir, 'x.bin')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('is not a dossier');
    const usage = await kiosk(['receipt', '--data', join(FIX, 'receipt.json'), '--profile', 'nope', '--out', join(dir, 'y.bin')]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('unknown profile "nope"');
    for (const r of [bad, usage]) expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });

  it('prints a ticket to a network printer and reads its status; out of paper is exit 1', async () => {
    const sim = new SimulatedPrinter({ codePage: epson.codePage });
    const server = await tcpFakePrinter(sim);
    cleanups.push(() => server.close());
    const target = `127.0.0.1:${server.port}`;
    const printed = nextJob(sim);
    const ok = await kiosk(['ticket', '--data', join(FIX, 'ticket.json'), '--profile', 'epson-80', '--tcp', target]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect((await printed).lines.some((l) => l.includes('A012'))).toBe(true);
    expect(sim.jobs).toHaveLength(1);

    const st = await kiosk(['status', '--tcp', target]);
    expect(st.code).toBe(0);
    expect(st.stdout).toContain('ready');
    sim.paperOut();
    const out = await kiosk(['status', '--tcp', target]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('out of paper');
    const refused = await kiosk(['ticket', '--data', join(FIX, 'ticket.json'), '--tcp', target]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('printer not ready: out of paper; nothing was sent');
    expect(sim.jobs).toHaveLength(1);
  });

  it.skipIf(!hasSocat)('prints the test page over a serial line', async () => {
    const pty = await createPtyPair();
    cleanups.push(() => pty.close());
    const sim = new SimulatedPrinter({ codePage: epson.codePage });
    const link = await serialFakePrinter(pty.peerPath, sim, 115200);
    cleanups.push(() => link.close());
    const printed = nextJob(sim);
    const r = await kiosk(['test', '--profile', 'epson-80', '--serial', pty.devicePath, '--baud', '115200']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((await printed).lines).toContain('ư ừ ứ ử ữ ự');
    const none = await kiosk(['status', '--serial', join(dir, 'no-such-port')]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('FAIL: cannot open the printer');
  });
});
