/**
 * The sandbox's routes: one table with each route's handler and its OpenAPI description, so the
 * document at /openapi.json can never miss a route the server answers.
 */
import { z } from 'zod';
import {
  AnnouncementList,
  Dossier,
  Procedure,
  ProcedurePage,
  ProcedureQuery,
  SectorList,
  normalizeDossierCode,
} from '../main/api/schemas';
import { vnDate, vnIso } from './dates';
import { buildOpenApi } from './openapi';
import { HttpProblem } from './problems';
import { isOverdue } from './seed';
import type { DossierRecord, SandboxStore } from './store';
import { maskApplicantName } from './text';

export interface RouteContext {
  store: SandboxStore;
  now: () => Date;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The server's own base URL (for the OpenAPI `servers` entry). */
  baseUrl: string;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface ParameterDoc {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description: string;
  schema: Record<string, unknown>;
  example?: unknown;
}

export interface RouteDef {
  method: 'GET';
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
export const Health = z.object({ status: z.literal('ok') });
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
  SectorList,
  ProcedurePage,
  Procedure,
  Dossier,
  AnnouncementList,
  Health,
  OpenApiDocument,
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

function parseProcedureQuery(query: URLSearchParams): { q?: string; sector?: string; page: number; pageSize: number } {
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
  return out;
}

function lookupDossier(store: SandboxStore, raw: string, now: Date): Dossier {
  const code = normalizeDossierCode(raw);
  if (!code) {
    throw new HttpProblem(400, 'invalid-dossier-code', 'A dossier code looks like 000.00.12.H56-260314-0042: agency id, received date (yyMMdd) and a 4-digit number.');
  }
  const d = store.dossier(code);
  if (!d) throw new HttpProblem(404, 'dossier-not-found', `No dossier has the code ${code}.`);
  return serveDossier(d, now);
}

function exampleDossierCode(store: SandboxStore): string {
  const all = store.dossiers();
  const pick = all.find((d) => d.state === 'needs_supplement') ?? all[0];
  if (!pick) throw new Error('the sandbox has no dossiers to use as an example');
  return pick.dossierCode;
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
      { name: 'q', in: 'query', required: false, description: 'Words to find in the name or code.', schema: { type: 'string', maxLength: 200 }, example: 'khai sinh' },
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
    path: '/api/v1/dossiers/{dossierCode}',
    auth: true,
    operationId: 'lookupDossier',
    summary: 'Look up a dossier (tra cứu hồ sơ)',
    description:
      'The code is accepted in lower case and with spaces around the dashes. The applicant name is masked ("Nguyễn V** A*"); no ID number is ever returned. `overdue` is true when the due date is before today (Asia/Ho_Chi_Minh) and the dossier is not finished.',
    tag: 'dossiers',
    parameters: [
      {
        name: 'dossierCode',
        in: 'path',
        required: true,
        description: 'Dossier code `<agency id>-<yyMMdd>-<NNNN>`.',
        schema: { type: 'string', maxLength: 120 },
      },
    ],
    responseSchema: 'Dossier',
    problems: [400, 404],
    responseHeaders: { 'Cache-Control': { description: 'Always `no-store`.', schema: { type: 'string', const: 'no-store' } } },
    handle: ({ store, params, now }) => ({
      status: 200,
      body: lookupDossier(store, params.dossierCode ?? '', now()),
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
  {
    method: 'GET',
    path: '/healthz',
    auth: false,
    operationId: 'health',
    summary: 'Liveness check',
    description: 'Answers `{"status":"ok"}` when the server and its database respond. No token needed.',
    tag: 'meta',
    parameters: [],
    responseSchema: 'Health',
    problems: [],
    handle: ({ store }) => {
      store.db.prepare('SELECT 1').get();
      return { status: 200, body: { status: 'ok' } };
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
    handle: (ctx) => ({ status: 200, body: buildOpenApi(ROUTES, ctx) }),
    example: () => ({ openapi: '3.1.0', info: { title: 'Kiosk public-service API (sandbox)', version: '1.0.0' }, paths: {} }),
  },
];
