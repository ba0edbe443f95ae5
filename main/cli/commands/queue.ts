/**
 * `npm run kiosk -- queue status|issue SERVICE|call-next --counter N` (issue 13): the service
 * center's queue from a terminal, against the backend the kiosk config names, or (when the
 * kiosk embeds its sandbox) the embedded sandbox's database file, opened by a sandbox of its own
 * for the time of the command (SQLite's IMMEDIATE transactions keep the numbering single even
 * while the kiosk runs on the same file; its displays see the CLI's events within a second).
 */
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../../kiosk-config/loader';
import { formatDate } from '../../../common/vietnam-time';
import { ApiError, createApiClient } from '../../api/client';
import { PriorityCategory, type QueueTicket } from '../../api/queue';
import { createQueueApi, type QueueApi } from '../../api/queue-client';
import { createLogger } from '../../log';
import { EXIT, takeOption, UsageError, wantsHelp, type CliCommand, type CliContext } from '../types';

const USAGE = `Usage:
  npm run kiosk -- queue status [BACKEND]
      The center's rules and day, each service (prefix, people waiting, estimated wait,
      counters) and each counter (open or closed, officer, current ticket).
  npm run kiosk -- queue issue SERVICE [--priority CATEGORY] [--appointment CODE] [--kiosk-id ID] [BACKEND]
      Issue a ticket (SERVICE: the service id such as ho-tich, or its prefix letter such as A).
      CATEGORY: ${PriorityCategory.options.join(', ')}. With --appointment: the check-in of
      that appointment (its service wins).
  npm run kiosk -- queue call-next --counter N [--officer ID] [BACKEND]
      Call the next ticket at counter N, as the officer's button does.
BACKEND: --backend URL --token T, else the config's backend.url and token; when the kiosk
embeds its sandbox, --db FILE or the config's sandbox.dbFile (the embedded sandbox's database).`;

const SUBCOMMANDS = ['status', 'issue', 'call-next'] as const;

interface Backend {
  api: QueueApi;
  close(): Promise<void>;
  label: string;
}

async function openBackend(args: string[], ctx: CliContext, officerId: string | undefined, kioskIdArg: string | undefined): Promise<Backend> {
  const backendArg = takeOption(args, '--backend');
  const tokenArg = takeOption(args, '--token');
  const dbArg = takeOption(args, '--db');
  const needConfig = !(backendArg && tokenArg) && !dbArg;
  const loaded = needConfig || !kioskIdArg ? loadConfig({ env: ctx.env }) : undefined;
  if (needConfig && loaded && !loaded.ok)
    throw new UsageError('the site config is not valid: run `config check` first, or give --backend URL --token T (or --db FILE)');
  const config = loaded?.ok ? loaded.config : undefined;
  const log = createLogger({ level: 'error', write: (line) => ctx.err(line) });
  const kioskId = kioskIdArg ?? config?.kioskId ?? 'CLI';
  const make = (baseUrl: string, token: string) =>
    createQueueApi(createApiClient({ baseUrl, token, timeoutMs: config?.backend.timeoutMs ?? 8_000, retries: 1, log }), {
      kioskId,
      ...(officerId ? { officerId } : {}),
    });

  const url = backendArg ?? (dbArg ? undefined : config?.backend.url);
  if (url) {
    const token = tokenArg ?? config?.backend.token;
    if (!token) throw new UsageError('--backend needs --token (or a token in the config)');
    return { api: make(url, token), close: async () => {}, label: url };
  }
  const dbFile = dbArg ?? config?.sandbox.dbFile;
  if (!dbFile) {
    throw new UsageError(
      'no backend: the config names no backend.url and its embedded sandbox keeps the queue in memory (no sandbox.dbFile); give --backend URL --token T or --db FILE',
    );
  }
  const token = randomUUID();
  const { startSandbox } = await import('../../../sandbox/server');
  const sandbox = await startSandbox({ tokens: [token], dbFile, log: () => {} });
  return { api: make(sandbox.url, token), close: () => sandbox.close(), label: `embedded sandbox database ${dbFile}` };
}

function ticketLine(t: QueueTicket): string {
  const parts = [`${t.number}`, `${t.serviceId} (${t.serviceName})`, `state ${t.state}`];
  if (t.state === 'waiting') parts.push(`${t.ahead} ahead`, t.estimatedWaitMinutes === null ? 'no counter open' : `about ${t.estimatedWaitMinutes} min`);
  if (t.priority) parts.push(`priority ${t.priority}`);
  if (t.appointmentCode) parts.push(`appointment ${t.appointmentCode}`);
  if (t.counter !== null) parts.push(`counter ${t.counter}`);
  parts.push(`ticket ${t.id}`, `track ${t.trackingUrl}`);
  return parts.join('  ');
}

function failure(err: unknown): string {
  if (err instanceof ApiError) {
    const slug = err.problem?.type.split('/').at(-1);
    return `FAIL: ${err.kind}${slug ? ` (${slug})` : ''}: ${err.problem?.detail ?? err.message}`;
  }
  return `FAIL: ${err instanceof Error ? err.message : String(err)}`;
}

