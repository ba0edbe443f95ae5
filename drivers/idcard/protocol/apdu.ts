/**
 * Command APDUs (ISO/IEC 7816-4) for an ICAO 9303 eMRTD, and a plan for reading a whole
 * transparent file in as few READ BINARY commands as the reader and chip allow.
 */
import { concat } from './bytes';
import { ApduError, TlvError } from './errors';
import { readTlvHeader } from './tlv';

export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  /** Command data (Lc is its length). */
  data?: Uint8Array;
  /** Ne: expected response length, 1..65536 (256 = short Le 00, 65536 = extended Le 0000). */
  ne?: number;
}

export interface ResponseApdu {
  data: Uint8Array;
  /** SW1SW2 as one number, e.g. 0x9000. */
  sw: number;
}

/** The LDS1 eMRTD application. */
export const EMRTD_AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01);

/** File identifiers and short file identifiers (ICAO 9303-10). */
export const FILES = {
  COM: { fid: 0x011e, sfi: 0x1e },
  SOD: { fid: 0x011d, sfi: 0x1d },
  DG1: { fid: 0x0101, sfi: 0x01 },
  DG2: { fid: 0x0102, sfi: 0x02 },
  DG13: { fid: 0x010d, sfi: 0x0d },
  DG14: { fid: 0x010e, sfi: 0x0e },
  DG15: { fid: 0x010f, sfi: 0x0f },
} as const;

/** FID and SFI of data group n (1..16). */
export function dataGroupFile(n: number): { fid: number; sfi: number } {
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new ApduError('bad-argument', 'data group number must be 1..16');
  return { fid: 0x0100 + n, sfi: n };
}

export const SW = {
  OK: 0x9000,
  END_OF_FILE: 0x6282,
  SECURITY_NOT_SATISFIED: 0x6982,
  SM_OBJECTS_INCORRECT: 0x6988,
  FILE_NOT_FOUND: 0x6a82,
  WRONG_LENGTH: 0x6700,
} as const;

function byte(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0 || n > 0xff) throw new ApduError('bad-argument', `${what} must be a byte`);
}

/** Whether the command needs extended length encoding (Lc > 255 or Ne > 256). */
export function needsExtended(cmd: CommandApdu): boolean {
  return (cmd.data?.length ?? 0) > 255 || (cmd.ne ?? 0) > 256;
}

/** Encodes a command APDU; short when possible, extended when needed or `forceExtended`. */
export function encodeCommand(cmd: CommandApdu, forceExtended = false): Uint8Array {
  byte(cmd.cla, 'CLA');
  byte(cmd.ins, 'INS');
  byte(cmd.p1, 'P1');
  byte(cmd.p2, 'P2');
  const data = cmd.data ?? new Uint8Array(0);
  const ne = cmd.ne ?? 0;
  if (data.length > 65535) throw new ApduError('bad-argument', 'command data longer than 65535');
  if (!Number.isInteger(ne) || ne < 0 || ne > 65536) throw new ApduError('bad-argument', 'Ne must be 0..65536');
  const header = Uint8Array.of(cmd.cla, cmd.ins, cmd.p1, cmd.p2);
  const extended = forceExtended || needsExtended(cmd);
  if (!extended) {
    const lc = data.length > 0 ? concat(Uint8Array.of(data.length), data) : new Uint8Array(0);
    const le = ne > 0 ? Uint8Array.of(ne === 256 ? 0 : ne) : new Uint8Array(0);
    return concat(header, lc, le);
  }
  const parts: Uint8Array[] = [header];
  if (data.length > 0) parts.push(Uint8Array.of(0x00, data.length >> 8, data.length & 0xff), data);
  if (ne > 0) {
    const v = ne === 65536 ? 0 : ne;
    parts.push(data.length > 0 ? Uint8Array.of(v >> 8, v & 0xff) : Uint8Array.of(0x00, v >> 8, v & 0xff));
  }
  return concat(...parts);
}

/** Splits a response APDU into data and status word. */
export function parseResponse(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) throw new ApduError('bad-response', 'a response has at least the 2-byte status word');
  const n = bytes.length;
  return { data: bytes.subarray(0, n - 2), sw: ((bytes[n - 2] as number) << 8) | (bytes[n - 1] as number) };
}

// ---------------------------------------------------------------------------------------------
// Builders

/** SELECT by DF name (AID), P2 = 0C: no FCI returned. */
export function selectAid(aid: Uint8Array = EMRTD_AID): CommandApdu {
  if (aid.length < 1 || aid.length > 16) throw new ApduError('bad-argument', 'AID is 1..16 bytes');
  return { cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: new Uint8Array(aid) };
}

