/**
 * The sandbox's routes: one table with each route's handler and its OpenAPI description, so the
 * document at /openapi.json can never miss a route the server answers.
 */
import type { ProcedureSearch } from './store';
import { decodeBase64 } from '../common/base64';
import { HealthWithCapabilities } from '../main/api/uploads';
import { z } from 'zod';
import { createHash } from 'node:crypto';
import {
  AnnouncementList,
  DossierReceipt,
  DossierSubmission,
  DossierSubmissionAccepted,
  FormSchema,
  validateAttachments,
  validateFields,
  Dossier,
  Procedure,
  ProcedurePage,
  ProcedureQuery,
  SectorList,
} from '../main/api/schemas';
import { normalizeDossierCode } from '../common/dossier-code';
import { isOverdue } from '../common/dossier-state';
import { vnDate, vnIso, vnYyMMdd } from '../common/vietnam-time';
import { addWorkingDays } from './dates';
import { formFor } from './forms';
import { buildOpenApi } from './openapi';
import { HttpProblem } from './problems';
import { AGENCIES } from './seed';
import type { DossierRecord, SandboxStore } from './store';
import { maskApplicantName } from './text';
// Payments (issue 12)
import { PAYMENT_ROUTES, type PaymentSettings } from './payments';
import { Payment, PaymentRequest, PaymentSimulation } from '../main/api/schemas';
// Ratings and the survey (issue 13 item 5)
import { RATING_ROUTES, RATING_SCHEMAS, type RatingLookups } from './ratings';
// Queue and appointments (issue 13)
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { UPLOADS_PATH, type Uploads } from './uploads'; // uploads (issue 15)
import { QUEUE_ROUTES, QUEUE_SCHEMAS, type QueueRuntime } from './queue/routes';

export interface RouteContext {
  store: SandboxStore;
  now: () => Date;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The server's own base URL (for the OpenAPI `servers` entry). */
  baseUrl: string;
  /** The request body (POST routes). */
  body?: Buffer;
  /** The request's Idempotency-Key (routes with `idempotent`). */
  idempotencyKey?: string;
  /** The setting `requireApplicantId`: a lookup needs the applicant's ID number (`X-Applicant-Id`). */
  requireApplicantId?: boolean;
  /** The request's `X-Applicant-Id` header (never logged). */
  applicantId?: string;
  // Payments (issue 12): the sandbox admin token was sent (simulate), and the payment settings.
  sandboxAdmin?: boolean;
  payments?: PaymentSettings;
  // Ratings (issue 13): where a rating's counter and officer come from (default: sandbox/ratings.ts).
  ratingLookups?: RatingLookups;
  // Queue (issue 13): the server's queue (sandbox/queue/) and the request's headers (X-Kiosk-Id, X-Officer-Id, Last-Event-ID).
  queue?: QueueRuntime;
  headers?: IncomingHttpHeaders;
  // Uploads (issue 15): completed tus uploads a dossier may reference (sandbox/uploads.ts).
  uploads?: Uploads;
}

/** The header that carries the applicant's ID number on a lookup (never in the URL, which is logged). */
export const APPLICANT_ID_HEADER = 'X-Applicant-Id';

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface ParameterDoc {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description: string;
  schema: Record<string, unknown>;
  example?: unknown;
}

