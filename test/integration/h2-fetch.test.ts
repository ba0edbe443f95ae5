/**
 * The outbox's HTTP/2 connection (issue 15, main/api/h2.ts) against real servers over real TCP:
 * the sandbox on one port for HTTP/1.1 and HTTP/2 (prior knowledge), a tus upload, its HEAD and
 * a 413 problem through it; HTTP/2 over TLS by ALPN; whole bodies written in turn (the first
 * request finishes first, not all together); a streamed body with backpressure; abort; a
 * connection reset (fetch's error shape) and the next request on a new connection.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createH2Fetch } from '../../main/api/h2';
import { HealthWithCapabilities } from '../../main/api/uploads';
import { startSandbox, type Sandbox } from '../../sandbox/server';

const TOKEN = 'h2-token-0123456789';
let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ tokens: [TOKEN], log: () => {}, maxBodyBytes: 64 * 1024 });
});
afterAll(async () => {
  await sb.close();
});

/** A bare HTTP/2 server (prior knowledge) that records when each request's body ended. */
async function recordingServer(): Promise<{ url: string; ended: string[]; sessions: http2.ServerHttp2Session[]; close(): Promise<void> }> {
  const ended: string[] = [];
  const sessions: http2.ServerHttp2Session[] = [];
  const server = http2.createServer();
  server.on('session', (s) => sessions.push(s));
  server.on('stream', (stream, headers) => {
    let n = 0;
    stream.on('data', (c: Buffer) => (n += c.length));
    stream.on('end', () => {
      ended.push(String(headers['x-name']));
      if (headers['x-reset'] === '1') {
        stream.session?.destroy();
        return;
      }
      stream.respond({ ':status': 200, 'content-type': 'text/plain' });
      stream.end(`${n}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    ended,
    sessions,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sessions) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Runs `fn` with a recording server and an HTTP/2 client of it; closes both after. */
async function onRecordingServer(fn: (srv: Awaited<ReturnType<typeof recordingServer>>, h2: ReturnType<typeof createH2Fetch>) => Promise<void>): Promise<void> {
  const srv = await recordingServer();
  const h2 = createH2Fetch(srv.url);
  try {
    await fn(srv, h2);
  } finally {
    h2.close();
    await srv.close();
  }
}

describe('HTTP/2 to the sandbox', () => {
  it('serves HTTP/1.1 and HTTP/2 on the same port and announces it', async () => {
    const h1 = HealthWithCapabilities.parse(await (await fetch(`${sb.url}/healthz`)).json());
    expect(h1.capabilities?.http2).toBe(true);
    const h2 = createH2Fetch(sb.url);
    try {
      const res = await h2.fetch(`${sb.url}/healthz`);
      expect(res.status).toBe(200);
      expect(HealthWithCapabilities.parse(await res.json()).capabilities?.http2).toBe(true);
      expect(h2.connections).toBe(1);
    } finally {
      h2.close();
    }
  });

  it('a legacy sandbox announces no HTTP/2 and answers its preface as HTTP/1.1 would (400)', async () => {
    const legacy = await startSandbox({ tokens: [TOKEN], log: () => {}, legacy: true });
    const h2 = createH2Fetch(legacy.url);
    try {
      const h = HealthWithCapabilities.parse(await (await fetch(`${legacy.url}/healthz`)).json());
      expect(h.capabilities).toBeUndefined();
      await expect(h2.fetch(`${legacy.url}/healthz`)).rejects.toThrow(/fetch failed/);
      // It answered, but not in HTTP/2: the caller falls back to HTTP/1.1.
      expect(h2.unsupported).toBe(true);
    } finally {
      h2.close();
      await legacy.close();
    }
  });

  it('creates a tus upload with its bytes, HEADs it, and answers a problem (413) without breaking the connection', async () => {
    const h2 = createH2Fetch(sb.url);
    const auth = { authorization: `Bearer ${TOKEN}`, 'tus-resumable': '1.0.0' };
    try {
      const data = Buffer.alloc(5000, 7);
      const created = await h2.fetch(`${sb.url}/api/v1/uploads`, {
        method: 'POST',
        headers: { ...auth, 'upload-length': String(data.length), 'content-type': 'application/offset+octet-stream' },
        body: data,
      });
      expect(created.status).toBe(201);
      expect(created.headers.get('upload-offset')).toBe('5000');
      const url = new URL(created.headers.get('location')!, `${sb.url}/`).toString();
      const head = await h2.fetch(url, { method: 'HEAD', headers: auth });
      expect(head.status).toBe(200);
      expect(head.headers.get('upload-offset')).toBe('5000');
      expect(await head.arrayBuffer()).toHaveProperty('byteLength', 0);
      // The dossier route's body limit (64 KiB here): a 413 problem, whose HTTP/1.1 form says
      // `Connection: close`, which HTTP/2 does not have.
      const big = await h2.fetch(`${sb.url}/api/v1/dossiers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'idempotency-key': 'k-413' },
        body: JSON.stringify({ pad: 'x'.repeat(70 * 1024) }),
      });
      expect(big.status).toBe(413);
      expect(big.headers.get('connection')).toBeNull();
      // Still one connection, still usable.
      expect((await h2.fetch(`${sb.url}/healthz`)).status).toBe(200);
      expect(h2.connections).toBe(1);
    } finally {
      h2.close();
    }
  });
});

