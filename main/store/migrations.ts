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
  // ---- Payments (issue 12): main/services/payments ----
  {
    version: 2,
    name: 'payment_intents',
    up(db) {
      db.exec(`
        -- One row per payment intent: a resident asked to pay a dossier's fees. id is a UUID and
        -- the Idempotency-Key of POST /api/v1/payments (the same on every retry and after a
        -- restart). Nothing personal: dossier code, amounts, the payment platform's references.
        CREATE TABLE payment_intents (
          id TEXT PRIMARY KEY,
          dossier_code TEXT NOT NULL,
          -- creating: asked, no answer yet; then the platform's state; refused: 4xx (reason in last_error)
          state TEXT NOT NULL CHECK (state IN ('creating', 'pending', 'paid', 'expired', 'cancelled', 'failed', 'refused')),
          payment_id TEXT UNIQUE,
          amount INTEGER,
          expires_at TEXT,
          paid_at TEXT,
          receipt_number TEXT,
          -- the platform's last answer (Payment JSON: codes, amounts, fee lines, the VietQR payload)
          payment TEXT,
          session_id TEXT,
          -- 1 when the outcome was found after the resident's session (a restart, or they left)
          resolved_unattended INTEGER NOT NULL DEFAULT 0,
          printed_at INTEGER,
          checks INTEGER NOT NULL DEFAULT 0,
          last_error TEXT,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;
        -- At most one open intent per dossier: a double tap finds the first one.
        CREATE UNIQUE INDEX payment_intents_open ON payment_intents(dossier_code) WHERE state IN ('creating', 'pending');
        CREATE INDEX payment_intents_created ON payment_intents(created_at);
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
  // ---- the queue at the kiosk (issue 13): main/services/queue ----
  {
    version: 4,
    name: 'queue',
    up(db) {
      db.exec(`
        -- The center's queue as last fetched (services, waiting, the center's rules): shown offline
        -- with the time it was fetched. Public data, nothing personal.
        CREATE TABLE queue_cache (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL,
          fetched_at INTEGER NOT NULL
        ) STRICT;
        -- Blocks of ticket numbers leased from the backend (POST /api/v1/queue/leases) for offline
        -- tickets. next = the next number to issue (last + 1 when used up). A block belongs to one
        -- day (Vietnam time) and is never used on another.
        CREATE TABLE queue_leases (
          id TEXT PRIMARY KEY,
          service_id TEXT NOT NULL,
          prefix TEXT NOT NULL,
          day TEXT NOT NULL,
          first INTEGER NOT NULL,
          last INTEGER NOT NULL,
          next INTEGER NOT NULL,
          -- open: numbers may be issued from it; closed: never again (reported, or superseded)
          state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
          leased_at INTEGER NOT NULL,
          closed_at INTEGER,
          -- the outbox's local reference of the lease report, once queued
          report_ref TEXT,
          CHECK (first <= last AND next >= first AND next <= last + 1)
        ) STRICT;
        CREATE INDEX queue_leases_open ON queue_leases(state, service_id, day, first);
        -- Tickets issued offline from a block, committed BEFORE the slip prints: a crash after the
        -- commit loses a number, never repeats one. The unique index is the last guard.
        CREATE TABLE queue_lease_tickets (
          lease_id TEXT NOT NULL REFERENCES queue_leases(id),
          number INTEGER NOT NULL,
          day TEXT NOT NULL,
          prefix TEXT NOT NULL,
          issued_at TEXT NOT NULL,
          priority TEXT,
          printed INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (lease_id, number)
        ) STRICT;
        CREATE UNIQUE INDEX queue_lease_tickets_once ON queue_lease_tickets(day, prefix, number);
      `);
    },
  },
  // ---- end queue ----
  // ---- fleet (issue 16): main/services/fleet ----
  {
    version: 5,
    name: 'fleet_commands',
    up(db) {
      db.exec(`
        -- Every signed fleet command received (executed once: the id is the primary key), and
        -- what became of it. Nothing personal: ids, operation names, operator ids, outcomes.
        CREATE TABLE fleet_commands (
          id TEXT PRIMARY KEY,
          op TEXT NOT NULL,
          operator TEXT NOT NULL,
          received_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL,
          outcome TEXT NOT NULL DEFAULT 'running',
          detail TEXT NOT NULL DEFAULT ''
        ) STRICT;
        CREATE INDEX fleet_commands_expiry ON fleet_commands(expires_at);
      `);
    },
  },
  // ---- uploads (issue 15): main/services/outbox/tus.ts ----
  {
    version: 6,
    name: 'outbox_uploads',
    up(db) {
      db.exec(`
        -- A resumable (tus) upload of an outbox attachment: its URL at the backend and the last
        -- offset the backend confirmed. Kept across restarts so an interrupted upload resumes
        -- from the byte the server has (HEAD), never from zero. Removed with the row.
        CREATE TABLE outbox_uploads (
          outbox_id TEXT NOT NULL,
          idx INTEGER NOT NULL,
          url TEXT NOT NULL,
          confirmed INTEGER NOT NULL DEFAULT 0,
          size INTEGER NOT NULL,
          complete INTEGER NOT NULL DEFAULT 0 CHECK (complete IN (0, 1)),
          updated_at INTEGER NOT NULL,
          PRIMARY KEY (outbox_id, idx),
          FOREIGN KEY (outbox_id, idx) REFERENCES outbox_files(outbox_id, idx) ON DELETE CASCADE
        ) STRICT;
      `);
    },
  },
  // ---- queue (issue 13): the orphan of a ticket request that timed out ----
  {
    version: 7,
    name: 'queue_lease_ticket_supersedes',
    up(db) {
      db.exec(`
        -- The Idempotency-Key (the UI's request id, a random id: nothing personal) of the online
        -- ticket request an offline ticket stands for, when that request failed: the backend may
        -- have created the online ticket all the same; the lease report names it so the backend
        -- takes that orphan out of the queue. NULL for tickets issued before this migration.
        ALTER TABLE queue_lease_tickets ADD COLUMN supersedes TEXT;
      `);
    },
  },
];
