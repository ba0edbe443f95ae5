/**
 * A small pure-JS DES (FIPS 46-3) block cipher, used only when node:crypto lacks the 3DES ciphers
 * (e.g. an Electron build on BoringSSL). ECB single-block encrypt/decrypt plus CBC on top, and
 * two-key 3DES (EDE with K1, K2, K1). Written for clarity, not speed: a 15 KB file costs a few ms.
 */
import { CryptoError } from './errors';

// FIPS 46-3 tables (1-based bit positions, bit 1 = most significant bit of byte 0).
const IP = [
  58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4, 62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24, 16, 8, 57, 49, 41, 33, 25, 17, 9, 1, 59,
  51, 43, 35, 27, 19, 11, 3, 61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7,
];
const E = [
  32, 1, 2, 3, 4, 5, 4, 5, 6, 7, 8, 9, 8, 9, 10, 11, 12, 13, 12, 13, 14, 15, 16, 17, 16, 17, 18, 19, 20, 21, 20, 21, 22, 23, 24, 25, 24, 25, 26, 27, 28, 29, 28,
  29, 30, 31, 32, 1,
];
const P = [16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25];
const PC1 = [
  57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36, 63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30,
  22, 14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4,
];
const PC2 = [
  14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2, 41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34,
  53, 46, 42, 50, 36, 29, 32,
];
const SHIFTS = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1];
const S: number[][] = [
  [
    14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7, 0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8, 4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10,
    5, 0, 15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6, 13,
  ],
  [
    15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10, 3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11, 5, 0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3,
    2, 15, 13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5, 14, 9,
  ],
  [
    10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8, 13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15, 1, 13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10,
    14, 7, 1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12,
  ],
  [
    7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15, 13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14, 9, 10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2,
    8, 4, 3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2, 14,
  ],
  [
    2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9, 14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8, 6, 4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3,
    0, 14, 11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4, 5, 3,
  ],
  [
    12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11, 10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3, 8, 9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13,
    11, 6, 4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8, 13,
  ],
  [
    4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1, 13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8, 6, 1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5,
    9, 2, 6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3, 12,
  ],
  [
    13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7, 1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9, 2, 7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3,
    5, 8, 2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6, 11,
  ],
];

const FP: number[] = (() => {
  const fp = new Array<number>(64);
  IP.forEach((src, i) => {
    fp[src - 1] = i + 1;
  });
  return fp;
})();

function bitsOf(block: Uint8Array, offset: number): Uint8Array {
  const bits = new Uint8Array(64);
  for (let i = 0; i < 64; i++) bits[i] = ((block[offset + (i >> 3)] as number) >> (7 - (i & 7))) & 1;
  return bits;
}

function permute(bits: Uint8Array, table: readonly number[]): Uint8Array {
  const out = new Uint8Array(table.length);
  for (let i = 0; i < table.length; i++) out[i] = bits[(table[i] as number) - 1] as number;
  return out;
}

/** The 16 round subkeys (48 bits each, one bit per byte) of a DES key. */
export function desSubkeys(key: Uint8Array): Uint8Array[] {
  if (key.length !== 8) throw new CryptoError('bad-key', 'a DES key is 8 bytes');
  const cd = permute(bitsOf(key, 0), PC1);
  let c = Array.from(cd.subarray(0, 28));
  let d = Array.from(cd.subarray(28, 56));
  const keys: Uint8Array[] = [];
  for (const s of SHIFTS) {
    c = c.slice(s).concat(c.slice(0, s));
    d = d.slice(s).concat(d.slice(0, s));
    keys.push(permute(Uint8Array.from(c.concat(d)), PC2));
  }
  return keys;
}

function cryptBlock(subkeys: Uint8Array[], decrypt: boolean, input: Uint8Array, inOff: number, output: Uint8Array, outOff: number): void {
  const ip = permute(bitsOf(input, inOff), IP);
  let l = ip.slice(0, 32);
  let r = ip.slice(32, 64);
  const f = new Uint8Array(32);
  for (let round = 0; round < 16; round++) {
    const k = subkeys[decrypt ? 15 - round : round] as Uint8Array;
    // f(R, K) = P(S(E(R) xor K))
    for (let box = 0; box < 8; box++) {
      const b = (i: number): number => ((r[(E[box * 6 + i] as number) - 1] as number) ^ (k[box * 6 + i] as number)) & 1;
      const row = (b(0) << 1) | b(5);
      const col = (b(1) << 3) | (b(2) << 2) | (b(3) << 1) | b(4);
      const v = (S[box] as number[])[row * 16 + col] as number;
      f[box * 4] = (v >> 3) & 1;
      f[box * 4 + 1] = (v >> 2) & 1;
      f[box * 4 + 2] = (v >> 1) & 1;
      f[box * 4 + 3] = v & 1;
    }
    const pf = permute(f, P);
    const nr = new Uint8Array(32);
    for (let i = 0; i < 32; i++) nr[i] = (l[i] as number) ^ (pf[i] as number);
    l = r;
    r = nr;
  }
  // Pre-output R16 L16, then the final permutation.
  const pre = new Uint8Array(64);
  pre.set(r, 0);
  pre.set(l, 32);
  const outBits = permute(pre, FP);
  for (let i = 0; i < 8; i++) {
    let v = 0;
    for (let j = 0; j < 8; j++) v = (v << 1) | (outBits[i * 8 + j] as number);
    output[outOff + i] = v;
  }
}

