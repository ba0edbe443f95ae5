/**
 * Secure messaging for BAC sessions (ICAO 9303-11 §9.8, ISO/IEC 7816-4 §10): 3DES-CBC encryption
 * of the command data into DO87 (DO85 for odd INS), the expected length in DO97, a retail MAC in
 * DO8E over SSC ‖ padded masked header ‖ DO87 ‖ DO97; responses must carry DO99 and a valid DO8E.
 * A wrong or missing MAC is always an error. The SSC is incremented before each command and each
 * response, so one {@link SecureMessaging} instance must see every exchange of the session in order.
 */
import { concat, constantTimeEqual } from './bytes';
import { desBackend, pad, retailMac, tdesDecrypt, tdesEncrypt, unpad, type DesBackend } from './crypto';
import { CryptoError, SmError, TlvError } from './errors';
import { encodeCommand, parseResponse, type CommandApdu, type ResponseApdu } from './apdu';
import { decodeTlvList, encodeTlv, type Tlv } from './tlv';
import type { SessionKeys } from './bac';

/** Adds one to a big-endian counter in place (wrapping). */
export function incrementCounter(ssc: Uint8Array): void {
  for (let i = ssc.length - 1; i >= 0; i--) {
    ssc[i] = ((ssc[i] as number) + 1) & 0xff;
    if (ssc[i] !== 0) return;
  }
}

function lengthObject(ne: number, extended: boolean): Uint8Array {
  if (!extended) return Uint8Array.of(ne === 256 ? 0 : ne);
  const v = ne === 65536 ? 0 : ne;
  return Uint8Array.of(v >> 8, v & 0xff);
}

/** Largest plain response carried in a protected answer that fits a short APDU (256 data bytes). */
const SHORT_SM_MAX_PLAIN = 231;

export interface ProtectOptions {
  /** Use extended length (Lc 3 bytes, Le 2 bytes) even when short would do. */
  forceExtended?: boolean;
}

export class SecureMessaging {
  readonly #ksEnc: Uint8Array;
  readonly #ksMac: Uint8Array;
  readonly #ssc: Uint8Array;
  readonly #backend: DesBackend;

  constructor(keys: SessionKeys, backend: DesBackend = desBackend()) {
    if (keys.ksEnc.length !== 16 || keys.ksMac.length !== 16) throw new CryptoError('bad-key', 'session keys are 16 bytes');
    if (keys.ssc.length !== 8) throw new CryptoError('bad-length', 'the SSC is 8 bytes');
    this.#ksEnc = new Uint8Array(keys.ksEnc);
    this.#ksMac = new Uint8Array(keys.ksMac);
    this.#ssc = new Uint8Array(keys.ssc);
    this.#backend = backend;
  }

