/**
 * VietQR (NAPAS) / EMVCo merchant-presented QR payloads (DOMAIN.md, "VietQR"): a TLV string with
 * a 2-digit tag and a 2-digit length counting UTF-8 bytes, ending in tag 63, a CRC-16/CCITT-FALSE
 * (poly 0x1021, init 0xFFFF, no reflection, no final xor) over everything before it including
 * `6304`, written as 4 upper-case hex digits.
 *
 * Two halves:
 * - the builder the payment side uses (`buildVietQr`): dynamic ("12") when it carries an amount,
 *   NAPAS merchant account (tag 38), VND, "VN", and a purpose (tag 62/08) of at most 25
 *   unaccented characters that names the payment, so the payment service can match the transfer;
 * - the parser the scanner uses (`parseVietQr`): checks the CRC and reads the NAPAS fields. Never
 *   throws.
 *
 * Pure: no Node, no DOM (TextEncoder/TextDecoder are in every runtime we use).
 */

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

/** CRC-16/CCITT-FALSE lookup table (one entry per byte value), computed once. */
const CRC_TABLE: Uint16Array = (() => {
  const t = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n << 8;
    for (let k = 0; k < 8; k++) c = c & 0x8000 ? (c << 1) ^ 0x1021 : c << 1;
    t[n] = c & 0xffff;
  }
  return t;
})();

/** CRC-16/CCITT-FALSE of `bytes`, table-driven (check value of "123456789" is 0x29B1). */
export function crc16CcittFalse(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const b of bytes) crc = ((crc << 8) ^ CRC_TABLE[((crc >> 8) ^ b) & 0xff]!) & 0xffff;
  return crc;
}

/** The CRC of a text's UTF-8 bytes as 4 upper-case hex digits. */
export function crcHex(text: string): string {
  return crc16CcittFalse(enc.encode(text)).toString(16).toUpperCase().padStart(4, '0');
}

export interface EmvField {
  tag: string;
  value: string;
}

/** One TLV field; throws RangeError when the tag is not 2 digits or the value is over 99 bytes. */
export function tlv(tag: string, value: string): string {
  const len = enc.encode(value).length;
  if (!/^\d{2}$/.test(tag) || len > 99) throw new RangeError(`bad TLV ${tag}/${len}`);
  return `${tag}${String(len).padStart(2, '0')}${value}`;
}

/** Builds a payload from fields, appending `6304` and its CRC. */
export function buildEmv(fields: readonly EmvField[]): string {
  const body = fields.map((f) => tlv(f.tag, f.value)).join('') + '6304';
  return body + crcHex(body);
}

/** Parses a TLV string (lengths in UTF-8 bytes). Null when it is not well formed. */
export function parseTlv(text: string): EmvField[] | null {
  if (typeof text !== 'string') return null;
  const bytes = enc.encode(text);
  const out: EmvField[] = [];
  let i = 0;
  while (i < bytes.length) {
    if (i + 4 > bytes.length) return null;
    const head = String.fromCharCode(bytes[i]!, bytes[i + 1]!, bytes[i + 2]!, bytes[i + 3]!);
    if (!/^\d{4}$/.test(head)) return null;
    const tag = head.slice(0, 2);
    const len = Number(head.slice(2));
    i += 4;
    if (i + len > bytes.length) return null;
    let value: string;
    try {
      value = dec.decode(bytes.subarray(i, i + len));
    } catch {
      return null;
    }
    out.push({ tag, value });
    i += len;
  }
  return out;
}

function get(list: EmvField[], tag: string): string | undefined {
  return list.find((t) => t.tag === tag)?.value;
}

/** NAPAS's globally unique identifier in the merchant account template. */
export const NAPAS_GUID = 'A000000727';
/** Service codes: transfer to an account, to a card. */
export const VIETQR_TO_ACCOUNT = 'QRIBFTTA';
export const VIETQR_TO_CARD = 'QRIBFTTC';
/** The longest purpose (tag 62/08) VietQR carries. */
export const VIETQR_PURPOSE_MAX = 25;

export interface VietQr {
  initiation: 'static' | 'dynamic';
  /** NAPAS (VietQR) fields, when tag 38 (or another 26..51 template) carries the NAPAS GUID. */
  bankBin?: string;
  /** Account or card number. Personal data: mask before logging. */
  account?: string;
  /** QRIBFTTA (to account), QRIBFTTC (to card) or another service code. */
  service?: string;
  currency?: string;
  /** Whole đồng when the code carries an amount. */
  amount?: number;
  country?: string;
  merchantName?: string;
  merchantCity?: string;
  /** Tag 62 sub-tag 08. */
  purpose?: string;
  crc: string;
}

export type VietQrResult =
  { ok: true; value: VietQr } | { ok: false; reason: 'not-emv' | 'malformed-tlv' | 'crc-missing' | 'crc-mismatch' | 'bad-field'; detail: string };

/** Quick test: does the text look like an EMVCo payload at all? */
export function looksLikeEmv(text: string): boolean {
  return typeof text === 'string' && text.startsWith('000201');
}

