import { describe, expect, it } from 'vitest';
import { moneyInWords } from '../../common/money-words';

describe('moneyInWords', () => {
  it.each([
    [0, 'Không đồng'],
    [5, 'Năm đồng'],
    [10, 'Mười đồng'],
    [15, 'Mười lăm đồng'],
    [21, 'Hai mươi mốt đồng'],
    [24, 'Hai mươi tư đồng'],
    [25, 'Hai mươi lăm đồng'],
    [105, 'Một trăm linh năm đồng'],
    [111, 'Một trăm mười một đồng'],
    [8_000, 'Tám nghìn đồng'],
    [50_000, 'Năm mươi nghìn đồng'],
    [100_000, 'Một trăm nghìn đồng'],
    [2_005, 'Hai nghìn không trăm linh năm đồng'],
    [1_050_000, 'Một triệu không trăm năm mươi nghìn đồng'],
    [1_250_000, 'Một triệu hai trăm năm mươi nghìn đồng'],
    [2_000_000_000, 'Hai tỷ đồng'],
    [1_000_001, 'Một triệu không trăm linh một đồng'],
  ])('%d -> %s', (n, words) => {
    expect(moneyInWords(n)).toBe(words);
    expect(moneyInWords(n)).toBe(moneyInWords(n).normalize('NFC'));
  });
  it('is empty for what is not whole đồng in range', () => {
    for (const bad of [-1, 1.5, Number.NaN, Infinity, 1e16]) expect(moneyInWords(bad)).toBe('');
  });
});
