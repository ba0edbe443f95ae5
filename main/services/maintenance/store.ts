/**
 * Maintenance mode's tables in the kiosk database (migration 3): the audit log, the PIN lockout
 * and the technician tokens already used. Its own connection to `<dataDir>/kiosk.db`.
 */
import { isAbsolute, join } from 'node:path';
import type { Logger } from '../../log';
import { openKioskStore, outboxFilesDir, type Store } from '../../store';

export interface AuditEntry {
  id: number;
  at: string;
  technician: string;
  action: string;
  detail: string;
}

export interface Lockout {
  failures: number;
  lockedUntil: number;
}

export interface MaintenanceStore {
  audit(technician: string, action: string, detail?: string, at?: number): void;
  auditList(limit?: number): AuditEntry[];
  lockout(): Lockout;
  setLockout(l: Lockout): void;
  /** Records a token as used; false when it was used before (replay). */
  useToken(hash: string, technician: string, at: number): boolean;
  /** When the oldest waiting outbox row was queued (epoch ms), or null. */
  outboxOldest(): number | null;
  /** Deletes a dead letter; returns its attachment files (to delete), or null when there is no such dead letter. */
  dropDead(id: string): string[] | null;
  /**
   * Whether a technician put the kiosk out of service: the latest `out-of-service` or
   * `in-service` entry of the audit log (so the state survives a restart without a table of its own).
   */
  outOfService(): OutOfService | null;
  close(): void;
}

export interface OutOfService {
  message: string;
  technician: string;
  at: string;
}

const SERVICE_ACTIONS = ['out-of-service', 'in-service'];

function serviceStateOf(e: Pick<AuditEntry, 'action' | 'detail' | 'technician' | 'at'> | undefined): OutOfService | null {
  if (!e || e.action !== 'out-of-service' || e.detail === '') return null;
  return { message: e.detail, technician: e.technician, at: e.at };
}

export function createMaintenanceStore(dataDir: string, store?: Store): MaintenanceStore {
  const s = store ?? openKioskStore(dataDir, { busyTimeoutMs: 3000 });
  const db = s.db;
  const ins = db.prepare('INSERT INTO maintenance_audit (at, technician, action, detail) VALUES (?, ?, ?, ?)');
  const list = db.prepare('SELECT id, at, technician, action, detail FROM maintenance_audit ORDER BY id DESC LIMIT ?');
  const getLock = db.prepare('SELECT failures, locked_until FROM maintenance_lockout WHERE id = 1');
  const putLock = db.prepare(
    'INSERT INTO maintenance_lockout (id, failures, locked_until) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until',
  );
  const useTok = db.prepare('INSERT OR IGNORE INTO maintenance_used_tokens (token_hash, technician, used_at) VALUES (?, ?, ?)');
  return {
    audit(technician, action, detail = '', at = Date.now()) {
      ins.run(at, technician, action, detail);
    },
    auditList(limit = 100) {
      return (list.all(limit) as Array<{ id: number; at: number; technician: string; action: string; detail: string }>).map((r) => ({
        ...r,
        at: new Date(r.at).toISOString(),
      }));
    },
    lockout() {
      const r = getLock.get() as { failures: number; locked_until: number } | undefined;
      return r ? { failures: r.failures, lockedUntil: r.locked_until } : { failures: 0, lockedUntil: 0 };
    },
    setLockout(l) {
      putLock.run(l.failures, l.lockedUntil);
    },
    useToken(hash, technician, at) {
      return useTok.run(hash, technician, at).changes === 1;
    },
    outboxOldest() {
      return (db.prepare("SELECT MIN(created_at) AS t FROM outbox WHERE state = 'pending'").get() as { t: number | null }).t;
    },
    dropDead(id) {
      return db.transaction(() => {
        const files = (db.prepare('SELECT file FROM outbox_files WHERE outbox_id = ?').all(id) as { file: string }[]).map((r) => r.file);
        const n = db.prepare("DELETE FROM outbox WHERE id = ? AND state = 'dead'").run(id).changes;
        return n ? files.map((f) => (isAbsolute(f) ? f : join(outboxFilesDir(dataDir), f))) : null;
      })();
    },
    outOfService() {
      const r = db
        .prepare("SELECT at, technician, action, detail FROM maintenance_audit WHERE action IN ('out-of-service', 'in-service') ORDER BY id DESC LIMIT 1")
        .get() as { at: number; technician: string; action: string; detail: string } | undefined;
      return serviceStateOf(r ? { ...r, at: new Date(r.at).toISOString() } : undefined);
    },
    close() {
      if (!store) s.close();
    },
  };
}

