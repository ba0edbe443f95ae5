/**
 * The API client against a real local HTTP server whose behaviour each test scripts
 * (answers, status codes, garbage, hangs, dropped sockets).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, createApiClient, type ApiClientOptions } from '../../main/api/client';
import { createMemoryLogger } from '../../main/log';

const sector = { code: 'HT', name: 'Hộ tịch', procedureCount: 3 };
let server: Server | undefined;

async function serve(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void): Promise<string> {
  let n = 0;
  server = createServer((req, res) => handler(req, res, ++n));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  server = undefined;
});

function client(baseUrl: string, extra: Partial<ApiClientOptions> = {}) {
  return createApiClient({ baseUrl, token: 'secret-token', timeoutMs: 2000, retries: 2, log: createMemoryLogger(), random: () => 0, ...extra });
}

function json(res: ServerResponse, status: number, body: unknown, type = 'application/json') {
  res.writeHead(status, { 'content-type': type });
  res.end(JSON.stringify(body));
}

async function failure(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('api client', () => {
  it('sends the bearer token and validates the answer', async () => {
    let auth: string | undefined;
    const url = await serve((req, res) => {
      auth = req.headers.authorization;
      json(res, 200, { items: [sector] });
    });
    await expect(client(url).sectors()).resolves.toEqual({ items: [sector] });
    expect(auth).toBe('Bearer secret-token');
  });

  it('maps 404 to not_found with the problem details', async () => {
    const url = await serve((_q, res) => json(res, 404, { type: 'about:blank', title: 'Không tìm thấy', status: 404 }, 'application/problem+json'));
    const err = await failure(client(url).dossier('H56-260314-0042'));
    expect(err.kind).toBe('not_found');
    expect(err.problem?.title).toBe('Không tìm thấy');
  });

  it('maps other 4xx to rejected without retrying', async () => {
    let calls = 0;
    const url = await serve((_q, res) => {
      calls++;
      json(res, 400, { type: 'x', title: 'Bad', status: 400 });
    });
    expect((await failure(client(url).sectors())).kind).toBe('rejected');
    expect(calls).toBe(1);
  });

  it('retries a GET on 5xx and succeeds', async () => {
    const url = await serve((_q, res, n) => (n < 3 ? json(res, 503, { type: 'x', title: 'down', status: 503 }) : json(res, 200, { items: [] })));
    await expect(client(url).sectors()).resolves.toEqual({ items: [] });
  });

  it('gives up after the configured retries with server_error', async () => {
    let calls = 0;
    const url = await serve((_q, res) => {
      calls++;
      json(res, 500, { type: 'x', title: 'oops', status: 500 });
    });
    expect((await failure(client(url, { retries: 1 }).sectors())).kind).toBe('server_error');
    expect(calls).toBe(2);
  });

  it('does not retry a POST without an idempotency key', async () => {
    let calls = 0;
    const url = await serve((_q, res) => {
      calls++;
      json(res, 503, { type: 'x', title: 'down', status: 503 });
    });
    const c = client(url);
    await failure(c.request('/x', (await import('zod')).z.object({}), { method: 'POST', body: {} }));
    expect(calls).toBe(1);
    calls = 0;
    await failure(c.request('/x', (await import('zod')).z.object({}), { method: 'POST', body: {}, idempotencyKey: 'k1' }));
    expect(calls).toBe(3);
  });

  it('reports a response that breaks the contract as server_error', async () => {
    const url = await serve((_q, res) => json(res, 200, { items: [{ code: 7 }] }));
    expect((await failure(client(url, { retries: 0 }).sectors())).kind).toBe('server_error');
  });

  it('reports a non-JSON answer as server_error', async () => {
    const url = await serve((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>captive portal</html>');
    });
    expect((await failure(client(url, { retries: 0 }).sectors())).kind).toBe('server_error');
  });

  it('maps a refused connection to offline', async () => {
    const url = await serve(() => {});
    const port = (server!.address() as AddressInfo).port;
    server!.close();
    const reach: boolean[] = [];
    const err = await failure(client(`http://127.0.0.1:${port}`, { onReachability: (r) => reach.push(r) }).sectors());
    expect(err.kind).toBe('offline');
    expect(reach).toEqual([false]);
    expect(url).toContain('127.0.0.1');
  });

  it('maps a dropped connection to offline after retries', async () => {
    let calls = 0;
    const url = await serve((req) => {
      calls++;
      req.socket.destroy();
    });
    expect((await failure(client(url).sectors())).kind).toBe('offline');
    expect(calls).toBe(3);
  });

  it('reports a hanging backend as timeout within the deadline', async () => {
    const url = await serve(() => {});
    const started = Date.now();
    const err = await failure(client(url, { timeoutMs: 300 }).sectors());
    expect(err.kind).toBe('timeout');
    // The deadline is for the whole call; allow generous slack for a loaded machine.
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('reports a body that stalls mid-way as timeout', async () => {
    const url = await serve((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"items":[');
    });
    expect((await failure(client(url, { timeoutMs: 300 }).sectors())).kind).toBe('timeout');
  });

  it('encodes path parameters', async () => {
    let path: string | undefined;
    const url = await serve((req, res) => {
      path = req.url;
      json(res, 404, { type: 'x', title: 'nf', status: 404 });
    });
    await failure(client(url).procedure('1.001/../x'));
    expect(path).toBe('/api/v1/procedures/1.001%2F..%2Fx');
  });
});
