/**
 * `npm run kiosk -- scan listen --serial PATH` as a technician runs it: a real process reading
 * a socat PTY pair with the real serialport, one JSON line per scan, personal data masked.
 */
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createPtyPair, requireSocat, type PtyPair } from '../support/pty';
import { until } from '../support/wait';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const hasSocat = requireSocat();
let pty: PtyPair | undefined;
afterEach(async () => {
  await pty?.close();
  pty = undefined;
});

function runCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const exited = new Promise<number>((r) => child.on('exit', (code) => r(code ?? -1)));
  return {
    child,
    exited,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
  };
}

const CCCD = '001199012345|123456789|Nguyễn Thị Ánh|01021999|Nữ|Số 12 phố Hàng Bạc, Phường Hoàn Kiếm, Hà Nội|15082021';

describe.skipIf(!hasSocat)('scan listen CLI over a socat PTY pair', () => {
  it('prints one JSON line per scan with personal data masked', async () => {
    pty = await createPtyPair('cli');
    const run = runCli(['scan', 'listen', '--serial', pty.devicePath, '--suffix', 'crlf', '--baud', '115200', '--count', '4']);
    await until(() => run.stderr.includes('scanner connected'), 'the CLI to open the port', 20_000);
    pty.write(`000.00.12.H56-260314-0042\r\n${CCCD}\r\nKTV1:c2VjcmV0LXRlY2huaWNpYW4tdG9rZW4\r\n`);
    pty.write('hello 001099012345\r\n');
    const code = await run.exited;
    expect(code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, any>);
    expect(lines.map((l) => l.class)).toEqual(['dossierCode', 'cccd', 'technician', 'unsupported']);
    expect(lines[0]).toMatchObject({ raw: '000.00.12.H56-260314-0042', fields: { dossierCode: '000.00.12.H56-260314-0042' }, source: 'serial' });
    expect(lines[1]!.fields).toMatchObject({
      personalId: '0011******45',
      legacyIdNumber: '1234***89',
      fullName: 'N.T.Á.',
      sex: 'female',
      residence: '(withheld)',
    });
    expect(lines[1]!.raw.startsWith('0011******45|1234***89|N.T.Á.|')).toBe(true);
    expect(lines[3]!.raw).toBe('hello 0010******45');
    for (const secret of ['001199012345', '123456789', 'Nguyễn', 'Hàng Bạc', '01021999', 'c2VjcmV0', '001099012345']) {
      expect(run.stdout + run.stderr).not.toContain(secret);
    }
  });

  it('a usage error names the problem and exits 2', async () => {
    const run = runCli(['scan', 'listen', '--suffix', 'tab']);
    expect(await run.exited).toBe(2);
    expect(run.stderr).toContain('--suffix must be one of cr, lf, crlf, none');
  });
});
