/**
 * The sandbox over real HTTP on 127.0.0.1 (port 0), with real SQLite.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  AnnouncementList,
  Dossier,
  DossierReceipt,
  DossierState,
  Problem,
  FormSchema,
  Procedure,
  ProcedurePage,
  SectorList,
  Payment,
} from '../../main/api/schemas';
import { FINISHED_STATES } from '../../common/dossier-state';
import { ROUTES, SCHEMAS } from '../../sandbox/routes';
import { QUEUE_SCHEMAS } from '../../sandbox/queue/routes'; // queue (issue 13)
import { seedDossierCodes, startSandbox, type Sandbox } from '../../sandbox/server';
import { RATING_SCHEMAS } from '../../sandbox/ratings';

const TOKEN = 'test-token-0123456789';
/** A fixed Wednesday, 10:00 in Vietnam. */
const NOW = new Date('2026-03-18T03:00:00Z');
const AUTH = { Authorization: `Bearer ${TOKEN}` };

let sb: Sandbox;
const logLines: string[] = [];

async function getJson(path: string, headers: Record<string, string> = AUTH) {
  const res = await fetch(`${sb.url}${path}`, { headers });
  const text = await res.text();
  return { res, status: res.status, text, body: JSON.parse(text) as unknown };
}

function expectProblem(r: { res: Response; body: unknown }, status: number, slug?: string) {
  expect(r.res.status).toBe(status);
  expect(r.res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  const p = Problem.parse(r.body);
  expect(p.status).toBe(status);
  expect(p.title).toBeTruthy();
  expect(p.instance).toBeTruthy();
  if (slug) expect(p.type.endsWith(`/${slug}`)).toBe(true);
  return p;
}

beforeAll(async () => {
  sb = await startSandbox({ tokens: ['other-token', TOKEN], now: () => NOW, log: (l) => logLines.push(l) });
  expect(sb.url).toBe(`http://127.0.0.1:${sb.port}`);
});
afterAll(async () => {
  await sb.close();
});

describe('auth', () => {
  it('answers 401 problem with a Bearer challenge without a token', async () => {
    const r = await getJson('/api/v1/sectors', {});
    expectProblem(r, 401, 'unauthorized');
    expect(r.res.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
  });
  it('answers 401 for a wrong token, a wrong scheme and on unknown /api/v1 routes', async () => {
    for (const h of [{ Authorization: 'Bearer nope' }, { Authorization: `Basic ${TOKEN}` }, { Authorization: `Bearer ${TOKEN}x` }]) {
      const r = await getJson('/api/v1/sectors', h);
      expectProblem(r, 401);
      expect(r.res.headers.get('www-authenticate')).toContain('Bearer');
    }
    expectProblem(await getJson('/api/v1/nothing-here', {}), 401);
  });
  it('accepts every configured token, case-insensitive scheme', async () => {
    expect((await getJson('/api/v1/sectors', { Authorization: 'Bearer other-token' })).status).toBe(200);
    expect((await getJson('/api/v1/sectors', { Authorization: `bearer ${TOKEN}` })).status).toBe(200);
  });
  it('serves /healthz and /openapi.json without a token', async () => {
    const h = await getJson('/healthz', {});
    expect(h.status).toBe(200);
    // capabilities (issue 15): test/integration/uploads-sandbox.test.ts
    expect(h.body).toMatchObject({ status: 'ok', capabilities: { requestEncodings: ['gzip'] } });
    expect((await getJson('/openapi.json', {})).status).toBe(200);
  });
});

describe('sectors', () => {
  it('lists sectors with their procedure counts', async () => {
    const r = await getJson('/api/v1/sectors');
    expect(r.res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const list = SectorList.parse(r.body);
    expect(list.items.length).toBeGreaterThanOrEqual(8);
    expect(list.items.find((s) => s.code === 'ho-tich')).toMatchObject({ name: 'Hộ tịch' });
    const all = ProcedurePage.parse((await getJson('/api/v1/procedures?pageSize=100')).body);
    expect(list.items.reduce((n, s) => n + s.procedureCount, 0)).toBe(all.total);
    for (const s of list.items) {
      const page = ProcedurePage.parse((await getJson(`/api/v1/procedures?sector=${s.code}&pageSize=100`)).body);
      expect(page.total).toBe(s.procedureCount);
    }
  });
});

describe('procedure search', () => {
  const search = async (qs: string) => ProcedurePage.parse((await getJson(`/api/v1/procedures?${qs}`)).body);

  it('is case- and diacritics-insensitive', async () => {
    for (const q of [
      'khai sinh',
      'KHAI SINH',
      'khai sinh'.normalize('NFC'),
      'Khai Sinh',
      'ĐĂNG KÝ KHAI SINH',
      'dang ky khai sinh',
      'Đăng ký khai sinh'.normalize('NFD'),
    ]) {
      const page = await search(`q=${encodeURIComponent(q)}`);
      expect(page.items[0]?.name, q).toBe('Đăng ký khai sinh');
    }
    const ly = await search(`q=${encodeURIComponent('ly lich tu phap')}`);
    expect(ly.total).toBeGreaterThanOrEqual(1);
    for (const p of ly.items) expect(p.sectorCode).toBe('ly-lich-tu-phap');
  });
  it('finds procedures by the names residents use', async () => {
    for (const [q, name] of [
      ['hộ khẩu', 'Đăng ký thường trú'],
      ['so do', 'Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu cho cá nhân'],
      ['công chứng bản sao', 'Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp hoặc chứng nhận'],
      ['giấy xác nhận độc thân', 'Cấp Giấy xác nhận tình trạng hôn nhân'],
      ['làm hộ chiếu', 'Cấp hộ chiếu phổ thông ở trong nước (thực hiện tại cấp tỉnh)'],
    ] as const) {
      const page = await search(`q=${encodeURIComponent(q)}&pageSize=100`);
      expect(
        page.items.map((p) => p.name),
        q,
      ).toContain(name);
      expect(page.items.find((p) => p.name === name)?.aliases.length, q).toBeGreaterThanOrEqual(2);
    }
  });
  it('matches codes and finds nothing for nonsense', async () => {
    const page = await search('q=1.001193');
    expect(page.items.map((p) => p.code)).toEqual(['1.001193']);
    expect((await search('q=zzzqqq')).total).toBe(0);
  });
  it('filters by sector', async () => {
    const page = await search('sector=cu-tru&pageSize=100');
    expect(page.total).toBeGreaterThan(0);
    for (const p of page.items) expect(p).toMatchObject({ sectorCode: 'cu-tru', sectorName: 'Cư trú' });
    expect((await search('sector=khong-co')).total).toBe(0);
  });
  /** Every procedure, read 100 at a time (the largest page the API serves). */
  const everything = async () => {
    const first = await search('pageSize=100');
    const items = [...first.items];
    for (let page = 2; page <= Math.ceil(first.total / 100); page++) items.push(...(await search(`page=${page}&pageSize=100`)).items);
    return { total: first.total, items };
  };
  it('pages consistently', async () => {
    const all = await everything();
    expect(all.total).toBeGreaterThanOrEqual(120);
    expect(all.items).toHaveLength(all.total);
    const seen: string[] = [];
    const size = 7;
    for (let page = 1; page <= Math.ceil(all.total / size); page++) {
      const p = await search(`page=${page}&pageSize=${size}`);
      expect(p).toMatchObject({ page, pageSize: size, total: all.total });
      expect(p.items.length).toBe(Math.min(size, all.total - (page - 1) * size));
      seen.push(...p.items.map((i) => i.code));
    }
    expect(seen).toEqual(all.items.map((i) => i.code));
    const beyond = await search(`page=${Math.ceil(all.total / size) + 1}&pageSize=${size}`);
    expect(beyond.items).toEqual([]);
    const def = await search('');
    expect(def).toMatchObject({ page: 1, pageSize: 20 });
    expect(def.items).toHaveLength(20);
  });
  it.each([
    'page=0',
    'page=-1',
    'page=1.5',
    'page=abc',
    'page=',
    'page=10001',
    'pageSize=0',
    'pageSize=101',
    'pageSize=2.0',
    'pageSize=1e2',
    'page=1&page=2',
    `q=${'a'.repeat(201)}`,
    `sector=${'x'.repeat(65)}`,
  ])('answers 400 problem for %s', async (qs) => {
    const r = await getJson(`/api/v1/procedures?${qs}`);
    const p = expectProblem(r, 400, 'invalid-query');
    expect(p.errors?.length).toBeGreaterThan(0);
  });
});

describe('procedure detail', () => {
  it('serves a full procedure', async () => {
    const p = Procedure.parse((await getJson('/api/v1/procedures/1.001193')).body);
    expect(p.name).toBe('Đăng ký khai sinh');
    expect(p.agencyLevel).toBe('commune');
    expect(p.fees[0]).toMatchObject({ amount: 0, mode: 'exempt' });
    expect(p.requiredDocuments.length).toBeGreaterThan(0);
    const cert = Procedure.parse((await getJson('/api/v1/procedures/2.000815')).body);
    expect(cert.fees[0]).toMatchObject({ amount: 2000, mode: 'pay_first' });
  });
  it('serves every listed procedure', async () => {
    const items = [];
    for (let page = 1; ; page++) {
      const p = ProcedurePage.parse((await getJson(`/api/v1/procedures?page=${page}&pageSize=100`)).body);
      items.push(...p.items);
      if (items.length >= p.total) break;
    }
    expect(items.length).toBeGreaterThanOrEqual(120);
    for (const s of items) {
      const p = Procedure.parse((await getJson(`/api/v1/procedures/${encodeURIComponent(s.code)}`)).body);
      expect(p).toMatchObject(s);
    }
  });
  it('answers 404 problem for an unknown code', async () => {
    expectProblem(await getJson('/api/v1/procedures/9.999999'), 404, 'procedure-not-found');
  });
});

describe('dossier lookup', () => {
  const codes = seedDossierCodes(NOW);

  it('serves every seeded dossier, masked, with the right overdue flag', async () => {
    expect(
      sb
        .listDossiers()
        .map((d) => d.code)
        .sort(),
    ).toEqual(codes.map((c) => c.code).sort());
    for (const c of codes) {
      const r = await getJson(`/api/v1/dossiers/${encodeURIComponent(c.code)}`);
      expect(r.status).toBe(200);
      expect(r.res.headers.get('cache-control')).toBe('no-store');
      const d = Dossier.strict().parse(r.body);
      expect(d).toMatchObject({ dossierCode: c.code, state: c.state, overdue: c.overdue });
      expect(d.overdue).toBe(d.dueDate < '2026-03-18' && !FINISHED_STATES.includes(d.state));
      // "Nguyễn V** A*": the family name, then initials and asterisks only.
      expect(d.applicantName).toMatch(/^\p{L}+( \p{L}\*+)+$/u);
      // Nothing that looks like an ID number (9 or more digits in a row) anywhere.
      expect(r.text).not.toMatch(/\d{9,}/);
      if (d.state === 'needs_supplement') expect(d.supplementNote).toBeTruthy();
      else expect(d.supplementNote).toBeUndefined();
    }
  });
  it('never sends the full applicant name', async () => {
    const c = codes.find((x) => x.state === 'received')!;
    const r = await getJson(`/api/v1/dossiers/${c.code}`);
    const d = Dossier.parse(r.body);
    const [family, ...rest] = d.applicantName.split(' ');
    expect(rest.every((w) => /^\p{L}\*+$/u.test(w))).toBe(true);
    expect(family!.length).toBeGreaterThan(1);
  });
  it('accepts lower case and spaces around the dashes', async () => {
    const c = codes[0]!;
    const typed = c.code.toLowerCase().replace(/-/g, ' - ');
    const d = Dossier.parse((await getJson(`/api/v1/dossiers/${encodeURIComponent(typed)}`)).body);
    expect(d.dossierCode).toBe(c.code);
    const d2 = Dossier.parse((await getJson(`/api/v1/dossiers/${encodeURIComponent(`  ${c.code.toLowerCase()} `)}`)).body);
    expect(d2.dossierCode).toBe(c.code);
  });
  it.each(['abc', '000.00.12.H56-261332-0042', '000.00.12.H56-260314-42', '000.00.12.H56--260314-0042', 'x'.repeat(130), '%%%'])(
    'answers 400 problem for the malformed code %s',
    async (raw) => {
      const path = raw === '%%%' ? '/api/v1/dossiers/%E0%A4%A' : `/api/v1/dossiers/${encodeURIComponent(raw)}`;
      const p = expectProblem(await getJson(path), 400);
      if (raw !== '%%%') expect(p.type.endsWith('/invalid-dossier-code')).toBe(true);
    },
  );
  it('answers 404 problem for a well-formed unknown code', async () => {
    expectProblem(await getJson('/api/v1/dossiers/000.00.12.H56-260314-0042'), 404, 'dossier-not-found');
  });
  it('has a seed covering every state, overdue and needs_supplement dossiers', () => {
    for (const s of DossierState.options)
      expect(
        codes.some((c) => c.state === s),
        s,
      ).toBe(true);
    expect(codes.filter((c) => c.overdue).length).toBeGreaterThanOrEqual(3);
    expect(codes.filter((c) => c.state === 'needs_supplement').length).toBeGreaterThanOrEqual(3);
    expect(codes.length).toBeGreaterThanOrEqual(30);
  });
});

describe('announcements', () => {
  it('lists only current announcements', async () => {
    const list = AnnouncementList.parse((await getJson('/api/v1/announcements')).body);
    expect(list.items.length).toBeGreaterThanOrEqual(5);
    for (const a of list.items) {
      if (a.validUntil) expect(a.validUntil >= '2026-03-18').toBe(true);
      expect(Date.parse(a.publishedAt)).toBeLessThanOrEqual(NOW.getTime());
    }
    expect(list.items.map((a) => a.id)).not.toContain('bao-tri-he-thong');
    expect(list.items.map((a) => a.id)).not.toContain('lich-tiep-cong-dan');
  });
});

describe('errors', () => {
  it('answers 404 problem for unknown routes and 405 with Allow for wrong methods', async () => {
    expectProblem(await getJson('/nothing', {}), 404, 'not-found');
    expectProblem(await getJson('/api/v1/sectors/extra'), 404);
    const r = await fetch(`${sb.url}/api/v1/sectors`, { method: 'POST', headers: AUTH, body: '{}' });
    expectProblem({ res: r, body: await r.json() }, 405, 'method-not-allowed');
    expect(r.headers.get('allow')).toBe('GET, HEAD');
    const del = await fetch(`${sb.url}/api/v1/dossiers/x`, { method: 'DELETE', headers: AUTH });
    expect(del.status).toBe(405);
    await del.text();
  });
  it('answers HEAD like GET without a body', async () => {
    const r = await fetch(`${sb.url}/healthz`, { method: 'HEAD' });
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('');
  });
});

describe('openapi.json', () => {
  it('describes every route, its security and its problems, with examples that parse', async () => {
    const doc = (await getJson('/openapi.json', {})).body as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            security: unknown[];
            parameters?: { name: string; in: string }[];
            responses: Record<string, { $ref?: string; content?: Record<string, { example: unknown; schema: { $ref: string } }> }>;
          }
        >
      >;
      components: {
        securitySchemes: Record<string, { type: string; scheme: string }>;
        responses: Record<string, { content: Record<string, { example: unknown }> }>;
        schemas: Record<string, unknown>;
      };
      servers: { url: string }[];
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers[0]!.url).toBe(sb.url);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const served = ROUTES.map((r) => `${r.method} ${r.path}`).sort();
    const documented = Object.entries(doc.paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    expect(documented).toEqual(served);
    for (const expected of [
      '/api/v1/sectors',
      '/api/v1/procedures',
      '/api/v1/procedures/{code}',
      '/api/v1/dossiers/{dossierCode}',
      '/api/v1/announcements',
      '/healthz',
      '/openapi.json',
    ]) {
      expect(doc.paths[expected]?.get, expected).toBeDefined();
    }

    // Contract schemas come from main/api/schemas; the two sandbox-only ones from the route module.
    const zodByName: Record<string, z.ZodType> = {
      SectorList,
      ProcedurePage,
      Procedure,
      Dossier,
      AnnouncementList,
      Problem,
      FormSchema,
      DossierReceipt,
      Payment, // payments (issue 12): test/integration/payments-sandbox.test.ts
      ...RATING_SCHEMAS, // ratings (issue 13): test/integration/ratings-sandbox.test.ts
      ...QUEUE_SCHEMAS, // queue (issue 13): test/integration/queue-*.test.ts
      Health: SCHEMAS.Health,
      OpenApiDocument: SCHEMAS.OpenApiDocument,
      UploadCreated: SCHEMAS.UploadCreated, // uploads (issue 15): test/integration/uploads-sandbox.test.ts
    };
    let examples = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      const op = (ops.get ?? ops.post)!; // POST /api/v1/dossiers: test/integration/submit-sandbox.test.ts
      const isApi = path.startsWith('/api/v1');
      expect(op.security).toEqual(isApi ? [{ bearerAuth: [] }] : []);
      if (isApi) expect(op.responses['401']?.$ref).toBe('#/components/responses/Unauthorized');
      for (const param of op.parameters ?? []) if (param.in === 'path') expect(path).toContain(`{${param.name}}`);
      const okContent = (op.responses['200'] ?? op.responses['201'])!.content!;
      const ok = (okContent['application/json'] ?? okContent['text/event-stream'] ?? okContent['text/html'])!; // SSE: queue events; HTML: a ticket's tracking page (issue 13)
      const name = ok.schema.$ref.split('/').at(-1)!;
      expect(doc.components.schemas[name], name).toBeDefined();
      expect(zodByName[name], name).toBeDefined();
      expect(() => zodByName[name]!.parse(ok.example), `${path} example`).not.toThrow();
      examples++;
    }
    for (const [name, r] of Object.entries(doc.components.responses)) {
      expect(() => Problem.parse(r.content['application/problem+json']!.example), name).not.toThrow();
      examples++;
    }
    expect(examples).toBeGreaterThanOrEqual(ROUTES.length + 5);

    // The dossier example is a real seeded dossier and can be looked up as documented.
    const dossierEx = Dossier.parse(doc.paths['/api/v1/dossiers/{dossierCode}']!.get!.responses['200']!.content!['application/json']!.example);
    expect(seedDossierCodes(NOW).map((c) => c.code)).toContain(dossierEx.dossierCode);
    expect((await getJson(`/api/v1/dossiers/${dossierEx.dossierCode}`)).body).toEqual(dossierEx);
  });
});

describe('fault injection', () => {
  it('adds latency', async () => {
    const s = await startSandbox({ tokens: [TOKEN], faults: { latencyMs: 300 } });
    try {
      const t0 = performance.now();
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(280);
      s.setFaults({ latencyMs: 0 });
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    } finally {
      await s.close();
    }
  });
  it('answers 503 problem at errorRate 1 and recovers at 0', async () => {
    sb.setFaults({ errorRate: 1 });
    try {
      const r = await getJson('/api/v1/sectors');
      expectProblem(r, 503, 'service-unavailable');
      expect(r.res.headers.get('retry-after')).toBe('1');
    } finally {
      sb.setFaults({ errorRate: 0 });
    }
    expect((await getJson('/api/v1/sectors')).status).toBe(200);
  });
  it('drops the connection at dropRate 1', async () => {
    sb.setFaults({ dropRate: 1 });
    try {
      await expect(fetch(`${sb.url}/api/v1/sectors`, { headers: AUTH })).rejects.toThrow();
    } finally {
      sb.setFaults({ dropRate: 0 });
    }
    expect((await getJson('/api/v1/sectors')).status).toBe(200);
  });
  it('never answers at hangRate 1, and close() still returns promptly', async () => {
    const s = await startSandbox({ tokens: [TOKEN], faults: { hangRate: 1 } });
    const err = await fetch(`${s.url}/healthz`, { signal: AbortSignal.timeout(400) }).then(
      () => null,
      (e: unknown) => e,
    );
    expect((err as Error | null)?.name).toBe('TimeoutError');
    // A second request left hanging while we close.
    const pending = fetch(`${s.url}/api/v1/sectors`, { headers: AUTH }).then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((r) => setTimeout(r, 100));
    const closed = await Promise.race([s.close().then(() => 'closed'), new Promise((r) => setTimeout(() => r('stuck'), 5000))]);
    expect(closed).toBe('closed');
    expect(await pending).toBe('failed');
  });
  it('rejects invalid fault settings', () => {
    expect(() => sb.setFaults({ errorRate: 2 })).toThrow(RangeError);
    expect(() => sb.setFaults({ latencyMs: -1 })).toThrow(RangeError);
    expect(() => sb.setFaults({ dropRate: Number.NaN })).toThrow(RangeError);
  });
});

describe('file database', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sandbox-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('persists across restarts without reseeding', async () => {
    const file = join(dir, 'sandbox.db');
    const first = await startSandbox({ tokens: [TOKEN], dbFile: file, now: () => NOW });
    const codes1 = first
      .listDossiers()
      .map((d) => d.code)
      .sort();
    await first.close();

    const check = new Database(file, { readonly: true });
    expect((check.pragma('journal_mode') as { journal_mode: string }[])[0]!.journal_mode).toBe('wal');
    check.close();

    // A later start (a week on) keeps the first seed and does not add a second one.
    const later = new Date(NOW.getTime() + 7 * 86_400_000);
    const second = await startSandbox({ tokens: [TOKEN], dbFile: file, now: () => later });
    try {
      expect(
        second
          .listDossiers()
          .map((d) => d.code)
          .sort(),
      ).toEqual(codes1);
      const res = await fetch(`${second.url}/api/v1/sectors`, { headers: AUTH });
      const list = SectorList.parse(await res.json());
      expect(list.items.reduce((n, s) => n + s.procedureCount, 0)).toBe(
        ProcedurePage.parse(await (await fetch(`${second.url}/api/v1/procedures?pageSize=1`, { headers: AUTH })).json()).total,
      );
      const db = new Database(file, { readonly: true });
      expect((db.prepare('SELECT COUNT(*) AS n FROM dossiers').get() as { n: number }).n).toBe(codes1.length);
      expect((db.prepare('SELECT COUNT(*) AS n FROM announcements').get() as { n: number }).n).toBe(8);
      db.close();
    } finally {
      await second.close();
    }
  });

  it('answers 500 problem on an unexpected failure, logs it and keeps running', async () => {
    const file = join(dir, 'broken.db');
    const lines: string[] = [];
    const s = await startSandbox({ tokens: [TOKEN], dbFile: file, log: (l) => lines.push(l) });
    try {
      const other = new Database(file);
      other.exec('DROP TABLE announcements');
      other.close();
      const r = await fetch(`${s.url}/api/v1/announcements`, { headers: AUTH });
      expectProblem({ res: r, body: await r.json() }, 500, 'internal-error');
      expect(lines.some((l) => l.includes('unexpected error') && l.includes('/api/v1/announcements'))).toBe(true);
      expect(lines.join('\n')).not.toContain(TOKEN);
      expect((await fetch(`${s.url}/api/v1/sectors`, { headers: AUTH })).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});

describe('fuzz', () => {
  const segment = fc.oneof(
    fc.webSegment(),
    fc.string({ maxLength: 12 }).map((s) => encodeURIComponent(s)),
    fc.constantFrom('api', 'v1', 'sectors', 'procedures', 'dossiers', 'announcements', '..', '.', '%', '%ZZ', '%C3', '1.001193', '000.21.01.H29-260301-0012'),
  );
  const path = fc.oneof(
    fc.array(segment, { maxLength: 5 }).map((s) => `/${s.join('/')}`),
    fc.tuple(fc.constantFrom('/api/v1/procedures/', '/api/v1/dossiers/', '/api/v1/'), segment).map(([a, b]) => a + b),
    fc.constant('/api/v1/procedures'),
  );
  const value = fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.integer({ min: -5, max: 200 }).map(String),
    fc.constantFrom('', '1e3', '0x10', '١', 'NaN', ' 1', '1 '),
  );
  const query = fc
    .array(fc.tuple(fc.constantFrom('q', 'sector', 'page', 'pageSize', 'x', ''), value), { maxLength: 4 })
    .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}` : ''));

  it('never answers 500 (or anything but JSON) to random paths and queries', async () => {
    await fc.assert(
      fc.asyncProperty(path, query, fc.boolean(), fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS'), async (p, q, auth, method) => {
        const res = await fetch(`${sb.url}${p}${q}`, { method, headers: auth ? AUTH : {} });
        const text = await res.text();
        expect(res.status, `${method} ${p}${q}`).toBeLessThan(500);
        if (method !== 'HEAD') {
          expect(res.headers.get('content-type')).toMatch(/^application\/(problem\+)?json; charset=utf-8$/);
          JSON.parse(text);
        }
      }),
      { numRuns: 400 },
    );
    expect(logLines.filter((l) => l.includes('unexpected error'))).toEqual([]);
  });
});
