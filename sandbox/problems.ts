/**
 * RFC 9457 problem details as the sandbox answers every error.
 */
import type { Problem } from '../main/api/schemas';
import { QUEUE_PROBLEM_TITLES } from './queue/problems'; // queue (issue 13)

/** Base of every problem `type` URI; the last path segment names the problem. */
export const PROBLEM_BASE = 'https://kiosk-sandbox.invalid/problems/';

export const PROBLEM_TITLES = {
  unauthorized: 'Missing or invalid bearer token',
  'not-found': 'No such resource',
  'procedure-not-found': 'Unknown procedure',
  'dossier-not-found': 'Unknown dossier',
  'method-not-allowed': 'Method not allowed',
  'invalid-query': 'Invalid query parameters',
  'invalid-path': 'Invalid request path',
  'invalid-dossier-code': 'Malformed dossier code',
  'service-unavailable': 'Service temporarily unavailable',
  'internal-error': 'Internal server error',
  'form-not-found': 'No online form',
  'invalid-body': 'Malformed request body',
  'invalid-submission': 'Submission does not fit the form',
  'idempotency-key-missing': 'Idempotency-Key header required',
  'idempotency-key-reused': 'Idempotency-Key reused with a different body',
  'unsupported-encoding': 'Content-Encoding not accepted',
  'request-in-progress': 'A request with this Idempotency-Key is still in progress',
  'payload-too-large': 'Payload too large',
  'applicant-id-required': "The applicant's ID number is required",
  'invalid-applicant-id': 'Malformed applicant ID number',
  // Payments (issue 12)
  'payment-not-found': 'Unknown payment',
  'dossier-already-paid': 'The dossier is already paid',
  'no-fees-due': 'The dossier has no fees to pay',
  'payment-not-pending': 'The payment is no longer pending',
  'admin-token-required': 'The sandbox admin token is required',
  // Ratings and the survey (issue 13 item 5)
  'already-rated': 'Already rated',
  'reason-required': 'A reason is required for "not satisfied"',
  'invalid-rating': 'A rating names a dossier or a ticket',
  'invalid-survey': 'Survey answers do not fit the served survey',
  'ticket-not-served': 'The ticket has not been served to the end',
  // Queue and appointments (issue 13): sandbox/queue/problems.ts
  ...QUEUE_PROBLEM_TITLES,
} as const;

export type ProblemSlug = keyof typeof PROBLEM_TITLES;

/** Thrown by handlers; the server turns it into a problem+json answer. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: ProblemSlug,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
    readonly errors?: { pointer: string; detail: string }[],
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

export function problemBody(status: number, slug: ProblemSlug, detail: string, instance: string, errors?: { pointer: string; detail: string }[]): Problem {
  const p: Problem = { type: `${PROBLEM_BASE}${slug}`, title: PROBLEM_TITLES[slug], status, detail, instance };
  if (errors && errors.length) p.errors = errors;
  return p;
}

/** Something with zod's `safeParse` (any schema of ours). */
interface Parses<T> {
  safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

/**
 * A route's JSON body checked against its schema: 400 `invalid-body` when it is not JSON, or with
 * one `errors` entry (JSON pointer and message) per field that does not fit.
 */
export function parseJsonBody<T>(body: Buffer | undefined, schema: Parses<T>): T {
  let json: unknown;
  try {
    json = JSON.parse((body ?? Buffer.alloc(0)).toString('utf8'));
  } catch {
    throw new HttpProblem(400, 'invalid-body', 'The body must be JSON (application/json, UTF-8).');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ pointer: `#/${i.path.map(String).join('/')}`, detail: i.message }));
    throw new HttpProblem(400, 'invalid-body', errors.map((e) => `${e.pointer}: ${e.detail}`).join('; '), {}, errors);
  }
  return parsed.data;
}