export interface RouteDef {
  method: 'GET' | 'POST';
  /** Status of the success answer (default 200). */
  successStatus?: number;
  /** POST: the body schema (name in `SCHEMAS`) and a real example the route accepts as it stands. */
  requestBody?: { schema: string; description: string; example(ctx: Omit<RouteContext, 'params' | 'query'>): unknown };
  /**
   * Requires an `Idempotency-Key` header: the server replays the first answer for the same key
   * and body (kept `idempotencyRetentionDays`), answers 422 for the same key with another body
   * and 409 while the first request is still in progress.
   */
  idempotent?: boolean | 'optional';
  /** Queue (issue 13): a streaming route (SSE) answers through `res` itself instead of `handle`. */
  stream?(ctx: RouteContext, req: IncomingMessage, res: ServerResponse): void;
  /** Content type of the success answer in the document (default application/json). */
  responseContentType?: string;
  /** OpenAPI path template, e.g. `/api/v1/procedures/{code}`. */
  path: string;
  auth: boolean;
  operationId: string;
  summary: string;
  description: string;
  tag: string;
  parameters: ParameterDoc[];
  /** Name of the response body schema in `SCHEMAS`. */
  responseSchema: string;
  /** Problem statuses this route may answer besides the common ones. */
  problems: number[];
  /** Headers of the success response, for the document. */
  responseHeaders?: Record<string, { description: string; schema: Record<string, unknown> }>;
  handle(ctx: RouteContext): Reply;
  /** A real example of the success body, produced by the handler from the seed. */
  example(ctx: Omit<RouteContext, 'params' | 'query'>): unknown;
}

/** Body of `GET /healthz`. */
export const Health = HealthWithCapabilities;
/** Body of the tus creation answer (issue 15): empty; the upload's URL is in `Location`. */
export const UploadCreated = z.object({});
/** What `GET /openapi.json` promises about itself. */
export const OpenApiDocument = z
  .object({
    openapi: z.string().regex(/^3\.1\./),
    info: z.object({ title: z.string(), version: z.string() }).passthrough(),
    paths: z.record(z.string(), z.unknown()),
  })
  .passthrough();

/** Every response body schema the document names, by component name. */
export const SCHEMAS = {
  FormSchema,
  DossierSubmission: DossierSubmissionAccepted,
  DossierReceipt,
  SectorList,
  ProcedurePage,
  Procedure,
  Dossier,
  AnnouncementList,
  Health,
  UploadCreated,
  OpenApiDocument,
  // Payments (issue 12)
  Payment,
  PaymentRequest,
  PaymentSimulation,
  // Ratings and the survey (issue 13 item 5)
  ...RATING_SCHEMAS,
  // Queue and appointments (issue 13)
  ...QUEUE_SCHEMAS,
} as const;

// ------------------------------------------------------------------------------------------------

function queryParam(query: URLSearchParams, name: string, errors: { pointer: string; detail: string }[]): string | undefined {
  const all = query.getAll(name);
  if (all.length > 1) {
    errors.push({ pointer: `#/${name}`, detail: `${name} must be given at most once` });
    return undefined;
  }
  return all[0];
}

function intParam(raw: string | undefined, name: string, errors: { pointer: string; detail: string }[]): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^[0-9]{1,6}$/.test(raw)) {
    errors.push({ pointer: `#/${name}`, detail: `${name} must be a positive integer` });
    return undefined;
  }
  return Number(raw);
}

function parseProcedureQuery(query: URLSearchParams): ProcedureSearch {
  const errors: { pointer: string; detail: string }[] = [];
  const q = queryParam(query, 'q', errors);
  const sector = queryParam(query, 'sector', errors);
  const page = intParam(queryParam(query, 'page', errors), 'page', errors);
  const pageSize = intParam(queryParam(query, 'pageSize', errors), 'pageSize', errors);
  if (errors.length === 0) {
    const parsed = ProcedureQuery.safeParse({
      q: q?.normalize('NFC') || undefined,
      sector: sector || undefined,
      page,
      pageSize,
    });
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'query');
      const limits = field === 'page' ? 'between 1 and 10000' : field === 'pageSize' ? 'between 1 and 100' : 'shorter';
      errors.push({ pointer: `#/${field}`, detail: `${field} must be ${limits}` });
    }
  }
  throw new HttpProblem(400, 'invalid-query', errors.map((e) => e.detail).join('; '), {}, errors);
}

/** Working days a resident has to supplement a dossier (the sandbox's rule; real backends send their own date). */
export const SUPPLEMENT_WORKING_DAYS = 15;

