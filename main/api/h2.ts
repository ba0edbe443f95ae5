/**
 * A `fetch` over one HTTP/2 connection (node:http2), for the outbox's uploads and dossiers
 * (issue 15; docs/uploads.md "One connection"). On a slow link, every HTTP/1.1 request carries
 * 300–450 bytes of headers, and each connection its own handshake; on one HTTP/2 connection the
 * headers are HPACK-compressed (about 30 bytes a request once the table is warm) and every
 * request shares one TCP connection and its congestion window.
 *
 * Used only when the backend announces `http2` in its capabilities (prior knowledge over
 * `http://`, ALPN over `https://`). The resident's lookups keep their own HTTP/1.1 connections:
 * on this connection they would wait behind the outbox's bytes in the socket (lookups first).
 *
 * The subset of fetch the outbox uses: method, headers, a body (string, bytes or a web
 * ReadableStream, written with backpressure), a signal; the answer is read whole (the outbox's
 * answers are small). Errors look like fetch's: a signal's reason when aborted, otherwise a
 * TypeError "fetch failed" with the cause (its `code`, e.g. ECONNRESET or ERR_HTTP2_STREAM_ERROR).
 */
import http2, { type ClientHttp2Session, type ClientHttp2Stream, type IncomingHttpHeaders } from 'node:http2';

export interface H2Fetch {
  fetch: (url: string | URL, init?: RequestInit) => Promise<Response>;
  /** Connections opened so far (a drop or an idle close makes the next request open another). */
  readonly connections: number;
  /**
   * The origin answered, but not in HTTP/2 (no SETTINGS frame before the connection ended): a
   * proxy in front of the backend that speaks only HTTP/1.1. Set once; the caller falls back.
   */
  readonly unsupported: boolean;
  close(): void;
}

export interface H2FetchOptions {
  /** Close the connection after this long without a frame (default 30 s: mobile NATs forget idle flows). */
  idleMs?: number;
  /**
   * CA certificates to trust for an `https://` origin (tests). Absent: the system's and
   * NODE_EXTRA_CA_CERTS, as fetch trusts.
   */
  ca?: string | Buffer | undefined;
}

/** What we accept from a peer per stream and per connection before it must wait for us (answers are small; this is generous). */
const WINDOW_BYTES = 1 << 20;

/** OpenSSL's alert 120: the TLS server takes ALPN but none of our protocols (h2). */
const NO_ALPN = 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL';

/** Statuses whose Response has no body (fetch's "null body status"). */
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

const codeOf = (e: unknown): unknown => (e as { code?: unknown } | undefined)?.code;

function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

function headerRecord(init: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init).forEach((value, name) => {
    // Connection-specific headers are not allowed in HTTP/2 (RFC 9113 §8.2.2); the host is :authority.
    if (name === 'connection' || name === 'keep-alive' || name === 'transfer-encoding' || name === 'host') return;
    out[name] = value;
  });
  return out;
}

