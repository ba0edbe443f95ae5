/**
 * Ratings and the formal survey in the sandbox (issue 13 item 5; DOMAIN.md "Satisfaction
 * rating"; the shapes of main/api/queue.ts and main/api/ratings.ts; routes in
 * docs/service-center.md).
 *
 * - `POST /api/v1/ratings` (Idempotency-Key): the quick rating of a dossier that exists or of a
 *   ticket. `reason` is required for `not_satisfied` (422 `reason-required`). One rating per
 *   dossier and one per ticket (unique indexes): a second is 409 `already-rated`. A ticket is
 *   looked up in the queue (sandbox/queue/, same database): unknown 404 `ticket-not-found`, not
 *   served to the end 422 `ticket-not-served`; the rating takes the counter and officer that
 *   served it. A dossier's counter and officer are those who received it at the one-stop desk
 *   (`RatingLookups.dossierDesk`; the sandbox's desk book below).
 * - `GET /api/v1/survey`: the resident's questions (3, 4, 6, 7, 10, 11) of the survey of Decree
 *   61/2018/NĐ-CP art. 31 and Circular 01/2018/TT-VPCP, with their options and points.
 * - `POST /api/v1/surveys` (Idempotency-Key): one per dossier (409 `already-rated`), answers
 *   checked against the served version (422 `invalid-survey`).
 * - `GET /api/v1/ratings/report?from&to`: counts per level, counter and officer; the survey's
 *   points per dossier (1, 2 computed from the dates; 5, 8, 9 judged per agency: the table
 *   `AGENCY_JUDGEMENTS`), the average and its grade (common/survey.ts).
 */
import { randomBytes } from 'node:crypto';
import { normalizeDossierCode } from '../common/dossier-code';
import { AGENCY_INDICATORS, averagePoints, dossierTotal, LEVEL_INDICATORS, SURVEY_GRADE_LABELS_VI, surveyGrade, timelinessPoints } from '../common/survey';
import { vnDate, vnIso, vnYyMMdd } from '../common/vietnam-time';
import { Rating, RatingLevel, RatingRequest, Survey, SurveyAnswers, type Officer, type TicketState } from '../main/api/queue';
import { RatingReport, SurveyReceipt, type LevelCounts } from '../main/api/ratings';
import { HttpProblem } from './problems';
import type { RouteContext, RouteDef } from './routes';
import type { DossierRecord, SandboxStore } from './store';
import { SEED_COUNTERS, SEED_OFFICERS } from './queue/db';

export const RATINGS_DDL = `
CREATE TABLE IF NOT EXISTS ratings (
  id TEXT PRIMARY KEY,
  dossier_code TEXT REFERENCES dossiers(code),
  ticket_id TEXT,
  level TEXT NOT NULL CHECK (level IN ('very_satisfied', 'satisfied', 'not_satisfied')),
  reason TEXT,
  counter INTEGER,
  officer_id TEXT,
  officer_name TEXT,
  day TEXT NOT NULL,
  created_at TEXT NOT NULL,
  CHECK (dossier_code IS NOT NULL OR ticket_id IS NOT NULL)
) STRICT;
CREATE UNIQUE INDEX IF NOT EXISTS ratings_dossier ON ratings(dossier_code) WHERE dossier_code IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS ratings_ticket ON ratings(ticket_id) WHERE ticket_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ratings_day ON ratings(day);
CREATE TABLE IF NOT EXISTS surveys (
  id TEXT PRIMARY KEY,
  dossier_code TEXT NOT NULL UNIQUE REFERENCES dossiers(code),
  version TEXT NOT NULL,
  answers TEXT NOT NULL,
  day TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS surveys_day ON surveys(day);
`;

/** Where a rating's counter and officer come from. */
export interface RatingLookups {
  /** A queue ticket: its state, the counter that served it and its officer; null when the queue has no such ticket. */
  ticket(store: SandboxStore, ticketId: string): { state: TicketState; counter: number | null; officer: Officer | null } | null;
  /** The counter and officer who received a dossier at the one-stop desk; null when none did (online, postal). */
  dossierDesk(store: SandboxStore, dossier: DossierRecord): { counter: number; officer: Officer } | null;
}

