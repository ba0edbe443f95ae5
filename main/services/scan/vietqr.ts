/**
 * VietQR / EMVCo payloads: the parser and checker live in common/vietqr.ts (shared with the
 * payment side, which builds them). Recognised and checked only here: the kiosk never pays from
 * a scanned code.
 */
export {
  buildEmv,
  crc16CcittFalse,
  crcHex,
  looksLikeEmv,
  NAPAS_GUID,
  parseTlv,
  parseVietQr,
  tlv,
  type EmvField as Tlv,
  type VietQr,
  type VietQrResult,
} from '../../../common/vietqr';