/** Parses and checks a payload (CRC, structure, NAPAS fields). Never throws. */
export function parseVietQr(input: string): VietQrResult {
  if (typeof input !== 'string' || input.length > 1024) return { ok: false, reason: 'not-emv', detail: 'not an EMV payload' };
  const text = input.trim();
  if (!looksLikeEmv(text)) return { ok: false, reason: 'not-emv', detail: 'does not start with 000201' };
  const list = parseTlv(text);
  if (!list) return { ok: false, reason: 'malformed-tlv', detail: 'TLV structure broken' };
  const last = list[list.length - 1];
  if (!last || last.tag !== '63' || list.filter((t) => t.tag === '63').length !== 1) {
    return { ok: false, reason: 'crc-missing', detail: 'tag 63 is not the last field' };
  }
  if (!/^[0-9A-Fa-f]{4}$/.test(last.value)) return { ok: false, reason: 'crc-missing', detail: 'tag 63 is not 4 hex digits' };
  const expected = crcHex(text.slice(0, text.length - 4));
  if (expected !== last.value.toUpperCase()) return { ok: false, reason: 'crc-mismatch', detail: `CRC ${last.value} does not match the payload` };
  const poi = get(list, '01');
  if (poi !== undefined && poi !== '11' && poi !== '12') return { ok: false, reason: 'bad-field', detail: 'tag 01 is not 11 or 12' };
  const value: VietQr = { initiation: poi === '12' ? 'dynamic' : 'static', crc: last.value.toUpperCase() };
  for (const t of list) {
    const n = Number(t.tag);
    if (n < 26 || n > 51) continue;
    const inner = parseTlv(t.value);
    if (!inner || get(inner, '00') !== NAPAS_GUID) continue;
    const bene = get(inner, '01');
    const beneTlv = bene === undefined ? null : parseTlv(bene);
    if (!beneTlv) return { ok: false, reason: 'bad-field', detail: 'NAPAS beneficiary template broken' };
    const bin = get(beneTlv, '00');
    const account = get(beneTlv, '01');
    if (!bin || !/^\d{6}$/.test(bin)) return { ok: false, reason: 'bad-field', detail: 'bank BIN is not 6 digits' };
    if (!account || !/^[0-9A-Za-z]{1,19}$/.test(account)) return { ok: false, reason: 'bad-field', detail: 'account is not 1-19 letters or digits' };
    value.bankBin = bin;
    value.account = account;
    const service = get(inner, '02');
    if (service !== undefined) value.service = service;
    break;
  }
  const currency = get(list, '53');
  if (currency !== undefined) {
    if (!/^\d{3}$/.test(currency)) return { ok: false, reason: 'bad-field', detail: 'currency is not 3 digits' };
    value.currency = currency;
  }
  const amount = get(list, '54');
  if (amount !== undefined) {
    if (!/^\d{1,13}(\.\d{0,2})?$/.test(amount)) return { ok: false, reason: 'bad-field', detail: 'amount is not a number' };
    value.amount = Number(amount);
  }
  const country = get(list, '58');
  if (country !== undefined) value.country = country;
  const name = get(list, '59');
  if (name !== undefined) value.merchantName = name;
  const city = get(list, '60');
  if (city !== undefined) value.merchantCity = city;
  const additional = get(list, '62');
  if (additional !== undefined) {
    const inner = parseTlv(additional);
    if (!inner) return { ok: false, reason: 'bad-field', detail: 'additional data template broken' };
    const purpose = get(inner, '08');
    if (purpose !== undefined) value.purpose = purpose;
  }
  return { ok: true, value };
}

// ---------------------------------------------------------------------------------------------
// Building a payment's code

/**
 * A purpose as banks carry it: Vietnamese marks stripped (đ -> d), upper case, only A-Z, 0-9,
 * space and `-`, spaces collapsed, cut to 25 characters. "Phí hồ sơ đất đai" -> "PHI HO SO DAT DAI".
 */
export function vietQrPurpose(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'D')
    .toUpperCase()
    .replace(/[^A-Z0-9 -]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, VIETQR_PURPOSE_MAX)
    .trim();
}

export interface VietQrInput {
  /** The payee bank's 6-digit BIN (NAPAS). */
  bankBin: string;
  /** The payee's account (or card) number, 1-19 letters or digits. */
  account: string;
  /** Default QRIBFTTA (to an account). */
  service?: typeof VIETQR_TO_ACCOUNT | typeof VIETQR_TO_CARD;
  /** Whole đồng, 1 .. 9 999 999 999 999; absent: a static code without an amount. */
  amount?: number;
  /** What the payment is for; made unaccented and at most 25 characters (vietQrPurpose). */
  purpose?: string;
}

/**
 * The VietQR payload of a payment: `01 "12"` (dynamic) when it carries an amount, else `"11"`.
 * Throws RangeError on a bad BIN, account or amount (a caller's bug, never a resident's input).
 */
export function buildVietQr(input: VietQrInput): string {
  if (!/^\d{6}$/.test(input.bankBin)) throw new RangeError('bank BIN must be 6 digits');
  if (!/^[0-9A-Za-z]{1,19}$/.test(input.account)) throw new RangeError('account must be 1-19 letters or digits');
  if (input.amount !== undefined && (!Number.isSafeInteger(input.amount) || input.amount <= 0 || input.amount > 9_999_999_999_999)) {
    throw new RangeError('amount must be a whole number of đồng above 0');
  }
  const beneficiary = tlv('00', input.bankBin) + tlv('01', input.account);
  const merchant = tlv('00', NAPAS_GUID) + tlv('01', beneficiary) + tlv('02', input.service ?? VIETQR_TO_ACCOUNT);
  const fields: EmvField[] = [
    { tag: '00', value: '01' },
    { tag: '01', value: input.amount !== undefined ? '12' : '11' },
    { tag: '38', value: merchant },
    { tag: '53', value: '704' },
  ];
  if (input.amount !== undefined) fields.push({ tag: '54', value: String(input.amount) });
  fields.push({ tag: '58', value: 'VN' });
  const purpose = input.purpose === undefined ? '' : vietQrPurpose(input.purpose);
  if (purpose) fields.push({ tag: '62', value: tlv('08', purpose) });
  return buildEmv(fields);
}
