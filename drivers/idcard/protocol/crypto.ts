/**
 * The DES-family primitives BAC and secure messaging need (ICAO 9303-11 §9.8 / §9.7.1.1):
 * 2-key 3DES-CBC with a zero IV, and the retail MAC (ISO/IEC 9797-1 MAC algorithm 3 with DES,
 * padding method 2). Single DES is not offered by OpenSSL 3's default provider, so it is done as
 * 3DES with K‖K‖K. Electron ships BoringSSL, which may lack some of these ciphers:
 * {@link cryptoSupport} probes node:crypto with known-answer tests and {@link desBackend} falls
 * back to the pure-JS DES of ./des-js when none works.
 */
import { createCipheriv, createDecipheriv, createHash, getHashes } from 'node:crypto';
import { fromHex, toHex } from './bytes';
import { jsDesCbc, jsDesEcb, jsTdesCbc } from './des-js';
import { CryptoError } from './errors';

/** The primitives used by BAC and SM. Data is always whole 8-byte blocks (callers pad). */
export interface DesBackend {
  readonly name: 'node' | 'js';
  /** 2-key 3DES-CBC (K1‖K2), IV zero unless given. */
  tdesCbc(key16: Uint8Array, data: Uint8Array, encrypt: boolean, iv?: Uint8Array): Uint8Array;
  /** Single DES-CBC, IV zero unless given. */
  desCbc(key8: Uint8Array, data: Uint8Array, encrypt: boolean, iv?: Uint8Array): Uint8Array;
  /** Single DES-ECB over whole blocks. */
  desEcb(key8: Uint8Array, data: Uint8Array, encrypt: boolean): Uint8Array;
}

export const jsBackend: DesBackend = {
  name: 'js',
  tdesCbc: (k, d, e, iv) => jsTdesCbc(k, d, e, iv),
  desCbc: (k, d, e, iv) => jsDesCbc(k, d, e, iv),
  desEcb: (k, d, e) => jsDesEcb(k, d, e),
};

/** The node:crypto cipher names this layer can use. */
export const NODE_CIPHERS = ['des-ede-cbc', 'des-ede3-cbc', 'des-ede-ecb', 'des-ede3-ecb'] as const;
export type NodeCipherName = (typeof NODE_CIPHERS)[number];

export interface CryptoSupport {
  /** Each cipher: true when it exists AND gives the known answer. */
  ciphers: Record<NodeCipherName, boolean>;
  /** SHA-1 (key derivation) is available. There is no JS fallback for it. */
  sha1: boolean;
  /** Which backend {@link desBackend} uses. */
  backend: 'node' | 'js';
  /** Ciphers that are missing (for a start-up health report). */
  missing: NodeCipherName[];
}

// Known answers. DES: the classic FIPS example key 133457799BBCDFF1, plaintext 0123456789ABCDEF
// gives 85E813540F0AB405. 2-key 3DES: the ICAO 9303-11 Appendix D.3 K_enc on the first block of S
// (RND.IFD) gives the first block of E_IFD.
const KAT_DES_KEY = fromHex('133457799BBCDFF1');
const KAT_DES_PT = fromHex('0123456789ABCDEF');
const KAT_DES_CT = '85E813540F0AB405';
const KAT_TDES_KEY = fromHex('AB94FDECF2674FDFB9B391F85D7F76F2');
const KAT_TDES_PT = fromHex('781723860C06C226');
const KAT_TDES_CT = '72C29C2371CC9BDB';

