/**
 * Helpers of the queue's tests (issue 13): raw HTTP calls to a sandbox (the tests look at
 * statuses, problem types and headers, so they do not go through the typed client), an
 * Idempotency-Key per call, and a settable clock for the sandbox's `now`.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';

export const QUEUE_TOKEN = 'queue-test-token';

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

export function http(baseUrl: string, token = QUEUE_TOKEN) {
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
    const init: RequestInit = {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    };
    let res: Response | undefined;
    // Kept-alive connections to a sandbox that a test restarted on the same port fail once each: retry.
    for (let attempt = 0; !res; attempt++) {
      try {
        res = await fetch(`${baseUrl}${path}`, init);
      } catch (err) {
        if (attempt >= 5) throw err;
      }
    }
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  };
  return {
    get: (path: string, headers?: Record<string, string>) => call('GET', path, undefined, headers),
    post: (path: string, body: unknown = {}, headers?: Record<string, string>) => call('POST', path, body, headers),
    /** `POST /api/v1/queue/tickets` with a fresh key (or `key`) and a kiosk id. */
    issue: (body: Record<string, unknown>, opts: { key?: string; kiosk?: string } = {}) =>
      call('POST', '/api/v1/queue/tickets', body, { 'idempotency-key': opts.key ?? randomUUID(), 'x-kiosk-id': opts.kiosk ?? 'KIOSK-T1' }),
    /** An officer's action at counter `n`. */
    counter: (n: number, action: string, body: unknown = {}, headers: Record<string, string> = {}) =>
      call('POST', `/api/v1/queue/counters/${n}/${action}`, body, headers),
  };
}

/** Asserts a problem answer: status and the problem type's last segment. */
export function expectProblem(a: Answer, status: number, slug: string): void {
  expect(a.status, JSON.stringify(a.body)).toBe(status);
  expect(a.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(String(a.body.type).split('/').at(-1)).toBe(slug);
  expect(typeof a.body.detail).toBe('string');
  expect(a.body.detail.length).toBeGreaterThan(10);
}

/** A clock the sandbox reads through `now`; tests move it. */
export function clock(iso: string) {
  let t = new Date(iso).getTime();
  return {
    now: () => new Date(t),
    set: (s: string) => {
      t = new Date(s).getTime();
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
}
