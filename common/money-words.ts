/**
 * An amount of money in Vietnamese words, as banks and receipts write it ("Bằng chữ"):
 * 50000 -> "Năm mươi nghìn đồng", 21000 -> "Hai mươi mốt nghìn đồng",
 * 1050000 -> "Một triệu không trăm năm mươi nghìn đồng". Rules: "mười" for 1x, "mươi" after
 * 2..9, "mốt" for a 1 after "mươi", "tư" for a 4 after "mươi", "lăm" for a 5 after a ten,
 * "linh" for a zero ten before a unit, "không trăm" in a group after the first; groups of zero
 * are left out. Whole đồng, 0 .. 999 999 999 999 999.
 */

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'] as const;
const GROUPS = ['', 'nghìn', 'triệu', 'tỷ', 'nghìn tỷ'] as const;

function readGroup(n: number, full: boolean): string[] {
  const h = Math.floor(n / 100);
  const t = Math.floor(n / 10) % 10;
  const u = n % 10;
  const out: string[] = [];
  if (full || h > 0) out.push(DIGITS[h]!, 'trăm');
  if (t === 0) {
    if (u > 0 && out.length > 0) out.push('linh');
  } else if (t === 1) {
    out.push('mười');
  } else {
    out.push(DIGITS[t]!, 'mươi');
  }
  if (u === 0) return out;
  if (u === 1 && t > 1) out.push('mốt');
  else if (u === 4 && t > 1) out.push('tư');
  else if (u === 5 && t > 0) out.push('lăm');
  else out.push(DIGITS[u]!);
  return out;
}

/** The amount in words with "đồng", first letter capital; '' when not a whole number in range. */
export function moneyInWords(amount: number): string {
  if (!Number.isSafeInteger(amount) || amount < 0 || amount > 999_999_999_999_999) return '';
  if (amount === 0) return 'Không đồng';
  const groups: number[] = [];
  for (let n = amount; n > 0; n = Math.floor(n / 1000)) groups.push(n % 1000);
  const words: string[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!;
    if (g === 0) continue;
    words.push(...readGroup(g, i < groups.length - 1));
    if (GROUPS[i]) words.push(GROUPS[i]!);
  }
  const text = `${words.join(' ')} đồng`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
