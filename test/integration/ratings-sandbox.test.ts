/**
 * Ratings and the survey at the sandbox over real HTTP (127.0.0.1, port 0) with real SQLite:
 * ratings with and without a reason, one per dossier and per ticket (409), idempotent replay,
 * survey validation, the report's counts, points and grades, and the documented examples.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dossier, Problem } from '../../main/api/schemas';
import { Rating, Survey } from '../../main/api/queue';
import { RatingReport, SurveyReceipt } from '../../main/api/ratings';
import { dossierTotal, SURVEY_GRADE_LABELS_VI, surveyGrade, timelinessPoints } from '../../common/survey';
import { vnDate } from '../../common/vietnam-time';
import { AGENCY_JUDGEMENTS, DESK_COUNTERS, deskOfficer, SURVEY_VERSION } from '../../sandbox/ratings';
import { QueueTicket } from '../../main/api/queue';
import { startSandbox, type Sandbox } from '../../sandbox/server';

const TOKEN = 'rating-test-token';
const AUTH = { Authorization: `Bearer ${TOKEN}` };
const NOW = new Date('2026-03-18T03:00:00Z'); // 10:00 in Vietnam
let sb: Sandbox;
/** A second sandbox whose ratings look tickets up through an injected lookup: T-7, served at counter 7. */
let withQueue: Sandbox;
const officer7 = { id: 'CB-Q-07', name: 'Đỗ Thị Quỳnh' };