export const queueCommand: CliCommand = {
  name: 'queue',
  summary: "The service center's queue: status, issue a ticket, call the next one",
  usage: USAGE,
  async run(argv: string[], ctx: CliContext): Promise<number> {
    if (wantsHelp(argv)) {
      ctx.out(USAGE);
      return EXIT.ok;
    }
    const args = [...argv];
    const sub = args.shift();
    if (!sub || !(SUBCOMMANDS as readonly string[]).includes(sub)) throw new UsageError('queue needs status, issue SERVICE or call-next --counter N');
    const priorityArg = takeOption(args, '--priority');
    const appointmentArg = takeOption(args, '--appointment');
    const counterArg = takeOption(args, '--counter');
    const officerArg = takeOption(args, '--officer');
    const kioskIdArg = takeOption(args, '--kiosk-id');
    if (sub !== 'issue' && (priorityArg || appointmentArg || kioskIdArg))
      throw new UsageError('--priority, --appointment and --kiosk-id belong to queue issue');
    if (sub !== 'call-next' && (counterArg || officerArg)) throw new UsageError('--counter and --officer belong to queue call-next');
    let priority: PriorityCategory | undefined;
    if (priorityArg !== undefined) {
      const p = PriorityCategory.safeParse(priorityArg);
      if (!p.success) throw new UsageError(`--priority must be one of ${PriorityCategory.options.join(', ')}, got "${priorityArg}"`);
      priority = p.data;
    }
    let counter: number | undefined;
    if (sub === 'call-next') {
      if (counterArg === undefined) throw new UsageError('queue call-next needs --counter N');
      if (!/^[1-9]\d{0,3}$/.test(counterArg)) throw new UsageError(`--counter must be a counter number (1, 2, …), got "${counterArg}"`);
      counter = Number(counterArg);
    }
    const backend = await openBackend(args, ctx, officerArg, kioskIdArg);
    try {
      const positional = args.filter((a) => !a.startsWith('--'));
      const unknown = args.find((a) => a.startsWith('--'));
      if (unknown) throw new UsageError(`unknown option ${unknown}`);
      if (sub === 'issue' ? positional.length !== 1 : positional.length !== 0) {
        throw new UsageError(
          sub === 'issue' ? 'queue issue needs one SERVICE (an id such as ho-tich, or a prefix such as A)' : `unexpected argument ${positional[0]}`,
        );
      }
      try {
        if (sub === 'status') {
          const [{ center, items }, counters] = await Promise.all([backend.api.services(), backend.api.counters()]);
          const rule = center.priorityRule.mode === 'strict' ? 'strict' : `interleaved, 1 priority after ${center.priorityRule.every} ordinary`;
          ctx.out(
            `${center.name} (${center.id}) on ${formatDate(center.day)}: priority ${rule}; offline ${center.offlinePolicy}; appointments ${center.appointmentRule}`,
          );
          ctx.out(`backend: ${backend.label}`);
          for (const s of items) {
            const wait = s.estimatedWaitMinutes === null ? 'closed (no counter open)' : `about ${s.estimatedWaitMinutes} min`;
            ctx.out(
              `  ${s.prefix.padEnd(3)} ${s.id.padEnd(14)} waiting ${String(s.waiting).padStart(3)}  ${wait.padEnd(24)} counters ${s.counters.join(',')}  ${s.name} [${s.sector}]`,
            );
          }
          for (const c of counters.items) {
            const who = c.officer ? `${c.officer.id} ${c.officer.name}` : '-';
            const cur = c.current ? `${c.current.number} ${c.current.state}` : 'no ticket';
            ctx.out(`  ${c.name.padEnd(8)} ${c.open ? 'open  ' : 'closed'}  ${who.padEnd(24)} ${cur.padEnd(16)} serves ${c.serviceIds.join(', ')}`);
          }
          return EXIT.ok;
        }
        if (sub === 'issue') {
          const wanted = positional[0]!;
          const { items } = await backend.api.services();
          const svc = items.find((s) => s.id === wanted || s.prefix === wanted.toUpperCase());
          if (!svc && appointmentArg === undefined) {
            ctx.err(`FAIL: no service "${wanted}"; services: ${items.map((s) => `${s.prefix} ${s.id}`).join(', ')}`);
            return EXIT.failed;
          }
          const t = await backend.api.issue(
            { serviceId: svc?.id ?? wanted, ...(priority ? { priority } : {}), ...(appointmentArg ? { appointmentCode: appointmentArg } : {}) },
            randomUUID(),
          );
          ctx.out(`OK: ${ticketLine(t)}`);
          return EXIT.ok;
        }
        const t = await backend.api.callNext(counter!);
        if (!t) {
          ctx.out(`nobody waits for counter ${counter}`);
          return EXIT.ok;
        }
        ctx.out(`OK: counter ${counter} calls ${ticketLine(t)}`);
        return EXIT.ok;
      } catch (err) {
        if (err instanceof UsageError) throw err;
        ctx.err(failure(err));
        return EXIT.failed;
      }
    } finally {
      await backend.close();
    }
  },
};
