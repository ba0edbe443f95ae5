/**
 * LDS data groups (ICAO 9303-10) and the Vietnamese DG13. Parsers throw only {@link DgError}
 * (with the TlvError as `cause` when the bytes are not TLV). DG13 parsing is tolerant because the
 * real layout is not fully confirmed: fields are found by number wherever they are, unknown field
 * numbers are kept raw, missing fields are absent.
 */
import { DgError, TlvError } from './errors';
import { decodeTlv, findTlv, type Tlv } from './tlv';
import { parseMrz, type MrzResult } from './mrz';

function parse(bytes: Uint8Array, expectedTag: number, name: string): Tlv {
  let t: Tlv;
  try {
    // Files are often read with trailing bytes (e.g. padding); only the first element counts.
    t = decodeTlv(bytes, { exact: false });
  } catch (e) {
    if (e instanceof TlvError) throw new DgError('bad-structure', `${name} is not valid BER-TLV`, { cause: e });
    throw e;
  }
  if (t.tag !== expectedTag) throw new DgError('wrong-tag', `${name} must start with tag ${expectedTag.toString(16).toUpperCase()}`);
  return t;
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

// ---------------------------------------------------------------------------------------------
// EF.COM

/** LDS data group tags (9303-10 table) → data group numbers. */
export const DG_TAGS: Readonly<Record<number, number>> = {
  0x61: 1,
  0x75: 2,
  0x63: 3,
  0x76: 4,
  0x65: 5,
  0x66: 6,
  0x67: 7,
  0x68: 8,
  0x69: 9,
  0x6a: 10,
  0x6b: 11,
  0x6c: 12,
  0x6d: 13,
  0x6e: 14,
  0x6f: 15,
  0x70: 16,
};

export interface EfCom {
  /** e.g. "1.7" from "0107". */
  ldsVersion?: string;
  /** e.g. "4.0.0" from "040000". */
  unicodeVersion?: string;
  /** The tag list as given (5C). */
  tags: number[];
  /** Data group numbers of the known tags, in order. */
  dataGroups: number[];
}

function dotted(s: string, groups: number): string | undefined {
  if (!/^\d+$/.test(s) || s.length !== groups * 2) return undefined;
  const parts: number[] = [];
  for (let i = 0; i < groups; i++) parts.push(Number(s.slice(2 * i, 2 * i + 2)));
  return parts.join('.');
}

export function parseEfCom(bytes: Uint8Array): EfCom {
  const t = parse(bytes, 0x60, 'EF.COM');
  const lds = findTlv(t.children, 0x5f01);
  const uni = findTlv(t.children, 0x5f36);
  const list = findTlv(t.children, 0x5c);
  if (!list) throw new DgError('bad-structure', 'EF.COM has no tag list');
  const tags = Array.from(list.value);
  const out: EfCom = { tags, dataGroups: tags.map((x) => DG_TAGS[x]).filter((n): n is number => n !== undefined) };
  const ldsV = lds ? dotted(latin1.decode(lds.value), 2) : undefined;
  if (ldsV) out.ldsVersion = ldsV;
  const uniV = uni ? dotted(latin1.decode(uni.value), 3) : undefined;
  if (uniV) out.unicodeVersion = uniV;
  return out;
}

// ---------------------------------------------------------------------------------------------
// DG1

export interface Dg1 {
  /** The MRZ characters as stored (no line breaks). Personal data: never log. */
  mrzText: string;
  /** The parsed MRZ, or the check that failed. */
  mrz: MrzResult;
}

export function parseDg1(bytes: Uint8Array): Dg1 {
  const t = parse(bytes, 0x61, 'DG1');
  const m = findTlv(t.children, 0x5f1f);
  if (!m) throw new DgError('bad-structure', 'DG1 has no MRZ (5F1F)');
  const mrzText = latin1.decode(m.value);
  return { mrzText, mrz: parseMrz(mrzText) };
}

// ---------------------------------------------------------------------------------------------
// DG2

export type FaceImageFormat = 'jpeg' | 'jp2' | 'j2k';

export interface FaceImage {
  format: FaceImageFormat;
  mimeType: 'image/jpeg' | 'image/jp2' | 'image/j2c';
  /** The encoded image. Personal data: keep in memory only. */
  bytes: Uint8Array;
  width?: number;
  height?: number;
}

const JPEG = [0xff, 0xd8, 0xff];
const JP2 = [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50];
const J2K = [0xff, 0x4f, 0xff, 0x51];

function startsWith(b: Uint8Array, at: number, magic: readonly number[]): boolean {
  if (at < 0 || at + magic.length > b.length) return false;
  for (let i = 0; i < magic.length; i++) if (b[at + i] !== magic[i]) return false;
  return true;
}

function imageAt(b: Uint8Array, at: number): FaceImage | undefined {
  if (startsWith(b, at, JPEG)) return { format: 'jpeg', mimeType: 'image/jpeg', bytes: b.subarray(at) };
  if (startsWith(b, at, JP2)) return { format: 'jp2', mimeType: 'image/jp2', bytes: b.subarray(at) };
  if (startsWith(b, at, J2K)) return { format: 'j2k', mimeType: 'image/j2c', bytes: b.subarray(at) };
  return undefined;
}

function u16(b: Uint8Array, at: number): number {
  return ((b[at] as number) << 8) | (b[at + 1] as number);
}
function u32(b: Uint8Array, at: number): number {
  return (((b[at] as number) << 24) >>> 0) + ((b[at + 1] as number) << 16) + ((b[at + 2] as number) << 8) + (b[at + 3] as number);
}

/**
 * Finds the image in an ISO/IEC 19794-5 facial record ("FAC\0" "010\0" …): record header 14 bytes,
 * facial information 20 bytes + 8 per feature point, image information 12 bytes, then the image.
 */
function fromIso19794(bdb: Uint8Array): FaceImage | undefined {
  if (bdb.length < 46 || !startsWith(bdb, 0, [0x46, 0x41, 0x43, 0x00])) return undefined;
  const facialStart = 14;
  const featurePoints = u16(bdb, facialStart + 4);
  const imageInfo = facialStart + 20 + 8 * featurePoints;
  const imageStart = imageInfo + 12;
  const blockLength = u32(bdb, facialStart);
  const img = imageAt(bdb, imageStart);
  if (!img) return undefined;
  const end = Math.min(bdb.length, facialStart + (blockLength >= imageStart - facialStart ? blockLength : bdb.length));
  img.bytes = bdb.subarray(imageStart, end > imageStart ? end : bdb.length);
  const w = u16(bdb, imageInfo + 2);
  const h = u16(bdb, imageInfo + 4);
  if (w > 0) img.width = w;
  if (h > 0) img.height = h;
  return img;
}

/**
 * The first face image of DG2 (75 → 7F61 → 7F60 → 5F2E/7F2E). Uses the ISO 19794-5 header when it
 * is there; otherwise searches the biometric data block for a JPEG or JPEG 2000 signature.
 */
export function parseDg2(bytes: Uint8Array): FaceImage {
  const t = parse(bytes, 0x75, 'DG2');
  const bdb = findTlv(t.children, 0x5f2e, true) ?? findTlv(t.children, 0x7f2e, true);
  if (!bdb) throw new DgError('no-image', 'DG2 has no biometric data block');
  const fromHeader = fromIso19794(bdb.value);
  if (fromHeader) return fromHeader;
  for (let i = 0; i < bdb.value.length; i++) {
    const img = imageAt(bdb.value, i);
    if (img) return img;
  }
  throw new DgError('no-image', 'DG2 holds no JPEG or JPEG 2000 image');
}

// ---------------------------------------------------------------------------------------------
// DG13 (Vietnam)

export interface Dg13Date {
  /** As stored, NFC. */
  text: string;
  /** yyyy-mm-dd when the text is ddMMyyyy or dd/MM/yyyy. */
  iso?: string;
  /** The card states it does not expire ("Không thời hạn"). */
  noExpiry?: boolean;
}

export interface Dg13RawField {
  field: number;
  /** The tag of the (first) value element. */
  tag: number;
  /** The encoded value element(s). */
  raw: Uint8Array;
  /** The text when the value is a string type. */
  text?: string;
}

/** The Vietnamese personal data. Every field is optional: absent when the card does not have it. */
export interface Dg13 {
  version?: number;
  oid?: string;
  personalId?: string; // 1
  fullName?: string; // 2
  birthDate?: Dg13Date; // 3
  sex?: { text: string; code?: 'M' | 'F' } | undefined; // 4
  nationality?: string; // 5
  ethnicity?: string; // 6 (sensitive)
  religion?: string; // 7 (sensitive)
  placeOfOrigin?: string; // 8
  permanentResidence?: string; // 9
  identifyingMarks?: string; // 10
  issueDate?: Dg13Date; // 11
  expiryDate?: Dg13Date; // 12
  fatherName?: string; // 13
  motherName?: string; // 13
  spouseName?: string; // 14
  legacyIdNumber?: string; // 15
  /** Field 16 (meaning unconfirmed) and any unknown field number, kept raw. */
  otherFields: Dg13RawField[];
}

const STRING_TAGS = new Set([0x0c, 0x13, 0x14, 0x16, 0x1a, 0x1e]);

function decodeString(t: Tlv): string | undefined {
  let s: string;
  switch (t.tag) {
    case 0x0c: // UTF8String
      s = utf8.decode(t.value);
      break;
    case 0x13: // PrintableString
    case 0x14: // T61String (treated as Latin-1)
    case 0x16: // IA5String
    case 0x1a: // VisibleString
      s = latin1.decode(t.value);
      break;
    case 0x1e: {
      // BMPString, UTF-16BE
      let out = '';
      for (let i = 0; i + 1 < t.value.length; i += 2) out += String.fromCharCode(u16(t.value, i));
      s = out;
      break;
    }
    default:
      return undefined;
  }
  return s.normalize('NFC').trim();
}

/** All strings inside `list`, depth-first. */
function stringsIn(list: readonly Tlv[]): string[] {
  const out: string[] = [];
  for (const t of list) {
    if (STRING_TAGS.has(t.tag)) {
      const s = decodeString(t);
      if (s !== undefined) out.push(s);
    } else if (t.children) out.push(...stringsIn(t.children));
  }
  return out;
}

function integer(t: Tlv): number | undefined {
  if (t.tag !== 0x02 || t.value.length === 0 || t.value.length > 4) return undefined;
  let v = 0;
  for (const b of t.value) v = v * 256 + b;
  if ((t.value[0] as number) & 0x80) return undefined; // negative: not a field number
  return v;
}

function oidString(v: Uint8Array): string | undefined {
  if (v.length === 0) return undefined;
  const parts: number[] = [];
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const b = v[i] as number;
    n = n * 128 + (b & 0x7f);
    if (n > Number.MAX_SAFE_INTEGER / 256) return undefined;
    if ((b & 0x80) === 0) {
      if (parts.length === 0) {
        const first = n < 40 ? 0 : n < 80 ? 1 : 2;
        parts.push(first, n - first * 40);
      } else parts.push(n);
      n = 0;
    } else if (i === v.length - 1) return undefined;
  }
  return parts.join('.');
}

