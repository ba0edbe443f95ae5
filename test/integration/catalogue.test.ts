/**
 * The kiosk's own copy of the procedure catalogue, against the real sandbox over HTTP: fetched,
 * kept on disk, searched locally, and still searched and read once the backend is gone. The CLI's
 * `procedures search` reads the same file, as a technician runs it.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../main/api/client';
import { createLogger } from '../../main/log';
import { createCatalogue, createProcedureService } from '../../main/services/procedures';
import { CatalogueFile } from '../../main/services/procedures/catalogue';
import { KioskError } from '../../main/errors';
import { PROCEDURES, SECTORS } from '../../sandbox/seed';
import { startSandbox, type Sandbox } from '../../sandbox/server';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TOKEN = 'catalogue-test-token';
const dir = mkdtempSync(join(tmpdir(), 'kiosk-catalogue-'));
const logs: string[] = [];
const log = createLogger({ level: 'debug', write: (l) => logs.push(l) });

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ tokens: [TOKEN], log: () => {} });
});
afterAll(async () => {
  await sb.close();
  rmSync(dir, { recursive: true, force: true });
});

function api(baseUrl: string) {
  return createApiClient({ baseUrl, token: TOKEN, timeoutMs: 3_000, retries: 0, log, backoffBaseMs: 10, backoffCapMs: 20 });
}

function catalogue(file: string, baseUrl: string, extra: { now?: () => number } = {}) {
  return createCatalogue({ api: api(baseUrl), file, log, refreshMs: 3_600_000, staleAfterMs: 24 * 3_600_000, details: true, ...extra });
}

/** A URL where nothing listens: the port of a sandbox that was started and closed. */
async function deadUrl(): Promise<string> {
  const s = await startSandbox({ tokens: [TOKEN], log: () => {} });
  await s.close();
  return s.url;
}