beforeAll(async () => {
  sb = await startSandbox({ tokens: [TOKEN], now: () => NOW });
  withQueue = await startSandbox({
    tokens: [TOKEN],
    now: () => NOW,
    ratingLookups: {
      ticket: (_store, id) => (id === 'T-7' ? { state: 'done', counter: 7, officer: officer7 } : null),
      dossierDesk: () => null,
    },
  });
});
afterAll(async () => {
  await sb.close();
  await withQueue.close();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, on: Sandbox = sb) {
  const res = await fetch(`${on.url}${path}`, {
    method,
    headers: { ...AUTH, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { res, status: res.status, body: (await res.json()) as unknown };
}
let keys = 0;
const rate = (body: unknown, key = `rate-${++keys}`, on: Sandbox = sb) => call('POST', '/api/v1/ratings', body, { 'Idempotency-Key': key }, on);
const answer = (body: unknown, key = `survey-${++keys}`) => call('POST', '/api/v1/surveys', body, { 'Idempotency-Key': key });
const report = (from: string, to: string) => call('GET', `/api/v1/ratings/report?from=${from}&to=${to}`);

function problem(r: { res: Response; status: number; body: unknown }, status: number, slug: string) {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const p = Problem.parse(r.body);
  expect(p.type.endsWith(`/${slug}`), p.type).toBe(true);
  return p;
}

/** Seeded dossiers as served, to pick the ones each test needs (each test its own). */
let dossiers: Dossier[] = [];
const used = new Set<string>();
function pick(test: (d: Dossier) => boolean): Dossier {
  const d = dossiers.find((x) => !used.has(x.dossierCode) && test(x));
  if (!d) throw new Error('no seeded dossier left for this test');
  used.add(d.dossierCode);
  return d;
}
beforeAll(async () => {
  dossiers = await Promise.all(sb.listDossiers().map(async (d) => Dossier.parse((await call('GET', `/api/v1/dossiers/${d.code}`)).body)));
});

describe('POST /api/v1/ratings', () => {
  it('records a rating without a reason, with the officer who received an in-person dossier', async () => {
    const d = pick((x) => x.channel === 'in_person' && x.agency.name === 'Ủy ban nhân dân phường Bến Thành');
    const r = await rate({ dossierCode: d.dossierCode.toLowerCase(), level: 'very_satisfied' });
    expect(r.status).toBe(201);
    const rating = Rating.parse(r.body);
    expect(rating).toMatchObject({ dossierCode: d.dossierCode, ticketId: null, level: 'very_satisfied', reason: null });
    expect(DESK_COUNTERS['Ủy ban nhân dân phường Bến Thành']).toContain(rating.counter);
    expect(rating.officer).toEqual(deskOfficer(rating.counter!));
    expect(rating.officer).not.toBeNull();
    expect(rating.createdAt).toBe('2026-03-18T10:00:00+07:00');
    expect(r.res.headers.get('location')).toBe(`/api/v1/ratings/${rating.id}`);
  });

  it('an online dossier has no counter or officer', async () => {
    const d = pick((x) => x.channel === 'online');
    const rating = Rating.parse((await rate({ dossierCode: d.dossierCode, level: 'satisfied' })).body);
    expect(rating.counter).toBeNull();
    expect(rating.officer).toBeNull();
  });

  it('"not_satisfied" needs a reason (422), and keeps it in NFC', async () => {
    const d = pick(() => true);
    problem(await rate({ dossierCode: d.dossierCode, level: 'not_satisfied' }), 422, 'reason-required');
    problem(await rate({ dossierCode: d.dossierCode, level: 'not_satisfied', reason: '   ' }), 422, 'reason-required');
    const decomposed = 'Thời gian chờ lâu'.normalize('NFD');
    const r = await rate({ dossierCode: d.dossierCode, level: 'not_satisfied', reason: ` ${decomposed} ` });
    expect(r.status).toBe(201);
    expect(Rating.parse(r.body).reason).toBe('Thời gian chờ lâu'.normalize('NFC'));
  });

  it('one rating per dossier: a second is 409 already-rated, whatever the level', async () => {
    const d = pick(() => true);
    expect((await rate({ dossierCode: d.dossierCode, level: 'satisfied' })).status).toBe(201);
    const p = problem(await rate({ dossierCode: d.dossierCode, level: 'very_satisfied' }), 409, 'already-rated');
    expect(p.detail).toContain(d.dossierCode);
  });

  it('replays the first answer for the same key and body; another body with that key is 422', async () => {
    const d = pick(() => true);
    const first = await rate({ dossierCode: d.dossierCode, level: 'satisfied' }, 'replay-key');
    const again = await rate({ dossierCode: d.dossierCode, level: 'satisfied' }, 'replay-key');
    expect(again.status).toBe(201);
    expect(again.res.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    problem(await rate({ dossierCode: d.dossierCode, level: 'very_satisfied' }, 'replay-key'), 422, 'idempotency-key-reused');
    problem(await rate({ dossierCode: d.dossierCode, level: 'satisfied' }), 409, 'already-rated'); // a new key: a second rating
  });

  it('refuses a rating of nothing, an unknown dossier, a malformed code or body', async () => {
    problem(await rate({ level: 'satisfied' }), 422, 'invalid-rating');
    problem(await rate({ dossierCode: '000.21.01.H29-260101-9999', level: 'satisfied' }), 404, 'dossier-not-found');
    problem(await rate({ dossierCode: 'không phải mã', level: 'satisfied' }), 400, 'invalid-dossier-code');
    problem(await rate({ dossierCode: 'x', level: 'happy' }), 400, 'invalid-body');
    problem(await rate({ ticketId: 'T-1', level: 'satisfied', extra: 1 }), 400, 'invalid-body');
    const bad = await fetch(`${sb.url}/api/v1/ratings`, { method: 'POST', headers: { ...AUTH, 'Idempotency-Key': 'bad-json' }, body: '{' });
    expect(bad.status).toBe(400);
    problem(await call('POST', '/api/v1/ratings', { ticketId: 'T-1', level: 'satisfied' }), 400, 'idempotency-key-missing');
  });

  it('a ticket served at a counter is rated once, with that counter and its officer', async () => {
    const issued = await call('POST', '/api/v1/queue/tickets', { serviceId: 'ho-tich' }, { 'Idempotency-Key': 'rating-ticket-1', 'X-Kiosk-Id': 'KIOSK-01' });
    expect(issued.status).toBe(201);
    const ticket = QueueTicket.parse(issued.body);
    // Not served yet: nothing to rate.
    problem(await rate({ ticketId: ticket.id, level: 'satisfied' }), 422, 'ticket-not-served');
    const called = QueueTicket.parse((await call('POST', '/api/v1/queue/counters/1/call-next', {})).body);
    expect(called.id).toBe(ticket.id);
    expect((await call('POST', '/api/v1/queue/counters/1/start', {})).status).toBe(200);
    expect((await call('POST', '/api/v1/queue/counters/1/finish', {})).status).toBe(200);
    const r = Rating.parse((await rate({ ticketId: ticket.id, level: 'very_satisfied' })).body);
    expect(r).toMatchObject({ ticketId: ticket.id, dossierCode: null, counter: 1, officer: deskOfficer(1) });
    expect(r.officer).toEqual({ id: 'CB01', name: 'Nguyễn Thị Lan' });
    problem(await rate({ ticketId: ticket.id, level: 'satisfied' }), 409, 'already-rated');
    problem(await rate({ ticketId: 'no-such-ticket', level: 'satisfied' }), 404, 'ticket-not-found');
  });

  it('the ticket lookup can be injected (a backend whose queue lives elsewhere)', async () => {
    const r = await rate({ ticketId: 'T-7', level: 'very_satisfied' }, 'ticket-7', withQueue);
    expect(Rating.parse(r.body)).toMatchObject({ ticketId: 'T-7', dossierCode: null, counter: 7, officer: officer7 });
    problem(await rate({ ticketId: 'T-7', level: 'satisfied' }, 'ticket-7b', withQueue), 409, 'already-rated');
    problem(await rate({ ticketId: 'T-unknown', level: 'satisfied' }, 'ticket-u', withQueue), 404, 'ticket-not-found');
  });
});

describe('GET /api/v1/survey and POST /api/v1/surveys', () => {
  it('serves the resident’s questions 3, 4, 6, 7, 10, 11 in NFC Vietnamese', async () => {
    const s = Survey.parse((await call('GET', '/api/v1/survey')).body);
    expect(s.version).toBe(SURVEY_VERSION);
    expect(s.questions.map((q) => q.indicator)).toEqual([3, 4, 6, 7, 10, 11]);
    for (const q of s.questions) {
      expect(q.text).toBe(q.text.normalize('NFC'));
      expect(q.text).toMatch(/[ôÔ]ng\/bà/);
      expect(q.options).toHaveLength(3);
      if (q.indicator >= 10)
        expect(q.options.map((o) => [o.value, o.label, o.points])).toEqual([
          ['very_satisfied', 'Rất hài lòng', null],
          ['satisfied', 'Hài lòng', null],
          ['not_satisfied', 'Không hài lòng', null],
        ]);
      else expect(q.options.map((o) => o.points)).toEqual([2, 1, 0]);
    }
  });

  it('validates answers against the served version', async () => {
    const d = pick(() => true);
    const base = { dossierCode: d.dossierCode, version: SURVEY_VERSION };
    problem(await answer({ ...base, version: 'old', answers: { '3': 'once' } }), 422, 'invalid-survey');
    let p = problem(await answer({ ...base, answers: { '3': 'never' } }), 422, 'invalid-survey');
    expect(p.errors?.[0]?.pointer).toBe('#/answers/3');
    p = problem(await answer({ ...base, answers: { '1': 'once' } }), 422, 'invalid-survey'); // 1 is computed, not asked
    expect(p.errors?.[0]?.pointer).toBe('#/answers/1');
    problem(await answer({ ...base, answers: {} }), 422, 'invalid-survey');
    problem(await answer({ ...base, answers: { '11': 'very_satisfied' }, dossierCode: '000.21.01.H29-260101-9999' }), 404, 'dossier-not-found');
    const ok = await answer({ ...base, answers: { '3': 'once', '11': 'very_satisfied' } });
    expect(ok.status).toBe(201);
    expect(SurveyReceipt.parse(ok.body)).toMatchObject({ dossierCode: d.dossierCode, answers: { '3': 'once', '11': 'very_satisfied' } });
    problem(await answer({ ...base, answers: { '3': 'twice' } }), 409, 'already-rated');
  });
});

describe('GET /api/v1/ratings/report', () => {
  it('counts per level, counter and officer, and grades the survey', async () => {
    const today = vnDate(NOW);
    const before = RatingReport.parse((await report(today, today)).body);
    const a = pick((x) => x.channel === 'in_person' && x.agency.name === 'Ủy ban nhân dân phường Bến Thành' && x.state === 'returned');
    const b = pick((x) => x.agency.name === 'Ủy ban nhân dân phường Sài Gòn');
    expect((await rate({ dossierCode: a.dossierCode, level: 'very_satisfied' })).status).toBe(201);
    expect((await rate({ dossierCode: b.dossierCode, level: 'not_satisfied', reason: 'Hướng dẫn chưa rõ' })).status).toBe(201);
    const best = { '3': 'once', '4': 'one', '6': 'full', '7': 'courteous', '10': 'very_satisfied', '11': 'very_satisfied' };
    const worst = { '3': 'three_or_more', '4': 'three_or_more', '6': 'none', '7': 'harassing', '10': 'not_satisfied', '11': 'not_satisfied' };
    expect((await answer({ dossierCode: a.dossierCode, version: SURVEY_VERSION, answers: best })).status).toBe(201);
    expect((await answer({ dossierCode: b.dossierCode, version: SURVEY_VERSION, answers: worst })).status).toBe(201);

    const r = RatingReport.parse((await report(today, today)).body);
    expect(r.ratings.byLevel.total - before.ratings.byLevel.total).toBe(2);
    expect(r.ratings.byLevel.very_satisfied - before.ratings.byLevel.very_satisfied).toBe(1);
    expect(r.ratings.byLevel.not_satisfied - before.ratings.byLevel.not_satisfied).toBe(1);
    expect(r.ratings.reasons).toContainEqual({ reason: 'Hướng dẫn chưa rõ', createdAt: '2026-03-18T10:00:00+07:00' });
    const sumCounters = r.ratings.byCounter.reduce((s, c) => s + c.levels.total, 0);
    expect(sumCounters + r.ratings.withoutCounter).toBe(r.ratings.byLevel.total);
    expect(r.ratings.byOfficer.reduce((s, o) => s + o.levels.total, 0)).toBe(sumCounters);
    const officers = r.ratings.byOfficer.map((o) => o.officer.id);
    expect(officers.some((id) => DESK_COUNTERS['Ủy ban nhân dân phường Bến Thành']!.some((n) => deskOfficer(n)?.id === id))).toBe(true);

    const finished = (d: Dossier) => {
      const h = d.stateHistory.find((s) => ['result_ready', 'returned', 'rejected'].includes(s.state));
      return h ? vnDate(new Date(h.at)) : null;
    };
    const sa = r.survey.dossiers.find((x) => x.dossierCode === a.dossierCode)!;
    const ta = timelinessPoints(finished(a), a.dueDate, today);
    // All best answers at an agency judged 2/2/2: 14 points besides the two timeliness ones.
    expect(sa.points).toEqual({ '1': ta, '2': ta, '3': 2, '4': 2, '5': 2, '6': 2, '7': 2, '8': 2, '9': 2 });
    expect(sa.total).toBe(14 + 2 * ta);
    expect(sa.levels).toEqual({ '10': 'very_satisfied', '11': 'very_satisfied' });
    const sbb = r.survey.dossiers.find((x) => x.dossierCode === b.dossierCode)!;
    const tb = timelinessPoints(finished(b), b.dueDate, today);
    const jb = AGENCY_JUDGEMENTS['Ủy ban nhân dân phường Sài Gòn']!;
    expect(jb).toEqual({ 5: 2, 8: 1, 9: 2 });
    expect(sbb.total).toBe(2 * tb + 5);
    expect(sbb.grade).toBe(sbb.total < 6 ? 'poor' : 'average');
    expect(sbb.gradeLabel).toBe(sbb.total < 6 ? 'Yếu' : 'Trung bình');
    expect(sa.gradeLabel).toBe(sa.total > 15 ? 'Xuất sắc' : 'Tốt');
    expect(r.survey.levels['11'].not_satisfied).toBeGreaterThanOrEqual(1);
    expect(r.survey.levels['11'].very_satisfied).toBeGreaterThanOrEqual(1);
    // The average of all of today's surveys, and its grade.
    const avg = Math.round((r.survey.dossiers.reduce((s, x) => s + x.total, 0) / r.survey.count) * 100) / 100;
    expect(r.survey.averagePoints).toBe(avg);
    expect(r.survey.gradeLabel).toBe(SURVEY_GRADE_LABELS_VI[surveyGrade(avg)]);
    expect(r.survey.method).toMatch(/5, 8, 9/);
  });

  it('a skipped question is left out and the total brought to scale', async () => {
    const today = vnDate(NOW);
    const d = pick((x) => x.agency.name === 'Ủy ban nhân dân phường Bến Thành');
    expect((await answer({ dossierCode: d.dossierCode, version: SURVEY_VERSION, answers: { '3': 'twice', '11': 'satisfied' } })).status).toBe(201);
    const r = RatingReport.parse((await report(today, today)).body);
    const s = r.survey.dossiers.find((x) => x.dossierCode === d.dossierCode)!;
    expect(s.points['3']).toBe(1);
    expect(s.points['4']).toBeNull();
    expect(s.points['6']).toBeNull();
    expect(s.points['7']).toBeNull();
    const known = Object.fromEntries(Object.entries(s.points).map(([k, v]) => [Number(k), v]));
    expect(s.total).toBe(dossierTotal(known)!.total);
    expect(dossierTotal(known)!.scored).toBe(6);
  });

  it('filters by day in Vietnam and refuses a bad range', async () => {
    const empty = RatingReport.parse((await report('2026-03-17', '2026-03-17')).body);
    expect(empty.ratings.byLevel.total).toBe(0);
    expect(empty.survey).toMatchObject({ count: 0, averagePoints: null, grade: null, gradeLabel: null });
    problem(await report('2026-03-18', '2026-03-17'), 400, 'invalid-query');
    problem(await report('2026-02-30', '2026-03-17'), 400, 'invalid-query');
    problem(await call('GET', '/api/v1/ratings/report'), 400, 'invalid-query');
  });
});