/** Parses dates as ddMMyyyy or dd/MM/yyyy (also '-' or '.' separators). */
export function parseVnDate(text: string): Dg13Date {
  const t = text.normalize('NFC').trim();
  const out: Dg13Date = { text: t };
  if (/^không\s+thời\s+hạn$/iu.test(t)) {
    out.noExpiry = true;
    return out;
  }
  const m = /^(\d{2})[/.-]?(\d{2})[/.-]?(\d{4})$/.exec(t);
  if (m) {
    const [, dd, mm, yyyy] = m as unknown as [string, string, string, string];
    const d = Number(dd);
    const mo = Number(mm);
    if (mo >= 1 && mo <= 12 && d >= 1 && d <= new Date(Date.UTC(Number(yyyy), mo, 0)).getUTCDate()) {
      out.iso = `${yyyy}-${mm}-${dd}`;
    }
  }
  return out;
}

function sexOf(text: string): Dg13['sex'] {
  const low = text.toLowerCase();
  if (low === 'nam' || low === 'm' || low === 'male') return { text, code: 'M' };
  if (low === 'nữ' || low === 'nu' || low === 'f' || low === 'female') return { text, code: 'F' };
  return { text };
}

/** A field entry: SEQUENCE { INTEGER n, value… } whose second element is not an OID. */
function asField(t: Tlv): { n: number; values: Tlv[] } | undefined {
  if (t.tag !== 0x30 || !t.children || t.children.length < 2) return undefined;
  const [first, second] = t.children as [Tlv, Tlv];
  if (second.tag === 0x06) return undefined; // the outer { version, OID, SET }
  if (t.children.some((c) => c.tag === 0x31)) return undefined; // an outer { version, SET } without OID
  const n = integer(first);
  if (n === undefined || n < 1 || n > 255) return undefined;
  return { n, values: t.children.slice(1) };
}

