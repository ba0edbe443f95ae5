/**
 * A technician token is used once per kiosk whatever way its base64url is written: decoding
 * ignores the unused low bits of the last character, so "the same token" has several spellings,
 * and the replay check must see them as one.
 */
import { describe, expect, it } from 'vitest';
import { checkToken, generateTechnicianKeys, signToken, tokenId, TOKEN_PREFIX } from '../../main/services/maintenance/token';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const keys = generateTechnicianKeys();
const now = Date.now();
const s = Math.floor(now / 1000);

/** A token whose byte length leaves unused bits in its last base64url character. */
function tokenWithSlack(): { token: string; raw: string } {
  for (let i = 0; i < 10; i++) {
    const token = signToken({ k: 'K1', t: `KTV-${'9'.repeat(i)}`, nbf: s - 60, exp: s + 600 }, keys.privateKeyPem);
    const raw = token.slice(TOKEN_PREFIX.length);
    if (Buffer.from(raw, 'base64url').length % 3 !== 0) return { token, raw };
  }
  throw new Error('no token length with unused bits');
}

describe('technician token ids', () => {
  it('another spelling of the same bytes has the same id, so a replay is caught', () => {
    const { token, raw } = tokenWithSlack();
    const last = ALPHABET.indexOf(raw[raw.length - 1]!);
    const other = `${TOKEN_PREFIX}${raw.slice(0, -1)}${ALPHABET[last ^ 1]}`;
    expect(other).not.toBe(token);
    expect(Buffer.from(other.slice(TOKEN_PREFIX.length), 'base64url')).toEqual(Buffer.from(raw, 'base64url'));
    const a = checkToken(token, { publicKeys: [keys.publicKey], kioskId: 'K1', nowMs: now });
    const b = checkToken(other, { publicKeys: [keys.publicKey], kioskId: 'K1', nowMs: now });
    expect(a.ok && b.ok).toBe(true);
    expect(a.ok && b.ok && a.id === b.id).toBe(true);
    expect(tokenId(other)).toBe(tokenId(token));
  });

  it('different tokens have different ids', () => {
    const t1 = signToken({ k: 'K1', t: 'A', nbf: s, exp: s + 60 }, keys.privateKeyPem);
    const t2 = signToken({ k: 'K1', t: 'B', nbf: s, exp: s + 60 }, keys.privateKeyPem);
    expect(tokenId(t1)).not.toBe(tokenId(t2));
  });
});