describe('createH2Fetch', () => {
  it('writes whole bodies in turn: a large body started first ends first, before a small one started after it', async () => {
    await onRecordingServer(async (srv, h2) => {
      const big = h2.fetch(`${srv.url}/a`, { method: 'POST', headers: { 'x-name': 'big' }, body: Buffer.alloc(512 * 1024, 1) });
      const small = h2.fetch(`${srv.url}/b`, { method: 'POST', headers: { 'x-name': 'small' }, body: Buffer.alloc(1024, 2) });
      const [a, b] = await Promise.all([big, small]);
      expect(await a.text()).toBe(String(512 * 1024));
      expect(await b.text()).toBe('1024');
      // Interleaved (HTTP/2's round robin), the small body would end after the big one's first frame.
      expect(srv.ended).toEqual(['big', 'small']);
    });
  });

  it('streams a ReadableStream body with backpressure, and a streamed body does not hold a whole one back', async () => {
    await onRecordingServer(async (srv, h2) => {
      let pulls = 0;
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const body = new ReadableStream<Uint8Array>({
        async pull(c) {
          pulls += 1;
          if (pulls === 2) await gate; // a paced body, still sending
          if (pulls > 4) return c.close();
          c.enqueue(new Uint8Array(4096).fill(pulls));
        },
      });
      const streamed = h2.fetch(`${srv.url}/s`, { method: 'PATCH', headers: { 'x-name': 'streamed' }, body, duplex: 'half' } as RequestInit);
      const whole = await h2.fetch(`${srv.url}/w`, { method: 'POST', headers: { 'x-name': 'whole' }, body: Buffer.alloc(100, 1) });
      expect(await whole.text()).toBe('100');
      release();
      expect(await (await streamed).text()).toBe(String(4 * 4096));
      expect(srv.ended).toEqual(['whole', 'streamed']);
    });
  });

  it('rejects with the signal’s reason when aborted, and the connection goes on', async () => {
    await onRecordingServer(async (srv, h2) => {
      const never = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => undefined) });
      const p = h2.fetch(`${srv.url}/x`, { method: 'PATCH', body: never, duplex: 'half', signal: AbortSignal.timeout(100) } as RequestInit);
      await expect(p).rejects.toMatchObject({ name: 'TimeoutError' });
      const ok = await h2.fetch(`${srv.url}/y`, { method: 'POST', headers: { 'x-name': 'y' }, body: 'hi' });
      expect(await ok.text()).toBe('2');
      expect(h2.connections).toBe(1);
    });
  });

  it('fails like fetch when the connection is reset (TypeError, with a cause), then opens a new connection', async () => {
    await onRecordingServer(async (srv, h2) => {
      const err = await h2.fetch(`${srv.url}/r`, { method: 'POST', headers: { 'x-name': 'r', 'x-reset': '1' }, body: 'x' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TypeError);
      expect((err as TypeError).message).toBe('fetch failed');
      expect((err as { cause?: unknown }).cause).toBeInstanceOf(Error);
      const ok = await h2.fetch(`${srv.url}/after`, { method: 'POST', headers: { 'x-name': 'after' }, body: 'abc' });
      expect(await ok.text()).toBe('3');
      expect(h2.connections).toBe(2);
      // A reset is the network, not the protocol: HTTP/2 stays in use.
      expect(h2.unsupported).toBe(false);
    });
  });

  it('speaks HTTP/2 over TLS by ALPN to an https origin it trusts, refuses one it does not, and tells an https server without HTTP/2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'h2-tls-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-keyout',
          'key.pem',
          '-out',
          'cert.pem',
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
        ],
        { cwd: dir, stdio: 'pipe' },
      );
      const cert = readFileSync(join(dir, 'cert.pem'));
      const server = http2.createSecureServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`${req.httpVersion} ${(req.socket as unknown as { alpnProtocol?: string }).alpnProtocol ?? '?'}`);
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const trusted = createH2Fetch(origin, { ca: cert });
      const untrusted = createH2Fetch(origin);
      // An https server without HTTP/2 (ALPN offers only http/1.1): refused with alert 120.
      const h1 = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (_req, res) => res.end('h1'));
      await new Promise<void>((r) => h1.listen(0, '127.0.0.1', r));
      const h1Origin = `https://127.0.0.1:${(h1.address() as AddressInfo).port}`;
      const toH1 = createH2Fetch(h1Origin, { ca: cert });
      try {
        expect(await (await trusted.fetch(`${origin}/x`)).text()).toBe('2.0 h2');
        await expect(untrusted.fetch(`${origin}/x`)).rejects.toThrow(/fetch failed/);
        // A certificate it does not trust is not a server without HTTP/2.
        expect(untrusted.unsupported).toBe(false);
        await expect(toH1.fetch(`${h1Origin}/x`)).rejects.toThrow(/fetch failed/);
        expect(toH1.unsupported).toBe(true);
      } finally {
        trusted.close();
        untrusted.close();
        toH1.close();
        await new Promise<void>((r) => server.close(() => r()));
        await new Promise<void>((r) => h1.close(() => r()));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers a status without a body (205) as a Response, not an exception in an event handler', async () => {
    const server = http2.createServer((_req, res) => {
      res.writeHead(205);
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const h2 = createH2Fetch(origin);
    try {
      const res = await h2.fetch(`${origin}/reset-content`, { method: 'POST', body: 'x' });
      expect(res.status).toBe(205);
      expect(await res.text()).toBe('');
    } finally {
      h2.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('refuses another origin and a closed client', async () => {
    const h2 = createH2Fetch('http://127.0.0.1:9');
    await expect(h2.fetch('http://127.0.0.1:10/x')).rejects.toThrow(/fetch failed/);
    // Nothing listens on port 9: refused, which says nothing of HTTP/2.
    await expect(h2.fetch('http://127.0.0.1:9/x')).rejects.toThrow(/fetch failed/);
    expect(h2.unsupported).toBe(false);
    h2.close();
    await expect(h2.fetch('http://127.0.0.1:9/x')).rejects.toThrow(/fetch failed/);
    expect(h2.connections).toBe(1);
  });
});
