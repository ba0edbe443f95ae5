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
import { exportLogs } from '../../services/maintenance/export';
import { discoverDevices, hex4, type PresentDevice } from '../../services/maintenance/devices';
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
  summary: 'Show the newest log entries (logs tail [--level L] [--text T] [-n N]) or copy them masked to a USB drive (logs export --to DIR)',
  usage: `Usage:
  npm run kiosk -- logs tail [--level debug|info|warn|error] [--text TEXT] [-n N] [--config FILE]
      The newest N (default 50) entries of the log files (logFiles.dir, default <dataDir>/logs).
  npm run kiosk -- logs export --to DIR [--config FILE]
      Copies the log files, ID numbers masked, into a new folder kiosk-logs-<kioskId>-<time> under DIR
      (a mounted USB drive), after checking its free space; the same as maintenance mode's export.`,
  async run(args, ctx) {
    if (args[0] === 'export') {
      const to = option(args, '--to');
      if (!to) throw new UsageError('logs export needs --to DIR');
      const { config } = siteConfig(args, ctx);
      const r = exportLogs(to, logDirOf(config), config.kioskId, { configured: [to], mountInfo: () => '' });
      if (!r.ok) {
        ctx.err(`logs not exported: ${r.detail}`);
        return EXIT.failed;
      }
      ctx.out(`${r.files} log files (${r.bytes} bytes, ID numbers masked) copied to ${r.dir}`);
      return EXIT.ok;
    }
    if (args[0] !== 'tail') throw new UsageError('logs needs tail or export');
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
  summary: 'List the configured devices and the serial ports, HID devices, PC/SC readers and cameras present, with USB ids and roles (devices list)',
  usage: `Usage:
  npm run kiosk -- devices list [--config FILE] [--path PATH]...
      --path: a serial port to show even when the listing does not find it (a PTY, a port without sysfs).
      Each device present is shown with its bus, USB vendor:product id and the role the config gives it.`,
  async run(args, ctx) {
    if (args[0] !== 'list') throw new UsageError('devices needs list');
    const { config } = siteConfig(args, ctx);
    const d = config.devices;
    ctx.out('configured:');
    ctx.out(
      `  scanner     ${d.scanner.kind}${d.scanner.path ? ` ${d.scanner.path}` : ''}${d.scanner.usbVendorId !== undefined ? ` usb ${String(d.scanner.usbVendorId)}` : ''}`,
    );
    ctx.out(`  printer     ${d.printer.kind}${d.printer.path ? ` ${d.printer.path}` : d.printer.host ? ` ${d.printer.host}:${d.printer.port}` : ''}`);
    ctx.out(`  cardReader  ${d.cardReader.kind}${d.cardReader.reader ? ` ${d.cardReader.reader}` : ''}`);
    ctx.out(`  documentCamera ${d.documentCamera.kind}${d.documentCamera.device ? ` ${d.documentCamera.device}` : ''}`);
    const paths = args.flatMap((a, i) => (args[i - 1] === '--path' ? [a] : []));
    const listing = await discoverDevices({}, paths);
    const roles = (x: PresentDevice): string[] => {
      const r: string[] = [];
      const usbMatch = d.scanner.usbVendorId !== undefined && hex4(d.scanner.usbVendorId) === x.usbVendorId;
      if ((d.scanner.kind === 'serial' || d.scanner.kind === 'hid') && (d.scanner.path === x.id || (usbMatch && x.bus === d.scanner.kind))) r.push('scanner');
      if ((d.printer.kind === 'serial' || d.printer.kind === 'usb') && d.printer.path === x.id) r.push('printer');
      if (d.cardReader.kind === 'pcsc' && x.bus === 'pcsc' && (!d.cardReader.reader || x.id.toLowerCase().includes(d.cardReader.reader.toLowerCase())))
        r.push('cardReader');
      if (d.documentCamera.kind === 'camera' && x.bus === 'video' && d.documentCamera.device && (x.name ?? '').includes(d.documentCamera.device))
        r.push('documentCamera');
      return r;
    };
    ctx.out(`present: ${listing.devices.length === 0 ? 'none' : ''}`);
    for (const x of listing.devices) {
      const usb = x.usbVendorId ? ` usb ${x.usbVendorId}:${x.usbProductId ?? '????'}` : '';
      const role = roles(x);
      ctx.out(
        `  ${x.bus.padEnd(6)} ${x.id}${usb}${x.name && x.name !== x.id ? ` "${x.name}"` : ''}${x.manual ? ' (given with --path)' : ''}  role: ${role.length ? role.join(', ') : 'none'}`,
      );
    }
    for (const p of listing.problems) ctx.err(p);
    return EXIT.ok;
  },
};