function checkBlocks(data: Uint8Array): void {
  if (data.length % 8 !== 0) throw new CryptoError('bad-length', 'DES data must be a multiple of 8 bytes');
}

/** DES-ECB over whole blocks (no padding). */
export function jsDesEcb(key: Uint8Array, data: Uint8Array, encrypt: boolean): Uint8Array {
  checkBlocks(data);
  const sk = desSubkeys(key);
  const out = new Uint8Array(data.length);
  for (let o = 0; o < data.length; o += 8) cryptBlock(sk, !encrypt, data, o, out, o);
  return out;
}

/** Two- or three-key 3DES (EDE) ECB over whole blocks. `key` is 16 (K1‖K2, K3 = K1) or 24 bytes. */
export function jsTdesEcb(key: Uint8Array, data: Uint8Array, encrypt: boolean): Uint8Array {
  checkBlocks(data);
  const [k1, k2, k3] = tdesSubkeys(key);
  const out = new Uint8Array(data.length);
  const t = new Uint8Array(8);
  for (let o = 0; o < data.length; o += 8) {
    if (encrypt) {
      cryptBlock(k1, false, data, o, out, o);
      cryptBlock(k2, true, out, o, t, 0);
      cryptBlock(k3, false, t, 0, out, o);
    } else {
      cryptBlock(k3, true, data, o, out, o);
      cryptBlock(k2, false, out, o, t, 0);
      cryptBlock(k1, true, t, 0, out, o);
    }
  }
  return out;
}

function tdesSubkeys(key: Uint8Array): [Uint8Array[], Uint8Array[], Uint8Array[]] {
  if (key.length !== 16 && key.length !== 24) throw new CryptoError('bad-key', 'a 3DES key is 16 or 24 bytes');
  const k1 = desSubkeys(key.subarray(0, 8));
  const k2 = desSubkeys(key.subarray(8, 16));
  const k3 = key.length === 24 ? desSubkeys(key.subarray(16, 24)) : k1;
  return [k1, k2, k3];
}

type BlockFn = (input: Uint8Array, inOff: number, output: Uint8Array, outOff: number) => void;

function cbc(block: BlockFn, unblock: BlockFn, data: Uint8Array, encrypt: boolean, iv: Uint8Array): Uint8Array {
  checkBlocks(data);
  if (iv.length !== 8) throw new CryptoError('bad-length', 'the IV is 8 bytes');
  const out = new Uint8Array(data.length);
  let prev: Uint8Array = new Uint8Array(iv);
  const t = new Uint8Array(8);
  for (let o = 0; o < data.length; o += 8) {
    if (encrypt) {
      for (let i = 0; i < 8; i++) t[i] = (data[o + i] as number) ^ (prev[i] as number);
      block(t, 0, out, o);
      prev = out.subarray(o, o + 8);
    } else {
      unblock(data, o, t, 0);
      for (let i = 0; i < 8; i++) out[o + i] = (t[i] as number) ^ (prev[i] as number);
      prev = data.subarray(o, o + 8);
    }
  }
  return out;
}

/** Single DES-CBC (no padding). */
export function jsDesCbc(key: Uint8Array, data: Uint8Array, encrypt: boolean, iv: Uint8Array = new Uint8Array(8)): Uint8Array {
  const sk = desSubkeys(key);
  return cbc(
    (i, io, o, oo) => cryptBlock(sk, false, i, io, o, oo),
    (i, io, o, oo) => cryptBlock(sk, true, i, io, o, oo),
    data,
    encrypt,
    iv,
  );
}

/** 3DES-CBC (EDE), 16- or 24-byte key, no padding. */
export function jsTdesCbc(key: Uint8Array, data: Uint8Array, encrypt: boolean, iv: Uint8Array = new Uint8Array(8)): Uint8Array {
  const [k1, k2, k3] = tdesSubkeys(key);
  const t = new Uint8Array(8);
  return cbc(
    (i, io, o, oo) => {
      cryptBlock(k1, false, i, io, o, oo);
      cryptBlock(k2, true, o, oo, t, 0);
      cryptBlock(k3, false, t, 0, o, oo);
    },
    (i, io, o, oo) => {
      cryptBlock(k3, true, i, io, o, oo);
      cryptBlock(k2, false, o, oo, t, 0);
      cryptBlock(k1, true, t, 0, o, oo);
    },
    data,
    encrypt,
    iv,
  );
}
