/**
 * The technician CLI as a technician runs it: a real process (`node --import tsx
 * main/cli/index.ts ...` from the repo root), checked by exit code and output.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(join(tmpdir(), 'kiosk-cli-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  all: string;
}

/** The environment without any KIOSK_* variable of the machine running the tests. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('KIOSK_')) env[k] = v;
  return { ...env, NO_COLOR: '1', ...extra };
}

function kiosk(args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'main/cli/index.ts', ...args],
      { cwd: ROOT, env: cleanEnv(extraEnv), timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        done({ code, stdout, stderr, all: stdout + stderr });
      },
    );
  });
}

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const noStack = (r: Run) => expect(r.all).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

describe('kiosk CLI', () => {
  it('help, --help and no arguments list every command with exit 0', async () => {
    for (const args of [[], ['help'], ['--help']]) {
      const r = await kiosk(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toContain('Usage: npm run kiosk -- <command>');
      for (const name of ['help', 'version', 'config']) expect(r.stdout).toMatch(new RegExp(`^  ${name}\\s+\\S`, 'm'));
    }
  });

  it('help COMMAND and COMMAND --help show its usage', async () => {
    const a = await kiosk(['help', 'config']);
    expect(a.code).toBe(0);
    expect(a.stdout).toContain('config check FILE');
    const b = await kiosk(['config', '--help']);
    expect(b.code).toBe(0);
    expect(b.stdout).toContain('config show [FILE]');
  });

  it('version prints the package version', async () => {
    const r = await kiosk(['version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^vn-public-service-kiosk \d+\.\d+\.\d+/);
  });

  it('config check on a good file: OK, a summary and exit 0', async () => {
    const path = file(
      'good.json',
      JSON.stringify({
        profile: 'service-center',
        kioskId: 'HN-TTHCC-07',
        backend: { url: 'https://dichvucong.hanoi.gov.vn/kiosk-api', token: 'a-long-secret-token' },
      }),
    );
    const r = await kiosk(['config', 'check', path]);
    expect(r.code, r.all).toBe(0);
    expect(r.stdout).toContain(`OK: ${path} is a valid kiosk config`);
    expect(r.stdout).toMatch(/profile:\s+service-center/);
    expect(r.stdout).toMatch(/kiosk id:\s+HN-TTHCC-07/);
    expect(r.stdout).toMatch(/backend:\s+https:\/\/dichvucong\.hanoi\.gov\.vn\/kiosk-api/);
    expect(r.stdout).toMatch(/tiles:\s+queue, lookup, procedures, submit, payment, rating, announcements/);
    expect(r.all).not.toContain('a-long-secret-token');
  });

  it('config check on an empty object: the apartment demo with the embedded sandbox', async () => {
    const r = await kiosk(['config', 'check', file('empty.json', '{}')]);
    expect(r.code, r.all).toBe(0);
    expect(r.stdout).toMatch(/profile:\s+apartment/);
    expect(r.stdout).toMatch(/backend:\s+embedded sandbox/);
  });

  it('config check looks at the file only, not at the KIOSK_* environment', async () => {
    const r = await kiosk(['config', 'check', file('plain.json', '{"kioskId": "X-1"}')], {
      KIOSK_BACKEND_URL: 'not a url',
      KIOSK_PROFILE: 'nonsense',
    });
    expect(r.code, r.all).toBe(0);
  });

  it('config check on a bad file prints every error and exits 1', async () => {
    const path = file('bad.json', JSON.stringify({ shel: {}, backend: { timeoutMs: 'abc' }, ui: { idleTimeoutSeconds: 20, idleWarningSeconds: 25 } }));
    const r = await kiosk(['config', 'check', path]);
    expect(r.code).toBe(1);
    expect(r.all).toContain(`FAIL: ${path} is not a valid kiosk config`);
    expect(r.all).toContain('backend.timeoutMs: got "abc" (string), expected a number');
    expect(r.all).toContain('shel: unknown key (did you mean "shell"?)');
    expect(r.all).toContain('ui.idleWarningSeconds');
    expect(r.stdout).not.toContain('OK:');
    noStack(r);
  });

  it('config check on invalid JSON names the line and column', async () => {
    const path = file('broken.json', '{\n  "kioskId": "A"\n  "profile": "apartment"\n}\n');
    const r = await kiosk(['config', 'check', path]);
    expect(r.code).toBe(1);
    expect(r.all).toContain(`${path}:3:3`);
    noStack(r);
  });

  it('config check on a missing file exits 1 and names the file', async () => {
    const path = join(dir, 'nowhere.json');
    const r = await kiosk(['config', 'check', path]);
    expect(r.code).toBe(1);
    expect(r.all).toContain(`${path}: file not found`);
    noStack(r);
  });

  it('config check without FILE is a usage error: exit 2', async () => {
    const r = await kiosk(['config', 'check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('config check needs a FILE');
    expect(r.stderr).toContain('Usage:');
    noStack(r);
  });

  it('config show prints the resolved config as JSON with the token masked', async () => {
    const path = file('show.json', JSON.stringify({ kioskId: 'SHOW-1', backend: { token: 'file-secret-token-1234567890' } }));
    const r = await kiosk(['config', 'show', path], { KIOSK_CHROMIUM: '/usr/bin/chromium' });
    expect(r.code, r.all).toBe(0);
    const shown = JSON.parse(r.stdout) as { kioskId: string; backend: { token: string }; shell: { chromiumPath: string }; ui: { tiles: string[] } };
    expect(shown.kioskId).toBe('SHOW-1');
    expect(shown.shell.chromiumPath).toBe('/usr/bin/chromium');
    expect(shown.ui.tiles).toEqual(['lookup', 'procedures', 'submit', 'payment', 'announcements']);
    expect(shown.backend.token).not.toContain('secret');
    expect(r.all).not.toContain('file-secret-token');
  });

  it('config show without FILE uses KIOSK_CONFIG', async () => {
    const path = file('env.json', JSON.stringify({ profile: 'service-center' }));
    const r = await kiosk(['config', 'show'], { KIOSK_CONFIG: path });
    expect(r.code, r.all).toBe(0);
    expect((JSON.parse(r.stdout) as { profile: string }).profile).toBe('service-center');
  });

  it('an unknown command prints a message and the help, exit 2', async () => {
    const r = await kiosk(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown command "frobnicate"');
    expect(r.stderr).toContain('Commands:');
    noStack(r);
  });

  it('an unknown config subcommand is a usage error, exit 2', async () => {
    const r = await kiosk(['config', 'validate', 'x.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown config subcommand "validate"');
  });
});
