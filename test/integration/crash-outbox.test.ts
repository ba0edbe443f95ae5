/**
 * Crash harness: the kiosk's durable services run in child processes (test/integration/
 * crash-child.ts, spawned with `node --import tsx`) submitting dossiers to the sandbox running
 * here; the test kills them with SIGKILL at random points (200 kill points, or CRASH_KILLS=N),
 * restarts them, lets them drain, and checks against the sandbox: every submission a child
 * acknowledged (it prints ACK only after the outbox commit) exists exactly once; none is
 * missing; none is duplicated.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/server';

const KILLS = Math.max(1, Number(process.env.CRASH_KILLS ?? 200) || 200);
const LANES = 2;
const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let sb: Sandbox;
let dir: string;

beforeAll(async () => {
  sb = await startSandbox({ tokens: ['crash-test-token'], log: () => {}, faults: { latencyMs: 2 } });
  dir = mkdtempSync(join(tmpdir(), 'kiosk-crash-'));
});
afterAll(async () => {
  await sb?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  acks: string[];
  errors: string[];
  ready: boolean;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  kill(): void;
  waitFor(prefix: string, ms: number): Promise<string | null>;
}

function runChild(dataDir: string, kioskId: string, mode: 'submit' | 'drain'): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, sb.url, dataDir, kioskId, mode], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Run = {
    acks: [],
    errors: [],
    ready: false,
    exit: new Promise((resolve) => {
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
      child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
    }),
    kill: () => child.kill('SIGKILL'),
    waitFor: (prefix, ms) =>
      new Promise((resolve) => {
        const hit = lines.find((l) => l.startsWith(prefix));
        if (hit) return resolve(hit);
        const timer = setTimeout(() => resolve(null), ms);
        waiters.push((l) => {
          if (!l.startsWith(prefix)) return false;
          clearTimeout(timer);
          resolve(l);
          return true;
        });
      }),
  };
  const lines: string[] = [];
  const waiters: Array<(l: string) => boolean> = [];
  let buf = '';
  child.stdout.on('data', (c: Buffer) => {
    buf += c.toString();
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      lines.push(line);
      if (line === 'READY') run.ready = true;
      else if (line.startsWith('ACK ')) run.acks.push(line.slice(4));
      else if (line.startsWith('ERR ')) run.errors.push(line.slice(4));
      for (let k = waiters.length - 1; k >= 0; k--) if (waiters[k]!(line)) waiters.splice(k, 1);
    }
  });
  return run;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function lane(n: number, kills: number): Promise<{ acked: string[]; errors: string[]; kioskId: string; dataDir: string }> {
  const kioskId = `CRASH-LANE-${n}`;
  const dataDir = join(dir, `lane-${n}`);
  const acked: string[] = [];
  const errors: string[] = [];
  for (let k = 0; k < kills; k++) {
    const run = runChild(dataDir, kioskId, 'submit');
    // Most kills land while submitting and delivering; some during start-up and recovery.
    if (Math.random() < 0.15) {
      await sleep(Math.random() * 700);
    } else {
      await run.waitFor('READY', 20_000);
      await sleep(Math.random() * 350);
    }
    run.kill();
    const exit = await run.exit;
    if (exit.signal !== 'SIGKILL' && exit.code !== 0) throw new Error(`child ended on its own (code ${exit.code}): ${exit.stderr}`);
    acked.push(...run.acks);
    errors.push(...run.errors);
  }
  return { acked, errors, kioskId, dataDir };
}

describe('crash harness', () => {
  it(`loses nothing and duplicates nothing across ${KILLS} SIGKILLs`, { timeout: 600_000 }, async () => {
    const t0 = Date.now();
    const per = Math.ceil(KILLS / LANES);
    const lanes = await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i + 1, i === LANES - 1 ? KILLS - per * (LANES - 1) : per)));
    // Restart each kiosk once more and let it drain.
    for (const l of lanes) {
      const run = runChild(l.dataDir, l.kioskId, 'drain');
      const line = await run.waitFor('DRAINED', 60_000);
      run.kill();
      await run.exit;
      expect(line, `lane ${l.kioskId} drained`).toBe('DRAINED 0 0');
    }
    const subs = sb.listSubmissions();
    const count = new Map<string, number>();
    for (const s of subs) count.set(s.kioskRef ?? '', (count.get(s.kioskRef ?? '') ?? 0) + 1);
    const acked = lanes.flatMap((l) => l.acked);
    const missing = acked.filter((ref) => !count.has(ref));
    const duplicated = [...count.entries()].filter(([, n]) => n > 1);
    const keys = new Set(subs.map((s) => s.idempotencyKey));
    process.stdout.write(
      `crash harness: ${KILLS} kills in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${acked.length} acknowledged, ${subs.length} at the backend ` +
        `(${subs.length - acked.length} committed but killed before the ack), ${missing.length} missing, ${duplicated.length} duplicated\n`,
    );
    expect(lanes.flatMap((l) => l.errors)).toEqual([]);
    expect(acked.length).toBeGreaterThan(KILLS / 4);
    expect(new Set(acked).size).toBe(acked.length);
    expect(missing).toEqual([]);
    expect(duplicated).toEqual([]);
    expect(keys.size).toBe(subs.length);
    // Nothing arrived that no kiosk committed: every backend row names a lane's local reference.
    for (const s of subs) expect(s.kioskRef).toMatch(/^CRASH\.LANE\.\d-\d{6}-\d{4}$/);
  });
});
