/**
 * common/search: folding, sound keys, edit distance, and the engine's rules on a small catalogue
 * written here (the whole catalogue's quality is test/unit/search-queries.test.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  createSearchIndex,
  editDistance,
  foldText,
  looksLikeTelex,
  markedTokens,
  queryTokens,
  queryWords,
  soundKey,
  SYNONYMS,
  type SearchDoc,
} from '../../common/search';
import { PROCEDURES } from '../../sandbox/seed';

describe('folding', () => {
  it('drops case, tones, hats and horns; đ is d; punctuation is a space', () => {
    expect(foldText('Đăng ký KẾT HÔN, có yếu tố nước ngoài!')).toBe('dang ky ket hon co yeu to nuoc ngoai');
    expect(foldText('Đăng ký'.normalize('NFD'))).toBe('dang ky');
    expect(foldText('  ')).toBe('');
  });

  it('keeps the marks of each word when asked, cut where folding cuts', () => {
    expect(markedTokens('Giấy phép LÁI xe; 1.001193')).toEqual(['giấy', 'phép', 'lái', 'xe', '1', '001193']);
    expect(queryWords('lái xe')).toEqual([
      { folded: 'lai', marked: 'lái' },
      { folded: 'xe', marked: null },
    ]);
  });

  it('reads Telex left-overs as Telex, and never takes a real word for Telex', () => {
    expect(queryTokens('ddawng kys khai sinh')).toEqual(['dang', 'ky', 'khai', 'sinh']);
    expect(queryWords('ddawng kys')[0]).toEqual({ folded: 'dang', marked: 'đăng' });
    for (const w of ['hoaf', 'tuw', 'coong', 'kys', 'Nguyeenx']) expect(looksLikeTelex(w), w).toBe(true);
    // Every word of every procedure name, typed without marks, is a word and not Telex.
    const words = new Set(PROCEDURES.flatMap((p) => foldText(p.name).split(' ')));
    const taken = [...words].filter(looksLikeTelex);
    expect(taken).toEqual([]);
    expect(words.size).toBeGreaterThan(100);
  });
});

describe('sound keys', () => {
  it.each([
    ['ky', 'ki'],
    ['ly', 'ni'],
    ['tru', 'chu'],
    ['sinh', 'xin'],
    ['dang', 'zan'],
    ['rang', 'zan'],
    ['giang', 'zan'],
    ['gi', 'zi'],
    ['lam', 'nam'],
    ['nghe', 'nge'],
    ['ghe', 'ge'],
    ['bang', 'ban'],
    ['binh', 'bin'],
    ['cac', 'cat'],
    ['sach', 'xat'],
    ['dangg', 'zan'],
  ])('%s sounds as %s', (word, key) => {
    expect(soundKey(word)).toBe(key);
  });

  it('regional confusions meet, different words stay apart', () => {
    expect(soundKey('truong')).toBe(soundKey('chuong'));
    expect(soundKey('xa')).toBe(soundKey('sa'));
    expect(soundKey('lo')).toBe(soundKey('no'));
    expect(soundKey('than')).toBe(soundKey('thang'));
    expect(soundKey('khai')).not.toBe(soundKey('khau'));
    expect(soundKey('ket')).not.toBe(soundKey('kep'));
    expect(soundKey('2024')).toBe('2024');
  });
});

describe('edit distance', () => {
  it('counts insertions, deletions, substitutions, and a swap as one', () => {
    expect(editDistance('chung', 'chung', 2)).toBe(0);
    expect(editDistance('chung', 'chun', 2)).toBe(1);
    expect(editDistance('thuc', 'thcu', 2)).toBe(1);
    expect(editDistance('thuong', 'thuogn', 2)).toBe(1);
    expect(editDistance('kethon', 'ketohn', 2)).toBe(1);
    expect(editDistance('abc', 'xyz', 5)).toBe(3);
  });

  it('measures words longer than its reused rows the same way', () => {
    const long = 'a'.repeat(70);
    expect(editDistance(long, `${'a'.repeat(69)}b`, 2)).toBe(1);
    expect(editDistance(long, `b${'a'.repeat(68)}c`, 1)).toBe(2);
  });

  it('gives up past its limit with limit + 1', () => {
    expect(editDistance('khai', 'sinh', 1)).toBe(2);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});

const DOCS: SearchDoc[] = [
  { id: 'ks', code: '1.001193', name: 'Đăng ký khai sinh', aliases: ['làm giấy khai sinh'], sector: 'Hộ tịch' },
  { id: 'ks-lai', code: '1.004884', name: 'Đăng ký lại khai sinh', sector: 'Hộ tịch' },
  { id: 'kh', code: '1.000894', name: 'Đăng ký kết hôn', sector: 'Hộ tịch' },
  { id: 'kt', code: '1.000656', name: 'Đăng ký khai tử', sector: 'Hộ tịch' },
  { id: 'tt', code: '1.004194', name: 'Đăng ký thường trú', sector: 'Cư trú' },
  { id: 'tamtru', code: '1.004222', name: 'Đăng ký tạm trú', sector: 'Cư trú' },
  { id: 'ct', code: '2.000815', name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản', sector: 'Chứng thực' },
  { id: 'gplx-lai', code: '1.002804', name: 'Cấp lại giấy phép lái xe', sector: 'Đường bộ' },
  { id: 'gplx-doi', code: '1.002809', name: 'Cấp đổi giấy phép lái xe', sector: 'Đường bộ' },
  { id: 'gpxd', code: '1.009994', name: 'Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ', sector: 'Xây dựng' },
  { id: 'gpxd-gh', code: '1.009996', name: 'Gia hạn giấy phép xây dựng đối với nhà ở riêng lẻ', sector: 'Xây dựng' },
];
const index = createSearchIndex(DOCS);
const top = (q: string, n = 1) => index.search(q, { limit: n }).map((h) => h.id);

describe('the engine', () => {
  it('finds with or without marks, and with mixed ones', () => {
    for (const q of ['Đăng ký kết hôn', 'dang ky ket hon', 'ket hôn', 'ĐĂNG KÝ KẾT HÔN', 'Đăng ký kết hôn'.normalize('NFD')]) expect(top(q), q).toEqual(['kh']);
  });

  it('forgives regional spellings and i/y', () => {
    expect(top('dang ki khai xinh')).toEqual(['ks']);
    expect(top('đăng ký thường chú')).toEqual(['tt']);
    expect(top('tam chu')).toEqual(['tamtru']);
    expect(top('chứng thựt bảng sao')).toEqual(['ct']);
  });

  it('forgives one typo from 4 letters and two from 8, but none in short words', () => {
    expect(top('chuwng thuc')).toEqual(['ct']);
    expect(top('chung thcu')).toEqual(['ct']);
    expect(top('thuongtruu')).toEqual(['tt']);
    expect(index.search('kat hon')).toEqual([]); // "kat" has 3 letters: no typo allowed
  });

  it('finds words typed together, and Telex left-overs', () => {
    expect(top('dangkykethon')).toEqual(['kh']);
    expect(top('khaisinh')).toEqual(['ks']);
    expect(top('ddawng kys keets hoon')).toEqual(['kh']);
  });

  it('finds by the start of the last word while it is typed', () => {
    expect(top('ket h')).toEqual(['kh']);
    expect(top('thuong t')).toEqual(['tt']);
    expect(index.search('k').length).toBe(0);
  });

  it('uses synonyms: what residents say finds what the procedure is called', () => {
    expect(top('hộ khẩu')).toEqual(['tt']);
    expect(top('nhap ho khau')).toEqual(['tt']);
    expect(top('công chứng')).toEqual(['ct']);
    expect(top('xin phép xây nhà')).toEqual(['gpxd']);
    expect(top('bằng lái xe', 2).sort()).toEqual(['gplx-doi', 'gplx-lai']);
    const own = createSearchIndex(DOCS, { synonyms: [{ said: ['giấy đỏ cho con'], means: ['khai sinh'] }] });
    expect(own.search('giấy đỏ cho con', { limit: 1 })[0]?.id).toBe('ks');
    expect(
      createSearchIndex(DOCS, { synonyms: [] })
        .search('hộ khẩu')
        .map((h) => h.id),
    ).not.toContain('tt');
  });

  it('ranks the plain procedure above its variants unless the variant is asked for', () => {
    expect(top('khai sinh', 2)).toEqual(['ks', 'ks-lai']);
    expect(top('khai sinh lại')).toEqual(['ks-lai']);
    expect(top('gia hạn giấy phép xây dựng')).toEqual(['gpxd-gh']);
    expect(top('giấy phép xây dựng')).toEqual(['gpxd']);
  });

  it('prefers the word with the marks typed: lái is not lại', () => {
    // Typed with marks, "lái" says neither "lại" nor "đổi": the two variants tie.
    const marked = index.search('giấy phép lái xe', { limit: 2 });
    expect(marked.map((h) => h.id).sort()).toEqual(['gplx-doi', 'gplx-lai']);
    expect(marked[0]!.score).toBe(marked[1]!.score);
    // Typed without, "lai" may be "lại": that one comes first.
    expect(top('giay phep lai xe')).toEqual(['gplx-lai']);
    expect(top('cấp lại giấy phép lái xe')).toEqual(['gplx-lai']);
    expect(top('cấp đổi giấy phép lái xe')).toEqual(['gplx-doi']);
  });

  it('puts documents that match every word before those that match some', () => {
    const hits = index.search('đăng ký khai sinh kết hôn tử', { limit: 20 });
    expect(hits.length).toBe(0);
    const some = index.search('dang ky khai tu', { limit: 20 });
    expect(some[0]?.id).toBe('kt');
    expect(some[0]!.matched).toBe(some[0]!.of);
    const firstPartial = some.findIndex((h) => h.matched < h.of);
    if (firstPartial >= 0) for (const h of some.slice(firstPartial)) expect(h.matched).toBeLessThan(h.of);
  });

  it('finds a procedure by its code, whole or its start', () => {
    expect(top('1.001193')).toEqual(['ks']);
    expect(top('1 001193')).toEqual(['ks']);
    expect(index.search('1.0041', { limit: 5 }).map((h) => h.id)).toEqual(['tt']);
    expect(index.search('1.0049', { limit: 5 })).toEqual([]);
  });

  it('filters, limits, and answers nothing to an empty query', () => {
    expect(
      index
        .search('đăng ký', { limit: 20, filter: (id) => id === 'tt' || id === 'kh' })
        .map((h) => h.id)
        .sort(),
    ).toEqual(['kh', 'tt']);
    expect(index.search('đăng ký', { limit: 2 })).toHaveLength(2);
    expect(index.search('')).toEqual([]);
    expect(index.search('  ,;  ')).toEqual([]);
  });

  it('suggests close matches when nothing is found, widening the typos allowed', () => {
    expect(index.search('khai sinh kết hôn xây dựng')).toEqual([]);
    const suggested = index.suggest('khai sinh kết hôn xây dựng', { limit: 3 }).map((h) => h.id);
    expect(suggested.length).toBeGreaterThan(0);
    expect(index.search('ket hpn thuong')).toEqual([]);
    expect(index.suggest('ket hpn', { limit: 1 }).map((h) => h.id)).toEqual(['kh']);
  });

  it('never throws on odd input', () => {
    for (const q of ['\u0000', '🙂 khai sinh', 'a'.repeat(500), '%%%', 'đđđđđđđ', '\u0301\u0301', 'ｋｈａｉ ｓｉｎｈ']) {
      expect(() => index.search(q)).not.toThrow();
      expect(() => index.suggest(q)).not.toThrow();
    }
  });
});

describe('the synonym table', () => {
  it('has at least 60 entries, in NFC, each saying something and meaning something', () => {
    const said = SYNONYMS.flatMap((s) => s.said);
    expect(SYNONYMS.length).toBeGreaterThanOrEqual(60);
    for (const s of SYNONYMS) {
      expect(s.said.length).toBeGreaterThan(0);
      expect(s.means.length).toBeGreaterThan(0);
      for (const t of [...s.said, ...s.means]) expect(t, t).toBe(t.normalize('NFC').trim());
    }
    expect(new Set(said.map((t) => foldText(t))).size, 'a phrase said twice').toBe(said.length);
  });
});
