/**
 * The maintenance CLI (issue 14) through runCli: keygen and token (the kiosk's own checker accepts
 * what it signs), pin set (scrypt hash in the file), config set (refused by the schema with the
 * file unchanged; saved with a backup, the token encrypted, and audited), audit list, logs tail
 * and devices list.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli/run';
import { createFileLogger } from '../../main/log-file';
import { verifyPin } from '../../main/services/maintenance/pin';
import { checkToken } from '../../main/services/maintenance/token';

const dir = mkdtempSync(join(tmpdir(), 'kiosk-maint-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('maintenance CLI', () => {
  it('keygen and token: the kiosk accepts the signed token', async () => {
    const keyFile = join(dir, 'tech.key');
    const kg = await cli(['maintenance', 'keygen', '--out', keyFile]);
    expect(kg.code).toBe(0);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const publicKey = kg.out.trim();
    const expires = new Date(Date.now() + 3_600_000).toISOString();
    const tk = await cli(['maintenance', 'token', '--technician', 'KTV-9', '--kiosk', 'KIOSK-A', '--expires', expires, '--key', keyFile]);
    expect(tk.code).toBe(0);
    expect(checkToken(tk.out.trim(), { publicKeys: [publicKey], kioskId: 'KIOSK-A', nowMs: Date.now() })).toMatchObject({ ok: true, claims: { t: 'KTV-9' } });
    expect(checkToken(tk.out.trim(), { publicKeys: [publicKey], kioskId: 'KIOSK-B', nowMs: Date.now() })).toMatchObject({ ok: false, reason: 'wrong-kiosk' });
    expect((await cli(['maintenance', 'token', '--technician', 'KTV-9', '--kiosk', 'KIOSK-A', '--expires', 'tomorrow', '--key', keyFile])).code).toBe(2);
  });

  it('pin set, config set (refused, then saved and audited), audit list', async () => {
    const dataDir = join(dir, 'data');
    const file = join(dir, 'site.json');
    const original = JSON.stringify({ dataDir, siteName: 'UBND xã Tân Phú' });
    writeFileSync(file, original);
    expect((await cli(['maintenance', 'pin', 'set', '--config', file, '--pin', '12'])).code).toBe(2);
    const ps = await cli(['maintenance', 'pin', 'set', '--config', file, '--pin', '6543']);
    expect(ps.code).toBe(0);
    const withPin = JSON.parse(readFileSync(file, 'utf8'));
    expect(verifyPin('6543', withPin.maintenance.pinHash)).toBe(true);
    expect(readFileSync(file, 'utf8')).not.toContain('6543"');

    const before = readFileSync(file, 'utf8');
    const bad = await cli(['config', 'set', 'backend.url', 'ftp://x', '--config', file]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('backend.url');
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect((await cli(['config', 'set', 'dataDir', '/tmp', '--config', file])).code).toBe(2);

    const ok = await cli(['config', 'set', 'backend.token', 'cli-secret-token-98765', '--config', file], { USER: 'kythuat' });
    expect(ok.code).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toContain('cli-secret-token-98765');
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(before);
    const show = await cli(['config', 'show', file]);
    expect(show.out).not.toContain('cli-secret-token-98765');

    const al = await cli(['audit', 'list', '--config', file]);
    expect(al.code).toBe(0);
    expect(al.out).toMatch(/cli:kythuat\s+config\.save\s+backend\.token/);
    expect(al.out).not.toContain('cli-secret');
  });

  it('logs tail filters by level and text; devices list prints the configured devices', async () => {
    const dataDir = join(dir, 'data2');
    const file = join(dir, 'site2.json');
    writeFileSync(file, JSON.stringify({ dataDir }));
    const log = await createFileLogger({ dir: join(dataDir, 'logs') });
    log.info('printer', 'paper loaded');
    log.error('printer', 'cover open');
    log.warn('scanner', 'unplugged');
    await log.close();
    const all = await cli(['logs', 'tail', '--config', file]);
    expect(all.out.split('\n')).toHaveLength(3);
    const errs = await cli(['logs', 'tail', '--level', 'warn', '--text', 'printer', '--config', file]);
    expect(errs.out.trim().split('\n')).toEqual([expect.stringMatching(/ERROR \[printer\] cover open$/)]);
    const dl = await cli(['devices', 'list', '--config', file]);
    expect(dl.code).toBe(0);
    expect(dl.out).toContain('scanner     simulator');
  });

  it('devices list shows the devices present with their role (a port given with --path); logs export copies masked logs', async () => {
    const dataDir = join(dir, 'data3');
    const file = join(dir, 'site3.json');
    // A PTY is not in the listing: given with --path, and the configured scanner's port.
    writeFileSync(file, JSON.stringify({ dataDir, kioskId: 'KIOSK-CLI-3', devices: { scanner: { kind: 'serial', path: '/tmp/kiosk-cli-pty' } } }));
    const dl = await cli(['devices', 'list', '--config', file, '--path', '/tmp/kiosk-cli-pty', '--path', '/tmp/other-port']);
    expect(dl.code).toBe(0);
    expect(dl.out).toMatch(/serial +\/tmp\/kiosk-cli-pty \(given with --path\) +role: scanner/);
    expect(dl.out).toMatch(/serial +\/tmp\/other-port \(given with --path\) +role: none/);

    const log = await createFileLogger({ dir: join(dataDir, 'logs') });
    log.warn('ui', 'typed 079090001234 by mistake');
    await log.close();
    const usb = join(dir, 'usb');
    mkdirSync(usb);
    const ex = await cli(['logs', 'export', '--to', usb, '--config', file]);
    expect(ex.code).toBe(0);
    const [folder] = readdirSync(usb);
    expect(folder).toMatch(/^kiosk-logs-KIOSK-CLI-3-\d{8}-\d{6}$/);
    const text = readdirSync(join(usb, folder!))
      .map((f) => readFileSync(join(usb, folder!, f), 'utf8'))
      .join('');
    expect(text).toContain('0790******34');
    expect(text).not.toContain('079090001234');
    const missing = await cli(['logs', 'export', '--to', join(dir, 'no-such-usb'), '--config', file]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/logs not exported/);
    expect((await cli(['logs', 'export', '--config', file])).code).toBe(2);
  });
});
