/**
 * Builds the OpenAPI 3.1 document from the route table. Body schemas come from the zod schemas
 * the server serves (z.toJSONSchema), and every example is produced from the live seed data by
 * the same code that answers the route.
 */
import { z } from 'zod';
import { Problem } from '../main/api/schemas';
import { PROBLEM_BASE, PROBLEM_TITLES, type ProblemSlug } from './problems';
import type { RouteContext, RouteDef } from './routes';

export const PROBLEM_RESPONSES: Record<number, { name: string; description: string; slug: ProblemSlug; detail: string; instance: string }> = {
  400: {
    name: 'BadRequest',
    description: 'The request is malformed (bad query parameter, malformed dossier code, bad path encoding).',
    slug: 'invalid-query',
    detail: 'pageSize must be between 1 and 100',
    instance: '/api/v1/procedures?pageSize=500',
  },
  401: {
    name: 'Unauthorized',
    description: 'No bearer token, or one the server does not know. Comes with `WWW-Authenticate: Bearer`.',
    slug: 'unauthorized',
    detail: 'Send Authorization: Bearer <token> with a token issued to this kiosk.',
    instance: '/api/v1/sectors',
  },
  404: {
    name: 'NotFound',
    description: 'No such route, procedure or dossier.',
    slug: 'dossier-not-found',
    detail: 'No dossier has the code 000.00.12.H56-260314-0042.',
    instance: '/api/v1/dossiers/000.00.12.H56-260314-0042',
  },
  409: {
    name: 'Conflict',
    description: 'A request with the same Idempotency-Key is still in progress. Retry later with the same key and body.',
    slug: 'request-in-progress',
    detail: 'A request with this Idempotency-Key is still being processed; retry later.',
    instance: '/api/v1/dossiers',
  },
  413: {
    name: 'PayloadTooLarge',
    description: "An attachment (or all of them together) is over the limits of the procedure's form, or the body is over the server's limit.",
    slug: 'payload-too-large',
    detail: 'attachments/0: 6291456 bytes; at most 5242880 per file',
    instance: '/api/v1/dossiers',
  },
  422: {
    name: 'UnprocessableContent',
    description: 'The submission does not fit the form (`errors` names each field), or the Idempotency-Key was already used with a different body.',
    slug: 'invalid-submission',
    detail: '#/fields/ngaySinh: ngaySinh is required',
    instance: '/api/v1/dossiers',
  },
  405: {
    name: 'MethodNotAllowed',
    description: 'The route exists but not with this method. Comes with an `Allow` header.',
    slug: 'method-not-allowed',
    detail: 'POST is not allowed here; use GET, HEAD.',
    instance: '/api/v1/sectors',
  },
  500: {
    name: 'InternalError',
    description: 'An unexpected failure; the server logged it and keeps running.',
    slug: 'internal-error',
    detail: 'An unexpected error occurred; it has been logged.',
    instance: '/api/v1/announcements',
  },
  503: {
    name: 'ServiceUnavailable',
    description: 'The service is temporarily unavailable (also produced by fault injection). Retry later.',
    slug: 'service-unavailable',
    detail: 'The service is temporarily unavailable; retry later.',
    instance: '/api/v1/sectors',
  },
};

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

const JSON_TYPE = 'application/json';
const PROBLEM_TYPE = 'application/problem+json';

/**
 * The OpenAPI document of `routes`, whose bodies are named in `bodySchemas` (routes.ts's
 * SCHEMAS, passed in so this module does not import routes.ts back at run time).
 */
