/**
 * The sandbox's SQLite store (better-sqlite3, WAL for file databases): schema, first-start seed,
 * and the queries the routes need. Rows keep the full applicant name; masking happens when a
 * dossier is served.
 */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Announcement, DossierState, Procedure, ProcedureSummary, Sector, StateChange } from '../main/api/schemas';
import { buildSeedAnnouncements, buildSeedDossiers, PROCEDURES, SECTORS, type SeedDossier } from './seed';
import { createSearchIndex, POPULAR_PROCEDURES, type SearchIndex } from '../common/search';
import { PAYMENTS_DDL } from './payments'; // payments (issue 12)
import { RATINGS_DDL } from './ratings'; // ratings and the survey (issue 13)
import { QUEUE_DDL, upgradeQueueSchema } from './queue/db'; // queue (issue 13)

const SCHEMA_VERSION = 3;

/**
 * The catalogue (sectors and procedures) is reference data of the seed, not something residents
 * wrote: when the seed changes (new procedures, aliases, a new column) it is dropped and written
 * again, while dossiers, submissions and idempotency keys stay.
 */
const CATALOGUE_DDL = `
CREATE TABLE IF NOT EXISTS sectors (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  sort INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS procedures (
  code TEXT PRIMARY KEY,
  sector_code TEXT NOT NULL REFERENCES sectors(code),
  name TEXT NOT NULL,
  aliases TEXT NOT NULL,
  agency_level TEXT NOT NULL,
  online_level TEXT NOT NULL,
  processing_days REAL NOT NULL,
  sort INTEGER NOT NULL,
  detail TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS procedures_sector ON procedures(sector_code, sort);
`;