function collectFields(list: readonly Tlv[], out: { n: number; values: Tlv[]; raw: Uint8Array }[], src: Uint8Array): void {
  for (const t of list) {
    const f = asField(t);
    if (f) {
      const first = f.values[0] as Tlv;
      const last = f.values[f.values.length - 1] as Tlv;
      out.push({ ...f, raw: src.subarray(first.offset, last.offset + last.totalLength) });
    } else if (t.children) collectFields(t.children, out, src);
  }
}

export function parseDg13(bytes: Uint8Array): Dg13 {
  const t = parse(bytes, 0x6d, 'DG13');
  const out: Dg13 = { otherFields: [] };
  const outer = t.children?.find((c) => c.tag === 0x30 && c.children?.[1]?.tag === 0x06);
  if (outer?.children) {
    const v = integer(outer.children[0] as Tlv);
    if (v !== undefined) out.version = v;
    const oid = oidString((outer.children[1] as Tlv).value);
    if (oid) out.oid = oid;
  }
  const fields: { n: number; values: Tlv[]; raw: Uint8Array }[] = [];
  collectFields(t.children ?? [], fields, bytes);
  const seen = new Set<number>();
  for (const f of fields) {
    if (seen.has(f.n)) continue; // first occurrence wins
    seen.add(f.n);
    const strings = stringsIn(f.values);
    const text = strings[0];
    const keepRaw = (): void => {
      const entry: Dg13RawField = { field: f.n, tag: (f.values[0] as Tlv).tag, raw: new Uint8Array(f.raw) };
      if (text !== undefined) entry.text = text;
      out.otherFields.push(entry);
    };
    if (f.n === 13) {
      if (strings[0]) out.fatherName = strings[0];
      if (strings[1]) out.motherName = strings[1];
      continue;
    }
    if (text === undefined || text === '') {
      if (f.n > 15) keepRaw();
      else if (text === undefined) keepRaw(); // known number but not a string: keep it raw
      continue;
    }
    switch (f.n) {
      case 1:
        out.personalId = text;
        break;
      case 2:
        out.fullName = text;
        break;
      case 3:
        out.birthDate = parseVnDate(text);
        break;
      case 4:
        out.sex = sexOf(text);
        break;
      case 5:
        out.nationality = text;
        break;
      case 6:
        out.ethnicity = text;
        break;
      case 7:
        out.religion = text;
        break;
      case 8:
        out.placeOfOrigin = text;
        break;
      case 9:
        out.permanentResidence = text;
        break;
      case 10:
        out.identifyingMarks = text;
        break;
      case 11:
        out.issueDate = parseVnDate(text);
        break;
      case 12:
        out.expiryDate = parseVnDate(text);
        break;
      case 14:
        out.spouseName = text;
        break;
      case 15:
        out.legacyIdNumber = text;
        break;
      default:
        keepRaw();
    }
  }
  return out;
}