/** SELECT an elementary file by FID under the current DF, P2 = 0C. */
export function selectFid(fid: number): CommandApdu {
  if (!Number.isInteger(fid) || fid < 0 || fid > 0xffff) throw new ApduError('bad-argument', 'FID is 2 bytes');
  return { cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: Uint8Array.of(fid >> 8, fid & 0xff) };
}

/** GET CHALLENGE for 8 bytes (RND.ICC). */
export function getChallenge(): CommandApdu {
  return { cla: 0x00, ins: 0x84, p1: 0x00, p2: 0x00, ne: 8 };
}

/** EXTERNAL AUTHENTICATE (the BAC "mutual authenticate", INS 82) with E_IFD ‖ M_IFD, Le = 40. */
export function mutualAuthenticate(data: Uint8Array): CommandApdu {
  if (data.length !== 40) throw new ApduError('bad-argument', 'E_IFD ‖ M_IFD is 40 bytes');
  return { cla: 0x00, ins: 0x82, p1: 0x00, p2: 0x00, data: new Uint8Array(data), ne: 40 };
}

/** The largest offset READ BINARY (B0) can address in P1-P2. */
export const MAX_B0_OFFSET = 0x7fff;

/** READ BINARY of the current EF at `offset` (0..32767), Ne bytes (1..65536). */
export function readBinary(offset: number, ne: number): CommandApdu {
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_B0_OFFSET) throw new ApduError('bad-argument', 'offset must be 0..32767');
  if (!Number.isInteger(ne) || ne < 1 || ne > 65536) throw new ApduError('bad-argument', 'Ne must be 1..65536');
  return { cla: 0x00, ins: 0xb0, p1: offset >> 8, p2: offset & 0xff, ne };
}

/** READ BINARY selecting the EF by short file identifier (P1 = 80|SFI), offset 0..255. */
export function readBinarySfi(sfi: number, offset: number, ne: number): CommandApdu {
  if (!Number.isInteger(sfi) || sfi < 1 || sfi > 30) throw new ApduError('bad-argument', 'SFI must be 1..30');
  if (!Number.isInteger(offset) || offset < 0 || offset > 0xff) throw new ApduError('bad-argument', 'offset by SFI must be 0..255');
  if (!Number.isInteger(ne) || ne < 1 || ne > 65536) throw new ApduError('bad-argument', 'Ne must be 1..65536');
  return { cla: 0x00, ins: 0xb0, p1: 0x80 | sfi, p2: offset, ne };
}

/**
 * READ BINARY with odd INS (B1) for offsets beyond 32767: the offset goes in DO54 and the chip
 * answers inside DO53 (see {@link unwrapOddReadBinary}).
 */
export function readBinaryOdd(offset: number, ne: number): CommandApdu {
  if (!Number.isInteger(offset) || offset < 0 || offset > 0xffffff) throw new ApduError('bad-argument', 'offset must be 0..16777215');
  if (!Number.isInteger(ne) || ne < 1 || ne > 65536) throw new ApduError('bad-argument', 'Ne must be 1..65536');
  const off = offset > 0xffff ? Uint8Array.of(offset >> 16, (offset >> 8) & 0xff, offset & 0xff) : Uint8Array.of(offset >> 8, offset & 0xff);
  return { cla: 0x00, ins: 0xb1, p1: 0x00, p2: 0x00, data: concat(Uint8Array.of(0x54, off.length), off), ne };
}

/** READ BINARY at any offset: B0 up to 32767, B1 beyond. */
export function readBinaryAt(offset: number, ne: number): CommandApdu {
  return offset <= MAX_B0_OFFSET ? readBinary(offset, ne) : readBinaryOdd(offset, ne);
}