/**
 * The sandbox's desk book: which of the center's counters (the queue's seed, sandbox/queue/db.ts)
 * receive the dossiers of each seeded agency in person. A dossier received in person is recorded as
 * received at one of them, chosen by its code (the dossier seed keeps no such record itself), by
 * the counter's usual officer; the same dossier always has the same counter and officer.
 */
export const DESK_COUNTERS: Readonly<Record<string, readonly number[]>> = {
  'Ủy ban nhân dân phường Bến Thành': [1, 2],
  'Ủy ban nhân dân phường Sài Gòn': [2, 1],
  'Văn phòng Đăng ký đất đai Thành phố Hồ Chí Minh': [3],
  'Trung tâm Dịch vụ việc làm Thành phố Hồ Chí Minh': [5],
};

/** The counter's usual officer in the queue's seed. */
export function deskOfficer(counter: number): Officer | null {
  const c = SEED_COUNTERS.find((x) => x.number === counter);
  const o = c && SEED_OFFICERS.find((x) => x.id === c.officerId);
  return o ? { id: o.id, name: o.name } : null;
}

export const DEFAULT_RATING_LOOKUPS: RatingLookups = {
  // The queue's tickets (sandbox/queue/), in the same database.
  ticket: (store, id) => {
    const t = store.db
      .prepare(
        'SELECT t.state, t.counter, t.officer_id, o.name AS officer_name FROM queue_tickets t LEFT JOIN queue_officers o ON o.id = t.officer_id WHERE t.id = ?',
      )
      .get(id) as { state: TicketState; counter: number | null; officer_id: string | null; officer_name: string | null } | undefined;
    if (!t) return null;
    return { state: t.state, counter: t.counter, officer: t.officer_id && t.officer_name ? { id: t.officer_id, name: t.officer_name } : null };
  },
  dossierDesk: (_store, d) => {
    if (d.channel !== 'in_person') return null;
    const desk = DESK_COUNTERS[d.agencyName];
    if (!desk || desk.length === 0) return null;
    let h = 0;
    for (const c of d.dossierCode) h = (h * 31 + c.charCodeAt(0)) >>> 0;
    const counter = desk[h % desk.length]!;
    const officer = deskOfficer(counter);
    return officer ? { counter, officer } : null;
  },
};

// ---- the survey ------------------------------------------------------------------------------

export const SURVEY_VERSION = 'TT01-2018-v1';

const LEVEL_OPTIONS = [
  { value: 'very_satisfied', label: 'Rất hài lòng', points: null },
  { value: 'satisfied', label: 'Hài lòng', points: null },
  { value: 'not_satisfied', label: 'Không hài lòng', points: null },
];

/** The questions the resident answers, in the order asked (texts in NFC). */
export const SURVEY: Survey = Survey.parse({
  version: SURVEY_VERSION,
  questions: [
    {
      indicator: 3,
      text: 'Để hoàn thiện hồ sơ, ông/bà đã phải liên hệ với nơi tiếp nhận hồ sơ bao nhiêu lần (kể cả lần nộp hồ sơ)?',
      options: [
        { value: 'once', label: 'Một lần, khi nộp hồ sơ', points: 2 },
        { value: 'twice', label: 'Hai lần', points: 1 },
        { value: 'three_or_more', label: 'Từ ba lần trở lên', points: 0 },
      ],
    },
    {
      indicator: 4,
      text: 'Để giải quyết thủ tục này, ông/bà đã phải liên hệ với bao nhiêu cơ quan, tổ chức?',
      options: [
        { value: 'one', label: 'Chỉ một nơi (Bộ phận Một cửa)', points: 2 },
        { value: 'two', label: 'Hai cơ quan, tổ chức', points: 1 },
        { value: 'three_or_more', label: 'Từ ba cơ quan, tổ chức trở lên', points: 0 },
      ],
    },
    {
      indicator: 6,
      text: 'Theo ông/bà, thủ tục hành chính này có được công khai đầy đủ, chính xác (thành phần hồ sơ, thời hạn, phí, lệ phí) tại nơi tiếp nhận và trên Cổng Dịch vụ công không?',
      options: [
        { value: 'full', label: 'Có, đầy đủ và chính xác', points: 2 },
        { value: 'partial', label: 'Có, nhưng chưa đầy đủ hoặc chưa chính xác', points: 1 },
        { value: 'none', label: 'Không được công khai', points: 0 },
      ],
    },
    {
      indicator: 7,
      text: 'Thái độ của cán bộ, công chức khi hướng dẫn, tiếp nhận và giải quyết hồ sơ của ông/bà như thế nào?',
      options: [
        { value: 'courteous', label: 'Lịch sự, tận tình, hướng dẫn đầy đủ', points: 2 },
        { value: 'indifferent', label: 'Chưa tận tình, hướng dẫn chưa đầy đủ', points: 1 },
        { value: 'harassing', label: 'Gây phiền hà, sách nhiễu', points: 0 },
      ],
    },
    {
      indicator: 10,
      text: 'Ông/bà đánh giá thế nào về sự thuận tiện khi thực hiện thủ tục này (nơi tiếp nhận, cách nộp hồ sơ, cách nhận kết quả)?',
      options: LEVEL_OPTIONS,
    },
    {
      indicator: 11,
      text: 'Nhìn chung, ông/bà hài lòng như thế nào với việc giải quyết thủ tục hành chính này?',
      options: LEVEL_OPTIONS,
    },
  ],
});

