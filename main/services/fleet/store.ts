/**
 * The fleet's rows in the kiosk database (migration 5): commands received, for "executed once",
 * and the figures the health report reads from the outbox's and payments' tables (counts and
 * times only). Its own connection to `<dataDir>/kiosk.db`.
 */
import { openKioskStore, type Store } from '../../store';

export interface FleetStore {
  /** Records a command as received; false when its id was seen before (a replay). */
  claim(cmd: { id: string; op: string; operator: string; at: number; expiresAt: number }): boolean;
  finish(id: string, outcome: 'done' | 'failed', detail: string): void;
  outcome(id: string): { outcome: string; detail: string } | null;
  /** Pending outbox rows, dead letters, the oldest pending row's time (epoch ms) and open payments. */
  figures(): { pending: number; dead: number; oldestPendingAt: number | null; paymentsPending: number };
  /** Forgets commands that expired more than `olderThanMs` ago (their ids can no longer replay: they are expired). */
  prune(nowMs: number, olderThanMs: number): number;
  close(): void;
}

export function createFleetStore(dataDir: string, store?: Store): FleetStore {
  const s = store ?? openKioskStore(dataDir, { busyTimeoutMs: 3000 });
  const db = s.db;
  const claim = db.prepare('INSERT OR IGNORE INTO fleet_commands (id, op, operator, received_at, expires_at) VALUES (?, ?, ?, ?, ?)');
  const finish = db.prepare('UPDATE fleet_commands SET outcome = ?, detail = ? WHERE id = ?');
  const outcome = db.prepare('SELECT outcome, detail FROM fleet_commands WHERE id = ?');
  const outbox = db.prepare('SELECT state, COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox GROUP BY state');
  const payments = db.prepare("SELECT COUNT(*) AS n FROM payment_intents WHERE state IN ('creating', 'pending')");
  const prune = db.prepare('DELETE FROM fleet_commands WHERE expires_at < ?');
  return {
    claim: (c) => claim.run(c.id, c.op, c.operator, c.at, c.expiresAt).changes > 0,
    finish: (id, o, detail) => void finish.run(o, detail.slice(0, 2000), id),
    outcome: (id) => (outcome.get(id) as { outcome: string; detail: string } | undefined) ?? null,
    figures() {
      let pending = 0;
      let dead = 0;
      let oldestPendingAt: number | null = null;
      for (const r of outbox.all() as Array<{ state: string; n: number; oldest: number | null }>) {
        if (r.state === 'pending') {
          pending = r.n;
          oldestPendingAt = r.oldest;
        } else if (r.state === 'dead') dead = r.n;
      }
      const paymentsPending = (payments.get() as { n: number }).n;
      return { pending, dead, oldestPendingAt, paymentsPending };
    },
    prune: (nowMs, olderThanMs) => prune.run(nowMs - olderThanMs).changes,
    close: () => s.close(),
  };
}