function runNode(name: NodeCipherName, key: Uint8Array, data: Uint8Array, encrypt: boolean, iv: Uint8Array | null): Uint8Array {
  const c = encrypt ? createCipheriv(name, key, iv) : createDecipheriv(name, key, iv);
  c.setAutoPadding(false);
  const a = c.update(data);
  const b = c.final();
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Key material as node:crypto wants it for `name`: 16-byte 2-key or 24-byte K1‖K2‖K1. */
function keyFor(name: NodeCipherName, k1: Uint8Array, k2: Uint8Array): Uint8Array {
  const out = new Uint8Array(name.startsWith('des-ede3') ? 24 : 16);
  out.set(k1, 0);
  out.set(k2, 8);
  if (out.length === 24) out.set(k1, 16);
  return out;
}

function probe(name: NodeCipherName): boolean {
  try {
    const isCbc = name.endsWith('-cbc');
    const iv = isCbc ? new Uint8Array(8) : null;
    const d1 = runNode(name, keyFor(name, KAT_DES_KEY, KAT_DES_KEY), KAT_DES_PT, true, iv);
    const k1 = KAT_TDES_KEY.subarray(0, 8);
    const k2 = KAT_TDES_KEY.subarray(8, 16);
    const d2 = runNode(name, keyFor(name, k1, k2), KAT_TDES_PT, true, iv);
    const back = runNode(name, keyFor(name, k1, k2), d2, false, iv);
    return toHex(d1) === KAT_DES_CT && toHex(d2) === KAT_TDES_CT && toHex(back) === toHex(KAT_TDES_PT);
  } catch {
    return false;
  }
}

/** Probe node:crypto (cheap: a few known-answer blocks). Call at start-up and report `missing`. */
export function cryptoSupport(): CryptoSupport {
  const ciphers = Object.fromEntries(NODE_CIPHERS.map((n) => [n, probe(n)])) as Record<NodeCipherName, boolean>;
  let sha1 = false;
  try {
    sha1 = getHashes().includes('sha1') && createHash('sha1').update('abc').digest('hex') === 'a9993e364706816aba3e25717850c26c9cd0d89d';
  } catch {
    sha1 = false;
  }
  const cbc = ciphers['des-ede-cbc'] || ciphers['des-ede3-cbc'];
  return {
    ciphers,
    sha1,
    backend: cbc ? 'node' : 'js',
    missing: NODE_CIPHERS.filter((n) => !ciphers[n]),
  };
}

/**
 * A node:crypto backend built from whatever ciphers passed the probe. Needs one working CBC
 * cipher; ECB is done with the ECB cipher when present, else block by block with CBC and a zero IV.
 */
export function nodeBackend(support: CryptoSupport = cryptoSupport()): DesBackend {
  const cbcName: NodeCipherName | undefined = support.ciphers['des-ede-cbc'] ? 'des-ede-cbc' : support.ciphers['des-ede3-cbc'] ? 'des-ede3-cbc' : undefined;
  if (!cbcName) throw new CryptoError('unavailable', 'node:crypto has no working 3DES-CBC cipher');
  const cbcKeyed = cbcName;
  const ecbName: NodeCipherName | undefined = support.ciphers['des-ede-ecb'] ? 'des-ede-ecb' : support.ciphers['des-ede3-ecb'] ? 'des-ede3-ecb' : undefined;
  const zero = new Uint8Array(8);
  const blocks = (data: Uint8Array): void => {
    if (data.length % 8 !== 0) throw new CryptoError('bad-length', 'DES data must be a multiple of 8 bytes');
  };
  const key8 = (k: Uint8Array): void => {
    if (k.length !== 8) throw new CryptoError('bad-key', 'a DES key is 8 bytes');
  };
  return {
    name: 'node',
    tdesCbc(key16, data, encrypt, iv = zero) {
      if (key16.length !== 16) throw new CryptoError('bad-key', 'a 2-key 3DES key is 16 bytes');
      blocks(data);
      return runNode(cbcKeyed, keyFor(cbcKeyed, key16.subarray(0, 8), key16.subarray(8, 16)), data, encrypt, iv);
    },
    desCbc(k, data, encrypt, iv = zero) {
      key8(k);
      blocks(data);
      return runNode(cbcKeyed, keyFor(cbcKeyed, k, k), data, encrypt, iv);
    },
    desEcb(k, data, encrypt) {
      key8(k);
      blocks(data);
      if (ecbName) return runNode(ecbName, keyFor(ecbName, k, k), data, encrypt, null);
      const out = new Uint8Array(data.length);
      for (let o = 0; o < data.length; o += 8) {
        out.set(runNode(cbcKeyed, keyFor(cbcKeyed, k, k), data.subarray(o, o + 8), encrypt, zero), o);
      }
      return out;
    },
  };
}

let chosen: DesBackend | undefined;

/** The backend in use: node:crypto when it passes the probe, else pure JS. Probed once. */
export function desBackend(): DesBackend {
  if (!chosen) {
    const support = cryptoSupport();
    chosen = support.backend === 'node' ? nodeBackend(support) : jsBackend;
  }
  return chosen;
}

/** ISO/IEC 9797-1 padding method 2 (ISO 7816-4): 0x80 then zeros up to a multiple of 8. Always adds. */
export function pad(data: Uint8Array, blockSize = 8): Uint8Array {
  const n = (Math.floor(data.length / blockSize) + 1) * blockSize;
  const out = new Uint8Array(n);
  out.set(data, 0);
  out[data.length] = 0x80;
  return out;
}

/** Removes padding method 2; throws CryptoError('bad-padding') when it is not there. */
export function unpad(data: Uint8Array): Uint8Array {
  let i = data.length - 1;
  while (i >= 0 && data[i] === 0x00) i--;
  if (i < 0 || data[i] !== 0x80 || data.length - i > 8) throw new CryptoError('bad-padding', 'padding method 2 not found');
  return data.subarray(0, i);
}

/**
 * Retail MAC: ISO/IEC 9797-1 MAC algorithm 3 with DES, IV zero, output 8 bytes. `key16` = Ka‖Kb.
 * `data` is padded with method 2 first unless `alreadyPadded`.
 */
export function retailMac(key16: Uint8Array, data: Uint8Array, backend: DesBackend = desBackend(), alreadyPadded = false): Uint8Array {
  if (key16.length !== 16) throw new CryptoError('bad-key', 'a retail MAC key is 16 bytes');
  const m = alreadyPadded ? data : pad(data);
  if (m.length === 0 || m.length % 8 !== 0) throw new CryptoError('bad-length', 'MAC input must be whole blocks');
  const ka = key16.subarray(0, 8);
  const kb = key16.subarray(8, 16);
  const cbc = backend.desCbc(ka, m, true);
  const last = cbc.subarray(cbc.length - 8);
  const d = backend.desEcb(kb, last, false);
  return backend.desEcb(ka, d, true);
}

/** 2-key 3DES-CBC with zero IV, no padding (callers pad). */
export function tdesEncrypt(key16: Uint8Array, data: Uint8Array, backend: DesBackend = desBackend()): Uint8Array {
  return backend.tdesCbc(key16, data, true);
}
export function tdesDecrypt(key16: Uint8Array, data: Uint8Array, backend: DesBackend = desBackend()): Uint8Array {
  return backend.tdesCbc(key16, data, false);
}

export function sha1(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha1').update(data).digest());
}

/** Sets the low bit of every byte so that each has odd parity (DES key parity). */
export function adjustParity(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(key.length);
  for (let i = 0; i < key.length; i++) {
    const b = key[i] as number;
    let ones = 0;
    for (let j = 1; j < 8; j++) ones += (b >> j) & 1;
    out[i] = (b & 0xfe) | (ones % 2 === 0 ? 1 : 0);
  }
  return out;
}
