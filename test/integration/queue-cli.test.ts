/**
 * `npm run kiosk -- queue status|issue SERVICE|call-next --counter N` (issue 13) as a technician
 * runs it (a real process): against a sandbox over HTTP (flags, or the config's backend from the
 * environment), and against the embedded sandbox's database file named by the site config, while
 * a running sandbox on the same file streams the CLI's changes to its SSE clients.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueEvent } from '../../main/api/queue';
import { startQueueEvents } from '../../main/api/queue-events';
import { vnYyMMdd } from '../../common/vietnam-time';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { QUEUE_TOKEN } from '../support/queue';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(join(tmpdir(), 'queue-cli-'));
let sb: Sandbox;

function cli(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('KIOSK_')) env[k] = v;
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'main/cli/index.ts', 'queue', ...args],
      { cwd: ROOT, env: { ...env, NO_COLOR: '1', ...extraEnv }, timeout: 20_000 },
      (error, stdout, stderr) => done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  sb = await startSandbox({ tokens: [QUEUE_TOKEN], dbFile: join(dir, 'http.db'), log: () => {} });
});
afterAll(async () => {
  await sb.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('queue against a backend over HTTP', () => {
  const backend = () => ['--backend', sb.url, '--token', QUEUE_TOKEN];

  it('issues tickets, with a priority and an appointment', async () => {
    const a = await cli(['issue', 'A', '--priority', 'elderly', '--kiosk-id', 'KIOSK-CLI-9', ...backend()]);
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(
      /^OK: A001 {2}ho-tich \(Khai sinh, kết hôn, khai tử\) {2}state waiting {2}0 ahead {2}about 0 min {2}priority elderly {2}ticket (\S+) {2}track http:\/\/127\.0\.0\.1:\d+\/queue\/track\/\S+\n$/,
    );
    const id = /ticket (\S+)/.exec(a.stdout)![1]!;
    expect(sb.queue.model.ticketRow(id)).toMatchObject({ kiosk_id: 'KIOSK-CLI-9', priority: 'elderly', number: 'A001' });
    const b = await cli(['issue', 'ho-tich', ...backend()]);
    expect(b.stdout).toMatch(/^OK: A002 /);
    const code = `LH-${vnYyMMdd(new Date())}-0008`;
    const c = await cli(['issue', 'A', '--appointment', code.toLowerCase(), ...backend()]);
    expect(c.code).toBe(0);
    expect(c.stdout).toMatch(new RegExp(`^OK: C001 {2}dat-dai .* appointment ${code} `));
    const again = await cli(['issue', 'A', '--appointment', code, ...backend()]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^FAIL: rejected \(appointment-used\): Lịch hẹn LH-\d{6}-0008 đã được sử dụng/);
  });

  it('shows the status of services and counters', async () => {
    const r = await cli(['status', ...backend()]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^Trung tâm Phục vụ hành chính công phường Bến Thành \(000\.00\.20\.H29\) on \d{2}\/\d{2}\/\d{4}: priority interleaved, 1 priority after 3 ordinary; offline lease; appointments first$/,
    );
    expect(lines[1]).toBe(`backend: ${sb.url}`);
    expect(lines.find((l) => l.includes(' ho-tich '))).toMatch(
      /^ {2}A {3}ho-tich +waiting {3}2 {2}about \d+ min +counters 1,2 {2}Khai sinh, kết hôn, khai tử \[Tư pháp - Hộ tịch\]$/,
    );
    expect(lines.find((l) => l.includes(' kinh-doanh '))).toMatch(/waiting {3}0 {2}closed \(no counter open\)/);
    expect(lines.find((l) => l.includes('Quầy 4'))).toMatch(/Quầy 4 +closed/);
    expect(lines.find((l) => l.includes('Quầy 1'))).toMatch(/Quầy 1 +open +CB01 Nguyễn Thị Lan +no ticket/);
  });

  it('calls the next ticket at a counter, and says when nobody waits or the counter is closed', async () => {
    // Interleaved one in three: the ordinary A002 before the elderly A001 at a fresh counter.
    const a = await cli(['call-next', '--counter', '2', ...backend()]);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^OK: counter 2 calls A002 {2}ho-tich .*state called {2}counter 2 /);
    const busy = await cli(['call-next', '--counter', '2', ...backend()]);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/^FAIL: rejected \(counter-busy\): Counter 2 still has ticket A002 \(called\)/);
    expect((await cli(['call-next', '--counter', '1', ...backend()])).stdout).toMatch(/^OK: counter 1 calls A001 /);
    expect((await cli(['call-next', '--counter', '6', ...backend()])).stdout).toBe('nobody waits for counter 6\n');
    const closed = await cli(['call-next', '--counter', '4', ...backend()]);
    expect(closed.code).toBe(1);
    expect(closed.stderr).toMatch(/^FAIL: rejected \(counter-closed\)/);
    const other = await cli(['call-next', '--counter', '3', '--officer', 'CB01', ...backend()]);
    expect(other.stderr).toMatch(/counter-officer-mismatch/);
  });

  it('takes the backend from the config (KIOSK_BACKEND_URL, KIOSK_BACKEND_TOKEN)', async () => {
    const r = await cli(['issue', 'G'], { KIOSK_BACKEND_URL: sb.url, KIOSK_BACKEND_TOKEN: QUEUE_TOKEN });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^OK: G001 {2}tra-ket-qua /);
    expect(sb.queue.model.ticketRow(/ticket (\S+)/.exec(r.stdout)![1]!)!.kiosk_id).toBe('KIOSK-DEMO-01');
  });

  it('says what is wrong with the command line (exit 2) or the request (exit 1), never a stack trace', async () => {
    for (const args of [
      [],
      ['bogus'],
      ['issue', ...backend()],
      ['issue', 'A', 'B', ...backend()],
      ['call-next', ...backend()],
      ['call-next', '--counter', 'x', ...backend()],
      ['issue', 'A', '--priority', 'vip', ...backend()],
      ['status', '--counter', '1', ...backend()],
      ['status', '--db'],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stderr).toMatch(/Usage:/);
    }
    const unknown = await cli(['issue', 'Z', ...backend()]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^FAIL: no service "Z"; services: A ho-tich, B chung-thuc/);
    const down = await cli(['status', '--backend', 'http://127.0.0.1:9', '--token', 't']);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/FAIL: offline/);
    const none = await cli(['status']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no backend: .*give --backend URL --token T or --db FILE/);
  });
});

describe('queue on the embedded sandbox’s database', () => {
  it('uses the site config’s sandbox.dbFile; a running sandbox on that file streams the change to its displays', async () => {
    const file = join(dir, 'embedded.db');
    const running = await startSandbox({ tokens: [QUEUE_TOKEN], dbFile: file, log: () => {} });
    const got: QueueEvent[] = [];
    const display = startQueueEvents({ baseUrl: running.url, token: QUEUE_TOKEN, onEvent: (e) => got.push(e), backoff: { baseMs: 20, capMs: 100 } });
    try {
      await expect.poll(() => running.queue.hub.size).toBe(1);
      const site = join(dir, 'site.json');
      writeFileSync(site, JSON.stringify({ sandbox: { dbFile: file } }));
      const r = await cli(['issue', 'C', '--kiosk-id', 'KIOSK-CLI-DB'], { KIOSK_CONFIG: site });
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^OK: C001 {2}dat-dai /);
      // Written by another process: the running sandbox's one-second poll sends it.
      await expect.poll(() => got.map((e) => e.ticket?.number), { timeout: 5000 }).toEqual(['C001']);
      const status = await cli(['status', '--db', file]);
      expect(status.stdout).toContain(`backend: embedded sandbox database ${file}`);
      expect(status.stdout).toMatch(/C {3}dat-dai +waiting {3}1 /);
    } finally {
      await display.stop();
      await running.close();
    }
  });
});
