/**
 * CLI parity with maintenance mode (issue 14): `config set KEY VALUE` (as the config screen:
 * validated, written atomically, token encrypted, audited), `logs tail [--level L] [--text T]`,
 * `audit list` and `devices list`.
 */
import { loadConfig } from '../../../kiosk-config/loader';
import { readLogs } from '../../log-file';
import { coerce, ConfigRefused, isSiteKey, saveSiteConfig, SITE_KEYS } from '../../services/maintenance/config-file';
import { createKeyFileBox } from '../../services/maintenance/secrets';
import { logDirOf } from '../../services/maintenance/service';
import { createMaintenanceStore } from '../../services/maintenance/store';
import { EXIT, UsageError, type CliCommand, type CliContext } from '../types';
import { option } from './maintenance';

function siteConfig(args: string[], ctx: CliContext) {
  const file = option(args, '--config') ?? ctx.env.KIOSK_CONFIG;
  const loaded = loadConfig({ env: ctx.env, ...(file ? { file } : {}) });
  if (!loaded.ok) throw new UsageError('the site config is not valid: run `config check` first');
  return { file, config: loaded.config };
}

/** `config set KEY VALUE [--config FILE]`: called by the `config` command. */
export async function configSet(args: string[], ctx: CliContext): Promise<number> {
  const positional = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--config');
  const [key, value] = positional;
  if (!key || value === undefined) throw new UsageError(`config set needs KEY VALUE; keys: ${Object.keys(SITE_KEYS).join(', ')}`);
  if (!isSiteKey(key) || key === 'maintenance.pinHash')
    throw new UsageError(
      `${key} cannot be set here; keys: ${Object.keys(SITE_KEYS)
        .filter((k) => k !== 'maintenance.pinHash')
        .join(', ')}`,
    );
  const { file, config } = siteConfig(args, ctx);
  if (!file) throw new UsageError('config set needs --config FILE (or KIOSK_CONFIG)');
  try {
    saveSiteConfig(file, { [key]: coerce(key, value) }, createKeyFileBox(config.dataDir));
  } catch (err) {
    if (err instanceof ConfigRefused) {
      ctx.err(`FAIL: not saved:\n${err.message}`);
      return EXIT.failed;
    }
    throw err;
  }
  const store = createMaintenanceStore(config.dataDir);
  try {
    store.audit(`cli:${ctx.env.USER ?? 'unknown'}`, 'config.save', key);
  } finally {
    store.close();
  }
  ctx.out(
    `OK: ${key} saved in ${file}${SITE_KEYS[key].secret ? ' (encrypted)' : ''}; the previous file is ${file}.bak${SITE_KEYS[key].live ? '' : '; applies at the next start'}`,
  );
  return EXIT.ok;
}

export const logsCommand: CliCommand = {
  name: 'logs',
  summary: 'Show the newest log entries (logs tail [--level L] [--text T] [-n N])',
  usage: `Usage:
  npm run kiosk -- logs tail [--level debug|info|warn|error] [--text TEXT] [-n N] [--config FILE]
      The newest N (default 50) entries of the log files (logFiles.dir, default <dataDir>/logs).`,
  async run(args, ctx) {
    if (args[0] !== 'tail') throw new UsageError('logs needs tail');
    const level = option(args, '--level');
    if (level && !['debug', 'info', 'warn', 'error'].includes(level)) throw new UsageError('--level must be debug, info, warn or error');
    const text = option(args, '--text');
    const n = Number(option(args, '-n') ?? 50);
    if (!Number.isInteger(n) || n < 1) throw new UsageError('-n must be a positive whole number');
    const { config } = siteConfig(args, ctx);
    const dir = logDirOf(config);
    const records = readLogs(dir, { ...(level ? { level: level as 'info' } : {}), ...(text ? { text } : {}), limit: n });
    if (records.length === 0) ctx.err(`no log entries in ${dir}`);
    for (const r of records) ctx.out(`${r.time} ${r.level.toUpperCase().padEnd(5)} [${r.area}] ${r.msg}`);
    return EXIT.ok;
  },
};

export const auditCommand: CliCommand = {
  name: 'audit',
  summary: 'List the maintenance audit log (audit list)',
  usage: `Usage:
  npm run kiosk -- audit list [-n N] [--config FILE]   The newest N (default 50) maintenance actions.`,
  async run(args, ctx) {
    if (args[0] !== 'list') throw new UsageError('audit needs list');
    const n = Number(option(args, '-n') ?? 50);
    const { config } = siteConfig(args, ctx);
    const store = createMaintenanceStore(config.dataDir);
    try {
      const entries = store.auditList(n);
      if (entries.length === 0) ctx.out('no maintenance actions recorded');
      for (const e of entries.reverse()) ctx.out(`${e.at}  ${e.technician}  ${e.action}  ${e.detail}`);
    } finally {
      store.close();
    }
    return EXIT.ok;
  },
};

export const devicesCommand: CliCommand = {
  name: 'devices',
  summary: 'List the configured devices and the serial ports and HID devices present (devices list)',
  usage: `Usage:
  npm run kiosk -- devices list [--config FILE]`,
  async run(args, ctx) {
    if (args[0] !== 'list') throw new UsageError('devices needs list');
    const { config } = siteConfig(args, ctx);
    const d = config.devices;
    ctx.out('configured:');
    ctx.out(`  scanner     ${d.scanner.kind}${d.scanner.path ? ` ${d.scanner.path}` : ''}`);
    ctx.out(`  printer     ${d.printer.kind}${d.printer.path ? ` ${d.printer.path}` : d.printer.host ? ` ${d.printer.host}:${d.printer.port}` : ''}`);
    ctx.out(`  cardReader  ${d.cardReader.kind}${d.cardReader.reader ? ` ${d.cardReader.reader}` : ''}`);
    try {
      const { SerialPort } = await import('serialport');
      const ports = await SerialPort.list();
      ctx.out(`serial ports: ${ports.length === 0 ? 'none' : ''}`);
      for (const p of ports) ctx.out(`  ${p.path}${p.vendorId ? ` usb ${p.vendorId}:${p.productId ?? '?'}` : ''}${p.manufacturer ? ` ${p.manufacturer}` : ''}`);
    } catch (err) {
      ctx.err(`serial ports: cannot list (${(err as Error).message})`);
    }
    try {
      const hid = await import('node-hid');
      const list = (hid.default ?? hid).devices();
      ctx.out(`HID devices: ${list.length === 0 ? 'none' : ''}`);
      for (const h of list)
        ctx.out(`  ${h.path ?? '?'} usb ${h.vendorId.toString(16).padStart(4, '0')}:${h.productId.toString(16).padStart(4, '0')} ${h.product ?? ''}`);
    } catch (err) {
      ctx.err(`HID devices: cannot list (${(err as Error).message})`);
    }
    ctx.out('PC/SC readers and cameras: not listed yet (device setup is not built)');
    return EXIT.ok;
  },
};
