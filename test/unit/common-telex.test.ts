/**
 * The Telex engine (common/telex.ts) against a table of words: every vowel with a hat, horn or
 * breve, every tone, đ, undo by repeating a key, the placement of the tone by the rules used in
 * official documents (hòa, thủy, quốc, người, giường), capitals, and typing on after composed text.
 */
import { describe, expect, it } from 'vitest';
import { createTelexComposer, telexConvert, telexType, tonePosition } from '../../common/telex';

/** [keys typed, text expected] */
const WORDS: Array<[string, string]> = [
  // hats, horns, breve, đ
  ['aa', 'â'],
  ['aw', 'ă'],
  ['ee', 'ê'],
  ['oo', 'ô'],
  ['ow', 'ơ'],
  ['uw', 'ư'],
  ['w', 'ư'],
  ['dd', 'đ'],
  ['caan', 'cân'],
  ['nawm', 'năm'],
  ['beenh', 'bênh'],
  ['coong', 'công'],
  ['mowf', 'mờ'],
  ['tuw', 'tư'],
  ['tw', 'tư'],
  ['ddi', 'đi'],
  ['ddaau', 'đâu'],
  ['DDaf', 'Đà'],
  // the five tones and z
  ['as', 'á'],
  ['af', 'à'],
  ['ar', 'ả'],
  ['ax', 'ã'],
  ['aj', 'ạ'],
  ['asz', 'a'],
  ['afs', 'á'],
  ['mas', 'má'],
  ['maf', 'mà'],
  ['mar', 'mả'],
  ['max', 'mã'],
  ['maj', 'mạ'],
  ['ees', 'ế'],
  ['oof', 'ồ'],
  ['owr', 'ở'],
  ['uwx', 'ữ'],
  ['awj', 'ặ'],
  ['is', 'í'],
  ['ys', 'ý'],
  // tone placement: a vowel with a hat or horn takes it
  ['quoocs', 'quốc'],
  ['nguwowif', 'người'],
  ['giuwowngf', 'giường'],
  ['dduwowcj', 'được'],
  ['thuees', 'thuế'],
  ['muoons', 'muốn'],
  ['tieens', 'tiến'],
  ['yeeus', 'yếu'],
  ['khuyeenr', 'khuyển'],
  ['cuwus', 'cứu'],
  ['muwa', 'mưa'],
  ['cuwar', 'cửa'],
  ['muooir', 'muổi'],
  ['truwowngf', 'trường'],
  ['luwowng', 'lương'],
  // two vowels, no final consonant: the first (old placement)
  ['hoaf', 'hòa'],
  ['thuyr', 'thủy'],
  ['khoer', 'khỏe'],
  ['mais', 'mái'],
  ['muas', 'múa'],
  ['kiaf', 'kìa'],
  ['aos', 'áo'],
  ['nuis', 'núi'],
  ['mays', 'máy'],
  ['saus', 'sáu'],
  ['keos', 'kéo'],
  ['tuooir', 'tuổi'],
  // with a final consonant: the last vowel
  ['hoangf', 'hoàng'],
  ['toans', 'toán'],
  ['huyrnh', 'huỷnh'],
  ['huyfnh', 'huỳnh'],
  ['quyets', 'quyét'],
  ['khoanr', 'khoản'],
  // three vowels: the middle one
  ['ngoaif', 'ngoài'],
  ['khuyur', 'khuỷu'],
  ['xoays', 'xoáy'],
  ['khuaays', 'khuấy'],
  ['ngoeor', 'ngoẻo'],
  // qu and gi are consonants before a vowel; gi alone keeps its i
  ['quys', 'quý'],
  ['quaf', 'quà'],
  ['gias', 'giá'],
  ['giuwx', 'giữ'],
  ['gif', 'gì'],
  ['gifn', 'gìn'],
  ['giaf', 'già'],
  // the tone moves while the word grows, and a hat key after the final consonant
  ['hoafng', 'hoàng'],
  ['vietej', 'việt'],
  ['ddieenj', 'điện'],
  ['Vieetj', 'Việt'],
  ['nguyeenx', 'nguyễn'],
  // undo: a repeated key types itself, and the word stays literal after
  ['ass', 'as'],
  ['asss', 'ass'],
  ['aaa', 'aa'],
  ['aww', 'aw'],
  ['ddd', 'dd'],
  ['ww', 'w'],
  ['uww', 'uw'],
  ['oww', 'ow'],
  ['eee', 'ee'],
  ['ooo', 'oo'],
  ['nguwowwif', 'nguowif'],
  ['z', 'z'],
  // capitals
  ['Nguyeenx', 'Nguyễn'],
  ['NGUYEENX', 'NGUYỄN'],
  ['DDAWNG KYS', 'ĐĂNG KÝ'],
  ['AA', 'Â'],
  ['Aa', 'Â'],
  ['TRUWOWNGF', 'TRƯỜNG'],
  // consonants that are also tone keys stay letters before a vowel
  ['sa', 'sa'],
  ['xin', 'xin'],
  ['rieeng', 'riêng'],
  ['ja', 'ja'],
  ['fa', 'fa'],
  // sentences: words end at spaces and punctuation
  ['Nguyeenx Vawn Anh', 'Nguyễn Văn Anh'],
  ['ddawng kys khai sinh', 'đăng ký khai sinh'],
  ['xin chaof, ', 'xin chào, '],
  ['Thur tucj hanhf chinhs', 'Thủ tục hành chính'],
  ['Hoof sow', 'Hồ sơ'],
  ['12 nawm', '12 năm'],
];