/** A dossier as served on lookup: overdue computed now, applicant name masked. */
export function serveDossier(d: DossierRecord, now: Date): Dossier {
  const out: Dossier = {
    dossierCode: d.dossierCode,
    state: d.state,
    stateHistory: d.stateHistory,
    procedure: { code: d.procedureCode, name: d.procedureName },
    agency: { name: d.agencyName, level: d.agencyLevel },
    channel: d.channel,
    receivedAt: d.receivedAt,
    dueDate: d.dueDate,
    overdue: isOverdue(d.dueDate, d.state, now),
    feesDue: d.feesDue,
    applicantName: maskApplicantName(d.applicantName),
  };
  if (d.supplementNote !== undefined) out.supplementNote = d.supplementNote;
  if (d.state === 'needs_supplement') {
    // The sandbox's rule: the supplement is expected within SUPPLEMENT_WORKING_DAYS of the request.
    const asked = [...d.stateHistory].reverse().find((h) => h.state === 'needs_supplement');
    if (asked) out.supplementDueDate = vnDate(addWorkingDays(new Date(asked.at), SUPPLEMENT_WORKING_DAYS));
  }
  return out;
}

function lookupDossier(
  store: SandboxStore,
  raw: string,
  now: Date,
  who: { requireApplicantId?: boolean | undefined; applicantId?: string | undefined } = {},
): Dossier {
  const code = normalizeDossierCode(raw);
  if (!code) {
    throw new HttpProblem(
      400,
      'invalid-dossier-code',
      'A dossier code looks like 000.00.12.H56-260314-0042: agency id, received date (yyMMdd) and a 4-digit number.',
    );
  }
  if (who.requireApplicantId) {
    // Asked before the dossier is looked for: the answer never tells whether a code exists.
    if (who.applicantId === undefined) {
      throw new HttpProblem(403, 'applicant-id-required', `Send the applicant's 12-digit personal ID number in the ${APPLICANT_ID_HEADER} header.`);
    }
    if (!/^\d{12}$/.test(who.applicantId)) throw new HttpProblem(400, 'invalid-applicant-id', 'The applicant ID number has exactly 12 digits.');
  }
  const d = store.dossier(code);
  if (!d) throw new HttpProblem(404, 'dossier-not-found', `No dossier has the code ${code}.`);
  if (who.requireApplicantId) {
    // A submitted dossier knows its applicant: another ID finds nothing. The seed's demo dossiers
    // carry no ID number, so any well-formed one opens them.
    const owner = store.submissionApplicantId(code);
    if (owner !== null && owner !== who.applicantId) throw new HttpProblem(404, 'dossier-not-found', `No dossier has the code ${code}.`);
  }
  return serveDossier(d, now);
}

function exampleDossierCode(store: SandboxStore): string {
  const all = store.dossiers();
  const pick = all.find((d) => d.state === 'needs_supplement') ?? all[0];
  if (!pick) throw new Error('the sandbox has no dossiers to use as an example');
  return pick.dossierCode;
}

function procedureForm(store: SandboxStore, code: string): FormSchema {
  const p = store.procedure(code);
  if (!p) throw new HttpProblem(404, 'procedure-not-found', `No procedure has the code ${code}.`);
  const form = formFor(p);
  if (!form) throw new HttpProblem(404, 'form-not-found', `Procedure ${code} (${p.name}) cannot be submitted online.`);
  return form;
}

/** A tiny valid PDF, as an attachment example. */
const EXAMPLE_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
).toString('base64');