/**
 * The maintenance store as the kiosk uses it: a kiosk whose database is broken or locked is out of
 * service (the outbox says so), and that is exactly when a technician must still get in. So a
 * database that cannot be opened does not stop the kiosk: the lockout, the used tokens and the
 * audit are kept in memory meanwhile (and logged), and the database is tried again at most every
 * `reopenEveryMs`; once it opens, the lockout and the tokens kept in memory are written to it.
 */
export function openMaintenanceStore(dataDir: string, log: Logger, options: { reopenEveryMs?: number; now?: () => number } = {}): MaintenanceStore {
  const now = options.now ?? Date.now;
  const every = options.reopenEveryMs ?? 5_000;
  let real: MaintenanceStore | null = null;
  let lastTry = -Infinity;
  const memory = {
    lockout: { failures: 0, lockedUntil: 0 } as Lockout,
    tokens: new Map<string, { technician: string; at: number }>(),
    audit: [] as AuditEntry[],
  };
  const get = (): MaintenanceStore | null => {
    if (real || now() - lastTry < every) return real;
    lastTry = now();
    try {
      real = createMaintenanceStore(dataDir);
      const l = real.lockout();
      if (memory.lockout.lockedUntil > l.lockedUntil || memory.lockout.failures > l.failures) real.setLockout(memory.lockout);
      for (const [hash, t] of memory.tokens) real.useToken(hash, t.technician, t.at);
      for (const a of memory.audit)
        // An out-of-service entry's detail is the message residents see: it stays as typed.
        real.audit(
          a.technician,
          a.action,
          SERVICE_ACTIONS.includes(a.action) ? a.detail : `${a.detail} (kept in memory while the database was unusable)`,
          Date.parse(a.at),
        );
      if (memory.audit.length || memory.tokens.size) log.info('maintenance', 'kiosk database usable again: maintenance records kept in memory written to it');
    } catch (err) {
      log.warn('maintenance', `kiosk database unusable (${(err as Error).message}): maintenance lockout, tokens and audit kept in memory until it opens`);
      real = null;
    }
    return real;
  };
  return {
    audit(technician, action, detail = '', at = now()) {
      const r = get();
      if (r) r.audit(technician, action, detail, at);
      else memory.audit.push({ id: memory.audit.length + 1, at: new Date(at).toISOString(), technician, action, detail });
    },
    auditList(limit = 100) {
      return get()?.auditList(limit) ?? [...memory.audit].reverse().slice(0, limit);
    },
    lockout() {
      const r = get();
      return r ? r.lockout() : { ...memory.lockout };
    },
    setLockout(l) {
      memory.lockout = { ...l };
      get()?.setLockout(l);
    },
    useToken(hash, technician, at) {
      const r = get();
      if (r) return r.useToken(hash, technician, at);
      if (memory.tokens.has(hash)) return false;
      memory.tokens.set(hash, { technician, at });
      return true;
    },
    outboxOldest: () => get()?.outboxOldest() ?? null,
    dropDead: (id) => get()?.dropDead(id) ?? null,
    outOfService() {
      const r = get();
      if (r) return r.outOfService();
      return serviceStateOf([...memory.audit].reverse().find((a) => SERVICE_ACTIONS.includes(a.action)));
    },
    close() {
      real?.close();
      real = null;
    },
  };
}