/**
 * Indicators 5, 8 and 9, judged per agency (as the center's inspection records them): 5 reception
 * and return of results at the one-stop desk, 8 handling of feedback and complaints, 9 progress of
 * the dossier published online. The sandbox's fixed judgements of its seeded agencies; an agency
 * not listed scores 1 on each (not judged yet: neither good nor bad).
 */
export const AGENCY_JUDGEMENTS: Readonly<Record<string, Readonly<Record<5 | 8 | 9, 0 | 1 | 2>>>> = {
  'Ủy ban nhân dân phường Bến Thành': { 5: 2, 8: 2, 9: 2 },
  'Ủy ban nhân dân phường Sài Gòn': { 5: 2, 8: 1, 9: 2 },
  'Công an phường Bến Thành': { 5: 2, 8: 2, 9: 1 },
  'Công an Thành phố Hồ Chí Minh': { 5: 2, 8: 1, 9: 1 },
  'Văn phòng Đăng ký đất đai Thành phố Hồ Chí Minh': { 5: 1, 8: 1, 9: 1 },
  'Trung tâm Dịch vụ việc làm Thành phố Hồ Chí Minh': { 5: 2, 8: 2, 9: 1 },
  'Trung tâm Phục vụ hành chính công Thành phố Hồ Chí Minh': { 5: 2, 8: 2, 9: 2 },
};

const REPORT_METHOD =
  "Indicators 3, 4, 6, 7 (and 10, 11): the resident's answers. 1: the day the dossier was finished (first of result_ready, returned, rejected) against its due date: before 2, on it 1, after 0; unfinished: 1 within the limit, 0 past it. 2: each agency's part on time, by the same rule: every sandbox dossier passes through one agency, so its dates are those of 1. 5, 8, 9: the sandbox's fixed judgement of each agency (AGENCY_JUDGEMENTS in sandbox/ratings.ts; an agency not listed scores 1). Skipped questions are left out and the total brought to the 9-indicator scale. Grades: above 15 Xuất sắc, 12 to 15 Tốt, 9 to under 12 Khá, 6 to under 9 Trung bình, under 6 Yếu.";

// ---- helpers ---------------------------------------------------------------------------------

/** Letters only (as payment ids), so a log never masks them as an ID number. */
const ID_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ';
function newId(prefix: string, now: Date): string {
  let s = '';
  for (const b of randomBytes(6)) s += ID_ALPHABET[b % ID_ALPHABET.length];
  return `${prefix}${vnYyMMdd(now)}${s}`;
}

