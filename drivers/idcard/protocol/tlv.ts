/**
 * BER-TLV (ISO/IEC 7816-4 / X.690 definite lengths) as used by the LDS, secure messaging and
 * DG13. Tags are numbers made of their raw bytes, big-endian (0x5F1F, 0x7F61, 0x6D). Parsing is
 * strict and bounded: truncated input, indefinite or over-long lengths, over-long tags and nesting
 * beyond {@link MAX_DEPTH} give a {@link TlvError}; nothing else is ever thrown, and every loop
 * advances by at least one byte.
 */
import { concat } from './bytes';
import { TlvError } from './errors';

export interface Tlv {
  /** Raw tag bytes as a big-endian number, e.g. 0x5F1F. */
  tag: number;
  /** Bit 6 of the first tag byte. */
  constructed: boolean;
  /** The value bytes (a view into the input). */
  value: Uint8Array;
  /** Child elements when constructed (parsed eagerly), else undefined. */
  children?: Tlv[];
  /** Offset of the tag in the input, header length (tag + length bytes) and total encoded length. */
  offset: number;
  headerLength: number;
  totalLength: number;
}

export interface TlvHeader {
  tag: number;
  constructed: boolean;
  /** Length of the value. */
  length: number;
  /** Bytes taken by tag and length. */
  headerLength: number;
}

export const MAX_DEPTH = 32;
const MAX_TAG_BYTES = 4;
const MAX_LENGTH_BYTES = 4;

/** Reads a tag and a length at `offset`; does not require the value to be present. */
export function readTlvHeader(bytes: Uint8Array, offset = 0): TlvHeader {
  let p = offset;
  if (p >= bytes.length) throw new TlvError('truncated', 'no tag', p);
  const first = bytes[p++] as number;
  if (first === 0x00 || first === 0xff) throw new TlvError('bad-tag', 'tag byte 00 or FF', offset);
  let tag = first;
  if ((first & 0x1f) === 0x1f) {
    // Multi-byte tag: following bytes while bit 8 is set, at most MAX_TAG_BYTES in all.
    let more = true;
    while (more) {
      if (p >= bytes.length) throw new TlvError('truncated', 'tag cut short', offset);
      if (p - offset >= MAX_TAG_BYTES) throw new TlvError('bad-tag', 'tag longer than 4 bytes', offset);
      const b = bytes[p++] as number;
      tag = tag * 256 + b;
      more = (b & 0x80) !== 0;
    }
  }
  if (p >= bytes.length) throw new TlvError('truncated', 'no length', p);
  const l0 = bytes[p++] as number;
  let length: number;
  if (l0 < 0x80) {
    length = l0;
  } else if (l0 === 0x80) {
    throw new TlvError('bad-length', 'indefinite length is not allowed', p - 1);
  } else {
    const n = l0 & 0x7f;
    if (n > MAX_LENGTH_BYTES) throw new TlvError('bad-length', 'length field longer than 4 bytes', p - 1);
    if (p + n > bytes.length) throw new TlvError('truncated', 'length cut short', p - 1);
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + (bytes[p++] as number);
  }
  return { tag, constructed: (first & 0x20) !== 0, length, headerLength: p - offset };
}

function parseOne(bytes: Uint8Array, offset: number, end: number, depth: number): Tlv {
  if (depth > MAX_DEPTH) throw new TlvError('too-deep', 'nesting too deep', offset);
  const view = bytes.subarray(0, end);
  const h = readTlvHeader(view, offset);
  const start = offset + h.headerLength;
  if (start + h.length > end) throw new TlvError('truncated', 'value cut short', offset);
  const value = bytes.subarray(start, start + h.length);
  const tlv: Tlv = {
    tag: h.tag,
    constructed: h.constructed,
    value,
    offset,
    headerLength: h.headerLength,
    totalLength: h.headerLength + h.length,
  };
  if (h.constructed) tlv.children = collect(bytes, start, start + h.length, depth + 1);
  return tlv;
}

