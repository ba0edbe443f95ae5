/**
 * VietQR (NAPAS) / EMVCo merchant-presented QR payloads: TLV with a 2-digit tag and a 2-digit
 * length counting UTF-8 bytes, CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) over everything up
 * to and including `6304`, written as 4 hex digits (upper case per the spec; lower case is
 * accepted). Recognised and checked only: the kiosk never pays from a scanned code.
 * Never throws.
 */

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

export function crc16CcittFalse(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const b of bytes) {
    crc ^= b << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

export function crcHex(text: string): string {
  return crc16CcittFalse(enc.encode(text)).toString(16).toUpperCase().padStart(4, '0');
}

export interface Tlv {
  tag: string;
  value: string;
}

/** Parses a TLV string (lengths in UTF-8 bytes). Null when it is not well formed. */
export function parseTlv(text: string): Tlv[] | null {
  if (typeof text !== 'string') return null;
  const bytes = enc.encode(text);
  const out: Tlv[] = [];
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

function get(list: Tlv[], tag: string): string | undefined {
  return list.find((t) => t.tag === tag)?.value;
}

export const NAPAS_GUID = 'A000000727';

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

export function parseVietQr(input: string): VietQrResult {
  if (typeof input !== 'string' || input.length > 1024) return { ok: false, reason: 'not-emv', detail: 'not an EMV payload' };
  const text = input.trim();
  if (!looksLikeEmv(text)) return { ok: false, reason: 'not-emv', detail: 'does not start with 000201' };
  const tlv = parseTlv(text);
  if (!tlv) return { ok: false, reason: 'malformed-tlv', detail: 'TLV structure broken' };
  const last = tlv[tlv.length - 1];
  if (!last || last.tag !== '63' || tlv.filter((t) => t.tag === '63').length !== 1) {
    return { ok: false, reason: 'crc-missing', detail: 'tag 63 is not the last field' };
  }
  if (!/^[0-9A-Fa-f]{4}$/.test(last.value)) return { ok: false, reason: 'crc-missing', detail: 'tag 63 is not 4 hex digits' };
  const expected = crcHex(text.slice(0, text.length - 4));
  if (expected !== last.value.toUpperCase()) return { ok: false, reason: 'crc-mismatch', detail: `CRC ${last.value} does not match the payload` };
  const poi = get(tlv, '01');
  if (poi !== undefined && poi !== '11' && poi !== '12') return { ok: false, reason: 'bad-field', detail: 'tag 01 is not 11 or 12' };
  const value: VietQr = { initiation: poi === '12' ? 'dynamic' : 'static', crc: last.value.toUpperCase() };
  for (const t of tlv) {
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
  const currency = get(tlv, '53');
  if (currency !== undefined) {
    if (!/^\d{3}$/.test(currency)) return { ok: false, reason: 'bad-field', detail: 'currency is not 3 digits' };
    value.currency = currency;
  }
  const amount = get(tlv, '54');
  if (amount !== undefined) {
    if (!/^\d{1,13}(\.\d{0,2})?$/.test(amount)) return { ok: false, reason: 'bad-field', detail: 'amount is not a number' };
    value.amount = Number(amount);
  }
  const country = get(tlv, '58');
  if (country !== undefined) value.country = country;
  const name = get(tlv, '59');
  if (name !== undefined) value.merchantName = name;
  const city = get(tlv, '60');
  if (city !== undefined) value.merchantCity = city;
  const additional = get(tlv, '62');
  if (additional !== undefined) {
    const inner = parseTlv(additional);
    if (!inner) return { ok: false, reason: 'bad-field', detail: 'additional data template broken' };
    const purpose = get(inner, '08');
    if (purpose !== undefined) value.purpose = purpose;
  }
  return { ok: true, value };
}

/** Builds a payload with its CRC (for tests and the simulator). */
export function buildEmv(fields: readonly Tlv[]): string {
  const body = fields.map((f) => tlv(f.tag, f.value)).join('') + '6304';
  return body + crcHex(body);
}

export function tlv(tag: string, value: string): string {
  const len = enc.encode(value).length;
  if (!/^\d{2}$/.test(tag) || len > 99) throw new RangeError(`bad TLV ${tag}/${len}`);
  return `${tag}${String(len).padStart(2, '0')}${value}`;
}
