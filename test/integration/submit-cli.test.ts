/**
 * `npm run kiosk -- submit` as a technician runs it (a real process) against the sandbox over
 * real HTTP, with the kiosk's real SQLite outbox: sent with a dossier code; a blurred photo
 * refused before anything is queued; a form problem named; the backend down: queued with a local
 * reference, kept in the outbox.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { blurred, documentPage, type Frame } from '../fixtures/document/page';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TOKEN = 'cli-submit-token';
let dir: string;
let sandbox: Sandbox;

function jpegOf(f: Frame): Buffer {
  const rgba = Buffer.alloc(f.width * f.height * 4);
  for (let i = 0; i < f.width * f.height; i++) {
    rgba.fill(f.luma[i]!, i * 4, i * 4 + 3);
    rgba[i * 4 + 3] = 255;
  }
  return Buffer.from(jpeg.encode({ data: rgba, width: f.width, height: f.height }, 85).data);
}

function run(args: string[], dataDir: string, backendUrl: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const config = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(config, JSON.stringify({ dataDir, backend: { url: backendUrl, token: TOKEN, timeoutMs: 1500, retries: 0 }, outbox: { submitWaitMs: 3000 } }));
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('KIOSK_')) env[k] = v;
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'main/cli/index.ts', 'submit', ...args],
      { cwd: ROOT, env: { ...env, NO_COLOR: '1', KIOSK_CONFIG: config }, timeout: 30_000 },
      (error, stdout, stderr) => done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

const DATA = {
  applicant: { fullName: 'Trần Thị Bình', personalId: '001190000002', phone: '0912345678' },
  fields: { diaChiTamTru: 'Số 5 phố Huế, Hà Nội', thoiHanTamTru: 12, soDienThoai: '0912345678' },
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-cli-submit-'));
  sandbox = await startSandbox({ tokens: [TOKEN], log: () => {} });
  writeFileSync(join(dir, 'data.json'), JSON.stringify(DATA));
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...DATA, fields: { diaChiTamTru: 'Số 5 phố Huế' } }));
  const page = documentPage();
  writeFileSync(join(dir, 'page.jpg'), jpegOf(page));
  writeFileSync(join(dir, 'blurred.jpg'), jpegOf(blurred(page)));
});
afterAll(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('kiosk submit (CLI)', () => {
  it('submits with a photo and prints the dossier code the backend gave', async () => {
    const dataDir = mkdtempSync(join(dir, 'data-'));
    const before = sandbox.listDossiers().length;
    const r = await run(['--procedure', '1.004194', '--data', join(dir, 'data.json'), '--photo', join(dir, 'page.jpg')], dataDir, sandbox.url);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const code = /OK: sent as (\S+)/.exec(r.stdout)?.[1];
    expect(code).toMatch(/-\d{6}-\d{4}$/);
    expect(sandbox.listDossiers().length).toBe(before + 1);
    expect(sandbox.listDossiers().some((d) => d.code === code)).toBe(true);
    // Nothing personal printed.
    expect(r.stdout).not.toContain('001190000002');
    expect(r.stdout).not.toContain('Bình');
  }, 40_000);

  it('refuses a blurred photo before anything is queued', async () => {
    const dataDir = mkdtempSync(join(dir, 'data-'));
    const r = await run(['--procedure', '1.004194', '--data', join(dir, 'data.json'), '--photo', join(dir, 'blurred.jpg')], dataDir, sandbox.url);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^FAIL: blurred\.jpg: the photo is blurred \(brightness [\d.]+, sharpness [\d.]+\): take it again/);
  }, 40_000);

  it('names the form problem and queues nothing', async () => {
    const dataDir = mkdtempSync(join(dir, 'data-'));
    const r = await run(['--procedure', '1.004194', '--data', join(dir, 'bad.json')], dataDir, sandbox.url);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('FAIL: invalid_form');
    expect(r.stderr).toContain('thoiHanTamTru');
    expect(r.stderr).not.toMatch(/at \w+ \(/);
  }, 40_000);

  it('with the backend down: queued with a local reference, kept in the outbox', async () => {
    const dataDir = mkdtempSync(join(dir, 'data-'));
    // The form is cached first (the kiosk shows a form only once it has fetched it).
    const first = await run(['--procedure', '1.004194', '--data', join(dir, 'data.json')], dataDir, sandbox.url);
    expect(first.code).toBe(0);
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const r = await run(['--procedure', '1.004194', '--data', join(dir, 'data.json'), '--json'], dataDir, `http://127.0.0.1:${port}`);
    expect(r.code).toBe(0);
    const answer = JSON.parse(r.stdout) as { state: string; localRef: string };
    expect(answer.state).toBe('queued');
    expect(answer.localRef).toMatch(/-\d{6}-\d{4}$/);
    const status = await new Promise<string>((done) =>
      execFile(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', 'outbox', 'status', '--data-dir', dataDir], { cwd: ROOT }, (_e, out) => done(out)),
    );
    expect(status).toContain('waiting: 1');
  }, 60_000);

  it('explains a bad call', async () => {
    const r = await run(['--data', join(dir, 'data.json')], mkdtempSync(join(dir, 'data-')), sandbox.url);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('submit needs --procedure CODE');
  }, 40_000);
});