const DDL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS dossiers (
  code TEXT PRIMARY KEY,
  procedure_code TEXT NOT NULL,
  procedure_name TEXT NOT NULL,
  agency_name TEXT NOT NULL,
  agency_level TEXT NOT NULL,
  channel TEXT NOT NULL,
  state TEXT NOT NULL,
  state_history TEXT NOT NULL,
  received_at TEXT NOT NULL,
  due_date TEXT NOT NULL,
  fees_due INTEGER NOT NULL,
  applicant_name TEXT NOT NULL,
  supplement_note TEXT
) STRICT;
-- Dossiers submitted through POST /api/v1/dossiers (what the submission carried).
CREATE TABLE IF NOT EXISTS submissions (
  dossier_code TEXT PRIMARY KEY REFERENCES dossiers(code),
  idempotency_key TEXT NOT NULL,
  kiosk_ref TEXT,
  body TEXT NOT NULL,
  attachments TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
-- Idempotency keys and the first answer given for each (kept at least 30 days).
CREATE TABLE IF NOT EXISTS idempotency (
  key TEXT PRIMARY KEY,
  body_sha256 TEXT NOT NULL,
  status INTEGER NOT NULL,
  response TEXT NOT NULL,
  headers TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS idempotency_age ON idempotency(created_at);
CREATE TABLE IF NOT EXISTS announcements (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  category TEXT NOT NULL,
  published_at TEXT NOT NULL,
  valid_until TEXT
) STRICT;
`;

export interface DossierRecord {
  dossierCode: string;
  procedureCode: string;
  procedureName: string;
  agencyName: string;
  agencyLevel: 'province' | 'commune';
  channel: 'in_person' | 'online' | 'postal';
  state: DossierState;
  stateHistory: StateChange[];
  receivedAt: string;
  dueDate: string;
  feesDue: number;
  applicantName: string;
  supplementNote?: string;
}

export interface ProcedureSearch {
  q?: string | undefined;
  sector?: string | undefined;
  page: number;
  pageSize: number;
}

interface DossierRow {
  code: string;
  procedure_code: string;
  procedure_name: string;
  agency_name: string;
  agency_level: string;
  channel: string;
  state: string;
  state_history: string;
  received_at: string;
  due_date: string;
  fees_due: number;
  applicant_name: string;
  supplement_note: string | null;
}

interface SummaryRow {
  code: string;
  name: string;
  sector_code: string;
  sector_name: string;
  agency_level: string;
  online_level: string;
  processing_days: number;
  aliases: string;
}

const SUMMARY_SELECT = `SELECT p.code, p.name, p.sector_code, s.name AS sector_name, p.agency_level, p.online_level, p.processing_days, p.aliases
         FROM procedures p JOIN sectors s ON s.code = p.sector_code`;

function toSummary(r: SummaryRow): ProcedureSummary {
  return {
    code: r.code,
    name: r.name,
    sectorCode: r.sector_code,
    sectorName: r.sector_name,
    agencyLevel: r.agency_level as ProcedureSummary['agencyLevel'],
    onlineLevel: r.online_level as ProcedureSummary['onlineLevel'],
    processingDays: r.processing_days,
    aliases: JSON.parse(r.aliases) as string[],
  };
}

function toDossier(r: DossierRow): DossierRecord {
  const d: DossierRecord = {
    dossierCode: r.code,
    procedureCode: r.procedure_code,
    procedureName: r.procedure_name,
    agencyName: r.agency_name,
    agencyLevel: r.agency_level as DossierRecord['agencyLevel'],
    channel: r.channel as DossierRecord['channel'],
    state: r.state as DossierState,
    stateHistory: JSON.parse(r.state_history) as StateChange[],
    receivedAt: r.received_at,
    dueDate: r.due_date,
    feesDue: r.fees_due,
    applicantName: r.applicant_name,
  };
  if (r.supplement_note !== null) d.supplementNote = r.supplement_note;
  return d;
}

export class SandboxStore {
  readonly db: Database.Database;

  constructor(file: string | undefined) {
    this.db = new Database(file ?? ':memory:');
    if (file) this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 2000');
    this.db.exec(DDL);
    this.db.exec(PAYMENTS_DDL); // payments (issue 12)
    this.db.exec(RATINGS_DDL); // ratings and the survey (issue 13)
    this.db.exec(QUEUE_DDL); // queue (issue 13)
    upgradeQueueSchema(this.db);
    this.syncCatalogue();
  }

  /** Writes the seed's catalogue when the database holds none or an older one. Returns true when it wrote. */
  syncCatalogue(): boolean {
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([SCHEMA_VERSION, SECTORS, PROCEDURES]))
      .digest('hex');
    const stored = this.db.prepare("SELECT value FROM meta WHERE key = 'catalogue'").get() as { value: string } | undefined;
    if (stored?.value === fingerprint) return false;
    const tx = this.db.transaction(() => {
      this.db.exec('DROP TABLE IF EXISTS procedures; DROP TABLE IF EXISTS sectors;');
      this.db.exec(CATALOGUE_DDL);
      const insSector = this.db.prepare('INSERT INTO sectors (code, name, sort) VALUES (?, ?, ?)');
      SECTORS.forEach((s, i) => insSector.run(s.code, s.name, i));
      const sectorNames = new Map(SECTORS.map((s) => [s.code, s.name]));
      const insProc = this.db.prepare(
        `INSERT INTO procedures (code, sector_code, name, aliases, agency_level, online_level, processing_days, sort, detail)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      PROCEDURES.forEach((p, i) => {
        const sectorName = sectorNames.get(p.sectorCode);
        if (!sectorName) throw new Error(`procedure ${p.code} names unknown sector ${p.sectorCode}`);
        const full: Procedure = { ...p, sectorName };
        insProc.run(p.code, p.sectorCode, p.name, JSON.stringify(p.aliases), p.agencyLevel, p.onlineLevel, p.processingDays, i, JSON.stringify(full));
      });
      this.db.prepare("INSERT INTO meta (key, value) VALUES ('catalogue', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(fingerprint);
    });
    this.db.exec('PRAGMA foreign_keys = OFF');
    try {
      tx();
    } finally {
      this.db.exec('PRAGMA foreign_keys = ON');
    }
    return true;
  }

  /** Seeds the database when it has never been seeded. Returns true when it seeded. */
  seedIfEmpty(now: Date): boolean {
    const seeded = this.db.prepare("SELECT value FROM meta WHERE key = 'seeded_at'").get() as { value: string } | undefined;
    if (seeded) return false;
    const tx = this.db.transaction(() => {
      for (const d of buildSeedDossiers(now)) this.insertDossier(d);
      const insAnn = this.db.prepare('INSERT INTO announcements (id, title, body, category, published_at, valid_until) VALUES (?, ?, ?, ?, ?, ?)');
      for (const a of buildSeedAnnouncements(now)) insAnn.run(a.id, a.title, a.body, a.category, a.publishedAt, a.validUntil ?? null);
      this.db.prepare("INSERT INTO meta (key, value) VALUES ('seeded_at', ?), ('schema_version', ?)").run(now.toISOString(), String(SCHEMA_VERSION));
    });
    tx();
    return true;
  }

  insertDossier(d: SeedDossier): void {
    this.db
      .prepare(
        `INSERT INTO dossiers (code, procedure_code, procedure_name, agency_name, agency_level, channel, state, state_history,
           received_at, due_date, fees_due, applicant_name, supplement_note)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        d.dossierCode,
        d.procedureCode,
        d.procedureName,
        d.agencyName,
        d.agencyLevel,
        d.channel,
        d.state,
        JSON.stringify(d.stateHistory),
        d.receivedAt,
        d.dueDate,
        d.feesDue,
        d.applicantName,
        d.supplementNote ?? null,
      );
  }

  sectors(): Sector[] {
    return this.db
      .prepare(
        `SELECT s.code, s.name, (SELECT COUNT(*) FROM procedures p WHERE p.sector_code = s.code) AS procedureCount
         FROM sectors s ORDER BY s.sort`,
      )
      .all() as Sector[];
  }

  searchProcedures(query: ProcedureSearch): { items: ProcedureSummary[]; total: number } {
    const text = query.q?.trim() ?? '';
    if (text) {
      // Searched with the kiosk's own engine (common/search), so the sandbox forgives what the
      // kiosk forgives: no marks, regional spellings, typos, words run together, synonyms.
      const { index, summaries } = this.searchIndex();
      const filter = query.sector ? (code: string) => summaries.get(code)?.sectorCode === query.sector : undefined;
      const hits = index.search(text, { limit: 1000, ...(filter ? { filter } : {}) });
      const start = (query.page - 1) * query.pageSize;
      return { items: hits.slice(start, start + query.pageSize).map((h) => summaries.get(h.id)!), total: hits.length };
    }
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (query.sector) {
      where.push('p.sector_code = ?');
      args.push(query.sector);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM procedures p ${clause}`).get(...args) as { n: number }).n;
    const rows = this.db
      .prepare(
        `${SUMMARY_SELECT} ${clause}
         ORDER BY s.sort, p.sort LIMIT ? OFFSET ?`,
      )
      .all(...args, query.pageSize, (query.page - 1) * query.pageSize) as SummaryRow[];
    return { items: rows.map(toSummary), total };
  }

  private index: { index: SearchIndex; summaries: Map<string, ProcedureSummary> } | undefined;

  /** The search index of the catalogue, built on first use (the catalogue is rewritten only at open). */
  private searchIndex(): { index: SearchIndex; summaries: Map<string, ProcedureSummary> } {
    if (!this.index) {
      const rows = (this.db.prepare(`${SUMMARY_SELECT} ORDER BY s.sort, p.sort`).all() as SummaryRow[]).map(toSummary);
      const agencies = new Map(PROCEDURES.map((p) => [p.code, p.agency]));
      const index = createSearchIndex(
        rows.map((p) => ({
          id: p.code,
          name: p.name,
          code: p.code,
          aliases: p.aliases,
          sector: p.sectorName,
          agency: agencies.get(p.code),
          popularity: POPULAR_PROCEDURES.includes(p.code) ? 1 : 0,
        })),
      );
      this.index = { index, summaries: new Map(rows.map((p) => [p.code, p])) };
    }
    return this.index;
  }

  procedure(code: string): Procedure | null {
    const row = this.db.prepare('SELECT detail FROM procedures WHERE code = ?').get(code) as { detail: string } | undefined;
    return row ? (JSON.parse(row.detail) as Procedure) : null;
  }

  dossier(code: string): DossierRecord | null {
    const row = this.db.prepare('SELECT * FROM dossiers WHERE code = ?').get(code) as DossierRow | undefined;
    return row ? toDossier(row) : null;
  }

  dossiers(): DossierRecord[] {
    return (this.db.prepare('SELECT * FROM dossiers ORDER BY received_at DESC, code').all() as DossierRow[]).map(toDossier);
  }

  /** Announcements published by `nowIso` and valid on `today` (yyyy-MM-dd), newest first. */
  announcements(nowIso: string, today: string): Announcement[] {
    const rows = this.db
      .prepare(
        `SELECT id, title, body, category, published_at, valid_until FROM announcements
         WHERE published_at <= ? AND (valid_until IS NULL OR valid_until >= ?)
         ORDER BY published_at DESC, id`,
      )
      .all(nowIso, today) as { id: string; title: string; body: string; category: string; published_at: string; valid_until: string | null }[];
    return rows.map((r) => {
      const a: Announcement = { id: r.id, title: r.title, body: r.body, category: r.category as Announcement['category'], publishedAt: r.published_at };
      if (r.valid_until !== null) a.validUntil = r.valid_until;
      return a;
    });
  }

  /** The first answer given for an idempotency key, or null. */
  idempotencyRecord(key: string): { bodySha256: string; status: number; response: unknown; headers: Record<string, string>; createdAt: number } | null {
    const r = this.db.prepare('SELECT * FROM idempotency WHERE key = ?').get(key) as
      { body_sha256: string; status: number; response: string; headers: string; created_at: number } | undefined;
    if (!r) return null;
    return {
      bodySha256: r.body_sha256,
      status: r.status,
      response: JSON.parse(r.response),
      headers: JSON.parse(r.headers) as Record<string, string>,
      createdAt: r.created_at,
    };
  }

  /** Records the answer for a key and forgets keys older than `retentionMs`. */
  saveIdempotency(
    key: string,
    bodySha256: string,
    status: number,
    response: unknown,
    headers: Record<string, string>,
    nowMs: number,
    retentionMs: number,
  ): void {
    this.db
      .prepare('INSERT INTO idempotency (key, body_sha256, status, response, headers, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(key, bodySha256, status, JSON.stringify(response), JSON.stringify(headers), nowMs);
    this.db.prepare('DELETE FROM idempotency WHERE created_at < ?').run(nowMs - retentionMs);
  }

  /** The next free dossier number of an agency on a day (`<agency>-<yyMMdd>-`). */
  nextDossierNumber(prefix: string): number {
    const rows = this.db.prepare("SELECT code FROM dossiers WHERE code LIKE ? ESCAPE '\\'").all(`${prefix.replace(/[%_\\]/g, (c) => `\\${c}`)}%`) as {
      code: string;
    }[];
    let max = 0;
    for (const r of rows) max = Math.max(max, Number(r.code.slice(prefix.length)) || 0);
    return max + 1;
  }

  insertSubmission(s: {
    dossierCode: string;
    idempotencyKey: string;
    kioskRef?: string | undefined;
    body: unknown;
    attachments: unknown;
    createdAt: string;
  }): void {
    this.db
      .prepare('INSERT INTO submissions (dossier_code, idempotency_key, kiosk_ref, body, attachments, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(s.dossierCode, s.idempotencyKey, s.kioskRef ?? null, JSON.stringify(s.body), JSON.stringify(s.attachments), s.createdAt);
  }

  /** The applicant's ID number of a submitted dossier, or null (the seed's dossiers have none). */
  submissionApplicantId(code: string): string | null {
    const row = this.db.prepare('SELECT body FROM submissions WHERE dossier_code = ?').get(code) as { body: string } | undefined;
    if (!row) return null;
    const id = (JSON.parse(row.body) as { applicant?: { personalId?: unknown } }).applicant?.personalId;
    return typeof id === 'string' ? id : null;
  }

  /** Submitted dossiers (for tests and the crash harness: one row per accepted submission). */
  submissions(): { dossierCode: string; idempotencyKey: string; kioskRef: string | null; createdAt: string }[] {
    return (
      this.db.prepare('SELECT dossier_code, idempotency_key, kiosk_ref, created_at FROM submissions ORDER BY created_at, dossier_code').all() as {
        dossier_code: string;
        idempotency_key: string;
        kiosk_ref: string | null;
        created_at: string;
      }[]
    ).map((r) => ({ dossierCode: r.dossier_code, idempotencyKey: r.idempotency_key, kioskRef: r.kiosk_ref, createdAt: r.created_at }));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
