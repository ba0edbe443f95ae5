/**
 * AIM symbology identifiers (ISO/IEC 15424): `]` + a code character + a modifier character,
 * e.g. `]Q1` (QR Code, model 2), `]C0` (Code 128), `]E0` (EAN-13), `]d2` (GS1 Data Matrix).
 * Scanners put them in front of the data (serial, wedge) or in their own field (HID POS).
 * Pure: no I/O, no Node imports.
 */

export type Symbology =
  | 'code39'
  | 'telepen'
  | 'code128'
  | 'code-one'
  | 'ean-upc'
  | 'codabar'
  | 'code93'
  | 'code11'
  | 'interleaved-2-of-5'
  | 'code16k'
  | 'pdf417'
  | 'msi'
  | 'anker'
  | 'codablock'
  | 'plessey'
  | 'qr'
  | 'straight-2-of-5'
  | 'code49'
  | 'maxicode'
  | 'other'
  | 'non-barcode'
  | 'data-matrix'
  | 'gs1-databar'
  | 'grid-matrix'
  | 'han-xin'
  | 'aztec'
  | 'unknown';

/** Code character -> symbology, from ISO/IEC 15424 (case matters: `d` is Data Matrix, `D` Code One). */
export const AIM_CODES: Readonly<Record<string, Symbology>> = Object.freeze({
  A: 'code39',
  B: 'telepen',
  C: 'code128',
  D: 'code-one',
  E: 'ean-upc',
  F: 'codabar',
  G: 'code93',
  H: 'code11',
  I: 'interleaved-2-of-5',
  K: 'code16k',
  L: 'pdf417',
  M: 'msi',
  N: 'anker',
  O: 'codablock',
  P: 'plessey',
  Q: 'qr',
  R: 'straight-2-of-5',
  S: 'straight-2-of-5',
  T: 'code49',
  U: 'maxicode',
  X: 'other',
  Z: 'non-barcode',
  d: 'data-matrix',
  e: 'gs1-databar',
  g: 'grid-matrix',
  h: 'han-xin',
  z: 'aztec',
});

export interface AimIdentifier {
  /** The three characters as sent, e.g. `]Q1`. */
  readonly id: string;
  readonly code: string;
  readonly modifier: string;
  readonly symbology: Symbology;
}

const MODIFIER = /^[0-9A-Za-z]$/;

/** Parses a 3-character AIM identifier (`]Q1`). Returns null when it is not one. */
export function parseAim(id: string): AimIdentifier | null {
  if (typeof id !== 'string' || id.length !== 3 || id[0] !== ']') return null;
  const code = id[1]!;
  const modifier = id[2]!;
  if (!/^[A-Za-z]$/.test(code) || !MODIFIER.test(modifier)) return null;
  return { id, code, modifier, symbology: AIM_CODES[code] ?? 'unknown' };
}

/** Parses the 3 AIM bytes of a HID report or a serial frame prefix. */
export function parseAimBytes(bytes: Uint8Array): AimIdentifier | null {
  if (bytes.length !== 3) return null;
  return parseAim(String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!));
}

/**
 * Splits an AIM prefix off scanned text (for scanners configured to transmit it). Text that
 * does not start with a valid identifier is returned unchanged with `aim: null`.
 */
export function splitAimPrefix(text: string): { aim: AimIdentifier | null; text: string } {
  const aim = typeof text === 'string' && text.length >= 3 ? parseAim(text.slice(0, 3)) : null;
  return aim ? { aim, text: text.slice(3) } : { aim: null, text };
}