const table = WORDS;

describe('Telex: the table', () => {
  it('has at least 80 words', () => {
    expect(table.length).toBeGreaterThanOrEqual(80);
  });
  it.each(table)('%s → %s', (keys, want) => {
    const got = telexConvert(keys);
    expect(got).toBe(want);
    expect(got).toBe(got.normalize('NFC'));
  });
});

describe('Telex: typing key by key into a field', () => {
  it('telexType changes only the last word, and reads a composed word back to go on typing', () => {
    let t = 'Họ tên: ';
    for (const k of 'Traanf') t = telexType(t, k);
    expect(t).toBe('Họ tên: Trần');
    // The field already holds "hoà"; typing "ng" moves the tone where the rules want it.
    expect(telexType(telexType('hòa', 'n'), 'g')).toBe('hoàng');
    expect(telexType('Nguyễn', ' ')).toBe('Nguyễn ');
  });

  it('the composer keeps an undo within the word, and backspace takes one letter off the shown text', () => {
    const c = createTelexComposer();
    for (const k of 'tieengs') c.type(k);
    expect(c.text).toBe('tiếng');
    expect(c.backspace()).toBe('tiến');
    c.type('g');
    expect(c.text).toBe('tiếng');
    c.set('Lê ');
    for (const k of 'Vawn') c.type(k);
    expect(c.text).toBe('Lê Văn');
  });

  it('leaves text it was handed as it is until a letter key changes its last word', () => {
    // "hoà", "thuỷ": the new tone style, typed on a physical keyboard.
    const c = createTelexComposer('thuỷ hoà');
    expect(c.text).toBe('thuỷ hoà');
    expect(c.type(' ')).toBe('thuỷ hoà ');
    c.set('hoà');
    expect(c.backspace()).toBe('ho');
    c.set('hoà');
    expect(c.type('n')).toBe('hoàn');
    expect(telexType('thuỷ', ',')).toBe('thuỷ,');
  });
});

describe('Telex: where the tone goes', () => {
  it.each([
    ['hoa', 1],
    ['hoan', 2],
    ['thuy', 2],
    ['quoc', 2],
    ['nguoi', 3],
    ['giuong', 3],
    ['gi', 1],
    ['qua', 2],
    ['khuyu', 3],
    ['ưa', 0],
    ['bcd', -1],
  ] as const)('%s → letter %i', (word, at) => {
    const w = word === 'nguoi' ? 'ngươi' : word === 'giuong' ? 'giương' : word === 'quoc' ? 'quôc' : word;
    expect(tonePosition(w)).toBe(at);
  });
});
