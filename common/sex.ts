/**
 * Sex (giới tính, GLOSSARY.md `sex`) as Vietnamese identity documents record it: Nam or Nữ. The
 * CCCD QR writes the word (DOMAIN.md); the chip's DG13 usually does too; the MRZ writes M or F.
 */

/** The values in code, as the identity service and the `card` event carry them. */
export const SEXES = ['male', 'female'] as const;
export type Sex = (typeof SEXES)[number];

/** The Vietnamese words, exactly as the card prints them. */
export const SEX_LABELS_VI = {
  male: 'Nam',
  female: 'Nữ',
} as const satisfies Record<Sex, string>;

/** "Nam" or "Nữ" (any case, NFC or not, spaces around ignored) -> the Sex; anything else -> null. */
export function sexFromLabelVi(text: string): Sex | null {
  const word = text.normalize('NFC').trim().toLowerCase();
  return SEXES.find((s) => SEX_LABELS_VI[s].toLowerCase() === word) ?? null;
}
