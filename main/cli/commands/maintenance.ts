/**
 * `maintenance keygen | token | pin set` (issue 14): technician keys, signed technician tokens
 * (the QR code a technician scans), and the maintenance PIN (stored as a scrypt hash).
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { loadConfig } from '../../../kiosk-config/loader';
import { saveSiteConfig } from '../../services/maintenance/config-file';
import { hashPin, isValidPin } from '../../services/maintenance/pin';
import { createKeyFileBox } from '../../services/maintenance/secrets';
import { generateTechnicianKeys, signToken } from '../../services/maintenance/token';
import { EXIT, UsageError, type CliCommand, type CliContext } from '../types';

const USAGE = `Usage:
  npm run kiosk -- maintenance keygen --out FILE
      Make an Ed25519 key pair for technician tokens: the private key goes to FILE (mode 0600,
      keep it with the operator); the public key is printed, for the kiosk config's
      maintenance.technicianKeys.
  npm run kiosk -- maintenance token --technician ID --kiosk ID|* --expires ISO --key FILE [--not-before ISO]
      Sign a technician token (print it as a QR code; the kiosk accepts it once).
  npm run kiosk -- maintenance pin set --config FILE [--pin PIN]
      Set the maintenance PIN (4 to 12 digits; else from KIOSK_PIN) as a scrypt hash in FILE,
      written atomically with the previous file kept as FILE.bak.`;

export function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
  return v;
}

function epoch(text: string, name: string): number {
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) throw new UsageError(`${name} must be a date and time such as 2026-12-01T17:00:00+07:00`);
  return Math.floor(ms / 1000);
}

async function keygen(args: string[], ctx: CliContext): Promise<number> {
  const out = option(args, '--out');
  if (!out) throw new UsageError('maintenance keygen needs --out FILE');
  const k = generateTechnicianKeys();
  writeFileSync(out, k.privateKeyPem, { mode: 0o600, flag: 'wx' });
  chmodSync(out, 0o600);
  ctx.out(k.publicKey);
  ctx.err(`private key written to ${out} (mode 0600); add the line above to maintenance.technicianKeys`);
  return EXIT.ok;
}

async function token(args: string[], ctx: CliContext): Promise<number> {
  const technician = option(args, '--technician');
  const kiosk = option(args, '--kiosk');
  const expires = option(args, '--expires');
  const keyFile = option(args, '--key');
  if (!technician || !kiosk || !expires || !keyFile) throw new UsageError('maintenance token needs --technician, --kiosk, --expires and --key');
  const nbfText = option(args, '--not-before');
  const exp = epoch(expires, '--expires');
  const nbf = nbfText ? epoch(nbfText, '--not-before') : Math.floor(Date.now() / 1000) - 60;
  if (exp <= nbf) throw new UsageError('--expires must be after --not-before');
  let pem: string;
  try {
    pem = readFileSync(keyFile, 'utf8');
  } catch (err) {
    ctx.err(`FAIL: cannot read ${keyFile}: ${(err as Error).message}`);
    return EXIT.failed;
  }
  ctx.out(signToken({ k: kiosk, t: technician, nbf, exp }, pem));
  return EXIT.ok;
}

async function pinSet(args: string[], ctx: CliContext): Promise<number> {
  const file = option(args, '--config') ?? ctx.env.KIOSK_CONFIG;
  if (!file) throw new UsageError('maintenance pin set needs --config FILE (or KIOSK_CONFIG)');
  const pin = option(args, '--pin') ?? ctx.env.KIOSK_PIN;
  if (!pin || !isValidPin(pin)) throw new UsageError('the PIN must be 4 to 12 digits (--pin PIN or KIOSK_PIN)');
  const loaded = loadConfig({ file, env: {} });
  const box = loaded.ok ? createKeyFileBox(loaded.config.dataDir) : null;
  saveSiteConfig(file, { 'maintenance.pinHash': hashPin(pin) }, box);
  ctx.out(`OK: maintenance PIN set in ${file} (scrypt hash; previous file kept as ${file}.bak)`);
  return EXIT.ok;
}

export const maintenanceCommand: CliCommand = {
  name: 'maintenance',
  summary: 'Technician keys and tokens (keygen, token) and the maintenance PIN (pin set)',
  usage: USAGE,
  async run(args, ctx) {
    const [sub, ...rest] = args;
    if (sub === 'keygen') return keygen(rest, ctx);
    if (sub === 'token') return token(rest, ctx);
    if (sub === 'pin' && rest[0] === 'set') return pinSet(rest.slice(1), ctx);
    throw new UsageError('maintenance needs keygen, token or pin set');
  },
};
