/**
 * The kiosk's own SQLite database (better-sqlite3): the outbox, its delivered-reference map and
 * the cached form schemas. One file under `config.dataDir`.
 *
 * - WAL mode, `synchronous=FULL` (a commit is on disk when `run()` returns: the outbox promise),
 *   `secure_delete=ON` (deleted rows are overwritten, so a confirmed dossier leaves no bytes).
 * - Versioned migrations: an ordered array, applied in order, each in its own transaction and
 *   recorded in `schema_version`. A database written by a newer version is refused.
 * - Failures are typed (`StoreError` with kind `corrupt`, `locked`, `io`, `too_new`): the kiosk
 *   turns them into a maintenance alert and an out-of-service state, never a crash loop.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type StoreErrorKind = 'corrupt' | 'locked' | 'io' | 'too_new';

export class StoreError extends Error {
  constructor(
    readonly kind: StoreErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

export interface OpenStoreOptions {
  file: string;
  migrations: readonly Migration[];
  /** How long to wait for another connection's lock before giving up (default 3000 ms). */
  busyTimeoutMs?: number | undefined;
}

export interface Store {
  readonly db: Database.Database;
  readonly file: string;
  /** The schema version after migrations. */
  readonly version: number;
  /** Writes the WAL back into the main file and truncates it. */
  checkpoint(): void;
  close(): void;
}

/** Maps a SQLite failure to the kind of trouble it means for the kiosk. */
export function classifySqliteError(err: unknown): StoreErrorKind {
  const code = typeof err === 'object' && err !== null ? String((err as { code?: unknown }).code ?? '') : '';
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT') || /malformed|not a database/i.test(message)) return 'corrupt';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || /database is locked/i.test(message)) return 'locked';
  return 'io';
}

function wrap(err: unknown, file: string): StoreError {
  if (err instanceof StoreError) return err;
  const kind = classifySqliteError(err);
  const what = err instanceof Error ? err.message : String(err);
  const text =
    kind === 'corrupt'
      ? `database ${file} is corrupt (${what})`
      : kind === 'locked'
        ? `database ${file} is locked by another process (${what})`
        : `database ${file} cannot be used (${what})`;
  return new StoreError(kind, text, { cause: err });
}

/** Opens (creating when absent) the database, checks it, and applies pending migrations. */
export function openStore(options: OpenStoreOptions): Store {
  const { file, migrations } = options;
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version <= migrations[i - 1]!.version) throw new Error('migrations must be in increasing version order');
  }
  let db: Database.Database | undefined;
  try {
    mkdirSync(dirname(file), { recursive: true });
    db = new Database(file, { timeout: options.busyTimeoutMs ?? 3_000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('secure_delete = ON');
    db.pragma('foreign_keys = ON');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new StoreError('corrupt', `database ${file} is corrupt (quick_check: ${String(check).slice(0, 200)})`);
    const version = migrate(db, migrations, file);
    const opened = db;
    return {
      db: opened,
      file,
      version,
      checkpoint: () => {
        opened.pragma('wal_checkpoint(TRUNCATE)');
      },
      close: () => {
        if (opened.open) opened.close();
      },
    };
  } catch (err) {
    try {
      db?.close();
    } catch {
      // already broken
    }
    throw wrap(err, file);
  }
}

function migrate(db: Database.Database, migrations: readonly Migration[], file: string): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const current = (db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null }).v ?? 0;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new StoreError('too_new', `database ${file} has schema version ${current}; this kiosk knows up to ${latest}`);
  }
  const record = db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)');
  const read = db.prepare('SELECT MAX(version) AS v FROM schema_version');
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      // Another process may have applied it while we waited for the write lock.
      if (((read.get() as { v: number | null }).v ?? 0) >= m.version) return;
      m.up(db);
      record.run(m.version, m.name, new Date().toISOString());
    }).immediate();
  }
  return Math.max(current, latest);
}
