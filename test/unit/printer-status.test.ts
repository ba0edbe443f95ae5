/**
 * Status bits per the Epson ESC/POS reference (DLE EOT n = 1..4, GS a ASB) and DOMAIN.md.
 * Each table row sets one documented bit on top of the fixed bits (0xx1xx10 for DLE EOT,
 * 0xx1xx00 for the first ASB byte) and checks exactly that flag comes out.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  READY_STATUS,
  StatusStreamParser,
  isAsbFirstByte,
  isReady,
  isRealtimeReplyByte,
  parseAsb,
  parseRealtimeReply,
  statusEvents,
  statusFromAsb,
  statusFromRealtime,
  type PrinterStatus,
  type RealtimeStatusKind,
  type StatusStreamItem,
} from '../../drivers/printer/protocol/status';

describe('reply byte identification', () => {
  it('DLE EOT replies match 0xx1xx10, ASB first bytes 0xx1xx00', () => {
    for (let b = 0; b < 256; b++) {
      const s = b.toString(2).padStart(8, '0');
      expect(isRealtimeReplyByte(b), s).toBe(s[0] === '0' && s[3] === '1' && s[6] === '1' && s[7] === '0');
      expect(isAsbFirstByte(b), s).toBe(s[0] === '0' && s[3] === '1' && s[6] === '0' && s[7] === '0');
    }
    expect([0x12, 0x16, 0x1a, 0x1e, 0x32, 0x52, 0x72, 0x7e].every(isRealtimeReplyByte)).toBe(true);
    expect([0x00, 0x10, 0x13, 0x11, 0x92, 0x02, 0xff].some(isRealtimeReplyByte)).toBe(false);
  });
  it('invalid bytes give null', () => {
    for (const n of [1, 2, 3, 4] as const) {
      expect(parseRealtimeReply(n, 0x00)).toBeNull();
      expect(parseRealtimeReply(n, 0xff)).toBeNull();
      expect(parseRealtimeReply(n, 0x10)).toBeNull();
      expect(parseRealtimeReply(n, 0x92)).toBeNull();
      expect(parseRealtimeReply(n, 256)).toBeNull();
      expect(parseRealtimeReply(n, -1)).toBeNull();
    }
  });
});

describe('DLE EOT bit tables', () => {
  const rows: [RealtimeStatusKind, number, string][] = [
    [1, 0x04, 'drawerHigh'],
    [1, 0x08, 'offline'],
    [1, 0x20, 'waitingOnlineRecovery'],
    [1, 0x40, 'feedButton'],
    [2, 0x04, 'coverOpen'],
    [2, 0x08, 'feedButton'],
    [2, 0x20, 'paperEndStop'],
    [2, 0x40, 'error'],
    [3, 0x04, 'recoverableError'],
    [3, 0x08, 'autocutterError'],
    [3, 0x20, 'unrecoverableError'],
    [3, 0x40, 'autoRecoverableError'],
    [4, 0x0c, 'nearEnd'],
    [4, 0x60, 'end'],
  ];
  it.each(rows)('n=%i bit mask %i -> %s', (n, mask, flag) => {
    const base = parseRealtimeReply(n, 0x12) as unknown as Record<string, unknown>;
    const set = parseRealtimeReply(n, 0x12 | mask) as unknown as Record<string, unknown>;
    expect(base.kind).toBe(n);
    for (const [k, v] of Object.entries(base)) if (k !== 'kind') expect(v, `${k} on 0x12`).toBe(false);
    for (const [k, v] of Object.entries(set)) if (k !== 'kind') expect(v, k).toBe(k === flag);
  });
  it('paper sensor pairs: either bit counts (some clones set only one)', () => {
    expect(parseRealtimeReply(4, 0x12 | 0x04)).toMatchObject({ nearEnd: true, end: false });
    expect(parseRealtimeReply(4, 0x12 | 0x08)).toMatchObject({ nearEnd: true, end: false });
    expect(parseRealtimeReply(4, 0x12 | 0x20)).toMatchObject({ nearEnd: false, end: true });
    expect(parseRealtimeReply(4, 0x7e)).toMatchObject({ nearEnd: true, end: true });
  });
});

describe('combined status', () => {
  const rt = (b1: number, b2: number, b3: number, b4: number): PrinterStatus =>
    statusFromRealtime({
      printer: parseRealtimeReply(1, b1) as never,
      offline: parseRealtimeReply(2, b2) as never,
      error: parseRealtimeReply(3, b3) as never,
      paper: parseRealtimeReply(4, b4) as never,
    });
  it('all clear', () => {
    const s = rt(0x12, 0x12, 0x12, 0x12);
    expect(s).toEqual(READY_STATUS);
    expect(isReady(s)).toBe(true);
  });
  it('paper out: offline, stopped by paper end, sensor end', () => {
    const s = rt(0x1a, 0x32, 0x12, 0x7e);
    expect(s).toMatchObject({ online: false, paperOut: true, paperLow: true, coverOpen: false, error: false });
    expect(isReady(s)).toBe(false);
  });
  it('cover open', () => {
    expect(rt(0x1a, 0x16, 0x12, 0x12)).toMatchObject({ online: false, coverOpen: true, paperOut: false });
  });
  it('paper low is still ready', () => {
    const s = rt(0x12, 0x12, 0x12, 0x1e);
    expect(s).toMatchObject({ online: true, paperLow: true, paperOut: false });
    expect(isReady(s)).toBe(true);
  });
  it('autocutter error is recoverable, unrecoverable is not', () => {
    expect(rt(0x1a, 0x52, 0x1a, 0x12)).toMatchObject({ error: true, autocutterError: true, recoverable: true });
    expect(rt(0x1a, 0x52, 0x32, 0x12)).toMatchObject({ error: true, unrecoverableError: true, recoverable: false });
  });
  it('without the n=1 answer, online is derived from the causes', () => {
    expect(statusFromRealtime({ offline: parseRealtimeReply(2, 0x16) as never }).online).toBe(false);
    expect(statusFromRealtime({ paper: parseRealtimeReply(4, 0x12) as never }).online).toBe(true);
  });
});

describe('ASB', () => {
  it('bit tables of the four bytes', () => {
    const rows: [number[], keyof NonNullable<ReturnType<typeof parseAsb>>][] = [
      [[0x14, 0, 0, 0], 'drawerHigh'],
      [[0x18, 0, 0, 0], 'offline'],
      [[0x30, 0, 0, 0], 'coverOpen'],
      [[0x50, 0, 0, 0], 'feedButton'],
      [[0x10, 0x01, 0, 0], 'waitingOnlineRecovery'],
      [[0x10, 0x02, 0, 0], 'feedButtonPushed'],
      [[0x10, 0x04, 0, 0], 'recoverableError'],
      [[0x10, 0x08, 0, 0], 'autocutterError'],
      [[0x10, 0x20, 0, 0], 'unrecoverableError'],
      [[0x10, 0x40, 0, 0], 'autoRecoverableError'],
      [[0x10, 0, 0x03, 0], 'nearEnd'],
      [[0x10, 0, 0x0c, 0], 'end'],
    ];
    for (const [bytes, flag] of rows) {
      const p = parseAsb(bytes);
      expect(p, String(bytes)).not.toBeNull();
      for (const [k, v] of Object.entries(p ?? {})) expect(v, `${flag}: ${k}`).toBe(k === flag);
    }
  });
  it('rejects packets with wrong fixed bits or length', () => {
    expect(parseAsb([0x12, 0, 0, 0])).toBeNull();
    expect(parseAsb([0x10, 0x10, 0, 0])).toBeNull();
    expect(parseAsb([0x10, 0, 0x80, 0])).toBeNull();
    expect(parseAsb([0x10, 0, 0])).toBeNull();
  });
  it('status from ASB: paper out with cover closed', () => {
    const p = parseAsb([0x18, 0x00, 0x0f, 0x00]);
    expect(p && statusFromAsb(p)).toMatchObject({ online: false, paperOut: true, paperLow: true, coverOpen: false });
  });
});

describe('events', () => {
  const st = (o: Partial<PrinterStatus>): PrinterStatus => ({ ...READY_STATUS, ...o });
  it('first poll reports what holds', () => {
    expect(statusEvents(undefined, st({}))).toEqual(['ready']);
    expect(statusEvents(undefined, st({ online: false, paperOut: true, paperLow: true }))).toEqual(['paperOut', 'offline']);
  });
  it('rising edges only', () => {
    const low = st({ paperLow: true });
    expect(statusEvents(st({}), low)).toEqual(['paperLow']);
    expect(statusEvents(low, low)).toEqual([]);
    const out = st({ paperLow: true, paperOut: true, online: false });
    expect(statusEvents(low, out)).toEqual(['paperOut', 'offline']);
    expect(statusEvents(out, low)).toEqual(['paperLow', 'ready']);
    expect(statusEvents(out, st({}))).toEqual(['ready']);
    expect(statusEvents(st({}), st({ coverOpen: true, online: false }))).toEqual(['coverOpen', 'offline']);
    expect(statusEvents(st({}), st({ error: true, recoverable: true }))).toEqual(['offline']);
  });
});

describe('stream parser', () => {
  it('attributes replies to outstanding requests in order, other bytes pass through', () => {
    const p = new StatusStreamParser();
    p.expectRealtime(1);
    p.expectRealtime(4);
    const items = p.push([0x41, 0x1a, 0x42, 0x43, 0x7e]);
    expect(items).toEqual([
      { type: 'other', bytes: Uint8Array.of(0x41) },
      { type: 'realtime', request: 1, byte: 0x1a, reply: parseRealtimeReply(1, 0x1a) },
      { type: 'other', bytes: Uint8Array.of(0x42, 0x43) },
      { type: 'realtime', request: 4, byte: 0x7e, reply: parseRealtimeReply(4, 0x7e) },
    ]);
    expect(p.outstanding).toEqual([]);
    // unsolicited reply-shaped byte is not a reply
    expect(p.push([0x12])).toEqual([{ type: 'other', bytes: Uint8Array.of(0x12) }]);
  });
  it('ASB across chunks with XOFF in the middle', () => {
    const p = new StatusStreamParser();
    expect(p.push([0x38, 0x00])).toEqual([]);
    const items = p.push([0x13, 0x0c, 0x00, 0x41]);
    expect(items.map((i) => i.type)).toEqual(['flow', 'asb', 'other']);
    const asb = items[1] as Extract<StatusStreamItem, { type: 'asb' }>;
    expect(Array.from(asb.bytes)).toEqual([0x38, 0x00, 0x0c, 0x00]);
    expect(asb.status).toMatchObject({ online: false, coverOpen: true, paperOut: true });
  });
  it('a broken ASB packet becomes other and the breaking byte is parsed afresh', () => {
    const p = new StatusStreamParser();
    p.expectRealtime(2);
    expect(p.push([0x10, 0x00, 0x16])).toEqual([
      { type: 'other', bytes: Uint8Array.of(0x10, 0x00) },
      { type: 'realtime', request: 2, byte: 0x16, reply: parseRealtimeReply(2, 0x16) },
    ]);
    expect(p.push([0x10])).toEqual([]);
    expect(p.flush()).toEqual([{ type: 'other', bytes: Uint8Array.of(0x10) }]);
  });
  it('cancelPending drops outstanding requests', () => {
    const p = new StatusStreamParser();
    p.expectRealtime(1);
    p.cancelPending();
    expect(p.push([0x12])[0]?.type).toBe('other');
  });

  // XON/XOFF are out of band (reported where they arrive, even inside an ASB packet), so bytes
  // are accounted for as: every XON/XOFF a flow item, everything else in input order.
  const flatten = (items: StatusStreamItem[]): number[] =>
    items.flatMap((i) => (i.type === 'other' || i.type === 'asb' ? Array.from(i.bytes) : i.type === 'flow' ? [] : [i.byte]));
  const isFlow = (b: number): boolean => b === 0x11 || b === 0x13;
  const mergeOther = (items: StatusStreamItem[]): unknown[] => {
    const out: unknown[] = [];
    for (const i of items) {
      const last = out[out.length - 1] as { type: string; bytes: number[] } | undefined;
      if (i.type === 'other' && last?.type === 'other') last.bytes.push(...i.bytes);
      else out.push(i.type === 'other' ? { type: 'other', bytes: Array.from(i.bytes) } : i);
    }
    return out;
  };

  it('property: never throws, accounts for every byte, chunking does not matter', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x10, 0x12, 0x13, 0x11, 0x00, 0x38, 0x7e)), { maxLength: 200 }),
        fc.array(fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<RealtimeStatusKind>, { maxLength: 10 }),
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 20 }),
        (bytes, requests, cuts) => {
          const whole = new StatusStreamParser();
          requests.forEach((r) => whole.expectRealtime(r));
          const a = [...whole.push(bytes), ...whole.flush()];
          expect(flatten(a)).toEqual(bytes.filter((x) => !isFlow(x)));
          expect(a.filter((i) => i.type === 'flow').length).toBe(bytes.filter(isFlow).length);

          const chunked = new StatusStreamParser();
          requests.forEach((r) => chunked.expectRealtime(r));
          const b: StatusStreamItem[] = [];
          let i = 0;
          let c = 0;
          while (i < bytes.length) {
            const n = cuts[c++ % cuts.length] ?? 1;
            b.push(...chunked.push(bytes.slice(i, i + n)));
            i += n;
          }
          b.push(...chunked.flush());
          expect(mergeOther(b)).toEqual(mergeOther(a));
        },
      ),
      { numRuns: 500 },
    );
  });
  it('property: garbage of any kind (non-integers, out of range) never throws', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer(), fc.double(), fc.constant(Number.NaN))), (arr) => {
        const p = new StatusStreamParser();
        p.expectRealtime(1);
        expect(() => p.push(arr)).not.toThrow();
      }),
    );
  });
});