function parseBody<T>(
  ctx: RouteContext,
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } },
): T {
  let json: unknown;
  try {
    json = JSON.parse((ctx.body ?? Buffer.alloc(0)).toString('utf8'));
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

function findDossier(store: SandboxStore, raw: string): DossierRecord {
  const code = normalizeDossierCode(raw);
  if (!code) throw new HttpProblem(400, 'invalid-dossier-code', 'A dossier code looks like 000.00.12.H56-260314-0042.');
  const d = store.dossier(code);
  if (!d) throw new HttpProblem(404, 'dossier-not-found', `No dossier has the code ${code}.`);
  return d;
}

function lookupsOf(ctx: { ratingLookups?: RatingLookups | undefined }): RatingLookups {
  return ctx.ratingLookups ?? DEFAULT_RATING_LOOKUPS;
}

interface RatingRow {
  id: string;
  dossier_code: string | null;
  ticket_id: string | null;
  level: RatingLevel;
  reason: string | null;
  counter: number | null;
  officer_id: string | null;
  officer_name: string | null;
  day: string;
  created_at: string;
}

function serveRating(r: RatingRow): Rating {
  return {
    id: r.id,
    dossierCode: r.dossier_code,
    ticketId: r.ticket_id,
    level: r.level,
    reason: r.reason,
    counter: r.counter,
    officer: r.officer_id && r.officer_name ? { id: r.officer_id, name: r.officer_name } : null,
    createdAt: r.created_at,
  };
}

// ---- handlers --------------------------------------------------------------------------------

function createRating(ctx: RouteContext): { status: number; body: Rating; headers: Record<string, string> } {
  const { store } = ctx;
  const req = parseBody(ctx, RatingRequest);
  if (req.dossierCode === undefined && req.ticketId === undefined) {
    throw new HttpProblem(422, 'invalid-rating', 'A rating names the dossier (dossierCode) or the ticket (ticketId) it rates.', {}, [
      { pointer: '#/dossierCode', detail: 'dossierCode or ticketId is required' },
    ]);
  }
  const reason = req.reason?.normalize('NFC').trim() || null;
  if (req.level === 'not_satisfied' && !reason) {
    throw new HttpProblem(422, 'reason-required', 'A "not_satisfied" rating needs a reason.', {}, [
      { pointer: '#/reason', detail: 'required for not_satisfied' },
    ]);
  }
  const dossier = req.dossierCode !== undefined ? findDossier(store, req.dossierCode) : null;
  const ticketId = req.ticketId?.trim() || null;
  if (dossier && store.db.prepare('SELECT 1 FROM ratings WHERE dossier_code = ?').get(dossier.dossierCode)) {
    throw new HttpProblem(409, 'already-rated', `Dossier ${dossier.dossierCode} has already been rated.`);
  }
  if (ticketId && store.db.prepare('SELECT 1 FROM ratings WHERE ticket_id = ?').get(ticketId)) {
    throw new HttpProblem(409, 'already-rated', `Ticket ${ticketId.slice(0, 64)} has already been rated.`);
  }
  const lookups = lookupsOf(ctx);
  const ticket = ticketId ? lookups.ticket(store, ticketId) : null;
  if (ticketId && !ticket) throw new HttpProblem(404, 'ticket-not-found', `No queue ticket has the id ${ticketId.slice(0, 64)}.`);
  if (ticket && ticket.state !== 'done') {
    throw new HttpProblem(422, 'ticket-not-served', `Ticket ${ticketId!.slice(0, 64)} is ${ticket.state}: only a ticket served to the end (done) is rated.`);
  }
  // A ticket tells the counter that served it; else the desk that received the dossier.
  const where = ticket ?? (dossier ? lookups.dossierDesk(store, dossier) : null);
  const now = ctx.now();
  const id = newId('R', now);
  store.db
    .prepare(
      `INSERT INTO ratings (id, dossier_code, ticket_id, level, reason, counter, officer_id, officer_name, day, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      id,
      dossier?.dossierCode ?? null,
      ticketId,
      req.level,
      reason,
      where?.counter ?? null,
      where?.officer?.id ?? null,
      where?.officer?.name ?? null,
      vnDate(now),
      vnIso(now),
    );
  const row = store.db.prepare('SELECT * FROM ratings WHERE id = ?').get(id) as RatingRow;
  return { status: 201, body: serveRating(row), headers: { Location: `/api/v1/ratings/${id}` } };
}

/** Checks answers against the served survey; returns them with NFC-clean keys. */
function checkAnswers(answers: Record<string, string>): Record<string, string> {
  const errors: { pointer: string; detail: string }[] = [];
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(answers)) {
    const q = SURVEY.questions.find((x) => String(x.indicator) === String(Number(key)));
    if (!q) {
      errors.push({ pointer: `#/answers/${key}`, detail: `indicator ${key} is not a question of survey ${SURVEY_VERSION}` });
      continue;
    }
    if (!q.options.some((o) => o.value === value)) {
      errors.push({ pointer: `#/answers/${key}`, detail: `"${value.slice(0, 64)}" is not an option of question ${q.indicator}` });
      continue;
    }
    out[String(q.indicator)] = value;
  }
  if (errors.length === 0 && Object.keys(out).length === 0) errors.push({ pointer: '#/answers', detail: 'at least one question must be answered' });
  if (errors.length) {
    throw new HttpProblem(422, 'invalid-survey', errors.map((e) => `${e.pointer}: ${e.detail}`).join('; '), {}, errors);
  }
  return out;
}

function createSurvey(ctx: RouteContext): { status: number; body: SurveyReceipt } {
  const { store } = ctx;
  const req = parseBody(ctx, SurveyAnswers);
  if (req.version !== SURVEY_VERSION) {
    throw new HttpProblem(422, 'invalid-survey', `Survey version ${req.version.slice(0, 64)} is not served; the current one is ${SURVEY_VERSION}.`, {}, [
      { pointer: '#/version', detail: `must be ${SURVEY_VERSION}` },
    ]);
  }
  const answers = checkAnswers(req.answers);
  const dossier = findDossier(store, req.dossierCode);
  if (store.db.prepare('SELECT 1 FROM surveys WHERE dossier_code = ?').get(dossier.dossierCode)) {
    throw new HttpProblem(409, 'already-rated', `The survey of dossier ${dossier.dossierCode} has already been answered.`);
  }
  const now = ctx.now();
  const id = newId('S', now);
  store.db
    .prepare('INSERT INTO surveys (id, dossier_code, version, answers, day, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(id, dossier.dossierCode, SURVEY_VERSION, JSON.stringify(answers), vnDate(now), vnIso(now));
  return { status: 201, body: { id, dossierCode: dossier.dossierCode, version: SURVEY_VERSION, answers, createdAt: vnIso(now) } };
}

const emptyCounts = (): LevelCounts => ({ very_satisfied: 0, satisfied: 0, not_satisfied: 0, total: 0 });
const count = (c: LevelCounts, level: RatingLevel) => {
  c[level]++;
  c.total++;
};

/** The day a dossier was finished (first of result_ready, returned, rejected), or null. */
function finishedOn(d: DossierRecord): string | null {
  const done = d.stateHistory.find((h) => h.state === 'result_ready' || h.state === 'returned' || h.state === 'rejected');
  return done ? vnDate(new Date(done.at)) : null;
}

/** The points of one surveyed dossier, indicators 1 to 9 (null: skipped). */
export function surveyPoints(d: DossierRecord, answers: Record<string, string>, today: string): Record<string, 0 | 1 | 2 | null> {
  const points: Record<string, 0 | 1 | 2 | null> = {};
  const timely = timelinessPoints(finishedOn(d), d.dueDate, today);
  points['1'] = timely;
  points['2'] = timely;
  const judged = AGENCY_JUDGEMENTS[d.agencyName];
  for (const i of AGENCY_INDICATORS) points[String(i)] = judged ? judged[i] : 1;
  for (const q of SURVEY.questions) {
    if (LEVEL_INDICATORS.includes(q.indicator as 10 | 11)) continue;
    const chosen = q.options.find((o) => o.value === answers[String(q.indicator)]);
    points[String(q.indicator)] = chosen ? (chosen.points as 0 | 1 | 2) : null;
  }
  return Object.fromEntries(Object.entries(points).sort(([a], [b]) => Number(a) - Number(b)));
}

function parseRange(query: URLSearchParams): { from: string; to: string } {
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  const errors: { pointer: string; detail: string }[] = [];
  const valid = (s: string) =>
    /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
  if (!valid(from)) errors.push({ pointer: '#/from', detail: 'from must be a date yyyy-MM-dd' });
  if (!valid(to)) errors.push({ pointer: '#/to', detail: 'to must be a date yyyy-MM-dd' });
  if (errors.length === 0 && from > to) errors.push({ pointer: '#/to', detail: 'to must not be before from' });
  if (errors.length) throw new HttpProblem(400, 'invalid-query', errors.map((e) => e.detail).join('; '), {}, errors);
  return { from, to };
}

export function ratingReport(store: SandboxStore, from: string, to: string, now: Date): RatingReport {
  const rows = store.db.prepare('SELECT * FROM ratings WHERE day BETWEEN ? AND ? ORDER BY created_at DESC, id').all(from, to) as RatingRow[];
  const byLevel = emptyCounts();
  const counters = new Map<number, LevelCounts>();
  const officers = new Map<string, { officer: Officer; levels: LevelCounts }>();
  let withoutCounter = 0;
  const reasons: { reason: string; createdAt: string }[] = [];
  for (const r of rows) {
    count(byLevel, r.level);
    if (r.counter !== null) {
      const c = counters.get(r.counter) ?? emptyCounts();
      count(c, r.level);
      counters.set(r.counter, c);
    } else withoutCounter++;
    if (r.officer_id && r.officer_name) {
      const o = officers.get(r.officer_id) ?? { officer: { id: r.officer_id, name: r.officer_name }, levels: emptyCounts() };
      count(o.levels, r.level);
      officers.set(r.officer_id, o);
    }
    if (r.level === 'not_satisfied' && r.reason && reasons.length < 50) reasons.push({ reason: r.reason, createdAt: r.created_at });
  }

  const today = vnDate(now);
  const surveys = store.db.prepare('SELECT dossier_code, answers FROM surveys WHERE day BETWEEN ? AND ? ORDER BY created_at, id').all(from, to) as {
    dossier_code: string;
    answers: string;
  }[];
  const dossiers: RatingReport['survey']['dossiers'] = [];
  const levels = { '10': emptyCounts(), '11': emptyCounts() };
  for (const s of surveys) {
    const d = store.dossier(s.dossier_code);
    if (!d) continue;
    const answers = JSON.parse(s.answers) as Record<string, string>;
    const points = surveyPoints(d, answers, today);
    const total = dossierTotal(Object.fromEntries(Object.entries(points).map(([k, v]) => [Number(k), v])))!;
    const given: Record<string, RatingLevel> = {};
    for (const i of ['10', '11'] as const) {
      const level = RatingLevel.safeParse(answers[i]);
      if (level.success) {
        given[i] = level.data;
        count(levels[i], level.data);
      }
    }
    const grade = surveyGrade(total.total);
    dossiers.push({
      dossierCode: d.dossierCode,
      agency: d.agencyName,
      points,
      total: total.total,
      grade,
      gradeLabel: SURVEY_GRADE_LABELS_VI[grade],
      levels: given,
    });
  }
  const average = averagePoints(dossiers.map((d) => d.total));
  const grade = average === null ? null : surveyGrade(average);
  return {
    from,
    to,
    ratings: {
      byLevel,
      byCounter: [...counters.entries()].sort(([a], [b]) => a - b).map(([counter, levels]) => ({ counter, levels })),
      byOfficer: [...officers.values()].sort((a, b) => a.officer.id.localeCompare(b.officer.id)),
      withoutCounter,
      reasons,
    },
    survey: {
      count: dossiers.length,
      dossiers,
      averagePoints: average,
      grade,
      gradeLabel: grade === null ? null : SURVEY_GRADE_LABELS_VI[grade],
      levels,
      method: REPORT_METHOD,
    },
  };
}

// ---- examples (from the seed, not stored) ----------------------------------------------------

function exampleDossier(store: SandboxStore): DossierRecord {
  const d = store.dossiers().find((x) => x.state === 'returned' && x.channel === 'in_person') ?? store.dossiers()[0];
  if (!d) throw new Error('the sandbox has no dossier to use as an example');
  return d;
}

function exampleRating(ctx: Pick<RouteContext, 'store' | 'now'> & { ratingLookups?: RatingLookups }): Rating {
  const d = exampleDossier(ctx.store);
  const desk = lookupsOf(ctx).dossierDesk(ctx.store, d);
  return Rating.parse({
    id: `R${vnYyMMdd(ctx.now())}KMQRXT`,
    dossierCode: d.dossierCode,
    ticketId: null,
    level: 'not_satisfied',
    reason: 'Thời gian chờ lâu',
    counter: desk?.counter ?? null,
    officer: desk?.officer ?? null,
    createdAt: vnIso(ctx.now()),
  });
}

const EXAMPLE_ANSWERS = { '3': 'once', '4': 'one', '6': 'full', '7': 'courteous', '10': 'satisfied', '11': 'very_satisfied' };

function exampleReport(ctx: Pick<RouteContext, 'store' | 'now'>): RatingReport {
  const d = exampleDossier(ctx.store);
  const today = vnDate(ctx.now());
  const points = surveyPoints(d, EXAMPLE_ANSWERS, today);
  const total = dossierTotal(Object.fromEntries(Object.entries(points).map(([k, v]) => [Number(k), v])))!.total;
  const grade = surveyGrade(total);
  const one = (level: RatingLevel): LevelCounts => ({ ...emptyCounts(), [level]: 1, total: 1 });
  const desk = DEFAULT_RATING_LOOKUPS.dossierDesk(ctx.store, d);
  return RatingReport.parse({
    from: today,
    to: today,
    ratings: {
      byLevel: one('not_satisfied'),
      byCounter: desk ? [{ counter: desk.counter, levels: one('not_satisfied') }] : [],
      byOfficer: desk ? [{ officer: desk.officer, levels: one('not_satisfied') }] : [],
      withoutCounter: desk ? 0 : 1,
      reasons: [{ reason: 'Thời gian chờ lâu', createdAt: vnIso(ctx.now()) }],
    },
    survey: {
      count: 1,
      dossiers: [
        {
          dossierCode: d.dossierCode,
          agency: d.agencyName,
          points,
          total,
          grade,
          gradeLabel: SURVEY_GRADE_LABELS_VI[grade],
          levels: { '10': 'satisfied', '11': 'very_satisfied' },
        },
      ],
      averagePoints: total,
      grade,
      gradeLabel: SURVEY_GRADE_LABELS_VI[grade],
      levels: { '10': one('satisfied'), '11': one('very_satisfied') },
      method: REPORT_METHOD,
    },
  });
}

const IDEMPOTENCY_PARAM = {
  name: 'Idempotency-Key',
  in: 'header' as const,
  required: true,
  description: 'A unique key per rating or survey (a UUID), reused on every retry.',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
  example: '0b6f1c3e-8a2d-4f5b-9c7e-1d2a3b4c5d6e',
};

export const RATING_ROUTES: readonly RouteDef[] = [
  {
    method: 'POST',
    path: '/api/v1/ratings',
    auth: true,
    operationId: 'createRating',
    summary: 'Rate a dossier or a served ticket (đánh giá mức độ hài lòng)',
    description:
      'The quick rating: `very_satisfied` (Rất hài lòng), `satisfied` (Hài lòng) or `not_satisfied` (Không hài lòng, which needs a `reason`: 422 `reason-required` without). Tied to a dossier that exists (`dossierCode`, 404 otherwise) or to a ticket (`ticketId`), at least one (422 `invalid-rating`). One rating per dossier and one per ticket: a second is 409 `already-rated`. A ticket must be one the queue served to the end (404 `ticket-not-found`, 422 `ticket-not-served` otherwise) and the rating takes the counter and officer that served it; a dossier rating those who received the dossier at the one-stop desk (none for a dossier received online or by post). Requires `Idempotency-Key`: the same key and body replay the first answer.',
    tag: 'ratings',
    parameters: [IDEMPOTENCY_PARAM],
    requestBody: {
      schema: 'RatingRequest',
      description: 'The rating.',
      example: ({ store }) => ({ dossierCode: exampleDossier(store).dossierCode, level: 'not_satisfied', reason: 'Thời gian chờ lâu' }),
    },
    idempotent: true,
    successStatus: 201,
    responseSchema: 'Rating',
    problems: [400, 404, 409, 422],
    responseHeaders: { Location: { description: 'The rating.', schema: { type: 'string' } } },
    handle: (ctx) => createRating(ctx),
    example: (ctx) => exampleRating(ctx),
  },
  {
    method: 'GET',
    path: '/api/v1/survey',
    auth: true,
    operationId: 'getSurvey',
    summary: 'The satisfaction survey (Decree 61/2018/NĐ-CP, Circular 01/2018/TT-VPCP)',
    description:
      "The questions the resident answers (indicators 3, 4, 6, 7, 10 and 11), in the order asked, with their options: 3–7 score 2, 1 or 0 points; 10 and 11 take a satisfaction level (no points). Indicators 1 and 2 are computed from the dossier's dates and 5, 8, 9 judged per agency: they are not asked. `version` must be sent back with the answers.",
    tag: 'ratings',
    parameters: [],
    responseSchema: 'Survey',
    problems: [],
    handle: () => ({ status: 200, body: SURVEY }),
    example: () => SURVEY,
  },
  {
    method: 'POST',
    path: '/api/v1/surveys',
    auth: true,
    operationId: 'answerSurvey',
    summary: 'Answer the survey for a dossier',
    description:
      'One survey per dossier (409 `already-rated`). `version` must be the served one and every answer an option of a served question (422 `invalid-survey`, naming the answer); questions may be skipped, at least one answered. An unknown dossier is 404. Requires `Idempotency-Key`.',
    tag: 'ratings',
    parameters: [IDEMPOTENCY_PARAM],
    requestBody: {
      schema: 'SurveyAnswers',
      description: 'The answers, indicator → option value.',
      example: ({ store }) => ({ dossierCode: exampleDossier(store).dossierCode, version: SURVEY_VERSION, answers: EXAMPLE_ANSWERS }),
    },
    idempotent: true,
    successStatus: 201,
    responseSchema: 'SurveyReceipt',
    problems: [400, 404, 409, 422],
    handle: (ctx) => createSurvey(ctx),
    example: ({ store, now }) => ({
      id: `S${vnYyMMdd(now())}KMQRXT`,
      dossierCode: exampleDossier(store).dossierCode,
      version: SURVEY_VERSION,
      answers: EXAMPLE_ANSWERS,
      createdAt: vnIso(now()),
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/ratings/report',
    auth: true,
    operationId: 'ratingReport',
    summary: 'Ratings and survey report (center staff)',
    description:
      "Ratings and surveys recorded from `from` to `to` (days in Vietnam, inclusive): ratings per level, per counter and per officer, the reasons of \"Không hài lòng\"; the survey's points per dossier (1 and 2 computed from the dossier's dates against its due date, 5, 8, 9 judged per agency, the rest the resident's answers), their average and its grade: above 15 Xuất sắc, 12 to 15 Tốt, 9 to under 12 Khá, 6 to under 9 Trung bình, under 6 Yếu. `survey.method` says how each indicator was scored.",
    tag: 'ratings',
    parameters: [
      { name: 'from', in: 'query', required: true, description: 'First day, yyyy-MM-dd.', schema: { type: 'string', format: 'date' }, example: '2026-11-01' },
      { name: 'to', in: 'query', required: true, description: 'Last day, yyyy-MM-dd.', schema: { type: 'string', format: 'date' }, example: '2026-11-30' },
    ],
    responseSchema: 'RatingReport',
    problems: [400],
    responseHeaders: { 'Cache-Control': { description: 'Always `no-store`.', schema: { type: 'string', const: 'no-store' } } },
    handle: (ctx) => {
      const { from, to } = parseRange(ctx.query);
      return { status: 200, body: ratingReport(ctx.store, from, to, ctx.now()), headers: { 'Cache-Control': 'no-store' } };
    },
    example: (ctx) => exampleReport(ctx),
  },
];

/** Every response and request schema these routes name, for routes.ts's SCHEMAS. */
export const RATING_SCHEMAS = { Rating, RatingRequest, Survey, SurveyAnswers, SurveyReceipt, RatingReport } as const;
