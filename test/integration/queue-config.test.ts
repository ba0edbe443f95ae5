/**
 * The center's rules as options (issue 13): the embedded sandbox takes them from the kiosk's
 * config (`sandbox.queue`), and a sandbox refuses rules out of range instead of starting wrong.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../kiosk-config/loader';
import { QueueServiceList } from '../../main/api/queue';
import { startSandbox } from '../../sandbox/server';
import { http, QUEUE_TOKEN } from '../support/queue';
import { startTestKiosk } from '../support/kiosk';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(join(tmpdir(), 'queue-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the center’s rules', () => {
  it('come from the kiosk config’s sandbox.queue in the embedded sandbox', async () => {
    const { kiosk, config } = await startTestKiosk({
      dataDir: join(dir, 'kiosk'),
      sandbox: { queue: { priorityRule: { mode: 'strict' }, offlinePolicy: 'refuse', appointmentRule: 'priority' } },
    });
    try {
      const list = QueueServiceList.parse((await http(kiosk.backendUrl, config.backend.token).get('/api/v1/queue/services')).body);
      expect(list.center).toMatchObject({ priorityRule: { mode: 'strict' }, offlinePolicy: 'refuse', appointmentRule: 'priority' });
      expect(list.items.map((s) => s.prefix)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
    } finally {
      await kiosk.stop();
    }
  });

  it('are checked by the config schema', () => {
    const bad = loadConfig({ env: {}, overrides: { sandbox: { queue: { priorityRule: { mode: 'interleaved', every: 0 } } } } });
    expect(bad.ok).toBe(false);
    const typo = loadConfig({ env: {}, overrides: { sandbox: { queue: { offlinePolicy: 'maybe' as 'lease' } } } });
    expect(typo.ok).toBe(false);
  });

  it('out of range stop the sandbox from starting, with the reason', async () => {
    await expect(startSandbox({ tokens: [QUEUE_TOKEN], queue: { priorityRule: { mode: 'interleaved', every: 0 } } })).rejects.toThrow(/priorityRule/);
    await expect(startSandbox({ tokens: [QUEUE_TOKEN], queue: { heartbeatMs: 0 } })).rejects.toThrow(/heartbeatMs/);
    await expect(startSandbox({ tokens: [QUEUE_TOKEN], queue: { trackingBaseUrl: 'not a url' } })).rejects.toThrow(/trackingBaseUrl/);
    // Undefined values fall back to the defaults.
    const sb = await startSandbox({ tokens: [QUEUE_TOKEN], queue: { priorityRule: undefined }, log: () => {} });
    try {
      expect(QueueServiceList.parse((await http(sb.url).get('/api/v1/queue/services')).body).center.priorityRule).toEqual({ mode: 'interleaved', every: 3 });
    } finally {
      await sb.close();
    }
  });

  it('come from `npm run sandbox` flags, and a bad flag is refused with the usage', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'sandbox/cli.ts',
        '--token',
        QUEUE_TOKEN,
        '--priority-rule',
        'interleaved:2',
        '--offline-policy',
        'refuse',
        '--appointment-rule',
        'priority',
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const url = await new Promise<string>((done, fail) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) done(m[1]!);
        });
        child.once('exit', (code) => fail(new Error(`exited ${code}: ${out}`)));
      });
      const list = QueueServiceList.parse((await http(url).get('/api/v1/queue/services')).body);
      expect(list.center).toMatchObject({ priorityRule: { mode: 'interleaved', every: 2 }, offlinePolicy: 'refuse', appointmentRule: 'priority' });
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    for (const bad of [
      ['--priority-rule', 'interleaved:0'],
      ['--priority-rule', 'often'],
      ['--offline-policy', 'maybe'],
      ['--appointment-rule', 'last'],
    ]) {
      const r = await new Promise<{ code: number; stderr: string }>((done) =>
        execFile(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', '--token', 't', ...bad], { cwd: ROOT, timeout: 20_000 }, (err, _out, stderr) =>
          done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stderr }),
        ),
      );
      expect(r.code, bad.join(' ')).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^sandbox: ${bad[0]} must be`));
      expect(r.stderr).toContain('Usage: npm run sandbox');
    }
  });
});
