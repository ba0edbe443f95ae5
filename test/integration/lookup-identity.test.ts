/**
 * "Identity required" on dossier lookup, against real peers: the sandbox over real HTTP with its
 * `requireApplicantId` setting on, and the kiosk (real router, API client, dossier and identity
 * services, scanner simulator) embedding it. The ID number goes to the backend only with the
 * resident's consent, is taken by main from the session, and never reaches the log unmasked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Dossier, Problem } from '../../main/api/schemas';
import type { Kiosk } from '../../main/kiosk';
import { CCCD_QR_SESSION_KEY } from '../../main/services/scan/service';
import { EXAMPLE_SUBMISSION } from '../../sandbox/routes';
import { seedDossierCodes } from '../../sandbox/seed';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { startTestKiosk } from '../support/kiosk';

const TOKEN = 'test-token-0123456789';
const AUTH = { Authorization: `Bearer ${TOKEN}` };
const CCCD_ID = '001199012345';
const CCCD = `${CCCD_ID}|123456789|Nguyễn Thị Ánh|01021999|Nữ|Số 12 phố Hàng Bạc, Phường Hoàn Kiếm, Hà Nội|15082021`;

function seedCode(): string {
  const hit = seedDossierCodes(new Date()).find((d) => d.state === 'processing');
  if (!hit) throw new Error('seed has no processing dossier');
  return hit.code;
}

describe('the sandbox with requireApplicantId', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ tokens: [TOKEN], requireApplicantId: true, log: () => {} });
  });
  afterAll(async () => {
    await sb.close();
  });

  const get = async (code: string, applicantId?: string) => {
    const headers: Record<string, string> = { ...AUTH };
    if (applicantId !== undefined) headers['X-Applicant-Id'] = applicantId;
    const res = await fetch(`${sb.url}/api/v1/dossiers/${encodeURIComponent(code)}`, { headers });
    return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as unknown };
  };
  const slug = (body: unknown) => Problem.parse(body).type.split('/').at(-1);

  it('answers 403 applicant-id-required without the ID, whether or not the code exists', async () => {
    for (const code of [seedCode(), '000.00.99.H99-240101-9999']) {
      const r = await get(code);
      expect(r.status).toBe(403);
      expect(r.type).toBe('application/problem+json; charset=utf-8');
      expect(slug(r.body)).toBe('applicant-id-required');
    }
  });

  it('answers 400 for a malformed ID, the dossier with a well-formed one', async () => {
    const r = await get(seedCode(), '12345');
    expect(r.status).toBe(400);
    expect(slug(r.body)).toBe('invalid-applicant-id');
    const ok = await get(seedCode(), CCCD_ID);
    expect(ok.status).toBe(200);
    expect(Dossier.parse(ok.body).dossierCode).toBe(seedCode());
  });

  it("opens a submitted dossier only with its applicant's ID; the setting can be turned off", async () => {
    const res = await fetch(`${sb.url}/api/v1/dossiers`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json', 'idempotency-key': 'lookup-identity-1' },
      body: JSON.stringify(EXAMPLE_SUBMISSION),
    });
    expect(res.status).toBe(201);
    const { dossierCode } = (await res.json()) as { dossierCode: string };
    expect((await get(dossierCode, EXAMPLE_SUBMISSION.applicant.personalId)).status).toBe(200);
    const other = await get(dossierCode, EXAMPLE_SUBMISSION.applicant.personalId === CCCD_ID ? '079099000001' : CCCD_ID);
    expect(other.status).toBe(404);
    sb.setRequireApplicantId(false);
    expect((await get(dossierCode)).status).toBe(200);
    sb.setRequireApplicantId(true);
    expect((await get(dossierCode)).status).toBe(403);
  });
});

describe('the kiosk asks for the identity, then looks up with the ID from the session', () => {
  let kiosk: Kiosk | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    await kiosk?.stop();
    kiosk = undefined;
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function start() {
    dataDir = mkdtempSync(join(tmpdir(), 'kiosk-it-lookup-id-'));
    const started = await startTestKiosk({ dataDir, sandbox: { requireApplicantId: true } });
    kiosk = started.kiosk;
    return started;
  }

  it('identity_required until the resident consents and the CCCD QR is scanned; masked in the log; wiped with the session', async () => {
    const { kiosk: k, log } = await start();
    const code = seedCode();
    k.session.start();
    const first = await k.router.handle('dossier.lookup', { code });
    expect(first).toMatchObject({ ok: false, error: { code: 'identity_required' } });

    // The QR scanned without consent is not used.
    expect(k.devices.scanner.simulate(CCCD)).toBe(true);
    await expect.poll(() => k.session.data.get(CCCD_QR_SESSION_KEY)?.personalId).toBe(CCCD_ID);
    expect(k.identity.consentedPersonalId()).toBeUndefined();
    expect(await k.router.handle('dossier.lookup', { code })).toMatchObject({ ok: false, error: { code: 'identity_required' } });

    // With consent, main takes the ID from the session: the UI sends only the code.
    expect(await k.router.handle('identity.consent', { accepted: true })).toMatchObject({ ok: true });
    const found = await k.router.handle('dossier.lookup', { code });
    expect(found.ok).toBe(true);
    expect(found.ok && (found.value as { dossierCode: string }).dossierCode).toBe(code);
    // Printing the status looks it up again: it works the same way.
    expect((await k.router.handle('dossier.print', { code })).ok).toBe(true);

    const text = log.lines.join('\n');
    expect(text).not.toContain(CCCD_ID);
    expect(text).toContain('0011******45');

    k.session.end('finish');
    k.session.start();
    expect(await k.router.handle('dossier.lookup', { code })).toMatchObject({ ok: false, error: { code: 'identity_required' } });
  });
});
