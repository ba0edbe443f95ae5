/**
 * The sandbox's resumable uploads (issue 15) over real HTTP, the real @tus/server and files on
 * disk: tus creation, PATCH, HEAD after an interrupted PATCH, the token, the size limit; a dossier
 * referencing uploads (422 while incomplete or when the hash differs, 201 once complete; the
 * base64 form still accepted); gzip JSON bodies; the capability in GET /healthz; OpenAPI.
 */
import { createHash, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DossierReceipt, Problem } from '../../main/api/schemas';
import { HealthWithCapabilities } from '../../main/api/uploads';
import { EXAMPLE_SUBMISSION } from '../../sandbox/routes';
import { startSandbox, type Sandbox } from '../../sandbox/server';

const TOKEN = 'uploads-token-0123456789';
const AUTH = { Authorization: `Bearer ${TOKEN}` };
const TUS = { 'Tus-Resumable': '1.0.0' };
let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ tokens: [TOKEN], log: () => {}, uploads: { maxBytes: 1024 * 1024 } });
});
afterAll(async () => {
  await sb.close();
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const slug = (json: unknown) => Problem.parse(json).type.split('/').at(-1)!;

async function create(size: number): Promise<string> {
  const res = await fetch(`${sb.url}/api/v1/uploads`, { method: 'POST', headers: { ...AUTH, ...TUS, 'Upload-Length': String(size) } });
  expect(res.status).toBe(201);
  return new URL(res.headers.get('location')!, `${sb.url}/`).toString();
}
async function patch(url: string, offset: number, data: Buffer): Promise<Response> {
  return fetch(url, {
    method: 'PATCH',
    headers: { ...AUTH, ...TUS, 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream' },
    body: new Uint8Array(data),
  });
}
async function head(url: string): Promise<number> {
  const res = await fetch(url, { method: 'HEAD', headers: { ...AUTH, ...TUS } });
  expect(res.status).toBe(200);
  return Number(res.headers.get('upload-offset'));
}
async function submit(attachments: unknown[], opts: { gzip?: boolean; key?: string } = {}) {
  const json = JSON.stringify({ ...EXAMPLE_SUBMISSION, attachments });
  const headers: Record<string, string> = { ...AUTH, 'content-type': 'application/json', 'idempotency-key': opts.key ?? randomUUID() };
  if (opts.gzip) headers['content-encoding'] = 'gzip';
  const res = await fetch(`${sb.url}/api/v1/dossiers`, { method: 'POST', headers, body: opts.gzip ? new Uint8Array(gzipSync(json)) : json });
  return { status: res.status, json: (await res.json()) as unknown, replayed: res.headers.get('idempotent-replayed') };
}

describe('tus uploads at /api/v1/uploads', () => {
  it('announces uploads and gzip in GET /healthz, without a token', async () => {
    const res = await fetch(`${sb.url}/healthz`);
    const h = HealthWithCapabilities.parse(await res.json());
    expect(h.capabilities?.uploads).toEqual({ protocol: 'tus', version: '1.0.0', path: '/api/v1/uploads', maxBytes: 1024 * 1024 });
    expect(h.capabilities?.requestEncodings).toEqual(['gzip']);
  });

  it('needs the bearer token', async () => {
    const res = await fetch(`${sb.url}/api/v1/uploads`, { method: 'POST', headers: { ...TUS, 'Upload-Length': '10' } });
    expect(res.status).toBe(401);
  });

  it('refuses an upload over the size limit (413)', async () => {
    const res = await fetch(`${sb.url}/api/v1/uploads`, { method: 'POST', headers: { ...AUTH, ...TUS, 'Upload-Length': String(2 * 1024 * 1024) } });
    expect(res.status).toBe(413);
  });

  it('resumes from the offset HEAD reports; a dossier referencing it is 422 until complete, 201 after; the hash is checked', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(20_000, 3)]);
    const url = await create(pdf.length);
    const id = new URL(url).pathname.split('/').pop()!;
    expect(await head(url)).toBe(0);
    expect((await patch(url, 0, pdf.subarray(0, 7_000))).status).toBe(204);
    expect(await head(url)).toBe(7_000);
    const ref = { uploadId: id, name: 'giay-chung-sinh.pdf', mime: 'application/pdf', size: pdf.length, sha256: sha(pdf) };
    const early = await submit([ref]);
    expect(early.status).toBe(422);
    expect(JSON.stringify(early.json)).toContain('incomplete: 7000 of 20009');
    // A PATCH at the wrong offset is refused (409) and changes nothing.
    expect((await patch(url, 0, pdf.subarray(0, 100))).status).toBe(409);
    expect((await patch(url, 7_000, pdf.subarray(7_000))).status).toBe(204);
    expect(await head(url)).toBe(pdf.length);
    const wrongHash = await submit([{ ...ref, sha256: sha(Buffer.from('other')) }]);
    expect(wrongHash.status).toBe(422);
    expect(JSON.stringify(wrongHash.json)).toContain('SHA-256 differs');
    const wrongSize = await submit([{ ...ref, size: 5 }]);
    expect(wrongSize.status).toBe(422);
    const missing = await submit([{ ...ref, uploadId: 'f'.repeat(32) }]);
    expect(missing.status).toBe(422);
    const key = randomUUID();
    const ok = await submit([ref], { key });
    expect(ok.status).toBe(201);
    const receipt = DossierReceipt.parse(ok.json);
    // The same key and body (now gzip-compressed) replays the first answer.
    const again = await submit([ref], { key, gzip: true });
    expect(again.status).toBe(201);
    expect(again.replayed).toBe('true');
    expect(DossierReceipt.parse(again.json).dossierCode).toBe(receipt.dossierCode);
  });

  it('still takes base64 attachments (old kiosks), and gzip bodies', async () => {
    const plain = await submit(EXAMPLE_SUBMISSION.attachments);
    expect(plain.status).toBe(201);
    const zipped = await submit(EXAMPLE_SUBMISSION.attachments, { gzip: true });
    expect(zipped.status).toBe(201);
    expect(DossierReceipt.parse(zipped.json).dossierCode).not.toBe(DossierReceipt.parse(plain.json).dossierCode);
  });

  it('answers 400 for a body that is not gzip and 415 for another encoding', async () => {
    const headers = { ...AUTH, 'content-type': 'application/json', 'idempotency-key': randomUUID(), 'content-encoding': 'gzip' };
    const bad = await fetch(`${sb.url}/api/v1/dossiers`, { method: 'POST', headers, body: '{"not":"gzip"}' });
    expect(bad.status).toBe(400);
    expect(slug(await bad.json())).toBe('invalid-body');
    const br = await fetch(`${sb.url}/api/v1/dossiers`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': randomUUID(), 'content-encoding': 'br' },
      body: '{}',
    });
    expect(br.status).toBe(415);
    expect(slug(await br.json())).toBe('unsupported-encoding');
  });

  it('documents the upload route and the reference form in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${sb.url}/openapi.json`)).json()) as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(doc.paths['/api/v1/uploads']).toBeDefined();
    expect(JSON.stringify(doc.components.schemas.DossierSubmission)).toContain('uploadId');
  });
});
