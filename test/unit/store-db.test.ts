/**
 * main/store on real SQLite files: pragmas, versioned migrations, typed errors for a corrupt
 * file and a file locked by another connection, and secure deletion.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, openKioskStore, openStore, StoreError, type Migration } from '../../main/store';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'kiosk-store-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function expectStoreError(fn: () => unknown, kind: StoreError['kind']): StoreError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).kind).toBe(kind);
    return err as StoreError;
  }
  throw new Error('expected a StoreError');
}

describe('openStore', () => {
  it('opens in WAL mode with synchronous=FULL and secure_delete, under dataDir', () => {
    const dir = tmp();
    const store = openKioskStore(join(dir, 'data'));
    try {
      expect(store.file).toBe(join(dir, 'data', 'kiosk.db'));
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(store.db.pragma('secure_delete', { simple: true })).toBe(1);
      expect(store.version).toBe(MIGRATIONS.at(-1)!.version);
      const tables = (store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
      expect(tables).toEqual(expect.arrayContaining(['schema_version', 'outbox', 'outbox_files', 'delivered', 'form_cache']));
    } finally {
      store.close();
    }
  });

  it('applies migrations in order, once, recording each in schema_version', () => {
    const file = join(tmp(), 'm.db');
    const applied: number[] = [];
    const m = (version: number): Migration => ({
      version,
      name: `m${version}`,
      up: (db) => {
        applied.push(version);
        db.exec(`CREATE TABLE t${version} (x INTEGER) STRICT`);
      },
    });
    openStore({ file, migrations: [m(1), m(2)] }).close();
    expect(applied).toEqual([1, 2]);
    const s = openStore({ file, migrations: [m(1), m(2), m(3)] });
    expect(applied).toEqual([1, 2, 3]);
    expect(s.version).toBe(3);
    expect((s.db.prepare('SELECT version, name FROM schema_version ORDER BY version').all() as { version: number }[]).map((r) => r.version)).toEqual([1, 2, 3]);
    s.close();
    expect(() => openStore({ file, migrations: [m(2), m(1)] })).toThrow(/increasing/);
  });

  it('rolls a failing migration back entirely', () => {
    const file = join(tmp(), 'm.db');
    const bad: Migration = {
      version: 1,
      name: 'bad',
      up: (db) => {
        db.exec('CREATE TABLE half (x INTEGER)');
        throw new Error('boom');
      },
    };
    expect(() => openStore({ file, migrations: [bad] })).toThrow(StoreError);
    const db = new Database(file);
    expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'half'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a database from a newer version (too_new)', () => {
    const file = join(tmp(), 'm.db');
    openStore({ file, migrations: [{ version: 999, name: 'future', up: () => {} }] }).close();
    expectStoreError(() => openStore({ file, migrations: MIGRATIONS }), 'too_new');
  });

  it('gives a typed corrupt error for a file overwritten with garbage', () => {
    const dir = tmp();
    openKioskStore(dir).close();
    const file = join(dir, 'kiosk.db');
    writeFileSync(file, Buffer.alloc(64 * 1024, 0x5a));
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
    const err = expectStoreError(() => openKioskStore(dir), 'corrupt');
    expect(err.message).toContain('corrupt');
  });

  it('gives a typed corrupt error for a database whose pages are damaged', () => {
    const dir = tmp();
    const s = openKioskStore(dir);
    const ins = s.db.prepare('INSERT INTO form_cache (procedure_code, schema, fetched_at) VALUES (?, ?, 0)');
    for (let i = 0; i < 400; i++) ins.run(`p${i}`, 'x'.repeat(500));
    s.checkpoint();
    s.close();
    const file = join(dir, 'kiosk.db');
    const bytes = readFileSync(file);
    // Keep the header page, scribble over the b-tree pages.
    bytes.fill(0xa5, 4096 + 100, bytes.length - 100);
    writeFileSync(file, bytes);
    expectStoreError(() => openKioskStore(dir), 'corrupt');
  });

  it('gives a typed locked error when another connection holds an exclusive lock', () => {
    const dir = tmp();
    openKioskStore(dir).close();
    const other = new Database(join(dir, 'kiosk.db'));
    other.pragma('locking_mode = EXCLUSIVE');
    other.exec('BEGIN EXCLUSIVE');
    other.exec("INSERT INTO local_ref_counter (day, n) VALUES ('x', 1)");
    try {
      expectStoreError(() => openKioskStore(dir, { busyTimeoutMs: 100 }), 'locked');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    // Released: it opens again.
    openKioskStore(dir, { busyTimeoutMs: 100 }).close();
  });

  it('secure_delete: deleted bytes are gone from the file after a checkpoint', () => {
    const dir = tmp();
    const s = openKioskStore(dir);
    const marker = 'NGUYEN-VAN-AN-079090001234-SECRET-MARKER';
    s.db.prepare("INSERT INTO form_cache (procedure_code, schema, fetched_at) VALUES ('p', ?, 0)").run(marker.repeat(20));
    s.checkpoint();
    const file = join(dir, 'kiosk.db');
    expect(readFileSync(file).includes(marker)).toBe(true);
    s.db.prepare("DELETE FROM form_cache WHERE procedure_code = 'p'").run();
    s.checkpoint();
    expect(readFileSync(file).includes(marker)).toBe(false);
    s.close();
  });
});
