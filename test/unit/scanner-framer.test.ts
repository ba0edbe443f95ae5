import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../drivers/scanner/protocol/clock';
import { createFramer, type FrameSuffix, type FramerEvent, type FramerOptions } from '../../drivers/scanner/protocol/framer';

const enc = new TextEncoder();
const dec = new TextDecoder();
const b = (s: string) => enc.encode(s);

function setup(opts: Partial<FramerOptions> & { suffix: FrameSuffix }) {
  const clock = createManualClock();
  const events: FramerEvent[] = [];
  const framer = createFramer({ clock, ...opts }, (e) => events.push(e));
  const frames = () => events.filter((e) => e.type === 'frame').map((e) => dec.decode((e as { bytes: Uint8Array }).bytes));
  return { clock, events, framer, frames };
}

describe('serial framer: suffix modes', () => {
  it('CR ends a frame', () => {
    const t = setup({ suffix: 'cr' });
    t.framer.push(b('000.00.12.H56-260314-0042\r'));
    expect(t.frames()).toEqual(['000.00.12.H56-260314-0042']);
    expect(t.events[0]).toMatchObject({ type: 'frame', end: 'cr' });
  });
  it('LF ends a frame; a CR right before it is stripped', () => {
    const t = setup({ suffix: 'lf' });
    t.framer.push(b('ABC123\nDEF456\r\n'));
    expect(t.frames()).toEqual(['ABC123', 'DEF456']);
  });
  it('CRLF ends a frame, also when split across chunks', () => {
    const t = setup({ suffix: 'crlf' });
    t.framer.push(b('HELLO-1\r'));
    expect(t.frames()).toEqual([]);
    t.framer.push(b('\nHELLO-2\r\n'));
    expect(t.frames()).toEqual(['HELLO-1', 'HELLO-2']);
    expect(t.events.every((e) => e.type === 'frame' && e.end === 'crlf')).toBe(true);
  });
  it('in crlf mode a lone CR is data and makes the frame noise', () => {
    const t = setup({ suffix: 'crlf' });
    t.framer.push(b('AB\rCD\r\n'));
    expect(t.frames()).toEqual([]);
    expect(t.events).toHaveLength(1);
    expect(t.events[0]).toMatchObject({ type: 'noise', controlBytes: 1 });
  });
  it('in cr mode, a scanner that sends CRLF still gives clean frames', () => {
    const t = setup({ suffix: 'cr' });
    t.framer.push(b('ONE\r'));
    t.framer.push(b('\nTWO\r\n'));
    expect(t.frames()).toEqual(['ONE', 'TWO']);
  });
  it('a frame split over several chunks', () => {
    const t = setup({ suffix: 'cr' });
    for (const part of ['000.00', '.12.H5', '6-2603', '14-004', '2', '\r']) t.framer.push(b(part));
    expect(t.frames()).toEqual(['000.00.12.H56-260314-0042']);
  });
  it('two frames in one chunk, plus the start of a third', () => {
    const t = setup({ suffix: 'lf' });
    t.framer.push(b('A1B2C3\nD4E5F6\nG7'));
    expect(t.frames()).toEqual(['A1B2C3', 'D4E5F6']);
    expect(t.framer.buffered).toBe(2);
    t.framer.push(b('H8\n'));
    expect(t.frames()).toEqual(['A1B2C3', 'D4E5F6', 'G7H8']);
  });
  it('keeps UTF-8 bytes intact across chunk boundaries', () => {
    const t = setup({ suffix: 'cr' });
    const bytes = b('Nguyễn Văn Ánh\r');
    for (const x of bytes) t.framer.push(Uint8Array.of(x));
    expect(t.frames()).toEqual(['Nguyễn Văn Ánh']);
  });
  it('bare terminators give no empty frames', () => {
    const t = setup({ suffix: 'cr' });
    t.framer.push(b('\r\r\rX\r'));
    expect(t.events).toEqual([{ type: 'frame', bytes: b('X'), end: 'cr' }]);
  });
});