function responseHeaders(h: IncomingHttpHeaders): Headers {
  const out = new Headers();
  for (const [name, value] of Object.entries(h)) {
    if (name.startsWith(':') || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.append(name, String(v));
  }
  return out;
}

/** Writes a body to the stream with backpressure; stops (and cancels the source) when the stream closes. */
async function writeBody(stream: ClientHttp2Stream, body: ReadableStream<Uint8Array>): Promise<void> {
  const reader = body.getReader();
  try {
    for (;;) {
      if (stream.destroyed || stream.closed) return;
      const { done, value } = await reader.read();
      if (done) break;
      if (stream.destroyed || stream.closed) return;
      if (!stream.write(value)) {
        await new Promise<void>((resolve) => {
          const go = () => {
            stream.off('drain', go);
            stream.off('close', go);
            resolve();
          };
          stream.on('drain', go);
          stream.on('close', go);
        });
      }
    }
    if (!stream.destroyed) stream.end();
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

export function createH2Fetch(origin: string, opts: H2FetchOptions = {}): H2Fetch {
  const base = new URL(origin);
  const idleMs = opts.idleMs ?? 30_000;
  let session: ClientHttp2Session | null = null;
  let connections = 0;
  let unsupported = false;
  /** Per connection: decides, when it fails, whether its peer spoke HTTP/2 at all. */
  const judges = new WeakMap<ClientHttp2Session, (err?: unknown) => void>();
  /** Requests under way per connection: a connection keeps the process alive only while it has some. */
  const active = new WeakMap<ClientHttp2Session, number>();
  let closed = false;

  function connect(): ClientHttp2Session {
    if (session && !session.closed && !session.destroyed) return session;
    // Over https, TLS offers ALPN `h2` (RFC 9113 §3.2); over http, prior knowledge (§3.3).
    const s = http2.connect(base.origin, {
      settings: { enablePush: false, initialWindowSize: WINDOW_BYTES },
      ...(opts.ca ? { ca: opts.ca } : {}),
    });
    connections += 1;
    session = s;
    const forget = () => {
      if (session === s) session = null;
    };
    // A session's error also fails its streams, which is where callers hear of it.
    s.on('error', forget);
    s.on('close', forget);
    s.on('goaway', forget);
    // Whether the peer speaks HTTP/2: its first frame is SETTINGS (RFC 9113 §3.4). A connection
    // that received bytes and ended without one was answered in another protocol (an HTTP/1.1
    // server's 400 to our preface, a TLS server that ignores ALPN). A TLS server that knows ALPN
    // but not h2 refuses the handshake with alert 120 (no_application_protocol).
    let settingsSeen = false;
    let socket: { bytesRead: number } | undefined;
    s.once('remoteSettings', () => {
      settingsSeen = true;
    });
    s.on('connect', (_session, sock) => {
      socket = sock;
      try {
        s.setLocalWindowSize(WINDOW_BYTES);
      } catch {
        // closed meanwhile
      }
    });
    const judge = (err?: unknown) => {
      const cause = (err as { cause?: unknown } | undefined)?.cause;
      if (codeOf(err) === NO_ALPN || codeOf(cause) === NO_ALPN) unsupported = true;
      if (!settingsSeen && (socket?.bytesRead ?? 0) > 0) unsupported = true;
    };
    s.once('error', judge);
    s.once('close', () => judge());
    judges.set(s, judge);
    s.setTimeout(idleMs, () => {
      forget();
      s.close();
    });
    s.unref();
    return s;
  }

  /**
   * Whole bodies are written one after another, each once the one before has reached the socket.
   * HTTP/2 would otherwise interleave the frames of every stream (round robin): ten uploads
   * started together would all finish together, a window's worth of bytes later, and the link
   * would idle while their answers came back. In turn, the first is answered first and the
   * outbox's window (main/services/outbox/window.ts) sees its bytes in flight as they are. A
   * streamed body (a paced PATCH, minutes long) does not wait its turn nor hold the others.
   */
  let turn: Promise<void> = Promise.resolve();
  function inTurn(stream: ClientHttp2Stream, bytes: string | Uint8Array): Promise<void> {
    const before = turn;
    const mine = before.then(
      () =>
        new Promise<void>((resolve) => {
          if (stream.destroyed || stream.closed) return resolve();
          stream.once('close', resolve);
          try {
            stream.end(bytes, () => {
              stream.off('close', resolve);
              resolve();
            });
          } catch {
            // destroyed meanwhile: its request fails on its own; the next body's turn comes
            resolve();
          }
        }),
    );
    // Never a rejected turn: every later body would wait on it for ever.
    turn = mine.catch(() => undefined);
    return turn;
  }

  async function h2fetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
    if (closed) throw fetchFailed(new Error('HTTP/2 client closed'));
    const url = new URL(String(input));
    if (url.origin !== base.origin) throw fetchFailed(new Error(`HTTP/2 client of ${base.origin} asked for ${url.origin}`));
    const signal = init.signal ?? undefined;
    if (signal?.aborted) throw signal.reason;
    const method = (init.method ?? 'GET').toUpperCase();
    const body = init.body ?? null;
    const s = connect();
    let stream: ClientHttp2Stream;
    try {
      stream = s.request({ ':method': method, ':path': `${url.pathname}${url.search}`, ...headerRecord(init.headers) }, { endStream: body === null });
    } catch (err) {
      throw fetchFailed(err);
    }
    active.set(s, (active.get(s) ?? 0) + 1);
    s.ref();
    try {
      return await new Promise<Response>((resolve, reject) => {
        let settled = false;
        const done = (f: () => void) => {
          if (settled) return;
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          f();
        };
        const onAbort = () => {
          done(() => reject(signal?.reason));
          stream.close(http2.constants.NGHTTP2_CANCEL);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        const chunks: Buffer[] = [];
        let head: IncomingHttpHeaders | null = null;
        stream.on('response', (h) => {
          head = h;
        });
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (!head) return;
          const status = Number(head[':status']);
          const payload = NULL_BODY_STATUS.has(status) || method === 'HEAD' ? null : Buffer.concat(chunks);
          const h = head;
          done(() => {
            // A status a Response cannot hold (outside 200–599) fails the request, never the process.
            try {
              resolve(new Response(payload, { status, headers: responseHeaders(h) }));
            } catch (err) {
              reject(fetchFailed(err));
            }
          });
        });
        stream.on('error', (err) => {
          // Before the connection's own error or close event: the caller may ask `unsupported` now.
          judges.get(s)?.(err);
          done(() => reject(fetchFailed(err)));
        });
        stream.on('close', () => {
          const code = stream.rstCode;
          done(() => reject(fetchFailed(Object.assign(new Error(`HTTP/2 stream closed (code ${code ?? '?'})`), { code: 'ERR_HTTP2_STREAM_CLOSED' }))));
        });
        if (body !== null) {
          if (typeof body === 'string' || body instanceof Uint8Array || body instanceof ArrayBuffer) {
            const bytes = body instanceof ArrayBuffer ? Buffer.from(body) : body;
            void inTurn(stream, bytes);
          } else if (body instanceof ReadableStream) {
            writeBody(stream, body).catch((err: unknown) => {
              done(() => reject(fetchFailed(err)));
              stream.close(http2.constants.NGHTTP2_CANCEL);
            });
          } else {
            done(() => reject(fetchFailed(new Error('HTTP/2 client: unsupported body type'))));
            stream.close(http2.constants.NGHTTP2_CANCEL);
          }
        }
      });
    } finally {
      const left = (active.get(s) ?? 1) - 1;
      active.set(s, left);
      if (left === 0 && !s.destroyed) s.unref();
    }
  }

  return {
    fetch: h2fetch,
    get connections() {
      return connections;
    },
    get unsupported() {
      return unsupported;
    },
    close() {
      closed = true;
      session?.close();
      session = null;
    },
  };
}
