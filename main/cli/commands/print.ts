/**
 * `npm run kiosk -- print ...`: print a template to a file or a printer, or ask a printer for its
 * status. For technicians installing or checking a printer.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { PrinterDevice, conditionOf } from '../../../drivers/printer/device';
import { PRINTER_PROFILES } from '../../../drivers/printer/profiles';
import { createTransport, type TransportSpec } from '../../../drivers/printer/transport';
import { PrinterConfig } from '../../../kiosk-config/schema';
import { createLogger } from '../../log';
import { createPrintingService, type TemplateKind } from '../../services/printing';
import { EXIT, UsageError, type CliCommand, type CliContext } from '../types';

const TEMPLATES: readonly TemplateKind[] = ['ticket', 'receipt', 'receipt-pending', 'status-page', 'test'];

const USAGE = `Usage:
  npm run kiosk -- print ticket|receipt|receipt-pending|status-page|test [--data FILE.json] [--profile NAME]
                   [--raster] (--out FILE.bin | --preview FILE.png | --serial PATH [--baud N]
                   | --tcp HOST[:PORT] | --usb /dev/usb/lpN)
      Print a template. --data is the template's JSON (required except for test; status-page
      takes a dossier as the lookup returns it; receipt-pending is the offline receipt of a
      submission still waiting to be sent: localRef, queuedAt, procedure, applicant, documents,
      see test/fixtures/printer/receipt-pending.json). --out writes the ESC/POS bytes to a file,
      --preview the picture of the receipt as PNG. --raster prints text as images even when the
      profile has a Vietnamese code page.
  npm run kiosk -- print status (--serial PATH [--baud N] | --tcp HOST[:PORT] | --usb /dev/usb/lpN)
      Ask the printer for its status (DLE EOT 1-4).

Profiles: ${Object.keys(PRINTER_PROFILES).join(', ')} (default generic-80-raster).
Exit codes: 0 done, 1 failed (printer not ready, no answer, cannot open, bad data), 2 usage error.`;

interface Options {
  data?: string;
  profile: string;
  raster: boolean;
  out?: string;
  preview?: string;
  serial?: string;
  baud: number;
  tcp?: string;
  usb?: string;
}

function parse(args: string[]): { positional: string[]; opts: Options } {
  const opts: Options = { profile: 'generic-80-raster', raster: false, baud: 9600 };
  const positional: string[] = [];
  const value = (i: number, name: string): string => {
    const v = args[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
    return v;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    switch (a) {
      case '--data':
        opts.data = value(i++, a);
        break;
      case '--profile':
        opts.profile = value(i++, a);
        break;
      case '--raster':
        opts.raster = true;
        break;
      case '--out':
        opts.out = value(i++, a);
        break;
      case '--preview':
        opts.preview = value(i++, a);
        break;
      case '--serial':
        opts.serial = value(i++, a);
        break;
      case '--baud': {
        const n = Number(value(i++, a));
        if (!Number.isInteger(n) || n < 1200 || n > 921600) throw new UsageError('--baud must be a baud rate such as 9600 or 115200');
        opts.baud = n;
        break;
      }
      case '--tcp':
        opts.tcp = value(i++, a);
        break;
      case '--usb':
        opts.usb = value(i++, a);
        break;
      default:
        if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
        positional.push(a);
    }
  }
  return { positional, opts };
}

function transportSpec(opts: Options): TransportSpec | null {
  const given = [opts.serial, opts.tcp, opts.usb].filter((x) => x !== undefined).length;
  if (given > 1) throw new UsageError('give only one of --serial, --tcp, --usb');
  if (opts.serial) return { kind: 'serial', path: opts.serial, baudRate: opts.baud };
  if (opts.usb) return { kind: 'usb', path: opts.usb };
  if (opts.tcp) {
    const m = /^([^:]+)(?::(\d{1,5}))?$/.exec(opts.tcp);
    const port = m?.[2] === undefined ? 9100 : Number(m[2]);
    if (!m || port < 1 || port > 65535) throw new UsageError(`--tcp must be HOST or HOST:PORT, got "${opts.tcp}"`);
    return { kind: 'tcp', host: m[1] as string, port };
  }
  return null;
}

const DESCRIBE: Record<string, string> = {
  ready: 'ready',
  paperLow: 'ready, paper low',
  paperOut: 'out of paper',
  coverOpen: 'cover open',
  error: 'error (cutter jam, head too hot or a fault)',
  offline: 'offline (no status reply)',
};

async function withDevice<T>(spec: TransportSpec, ctx: CliContext, fn: (d: PrinterDevice) => Promise<T>): Promise<T> {
  const device = new PrinterDevice({
    transport: () => createTransport(spec),
    statusTimeoutMs: 1500,
    log: (level, m) => {
      if (level !== 'debug' && ctx.env.KIOSK_DEBUG) ctx.err(m);
    },
  });
  try {
    return await fn(device);
  } finally {
    await device.stop();
  }
}

async function status(opts: Options, ctx: CliContext): Promise<number> {
  const spec = transportSpec(opts);
  if (!spec) throw new UsageError('print status needs --serial, --tcp or --usb');
  return withDevice(spec, ctx, async (device) => {
    const s = await device.refresh();
    if (!device.connected && s === null) {
      ctx.err(`FAIL: cannot open the printer: ${device.error ?? 'unknown error'}`);
      return EXIT.failed;
    }
    const c = conditionOf(s, true);
    ctx.out(`${createTransport(spec).description}: ${DESCRIBE[c] ?? c}`);
    if (s) {
      const flags = Object.entries(s)
        .filter(([, v]) => v === true)
        .map(([k]) => k);
      ctx.out(`  flags: ${flags.length ? flags.join(', ') : 'none'}`);
    }
    return c === 'ready' || c === 'paperLow' ? EXIT.ok : EXIT.failed;
  });
}

async function printTemplate(kind: TemplateKind, opts: Options, ctx: CliContext): Promise<number> {
  if (!PRINTER_PROFILES[opts.profile]) {
    throw new UsageError(`unknown profile "${opts.profile}" (known: ${Object.keys(PRINTER_PROFILES).join(', ')})`);
  }
  let data: unknown = {};
  if (opts.data) {
    let raw: string;
    try {
      raw = readFileSync(opts.data, 'utf8');
    } catch (err) {
      ctx.err(`FAIL: cannot read ${opts.data}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      return EXIT.failed;
    }
    try {
      data = JSON.parse(raw);
    } catch (err) {
      ctx.err(`FAIL: ${opts.data} is not valid JSON: ${(err as Error).message}`);
      return EXIT.failed;
    }
  } else if (kind !== 'test') {
    throw new UsageError(`print ${kind} needs --data FILE.json`);
  }
  const spec = transportSpec(opts);
  const targets = [opts.out, opts.preview, spec].filter((x) => x !== undefined && x !== null).length;
  if (targets === 0) throw new UsageError('say where to print: --out FILE, --preview FILE.png, --serial, --tcp or --usb');
  if (targets > 1) throw new UsageError('give one target: --out, --preview, --serial, --tcp or --usb');

  const svc = createPrintingService({
    config: PrinterConfig.parse({ kind: 'none', profile: opts.profile, mode: opts.raster ? 'raster' : 'auto' }),
    log: createLogger({ level: 'error', write: (l) => ctx.err(l) }),
    centerName: 'Trung tâm Phục vụ hành chính công',
    hotline: '1900 1234',
    kioskId: 'CLI',
  });
  if (kind === 'status-page') {
    const { Dossier } = await import('../../api/schemas');
    const parsed = Dossier.safeParse(data);
    if (!parsed.success) {
      ctx.err(
        `FAIL: ${opts.data} is not a dossier: ${parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
          .join('; ')}`,
      );
      return EXIT.failed;
    }
    data = parsed.data;
  }
  if (opts.preview) {
    writeFileSync(opts.preview, svc.preview(kind, data));
    ctx.out(`OK: preview of ${kind} written to ${opts.preview}`);
    return EXIT.ok;
  }
  const r = svc.render(kind, data);
  if (opts.out) {
    writeFileSync(opts.out, r.bytes);
    ctx.out(`OK: ${kind} written to ${opts.out} (${r.bytes.length} bytes, ${r.mode} mode, profile ${opts.profile})`);
    return EXIT.ok;
  }
  return withDevice(spec as TransportSpec, ctx, async (device) => {
    const s = await device.refresh();
    const where = createTransport(spec as TransportSpec).description;
    if (!device.connected) {
      ctx.err(`FAIL: cannot open the printer: ${device.error ?? 'unknown error'}`);
      return EXIT.failed;
    }
    const c = conditionOf(s, true);
    if (c !== 'ready' && c !== 'paperLow') {
      ctx.err(`FAIL: printer not ready: ${DESCRIBE[c] ?? c}; nothing was sent`);
      return EXIT.failed;
    }
    const job = device.submit(r.bytes, kind);
    device.start();
    const state = await device.waitFor(job.id, 10_000 + Math.ceil((r.bytes.length / (opts.baud / 10)) * 1500));
    if (state !== 'printed') {
      ctx.err(`FAIL: the printer did not take the job (${DESCRIBE[device.condition] ?? device.condition})`);
      return EXIT.failed;
    }
    ctx.out(`OK: ${kind} sent to ${where} (${r.bytes.length} bytes, ${r.mode} mode${c === 'paperLow' ? '; paper is low' : ''})`);
    return EXIT.ok;
  });
}

export const printCommand: CliCommand = {
  name: 'print',
  summary: "Print a ticket, receipt, status page or test page; or read a printer's status",
  usage: USAGE,
  async run(args: string[], ctx: CliContext): Promise<number> {
    const { positional, opts } = parse(args);
    const [what, ...extra] = positional;
    if (what === undefined) throw new UsageError('print needs what to print: ticket, receipt, receipt-pending, status-page, test or status');
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (what === 'status') return status(opts, ctx);
    if (!(TEMPLATES as readonly string[]).includes(what)) {
      throw new UsageError(`unknown template "${what}" (expected ticket, receipt, receipt-pending, status-page, test or status)`);
    }
    return printTemplate(what as TemplateKind, opts, ctx);
  },
};