export const EXAMPLE_SUBMISSION: DossierSubmission = {
  procedureCode: '1.001193',
  applicant: {
    fullName: 'Nguyễn Văn An',
    personalId: '079090001234',
    birthDate: '1990-05-12',
    phone: '0901234567',
    address: 'Số 12 đường Lê Lợi, phường Bến Thành, Thành phố Hồ Chí Minh',
  },
  fields: {
    hoTenNguoiDuocKhaiSinh: 'Nguyễn Minh Khang',
    ngaySinh: '2025-10-02',
    gioiTinh: 'Nam',
    noiSinh: 'Bệnh viện Từ Dũ, Thành phố Hồ Chí Minh',
    quanHe: 'cha',
    soDienThoai: '0901234567',
  },
  attachments: [{ name: 'giay-chung-sinh.pdf', mime: 'application/pdf', contentBase64: EXAMPLE_PDF }],
  kioskRef: 'KIOSK.DEMO.01-251020-0001',
};

const PROVINCE_CENTER = { id: '000.00.01.H29', name: 'Trung tâm Phục vụ hành chính công Thành phố Hồ Chí Minh', level: 'province' as const };

/** The agency that receives an online dossier of a procedure. */
function receivingAgency(p: { agency: string; agencyLevel: 'province' | 'commune'; sectorCode: string }): {
  id: string;
  name: string;
  level: 'province' | 'commune';
} {
  if (p.agencyLevel === 'commune') return /Công an/i.test(p.agency) ? AGENCIES.congAnBenThanh : AGENCIES.ubndBenThanh;
  if (/Công an/i.test(p.agency)) return AGENCIES.congAnTp;
  if (p.sectorCode === 'dat-dai') return AGENCIES.vpdkdd;
  if (p.sectorCode === 'viec-lam') return AGENCIES.dvvl;
  return PROVINCE_CENTER;
}

function invalid(errors: { pointer: string; detail: string }[]): HttpProblem {
  return new HttpProblem(
    422,
    'invalid-submission',
    errors
      .slice(0, 5)
      .map((e) => `${e.pointer}: ${e.detail}`)
      .join('; '),
    {},
    errors,
  );
}

