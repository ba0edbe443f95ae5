/**
 * The reference public-service API server ("the sandbox"): node:http, better-sqlite3, seed data
 * and fault injection. The kiosk embeds it when no remote backend is configured; tests run
 * against it over real HTTP.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { HttpProblem, problemBody } from './problems';
import { ROUTES, type RouteContext, type RouteDef } from './routes';
import { SandboxStore, type DossierRecord } from './store';
import { isOverdue, seedDossierCodes } from './seed';

export { seedDossierCodes };

export interface Faults {
  /** Delay added before every answer, in milliseconds. */
  latencyMs: number;
  /** Share of requests (0..1) answered with a 503 problem. */
  errorRate: number;
  /** Share of requests (0..1) whose connection is destroyed without an answer. */
  dropRate: number;
  /** Share of requests (0..1) never answered (until close). */
  hangRate: number;
}

export interface SandboxOptions {
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Bearer tokens accepted on /api/v1. */
  tokens: string[];
  /** SQLite file; absent = in memory (seeded at each start). */
  dbFile?: string;
  faults?: Partial<Faults>;
  now?: () => Date;
  /** Receives one English line per request and per error. Absent: errors go to stderr. */
  log?: (line: string) => void;
  /** Source of randomness for fault injection, for tests. Default Math.random. */
  random?: () => number;
}

export interface Sandbox {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  setFaults(f: Partial<Faults>): void;
  /** The dossiers in the database with their current state and overdue flag (for the CLI and tests). */
  listDossiers(): { code: string; state: string; overdue: boolean }[];
  close(): Promise<void>;
}

const NO_FAULTS: Faults = { latencyMs: 0, errorRate: 0, dropRate: 0, hangRate: 0 };

function checkFaults(f: Partial<Faults>): Partial<Faults> {
  const out: Partial<Faults> = {};
  for (const [k, v] of Object.entries(f) as [keyof Faults, unknown][]) {
    if (!(k in NO_FAULTS)) throw new RangeError(`unknown fault "${k}"`);
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`fault ${k} must be a finite number`);
    if (k === 'latencyMs' ? v < 0 || v > 600_000 : v < 0 || v > 1) {
      throw new RangeError(k === 'latencyMs' ? 'latencyMs must be between 0 and 600000' : `${k} must be between 0 and 1`);
    }
    out[k] = v;
  }
  return out;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

const JSON_CT = 'application/json; charset=utf-8';
const PROBLEM_CT = 'application/problem+json; charset=utf-8';

interface Match {
  route: RouteDef;
  params: Record<string, string>;
}

/** Splits a path template into segments; `{name}` segments capture. */
const COMPILED = ROUTES.map((route) => ({ route, segments: route.path.split('/').slice(1) }));

/** Routes whose template matches `segments` (any method), with decoded parameters. */
function matchPath(segments: string[]): Match[] {
  const out: Match[] = [];
  for (const { route, segments: tpl } of COMPILED) {
    if (tpl.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < tpl.length; i++) {
      const t = tpl[i]!;
      const s = segments[i]!;
      if (t.startsWith('{') && t.endsWith('}')) {
        if (s === '') {
          ok = false;
          break;
        }
        let decoded: string;
        try {
          decoded = decodeURIComponent(s);
        } catch {
          throw new HttpProblem(400, 'invalid-path', 'The request path is not valid percent-encoding.');
        }
        params[t.slice(1, -1)] = decoded;
      } else if (t !== s) {
        ok = false;
        break;
      }
    }
    if (ok) out.push({ route, params });
  }
  return out;
}

