/**
 * The kiosk's outbox delivering attachments by tus (issue 15) against the real sandbox over real
 * HTTP, through the local TCP link, on a real SQLite file: an upload cut at a random byte resumes
 * from the byte the server has (a property over seeded random offsets); the dossier never arrives
 * before its files; a restart mid-upload resumes rather than starting over; an upload resumed
 * after each of several drops resets the failure count; an upload refused with 400 starts over;
 * uploads and gzip dossiers share one HTTP/2 connection when the backend announces it, HTTP/1.1
 * with `outbox.http2: off` or behind a proxy that speaks only HTTP/1.1; an older backend (no
 * capabilities) still gets base64.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KioskConfig } from '../../kiosk-config/schema';
import { createMemoryLogger } from '../../main/log';
import { createDurable, type Durable } from '../../main/services/outbox/runtime';
import type { SubmitInput } from '../../main/services/submission';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { startLink, type Link } from './outbox-link';
import { mulberry32 } from '../support/random';
import { birthRegistration, pdfAttachment } from '../support/submission';

const TOKEN = 'uploads-kiosk-token';
const cleanup: Array<() => Promise<void> | void> = [];
const logs: string[][] = [];
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') for (const l of logs) console.log(l.filter((x) => x.includes('[outbox]')).join('\n'));
  logs.splice(0);
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function setup(opts: { legacy?: boolean; bytesPerSecond?: number; http2?: 'auto' | 'off'; probeIntervalMs?: number } = {}) {
  const lines: string[] = [];
  const sb: Sandbox = await startSandbox({ tokens: [TOKEN], log: (l) => lines.push(l), legacy: opts.legacy === true });
  const link: Link = await startLink({ targetPort: sb.port, bytesPerSecond: opts.bytesPerSecond ?? 0, bufferBytes: 16 * 1024 });
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-uploads-'));
  cleanup.push(async () => {
    await link.close();
    await sb.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const durable = (): Durable => {
    const config = KioskConfig.parse({
      kioskId: 'UPLOAD-TEST-01',
      dataDir: dir,
      backend: { url: link.url, token: TOKEN, timeoutMs: 5000, retries: 0 },
      outbox: {
        backoffBaseMs: 50,
        backoffCapMs: 300,
        probeIntervalMs: opts.probeIntervalMs ?? 100,
        breakerOpenMs: 300,
        requestTimeoutMs: 5000,
        submitWaitMs: 0,
        uploads: 'auto',
        http2: opts.http2 ?? 'auto',
      },
    });
    const log = createMemoryLogger();
    logs.push(log.lines);
    const d = createDurable({ config, backendUrl: link.url, log });
    d.start();
    cleanup.push(() => d.stop());
    return d;
  };
  return { sb, link, dir, lines, durable };
}

/**
 * The sandbox behind a plain HTTP/1.1 proxy (as an nginx in front of a backend may be), and a
 * kiosk's outbox on the proxy. `intercept` answers a request itself when it returns true.
 */
