/**
 * Saving the site config file from maintenance mode or the CLI:
 *
 * 1. the change is applied to the site file's JSON (only the keys a site changes, SITE_KEYS);
 * 2. the result is validated with the config schema (the real loader, on the exact bytes);
 * 3. written atomically: a temp file in the same folder, fsync, the old file kept as `.bak`
 *    (itself written the same way), rename over the old one, fsync the folder.
 *
 * A crash at any point leaves the old file or the new one, never a broken one
 * (test/integration/config-crash.test.ts kills a saving process at random points).
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { formatConfigErrors, loadConfig, type ConfigError } from '../../../kiosk-config/loader';
import type { ResolvedKioskConfig } from '../../../kiosk-config/schema';
import { isEncrypted, type SecretBox } from './secrets';

/** The keys a site changes from maintenance mode, their kind, and whether the value is secret. */
export const SITE_KEYS = {
  'backend.url': { type: 'string', secret: false, live: false },
  'backend.token': { type: 'string', secret: true, live: false },
  'ui.idleTimeoutSeconds': { type: 'number', secret: false, live: true },
  'ui.idleWarningSeconds': { type: 'number', secret: false, live: true },
  'ui.readingIdleTimeoutSeconds': { type: 'number', secret: false, live: true },
  profile: { type: 'string', secret: false, live: true },
  language: { type: 'string', secret: false, live: true },
  'maintenance.pinHash': { type: 'string', secret: true, live: true },
  // Device setup (maintenance mode's setup tab): applied at the next start.
  'devices.scanner.kind': { type: 'string', secret: false, live: false },
  'devices.scanner.path': { type: 'string', secret: false, live: false },
  'devices.scanner.usbVendorId': { type: 'string', secret: false, live: false },
  'devices.scanner.usbProductId': { type: 'string', secret: false, live: false },
  'devices.scanner.baudRate': { type: 'number', secret: false, live: false },
  'devices.scanner.suffix': { type: 'string', secret: false, live: false },
  'devices.scanner.hidLayout': { type: 'string', secret: false, live: false },
  'devices.printer.kind': { type: 'string', secret: false, live: false },
  'devices.printer.path': { type: 'string', secret: false, live: false },
  'devices.printer.baudRate': { type: 'number', secret: false, live: false },
  'devices.printer.profile': { type: 'string', secret: false, live: false },
  'devices.cardReader.kind': { type: 'string', secret: false, live: false },
  'devices.cardReader.reader': { type: 'string', secret: false, live: false },
  'devices.documentCamera.kind': { type: 'string', secret: false, live: false },
  'devices.documentCamera.device': { type: 'string', secret: false, live: false },
} as const;
export type SiteKey = keyof typeof SITE_KEYS;

export function isSiteKey(k: string): k is SiteKey {
  return Object.prototype.hasOwnProperty.call(SITE_KEYS, k);
}

/** Text from a form or the command line to the key's type ("" clears an optional key). */
export function coerce(key: SiteKey, text: string): unknown {
  if (text === '') return undefined;
  if (SITE_KEYS[key].type === 'number') {
    const n = Number(text);
    return Number.isFinite(n) && /^-?\d+(\.\d+)?$/.test(text.trim()) ? n : text;
  }
  return text;
}

/** fsync a folder, so a rename in it is on disk. */
function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeDurable(file: string, data: string | Buffer): void {
  const fd = openSync(file, 'w', 0o600);
  try {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function tempName(file: string): string {
  return join(dirname(file), `.${basename(file)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/**
 * Replaces `file` with `text` atomically, keeping the previous content as `file.bak`.
 * `validate` runs on the temp file before it replaces anything (throwing keeps the old file).
 */
export function writeFileAtomic(file: string, text: string, validate?: (tempFile: string) => void): void {
  const dir = dirname(file);
  const tmp = tempName(file);
  try {
    writeDurable(tmp, text);
    validate?.(tmp);
    if (existsSync(file)) {
      const bakTmp = tempName(`${file}.bak`);
      writeDurable(bakTmp, readFileSync(file));
      renameSync(bakTmp, `${file}.bak`);
    }
    renameSync(tmp, file);
    fsyncDir(dir);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

export class ConfigRefused extends Error {
  constructor(readonly errors: ConfigError[]) {
    super(formatConfigErrors(errors));
    this.name = 'ConfigRefused';
  }
}

function readSite(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') return {};
  const v = JSON.parse(text) as unknown;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${file} is not a JSON object`);
  return v as Record<string, unknown>;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) {
    const next = cur[p];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  const last = parts.at(-1)!;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}

export interface SaveResult {
  config: ResolvedKioskConfig;
  /** Keys whose value changed (names only: never the values of secrets). */
  changed: SiteKey[];
}

/**
 * Applies `changes` to the site file, validates, encrypts secrets with `box`, and writes the
 * file atomically. Throws ConfigRefused (nothing written) when the result is not valid.
 */
export function saveSiteConfig(file: string, changes: Partial<Record<SiteKey, unknown>>, box: SecretBox | null): SaveResult {
  const site = readSite(file);
  const changed: SiteKey[] = [];
  for (const [key, value] of Object.entries(changes) as Array<[SiteKey, unknown]>) {
    if (!isSiteKey(key))
      throw new ConfigRefused([{ path: key, value: undefined, expected: 'a key a site may change', message: `${key}: not a key a site may change here` }]);
    changed.push(key);
    setPath(site, key, value);
  }
  // Validate in clear (the schema's rules apply to the token itself), then encrypt for the file.
  const plain = loadConfig({ env: {}, overrides: site as never });
  if (!plain.ok) throw new ConfigRefused(plain.errors);
  const token = (site.backend as Record<string, unknown> | undefined)?.token;
  if (typeof token === 'string' && !isEncrypted(token) && box) setPath(site, 'backend.token', box.encrypt(token));
  const text = `${JSON.stringify(site, null, 2)}\n`;
  writeFileAtomic(file, text, (tmp) => {
    const r = loadConfig({ file: tmp, env: {} });
    if (!r.ok) throw new ConfigRefused(r.errors);
  });
  return { config: plain.config, changed };
}