export async function startSandbox(opts: SandboxOptions): Promise<Sandbox> {
  const host = opts.host ?? '127.0.0.1';
  const now = opts.now ?? (() => new Date());
  const random = opts.random ?? Math.random;
  const errorLog = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const requestLog = opts.log ?? (() => {});
  if (!Array.isArray(opts.tokens) || opts.tokens.some((t) => typeof t !== 'string' || t.length === 0)) {
    throw new TypeError('tokens must be a list of non-empty strings');
  }
  const tokenDigests = opts.tokens.map(digest);
  let faults: Faults = { ...NO_FAULTS, ...checkFaults(opts.faults ?? {}) };

  const store = new SandboxStore(opts.dbFile);
  try {
    if (store.seedIfEmpty(now())) requestLog(`sandbox: seeded ${opts.dbFile ? `database ${opts.dbFile}` : 'in-memory database'}`);
  } catch (err) {
    store.close();
    throw err;
  }

  const timers = new Set<NodeJS.Timeout>();
  const hanging = new Set<Socket>();
  let closing = false;
  let baseUrl = '';

  const authorized = (req: IncomingMessage): 'ok' | 'missing' | 'invalid' => {
    const h = req.headers.authorization;
    if (!h) return 'missing';
    const m = /^Bearer[ ]+([\x21-\x7e]+)[ ]*$/i.exec(h);
    if (!m) return 'invalid';
    const d = digest(m[1]!);
    let ok = false;
    for (const t of tokenDigests) ok = timingSafeEqual(d, t) || ok;
    return ok ? 'ok' : 'invalid';
  };

  const send = (res: ServerResponse, status: number, body: unknown, contentType: string, headers: Record<string, string> = {}) => {
    if (res.headersSent || res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': contentType,
      'Content-Length': String(Buffer.byteLength(text)),
      'X-Content-Type-Options': 'nosniff',
      ...headers,
    });
    res.end(text);
  };

  const sendProblem = (res: ServerResponse, instance: string, p: HttpProblem) => {
    send(res, p.status, problemBody(p.status, p.slug, p.detail, instance, p.errors), PROBLEM_CT, p.headers);
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  /** Returns true when a fault answered (or swallowed) the request. */
  const injectFaults = async (req: IncomingMessage, res: ServerResponse, instance: string): Promise<boolean> => {
    const f = faults;
    if (f.latencyMs > 0) await sleep(f.latencyMs);
    if (closing || res.destroyed) return true;
    if (f.hangRate > 0 && random() < f.hangRate) {
      const socket = req.socket;
      hanging.add(socket);
      socket.once('close', () => hanging.delete(socket));
      requestLog(`fault: hanging ${req.method} ${instance}`);
      return true;
    }
    if (f.dropRate > 0 && random() < f.dropRate) {
      requestLog(`fault: dropping ${req.method} ${instance}`);
      req.socket.destroy();
      return true;
    }
    if (f.errorRate > 0 && random() < f.errorRate) {
      sendProblem(res, instance, new HttpProblem(503, 'service-unavailable', 'The service is temporarily unavailable; retry later.', { 'Retry-After': '1' }));
      return true;
    }
    return false;
  };

  const route = (req: IncomingMessage, res: ServerResponse, rawTarget: string, instance: string) => {
    const q = rawTarget.indexOf('?');
    const path = q === -1 ? rawTarget : rawTarget.slice(0, q);
    const query = new URLSearchParams(q === -1 ? '' : rawTarget.slice(q + 1));
    const method = (req.method ?? 'GET').toUpperCase();

    if (path === '/api/v1' || path.startsWith('/api/v1/')) {
      const auth = authorized(req);
      if (auth !== 'ok') {
        const challenge = auth === 'missing' ? 'Bearer realm="kiosk-sandbox"' : 'Bearer realm="kiosk-sandbox", error="invalid_token"';
        throw new HttpProblem(
          401,
          'unauthorized',
          auth === 'missing' ? 'Send Authorization: Bearer <token> with a token issued to this kiosk.' : 'The bearer token is not valid.',
          { 'WWW-Authenticate': challenge },
        );
      }
    }

    const segments = path.startsWith('/') ? path.split('/').slice(1) : [];
    const matches = matchPath(segments);
    if (matches.length === 0) throw new HttpProblem(404, 'not-found', `Nothing is served at ${path.slice(0, 200)}.`);
    const allowed = new Set<string>();
    for (const m of matches) allowed.add(m.route.method).add(m.route.method === 'GET' ? 'HEAD' : m.route.method);
    const effective = method === 'HEAD' ? 'GET' : method;
    const match = matches.find((m) => m.route.method === effective);
    if (!match) {
      const allow = [...allowed].join(', ');
      throw new HttpProblem(405, 'method-not-allowed', `${method.slice(0, 20)} is not allowed here; use ${allow}.`, { Allow: allow });
    }
    const ctx: RouteContext = { store, now, params: match.params, query, baseUrl };
    const reply = match.route.handle(ctx);
    send(res, reply.status, reply.body, JSON_CT, reply.headers);
  };

  const server = createServer({ requestTimeout: 0 }, (req, res) => {
    const started = Date.now();
    let rawTarget = req.url ?? '/';
    if (!rawTarget.startsWith('/')) {
      try {
        const u = new URL(rawTarget);
        rawTarget = `${u.pathname}${u.search}`;
      } catch {
        rawTarget = '';
      }
    }
    const instance = rawTarget.slice(0, 300);
    res.on('finish', () => requestLog(`${req.method} ${instance} ${res.statusCode} ${Date.now() - started}ms`));

    void (async () => {
      try {
        if (await injectFaults(req, res, instance)) return;
        route(req, res, rawTarget, instance);
      } catch (err) {
        if (err instanceof HttpProblem) {
          sendProblem(res, instance, err);
          return;
        }
        errorLog(`sandbox: unexpected error on ${req.method} ${instance}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        sendProblem(res, instance, new HttpProblem(500, 'internal-error', 'An unexpected error occurred; it has been logged.'));
      }
    })();
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => {
      store.close();
      reject(err);
    };
    server.once('error', onError);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (err) => errorLog(`sandbox: server error: ${err.message}`));

  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  baseUrl = `http://${urlHost}:${port}`;

  let closed: Promise<void> | null = null;
  return {
    url: baseUrl,
    port,
    setFaults(f) {
      faults = { ...faults, ...checkFaults(f) };
    },
    listDossiers() {
      const t = now();
      return store.dossiers().map((d: DossierRecord) => ({ code: d.dossierCode, state: d.state, overdue: isOverdue(d.dueDate, d.state, t) }));
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing = true;
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => {
          store.close();
          resolve();
        });
        for (const s of hanging) s.destroy();
        hanging.clear();
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