describe('serial framer: no suffix (inter-byte timeout)', () => {
  it('closes a frame after the configured silence, not before', () => {
    const t = setup({ suffix: 'none', interByteTimeoutMs: 30 });
    t.framer.push(b('012345'));
    t.clock.advance(20);
    t.framer.push(b('6789'));
    t.clock.advance(29);
    expect(t.frames()).toEqual([]);
    t.clock.advance(1);
    expect(t.frames()).toEqual(['0123456789']);
    expect(t.events[0]).toMatchObject({ end: 'timeout' });
  });
  it('separates two scans by the gap between them', () => {
    const t = setup({ suffix: 'none', interByteTimeoutMs: 50 });
    t.framer.push(b('FIRST'));
    t.clock.advance(100);
    t.framer.push(b('SECOND'));
    t.clock.advance(100);
    expect(t.frames()).toEqual(['FIRST', 'SECOND']);
    expect(t.clock.pending()).toBe(0);
  });
  it('end() delivers a frame in progress', () => {
    const t = setup({ suffix: 'none' });
    t.framer.push(b('CLOSING'));
    t.framer.end();
    expect(t.events).toEqual([{ type: 'frame', bytes: b('CLOSING'), end: 'close' }]);
    expect(t.clock.pending()).toBe(0);
  });
});

describe('serial framer: bad input', () => {
  it('drops a frame over the limit with one overflow event, then recovers', () => {
    const t = setup({ suffix: 'cr', maxFrameBytes: 4096 });
    const garbage = new Uint8Array(10_000).fill(0x41);
    t.framer.push(garbage.subarray(0, 3000));
    t.framer.push(garbage.subarray(3000));
    expect(t.framer.buffered).toBe(0);
    t.framer.push(b('\rOK-SCAN\r'));
    expect(t.events).toEqual([
      { type: 'overflow', droppedBytes: 10_000, limit: 4096 },
      { type: 'frame', bytes: b('OK-SCAN'), end: 'cr' },
    ]);
  });
  it('a frame of exactly the limit is kept', () => {
    const t = setup({ suffix: 'lf', maxFrameBytes: 16 });
    t.framer.push(b('0123456789ABCDEF\n0123456789ABCDEFG\n'));
    expect(t.frames()).toEqual(['0123456789ABCDEF']);
    expect(t.events[1]).toEqual({ type: 'overflow', droppedBytes: 17, limit: 16 });
  });
  it('overflow in no-suffix mode ends at the timeout', () => {
    const t = setup({ suffix: 'none', maxFrameBytes: 4096, interByteTimeoutMs: 50 });
    t.framer.push(new Uint8Array(5000).fill(0x20));
    t.clock.advance(50);
    t.framer.push(b('NEXT'));
    t.clock.advance(50);
    expect(t.events).toEqual([
      { type: 'overflow', droppedBytes: 5000, limit: 4096 },
      { type: 'frame', bytes: b('NEXT'), end: 'timeout' },
    ]);
  });
  it('NUL and control bytes are reported as noise, not frames', () => {
    const t = setup({ suffix: 'cr' });
    t.framer.push(Uint8Array.of(0x00, 0x01, 0x41, 0x1b, 0x0d));
    t.framer.push(b('GOOD\r'));
    expect(t.events[0]).toMatchObject({ type: 'noise', controlBytes: 3 });
    expect(t.frames()).toEqual(['GOOD']);
  });
  it('GS1 separators (GS) and TAB are allowed inside a frame', () => {
    const t = setup({ suffix: 'cr' });
    t.framer.push(b('01012345\x1d10ABC\tX\r'));
    expect(t.frames()).toEqual(['01012345\x1d10ABC\tX']);
  });
  it('a partial frame that never ends is dropped as stale', () => {
    const t = setup({ suffix: 'cr', staleAfterMs: 2000 });
    t.framer.push(b('NO-SUFFIX-HERE'));
    t.clock.advance(1999);
    expect(t.events).toEqual([]);
    t.clock.advance(1);
    expect(t.events).toEqual([{ type: 'stale', droppedBytes: 14 }]);
    t.framer.push(b('FRESH\r'));
    expect(t.frames()).toEqual(['FRESH']);
  });
  it('a burst of noise without a terminator does not swallow the next scan (a scan is one burst)', () => {
    const t = setup({ suffix: 'cr' });
    t.framer.push(b('#@!~noise-without-end'));
    t.clock.advance(300);
    t.framer.push(b('000.00.12.H56-260314-0042\r'));
    expect(t.events[0]).toEqual({ type: 'stale', droppedBytes: 21 });
    expect(t.frames()).toEqual(['000.00.12.H56-260314-0042']);
  });
  it('a busy process is not a gap: bytes read just after a late gap timer still belong to the scan', () => {
    // A clock whose timers fire one at a time, as the event loop runs them, so a read can come
    // between the gap timer and its confirmation (bytes that waited while the process was busy).
    const timers: Array<{ at: number; cb: () => void; id: number }> = [];
    let now = 0;
    let seq = 0;
    const clock = {
      now: () => now,
      setTimeout: (cb: () => void, ms: number) => {
        timers.push({ at: now + ms, cb, id: ++seq });
        return seq;
      },
      clearTimeout: (h: unknown) => {
        const i = timers.findIndex((t) => t.id === h);
        if (i >= 0) timers.splice(i, 1);
      },
    };
    const fireNext = () => {
      timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const t = timers.shift()!;
      now = Math.max(now, t.at);
      t.cb();
    };
    const events: FramerEvent[] = [];
    const framer = createFramer({ suffix: 'cr', clock }, (e) => events.push(e));
    framer.push(b('000.00.12.H56-'));
    now = 800; // the process was busy: the gap timer fires late…
    fireNext();
    framer.push(b('260314-0042\r')); // …and the bytes that waited are read before it is confirmed
    expect(events).toEqual([{ type: 'frame', bytes: b('000.00.12.H56-260314-0042'), end: 'cr' }]);
    // A real silence: the gap and its confirmation both ran before the next bytes.
    framer.push(b('noise-'));
    fireNext();
    fireNext();
    framer.push(b('LH-260315-0007\r'));
    expect(events.slice(1)).toEqual([
      { type: 'stale', droppedBytes: 6 },
      { type: 'frame', bytes: b('LH-260315-0007'), end: 'cr' },
    ]);
  });
  it('a scan split over chunks closer than the gap stays one frame; frameGapMs 0 turns the gap off', () => {
    const t = setup({ suffix: 'crlf' });
    t.framer.push(b('000.00.12.'));
    t.clock.advance(120);
    t.framer.push(b('H56-260314-0042\r'));
    t.clock.advance(120);
    t.framer.push(b('\n'));
    expect(t.frames()).toEqual(['000.00.12.H56-260314-0042']);
    const off = setup({ suffix: 'lf', frameGapMs: 0 });
    off.framer.push(b('AB'));
    off.clock.advance(1000);
    off.framer.push(b('CD\n'));
    expect(off.frames()).toEqual(['ABCD']);
  });
  it('rejects an unknown suffix', () => {
    expect(() => createFramer({ suffix: 'tab' as FrameSuffix }, () => {})).toThrow(/suffix/);
  });
  it('ignores empty chunks and non-byte input', () => {
    const t = setup({ suffix: 'cr' });
    t.framer.push(new Uint8Array(0));
    t.framer.push('text' as unknown as Uint8Array);
    expect(t.events).toEqual([]);
  });
});

