/**
 * Basic Access Control, ICAO 9303-11 §4.3 and §9.7 (key derivation, 3DES, retail MAC).
 *
 *   Kseed = SHA-1(MRZ_information)[0..16]
 *   KDF(K, c) = SHA-1(K ‖ c as 32-bit big-endian)[0..16], Ka‖Kb with DES parity adjusted
 *   K_enc = KDF(Kseed, 1), K_mac = KDF(Kseed, 2)
 *
 * Mutual authentication: the terminal sends E_IFD ‖ M_IFD with
 *   S = RND.IFD ‖ RND.ICC ‖ K.IFD, E_IFD = 3DES-CBC(K_enc, S), M_IFD = MAC(K_mac, E_IFD)
 * and checks the chip's E_ICC ‖ M_ICC (MAC first, then decrypt and compare the nonces). Session
 * keys come from K.IFD xor K.ICC; SSC = RND.ICC[4..8] ‖ RND.IFD[4..8].
 * Pure: the caller sends GET CHALLENGE / EXTERNAL AUTHENTICATE (see ./apdu).
 */
import { randomBytes } from 'node:crypto';
import { concat, constantTimeEqual, xor } from './bytes';
import { adjustParity, desBackend, retailMac, sha1, tdesDecrypt, tdesEncrypt, type DesBackend } from './crypto';
import { BacError } from './errors';

export interface BacKeys {
  kSeed: Uint8Array;
  kEnc: Uint8Array;
  kMac: Uint8Array;
}

export interface SessionKeys {
  ksEnc: Uint8Array;
  ksMac: Uint8Array;
  /** Initial send sequence counter (8 bytes). */
  ssc: Uint8Array;
}

/** KDF(K, c): SHA-1(K ‖ c) first 16 bytes, parity adjusted. */
export function deriveKey(seed: Uint8Array, counter: number): Uint8Array {
  const c = Uint8Array.of((counter >>> 24) & 0xff, (counter >>> 16) & 0xff, (counter >>> 8) & 0xff, counter & 0xff);
  return adjustParity(sha1(concat(seed, c)).subarray(0, 16));
}

/** Document Basic Access Keys from MRZ_information (see mrzInfo / bacKeyFromMrz in ./mrz). */
export function bacKeysFromMrzInfo(mrzInformation: string): BacKeys {
  if (!/^[A-Z0-9<]{24,}$/.test(mrzInformation)) throw new BacError('bad-input', 'MRZ information must be at least 24 MRZ characters');
  const kSeed = sha1(new TextEncoder().encode(mrzInformation)).subarray(0, 16);
  return { kSeed: new Uint8Array(kSeed), kEnc: deriveKey(kSeed, 1), kMac: deriveKey(kSeed, 2) };
}

/** What the terminal must remember between EXTERNAL AUTHENTICATE and the chip's answer. */
export interface MutualAuthState {
  rndIcc: Uint8Array;
  rndIfd: Uint8Array;
  kIfd: Uint8Array;
}

export interface MutualAuthCommand {
  /** E_IFD ‖ M_IFD (40 bytes): the data of EXTERNAL AUTHENTICATE. */
  data: Uint8Array;
  state: MutualAuthState;
}

/**
 * Builds E_IFD ‖ M_IFD. `rndIcc` is GET CHALLENGE's answer (8 bytes). `rndIfd` (8) and `kIfd` (16)
 * are fresh random values unless given (only tests give them).
 */
export function buildMutualAuth(
  keys: Pick<BacKeys, 'kEnc' | 'kMac'>,
  rndIcc: Uint8Array,
  opts: { rndIfd?: Uint8Array; kIfd?: Uint8Array; backend?: DesBackend } = {},
): MutualAuthCommand {
  if (rndIcc.length !== 8) throw new BacError('bad-input', 'RND.ICC must be 8 bytes');
  const rndIfd = opts.rndIfd ?? new Uint8Array(randomBytes(8));
  const kIfd = opts.kIfd ?? new Uint8Array(randomBytes(16));
  if (rndIfd.length !== 8 || kIfd.length !== 16) throw new BacError('bad-input', 'RND.IFD is 8 bytes and K.IFD 16');
  const backend = opts.backend ?? desBackend();
  const s = concat(rndIfd, rndIcc, kIfd);
  const eIfd = tdesEncrypt(keys.kEnc, s, backend);
  const mIfd = retailMac(keys.kMac, eIfd, backend);
  return {
    data: concat(eIfd, mIfd),
    state: { rndIcc: new Uint8Array(rndIcc), rndIfd: new Uint8Array(rndIfd), kIfd: new Uint8Array(kIfd) },
  };
}

