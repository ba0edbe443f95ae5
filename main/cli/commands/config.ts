import { describeBackend, formatConfigErrors, loadConfig, redactConfig } from '../../../kiosk-config/loader';
import { readingIdleTimeout, type ResolvedKioskConfig } from '../../../kiosk-config/schema';
import { EXIT, UsageError, type CliCommand, type CliContext } from '../types';
import { configSet } from './site';

const USAGE = `Usage:
  npm run kiosk -- config check FILE   Check a site config file (defaults <- profile <- FILE).
                                       Exit 0 when valid, 1 when not, 2 on a usage error.
  npm run kiosk -- config show [FILE]  Print the config the kiosk would use, as JSON, with the
                                       backend token masked. Without FILE, uses KIOSK_CONFIG.
                                       KIOSK_PROFILE, KIOSK_BACKEND_URL, KIOSK_BACKEND_TOKEN and
                                       KIOSK_CHROMIUM apply, as at start-up.
  npm run kiosk -- config set KEY VALUE [--config FILE]
                                       Change a key a site changes (backend.url, backend.token,
                                       ui.idleTimeoutSeconds, ui.idleWarningSeconds,
                                       ui.readingIdleTimeoutSeconds, profile, language): validated,
                                       written atomically (FILE.bak kept), the token encrypted,
                                       audited.`;

export function configSummary(config: ResolvedKioskConfig): string {
  const rows: Array<[string, string]> = [
    ['profile', config.profile],
    ['kiosk id', config.kioskId],
    ['site', config.siteName],
    ['backend', describeBackend(config)],
    ['tiles', config.ui.tiles.join(', ')],
    ['idle', `${config.ui.idleTimeoutSeconds} s (warning ${config.ui.idleWarningSeconds} s before), ${readingIdleTimeout(config.ui)} s on reading screens`],
  ];
  return rows.map(([k, v]) => `  ${`${k}:`.padEnd(10)}${v}`).join('\n');
}

async function check(args: string[], ctx: CliContext): Promise<number> {
  const files = args.filter((a) => !a.startsWith('-') || a === '-');
  if (files.length === 0) throw new UsageError('config check needs a FILE');
  if (files.length > 1) throw new UsageError(`config check takes one FILE, got ${files.length}`);
  const file = files[0]!;
  // Only the file is checked: the environment of the technician's shell must not hide its errors.
  const result = loadConfig({ file, env: {} });
  if (!result.ok) {
    ctx.err(`FAIL: ${file} is not a valid kiosk config`);
    ctx.err(formatConfigErrors(result.errors));
    return EXIT.failed;
  }
  ctx.out(`OK: ${file} is a valid kiosk config`);
  ctx.out(configSummary(result.config));
  return EXIT.ok;
}

async function show(args: string[], ctx: CliContext): Promise<number> {
  const files = args.filter((a) => !a.startsWith('-'));
  if (files.length > 1) throw new UsageError(`config show takes at most one FILE, got ${files.length}`);
  const result = files[0] === undefined ? loadConfig({ env: ctx.env }) : loadConfig({ file: files[0], env: ctx.env });
  if (!result.ok) {
    ctx.err(formatConfigErrors(result.errors));
    return EXIT.failed;
  }
  ctx.out(JSON.stringify(redactConfig(result.config), null, 2));
  ctx.err(`(sources: ${result.sources.join(' <- ')})`);
  return EXIT.ok;
}

// `config set` (maintenance mode, issue 14): main/cli/commands/site.ts
const SUBCOMMANDS: Record<string, (args: string[], ctx: CliContext) => Promise<number>> = { check, show, set: configSet };

export const configCommand: CliCommand = {
  name: 'config',
  summary: 'Check a site config file (config check FILE) or print the resolved config (config show [FILE])',
  usage: USAGE,
  async run(args: string[], ctx: CliContext): Promise<number> {
    const [sub, ...rest] = args;
    if (sub === undefined) throw new UsageError('config needs a subcommand: check, show or set');
    const handler = Object.prototype.hasOwnProperty.call(SUBCOMMANDS, sub) ? SUBCOMMANDS[sub] : undefined;
    if (!handler) throw new UsageError(`unknown config subcommand "${sub}" (expected check, show or set)`);
    return handler(rest, ctx);
  },
};