describe('serial framer: properties', () => {
  const frameText = fc.stringMatching(/^[A-Za-z0-9.\-|: ]{1,40}$/);
  const SUFFIX: Record<Exclude<FrameSuffix, 'none'>, string> = { cr: '\r', lf: '\n', crlf: '\r\n' };

  it('the output does not depend on how the stream is chunked', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Exclude<FrameSuffix, 'none'>>('cr', 'lf', 'crlf'),
        fc.array(frameText, { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 20 }),
        (suffix, texts, cuts) => {
          const stream = b(texts.map((x) => x + SUFFIX[suffix]).join(''));
          const t = setup({ suffix });
          let at = 0;
          for (const c of cuts) {
            if (at >= stream.length) break;
            t.framer.push(stream.subarray(at, at + c));
            at += c;
          }
          t.framer.push(stream.subarray(at));
          expect(t.frames()).toEqual(texts);
          expect(t.events.every((e) => e.type === 'frame')).toBe(true);
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('never throws and never buffers more than the limit, whatever the bytes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<FrameSuffix>('cr', 'lf', 'crlf', 'none'),
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }),
        fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 8 }),
        (suffix, chunks, waits) => {
          const t = setup({ suffix, maxFrameBytes: 64 });
          chunks.forEach((c, i) => {
            t.framer.push(c);
            expect(t.framer.buffered).toBeLessThanOrEqual(64);
            t.clock.advance(waits[i] ?? 0);
          });
          t.framer.end();
          for (const e of t.events) {
            if (e.type === 'frame' || e.type === 'noise') expect(e.bytes.length).toBeLessThanOrEqual(64);
            if (e.type === 'frame') expect(e.bytes.length).toBeGreaterThan(0);
          }
          expect(t.clock.pending()).toBe(0);
        },
      ),
      { numRuns: 10_000 },
    );
  });
});