function collect(bytes: Uint8Array, start: number, end: number, depth: number): Tlv[] {
  const out: Tlv[] = [];
  let p = start;
  while (p < end) {
    const t = parseOne(bytes, p, end, depth);
    out.push(t);
    p += t.totalLength;
  }
  return out;
}

/**
 * Parses exactly one TLV element starting at `offset`, children included.
 * With `exact` (default true) there must be nothing after it.
 */
export function decodeTlv(bytes: Uint8Array, options: { offset?: number; exact?: boolean } = {}): Tlv {
  const offset = options.offset ?? 0;
  const t = parseOne(bytes, offset, bytes.length, 0);
  if ((options.exact ?? true) && offset + t.totalLength !== bytes.length) {
    throw new TlvError('trailing-data', 'bytes after the element', offset + t.totalLength);
  }
  return t;
}

/** Parses a concatenation of TLV elements (the whole input). */
export function decodeTlvList(bytes: Uint8Array): Tlv[] {
  return collect(bytes, 0, bytes.length, 0);
}

/** Like {@link decodeTlv}/{@link decodeTlvList} but returns a result instead of throwing. */
export function tryDecodeTlvList(bytes: Uint8Array): { ok: true; value: Tlv[] } | { ok: false; error: TlvError } {
  try {
    return { ok: true, value: decodeTlvList(bytes) };
  } catch (e) {
    if (e instanceof TlvError) return { ok: false, error: e };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Encoding

export function encodeTag(tag: number): Uint8Array {
  if (!Number.isInteger(tag) || tag <= 0 || tag > 0xffffffff) throw new TlvError('bad-tag', 'tag out of range', 0);
  const bytes: number[] = [];
  let t = tag;
  while (t > 0) {
    bytes.unshift(t % 256);
    t = Math.floor(t / 256);
  }
  // Check the tag is well-formed: the first byte's low 5 bits say single or multi-byte.
  const first = bytes[0] as number;
  const multi = (first & 0x1f) === 0x1f;
  if (!multi && bytes.length !== 1) throw new TlvError('bad-tag', 'multi-byte tag without 1F marker', 0);
  if (multi) {
    if (bytes.length < 2) throw new TlvError('bad-tag', 'tag marker 1F needs following bytes', 0);
    for (let i = 1; i < bytes.length; i++) {
      const last = i === bytes.length - 1;
      if ((((bytes[i] as number) & 0x80) !== 0) === last) throw new TlvError('bad-tag', 'bad continuation bits in tag', 0);
    }
  }
  return Uint8Array.from(bytes);
}

export function encodeLength(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new TlvError('too-large', 'length out of range', 0);
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  let v = n;
  while (v > 0) {
    bytes.unshift(v % 256);
    v = Math.floor(v / 256);
  }
  return Uint8Array.from([0x80 | bytes.length, ...bytes]);
}

/** Encodes one element. `value` is raw bytes or a list of already-encoded children. */
export function encodeTlv(tag: number, value: Uint8Array | Uint8Array[]): Uint8Array {
  const body = Array.isArray(value) ? concat(...value) : value;
  const t = encodeTag(tag);
  const l = encodeLength(body.length);
  const out = new Uint8Array(t.length + l.length + body.length);
  out.set(t, 0);
  out.set(l, t.length);
  out.set(body, t.length + l.length);
  return out;
}

/** Re-encodes a parsed element (from its value bytes). */
export function encodeParsed(t: Tlv): Uint8Array {
  return encodeTlv(t.tag, t.value);
}

/** First direct child (or, with `deep`, any descendant, depth-first) with `tag`. */
export function findTlv(list: readonly Tlv[] | undefined, tag: number, deep = false): Tlv | undefined {
  if (!list) return undefined;
  for (const t of list) {
    if (t.tag === tag) return t;
    if (deep && t.children) {
      const f = findTlv(t.children, tag, true);
      if (f) return f;
    }
  }
  return undefined;
}