/** The data of a B1 answer (DO53 with the file bytes). */
export function unwrapOddReadBinary(data: Uint8Array): Uint8Array {
  try {
    const h = readTlvHeader(data);
    if (h.tag !== 0x53 || h.headerLength + h.length > data.length) throw new ApduError('bad-response', 'B1 answer is not DO53');
    return data.subarray(h.headerLength, h.headerLength + h.length);
  } catch (e) {
    if (e instanceof TlvError) throw new ApduError('bad-response', 'B1 answer is not DO53');
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Read planning

/** Bytes read first to learn a file's length from its TLV header (tag ≤ 2 bytes, length ≤ 3). */
export const HEADER_READ = 4;

/**
 * Default chunk under secure messaging with short APDUs: 0xDF = 223 plain bytes, whose protected
 * answer (DO87 of 228 + DO99 4 + DO8E 10 + SW 2 = 244) fits the 256 bytes of a short response.
 */
export const DEFAULT_SM_SHORT_CHUNK = 0xdf;

/** Size of a protected READ BINARY answer carrying `n` plain bytes (DO87, DO99, DO8E and SW). */
export function smResponseSize(n: number): number {
  if (n === 0) return 4 + 10 + 2;
  const p = (Math.floor(n / 8) + 1) * 8 + 1; // padding indicator + padded cryptogram
  const lenBytes = p < 0x80 ? 1 : p < 0x100 ? 2 : p < 0x10000 ? 3 : 4;
  return 1 + lenBytes + p + 4 + 10 + 2;
}

export interface ReadCapabilities {
  /** Secure messaging is on (after BAC). Default true. */
  secureMessaging?: boolean;
  /** The reader and chip accept extended-length APDUs. Default false. */
  extendedLength?: boolean;
  /**
   * Largest response APDU (data + SW) the reader/chip return, when known (e.g. from the chip's
   * extended length info). Default 258 short (256 + SW), 65538 extended.
   */
  maxResponseSize?: number;
  /** An explicit maximum plain chunk; the result never exceeds it. */
  maxChunk?: number;
}

/**
 * The largest number of plain file bytes one READ BINARY can return for these capabilities.
 * Short + SM defaults to 0xDF (the value ICAO readers use), short plain to 256.
 */
export function maxReadChunk(caps: ReadCapabilities = {}): number {
  const sm = caps.secureMessaging ?? true;
  const ext = caps.extendedLength ?? false;
  let limit: number;
  if (!ext && caps.maxResponseSize === undefined) {
    limit = sm ? DEFAULT_SM_SHORT_CHUNK : 256;
  } else {
    const maxResp = Math.min(caps.maxResponseSize ?? (ext ? 65538 : 258), ext ? 65538 : 258);
    if (!sm) {
      limit = Math.min(maxResp - 2, ext ? 65536 : 256);
    } else {
      // The plain size whose protected answer fits; Ne of the plain read is at most 65536.
      let n = Math.min(maxResp, 65536);
      while (n > 0 && smResponseSize(n) > maxResp) n -= Math.max(1, smResponseSize(n) - maxResp);
      limit = Math.max(1, n);
    }
  }
  if (caps.maxChunk !== undefined) {
    if (!Number.isInteger(caps.maxChunk) || caps.maxChunk < 1) throw new ApduError('bad-argument', 'maxChunk must be a positive integer');
    limit = Math.min(limit, caps.maxChunk);
  }
  return limit;
}

export interface ReadChunk {
  offset: number;
  length: number;
}

/**
 * Total length of a file (header + value) from its first bytes. Throws TlvError when the header
 * is not complete or not valid in those bytes.
 */
export function fileLengthFromHeader(first: Uint8Array): { totalLength: number; headerLength: number; tag: number } {
  const h = readTlvHeader(first);
  return { totalLength: h.headerLength + h.length, headerLength: h.headerLength, tag: h.tag };
}

/**
 * The READ BINARY chunks after the first {@link HEADER_READ} bytes (`alreadyRead`), each at most
 * `maxChunk` bytes, in file order: ceil((total - alreadyRead) / maxChunk) commands.
 */
export function planRemainingReads(totalLength: number, alreadyRead: number, maxChunk: number): ReadChunk[] {
  if (!Number.isInteger(totalLength) || totalLength < 0) throw new ApduError('bad-argument', 'bad total length');
  if (!Number.isInteger(maxChunk) || maxChunk < 1) throw new ApduError('bad-argument', 'maxChunk must be positive');
  const out: ReadChunk[] = [];
  for (let o = Math.max(0, alreadyRead); o < totalLength; o += maxChunk) {
    out.push({ offset: o, length: Math.min(maxChunk, totalLength - o) });
  }
  return out;
}

/**
 * A whole-file plan from the first bytes read (at least {@link HEADER_READ}, or fewer when the file
 * is that short): the file's total length and the remaining chunks.
 */
export function planFileRead(first: Uint8Array, caps: ReadCapabilities = {}): { totalLength: number; chunks: ReadChunk[] } {
  const { totalLength } = fileLengthFromHeader(first);
  const chunks = planRemainingReads(totalLength, Math.min(first.length, totalLength), maxReadChunk(caps));
  return { totalLength, chunks };
}

/** The least number of READ BINARY commands for a file: 1 header read + the chunks. */
export function minimumReads(totalLength: number, caps: ReadCapabilities = {}): number {
  return 1 + planRemainingReads(totalLength, Math.min(HEADER_READ, totalLength), maxReadChunk(caps)).length;
}
