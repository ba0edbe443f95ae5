import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWedgeDetector, isPrintableKey, type WedgeKeyEvent, type WedgeOutput } from '../../ui/state/wedge';

/** Key events for `text` then `end`, `gap` ms apart (a number or a function of the index). */
function keys(text: string, gap: number | ((i: number) => number), end = 'Enter', start = 1000): WedgeKeyEvent[] {
  const out: WedgeKeyEvent[] = [];
  let t = start;
  const chars = [...Array.from(text), ...(end ? [end] : [])];
  chars.forEach((key, i) => {
    if (i > 0) t += typeof gap === 'number' ? gap : gap(i);
    out.push({ key, timeMs: t });
  });
  return out;
}

function run(events: WedgeKeyEvent[], opts = {}): WedgeOutput[] {
  const d = createWedgeDetector(opts);
  return events.flatMap((e) => d.feed(e));
}

const typed = (out: WedgeOutput[]) => out.flatMap((o) => (o.type === 'typing' ? o.keys : []));

describe('keyboard wedge detector', () => {
  it('a fast burst ending in Enter is a scan', () => {
    const out = run(keys('000.00.12.H56-260314-0042', 8));
    expect(out).toEqual([{ type: 'scan', text: '000.00.12.H56-260314-0042', terminator: 'Enter', startMs: 1000, endMs: 1000 + 25 * 8 }]);
  });
  it('Tab also ends a scan', () => {
    expect(run(keys('LH-261123-0007', 5, 'Tab'))).toMatchObject([{ type: 'scan', text: 'LH-261123-0007', terminator: 'Tab' }]);
  });
  it('Vietnamese characters in a burst are kept', () => {
    expect(run(keys('001099012345||Nguyễn Văn Ấn|12031999|Nam', 3))).toMatchObject([{ type: 'scan', text: '001099012345||Nguyễn Văn Ấn|12031999|Nam' }]);
  });
  it('a person typing (80+ ms gaps) is typing, never a scan', () => {
    const out = run(keys('000.00.12.H56-260314-0042', 120));
    expect(out.some((o) => o.type === 'scan')).toBe(false);
    expect(typed(out)).toEqual([...Array.from('000.00.12.H56-260314-0042'), 'Enter']);
  });
  it('a fast typist at 80 ms is still typing; the gap limit is configurable', () => {
    expect(run(keys('ABCDEFGH', 80)).some((o) => o.type === 'scan')).toBe(false);
    expect(run(keys('ABCDEFGH', 80), { maxGapMs: 100 })).toMatchObject([{ type: 'scan', text: 'ABCDEFGH' }]);
  });
  it('the boundary: a gap of exactly maxGapMs is a scan, one more is not', () => {
    expect(run(keys('ABCDEFGH', 40))).toMatchObject([{ type: 'scan' }]);
    expect(run(keys('ABCDEFGH', 41)).some((o) => o.type === 'scan')).toBe(false);
  });
  it('one slow gap in the middle breaks the burst', () => {
    const out = run(
      keys('ABCDEFGHIJKL', (i) => (i === 6 ? 200 : 5)),
      { minLength: 6 },
    );
    expect(out).toEqual([
      { type: 'typing', keys: Array.from('ABCDEF') },
      { type: 'scan', text: 'GHIJKL', terminator: 'Enter', startMs: 1225, endMs: 1255 },
    ]);
  });
  it('a burst shorter than minLength is typing', () => {
    const out = run(keys('ABC', 5), { minLength: 6 });
    expect(out).toEqual([{ type: 'typing', keys: ['A', 'B', 'C', 'Enter'] }]);
  });
  it('a slow Enter after a fast burst is not a scan', () => {
    const ev = keys('ABCDEFGH', 5, '');
    ev.push({ key: 'Enter', timeMs: ev.at(-1)!.timeMs + 300 });
    const out = run(ev);
    expect(out.some((o) => o.type === 'scan')).toBe(false);
    expect(typed(out)).toEqual([...Array.from('ABCDEFGH'), 'Enter']);
  });
  it('Shift is ignored; Backspace breaks the burst', () => {
    const ev = keys('ABCDEFGH', 5);
    ev.splice(2, 0, { key: 'Shift', timeMs: ev[1]!.timeMs + 1 });
    expect(run(ev)).toMatchObject([{ type: 'scan', text: 'ABCDEFGH' }]);
    const bs = keys('ABCDEFGH', 5);
    bs.splice(4, 0, { key: 'Backspace', timeMs: bs[3]!.timeMs + 2 });
    expect(run(bs).some((o) => o.type === 'scan')).toBe(false);
  });
  it('flush releases held keys once the burst has gone quiet', () => {
    const d = createWedgeDetector();
    d.feed({ key: 'x', timeMs: 0 });
    d.feed({ key: 'y', timeMs: 10 });
    expect(d.holding).toBe(2);
    expect(d.flush(40)).toEqual([]);
    expect(d.flush(51)).toEqual([{ type: 'typing', keys: ['x', 'y'] }]);
    expect(d.holding).toBe(0);
  });
  it('bad events are ignored', () => {
    const d = createWedgeDetector();
    expect(d.feed({ key: 'a', timeMs: Number.NaN })).toEqual([]);
    expect(d.feed(undefined as unknown as WedgeKeyEvent)).toEqual([]);
    expect(isPrintableKey('Enter')).toBe(false);
    expect(isPrintableKey('ễ')).toBe(true);
    expect(isPrintableKey('\u0007')).toBe(false);
  });

  it('property: any text at scanner speed (<= 40 ms) ending in Enter is one scan of that text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...Array.from('ABCXYZabc0123456789.-|:/ ĐđễẤữ')), { minLength: 6, maxLength: 80 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 81, maxLength: 81 }),
        (chars, gaps) => {
          const out = run(keys(chars.join(''), (i) => gaps[i]!));
          expect(out).toEqual([expect.objectContaining({ type: 'scan', text: chars.join('') })]);
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('property: human timing (>= 80 ms gaps) never gives a scan and every key comes out as typing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('A', 'b', '7', '-', 'ễ', 'Enter', 'Tab', 'Backspace', 'Shift'), { maxLength: 60 }),
        fc.array(fc.integer({ min: 80, max: 2000 }), { minLength: 61, maxLength: 61 }),
        (ks, gaps) => {
          const d = createWedgeDetector();
          let t = 0;
          const out: WedgeOutput[] = [];
          ks.forEach((key, i) => {
            t += gaps[i]!;
            out.push(...d.feed({ key, timeMs: t }));
          });
          out.push(...d.flush(t + 1000));
          expect(out.some((o) => o.type === 'scan')).toBe(false);
          expect(typed(out)).toEqual(ks.filter((k) => k !== 'Shift'));
        },
      ),
      { numRuns: 10_000 },
    );
  });
});
