/**
 * CODE128 (set B) bar patterns, for drawing the barcode in raster previews. The printer draws its
 * own from GS k; this is only for pictures (print preview, raster-only printers). Pure.
 */

// Bar/space widths of symbol values 0..106 (ISO/IEC 15417 table 1); 106 is the stop pattern.
// prettier-ignore
const PATTERNS = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232', '2331112',
];

const START_B = 104;
const STOP = 106;

/** Symbol values for `data` in set B, with start, check and stop; null if not set-B encodable. */
export function code128BValues(data: string): number[] | null {
  const values = [START_B];
  for (const ch of data) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x20 || c > 0x7f) return null;
    values.push(c - 0x20);
  }
  let sum = START_B;
  for (let i = 1; i < values.length; i++) sum += (values[i] ?? 0) * i;
  values.push(sum % 103, STOP);
  return values;
}

/** Module pattern: true = bar. Without quiet zones. */
export function code128Modules(data: string): boolean[] | null {
  const values = code128BValues(data);
  if (!values) return null;
  const out: boolean[] = [];
  for (const v of values) {
    const widths = PATTERNS[v] ?? '';
    let bar = true;
    for (const w of widths) {
      for (let k = 0; k < Number(w); k++) out.push(bar);
      bar = !bar;
    }
  }
  return out;
}

export const CODE128_PATTERNS: readonly string[] = PATTERNS;
