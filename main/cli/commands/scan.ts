/**
 * `npm run kiosk -- scan listen --serial PATH [--baud N] [--suffix cr|lf|crlf|none]`: opens a
 * serial scanner and prints one JSON line per scan (raw text masked when personal, class,
 * parsed fields masked). Status changes and rejected reads go to stderr. Runs until Ctrl+C, or
 * until `--count N` scans were printed.
 */
import { FRAME_SUFFIXES, type FrameSuffix } from '../../../drivers/scanner/protocol/framer';
import { createSerialScanner } from '../../../drivers/scanner/transports/serial';
import { classifyScan } from '../../services/scan/classify';
import { maskedScanFields, maskScanText } from '../../services/scan/mask';
import { EXIT, UsageError, type CliCommand, type CliContext } from '../types';

const USAGE = `Usage:
  npm run kiosk -- scan listen --serial PATH [--baud N] [--suffix cr|lf|crlf|none]
                               [--inter-byte-ms N] [--count N]
      Opens the serial scanner at PATH (default 9600 baud, suffix cr) and prints one JSON line
      per scan: {"time","source","raw","class","fields"} with personal data masked. Stops on
      Ctrl+C, or after N scans with --count. Unplugging the scanner is reported on stderr and
      the port is reopened when it comes back.`;

interface ListenArgs {
  serial: string;
  baud: number;
  suffix: FrameSuffix;
  interByteMs?: number;
  count?: number;
}

function parseArgs(args: string[]): ListenArgs {
  const out: Partial<ListenArgs> = { baud: 9600, suffix: 'cr' };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return v;
    };
    const int = (name: string, min: number, max: number) => {
      const v = value();
      const n = Number(v);
      if (!/^\d+$/.test(v) || n < min || n > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got "${v}"`);
      return n;
    };
    switch (a) {
      case '--serial':
        out.serial = value();
        break;
      case '--baud':
        out.baud = int('--baud', 300, 4_000_000);
        break;
      case '--suffix': {
        const v = value();
        if (!(FRAME_SUFFIXES as readonly string[]).includes(v)) throw new UsageError(`--suffix must be one of ${FRAME_SUFFIXES.join(', ')}, got "${v}"`);
        out.suffix = v as FrameSuffix;
        break;
      }
      case '--inter-byte-ms':
        out.interByteMs = int('--inter-byte-ms', 5, 2000);
        break;
      case '--count':
        out.count = int('--count', 1, 1_000_000);
        break;
      default:
        throw new UsageError(`unknown option "${a}"`);
    }
  }
  if (!out.serial) throw new UsageError('scan listen needs --serial PATH');
  return out as ListenArgs;
}

async function listen(args: string[], ctx: CliContext): Promise<number> {
  const opts = parseArgs(args);
  const driver = createSerialScanner({
    path: opts.serial,
    baudRate: opts.baud,
    suffix: opts.suffix,
    ...(opts.interByteMs !== undefined ? { interByteTimeoutMs: opts.interByteMs } : {}),
    onListenerError: (err) => ctx.err(`error: ${err instanceof Error ? err.message : String(err)}`),
  });
  let printed = 0;
  let done: (code: number) => void = () => {};
  const finished = new Promise<number>((r) => (done = r));
  driver.on('status', (s) => ctx.err(`scanner ${s.state}${s.detail ? `: ${s.detail}` : ''}`));
  driver.on('rejected', (e) => ctx.err(`rejected read: ${e.reason} (${e.detail})`));
  driver.on('scan', (e) => {
    const result = classifyScan(e.text);
    const line: Record<string, unknown> = {
      time: new Date().toISOString(),
      source: e.source,
      raw: maskScanText(result, e.text),
      class: result.kind,
      fields: maskedScanFields(result),
    };
    if (e.aim) line.aim = e.aim;
    if (e.symbology) line.symbology = e.symbology;
    if (e.repaired) line.repaired = true;
    ctx.out(JSON.stringify(line));
    printed++;
    if (opts.count !== undefined && printed >= opts.count) done(EXIT.ok);
  });
  const onSignal = () => done(EXIT.ok);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  ctx.err(`listening on ${opts.serial} (${opts.baud} baud, suffix ${opts.suffix}); Ctrl+C to stop`);
  await driver.start();
  const code = await finished;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  await driver.stop();
  return code;
}

export const scanCommand: CliCommand = {
  name: 'scan',
  summary: 'Listen to a serial QR/barcode scanner and print each scan as JSON (scan listen --serial PATH)',
  usage: USAGE,
  async run(args, ctx) {
    const [sub, ...rest] = args;
    if (sub !== 'listen') throw new UsageError(sub === undefined ? 'scan needs a subcommand: listen' : `unknown scan subcommand "${sub}" (expected listen)`);
    return listen(rest, ctx);
  },
};
