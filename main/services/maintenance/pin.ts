/**
 * The maintenance PIN: stored as a scrypt hash (node:crypto) in the config key
 * `maintenance.pinHash`, never in clear. Format: `scrypt$N$r$p$<salt b64url>$<hash b64url>`.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const N = 16_384;
const R = 8;
const P = 1;
const KEYLEN = 32;

/** A PIN is 4 to 12 digits. */
export function isValidPin(pin: string): boolean {
  return /^\d{4,12}$/.test(pin);
}

export function hashPin(pin: string): string {
  if (!isValidPin(pin)) throw new Error('a maintenance PIN is 4 to 12 digits');
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, KEYLEN, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** True when `pin` matches `stored`; false for a wrong PIN or a malformed hash (never throws). */
export function verifyPin(pin: string, stored: string): boolean {
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/.exec(stored);
  if (!m) return false;
  const [n, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (n > 1 << 20 || r > 32 || p > 16) return false;
  try {
    const expected = Buffer.from(m[5]!, 'base64url');
    const got = scryptSync(pin, Buffer.from(m[4]!, 'base64url'), expected.length, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 });
    return got.length === expected.length && timingSafeEqual(got, expected);
  } catch {
    return false;
  }
}