export function buildOpenApi(routes: readonly RouteDef[], bodySchemas: Readonly<Record<string, z.ZodType>>, ctx: RouteContext): Record<string, unknown> {
  const schemas: Record<string, unknown> = { Problem: jsonSchema(Problem) };
  for (const [name, schema] of Object.entries(bodySchemas)) schemas[name] = jsonSchema(schema);

  const responses: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(PROBLEM_RESPONSES)) {
    const headers: Record<string, unknown> = {};
    if (status === '401') headers['WWW-Authenticate'] = { description: 'Bearer challenge.', schema: { type: 'string' } };
    if (status === '405') headers['Allow'] = { description: 'Methods the route accepts.', schema: { type: 'string' } };
    if (status === '409') headers['Retry-After'] = { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } };
    if (status === '503') headers['Retry-After'] = { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } };
    responses[r.name] = {
      description: r.description,
      ...(Object.keys(headers).length ? { headers } : {}),
      content: {
        [PROBLEM_TYPE]: {
          schema: { $ref: '#/components/schemas/Problem' },
          example: { type: `${PROBLEM_BASE}${r.slug}`, title: PROBLEM_TITLES[r.slug], status: Number(status), detail: r.detail, instance: r.instance },
        },
      },
    };
  }

  const paths: Record<string, Record<string, unknown>> = {};
  const exampleCtx = {
    store: ctx.store,
    now: ctx.now,
    baseUrl: ctx.baseUrl,
    ...(ctx.payments ? { payments: ctx.payments } : {}),
    ...(ctx.queue ? { queue: ctx.queue } : {}), // queue (issue 13)
  };
  for (const route of routes) {
    const problemStatuses = new Set<number>([...route.problems, 405, 500, 503]);
    if (route.auth) problemStatuses.add(401);
    const opResponses: Record<string, unknown> = {
      [String(route.successStatus ?? 200)]: {
        description: route.successStatus === 201 ? 'Created.' : 'Success.',
        ...(route.responseHeaders ? { headers: route.responseHeaders } : {}),
        content: {
          [route.responseContentType ?? JSON_TYPE]: {
            schema: { $ref: `#/components/schemas/${route.responseSchema}` },
            example: route.example(exampleCtx),
          },
        },
      },
    };
    for (const s of [...problemStatuses].sort()) {
      const r = PROBLEM_RESPONSES[s];
      if (r) opResponses[String(s)] = { $ref: `#/components/responses/${r.name}` };
    }
    const parameters = route.parameters.map((p) => {
      const param: Record<string, unknown> = { name: p.name, in: p.in, required: p.required, description: p.description, schema: p.schema };
      if (p.example !== undefined) param.example = p.example;
      return param;
    });
    const dossierParam = parameters.find((p) => p.name === 'dossierCode');
    if (dossierParam) {
      const ex = route.example(exampleCtx) as { dossierCode?: string };
      if (ex.dossierCode) dossierParam.example = ex.dossierCode;
    }
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      description: route.description,
      tags: [route.tag],
      ...(parameters.length ? { parameters } : {}),
      ...(route.requestBody
        ? {
            requestBody: {
              required: true,
              description: route.requestBody.description,
              content: {
                [JSON_TYPE]: {
                  schema: { $ref: `#/components/schemas/${route.requestBody.schema}` },
                  example: route.requestBody.example(exampleCtx),
                },
              },
            },
          }
        : {}),
      security: route.auth ? [{ bearerAuth: [] }] : [],
      responses: opResponses,
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Kiosk public-service API (sandbox)',
      version: '1.0.0',
      description:
        'Reference implementation of the public-service API the kiosk uses: procedures, dossier lookup and announcements. Errors are RFC 9457 problem details. Times are ISO 8601 with offset, money is whole đồng.',
    },
    servers: [{ url: ctx.baseUrl }],
    tags: [
      { name: 'procedures', description: 'Thủ tục hành chính' },
      { name: 'dossiers', description: 'Hồ sơ' },
      { name: 'announcements', description: 'Thông báo, tuyên truyền chính sách' },
      { name: 'payments', description: 'Thanh toán phí, lệ phí (VietQR)' },
      { name: 'ratings', description: 'Đánh giá mức độ hài lòng, phiếu khảo sát' },
      { name: 'queue', description: 'Xếp hàng tại Trung tâm Phục vụ hành chính công: số thứ tự, quầy, lịch hẹn' },
      { name: 'meta', description: 'Service endpoints' },
    ],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'Token issued to the kiosk.' } },
      schemas,
      responses,
    },
  };
}
