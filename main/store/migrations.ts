/**
 * The kiosk database's migrations, in order. Never edit one that has shipped: add the next.
 */
import type { Migration } from './db';

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'outbox',
    up(db) {
      db.exec(`
        -- One row per action waiting for the backend. id is a UUID and the Idempotency-Key.
        CREATE TABLE outbox (
          id TEXT PRIMARY KEY,
          seq INTEGER NOT NULL UNIQUE,
          kind TEXT NOT NULL,
          local_ref TEXT NOT NULL UNIQUE,
          method TEXT NOT NULL,
          path TEXT NOT NULL,
          body TEXT NOT NULL,
          summary TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('pending', 'dead')),
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER NOT NULL,
          last_error TEXT,
          created_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX outbox_due ON outbox(state, next_attempt_at, seq);
        -- Attachments of an outbox row, stored as files under dataDir/outbox-files.
        CREATE TABLE outbox_files (
          outbox_id TEXT NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
          idx INTEGER NOT NULL,
          name TEXT NOT NULL,
          mime TEXT NOT NULL,
          size INTEGER NOT NULL,
          file TEXT NOT NULL UNIQUE,
          sha256 TEXT NOT NULL,
          PRIMARY KEY (outbox_id, idx)
        ) STRICT;
        -- What a confirmed local reference became at the backend (codes only, nothing personal).
        CREATE TABLE delivered (
          local_ref TEXT PRIMARY KEY,
          kind TEXT NOT NULL,
          result_ref TEXT,
          delivered_at INTEGER NOT NULL
        ) STRICT;
        -- Per-day counter of local references.
        CREATE TABLE local_ref_counter (
          day TEXT PRIMARY KEY,
          n INTEGER NOT NULL
        ) STRICT;
        -- Form schemas of online procedures (public data), so a kiosk offline can still validate.
        CREATE TABLE form_cache (
          procedure_code TEXT PRIMARY KEY,
          schema TEXT NOT NULL,
          fetched_at INTEGER NOT NULL
        ) STRICT;
      `);
    },
  },
  // ---- maintenance mode (issue 14): independent of every other migration's tables ----
  {
    version: 3,
    name: 'maintenance',
    up(db) {
      db.exec(`
        -- Every maintenance action: who, when, what (key names, never secret values).
        CREATE TABLE maintenance_audit (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          at INTEGER NOT NULL,
          technician TEXT NOT NULL,
          action TEXT NOT NULL,
          detail TEXT NOT NULL DEFAULT ''
        ) STRICT;
        -- PIN entry lockout, one row: wrong PINs in a row and until when entry is locked.
        CREATE TABLE maintenance_lockout (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          failures INTEGER NOT NULL,
          locked_until INTEGER NOT NULL
        ) STRICT;
        -- Technician tokens already used on this kiosk (SHA-256 of the token, never the token).
        CREATE TABLE maintenance_used_tokens (
          token_hash TEXT PRIMARY KEY,
          technician TEXT NOT NULL,
          used_at INTEGER NOT NULL
        ) STRICT;
      `);
    },
  },
  // ---- end maintenance mode ----
];
