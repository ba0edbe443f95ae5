/**
 * Crash harness for the config save (issue 14): a child process saves the site config in a loop
 * (test/integration/config-crash-child.ts, through saveSiteConfig); the test kills it with SIGKILL
 * at random points, at least 100 times (CONFIG_KILLS=N for more), and after every kill checks
 * that the file is the old one or the new one: it parses, passes the config schema, its token
 * decrypts, and its value is the last one the child confirmed or the one it was writing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../kiosk-config/loader';
import { createKeyFileBox } from '../../main/services/maintenance/secrets';
import { runUntilKilled } from '../support/crash';

const KILLS = Math.max(100, Number(process.env.CONFIG_KILLS ?? 100) || 100);
const LANES = 2;
const CHILD = fileURLToPath(new URL('./config-crash-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kiosk-config-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the child until `afterSaves` saves were confirmed plus a random 0..3 ms, then SIGKILLs it. */
async function runAndKill(file: string, dataDir: string, afterSaves: number): Promise<{ last: number | null; saves: number }> {
  let last: number | null = null;
  let saves = 0;
  await runUntilKilled(CHILD, [file, dataDir], ROOT, (line) => {
    if (!line.startsWith('SAVED ')) return false;
    last = Number(line.slice(6));
    saves++;
    return saves >= afterSaves;
  });
  return { last, saves };
}

describe('config save under SIGKILL', () => {
  it(`leaves the old file or the new one after ${KILLS} kills, never a broken one`, async () => {
    let killed = 0;
    const outcomes = { confirmed: 0, next: 0 };
    const lane = async (id: number) => {
      const dataDir = join(dir, `data-${id}`);
      const file = join(dir, `site-${id}.json`);
      writeFileSync(file, JSON.stringify({ dataDir, ui: { idleTimeoutSeconds: 99 } }));
      let confirmed = 99;
      while (killed < KILLS) {
        killed++;
        const r = await runAndKill(file, dataDir, 1 + Math.floor(Math.random() * 20));
        if (r.last !== null) confirmed = r.last;
        const text = readFileSync(file, 'utf8');
        const parsed = JSON.parse(text) as { ui: { idleTimeoutSeconds: number }; backend?: { token: string } };
        const loaded = loadConfig({ file, env: {} });
        expect(loaded.ok, text).toBe(true);
        const value = parsed.ui.idleTimeoutSeconds;
        const next = confirmed >= 3000 ? 100 : confirmed + 1;
        expect([confirmed, next]).toContain(value);
        if (value === confirmed) outcomes.confirmed++;
        else outcomes.next++;
        if (value !== 99) expect(createKeyFileBox(dataDir).decrypt(parsed.backend!.token)).toBe(`token-number-${value}-xxxxxxxx`);
        confirmed = value;
      }
    };
    await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i)));
    console.log(`config crash: ${killed} SIGKILLs; file held the last confirmed save ${outcomes.confirmed} times, the save in progress ${outcomes.next} times`);
    expect(killed).toBeGreaterThanOrEqual(KILLS);
  }, 600_000);
});