  /** A copy of the current send sequence counter. */
  get ssc(): Uint8Array {
    return new Uint8Array(this.#ssc);
  }

  /** Overwrites the key material (call at session end). */
  wipe(): void {
    this.#ksEnc.fill(0);
    this.#ksMac.fill(0);
    this.#ssc.fill(0);
  }

  /** Protects a plain command: returns the command APDU bytes to send. Increments the SSC. */
  protect(cmd: CommandApdu, options: ProtectOptions = {}): Uint8Array {
    if ((cmd.cla & 0x0c) !== 0) throw new SmError('bad-command', 'the command is already secure-messaging');
    const data = cmd.data ?? new Uint8Array(0);
    const ne = cmd.ne ?? 0;
    incrementCounter(this.#ssc);

    const cla = cmd.cla | 0x0c;
    const header = Uint8Array.of(cla, cmd.ins, cmd.p1, cmd.p2);
    let doData: Uint8Array = new Uint8Array(0);
    if (data.length > 0) {
      const cryptogram = tdesEncrypt(this.#ksEnc, pad(data), this.#backend);
      // Odd INS (e.g. B1) carries BER-TLV data: DO85 without the padding-indicator byte.
      doData = (cmd.ins & 1) === 1 ? encodeTlv(0x85, cryptogram) : encodeTlv(0x87, concat(Uint8Array.of(0x01), cryptogram));
    }
    const do97 = ne > 0 ? encodeTlv(0x97, lengthObject(ne, ne > 256)) : new Uint8Array(0);
    const mac = retailMac(this.#ksMac, concat(this.#ssc, pad(header), doData, do97), this.#backend);
    const body = concat(doData, do97, encodeTlv(0x8e, mac));
    // Extended when the protected data or the protected answer does not fit a short APDU.
    const extended = options.forceExtended === true || body.length > 255 || ne > SHORT_SM_MAX_PLAIN;
    // Le: 00 (short, up to 256) or 0000 (extended, up to 65536).
    return encodeCommand({ cla, ins: cmd.ins, p1: cmd.p1, p2: cmd.p2, data: body, ne: extended ? 65536 : 256 }, extended);
  }

  /**
   * Verifies and decrypts a protected response (data ‖ SW1 SW2). Increments the SSC. Throws
   * SmError: 'missing-mac' (e.g. a plain 6988 when the chip rejected our MAC: the session is over),
   * 'bad-mac', 'missing-status', 'malformed-response', 'bad-padding'.
   */
  unprotect(response: Uint8Array): ResponseApdu {
    let outer: ResponseApdu;
    try {
      outer = parseResponse(response);
    } catch {
      throw new SmError('malformed-response', 'response shorter than a status word');
    }
    incrementCounter(this.#ssc);
    let objects: Tlv[];
    try {
      objects = decodeTlvList(outer.data);
    } catch (e) {
      if (e instanceof TlvError) throw new SmError('malformed-response', 'response data is not BER-TLV', outer.sw);
      throw e;
    }
    const macIndex = objects.findIndex((o) => o.tag === 0x8e);
    if (macIndex < 0) throw new SmError('missing-mac', 'response without DO8E', outer.sw);
    const macObj = objects[macIndex] as Tlv;
    if (macIndex !== objects.length - 1) throw new SmError('malformed-response', 'objects after DO8E', outer.sw);
    const covered = objects.slice(0, macIndex);
    const macInput = concat(this.#ssc, ...covered.map((o) => outer.data.subarray(o.offset, o.offset + o.totalLength)));
    const expected = retailMac(this.#ksMac, macInput, this.#backend);
    if (!constantTimeEqual(expected, macObj.value)) throw new SmError('bad-mac', 'response MAC is wrong', outer.sw);

    const do99 = covered.find((o) => o.tag === 0x99);
    if (!do99 || do99.value.length !== 2) throw new SmError('missing-status', 'response without DO99', outer.sw);
    const sw = ((do99.value[0] as number) << 8) | (do99.value[1] as number);

    let data: Uint8Array = new Uint8Array(0);
    const do87 = covered.find((o) => o.tag === 0x87);
    const do85 = covered.find((o) => o.tag === 0x85);
    try {
      if (do87) {
        if (do87.value.length < 9 || do87.value[0] !== 0x01 || (do87.value.length - 1) % 8 !== 0) {
          throw new SmError('malformed-response', 'DO87 is not padding indicator 01 + whole blocks', sw);
        }
        data = new Uint8Array(unpad(tdesDecrypt(this.#ksEnc, do87.value.subarray(1), this.#backend)));
      } else if (do85) {
        if (do85.value.length === 0 || do85.value.length % 8 !== 0) throw new SmError('malformed-response', 'DO85 is not whole blocks', sw);
        data = new Uint8Array(unpad(tdesDecrypt(this.#ksEnc, do85.value, this.#backend)));
      }
    } catch (e) {
      if (e instanceof CryptoError) throw new SmError('bad-padding', 'decrypted data has no valid padding', sw);
      throw e;
    }
    return { data, sw };
  }
}

/**
 * The chip side of secure messaging (for simulators and tests): unwraps a protected command and
 * wraps an answer with DO87/DO99/DO8E. Shares the SSC discipline of {@link SecureMessaging}.
 */
export class ChipSecureMessaging {
  readonly #ksEnc: Uint8Array;
  readonly #ksMac: Uint8Array;
  readonly #ssc: Uint8Array;
  readonly #backend: DesBackend;

  constructor(keys: SessionKeys, backend: DesBackend = desBackend()) {
    this.#ksEnc = new Uint8Array(keys.ksEnc);
    this.#ksMac = new Uint8Array(keys.ksMac);
    this.#ssc = new Uint8Array(keys.ssc);
    this.#backend = backend;
  }

  /** Parses and verifies a protected command; returns the plain command. Throws SmError('bad-mac'). */
  unwrapCommand(apdu: Uint8Array): CommandApdu {
    if (apdu.length < 4) throw new SmError('bad-command', 'command shorter than a header');
    incrementCounter(this.#ssc);
    const [cla, ins, p1, p2] = apdu as unknown as [number, number, number, number];
    let body: Uint8Array;
    if (apdu.length === 4) body = new Uint8Array(0);
    else if (apdu[4] === 0 && apdu.length > 7) {
      const lc = ((apdu[5] as number) << 8) | (apdu[6] as number);
      body = apdu.subarray(7, 7 + lc);
    } else body = apdu.subarray(5, 5 + (apdu[4] as number));
    let objects: Tlv[];
    try {
      objects = decodeTlvList(body);
    } catch {
      throw new SmError('bad-command', 'command data is not BER-TLV');
    }
    const mac = objects.find((o) => o.tag === 0x8e);
    if (!mac) throw new SmError('missing-mac', 'command without DO8E');
    const covered = objects.filter((o) => o.tag !== 0x8e);
    const input = concat(this.#ssc, pad(Uint8Array.of(cla, ins, p1, p2)), ...covered.map((o) => body.subarray(o.offset, o.offset + o.totalLength)));
    if (!constantTimeEqual(retailMac(this.#ksMac, input, this.#backend), mac.value)) throw new SmError('bad-mac', 'command MAC is wrong');
    const cmd: CommandApdu = { cla: cla & ~0x0c, ins, p1, p2 };
    const do87 = covered.find((o) => o.tag === 0x87);
    const do85 = covered.find((o) => o.tag === 0x85);
    try {
      if (do87) cmd.data = new Uint8Array(unpad(tdesDecrypt(this.#ksEnc, do87.value.subarray(1), this.#backend)));
      else if (do85) cmd.data = new Uint8Array(unpad(tdesDecrypt(this.#ksEnc, do85.value, this.#backend)));
    } catch (e) {
      if (e instanceof CryptoError) throw new SmError('bad-padding', 'command data has no valid padding');
      throw e;
    }
    const do97 = covered.find((o) => o.tag === 0x97);
    if (do97) {
      let v = 0;
      for (const b of do97.value) v = v * 256 + b;
      cmd.ne = v === 0 ? (do97.value.length === 1 ? 256 : 65536) : v;
    }
    return cmd;
  }

  /** Wraps an answer: DO87 (when data), DO99, DO8E, then SW 9000 (or the status itself on error). */
  wrapResponse(data: Uint8Array, sw: number): Uint8Array {
    incrementCounter(this.#ssc);
    const do87 = data.length > 0 ? encodeTlv(0x87, concat(Uint8Array.of(0x01), tdesEncrypt(this.#ksEnc, pad(data), this.#backend))) : new Uint8Array(0);
    const do99 = encodeTlv(0x99, Uint8Array.of(sw >> 8, sw & 0xff));
    const mac = retailMac(this.#ksMac, concat(this.#ssc, do87, do99), this.#backend);
    return concat(do87, do99, encodeTlv(0x8e, mac), Uint8Array.of(sw >> 8, sw & 0xff));
  }
}