/**
 * Verifies the chip's answer E_ICC ‖ M_ICC (40 bytes, status word removed) and derives the
 * session. Throws BacError: 'bad-mac' (wrong keys or tampering), 'rnd-icc-mismatch',
 * 'rnd-ifd-mismatch', 'bad-response-length'.
 */
export function completeMutualAuth(
  keys: Pick<BacKeys, 'kEnc' | 'kMac'>,
  state: MutualAuthState,
  response: Uint8Array,
  backend: DesBackend = desBackend(),
): SessionKeys & { kIcc: Uint8Array } {
  if (response.length !== 40) throw new BacError('bad-response-length', 'the chip answer must be 40 bytes');
  const eIcc = response.subarray(0, 32);
  const mIcc = response.subarray(32, 40);
  if (!constantTimeEqual(retailMac(keys.kMac, eIcc, backend), mIcc)) throw new BacError('bad-mac', 'the chip answer MAC is wrong');
  const r = tdesDecrypt(keys.kEnc, eIcc, backend);
  if (!constantTimeEqual(r.subarray(0, 8), state.rndIcc)) throw new BacError('rnd-icc-mismatch', 'RND.ICC does not match');
  if (!constantTimeEqual(r.subarray(8, 16), state.rndIfd)) throw new BacError('rnd-ifd-mismatch', 'RND.IFD does not match');
  const kIcc = new Uint8Array(r.subarray(16, 32));
  return { ...sessionKeys(state.kIfd, kIcc, state.rndIcc, state.rndIfd), kIcc };
}

/** KS_enc, KS_mac from K.IFD xor K.ICC, and SSC = RND.ICC[4..8] ‖ RND.IFD[4..8]. */
export function sessionKeys(kIfd: Uint8Array, kIcc: Uint8Array, rndIcc: Uint8Array, rndIfd: Uint8Array): SessionKeys {
  const seed = xor(kIfd, kIcc);
  return {
    ksEnc: deriveKey(seed, 1),
    ksMac: deriveKey(seed, 2),
    ssc: concat(rndIcc.subarray(4, 8), rndIfd.subarray(4, 8)),
  };
}

/**
 * The chip side of mutual authentication (for simulators and tests): checks E_IFD ‖ M_IFD and
 * answers E_ICC ‖ M_ICC. Returns undefined when the terminal's MAC or RND.ICC is wrong.
 */
export function chipAnswerMutualAuth(
  keys: Pick<BacKeys, 'kEnc' | 'kMac'>,
  rndIcc: Uint8Array,
  kIcc: Uint8Array,
  command: Uint8Array,
  backend: DesBackend = desBackend(),
): { response: Uint8Array; rndIfd: Uint8Array; kIfd: Uint8Array } | undefined {
  if (command.length !== 40 || rndIcc.length !== 8 || kIcc.length !== 16) return undefined;
  const eIfd = command.subarray(0, 32);
  if (!constantTimeEqual(retailMac(keys.kMac, eIfd, backend), command.subarray(32, 40))) return undefined;
  const s = tdesDecrypt(keys.kEnc, eIfd, backend);
  if (!constantTimeEqual(s.subarray(8, 16), rndIcc)) return undefined;
  const rndIfd = new Uint8Array(s.subarray(0, 8));
  const kIfd = new Uint8Array(s.subarray(16, 32));
  const eIcc = tdesEncrypt(keys.kEnc, concat(rndIcc, rndIfd, kIcc), backend);
  return { response: concat(eIcc, retailMac(keys.kMac, eIcc, backend)), rndIfd, kIfd };
}
