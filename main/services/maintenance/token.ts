/**
 * Technician tokens: a QR code `KTV1:<base64url>` (the scan classifier's `technician` class).
 * The base64url bytes are the claims as JSON followed by a 64-byte Ed25519 signature over them:
 *
 *   { "k": kioskId or "*", "t": technicianId, "nbf": epoch seconds, "exp": epoch seconds }
 *
 * The kiosk knows the public keys (config `maintenance.technicianKeys`, base64 SPKI DER or PEM);
 * operators sign with the private key (`npm run kiosk -- maintenance token`). A token is used once
 * per kiosk (its SHA-256 is kept in SQLite). The token is a secret: it is never logged.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

export const TOKEN_PREFIX = 'KTV1:';
const SIG_BYTES = 64;

export interface TokenClaims {
  /** The kiosk id the token is for, or "*" for every kiosk. */
  k: string;
  /** The technician's id (shown in the audit log). */
  t: string;
  nbf: number;
  exp: number;
}

export type TokenRefusal = 'malformed' | 'bad-signature' | 'expired' | 'not-yet-valid' | 'wrong-kiosk' | 'replayed' | 'no-keys';

export type TokenCheck = { ok: true; claims: TokenClaims; id: string } | { ok: false; reason: TokenRefusal; technician?: string };

/** English, for logs and the CLI. */
export const REFUSAL_TEXT: Record<TokenRefusal, string> = {
  malformed: 'the token is not a technician token',
  'bad-signature': 'the signature does not match any configured technician key',
  expired: 'the token has expired',
  'not-yet-valid': 'the token is not valid yet',
  'wrong-kiosk': 'the token is for another kiosk',
  replayed: 'the token was already used on this kiosk',
  'no-keys': 'no technician key is configured on this kiosk',
};

export function generateTechnicianKeys(): { privateKeyPem: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  };
}

export function publicKeyOf(text: string): KeyObject {
  const t = text.trim();
  if (t.startsWith('-----BEGIN')) return createPublicKey(t);
  return createPublicKey({ key: Buffer.from(t, 'base64'), format: 'der', type: 'spki' });
}

export function signToken(claims: TokenClaims, privateKeyPem: string): string {
  const body = Buffer.from(JSON.stringify({ k: claims.k, t: claims.t, nbf: claims.nbf, exp: claims.exp }), 'utf8');
  const sig = sign(null, body, createPrivateKey(privateKeyPem));
  return `${TOKEN_PREFIX}${Buffer.concat([body, sig]).toString('base64url')}`;
}

/**
 * The id under which a used token is remembered (a hash: the token itself is never stored). It is
 * the hash of the decoded bytes, not of the text: base64url decoding ignores the unused low bits of
 * the last character, so the same token can be written several ways, and each must count as used.
 */
export function tokenId(token: string): string {
  const raw = token.startsWith(TOKEN_PREFIX) ? token.slice(TOKEN_PREFIX.length) : token;
  return createHash('sha256').update(Buffer.from(raw, 'base64url')).digest('hex');
}

function parseClaims(bytes: Buffer): TokenClaims | null {
  try {
    const v = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    if (typeof v.k !== 'string' || typeof v.t !== 'string' || typeof v.nbf !== 'number' || typeof v.exp !== 'number') return null;
    if (!v.k || !v.t || v.t.length > 64 || v.k.length > 64) return null;
    return { k: v.k, t: v.t, nbf: v.nbf, exp: v.exp };
  } catch {
    return null;
  }
}

/**
 * Checks a token (with or without the `KTV1:` prefix): signature first (nothing of an unsigned
 * token is trusted), then kiosk, not-before and expiry. Replay is checked by the caller (SQLite).
 */
export function checkToken(token: string, opts: { publicKeys: readonly string[]; kioskId: string; nowMs: number }): TokenCheck {
  const raw = token.startsWith(TOKEN_PREFIX) ? token.slice(TOKEN_PREFIX.length) : token;
  if (!/^[A-Za-z0-9_-]{8,2048}$/.test(raw)) return { ok: false, reason: 'malformed' };
  const bytes = Buffer.from(raw, 'base64url');
  if (bytes.length <= SIG_BYTES) return { ok: false, reason: 'malformed' };
  const body = bytes.subarray(0, bytes.length - SIG_BYTES);
  const sig = bytes.subarray(bytes.length - SIG_BYTES);
  const claims = parseClaims(body);
  if (!claims) return { ok: false, reason: 'malformed' };
  if (opts.publicKeys.length === 0) return { ok: false, reason: 'no-keys' };
  let signed = false;
  for (const k of opts.publicKeys) {
    try {
      if (verify(null, body, publicKeyOf(k), sig)) signed = true;
    } catch {
      // a malformed configured key: the config check reports it; try the others
    }
  }
  if (!signed) return { ok: false, reason: 'bad-signature' };
  const now = Math.floor(opts.nowMs / 1000);
  if (claims.k !== '*' && claims.k !== opts.kioskId) return { ok: false, reason: 'wrong-kiosk', technician: claims.t };
  if (now < claims.nbf) return { ok: false, reason: 'not-yet-valid', technician: claims.t };
  if (now >= claims.exp) return { ok: false, reason: 'expired', technician: claims.t };
  return { ok: true, claims, id: tokenId(raw) };
}
