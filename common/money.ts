/**
 * Money: whole đồng (VND has no minor unit; the API carries integers, main/api/schemas.ts).
 * Shown and printed as Vietnamese write prices: dot as the thousands separator, a space, then
 * "đ", the usual short form of "đồng": 50000 -> `50.000 đ`. The letter đ (U+0111) rather than
 * the currency sign ₫ (U+20AB): both printer code pages (CP1258 and TCVN3) have đ, TCVN3 has no ₫.
 */

/** The unit written after an amount. */
export const MONEY_UNIT = 'đ';

/** 50000 -> `50.000 đ`, 0 -> `0 đ`, -1500 -> `-1.500 đ`; rounded to whole đồng; '' when not a finite number. */
export function formatMoney(amount: number): string {
  if (!Number.isFinite(amount)) return '';
  const whole = Math.round(Math.abs(amount));
  const digits = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${amount < 0 && whole > 0 ? '-' : ''}${digits} ${MONEY_UNIT}`;
}
