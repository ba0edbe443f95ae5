/**
 * `npm run sandbox -- --port N --token T [--token T2] [--db FILE] [--latency MS]
 *   [--error-rate R] [--drop-rate R] [--hang-rate R] [--require-applicant-id] [--list]`
 * Starts the reference public-service API and keeps it running until Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { startSandbox, type Faults, type SandboxOptions } from './server';
import { seedAppointments } from './queue/db'; // queue (issue 13)

const USAGE = `Usage: npm run sandbox -- --token T [--token T2] [--port N] [--host H] [--db FILE]
                        [--latency MS] [--error-rate R] [--drop-rate R] [--hang-rate R]
                        [--require-applicant-id] [--admin-token T] [--payment-ttl MIN] [--list]
                        [--priority-rule strict|interleaved:N] [--offline-policy lease|refuse]
                        [--appointment-rule first|priority]

  --token T        bearer token accepted on /api/v1 (repeatable, at least one)
  --port N         TCP port, 0..65535 (default 0: pick a free one)
  --host H         address to listen on (default 127.0.0.1)
  --db FILE        SQLite file (default: in memory, reseeded at each start)
  --latency MS     delay added to every answer (0..600000)
  --error-rate R   share of requests answered 503 (0..1)
  --drop-rate R    share of connections dropped without answer (0..1)
  --hang-rate R    share of requests never answered (0..1)
  --require-applicant-id
                   a lookup needs the applicant's ID number (header X-Applicant-Id)
  --admin-token T  token for the test-only payment simulate route (header X-Sandbox-Admin-Token)
  --payment-ttl MIN  minutes a payment's QR code stays valid (1..1440, default 15)
  --priority-rule R  the queue's priority: strict, or interleaved:N (one priority ticket after
                   every N ordinary ones; default interleaved:3)
  --offline-policy P  lease (kiosks may lease blocks of numbers for offline tickets, default) or refuse
  --appointment-rule A  first (checked-in appointments are called first, default) or priority
  --list           print the demo dossier codes and today's demo appointments
  --help           show this text`;

class UsageError extends Error {}

function num(raw: string | undefined, name: string, min: number, max: number, integer: boolean): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
    throw new UsageError(`--${name} must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}, got "${raw}"`);
  }
  return v;
}

export function parseCli(argv: string[]): { options: SandboxOptions; list: boolean; help: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        token: { type: 'string', multiple: true },
        db: { type: 'string' },
        latency: { type: 'string' },
        'error-rate': { type: 'string' },
        'drop-rate': { type: 'string' },
        'hang-rate': { type: 'string' },
        'require-applicant-id': { type: 'boolean' },
        'admin-token': { type: 'string', multiple: true },
        'payment-ttl': { type: 'string' },
        'priority-rule': { type: 'string' },
        'offline-policy': { type: 'string' },
        'appointment-rule': { type: 'string' },
        list: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) return { options: { tokens: [] }, list: false, help: true };
  const tokens = values.token ?? [];
  if (tokens.length === 0) throw new UsageError('at least one --token is required');
  for (const t of tokens) if (!/^[\x21-\x7e]+$/.test(t)) throw new UsageError('--token must be printable ASCII without spaces');
  const faults: Partial<Faults> = {};
  const latency = num(values.latency, 'latency', 0, 600_000, true);
  const errorRate = num(values['error-rate'], 'error-rate', 0, 1, false);
  const dropRate = num(values['drop-rate'], 'drop-rate', 0, 1, false);
  const hangRate = num(values['hang-rate'], 'hang-rate', 0, 1, false);
  if (latency !== undefined) faults.latencyMs = latency;
  if (errorRate !== undefined) faults.errorRate = errorRate;
  if (dropRate !== undefined) faults.dropRate = dropRate;
  if (hangRate !== undefined) faults.hangRate = hangRate;
  const options: SandboxOptions = { tokens, faults, port: num(values.port, 'port', 0, 65535, true) ?? 0 };
  if (values.host !== undefined) options.host = values.host;
  if (values['require-applicant-id']) options.requireApplicantId = true;
  // Payments (issue 12)
  const adminTokens = values['admin-token'] ?? [];
  for (const t of adminTokens) if (!/^[\x21-\x7e]+$/.test(t)) throw new UsageError('--admin-token must be printable ASCII without spaces');
  if (adminTokens.some((t) => tokens.includes(t))) throw new UsageError('--admin-token must differ from every --token');
  if (adminTokens.length) options.adminTokens = adminTokens;
  const ttl = num(values['payment-ttl'], 'payment-ttl', 1, 1440, true);
  if (ttl !== undefined) options.payments = { ttlMinutes: ttl };
  // Queue (issue 13): the center's rules
  const queue: NonNullable<SandboxOptions['queue']> = {};
  const rule = values['priority-rule'];
  if (rule !== undefined) {
    const m = /^interleaved:(\d{1,2})$/.exec(rule);
    if (rule === 'strict') queue.priorityRule = { mode: 'strict' };
    else if (m && Number(m[1]) >= 1 && Number(m[1]) <= 20) queue.priorityRule = { mode: 'interleaved', every: Number(m[1]) };
    else throw new UsageError(`--priority-rule must be strict or interleaved:N with N from 1 to 20, got "${rule}"`);
  }
  const policy = values['offline-policy'];
  if (policy !== undefined) {
    if (policy !== 'lease' && policy !== 'refuse') throw new UsageError(`--offline-policy must be lease or refuse, got "${policy}"`);
    queue.offlinePolicy = policy;
  }
  const apptRule = values['appointment-rule'];
  if (apptRule !== undefined) {
    if (apptRule !== 'first' && apptRule !== 'priority') throw new UsageError(`--appointment-rule must be first or priority, got "${apptRule}"`);
    queue.appointmentRule = apptRule;
  }
  if (Object.keys(queue).length) options.queue = queue;
  if (values.db !== undefined) {
    if (values.db.trim() === '') throw new UsageError('--db needs a file name');
    options.dbFile = values.db;
  }
  return { options, list: values.list ?? false, help: false };
}

async function main(): Promise<void> {
  // A closed pipe (`| head`) is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
  });
  let parsed;
  try {
    parsed = parseCli(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`sandbox: ${err.message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    throw err;
  }
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const sandbox = await startSandbox({ ...parsed.options, log: (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`) });
  process.stdout.write(`Sandbox listening on ${sandbox.url} (OpenAPI: ${sandbox.url}/openapi.json)\n`);
  if (parsed.list) {
    process.stdout.write('Demo dossiers:\n');
    for (const d of sandbox.listDossiers()) {
      process.stdout.write(`  ${d.code.padEnd(28)} ${d.state}${d.overdue ? ' (overdue)' : ''}\n`);
    }
    process.stdout.write("Today's demo appointments (queue check-in):\n");
    for (const a of seedAppointments(new Date())) process.stdout.write(`  ${a.code}  ${a.date} ${a.slotStart}-${a.slotEnd}  ${a.case}\n`);
  }
  const stop = () => {
    process.stdout.write('Stopping sandbox\n');
    void sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`sandbox: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