async function behindHttp1Proxy(intercept: (req: IncomingMessage, res: ServerResponse) => boolean, http2: 'auto' | 'off') {
  const sb = await startSandbox({ tokens: [TOKEN], log: () => {} });
  const proxy = createServer((req, res) => {
    if (intercept(req, res)) return;
    const up = httpRequest({ host: '127.0.0.1', port: sb.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-uploads-proxy-'));
  const log = createMemoryLogger();
  logs.push(log.lines);
  const config = KioskConfig.parse({
    kioskId: 'UPLOAD-TEST-01',
    dataDir: dir,
    backend: { url, token: TOKEN, timeoutMs: 5000, retries: 0 },
    outbox: { backoffBaseMs: 50, backoffCapMs: 300, probeIntervalMs: 100, submitWaitMs: 0, uploads: 'auto', http2 },
  });
  const d = createDurable({ config, backendUrl: url, log });
  d.start();
  cleanup.push(async () => {
    await d.stop();
    proxy.closeAllConnections();
    await new Promise<void>((r) => proxy.close(() => r()));
    await sb.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { sb, d, log };
}

function pdf(size: number, seed: number): Buffer {
  const rnd = mulberry32(seed);
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = Math.floor(rnd() * 256);
  b.write('%PDF-1.4\n', 0);
  return b;
}

const input = (file: Buffer, i = 0): SubmitInput => birthRegistration(i, [pdfAttachment(file)]);

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The bytes of the upload the sandbox stored for a submission's only attachment. */
function storedUpload(sb: Sandbox): Buffer {
  const done = sb.uploads.completions();
  expect(done.length).toBe(1);
  return readFileSync(join(sb.uploads.dir, done[0]!.uploadId));
}

describe('attachments by tus from the outbox', () => {
  it('resumes from the byte the server has after a cut at a random byte (seeded property over offsets)', async () => {
    const rnd = mulberry32(15_001);
    const size = 200 * 1024;
    for (let round = 0; round < 10; round++) {
      const { sb, link, durable } = await setup({ bytesPerSecond: 400 * 1024 });
      const d = durable();
      await d.form('1.001193'); // the form is cached before the link is cut
      const file = pdf(size, round + 1);
      const offset = 1_000 + Math.floor(rnd() * (size - 2_000));
      const up0 = link.bytes.up;
      const cut = link.cutAtUpBytes(up0 + offset, 300);
      const r = await d.submit(input(file, round));
      expect(r.state).toBe('queued');
      await cut;
      await d.outbox!.drained();
      const s = d.outbox!.stats().uploads;
      expect(link.drops, `round ${round} offset ${offset}`).toBe(1);
      // Resumed (not started over) and byte-identical at the backend.
      expect(s.resumed, `offset ${offset}`).toBeGreaterThanOrEqual(1);
      expect(sha(storedUpload(sb))).toBe(sha(file));
      // Resumed, not started over: only what was on the link when it dropped is sent again. The
      // upload's first piece (64 KiB) goes unpaced, to measure the link: a cut inside it loses
      // what of it was on the link; after it the body is paced at the link's rate, and a cut
      // loses at most the link's queue (16 KiB) and a piece.
      const resent = s.written - size;
      expect(resent, `offset ${offset}`).toBeLessThanOrEqual(offset < 70_000 ? 64 * 1024 : 16 * 1024);
      expect(sb.listSubmissions()).toHaveLength(1);
      await cleanup
        .splice(0)
        .reverse()
        .reduce((p, c) => p.then(() => c()), Promise.resolve());
    }
  }, 120_000);

  it('never sends the dossier before its files are complete', async () => {
    const { sb, durable } = await setup({ bytesPerSecond: 300 * 1024 });
    const d = durable();
    await d.form('1.001193');
    for (let i = 0; i < 3; i++) await d.submit(input(pdf(90 * 1024, 40 + i), i));
    await d.outbox!.drained();
    const subs = sb.listSubmissions();
    const done = sb.uploads.completions();
    expect(subs).toHaveLength(3);
    expect(done).toHaveLength(3);
    // Each dossier was created after every upload it references completed (the sandbox also
    // refuses an incomplete one with 422: test/integration/uploads-sandbox.test.ts).
    const firstDossier = Math.min(...subs.map((s) => Date.parse(s.createdAt)));
    expect(Math.min(...done.map((u) => u.at))).toBeLessThanOrEqual(firstDossier);
    for (const s of subs) expect(Date.parse(s.createdAt)).toBeGreaterThanOrEqual(done[0]!.at);
  });

  // The upload's URL and confirmed offset are in SQLite (migration 6): a kiosk stopped mid-upload
  // asks the backend (HEAD) where it stands when it starts again, and sends only the rest.
  it('a restart mid-upload resumes from the byte the server has (the upload URL is in SQLite)', async () => {
    const { sb, link, durable } = await setup({ bytesPerSecond: 200 * 1024 });
    const size = 600 * 1024;
    const file = pdf(size, 99);
    const first = durable();
    await first.form('1.001193');
    const up0 = link.bytes.up;
    const cut = link.cutAtUpBytes(up0 + size / 2, 1_000);
    await first.submit(input(file));
    await new Promise<void>((r) => {
      const t = setInterval(() => {
        if (!link.up) {
          clearInterval(t);
          r();
        }
      }, 5);
    });
    await first.stop(); // the kiosk stops with the upload half done
    await cut;
    const second = durable();
    await second.outbox!.drained();
    const s = second.outbox!.stats().uploads;
    expect(s.resumed).toBe(1);
    // The restarted kiosk sent only what the server lacked (less than the whole file).
    expect(s.written).toBeLessThan(size * 0.75);
    expect(s.written).toBeGreaterThan(0);
    expect(sha(storedUpload(sb))).toBe(sha(file));
    expect(sb.listSubmissions()).toHaveLength(1);
  }, 60_000);

  it('an upload that resumes after each of several drops is progress: its failures do not add up across drops', async () => {
    // No probe while backing off: the upload resumes by the backoff's own retries (a probe that
    // answers resets the count by itself, which would hide what this checks).
    const { sb, link, durable } = await setup({ bytesPerSecond: 200 * 1024, probeIntervalMs: 600_000 });
    const size = 600 * 1024;
    const file = pdf(size, 123);
    const d = durable();
    await d.form('1.001193');
    const up0 = link.bytes.up;
    await d.submit(input(file));
    for (const share of [0.25, 0.5, 0.75]) await link.cutAtUpBytes(up0 + size * share, 400);
    await d.outbox!.drained();
    expect(sha(storedUpload(sb))).toBe(sha(file));
    const lines = logs.at(-1)!;
    expect(lines.filter((l) => l.includes('resumes at byte')).length).toBeGreaterThanOrEqual(2);
    // Each drop's first failure is the first in a row: the HEAD that resumed the upload was an
    // answer from the backend (before, they went on counting across drops and the breaker stayed
    // open or half open while bytes were arriving).
    const after = lines.map((l, i) => (l.includes('resumes at byte') ? lines.slice(i).find((x) => x.includes('in a row')) : undefined)).filter(Boolean);
    expect(after.length).toBeGreaterThanOrEqual(2);
    for (const l of after) expect(l).toMatch(/\(1 in a row\)/);
  }, 60_000);

  it('gzips the dossier JSON when the backend accepts it, and sends upload and dossier on one HTTP/2 connection', async () => {
    const { sb, lines, durable } = await setup();
    const d = durable();
    await d.form('1.001193');
    await d.submit(input(pdf(10_000, 7)));
    await d.submit(input(pdf(12_000, 8), 1));
    await d.outbox!.drained();
    expect(sb.listSubmissions()).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith('POST /api/v1/dossiers 201'))).toEqual([
      expect.stringMatching(/ HTTP\/2 \(gzip\)$/),
      expect.stringMatching(/ HTTP\/2 \(gzip\)$/),
    ]);
    expect(lines.filter((l) => l.startsWith('POST /api/v1/uploads 201'))).toEqual([expect.stringMatching(/ HTTP\/2$/), expect.stringMatching(/ HTTP\/2$/)]);
    expect(d.outbox!.stats().uploads.h2Connections).toBe(1);
  });

  it('an upload refused with 400 starts over as a new upload (a few times) instead of losing the dossier', async () => {
    // The proxy refuses the first two upload creations with 400, as @tus/server does when it
    // finds an upload locked by a request it has not seen die.
    let refused = 0;
    const { sb, d, log } = await behindHttp1Proxy((req, res) => {
      if (req.method !== 'POST' || req.url !== '/api/v1/uploads' || refused >= 2) return false;
      refused += 1;
      req.resume();
      req.on('end', () => res.writeHead(400, { 'content-type': 'text/plain' }).end('Request aborted due to lock acquired'));
      return true;
    }, 'off');
    await d.form('1.001193');
    const file = pdf(20_000, 400);
    await d.submit(input(file));
    await d.outbox!.drained();
    expect(refused).toBe(2);
    expect(sb.listSubmissions()).toHaveLength(1);
    expect(sha(storedUpload(sb))).toBe(sha(file));
    expect(log.lines.filter((l) => l.includes('its uploads start over'))).toHaveLength(2);
    expect(d.outbox!.stats().dead).toBe(0);
  });

  it('a backend announcing HTTP/2 behind a proxy that speaks only HTTP/1.1: the outbox falls back and delivers', async () => {
    const { sb, d, log } = await behindHttp1Proxy(() => false, 'auto');
    await d.form('1.001193');
    const file = pdf(20_000, 401);
    await d.submit(input(file));
    await d.outbox!.drained();
    expect(sb.listSubmissions()).toHaveLength(1);
    expect(sha(storedUpload(sb))).toBe(sha(file));
    expect(log.lines.filter((l) => l.includes('answered in HTTP/1.1'))).toHaveLength(1);
    expect(d.outbox!.stats().uploads.h2Connections).toBe(1);
  });

  it('with outbox.http2 off, the same goes over HTTP/1.1', async () => {
    const { sb, lines, durable } = await setup({ http2: 'off' });
    const d = durable();
    await d.form('1.001193');
    await d.submit(input(pdf(10_000, 9)));
    await d.outbox!.drained();
    expect(sb.listSubmissions()).toHaveLength(1);
    const posts = lines.filter((l) => /^POST \/api\/v1\/(uploads|dossiers) 201/.test(l));
    expect(posts).toHaveLength(2);
    for (const l of posts) expect(l).not.toMatch(/HTTP\/2/);
    expect(d.outbox!.stats().uploads.h2Connections).toBe(0);
  });

  it('an older backend (no capabilities) still gets base64 in an uncompressed body', async () => {
    const { sb, link, lines, durable } = await setup({ legacy: true });
    const d = durable();
    await d.form('1.001193');
    const file = pdf(30_000, 8);
    const up0 = link.bytes.up;
    await d.submit(input(file));
    await d.outbox!.drained();
    expect(sb.listSubmissions()).toHaveLength(1);
    expect(sb.uploads.completions()).toHaveLength(0);
    expect(lines.some((l) => l.includes('/api/v1/uploads'))).toBe(false);
    const post = lines.filter((l) => l.startsWith('POST /api/v1/dossiers 201'));
    expect(post).toHaveLength(1);
    expect(post[0]).not.toMatch(/gzip/);
    // base64 on the wire: a third more than the file.
    expect(link.bytes.up - up0).toBeGreaterThan(file.length * 1.33);
  });
});
