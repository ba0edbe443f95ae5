/**
 * A small tus 1.0 client on fetch, or the outbox's HTTP/2 connection (issue 15 item 1;
 * docs/uploads.md says why not tus-js-client):
 * create (optionally with the bytes: creation-with-upload), HEAD for the offset the server has,
 * PATCH from that offset. The PATCH body is paced at the link's measured rate so that the bytes
 * written but not yet received (lost when the link drops) stay near the bandwidth-delay product.
 */
import { ApiError } from '../../api/client';

export const TUS_VERSION = '1.0.0';

export interface TusOptions {
  baseUrl: string;
  token: string;
  /** Per request, plus the time the bytes need at `minBytesPerSecond`. */
  timeoutMs: number;
  minBytesPerSecond: number;
  signal?: AbortSignal | undefined;
  /** The outbox's HTTP/2 connection (main/api/h2.ts) when the backend takes it; absent: fetch. */
  fetch?: ((url: string, init: RequestInit) => Promise<Response>) | undefined;
}

function fail(kind: ApiError['kind'], message: string, status?: number): ApiError {
  return new ApiError(kind, message, status);
}

async function call(url: string, init: RequestInit, o: TusOptions, bytes: number): Promise<Response> {
  const timeout = o.timeoutMs + Math.ceil((bytes / o.minBytesPerSecond) * 1000);
  const signal = o.signal ? AbortSignal.any([AbortSignal.timeout(timeout), o.signal]) : AbortSignal.timeout(timeout);
  let res: Response;
  try {
    res = await (o.fetch ?? fetch)(url, {
      ...init,
      signal,
      headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${o.token}`, 'tus-resumable': TUS_VERSION },
    });
  } catch (err) {
    const e = err as Error;
    if (e.name === 'TimeoutError' || e.name === 'AbortError') throw fail('timeout', `upload request timed out after ${timeout} ms`);
    const cause = (e as { cause?: { message?: string; code?: string } }).cause;
    throw fail('offline', `upload ${init.method ?? ''} failed: ${e.message}${cause ? ` (${cause.code ?? ''} ${cause.message ?? ''})` : ''}`);
  }
  if (res.status >= 500) {
    await res.arrayBuffer().catch(() => undefined);
    throw fail('server_error', `upload answered ${res.status}`, res.status);
  }
  return res;
}

/** The backend refused an upload request (4xx other than those the protocol expects). */
export class TusRefusal extends ApiError {}

async function problem(res: Response, what: string): Promise<ApiError> {
  const text = (await res.text().catch(() => '')).slice(0, 200);
  return new TusRefusal('rejected', `${what} answered ${res.status}${text ? `: ${text}` : ''}`, res.status);
}

/** Creates an upload of `size` bytes; with `data`, sends them in the same request. Answers its absolute URL and the offset. */
export async function tusCreate(o: TusOptions, path: string, size: number, data?: Buffer): Promise<{ url: string; offset: number }> {
  const headers: Record<string, string> = { 'upload-length': String(size) };
  if (data) headers['content-type'] = 'application/offset+octet-stream';
  const res = await call(`${o.baseUrl}${path}`, { method: 'POST', headers, ...(data ? { body: data } : {}) }, o, data?.length ?? 0);
  if (res.status !== 201) throw await problem(res, 'upload creation');
  await res.arrayBuffer().catch(() => undefined);
  const loc = res.headers.get('location');
  if (!loc) throw fail('server_error', 'upload creation answered without a Location');
  const offset = Number(res.headers.get('upload-offset') ?? 0);
  return { url: new URL(loc, `${o.baseUrl}/`).toString(), offset: Number.isFinite(offset) ? offset : 0 };
}

/** The offset the server has, or null when the upload is gone (404, 410: expired or removed). */
export async function tusHead(o: TusOptions, url: string): Promise<number | null> {
  const res = await call(url, { method: 'HEAD', headers: { 'cache-control': 'no-store' } }, o, 0);
  if (res.status === 404 || res.status === 410) return null;
  if (res.status !== 200 && res.status !== 204) throw await problem(res, 'upload HEAD');
  const offset = Number(res.headers.get('upload-offset'));
  if (!Number.isInteger(offset) || offset < 0) throw fail('server_error', 'upload HEAD answered without a valid Upload-Offset');
  return offset;
}

/**
 * Sends `data` (the file's bytes from `offset`), paced at `bytesPerSecond` when given (0: as fast
 * as the socket takes them). Answers the server's new offset; `written` counts the bytes handed
 * to the socket (for the bytes-resent figure), also when it throws.
 */
export async function tusPatch(
  o: TusOptions,
  url: string,
  offset: number,
  data: Buffer,
  bytesPerSecond: number,
  written: { bytes: number },
): Promise<number | null | 'conflict'> {
  const piece = 4096;
  const started = performance.now();
  let sent = 0;
  // Once the request has failed (the link dropped), nothing more is handed over: fetch does not
  // cancel a body it stopped sending, and the paced pulls would go on into a dead socket.
  let over = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (bytesPerSecond > 0) {
        const wait = started + (sent / bytesPerSecond) * 1000 - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      }
      if (over || sent >= data.length) {
        controller.close();
        return;
      }
      const chunk = data.subarray(sent, Math.min(data.length, sent + piece));
      sent += chunk.length;
      written.bytes += chunk.length;
      controller.enqueue(chunk);
    },
  });
  let res: Response;
  try {
    res = await call(
      url,
      {
        method: 'PATCH',
        headers: { 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset), 'content-length': String(data.length) },
        body,
        duplex: 'half',
      } as RequestInit,
      o,
      data.length,
    );
  } finally {
    over = true;
  }
  if (res.status === 404 || res.status === 410) return null;
  if (res.status === 409) {
    // The server has another offset than we thought (an earlier request's bytes arrived after
    // all): the caller asks it (HEAD) and goes on from there.
    await res.arrayBuffer().catch(() => undefined);
    return 'conflict';
  }
  if (res.status !== 204 && res.status !== 200) throw await problem(res, 'upload PATCH');
  await res.arrayBuffer().catch(() => undefined);
  const next = Number(res.headers.get('upload-offset'));
  if (!Number.isInteger(next)) throw fail('server_error', 'upload PATCH answered without Upload-Offset');
  return next;
}
