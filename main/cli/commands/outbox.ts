import { loadConfig } from '../../../kiosk-config/loader';
import { openKioskStore, StoreError } from '../../store';
import { EXIT, takeOption, UsageError, wantsHelp, type CliCommand, type CliContext } from '../types';

const USAGE = `Usage:
  npm run kiosk -- outbox status [--data-dir DIR]        Waiting, dead-letter and delivered counts.
  npm run kiosk -- outbox dead [--data-dir DIR]          List dead letters (refused by the backend):
                                                         local reference, queued time, attempts, reason.
  npm run kiosk -- outbox requeue ID [--data-dir DIR]    Put a dead letter back in the queue (after the
                                                         cause was fixed); the running kiosk sends it.
The data folder is the config's dataDir (KIOSK_CONFIG applies) unless --data-dir is given.
Nothing personal is printed.`;

function dataDir(args: string[], ctx: CliContext): string {
  const dir = takeOption(args, '--data-dir');
  if (dir) return dir;
  const loaded = loadConfig({ env: ctx.env });
  if (!loaded.ok) throw new UsageError('the site config is not valid: run `config check` first, or give --data-dir');
  return loaded.config.dataDir;
}

export const outboxCommand: CliCommand = {
  name: 'outbox',
  summary: 'Show the outbox (waiting and refused submissions) and requeue dead letters',
  usage: USAGE,
  async run(argv: string[], ctx: CliContext): Promise<number> {
    if (wantsHelp(argv)) {
      ctx.out(USAGE);
      return EXIT.ok;
    }
    const args = [...argv];
    const dir = dataDir(args, ctx);
    const [sub, id] = args;
    if (!sub || !['status', 'dead', 'requeue'].includes(sub)) throw new UsageError('outbox needs status, dead or requeue');
    let store;
    try {
      store = openKioskStore(dir, { busyTimeoutMs: 2000 });
    } catch (err) {
      if (err instanceof StoreError) {
        ctx.err(`FAIL: ${err.message}`);
        return EXIT.failed;
      }
      throw err;
    }
    try {
      const db = store.db;
      if (sub === 'status') {
        const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
        ctx.out(`database: ${store.file} (schema ${store.version})`);
        ctx.out(`waiting: ${n("SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'")}`);
        ctx.out(`dead letters: ${n("SELECT COUNT(*) AS n FROM outbox WHERE state = 'dead'")}`);
        ctx.out(`delivered (references kept): ${n('SELECT COUNT(*) AS n FROM delivered')}`);
        return EXIT.ok;
      }
      if (sub === 'dead') {
        const rows = db.prepare("SELECT id, kind, local_ref, created_at, attempts, last_error FROM outbox WHERE state = 'dead' ORDER BY seq").all() as {
          id: string;
          kind: string;
          local_ref: string;
          created_at: number;
          attempts: number;
          last_error: string | null;
        }[];
        if (rows.length === 0) ctx.out('no dead letters');
        for (const r of rows)
          ctx.out(`${r.id}  ${r.local_ref}  ${r.kind}  queued ${new Date(r.created_at).toISOString()}  attempts ${r.attempts}  ${r.last_error ?? ''}`);
        return EXIT.ok;
      }
      if (!id) throw new UsageError('outbox requeue needs the ID shown by `outbox dead`');
      const changed = db.prepare("UPDATE outbox SET state = 'pending', next_attempt_at = 0, last_error = NULL WHERE id = ? AND state = 'dead'").run(id).changes;
      if (!changed) {
        ctx.err(`FAIL: no dead letter has the id ${id}`);
        return EXIT.failed;
      }
      ctx.out(`OK: ${id} is back in the queue`);
      return EXIT.ok;
    } finally {
      store.close();
    }
  },
};