describe('the local catalogue', () => {
  const file = join(dir, 'a', 'catalogue.json');

  it('fetches every procedure and its details, keeps them on disk and searches them', async () => {
    const c = catalogue(file, sb.url);
    expect(c.ready()).toBe(false);
    expect(await c.refresh()).toBe(true);
    c.stop();
    expect(c.ready()).toBe(true);
    const state = c.state();
    expect(state.procedures).toBe(PROCEDURES.length);
    expect(state.details).toBe(PROCEDURES.length);
    expect(state.stale).toBe(false);
    const onDisk = CatalogueFile.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(onDisk.procedures.map((p) => p.code).sort()).toEqual(PROCEDURES.map((p) => p.code).sort());
    expect(onDisk.sectors.map((s) => s.code)).toEqual(SECTORS.map((s) => s.code));
    const found = c.search({ q: 'ho khau', page: 1, pageSize: 5 });
    expect(found.items[0]?.name).toBe('Đăng ký thường trú');
    expect(found.scores[0]).toBeGreaterThan(0);
    expect(c.sectors().reduce((n, s) => n + s.procedureCount, 0)).toBe(PROCEDURES.length);
  });

  it('with the backend gone: loads the copy from disk, searches, reads details, and says it is stale', async () => {
    const down = await deadUrl();
    const c = catalogue(file, down);
    c.start();
    try {
      expect(c.ready()).toBe(true);
      const procedures = createProcedureService({ api: api(down), catalogue: c });
      const page = await procedures.search({ q: 'cong chung ban sao', page: 1, pageSize: 3 });
      expect(page.items[0]?.name).toMatch(/^Chứng thực bản sao từ bản chính/);
      const detail = await procedures.get(page.items[0]!.code);
      expect(detail.requiredDocuments.length).toBeGreaterThan(0);
      expect((await procedures.sectors()).items.length).toBe(SECTORS.length);
      // The refresh that start() began fails: the copy is kept, and marked stale with the reason.
      expect(await c.refresh()).toBe(false);
      const state = c.state();
      expect(state.stale).toBe(true);
      expect(state.failures).toBeGreaterThan(0);
      expect(state.lastError).toMatch(/unreachable/);
      expect((await procedures.search({ q: 'khai sinh', page: 1, pageSize: 3 })).stale).toBe(true);
    } finally {
      c.stop();
    }
  });

  it('a search that finds nothing offers close matches and the most used procedures', async () => {
    const c = catalogue(file, sb.url);
    c.start();
    try {
      const procedures = createProcedureService({ api: api(sb.url), catalogue: c });
      const none = await procedures.search({ q: 'kết hôn bbbbb ccccc', page: 1, pageSize: 5 });
      expect(none.total).toBe(0);
      expect(none.suggestions.length).toBeGreaterThan(0);
      expect(none.popular.map((p) => p.code)).toContain('1.001193');
      for (const p of none.popular) expect(none.suggestions.map((s) => s.code)).not.toContain(p.code);
      const some = await procedures.search({ q: 'khai sinh', page: 1, pageSize: 5 });
      expect(some.suggestions).toEqual([]);
      expect(some.popular).toEqual([]);
    } finally {
      c.stop();
    }
  });

  it('a copy older than staleAfter is stale even when nothing failed', async () => {
    const fetched = Date.parse(CatalogueFile.parse(JSON.parse(readFileSync(file, 'utf8'))).fetchedAt);
    const c = catalogue(file, await deadUrl(), { now: () => fetched + 25 * 3_600_000 });
    c.start();
    c.stop();
    expect(c.state().stale).toBe(true);
    const fresh = catalogue(file, await deadUrl(), { now: () => fetched + 3_600_000 });
    fresh.start();
    fresh.stop();
    expect(fresh.state().lastError).toBeUndefined();
    expect(fresh.state().stale).toBe(false);
  });

  it('a copy younger than the refresh period is not fetched again at start; an older one is', async () => {
    const requests: string[] = [];
    const counted = await startSandbox({ tokens: [TOKEN], log: (l) => requests.push(l) });
    try {
      const fetched = Date.parse(CatalogueFile.parse(JSON.parse(readFileSync(file, 'utf8'))).fetchedAt);
      const young = catalogue(file, counted.url, { now: () => fetched + 60_000 });
      young.start();
      await new Promise((r) => setTimeout(r, 300));
      young.stop();
      expect(requests.filter((l) => l.includes('/api/v1/'))).toEqual([]);
      const old = createCatalogue({
        api: api(counted.url),
        file: join(dir, 'a', 'catalogue.json'),
        log,
        refreshMs: 3_600_000,
        staleAfterMs: 86_400_000,
        details: false,
        now: () => fetched + 3_600_000 + 1,
      });
      old.start();
      await expect.poll(() => requests.filter((l) => l.includes('/api/v1/procedures')).length).toBeGreaterThan(0);
      old.stop();
    } finally {
      await counted.close();
    }
  });

  it('an unreadable copy is logged and fetched again, never a crash', async () => {
    const broken = join(dir, 'b', 'catalogue.json');
    const first = catalogue(broken, sb.url);
    await first.refresh();
    first.stop();
    writeFileSync(broken, '{"format":1,"fetchedAt":');
    logs.length = 0;
    const c = catalogue(broken, sb.url);
    c.start();
    expect(c.ready()).toBe(false);
    expect(logs.join('\n')).toMatch(/unreadable and will be fetched again/);
    expect(await c.refresh()).toBe(true);
    c.stop();
    expect(c.ready()).toBe(true);
    expect(() => CatalogueFile.parse(JSON.parse(readFileSync(broken, 'utf8')))).not.toThrow();
  });

  it('before any copy exists, search goes to the backend, and offline is an offline error', async () => {
    const c = catalogue(join(dir, 'c', 'catalogue.json'), await deadUrl());
    const procedures = createProcedureService({ api: api(await deadUrl()), catalogue: c });
    const err = await procedures.search({ q: 'khai sinh' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KioskError);
    expect((err as KioskError).code).toBe('offline');
    expect(existsSync(join(dir, 'c', 'catalogue.json'))).toBe(false);
  });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1' };
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('KIOSK_')) env[k] = v;
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', ...args], { cwd: ROOT, env, timeout: 20_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('npm run kiosk -- procedures', () => {
  const dataDir = join(dir, 'a');

  it('search prints the ranked results with scores, from the file alone', async () => {
    const r = await cli(['procedures', 'search', 'xin phép xây nhà', '--data-dir', dataDir, '--limit', '3']);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => /^\s+\d+\.\s/.test(l));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^\s+1\.\s+\d+\.\d{3}\s+\d+\/\d+\s+\S+\s+Cấp giấy phép xây dựng/);
  });

  it('--json gives rank, code, name and score; nothing found exits 1 with close matches', async () => {
    const r = await cli(['procedures', 'search', 'dangky kethon', '--json', '--data-dir', dataDir]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { results: { rank: number; name: string; score: number }[] };
    expect(out.results[0]).toMatchObject({ rank: 1, name: 'Đăng ký kết hôn' });
    expect(out.results[0]!.score).toBeGreaterThan(out.results[1]?.score ?? 0);
    const none = await cli(['procedures', 'search', 'kết hôn bbbbb ccccc', '--data-dir', dataDir]);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('nothing found for "kết hôn bbbbb ccccc"');
    expect(none.stdout).toContain('close matches');
  });

  it('says plainly when there is no copy, and on a usage error shows the usage', async () => {
    const r = await cli(['procedures', 'search', 'khai sinh', '--data-dir', join(dir, 'nowhere')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no local catalogue at .*catalogue\.json/);
    const u = await cli(['procedures', 'search', '--limit', 'many', 'x', '--data-dir', dataDir]);
    expect(u.code).toBe(2);
    expect(u.stderr + u.stdout).toContain('--limit takes a whole number');
    const info = await cli(['procedures', 'info', '--data-dir', dataDir]);
    expect(info.code).toBe(0);
    expect(info.stdout).toContain(`procedures: ${PROCEDURES.length} in ${SECTORS.length} sectors`);
  });
});
