/**
 * Builders of LDS files for the simulator and the tests: a Vietnamese TD1 MRZ, EF.COM, DG1,
 * DG2 (ISO/IEC 19794-5 around a JPEG), DG13 (Vietnamese personal data, fields by number).
 */
import { concat } from '../protocol/bytes';
import { checkDigit } from '../protocol/mrz';
import { encodeTlv } from '../protocol/tlv';
import { encodeOidValue } from './pki';

export interface Td1Spec {
  /** 12-digit personal ID; the document number is its last 9 digits. */
  personalId: string;
  birthYymmdd: string;
  sex: 'M' | 'F';
  /** YYMMDD, or '<<<<<<' for no expiry. */
  expiryYymmdd: string;
  /** Check digit of the expiry field (default: computed; '<' for fillers per 9303-3). */
  expiryCd?: string;
  surname: string;
  givenNames: string;
}

/** The three 30-character lines of a CCCD TD1 MRZ, every check digit computed. */
export function buildTd1(spec: Td1Spec): [string, string, string] {
  const doc = spec.personalId.slice(3);
  const optional = `${spec.personalId}<<${checkDigit(spec.personalId)}`;
  const l1 = `IDVNM${doc}${checkDigit(doc)}${optional}`.padEnd(30, '<').slice(0, 30);
  const expCd = spec.expiryCd ?? checkDigit(spec.expiryYymmdd);
  const head = `${spec.birthYymmdd}${checkDigit(spec.birthYymmdd)}${spec.sex}${spec.expiryYymmdd}${expCd}VNM`.padEnd(29, '<');
  const composite = checkDigit(l1.slice(5, 30) + head.slice(0, 7) + head.slice(8, 15) + head.slice(18, 29));
  const l2 = head + composite;
  const name = (s: string) => s.toUpperCase().trim().replace(/\s+/g, '<');
  const l3 = `${name(spec.surname)}<<${name(spec.givenNames)}`.padEnd(30, '<').slice(0, 30);
  return [l1, l2, l3];
}

/** EF.COM: LDS 1.7, Unicode 4.0.0, the tag list of the DGs present. */
export function buildEfCom(dataGroups: readonly number[]): Uint8Array {
  const tags: Record<number, number> = { 1: 0x61, 2: 0x75, 3: 0x63, 13: 0x6d, 14: 0x6e, 15: 0x6f };
  return encodeTlv(0x60, [
    encodeTlv(0x5f01, new TextEncoder().encode('0107')),
    encodeTlv(0x5f36, new TextEncoder().encode('040000')),
    encodeTlv(0x5c, Uint8Array.from(dataGroups.map((n) => tags[n] ?? 0x60 + n))),
  ]);
}

/** DG1: 61 { 5F1F MRZ }. */
export function buildDg1(mrzLines: readonly string[]): Uint8Array {
  return encodeTlv(0x61, encodeTlv(0x5f1f, new TextEncoder().encode(mrzLines.join(''))));
}

function u16(n: number): Uint8Array {
  return Uint8Array.of((n >> 8) & 0xff, n & 0xff);
}
function u32(n: number): Uint8Array {
  return Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

/** DG2: 75 { 7F61 { 02 01 01, 7F60 { A1 {…}, 5F2E { ISO 19794-5 record with the JPEG or JPEG 2000 image } } } }. */
export function buildDg2(image: Uint8Array, width = 240, height = 320): Uint8Array {
  // ISO/IEC 19794-5 image data type: 0 JPEG, 1 JPEG 2000 (told apart by the first bytes).
  const dataType = image[0] === 0xff && image[1] === 0xd8 ? 0 : 1;
  const facial = concat(
    u32(20 + 12 + image.length), // facial record data length
    u16(0), // feature points
    Uint8Array.of(0, 0, 0), // gender, eye colour, hair colour
    Uint8Array.of(0, 0, 0), // feature mask
    u16(0), // expression
    Uint8Array.of(0, 0, 0), // pose angles
    Uint8Array.of(0, 0, 0), // pose uncertainty
  );
  const imageInfo = concat(Uint8Array.of(1, dataType), u16(width), u16(height), Uint8Array.of(1, 0), u16(0), u16(0));
  const body = concat(facial, imageInfo, image);
  const record = concat(new TextEncoder().encode('FAC\x00010\x00'), u32(14 + body.length), u16(1), body);
  const header = encodeTlv(0xa1, [
    encodeTlv(0x80, Uint8Array.of(1, 1)),
    encodeTlv(0x87, Uint8Array.of(0x01, 0x01)),
    encodeTlv(0x88, Uint8Array.of(0x00, 0x08)),
  ]);
  return encodeTlv(0x75, encodeTlv(0x7f61, [encodeTlv(0x02, Uint8Array.of(1)), encodeTlv(0x7f60, [header, encodeTlv(0x5f2e, record)])]));
}

export interface Dg13Spec {
  personalId?: string;
  fullName?: string;
  birthDate?: string; // as stored (dd/MM/yyyy or ddMMyyyy)
  sex?: string;
  nationality?: string;
  ethnicity?: string;
  religion?: string;
  placeOfOrigin?: string;
  residence?: string;
  identifyingMarks?: string;
  issueDate?: string;
  expiryDate?: string;
  fatherName?: string;
  motherName?: string;
  spouseName?: string;
  legacyIdNumber?: string;
}

const FIELD_NUMBERS: Array<[keyof Dg13Spec, number]> = [
  ['personalId', 1],
  ['fullName', 2],
  ['birthDate', 3],
  ['sex', 4],
  ['nationality', 5],
  ['ethnicity', 6],
  ['religion', 7],
  ['placeOfOrigin', 8],
  ['residence', 9],
  ['identifyingMarks', 10],
  ['issueDate', 11],
  ['expiryDate', 12],
  ['spouseName', 14],
  ['legacyIdNumber', 15],
];

/** DG13: 6D { SEQUENCE { INTEGER 1, OID, SET { SEQUENCE { INTEGER n, UTF8String v } … } } }. */
export function buildDg13(spec: Dg13Spec, oid = '1.2.704.1.1.13'): Uint8Array {
  const utf8 = (s: string) => encodeTlv(0x0c, new TextEncoder().encode(s.normalize('NFC')));
  const fields: Uint8Array[] = [];
  for (const [key, n] of FIELD_NUMBERS) {
    const v = spec[key];
    if (v !== undefined) fields.push(encodeTlv(0x30, [encodeTlv(0x02, Uint8Array.of(n)), utf8(v)]));
    if (n === 12 && (spec.fatherName !== undefined || spec.motherName !== undefined)) {
      fields.push(encodeTlv(0x30, [encodeTlv(0x02, Uint8Array.of(13)), encodeTlv(0x30, [utf8(spec.fatherName ?? ''), utf8(spec.motherName ?? '')])]));
    }
  }
  return encodeTlv(0x6d, encodeTlv(0x30, [encodeTlv(0x02, Uint8Array.of(1)), encodeTlv(0x06, encodeOidValue(oid)), encodeTlv(0x31, fields)]));
}
