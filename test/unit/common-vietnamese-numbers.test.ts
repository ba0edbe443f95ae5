import { describe, expect, it } from 'vitest';
import { allCallWords, callSentence, callWords, clipKey, numberWords, readNumber, ticketWords } from '../../common/vietnamese-numbers';

describe('readNumber: Vietnamese number words', () => {
  // A table written by hand from how the numbers are said (not from the code).
  const table: Array<[number, string]> = [
    [0, 'không'],
    [1, 'một'],
    [3, 'ba'],
    [4, 'bốn'],
    [5, 'năm'],
    [10, 'mười'],
    [11, 'mười một'],
    [14, 'mười bốn'],
    [15, 'mười lăm'],
    [19, 'mười chín'],
    [20, 'hai mươi'],
    [21, 'hai mươi mốt'],
    [24, 'hai mươi tư'],
    [25, 'hai mươi lăm'],
    [31, 'ba mươi mốt'],
    [55, 'năm mươi lăm'],
    [99, 'chín mươi chín'],
    [100, 'một trăm'],
    [101, 'một trăm linh một'],
    [104, 'một trăm linh bốn'],
    [105, 'một trăm linh năm'],
    [110, 'một trăm mười'],
    [111, 'một trăm mười một'],
    [115, 'một trăm mười lăm'],
    [121, 'một trăm hai mươi mốt'],
    [205, 'hai trăm linh năm'],
    [999, 'chín trăm chín mươi chín'],
    [1000, 'một nghìn'],
    [1001, 'một nghìn không trăm linh một'],
    [1015, 'một nghìn không trăm mười lăm'],
    [1100, 'một nghìn một trăm'],
    [1105, 'một nghìn một trăm linh năm'],
    [2024, 'hai nghìn không trăm hai mươi tư'],
    [5555, 'năm nghìn năm trăm năm mươi lăm'],
    [9999, 'chín nghìn chín trăm chín mươi chín'],
  ];
  it.each(table)('%i → %s', (n, words) => {
    expect(readNumber(n)).toBe(words.normalize('NFC'));
  });

  it('reads the South’s lẻ and ngàn when asked', () => {
    expect(readNumber(105, { zeroTens: 'lẻ' })).toBe('một trăm lẻ năm');
    expect(readNumber(1005, { zeroTens: 'lẻ', thousand: 'ngàn' })).toBe('một ngàn không trăm lẻ năm');
  });

  it('refuses what it cannot read', () => {
    expect(() => numberWords(10_000)).toThrow(RangeError);
    expect(() => numberWords(-1)).toThrow(RangeError);
    expect(() => numberWords(1.5)).toThrow(RangeError);
  });

  it('gives NFC text', () => {
    for (let n = 0; n <= 9999; n += 7) expect(readNumber(n)).toBe(readNumber(n).normalize('NFC'));
  });
});

describe('tickets and calls', () => {
  it('reads the letter then the number without leading zeros', () => {
    expect(ticketWords('A015')).toEqual(['a', 'mười', 'lăm']);
    expect(ticketWords('B001')).toEqual(['bê', 'một']);
    expect(ticketWords('HT121')).toEqual(['hát', 'tê', 'một', 'trăm', 'hai', 'mươi', 'mốt']);
    expect(ticketWords('C1024')).toEqual(['xê', 'một', 'nghìn', 'không', 'trăm', 'hai', 'mươi', 'tư']);
  });

  it('reads digit by digit when the site wants it', () => {
    expect(ticketWords('A015', { style: 'digits' })).toEqual(['a', 'không', 'một', 'năm']);
  });

  it('refuses a text that is not a ticket number', () => {
    expect(() => ticketWords('a015')).toThrow(/not a ticket/);
    expect(() => ticketWords('A15')).toThrow(/not a ticket/);
  });

  it('says the whole call', () => {
    expect(callSentence('A015', 3)).toBe('Xin mời khách hàng số a mười lăm đến quầy số ba');
    expect(callSentence('B104', 21)).toBe('Xin mời khách hàng số bê một trăm linh bốn đến quầy số hai mươi mốt');
    expect(callWords('A015', 3).map((w) => w.key)).toEqual(['phrase-intro', 'a', 'muoi-10', 'lam', 'phrase-counter', 'ba']);
    expect(() => callWords('A015', 0)).toThrow(RangeError);
  });

  it('gives every word its own ASCII clip key, with no two words on one key', () => {
    const words = allCallWords();
    const keys = words.map((w) => w.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) expect(k).toMatch(/^[a-z0-9-]+$/);
    expect(clipKey('mười')).not.toBe(clipKey('mươi'));
    // Every word of every ticket 0000–9999 and counter 1–99 has a clip in the full set.
    const set = new Set(keys);
    for (let n = 0; n <= 9999; n += 1) for (const w of callWords(`A${String(n).padStart(4, '0')}`, (n % 99) + 1)) expect(set.has(w.key)).toBe(true);
  });
});
