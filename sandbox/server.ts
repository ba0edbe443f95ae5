/**
 * The reference public-service API server ("the sandbox"): node:http, better-sqlite3, seed data
 * and fault injection. The kiosk embeds it when no remote backend is configured; tests run
 * against it over real HTTP.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { gunzip } from 'node:zlib';
import { dirname } from 'node:path';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createH2Server, type Http2Session } from 'node:http2';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { HttpProblem, problemBody } from './problems';
import { ROUTES, type RouteContext, type RouteDef } from './routes';
import { SandboxStore, type DossierRecord } from './store';
import { isOverdue } from '../common/dossier-state';
import { seedDossierCodes } from './seed';
// Payments (issue 12)
import { ADMIN_TOKEN_HEADER, DEFAULT_PAYMENT_SETTINGS, listPayments, type PaymentSettings } from './payments';
import type { RatingLookups } from './ratings'; // ratings (issue 13)
// Queue and appointments (issue 13)
import { checkQueueSettings, DEFAULT_QUEUE_SETTINGS, seedQueue, type QueueSettings } from './queue/db';
import { createQueueRuntime, type QueueRuntime } from './queue/routes';
// Uploads (issue 15)
import { createUploads, UPLOADS_PATH, type UploadSettings, type Uploads } from './uploads';

export { seedDossierCodes };

/** The HTTP/2 client preface (RFC 9113 §3.4). */
const H2_PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';
/** HTTP/2 flow-control window per stream (the connection's is four times it): more than a slow link's product. */
const H2_WINDOW_BYTES = 1 << 20;

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
  dbFile?: string | undefined;
  faults?: Partial<Faults>;
  now?: () => Date;
  /** Receives one English line per request and per error. Absent: errors go to stderr. */
  log?: (line: string) => void;
  /** Source of randomness for fault injection, for tests. Default Math.random. */
  random?: () => number;
  /** How long idempotency keys and their answers are kept (default 30 days). */
  idempotencyRetentionDays?: number;
  /** Largest request body accepted, in bytes (default 40 MiB; larger is 413). */
  maxBodyBytes?: number;
  /**
   * A lookup needs the applicant's ID number (header `X-Applicant-Id`), as provincial portals ask
   * before showing personal details (DOMAIN.md): without it, 403 `applicant-id-required`.
   */
  requireApplicantId?: boolean;
  // ---- Payments (issue 12) ----
  /** Tokens accepted in `X-Sandbox-Admin-Token` by the test-only simulate route; none: it always answers 403. */
  adminTokens?: string[];
  /** Payment expiry (minutes) and payee; defaults in sandbox/payments.ts. */
  payments?: Partial<PaymentSettings>;
  // ---- Ratings (issue 13) ----
  /** Where a rating's counter and officer come from (the queue's tickets, the desk book); default sandbox/ratings.ts. */
  ratingLookups?: RatingLookups;
  // ---- Queue (issue 13) ----
  /** The center's rules (priority, offline policy, appointments) and queue settings; defaults in sandbox/queue/db.ts. */
  queue?: { [K in keyof QueueSettings]?: QueueSettings[K] | undefined };
  // ---- Uploads (issue 15) ----
  /** Size limit per upload and expiry of unfinished uploads; defaults in sandbox/uploads.ts. */
  uploads?: Partial<UploadSettings>;
  /** Behaves as a backend from before issue 15 (tests): no uploads route, no capabilities, no gzip bodies. */
  legacy?: boolean;
}

export interface Sandbox {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  setFaults(f: Partial<Faults>): void;
  /** Turns the `requireApplicantId` setting on or off while running. */
  setRequireApplicantId(on: boolean): void;
  /** The dossiers in the database with their current state and overdue flag (for the CLI and tests). */
  listDossiers(): { code: string; state: string; overdue: boolean }[];
  /** Dossiers created by POST /api/v1/dossiers, with their idempotency key and kiosk reference. */
  listSubmissions(): { dossierCode: string; idempotencyKey: string; kioskRef: string | null; createdAt: string }[];
  /** Payments in the database with their state and idempotency key (payments, issue 12). */
  listPayments(): ReturnType<typeof listPayments>;
  /** The queue (issue 13): its model, for the CLI and tests (sandbox/queue/model.ts). */
  queue: QueueRuntime;
  /** Resumable uploads (issue 15): sandbox/uploads.ts. */
  uploads: Uploads;
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
  let requireApplicantId = opts.requireApplicantId === true;
  // Payments (issue 12): the admin token of the simulate route, and the payment settings.
  const adminDigests = (opts.adminTokens ?? []).filter((t) => typeof t === 'string' && t.length > 0).map(digest);
  const paymentSettings: PaymentSettings = { ...DEFAULT_PAYMENT_SETTINGS, ...opts.payments };
  const isAdmin = (req: IncomingMessage): boolean => {
    const h = req.headers[ADMIN_TOKEN_HEADER.toLowerCase()];
    if (typeof h !== 'string' || adminDigests.length === 0) return false;
    const d = digest(h.trim());
    let ok = false;
    for (const t of adminDigests) ok = timingSafeEqual(d, t) || ok;
    return ok;
  };

