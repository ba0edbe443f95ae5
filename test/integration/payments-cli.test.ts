/**
 * `npm run kiosk -- payments list|check ID` as a technician runs it (a real process), on a data
 * folder a real kiosk wrote, against the sandbox over HTTP.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { startTestKiosk } from '../support/kiosk';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TOKEN = 'payments-cli-token';
const ADMIN = 'payments-cli-admin';
const dir = mkdtempSync(join(tmpdir(), 'kiosk-pay-cli-'));
const dataDir = join(dir, 'kiosk');
let sb: Sandbox;
let paymentId = '';
let intentId = '';
let code = '';

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('KIOSK_')) env[k] = v;
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'main/cli/index.ts', ...args],
      { cwd: ROOT, env: { ...env, NO_COLOR: '1' }, timeout: 20_000 },
      (error, stdout, stderr) => done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  sb = await startSandbox({ tokens: [TOKEN], adminTokens: [ADMIN], log: () => {} });
  const { kiosk } = await startTestKiosk({ dataDir, backend: { url: sb.url, token: TOKEN, timeoutMs: 3000, retries: 0 } });
  try {
    for (const d of sb.listDossiers()) {
      const r = await kiosk.router.handle('payment.start', { dossierCode: d.code });
      if (r.ok) {
        const v = r.value as { paymentId: string; intentId: string; dossierCode: string };
        ({ paymentId, intentId } = v);
        code = v.dossierCode;
        break;
      }
    }
  } finally {
    await kiosk.stop(); // the resident leaves, the kiosk goes down with the payment pending
  }
  expect(paymentId).not.toBe('');
});
afterAll(async () => {
  await sb.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('payments CLI', () => {
  it('list shows the pending intent; check records the outcome; list then shows it paid, unattended', async () => {
    let r = await cli(['payments', 'list', '--data-dir', dataDir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(code);
    expect(r.stdout).toMatch(new RegExp(`pending\\s+${code.replace(/\./g, '\\.')}.*\\d đ\\s+${paymentId}`));

    const pay = await fetch(`${sb.url}/api/v1/payments/${paymentId}/simulate`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'X-Sandbox-Admin-Token': ADMIN, 'content-type': 'application/json' },
      body: '{"outcome":"paid"}',
    });
    expect(pay.status).toBe(200);

    r = await cli(['payments', 'check', paymentId, '--data-dir', dataDir, '--backend', sb.url, '--token', TOKEN]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${intentId}  paid  ${code}`);
    expect(r.stdout).toMatch(/receipt BL\d{6}-\d{6}/);

    r = await cli(['payments', 'list', '--data-dir', dataDir]);
    expect(r.stdout).toMatch(/paid\s+.*unattended/);
  });

  it('mistakes get a clear message and an exit code, never a stack trace', async () => {
    const unknown = await cli(['payments', 'check', 'P000000NOPE00', '--data-dir', dataDir, '--backend', sb.url, '--token', TOKEN]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('FAIL: no payment intent has the id P000000NOPE00');
    const usage = await cli(['payments', '--data-dir', dataDir]);
    expect(usage.code).toBe(2);
    expect(usage.stderr + usage.stdout).toContain('payments needs list or check');
    const noBackend = await cli(['payments', 'check', intentId, '--data-dir', dataDir]);
    expect(noBackend.code).toBe(1);
    expect(noBackend.stderr).toContain('give --backend URL');
    const down = await cli(['payments', 'check', intentId, '--data-dir', dataDir, '--backend', 'http://127.0.0.1:9', '--token', TOKEN]);
    // already paid: the recorded outcome stands without asking
    expect(down.code).toBe(0);
    for (const r of [unknown, usage, noBackend, down]) expect(r.stdout + r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });
});

describe('sandbox CLI payment options', () => {
  function sandboxCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((done) => {
      execFile(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', ...args], { cwd: ROOT, timeout: 20_000 }, (error, stdout, stderr) =>
        done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
      );
    });
  }

  it('refuses an admin token equal to a bearer token, and a payment expiry out of range', async () => {
    const same = await sandboxCli(['--token', 'tok-12345678', '--admin-token', 'tok-12345678']);
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('--admin-token must differ from every --token');
    const ttl = await sandboxCli(['--token', 'tok-12345678', '--payment-ttl', '0']);
    expect(ttl.code).toBe(2);
    expect(ttl.stderr).toContain('--payment-ttl must be');
  });

  it('--admin-token opens the simulate route, --payment-ttl sets the expiry', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', '--token', TOKEN, '--admin-token', ADMIN, '--payment-ttl', '3'], { cwd: ROOT });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (c) => reject(new Error(`sandbox exited ${c}: ${out}`)));
      });
      const auth = { Authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
      let created: { paymentId: string; createdAt: string; expiresAt: string } | undefined;
      for (const line of (await sandboxListing(url)).slice(0, 20)) {
        const r = await fetch(`${url}/api/v1/payments`, {
          method: 'POST',
          headers: { ...auth, 'Idempotency-Key': `cli-${line}` },
          body: JSON.stringify({ dossierCode: line }),
        });
        if (r.status === 201) {
          created = (await r.json()) as typeof created;
          break;
        }
      }
      expect(created).toBeDefined();
      expect(Date.parse(created!.expiresAt) - Date.parse(created!.createdAt)).toBe(3 * 60_000);
      const sim = await fetch(`${url}/api/v1/payments/${created!.paymentId}/simulate`, {
        method: 'POST',
        headers: { ...auth, 'X-Sandbox-Admin-Token': ADMIN },
        body: '{"outcome":"paid"}',
      });
      expect(sim.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });
});

/** Seeded dossier codes with fees due (the seed is deterministic for a given day), once the sandbox answers. */
async function sandboxListing(url: string): Promise<string[]> {
  const { buildSeedDossiers } = await import('../../sandbox/seed');
  const codes = buildSeedDossiers(new Date())
    .filter((d) => d.feesDue > 0)
    .map((d) => d.dossierCode);
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
  return codes;
}
