/**
 * Typed client of the public-service API (the province's backend or our sandbox).
 *
 * - One deadline per call: `timeoutMs` covers every attempt and every backoff pause, so a
 *   hanging backend is reported as `timeout` within the configured time, never later.
 * - Responses are validated with the zod schemas of main/api/schemas.ts; a response that does
 *   not match is a `server_error` (the backend broke the contract), never a crash further in.
 * - Retries only for idempotent requests (GET, and requests carrying an Idempotency-Key), only
 *   on network failures and 5xx, with full-jitter exponential backoff.
 * - Errors are typed: offline, timeout, not_found, rejected (4xx with problem details),
 *   server_error (5xx or unreadable answer).
 */
import type { z } from 'zod';
import { fullJitterDelay, type Backoff } from '../../common/backoff';
import { AnnouncementList, Dossier, Problem, Procedure, ProcedurePage, ProcedureQuery, SectorList } from './schemas';
import type { Logger } from '../log';
import type { LinkPriority } from './priority';
import { gzipSync } from 'node:zlib';

export type ApiErrorKind = 'offline' | 'timeout' | 'not_found' | 'rejected' | 'server_error';

/** The backend asks for the applicant's ID number (problem type `…/applicant-id-required`). */
export function isApplicantIdRequired(err: unknown): boolean {
  return err instanceof ApiError && err.kind === 'rejected' && /\/applicant-id-required$/.test(err.problem?.type ?? '');
}

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status?: number,
    readonly problem?: Problem,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiClientOptions {
  baseUrl: string;
  token: string;
  /** Deadline for one call, all attempts included. */
  timeoutMs: number;
  /** Extra attempts for idempotent requests. */
  retries: number;
  log: Logger;
  /** Backoff: the n-th retry (n from 0) waits a full jitter below min(cap, base * 2^n) (common/backoff.ts). */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  fetch?: typeof fetch;
  /** Sent with every request, whichever fetch carries it (the outbox's `X-Kiosk-Id`). */
  headers?: Record<string, string> | undefined;
  random?: () => number;
  /** Told of every call's outcome, so the kiosk can show an online/offline banner. */
  onReachability?: (reachable: boolean) => void;
  /** The resident's client marks its requests, so the outbox lets them go first (issue 15). */
  priority?: Pick<LinkPriority, 'begin'> | undefined;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  /** Makes a non-GET request safe to retry. */
  idempotencyKey?: string;
  /** Deadline of this call instead of the client's `timeoutMs`. */
  timeoutMs?: number;
  /** Aborts the call (answered as `timeout`). */
  signal?: AbortSignal;
  /** Extra attempts of this call instead of the client's `retries`. */
  retries?: number;
  /** Extra request headers (never logged). */
  headers?: Record<string, string>;
  /** Sends the JSON body gzip-compressed (`Content-Encoding: gzip`): only when the backend says it accepts it (issue 15). */
  gzip?: boolean | undefined;
  /** Sends this call through another fetch (the outbox's HTTP/2 connection, main/api/h2.ts; issue 15). */
  fetch?: ((url: string, init: RequestInit) => Promise<Response>) | undefined;
}

/** The header that carries the applicant's ID number on a lookup (sandbox/routes.ts; never in the URL). */
export const APPLICANT_ID_HEADER = 'x-applicant-id';

export interface ApiClient {
  request<S extends z.ZodType>(path: string, schema: S, options?: RequestOptions): Promise<z.output<S>>;
  sectors(): Promise<SectorList>;
  procedures(query: ProcedureQuery): Promise<ProcedurePage>;
  procedure(code: string): Promise<Procedure>;
  /** A dossier by its code; `applicantId` when the backend asks for the applicant's ID number. */
  dossier(dossierCode: string, options?: { applicantId?: string }): Promise<Dossier>;
  announcements(): Promise<AnnouncementList>;
}

function networkCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const random = options.random ?? Math.random;
  const backoff: Backoff = { baseMs: options.backoffBaseMs ?? 250, capMs: options.backoffCapMs ?? 2_000 };
  const { log } = options;

  async function attempt(url: string, init: RequestInit, signal: AbortSignal, via?: RequestOptions['fetch']): Promise<Response> {
    try {
      return await (via ?? doFetch)(url, { ...init, signal });
    } catch (err) {
      if (signal.aborted) throw new ApiError('timeout', `no answer within ${options.timeoutMs} ms`);
      const code = networkCode(err);
      throw new ApiError('offline', `backend unreachable${code ? ` (${code})` : ''}`);
    }
  }

  async function readProblem(res: Response): Promise<Problem | undefined> {
    try {
      const parsed = Problem.safeParse(await res.json());
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  async function request<S extends z.ZodType>(path: string, schema: S, req: RequestOptions = {}): Promise<z.output<S>> {
    const method = req.method ?? 'GET';
    const idempotent = method === 'GET' || req.idempotencyKey !== undefined;
    const url = `${base}${path}`;
    const headers: Record<string, string> = {
      ...options.headers,
      ...req.headers,
      authorization: `Bearer ${options.token}`,
      accept: 'application/json, application/problem+json',
    };
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    if (req.idempotencyKey) headers['idempotency-key'] = req.idempotencyKey;
    let payload: string | Buffer | undefined = req.body === undefined ? undefined : JSON.stringify(req.body);
    if (payload !== undefined && req.gzip) {
      payload = gzipSync(payload);
      headers['content-encoding'] = 'gzip';
    }
    const init: RequestInit = { method, headers, ...(payload === undefined ? {} : { body: payload }) };

    const timeoutMs = req.timeoutMs ?? options.timeoutMs;
    const deadline = req.signal ? AbortSignal.any([AbortSignal.timeout(timeoutMs), req.signal]) : AbortSignal.timeout(timeoutMs);
    const maxAttempts = idempotent ? 1 + (req.retries ?? options.retries) : 1;
    const end = options.priority?.begin();
    try {
      return await attempts(maxAttempts, url, init, deadline, schema, method, path, timeoutMs, req.fetch);
    } finally {
      end?.();
    }
  }

  async function attempts<S extends z.ZodType>(
    maxAttempts: number,
    url: string,
    init: RequestInit,
    deadline: AbortSignal,
    schema: S,
    method: string,
    path: string,
    timeoutMs: number,
    via?: RequestOptions['fetch'],
  ): Promise<z.output<S>> {
    let lastError: ApiError | undefined;
    for (let n = 0; n < maxAttempts; n++) {
      if (n > 0) {
        const wait = fullJitterDelay(n - 1, backoff, random);
        const slept = await sleepUnlessAborted(wait, deadline);
        if (!slept) break;
      }
      try {
        const res = await attempt(url, init, deadline, via);
        const value = await interpret(res, schema, method, path);
        options.onReachability?.(true);
        return value;
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        lastError = err;
        const retryable = err.kind === 'offline' || err.kind === 'server_error';
        if (err.kind !== 'offline' && err.kind !== 'timeout') options.onReachability?.(true);
        if (!retryable || deadline.aborted) break;
        log.info('api', `${method} ${path}: ${err.message}; attempt ${n + 1} of ${maxAttempts}`);
      }
    }
    const error =
      deadline.aborted && lastError?.kind !== 'not_found' && lastError?.kind !== 'rejected'
        ? new ApiError('timeout', `no answer within ${timeoutMs} ms`)
        : (lastError ?? new ApiError('timeout', `no answer within ${timeoutMs} ms`));
    if (error.kind === 'offline' || error.kind === 'timeout') options.onReachability?.(false);
    log.warn('api', `${method} ${path} failed: ${error.kind}: ${error.message}`);
    throw error;
  }

  async function interpret<S extends z.ZodType>(res: Response, schema: S, method: string, path: string): Promise<z.output<S>> {
    if (res.ok) {
      let body: unknown = null;
      try {
        // 204 No Content (e.g. the queue's call-next when nobody waits) is a null body.
        if (res.status !== 204) body = await res.json();
      } catch {
        throw new ApiError('server_error', `${method} ${path}: answer is not JSON`, res.status);
      }
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        throw new ApiError(
          'server_error',
          `${method} ${path}: answer does not match the contract (${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'})`,
          res.status,
        );
      }
      return parsed.data;
    }
    const problem = await readProblem(res);
    const what = problem ? `${problem.title}${problem.detail ? `: ${problem.detail}` : ''}` : res.statusText;
    if (res.status === 404) throw new ApiError('not_found', `${res.status} ${what}`, res.status, problem);
    if (res.status >= 500) throw new ApiError('server_error', `${res.status} ${what}`, res.status, problem);
    throw new ApiError('rejected', `${res.status} ${what}`, res.status, problem);
  }

  return {
    request,
    sectors: () => request('/api/v1/sectors', SectorList),
    procedures: (query) => {
      const q = ProcedureQuery.parse(query);
      const params = new URLSearchParams();
      if (q.q) params.set('q', q.q);
      if (q.sector) params.set('sector', q.sector);
      params.set('page', String(q.page));
      params.set('pageSize', String(q.pageSize));
      return request(`/api/v1/procedures?${params}`, ProcedurePage);
    },
    procedure: (code) => request(`/api/v1/procedures/${encodeURIComponent(code)}`, Procedure),
    dossier: (dossierCode, opts = {}) =>
      request(`/api/v1/dossiers/${encodeURIComponent(dossierCode)}`, Dossier, opts.applicantId ? { headers: { [APPLICANT_ID_HEADER]: opts.applicantId } } : {}),
    announcements: () => request('/api/v1/announcements', AnnouncementList),
  };
}

/** Resolves true after `ms`, or false at once if `signal` aborts first. */
function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
