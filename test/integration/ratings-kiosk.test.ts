/**
 * Ratings and the survey through the whole kiosk (createKiosk, the router, the real sandbox over
 * HTTP through a link that can be cut, real SQLite): a rating sent at once, the 409 path (while
 * the resident waits: `already_rated`; later: a delivered-as-duplicate record, never a dead
 * letter), a rating and a survey saved offline and delivered when the link returns (also after a
 * restart), the survey served from disk offline, and bad input refused with a clear message.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RatingReport } from '../../main/api/ratings';
import { QueueTicket } from '../../main/api/queue';
import type { Kiosk } from '../../main/kiosk';
import { kioskDbFile } from '../../main/store';
import { vnDate } from '../../common/vietnam-time';
import type { Sandbox } from '../../sandbox/server';
import type { Link } from './outbox-link';
import { linkedSandbox } from '../support/linked-sandbox';

const TOKEN = 'ratings-kiosk-token';
const fx = linkedSandbox({ token: TOKEN, prefix: 'kiosk-ratings-' });
let sb: Sandbox;
let link: Link;
let dir: string;

beforeEach(async () => {
  ({ sb, link, dir } = await fx.open());
});
afterEach(() => fx.close());

function start() {
  return fx.startKiosk({
    kioskId: 'KIOSK-01',
    profile: 'service-center',
    outbox: { backoffBaseMs: 50, backoffCapMs: 300, probeIntervalMs: 100, submitWaitMs: 3000 },
  });
}

async function call(k: Kiosk, channel: string, payload: unknown) {
  return k.router.handle(channel, payload);
}
async function value<T>(k: Kiosk, channel: string, payload: unknown): Promise<T> {
  const r = await call(k, channel, payload);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}
async function status(k: Kiosk) {
  return value<{ outbox: { pending: number; dead: number } }>(k, 'kiosk.status', {});
}
/** The sandbox's report of today, asked directly (not through the link). */
async function report(): Promise<RatingReport> {
  const today = vnDate(new Date());
  const res = await fetch(`${sb.url}/api/v1/ratings/report?from=${today}&to=${today}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  return RatingReport.parse(await res.json());
}
const codes = () => sb.listDossiers().map((d) => d.code);

describe('rating.submit through the kiosk', () => {
  it('checks the dossier, sends the rating, and a second rating is "already rated" with nothing left in the outbox', async () => {
    const { kiosk, log } = await start();
    const code = codes()[0]!;
    const check = await value<{ state: string; dossierCode: string; procedureName?: string }>(kiosk, 'rating.check', { dossierCode: code.toLowerCase() });
    expect(check).toMatchObject({ state: 'found', dossierCode: code });
    expect(check.procedureName).toBeTruthy();

    const first = await value<{ state: string; localRef: string }>(kiosk, 'rating.submit', { dossierCode: code, level: 'very_satisfied' });
    expect(first.state).toBe('sent');
    expect((await report()).ratings.byLevel.very_satisfied).toBe(1);

    const second = await value<{ state: string; localRef: string }>(kiosk, 'rating.submit', {
      dossierCode: code,
      level: 'not_satisfied',
      reason: 'Phải chờ quá lâu',
    });
    expect(second.state).toBe('already_rated');
    expect(await status(kiosk)).toMatchObject({ outbox: { pending: 0, dead: 0 } });
    expect((await report()).ratings.byLevel.total).toBe(1);
    // The reason is never logged; the dossier code may be.
    expect(log.lines.join('\n')).not.toContain('Phải chờ quá lâu');
  });

  it('an unknown dossier is not_found before the resident is asked; bad input is refused in English', async () => {
    const { kiosk } = await start();
    expect(await call(kiosk, 'rating.check', { dossierCode: '000.21.01.H29-260101-9999' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call(kiosk, 'rating.check', { dossierCode: 'abc' })).toMatchObject({ ok: false, error: { code: 'invalid_code' } });
    const noReason = await call(kiosk, 'rating.submit', { dossierCode: codes()[0], level: 'not_satisfied', reason: '  ' });
    expect(noReason).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    if (!noReason.ok) expect(noReason.error.message).toMatch(/reason/);
    expect(await call(kiosk, 'rating.submit', { level: 'satisfied' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await call(kiosk, 'rating.submit', { dossierCode: codes()[0], level: 'great' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await status(kiosk)).toMatchObject({ outbox: { pending: 0, dead: 0 } });
  });

  it('a counter rates a served ticket by its id alone; an unknown ticket is said at once', async () => {
    const { kiosk } = await start();
    // A ticket issued, called, served and finished at counter 1 (the sandbox's queue, over HTTP).
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${sb.url}${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const ticket = QueueTicket.parse(
      await (await post('/api/v1/queue/tickets', { serviceId: 'ho-tich' }, { 'Idempotency-Key': 'k-1', 'X-Kiosk-Id': 'K' })).json(),
    );
    for (const step of ['call-next', 'start', 'finish']) expect((await post(`/api/v1/queue/counters/1/${step}`, {})).status).toBe(200);

    const r = await value<{ state: string }>(kiosk, 'rating.submit', { ticketId: ticket.id, level: 'satisfied' });
    expect(r.state).toBe('sent');
    const again = await value<{ state: string }>(kiosk, 'rating.submit', { ticketId: ticket.id, level: 'satisfied' });
    expect(again.state).toBe('already_rated');
    const rep = await report();
    expect(rep.ratings.byCounter).toEqual([{ counter: 1, levels: { very_satisfied: 0, satisfied: 1, not_satisfied: 0, total: 1 } }]);
    expect(rep.ratings.byOfficer.map((o) => o.officer.name)).toEqual(['Nguyễn Thị Lan']);

    // Refused for good while the counter waits: said now (and kept as a dead letter, as every refusal).
    expect(await call(kiosk, 'rating.submit', { ticketId: 'no-such-ticket', level: 'satisfied' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await status(kiosk)).toMatchObject({ outbox: { pending: 0, dead: 1 } });
  });

  it('offline: the rating and the survey are kept, the survey comes from disk, and all is delivered when the link returns', async () => {
    const { kiosk } = await start();
    const [a, b] = codes();
    const online = await value<{ version: string; cached: boolean; questions: unknown[] }>(kiosk, 'rating.survey', {});
    expect(online.cached).toBe(false);
    // Rated once already (by another kiosk, say): its offline rating will come back 409.
    expect((await value<{ state: string }>(kiosk, 'rating.submit', { dossierCode: b, level: 'satisfied' })).state).toBe('sent');

    link.setUp(false);
    expect(await value(kiosk, 'rating.check', { dossierCode: a })).toMatchObject({ state: 'unverified', dossierCode: a });
    const offline = await value<{ version: string; cached: boolean; questions: unknown[] }>(kiosk, 'rating.survey', {});
    expect(offline).toEqual({ ...online, cached: true });
    const r1 = await value<{ state: string; localRef: string }>(kiosk, 'rating.submit', {
      dossierCode: a,
      level: 'not_satisfied',
      reason: 'Hướng dẫn chưa rõ',
    });
    expect(r1.state).toBe('queued');
    const s1 = await value<{ state: string }>(kiosk, 'survey.submit', {
      dossierCode: a,
      version: offline.version,
      answers: { '3': 'once', '7': 'courteous', '11': 'satisfied' },
    });
    expect(s1.state).toBe('queued');
    const dup = await value<{ state: string; localRef: string }>(kiosk, 'rating.submit', { dossierCode: b, level: 'very_satisfied' });
    expect(dup.state).toBe('queued');
    expect((await status(kiosk)).outbox.pending).toBe(3);

    link.setUp(true);
    await expect.poll(async () => (await status(kiosk)).outbox, { timeout: 15_000, interval: 100 }).toEqual(expect.objectContaining({ pending: 0, dead: 0 }));
    const rep = await report();
    expect(rep.ratings.byLevel).toMatchObject({ satisfied: 1, not_satisfied: 1, very_satisfied: 0, total: 2 });
    expect(rep.ratings.reasons.map((x) => x.reason)).toEqual(['Hướng dẫn chưa rõ']);
    expect(rep.survey.dossiers.map((d) => d.dossierCode)).toEqual([a]);
    // The 409 became a delivered-as-duplicate record, not a dead letter.
    const db = new Database(kioskDbFile(dir), { readonly: true });
    try {
      const row = (ref: string) => db.prepare('SELECT kind, result_ref FROM delivered WHERE local_ref = ?').get(ref) as { kind: string; result_ref: string };
      expect(row(dup.localRef)).toEqual({ kind: 'rating.submit', result_ref: 'already-rated' });
      expect(row(r1.localRef).result_ref).toMatch(/^R\d{6}[A-Z]{6}$/);
    } finally {
      db.close();
    }
  });

  it('a rating queued before a restart is delivered by the next start, not dead-lettered', async () => {
    let { kiosk: k } = await start();
    const code = codes()[2]!;
    link.setUp(false);
    expect((await value<{ state: string }>(k, 'rating.submit', { dossierCode: code, level: 'satisfied' })).state).toBe('queued');
    await k.stop();
    link.setUp(true);
    ({ kiosk: k } = await start());
    await expect.poll(async () => (await status(k)).outbox, { timeout: 15_000, interval: 100 }).toEqual(expect.objectContaining({ pending: 0, dead: 0 }));
    expect((await report()).ratings.byLevel.satisfied).toBe(1);
  });

  it('survey.submit refuses an answer that is not an option of the survey shown', async () => {
    const { kiosk } = await start();
    const s = await value<{ version: string }>(kiosk, 'rating.survey', {});
    const bad = await call(kiosk, 'survey.submit', { dossierCode: codes()[0], version: s.version, answers: { '3': 'never' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await call(kiosk, 'survey.submit', { dossierCode: codes()[0], version: s.version, answers: {} })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    const ok = await value<{ state: string }>(kiosk, 'survey.submit', { dossierCode: codes()[0], version: s.version, answers: { '4': 'one' } });
    expect(ok.state).toBe('sent');
    const again = await value<{ state: string }>(kiosk, 'survey.submit', { dossierCode: codes()[0], version: s.version, answers: { '4': 'two' } });
    expect(again.state).toBe('already_rated');
  });
});
