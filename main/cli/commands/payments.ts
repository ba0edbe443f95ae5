/**
 * `npm run kiosk -- payments list|check ID` (issue 12): the payment intents in the kiosk's
 * database, and a check of one with the backend now (recording its outcome, as the running
 * kiosk would). Nothing personal is printed: dossier codes, amounts, references.
 */
import { loadConfig } from '../../../kiosk-config/loader';
import { formatMoney } from '../../../common/money';
import { createApiClient } from '../../api/client';
import { createPaymentsApi } from '../../api/payments';
import { KioskError } from '../../errors';
import { createLogger } from '../../log';
import { createPaymentService } from '../../services/payments';
import { openKioskStore, StoreError } from '../../store';
import { EXIT, takeOption, UsageError, wantsHelp, type CliCommand, type CliContext } from '../types';

const USAGE = `Usage:
  npm run kiosk -- payments list [--all] [--data-dir DIR]
      The latest payment intents (50, or every one with --all): state, dossier code, amount,
      payment id, receipt number, and "unattended" when the outcome was found after the
      resident left (a restart, or the session ended).
  npm run kiosk -- payments check ID [--data-dir DIR] [--backend URL] [--token T]
      Ask the backend now about one intent (ID: the intent id or the payment id) and record
      the answer. The backend is the config's backend.url unless --backend is given.
The data folder is the config's dataDir (KIOSK_CONFIG applies) unless --data-dir is given.`;

export const paymentsCommand: CliCommand = {
  name: 'payments',
  summary: 'List payment intents and check one with the backend',
  usage: USAGE,
  async run(argv: string[], ctx: CliContext): Promise<number> {
    if (wantsHelp(argv)) {
      ctx.out(USAGE);
      return EXIT.ok;
    }
    const args = [...argv];
    const all = args.includes('--all');
    if (all) args.splice(args.indexOf('--all'), 1);
    const dirArg = takeOption(args, '--data-dir');
    const backendArg = takeOption(args, '--backend');
    const tokenArg = takeOption(args, '--token');
    const [sub, id, ...rest] = args;
    if (sub !== 'list' && sub !== 'check') throw new UsageError('payments needs list or check');
    if (sub === 'check' && !id) throw new UsageError('payments check needs the ID shown by `payments list`');
    if (rest.length || (sub === 'list' && id)) throw new UsageError(`unexpected argument ${rest[0] ?? id}`);

    const needConfig = !dirArg || (sub === 'check' && (!backendArg || !tokenArg));
    const loaded = needConfig ? loadConfig({ env: ctx.env }) : undefined;
    if (loaded && !loaded.ok) throw new UsageError('the site config is not valid: run `config check` first, or give --data-dir (and --backend, --token)');
    const config = loaded?.ok ? loaded.config : undefined;
    const dir = dirArg ?? config!.dataDir;

    const backendUrl = backendArg ?? config?.backend.url;
    if (sub === 'check' && !backendUrl) {
      ctx.err('FAIL: no backend URL configured (the kiosk embeds its sandbox on a port of its own): give --backend URL');
      return EXIT.failed;
    }
    const log = createLogger({ level: 'warn', write: (line) => ctx.err(line) });
    const service = createPaymentService({
      api: createPaymentsApi(
        createApiClient({
          baseUrl: backendUrl ?? 'http://127.0.0.1:9',
          token: tokenArg ?? config?.backend.token ?? '',
          timeoutMs: config?.backend.timeoutMs ?? 8_000,
          retries: 1,
          log,
        }),
      ),
      openStore: () => openKioskStore(dir, { busyTimeoutMs: 2000 }),
      log,
      // whatever it finds now, the resident is gone
      sessionId: () => 'cli',
      takeUpOpen: false,
    });
    try {
      service.start();
    } catch (err) {
      if (err instanceof StoreError) {
        ctx.err(`FAIL: ${err.message}`);
        return EXIT.failed;
      }
      throw err;
    }
    try {
      if (sub === 'list') {
        const rows = service.list(all ? 1_000_000 : 50);
        if (rows.length === 0) ctx.out('no payment intents');
        for (const r of rows) {
          ctx.out(
            [
              r.createdAt,
              r.state.padEnd(9),
              r.dossierCode.padEnd(26),
              (r.amount === null ? '-' : formatMoney(r.amount)).padStart(12),
              r.paymentId ?? '-',
              r.receiptNumber ?? '',
              r.unattended ? 'unattended' : '',
              r.printed ? 'printed' : '',
              `intent ${r.intentId}`,
              r.lastError ? `last error: ${r.lastError}` : '',
            ]
              .filter(Boolean)
              .join('  '),
          );
        }
        return EXIT.ok;
      }
      try {
        const v = await service.check(id!);
        ctx.out(
          `${v.intentId}  ${v.state}  ${v.dossierCode}  ${v.amount === undefined ? '-' : formatMoney(v.amount)}  ${v.paymentId ?? '-'}${v.receiptNumber ? `  receipt ${v.receiptNumber}` : ''}`,
        );
        return EXIT.ok;
      } catch (err) {
        if (err instanceof KioskError) {
          ctx.err(`FAIL: ${err.code === 'not_found' ? `no payment intent has the id ${id}` : `${err.code}: ${err.message}`}`);
          return EXIT.failed;
        }
        throw err;
      }
    } finally {
      service.stop();
    }
  },
};