function submitDossier(ctx: RouteContext): Reply {
  const { store, now } = ctx;
  let json: unknown;
  try {
    json = JSON.parse((ctx.body ?? Buffer.alloc(0)).toString('utf8'));
  } catch {
    throw new HttpProblem(400, 'invalid-body', 'The body must be JSON (application/json, UTF-8).');
  }
  const parsed = DossierSubmissionAccepted.safeParse(json);
  if (!parsed.success) {
    throw invalid(parsed.error.issues.map((i) => ({ pointer: `#/${i.path.join('/')}`, detail: i.message })));
  }
  const sub = parsed.data;
  const proc = store.procedure(sub.procedureCode);
  if (!proc) throw invalid([{ pointer: '#/procedureCode', detail: `no procedure has the code ${sub.procedureCode}` }]);
  const form = formFor(proc);
  if (!form) throw invalid([{ pointer: '#/procedureCode', detail: `procedure ${proc.code} cannot be submitted online` }]);
  const files: { name: string; mime: string; size: number; sha256: string }[] = [];
  const errors: { pointer: string; detail: string }[] = [];
  sub.attachments.forEach((a, i) => {
    if ('uploadId' in a) {
      // Uploads (issue 15): a reference to a completed upload; the dossier never comes before its files.
      const r = ctx.uploads?.resolve(a.uploadId) ?? { state: 'missing' as const };
      const at = `#/attachments/${i}/uploadId`;
      if (r.state === 'missing') errors.push({ pointer: at, detail: `no upload ${a.uploadId} (never created, expired or removed)` });
      else if (r.state === 'incomplete')
        errors.push({ pointer: at, detail: `upload ${a.uploadId} is incomplete: ${r.offset} of ${r.size ?? '?'} bytes received` });
      else if (r.size !== a.size) errors.push({ pointer: `#/attachments/${i}/size`, detail: `the upload holds ${r.size} bytes, not ${a.size}` });
      else if (r.sha256 !== a.sha256) errors.push({ pointer: `#/attachments/${i}/sha256`, detail: "the upload's SHA-256 differs" });
      else files.push({ name: a.name, mime: a.mime, size: r.size, sha256: r.sha256 });
      return;
    }
    const bytes = decodeBase64(a.contentBase64);
    if (!bytes) errors.push({ pointer: `#/attachments/${i}/contentBase64`, detail: 'not valid base64' });
    else files.push({ name: a.name, mime: a.mime, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  });
  // A referenced upload that failed a check answers 422 even when the form's limits would also fail.
  if (errors.some((e) => /\/(uploadId|size|sha256)$/.test(e.pointer))) throw invalid(errors);
  const att = validateAttachments(form, files);
  if (att.tooLarge.length) {
    throw new HttpProblem(
      413,
      'payload-too-large',
      att.tooLarge.map((p) => `${p.key}: ${p.message}`).join('; '),
      {},
      att.tooLarge.map((p) => ({ pointer: `#/${p.key}`, detail: p.message })),
    );
  }
  for (const p of [...validateFields(form, sub.fields), ...att.invalid]) {
    errors.push({ pointer: p.key.startsWith('attachments') ? `#/${p.key}` : `#/fields/${p.key}`, detail: p.message });
  }
  if (errors.length) throw invalid(errors);

  const t = now();
  const agency = receivingAgency(proc);
  const prefix = `${agency.id}-${vnYyMMdd(t)}-`;
  const n = store.nextDossierNumber(prefix);
  if (n > 9999) throw new HttpProblem(503, 'service-unavailable', 'No dossier number left for today at this agency.');
  const dossierCode = `${prefix}${String(n).padStart(4, '0')}`;
  const receivedAt = vnIso(t);
  const dueDate = vnDate(addWorkingDays(t, proc.processingDays));
  store.insertDossier({
    dossierCode,
    procedureCode: proc.code,
    procedureName: proc.name,
    agencyName: agency.name,
    agencyLevel: agency.level,
    channel: 'online',
    state: 'received',
    stateHistory: [{ state: 'received', at: receivedAt, note: 'Tiếp nhận hồ sơ trực tuyến qua ki-ốt dịch vụ công.' }],
    receivedAt,
    dueDate,
    feesDue: proc.fees.filter((f) => f.mode === 'pay_on_result').reduce((s, f) => s + f.amount, 0),
    applicantName: sub.applicant.fullName.normalize('NFC'),
  });
  const { attachments: _content, ...rest } = sub;
  store.insertSubmission({
    dossierCode,
    idempotencyKey: ctx.idempotencyKey ?? '',
    kioskRef: sub.kioskRef,
    body: rest,
    attachments: files,
    createdAt: t.toISOString(),
  });
  const receipt: DossierReceipt = {
    dossierCode,
    procedure: { code: proc.code, name: proc.name },
    agency: { name: agency.name, level: agency.level },
    receivedAt,
    dueDate,
    state: 'received',
  };
  return { status: 201, body: receipt, headers: { Location: `/api/v1/dossiers/${dossierCode}` } };
}

/** The receipt the example submission would get now (not stored). */
function exampleReceipt(store: SandboxStore, t: Date): DossierReceipt {
  const proc = store.procedure(EXAMPLE_SUBMISSION.procedureCode);
  if (!proc) throw new Error('the example procedure is missing from the seed');
  const agency = receivingAgency(proc);
  return {
    dossierCode: `${agency.id}-${vnYyMMdd(t)}-0001`,
    procedure: { code: proc.code, name: proc.name },
    agency: { name: agency.name, level: agency.level },
    receivedAt: vnIso(t),
    dueDate: vnDate(addWorkingDays(t, proc.processingDays)),
    state: 'received',
  };
}

const SECTOR_EXAMPLE = 'ho-tich';
const PROCEDURE_EXAMPLE = '1.001193';

export const ROUTES: readonly RouteDef[] = [
  {
    method: 'GET',
    path: '/api/v1/sectors',
    auth: true,
    operationId: 'listSectors',
    summary: 'List sectors (lĩnh vực)',
    description: 'Every sector with the number of procedures it holds, in display order.',
    tag: 'procedures',
    parameters: [],
    responseSchema: 'SectorList',
    problems: [],
    handle: ({ store }) => ({ status: 200, body: { items: store.sectors() } }),
    example: ({ store }) => ({ items: store.sectors() }),
  },
  {
    method: 'GET',
    path: '/api/v1/procedures',
    auth: true,
    operationId: 'searchProcedures',
    summary: 'Search administrative procedures',
    description:
      '`q` matches the procedure name or code, ignoring case and Vietnamese diacritics (every word must match). `sector` filters by sector code. Results are paged.',
    tag: 'procedures',
    parameters: [
      {
        name: 'q',
        in: 'query',
        required: false,
        description: 'Words to find in the name or code.',
        schema: { type: 'string', maxLength: 200 },
        example: 'khai sinh',
      },
      { name: 'sector', in: 'query', required: false, description: 'Sector code.', schema: { type: 'string', maxLength: 64 }, example: SECTOR_EXAMPLE },
      { name: 'page', in: 'query', required: false, description: 'Page number, from 1.', schema: { type: 'integer', minimum: 1, maximum: 10000, default: 1 } },
      { name: 'pageSize', in: 'query', required: false, description: 'Items per page.', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
    ],
    responseSchema: 'ProcedurePage',
    problems: [400],
    handle: ({ store, query }) => {
      const q = parseProcedureQuery(query);
      const { items, total } = store.searchProcedures(q);
      return { status: 200, body: { items, page: q.page, pageSize: q.pageSize, total } };
    },
    example: ({ store }) => {
      const q = { q: 'khai sinh', page: 1, pageSize: 20 };
      const { items, total } = store.searchProcedures(q);
      return { items, page: q.page, pageSize: q.pageSize, total };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/procedures/{code}',
    auth: true,
    operationId: 'getProcedure',
    summary: 'Get one procedure',
    description: 'The full published procedure: agency, steps, required documents, fees, legal basis.',
    tag: 'procedures',
    parameters: [{ name: 'code', in: 'path', required: true, description: 'National procedure code.', schema: { type: 'string' }, example: PROCEDURE_EXAMPLE }],
    responseSchema: 'Procedure',
    problems: [404],
    handle: ({ store, params }) => {
      const p = store.procedure(params.code ?? '');
      if (!p) throw new HttpProblem(404, 'procedure-not-found', `No procedure has the code ${params.code}.`);
      return { status: 200, body: p };
    },
    example: ({ store }) => store.procedure(PROCEDURE_EXAMPLE),
  },
  {
    method: 'GET',
    path: '/api/v1/procedures/{code}/form',
    auth: true,
    operationId: 'getProcedureForm',
    summary: 'Get the online form of a procedure',
    description:
      'The fields the online submission asks for (type, Vietnamese label, required, limits) and the limits on attachments. Procedures that cannot be submitted online have no form (404).',
    tag: 'procedures',
    parameters: [{ name: 'code', in: 'path', required: true, description: 'National procedure code.', schema: { type: 'string' }, example: PROCEDURE_EXAMPLE }],
    responseSchema: 'FormSchema',
    problems: [404],
    handle: ({ store, params }) => ({ status: 200, body: procedureForm(store, params.code ?? '') }),
    example: ({ store }) => procedureForm(store, PROCEDURE_EXAMPLE),
  },
  {
    method: 'POST',
    path: '/api/v1/dossiers',
    auth: true,
    operationId: 'submitDossier',
    summary: 'Submit a dossier (nộp hồ sơ)',
    description:
      "Creates a dossier from an online submission: applicant, procedure, field values checked against the procedure's form, attachments as base64. Answers 201 with the dossier code, the time received and the due date; the dossier is then found by `GET /api/v1/dossiers/{dossierCode}`. Requires `Idempotency-Key` (400 without): the same key with the same body replays the first answer (same status and body, header `Idempotent-Replayed: true`), the same key with a different body is 422, a request with the same key still in progress is 409. Keys are kept 30 days. Attachments over the form's limits are 413.",
    tag: 'dossiers',
    parameters: [
      {
        name: 'Idempotency-Key',
        in: 'header',
        required: true,
        description: 'A unique key per submission (a UUID), reused on every retry.',
        schema: { type: 'string', minLength: 1, maxLength: 255 },
        example: '3f1c9a52-7d4e-4b8a-9c61-2e5f0b7d8a14',
      },
    ],
    requestBody: {
      schema: 'DossierSubmission',
      description: 'The submission.',
      example: () => EXAMPLE_SUBMISSION,
    },
    idempotent: true,
    successStatus: 201,
    responseSchema: 'DossierReceipt',
    problems: [400, 409, 413, 422],
    responseHeaders: { Location: { description: 'The new dossier.', schema: { type: 'string' } } },
    handle: (ctx) => submitDossier(ctx),
    example: ({ store, now }) => exampleReceipt(store, now()),
  },
  {
    method: 'GET',
    path: '/api/v1/dossiers/{dossierCode}',
    auth: true,
    operationId: 'lookupDossier',
    summary: 'Look up a dossier (tra cứu hồ sơ)',
    description:
      'The code is accepted in lower case and with spaces around the dashes. The applicant name is masked ("Nguyễn V** A*"); no ID number is ever returned. `overdue` is true when the due date is before today (Asia/Ho_Chi_Minh) and the dossier is not finished. With the setting `requireApplicantId` the applicant\'s 12-digit ID number must come in the `X-Applicant-Id` header: without it the answer is 403 `applicant-id-required` (whether or not the code exists), malformed 400 `invalid-applicant-id`, and an ID that is not the applicant\'s of a submitted dossier 404.',
    tag: 'dossiers',
    parameters: [
      {
        name: 'dossierCode',
        in: 'path',
        required: true,
        description: 'Dossier code `<agency id>-<yyMMdd>-<NNNN>`.',
        schema: { type: 'string', maxLength: 120 },
      },
      {
        name: APPLICANT_ID_HEADER,
        in: 'header',
        required: false,
        description: "The applicant's 12-digit personal ID number; required when the server runs with `requireApplicantId`.",
        schema: { type: 'string', pattern: '^[0-9]{12}$' },
      },
    ],
    responseSchema: 'Dossier',
    problems: [400, 403, 404],
    responseHeaders: { 'Cache-Control': { description: 'Always `no-store`.', schema: { type: 'string', const: 'no-store' } } },
    handle: ({ store, params, now, requireApplicantId, applicantId }) => ({
      status: 200,
      body: lookupDossier(store, params.dossierCode ?? '', now(), { requireApplicantId, applicantId }),
      headers: { 'Cache-Control': 'no-store' },
    }),
    example: ({ store, now }) => lookupDossier(store, exampleDossierCode(store), now()),
  },
  {
    method: 'GET',
    path: '/api/v1/announcements',
    auth: true,
    operationId: 'listAnnouncements',
    summary: 'List current announcements',
    description: 'Announcements already published and still valid today, newest first.',
    tag: 'announcements',
    parameters: [],
    responseSchema: 'AnnouncementList',
    problems: [],
    handle: ({ store, now }) => ({ status: 200, body: { items: store.announcements(vnIso(now()), vnDate(now())) } }),
    example: ({ store, now }) => ({ items: store.announcements(vnIso(now()), vnDate(now())) }),
  },
  // Payments (issue 12): sandbox/payments.ts
  ...PAYMENT_ROUTES,
  // Ratings and the survey (issue 13 item 5): sandbox/ratings.ts
  ...RATING_ROUTES,
  // Queue and appointments (issue 13): sandbox/queue/routes.ts
  ...QUEUE_ROUTES,
  // Uploads (issue 15): served by @tus/server (sandbox/uploads.ts); server.ts hands every method
  // on this path and below to it after the token check. This entry documents it.
  {
    method: 'POST',
    path: UPLOADS_PATH,
    auth: true,
    successStatus: 201,
    operationId: 'createUpload',
    summary: 'Resumable upload (tus 1.0)',
    description:
      "Creates a resumable upload by the tus 1.0 protocol (https://tus.io/protocols/resumable-upload; extensions creation, creation-with-upload, termination, expiration). Send `Tus-Resumable: 1.0.0` and `Upload-Length`; the answer's `Location` is the upload's URL. Then `PATCH` it with `Content-Type: application/offset+octet-stream` and `Upload-Offset` (the bytes from that offset), and `HEAD` it to learn the offset the server has after an interruption. At most `capabilities.uploads.maxBytes` per upload (413 beyond); an unfinished upload expires (410) after 24 hours. A dossier then references the completed upload in `attachments` as `{uploadId, name, mime, size, sha256}` (422 when the upload is incomplete, missing, or its size or SHA-256 differ). See docs/uploads.md.",
    tag: 'dossiers',
    parameters: [],
    responseSchema: 'UploadCreated',
    problems: [413],
    responseHeaders: {
      Location: { description: "The upload's URL (relative), for PATCH and HEAD.", schema: { type: 'string' } },
      'Tus-Resumable': { description: '1.0.0', schema: { type: 'string' } },
    },
    stream: (ctx, req, res) => {
      if (ctx.uploads) void ctx.uploads.handle(req, res);
      else res.writeHead(404, { 'content-type': 'application/problem+json; charset=utf-8' }).end(JSON.stringify({ title: 'Not found', status: 404 }));
    },
    handle: () => ({ status: 201, body: {} }),
    example: () => ({}),
  },
  {
    method: 'GET',
    path: '/healthz',
    auth: false,
    operationId: 'health',
    summary: 'Liveness check',
    description:
      'Answers `{"status":"ok"}` when the server and its database respond. No token needed. `capabilities` says what the server accepts beyond the base API (issue 15, docs/uploads.md): `uploads` (tus 1.0 resumable uploads at `path`, at most `maxBytes` each, referenced by a dossier\'s attachments as `{uploadId, name, mime, size, sha256}`) , `requestEncodings` (`Content-Encoding`s accepted on JSON request bodies: `gzip`) and `http2` (HTTP/2 on the same port, by prior knowledge over http or ALPN over https). A server without `capabilities` takes attachments as base64 and uncompressed bodies.',
    tag: 'meta',
    parameters: [],
    responseSchema: 'Health',
    problems: [],
    handle: ({ store, uploads }) => {
      store.db.prepare('SELECT 1').get();
      // No uploads in the context: the sandbox plays a backend from before issue 15 (`legacy`).
      if (!uploads) return { status: 200, body: { status: 'ok' } };
      const capabilities = {
        uploads: { protocol: 'tus', version: '1.0.0', path: UPLOADS_PATH, maxBytes: uploads.settings.maxBytes },
        requestEncodings: ['gzip'],
        http2: true,
      };
      return { status: 200, body: { status: 'ok', capabilities } };
    },
    example: () => ({ status: 'ok' }),
  },
  {
    method: 'GET',
    path: '/openapi.json',
    auth: false,
    operationId: 'openapi',
    summary: 'This document',
    description: 'The OpenAPI 3.1 description of the sandbox, with examples taken from its data. No token needed.',
    tag: 'meta',
    parameters: [],
    responseSchema: 'OpenApiDocument',
    problems: [],
    handle: (ctx) => ({ status: 200, body: buildOpenApi(ROUTES, SCHEMAS, ctx) }),
    example: () => ({ openapi: '3.1.0', info: { title: 'Kiosk public-service API (sandbox)', version: '1.0.0' }, paths: {} }),
  },
];