  const store = new SandboxStore(opts.dbFile);
  // Uploads (issue 15): beside the database file, or a temporary directory when in memory.
  const uploads = createUploads({ dataDir: opts.dbFile ? dirname(opts.dbFile) : undefined, settings: opts.uploads, log: requestLog, now });
  let queue: QueueRuntime;
  try {
    if (store.seedIfEmpty(now())) requestLog(`sandbox: seeded ${opts.dbFile ? `database ${opts.dbFile}` : 'in-memory database'}`);
    // Queue (issue 13): its seed, today's appointments, the SSE hub.
    const given = Object.fromEntries(Object.entries(opts.queue ?? {}).filter(([, v]) => v !== undefined)) as Partial<QueueSettings>;
    const queueSettings: QueueSettings = { ...DEFAULT_QUEUE_SETTINGS, ...given };
    checkQueueSettings(queueSettings);
    seedQueue(store.db, queueSettings);
    queue = createQueueRuntime(store.db, now, queueSettings, errorLog);
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
    // HTTP/2 has no Connection header (RFC 9113 §8.2.2): a stream ends on its own.
    if ('stream' in res && headers.Connection) {
      const { Connection: _c, ...rest } = headers;
      headers = rest;
    }
    if (status === 204) {
      res.writeHead(204, { 'X-Content-Type-Options': 'nosniff', ...headers });
      res.end();
      return;
    }
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

  const retentionMs = (opts.idempotencyRetentionDays ?? 30) * 86_400_000;
  const maxBody = opts.maxBodyBytes ?? 40 * 1024 * 1024;
  /** Idempotency keys whose first request is still being received or processed. */
  const inProgress = new Set<string>();

  const readBody = (req: IncomingMessage): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const declared = Number(req.headers['content-length'] ?? NaN);
      if (Number.isFinite(declared) && declared > maxBody) {
        reject(new HttpProblem(413, 'payload-too-large', `The body is ${declared} bytes; at most ${maxBody} are accepted.`, { Connection: 'close' }));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let failed = false;
      req.on('data', (c: Buffer) => {
        if (failed) return;
        size += c.length;
        if (size > maxBody) {
          failed = true;
          reject(new HttpProblem(413, 'payload-too-large', `The body is larger than ${maxBody} bytes.`, { Connection: 'close' }));
          return;
        }
        chunks.push(c);
      });
      req.on('end', () => {
        if (failed) return;
        const raw = Buffer.concat(chunks);
        // JSON bodies may come gzip-compressed (issue 15; announced in GET /healthz capabilities).
        const enc = String(req.headers['content-encoding'] ?? 'identity')
          .trim()
          .toLowerCase();
        if (enc === 'identity' || enc === '' || opts.legacy) {
          resolve(raw);
          return;
        }
        if (enc !== 'gzip') {
          reject(
            new HttpProblem(415, 'unsupported-encoding', `Content-Encoding ${enc.slice(0, 40)} is not accepted; send gzip or none.`, {
              'Accept-Encoding': 'gzip',
            }),
          );
          return;
        }
        gunzip(raw, { maxOutputLength: maxBody }, (err, out) => {
          if (!err) resolve(out);
          else if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError)
            reject(new HttpProblem(413, 'payload-too-large', `The body, decompressed, is larger than ${maxBody} bytes.`));
          else reject(new HttpProblem(400, 'invalid-body', 'The body is not valid gzip.'));
        });
      });
      req.on('error', (err) => {
        failed = true;
        reject(err);
      });
      req.on('aborted', () => {
        failed = true;
        reject(new Error('client aborted'));
      });
    });

  /** A POST: body, then (for idempotent routes) replay, conflict, or a first answer recorded with its effects. */
  const post = async (req: IncomingMessage, res: ServerResponse, ctx: RouteContext, route: RouteDef) => {
    const optionalKey = route.idempotent === 'optional' && !(typeof req.headers['idempotency-key'] === 'string' && req.headers['idempotency-key'].trim());
    if (!route.idempotent || optionalKey) {
      ctx.body = await readBody(req);
      const reply = route.handle(ctx);
      send(res, reply.status, reply.body, JSON_CT, reply.headers);
      return;
    }
    const raw = req.headers['idempotency-key'];
    const key = typeof raw === 'string' ? raw.trim() : '';
    if (!key) throw new HttpProblem(400, 'idempotency-key-missing', 'Send an Idempotency-Key header (a UUID per submission, the same on every retry).');
    if (key.length > 255 || !/^[\x21-\x7e]+$/.test(key))
      throw new HttpProblem(400, 'idempotency-key-missing', 'The Idempotency-Key must be 1 to 255 printable ASCII characters.');
    if (inProgress.has(key)) {
      throw new HttpProblem(409, 'request-in-progress', 'A request with this Idempotency-Key is still being processed; retry later.', { 'Retry-After': '1' });
    }
    inProgress.add(key);
    try {
      const body = await readBody(req);
      const hash = createHash('sha256').update(body).digest('hex');
      const first = store.idempotencyRecord(key);
      if (first) {
        if (first.bodySha256 !== hash) {
          throw new HttpProblem(422, 'idempotency-key-reused', 'This Idempotency-Key was used with a different body; use a new key for a new request.');
        }
        const type = first.status >= 400 ? PROBLEM_CT : JSON_CT;
        send(res, first.status, first.response, type, { ...first.headers, 'Idempotent-Replayed': 'true' });
        return;
      }
      ctx.body = body;
      ctx.idempotencyKey = key;
      let reply: ReturnType<RouteDef['handle']> | undefined;
      try {
        // The dossier and the recorded answer commit together: no dossier without its key.
        store.db
          .transaction(() => {
            reply = route.handle(ctx);
            store.saveIdempotency(key, hash, reply.status, reply.body, reply.headers ?? {}, now().getTime(), retentionMs);
          })
          .immediate(); // IMMEDIATE: numbering (queue tickets) takes the write lock before it reads
      } catch (err) {
        if (err instanceof HttpProblem && err.status < 500) {
          const instance = (req.url ?? '').slice(0, 300);
          store.saveIdempotency(
            key,
            hash,
            err.status,
            problemBody(err.status, err.slug, err.detail, instance, err.errors),
            err.headers,
            now().getTime(),
            retentionMs,
          );
        }
        throw err;
      }
      if (reply) send(res, reply.status, reply.body, JSON_CT, reply.headers);
    } finally {
      inProgress.delete(key);
    }
  };

  const route = async (req: IncomingMessage, res: ServerResponse, rawTarget: string, instance: string) => {
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

    // Uploads (issue 15): tus 1.0, behind the bearer token checked above.
    if (!opts.legacy && (path === UPLOADS_PATH || path.startsWith(`${UPLOADS_PATH}/`))) {
      await uploads.handle(req, res);
      return;
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
    const ctx: RouteContext = { store, now, params: match.params, query, baseUrl, requireApplicantId };
    ctx.payments = paymentSettings; // payments (issue 12)
    if (opts.ratingLookups) ctx.ratingLookups = opts.ratingLookups; // ratings (issue 13)
    ctx.sandboxAdmin = isAdmin(req);
    ctx.queue = queue; // queue (issue 13)
    ctx.headers = req.headers;
    if (!opts.legacy) ctx.uploads = uploads; // uploads (issue 15)
    if (match.route.stream) {
      if (method === 'HEAD') {
        res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
        res.end();
      } else match.route.stream(ctx, req, res);
      return;
    }
    const applicantId = req.headers['x-applicant-id'];
    if (typeof applicantId === 'string') ctx.applicantId = applicantId.trim();
    if (match.route.method === 'POST') {
      await post(req, res, ctx, match.route);
      return;
    }
    const reply = match.route.handle(ctx);
    send(res, reply.status, reply.body, JSON_CT, reply.headers);
  };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
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
    const enc = req.headers['content-encoding'] ? ` (${String(req.headers['content-encoding']).slice(0, 20)})` : '';
    const proto = req.httpVersionMajor === 2 ? ' HTTP/2' : '';
    res.on('finish', () => requestLog(`${req.method} ${instance} ${res.statusCode} ${Date.now() - started}ms${proto}${enc}`));

    void (async () => {
      try {
        if (await injectFaults(req, res, instance)) return;
        await route(req, res, rawTarget, instance);
      } catch (err) {
        if (err instanceof HttpProblem) {
          sendProblem(res, instance, err);
          return;
        }
        if (res.destroyed || req.socket.destroyed) {
          requestLog(`${req.method} ${instance}: the client went away`);
          return;
        }
        errorLog(`sandbox: unexpected error on ${req.method} ${instance}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        sendProblem(res, instance, new HttpProblem(500, 'internal-error', 'An unexpected error occurred; it has been logged.'));
      }
    })();
  };
  const server = createServer({ requestTimeout: 0 }, handler);
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  // HTTP/2 on the same port, by prior knowledge (issue 15: the outbox's one connection; RFC 9113
  // §3.3): a connection that opens with the HTTP/2 preface goes to the HTTP/2 server, any other
  // to the HTTP/1.1 one. Both run the same handler (node's compatibility API). Not for a legacy
  // backend, which never announces it.
  const h2 = createH2Server({ settings: { initialWindowSize: H2_WINDOW_BYTES } }, handler as never);
  h2.on('session', (s: Http2Session) => {
    s.on('error', () => undefined); // its streams fail with it; the client hears of it
    try {
      s.setLocalWindowSize(H2_WINDOW_BYTES * 4);
    } catch {
      // closed meanwhile
    }
  });
  /**
   * Every connection, closed with the server (the HTTP/1.1 server never listens itself, so its
   * closeAllConnections() knows none of them).
   */
  const sockets = new Set<Socket>();
  const front = createNetServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    let first = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      first = Buffer.concat([first, chunk]);
      if (first.length < H2_PREFACE.length && H2_PREFACE.startsWith(first.toString('latin1'))) return;
      socket.off('data', onData);
      socket.pause();
      socket.unshift(first);
      if (!opts.legacy && first.subarray(0, H2_PREFACE.length).toString('latin1') === H2_PREFACE) {
        // node's HTTP/2 session reads a net.Socket's handle directly and would miss the bytes
        // read here; given a plain stream it reads through JavaScript, these bytes first.
        h2.emit('connection', Duplex.from({ readable: socket, writable: socket }));
      } else server.emit('connection', socket);
      socket.resume();
    };
    socket.on('data', onData);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => {
      store.close();
      reject(err);
    };
    front.once('error', onError);
    front.listen(opts.port ?? 0, host, () => {
      front.off('error', onError);
      resolve();
    });
  });
  front.on('error', (err) => errorLog(`sandbox: server error: ${err.message}`));

  const port = (front.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  baseUrl = `http://${urlHost}:${port}`;
  // A ticket's QR leads to this server's own tracking page unless the center named another.
  if (!opts.queue?.trackingBaseUrl) queue.model.settings.trackingBaseUrl = `${baseUrl}/queue/track/`;

  let closed: Promise<void> | null = null;
  return {
    url: baseUrl,
    port,
    setFaults(f) {
      faults = { ...faults, ...checkFaults(f) };
    },
    setRequireApplicantId(on) {
      requireApplicantId = on;
    },
    listSubmissions() {
      return store.submissions();
    },
    listPayments() {
      return listPayments(store);
    },
    queue,
    uploads,
    listDossiers() {
      const t = now();
      return store.dossiers().map((d: DossierRecord) => ({ code: d.dossierCode, state: d.state, overdue: isOverdue(d.dueDate, d.state, t) }));
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing = true;
        for (const t of timers) clearTimeout(t);
        timers.clear();
        queue.hub.close(); // ends open SSE streams (queue, issue 13)
        uploads.close(); // uploads (issue 15)
        front.close(() => {
          store.close();
          resolve();
        });
        for (const s of hanging) s.destroy();
        hanging.clear();
        for (const s of sockets) s.destroy(); // an HTTP/2 session ends with its socket
        sockets.clear();
      });
      return closed;
    },
  };
}
