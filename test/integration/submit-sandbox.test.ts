/**
 * The sandbox's submission endpoints over real HTTP and SQLite: the form schema, POST
 * /api/v1/dossiers with idempotency (400 / replay / 422 / 409 / 413), the OpenAPI example
 * accepted as it stands, keys kept 30 days.
 */
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dossier, DossierReceipt, FormSchema, Problem } from '../../main/api/schemas';
import { EXAMPLE_SUBMISSION } from '../../sandbox/routes';
import { startSandbox, type Sandbox } from '../../sandbox/server';

const TOKEN = 'test-token-0123456789';
const AUTH = { Authorization: `Bearer ${TOKEN}` };
let sb: Sandbox;
let clock = new Date('2026-03-18T03:00:00Z');

beforeAll(async () => {
  sb = await startSandbox({
    tokens: [TOKEN],
    now: () => clock,
    log: (l) => {
      if (process.env.SBLOG) console.log(l);
    },
  });
});
afterAll(async () => {
  await sb.close();
});

async function post(body: unknown, key: string | null, raw?: string) {
  const headers: Record<string, string> = { ...AUTH, 'content-type': 'application/json' };
  if (key !== null) headers['idempotency-key'] = key;
  const res = await fetch(`${sb.url}/api/v1/dossiers`, { method: 'POST', headers, body: raw ?? JSON.stringify(body) });
  const text = await res.text();
  return { res, status: res.status, text, json: JSON.parse(text) as unknown };
}

function slugOf(json: unknown): string {
  return Problem.parse(json).type.split('/').at(-1)!;
}

describe('GET /api/v1/procedures/{code}/form', () => {
  it('serves the form of an online procedure with Vietnamese labels and limits', async () => {
    const res = await fetch(`${sb.url}/api/v1/procedures/1.001193/form`, { headers: AUTH });
    expect(res.status).toBe(200);
    const form = FormSchema.parse(await res.json());
    expect(form.procedureName).toBe('Đăng ký khai sinh');
    const dob = form.fields.find((f) => f.key === 'ngaySinh')!;
    expect(dob).toMatchObject({ type: 'date', required: true, label: 'Ngày, tháng, năm sinh' });
    expect(form.fields.find((f) => f.key === 'gioiTinh')!.options!.map((o) => o.value)).toEqual(['Nam', 'Nữ']);
    expect(form.attachments.maxFileBytes).toBeGreaterThan(0);
  });
  it('is 404 for a procedure without an online form and for an unknown one', async () => {
    const none = await fetch(`${sb.url}/api/v1/procedures/2.000884/form`, { headers: AUTH });
    expect(none.status).toBe(404);
    expect(slugOf(await none.json())).toBe('form-not-found');
    const unknown = await fetch(`${sb.url}/api/v1/procedures/9.999999/form`, { headers: AUTH });
    expect(unknown.status).toBe(404);
  });
});

