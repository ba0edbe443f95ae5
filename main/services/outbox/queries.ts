/** The outbox's prepared SQL, and the shapes of its rows. */
import type Database from 'better-sqlite3';

export interface Row {
  id: string;
  seq: number;
  kind: string;
  local_ref: string;
  method: string;
  path: string;
  body: string;
  summary: string;
  state: 'pending' | 'dead';
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
}

export interface FileRow {
  idx: number;
  name: string;
  mime: string;
  size: number;
  file: string;
  sha256: string;
}

/** A tus upload of an attachment (migration 6). */
export interface UploadRow {
  url: string;
  confirmed: number;
  size: number;
  complete: 0 | 1;
}

export interface DeliveredRow {
  local_ref: string;
  kind: string;
  result_ref: string | null;
  delivered_at: number;
}

export function prepareQueries(db: Database.Database) {
  const s = {
    usage: db.prepare('SELECT (SELECT COALESCE(SUM(size), 0) FROM outbox_files) + (SELECT COALESCE(SUM(length(body)), 0) FROM outbox) AS bytes'),
    counter: db.prepare('INSERT INTO local_ref_counter (day, n) VALUES (?, 1) ON CONFLICT(day) DO UPDATE SET n = n + 1 RETURNING n'),
    nextSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS s FROM outbox'),
    insert: db.prepare(
      `INSERT INTO outbox (id, seq, kind, local_ref, method, path, body, summary, state, attempts, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, 0, ?)`,
    ),
    insertFile: db.prepare('INSERT INTO outbox_files (outbox_id, idx, name, mime, size, file, sha256) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    due: db.prepare(
      `SELECT * FROM outbox WHERE state = 'pending' AND next_attempt_at <= ? AND id NOT IN (SELECT value FROM json_each(?))
       ORDER BY seq LIMIT ?`,
    ),
    nextDue: db.prepare("SELECT MIN(next_attempt_at) AS t FROM outbox WHERE state = 'pending'"),
    files: db.prepare('SELECT idx, name, mime, size, file, sha256 FROM outbox_files WHERE outbox_id = ? ORDER BY idx'),
    remove: db.prepare('DELETE FROM outbox WHERE id = ?'),
    delivered: db.prepare('INSERT OR REPLACE INTO delivered (local_ref, kind, result_ref, delivered_at) VALUES (?, ?, ?, ?)'),
    failed: db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?'),
    dead: db.prepare("UPDATE outbox SET state = 'dead', attempts = attempts + 1, last_error = ? WHERE id = ?"),
    requeue: db.prepare("UPDATE outbox SET state = 'pending', next_attempt_at = 0, last_error = NULL WHERE id = ? AND state = 'dead'"),
    byRef: db.prepare('SELECT * FROM outbox WHERE local_ref = ?'),
    deliveredByRef: db.prepare('SELECT * FROM delivered WHERE local_ref = ?'),
    counts: db.prepare('SELECT state, COUNT(*) AS n FROM outbox GROUP BY state'),
    deadList: db.prepare("SELECT * FROM outbox WHERE state = 'dead' ORDER BY seq"),
    allFiles: db.prepare('SELECT file FROM outbox_files'),
    pendingCount: db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'"),
    pendingAttempts: db.prepare("SELECT attempts FROM outbox WHERE id = ? AND state = 'pending'"),
    // uploads (issue 15, migration 6)
    upload: db.prepare('SELECT url, confirmed, size, complete FROM outbox_uploads WHERE outbox_id = ? AND idx = ?'),
    saveUpload: db.prepare(
      `INSERT INTO outbox_uploads (outbox_id, idx, url, confirmed, size, complete, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(outbox_id, idx) DO UPDATE SET url = excluded.url, confirmed = excluded.confirmed, complete = excluded.complete, updated_at = excluded.updated_at`,
    ),
    forgetUpload: db.prepare('DELETE FROM outbox_uploads WHERE outbox_id = ? AND idx = ?'),
  };
  return {
    usageBytes: () => (s.usage.get() as { bytes: number }).bytes,
    nextLocalNumber: (day: string) => (s.counter.get(day) as { n: number }).n,
    nextSeq: () => (s.nextSeq.get() as { s: number }).s,
    insert: (r: { id: string; seq: number; kind: string; localRef: string; method: string; path: string; body: string; summary: string; createdAt: number }) =>
      s.insert.run(r.id, r.seq, r.kind, r.localRef, r.method, r.path, r.body, r.summary, r.createdAt),
    insertFile: (outboxId: string, f: FileRow) => s.insertFile.run(outboxId, f.idx, f.name, f.mime, f.size, f.file, f.sha256),
    due: (now: number, exclude: string[], limit: number) => s.due.all(now, JSON.stringify(exclude), limit) as Row[],
    nextDue: () => (s.nextDue.get() as { t: number | null }).t,
    files: (outboxId: string) => s.files.all(outboxId) as FileRow[],
    remove: (id: string) => s.remove.run(id),
    delivered: (localRef: string, kind: string, resultRef: string | null, at: number) => s.delivered.run(localRef, kind, resultRef, at),
    failed: (id: string, error: string, nextAttemptAt: number) => s.failed.run(error, nextAttemptAt, id),
    dead: (id: string, error: string) => s.dead.run(error, id),
    requeue: (id: string) => s.requeue.run(id).changes > 0,
    byRef: (localRef: string) => s.byRef.get(localRef) as Row | undefined,
    deliveredByRef: (localRef: string) => s.deliveredByRef.get(localRef) as DeliveredRow | undefined,
    counts: () => s.counts.all() as { state: string; n: number }[],
    deadList: () => s.deadList.all() as Row[],
    allFiles: () => (s.allFiles.all() as { file: string }[]).map((r) => r.file),
    pendingCount: () => (s.pendingCount.get() as { n: number }).n,
    upload: (outboxId: string, idx: number) => s.upload.get(outboxId, idx) as UploadRow | undefined,
    saveUpload: (outboxId: string, idx: number, u: UploadRow, at: number) => s.saveUpload.run(outboxId, idx, u.url, u.confirmed, u.size, u.complete, at),
    forgetUpload: (outboxId: string, idx: number) => s.forgetUpload.run(outboxId, idx),
    pendingAttempts: (id: string) => (s.pendingAttempts.get(id) as { attempts: number } | undefined)?.attempts,
  };
}

export type Queries = ReturnType<typeof prepareQueries>;