describe('POST /api/v1/dossiers', () => {
  it('accepts the OpenAPI example as it stands; the dossier is then found by lookup', async () => {
    const doc = (await (await fetch(`${sb.url}/openapi.json`)).json()) as {
      paths: Record<
        string,
        { post?: { requestBody: { content: Record<string, { example: unknown }> }; parameters: { name: string; in: string; example: string }[] } }
      >;
    };
    const op = doc.paths['/api/v1/dossiers']!.post!;
    const example = op.requestBody.content['application/json']!.example;
    expect(example).toEqual(EXAMPLE_SUBMISSION);
    expect(op.parameters.find((p) => p.in === 'header')!.name).toBe('Idempotency-Key');
    const r = await post(example, randomUUID());
    expect(r.status, r.text).toBe(201);
    const receipt = DossierReceipt.parse(r.json);
    expect(r.res.headers.get('location')).toBe(`/api/v1/dossiers/${receipt.dossierCode}`);
    expect(receipt.receivedAt).toBe('2026-03-18T10:00:00+07:00');
    const look = await fetch(`${sb.url}/api/v1/dossiers/${receipt.dossierCode}`, { headers: AUTH });
    expect(look.status).toBe(200);
    const d = Dossier.parse(await look.json());
    expect(d).toMatchObject({ state: 'received', channel: 'online', dueDate: receipt.dueDate, applicantName: 'Nguyễn V** A*' });
    expect(sb.listSubmissions().some((s) => s.dossierCode === receipt.dossierCode && s.kioskRef === EXAMPLE_SUBMISSION.kioskRef)).toBe(true);
  });

  it('requires an Idempotency-Key (400)', async () => {
    const r = await post(EXAMPLE_SUBMISSION, null);
    expect(r.status).toBe(400);
    expect(slugOf(r.json)).toBe('idempotency-key-missing');
  });

  it('replays the first answer for the same key and body, byte for byte, creating nothing', async () => {
    const key = randomUUID();
    const before = sb.listSubmissions().length;
    const first = await post(EXAMPLE_SUBMISSION, key);
    const again = await post(EXAMPLE_SUBMISSION, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.res.headers.get('idempotent-replayed')).toBe('true');
    expect(sb.listSubmissions().length).toBe(before + 1);
  });

  it('answers 422 for the same key with a different body', async () => {
    const key = randomUUID();
    expect((await post(EXAMPLE_SUBMISSION, key)).status).toBe(201);
    const other = { ...EXAMPLE_SUBMISSION, fields: { ...EXAMPLE_SUBMISSION.fields, noiSinh: 'Nhà riêng' } };
    const r = await post(other, key);
    expect(r.status).toBe(422);
    expect(slugOf(r.json)).toBe('idempotency-key-reused');
  });

  it('answers 409 while the first request with the key is still being received', async () => {
    const key = randomUUID();
    const body = JSON.stringify(EXAMPLE_SUBMISSION);
    const url = new URL(`${sb.url}/api/v1/dossiers`);
    // First request: headers and half the body, then a pause.
    const slow = httpRequest({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'idempotency-key': key },
    });
    const slowAnswer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      slow.on('response', (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      slow.on('error', reject);
    });
    slow.write(body.slice(0, 100));
    await new Promise((r) => setTimeout(r, 150));
    const second = await post(EXAMPLE_SUBMISSION, key);
    expect(second.status).toBe(409);
    expect(slugOf(second.json)).toBe('request-in-progress');
    slow.end(body.slice(100));
    const first = await slowAnswer;
    expect(first.status).toBe(201);
    // After it finished, the same request replays the first answer.
    const third = await post(EXAMPLE_SUBMISSION, key);
    expect(third.status).toBe(201);
    expect(third.text).toBe(first.text);
  });

  it('answers 413 when an attachment is over the form limit', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 7).toString('base64');
    const r = await post({ ...EXAMPLE_SUBMISSION, attachments: [{ name: 'to.pdf', mime: 'application/pdf', contentBase64: big }] }, randomUUID());
    expect(r.status).toBe(413);
    expect(slugOf(r.json)).toBe('payload-too-large');
  });

  it('answers 422 naming the fields that do not fit the form', async () => {
    const { ngaySinh: _dropped, ...fields } = EXAMPLE_SUBMISSION.fields;
    const r = await post({ ...EXAMPLE_SUBMISSION, fields: { ...fields, gioiTinh: 'Khác' } }, randomUUID());
    expect(r.status).toBe(422);
    const p = Problem.parse(r.json);
    expect(p.errors!.map((e) => e.pointer).sort()).toEqual(['#/fields/gioiTinh', '#/fields/ngaySinh']);
    const bad = await post(null, randomUUID(), '{not json');
    expect(bad.status).toBe(400);
  });

  it('keeps keys at least 30 days, then forgets them', async () => {
    const key = randomUUID();
    const first = await post(EXAMPLE_SUBMISSION, key);
    expect(first.status).toBe(201);
    const start = clock;
    try {
      clock = new Date(start.getTime() + 30 * 86_400_000 - 60_000);
      // Any new key triggers the purge of old ones.
      expect((await post(EXAMPLE_SUBMISSION, randomUUID())).status).toBe(201);
      const replay = await post(EXAMPLE_SUBMISSION, key);
      expect(replay.text).toBe(first.text);
      clock = new Date(start.getTime() + 31 * 86_400_000);
      expect((await post(EXAMPLE_SUBMISSION, randomUUID())).status).toBe(201);
      const fresh = await post(EXAMPLE_SUBMISSION, key);
      expect(fresh.status).toBe(201);
      expect(fresh.text).not.toBe(first.text);
    } finally {
      clock = start;
    }
  });
});
