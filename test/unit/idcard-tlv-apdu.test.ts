/** BER-TLV parsing/encoding and the APDU builders and read planning of drivers/idcard/protocol. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SM_SHORT_CHUNK,
  EMRTD_AID,
  encodeCommand,
  fileLengthFromHeader,
  getChallenge,
  maxReadChunk,
  minimumReads,
  mutualAuthenticate,
  parseResponse,
  planFileRead,
  readBinary,
  readBinaryAt,
  readBinarySfi,
  selectAid,
  selectFid,
  smResponseSize,
  unwrapOddReadBinary,
} from '../../drivers/idcard/protocol/apdu';
import { fromHex, toHex } from '../../drivers/idcard/protocol/bytes';
import { ApduError, TlvError } from '../../drivers/idcard/protocol/errors';
import { decodeTlv, decodeTlvList, encodeLength, encodeTag, encodeTlv, findTlv, readTlvHeader, type Tlv } from '../../drivers/idcard/protocol/tlv';

describe('BER-TLV decoding', () => {
  it('reads multi-byte tags and long-form lengths', () => {
    const t = decodeTlv(fromHex('7F61 08 02 01 01 5F1F 02 4142'));
    expect(t.tag).toBe(0x7f61);
    expect(t.constructed).toBe(true);
    expect(t.children?.map((c) => c.tag)).toEqual([0x02, 0x5f1f]);
    expect(toHex(findTlv(t.children, 0x5f1f)?.value ?? new Uint8Array())).toBe('4142');
    const long = new Uint8Array(3 + 4 + 300);
    long.set(fromHex('5F2E820130'), 0);
    const h = readTlvHeader(long);
    expect(h).toEqual({ tag: 0x5f2e, constructed: false, length: 0x130, headerLength: 5 });
    expect(readTlvHeader(fromHex('7F61 83 010000')).length).toBe(0x10000);
  });

  it('parses the D.4 EF.COM', () => {
    const t = decodeTlv(fromHex('60145F0104303130365F36063034303030305C026175'));
    expect(t.children?.map((c) => c.tag)).toEqual([0x5f01, 0x5f36, 0x5c]);
  });

  it('gives typed errors for truncated, indefinite and oversized input', () => {
    const cases: [string, string][] = [
      ['', 'truncated'],
      ['5F', 'truncated'],
      ['5F1F', 'truncated'],
      ['04 05 0102', 'truncated'],
      ['04 82 01', 'truncated'],
      ['30 80 0000', 'bad-length'],
      ['04 85 0000000001 00', 'bad-length'],
      ['5F FF FF FF 7F 00', 'bad-tag'],
      ['00 00', 'bad-tag'],
      ['30 03 04 05 00', 'truncated'],
      ['04 01 00 FF', 'trailing-data'],
    ];
    for (const [hex, code] of cases) {
      let err: unknown;
      try {
        decodeTlv(fromHex(hex));
      } catch (e) {
        err = e;
      }
      expect(err, hex).toBeInstanceOf(TlvError);
      expect((err as TlvError).code, hex).toBe(code);
    }
  });

  it('stops deep nesting with too-deep instead of overflowing the stack', () => {
    let x = fromHex('0400');
    for (let i = 0; i < 100; i++) x = encodeTlv(0x30, x);
    expect(() => decodeTlv(x)).toThrow(expect.objectContaining({ code: 'too-deep' }));
    const bomb = new Uint8Array(200000);
    for (let i = 0; i < bomb.length; i += 2) bomb[i] = 0x30;
    bomb.forEach((_, i) => {
      if (i % 2 === 1) bomb[i] = 0x7f; // 30 7F 30 7F ...
    });
    expect(() => decodeTlvList(bomb)).toThrow(TlvError);
  });

  it('encodes lengths and tags', () => {
    expect(toHex(encodeLength(0x7f))).toBe('7F');
    expect(toHex(encodeLength(0x80))).toBe('8180');
    expect(toHex(encodeLength(0x100))).toBe('820100');
    expect(toHex(encodeLength(0x10000))).toBe('83010000');
    expect(toHex(encodeTag(0x5f1f))).toBe('5F1F');
    expect(toHex(encodeTag(0x9f8101))).toBe('9F8101');
    expect(() => encodeTag(0x1234)).toThrow(TlvError); // 12 is not a multi-byte marker
    expect(() => encodeTag(0x5f8f)).toThrow(TlvError); // last byte with continuation bit
  });
});

// A generator of well-formed TLV trees.
const primTag = fc.oneof(
  fc.integer({ min: 0x01, max: 0x1e }).map((t) => t | 0x80), // context class, primitive, low tag
  fc.constantFrom(0x02, 0x04, 0x0c, 0x13, 0x5f1f, 0x5f2e, 0x9f8101, 0x87, 0x99, 0x8e),
);
const consTag = fc.constantFrom(0x30, 0x31, 0x61, 0x6d, 0x75, 0x7f61, 0x7f60, 0xa1, 0xbf8101);
type Node = { tag: number; value?: Uint8Array; children?: Node[] };
const tree: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ tag: primTag, value: fc.uint8Array({ maxLength: 300 }) }),
    fc.record({ tag: consTag, children: fc.array(tie('node'), { maxLength: 4 }) }),
  ),
})).node;
function enc(n: Node): Uint8Array {
  return n.children ? encodeTlv(n.tag, n.children.map(enc)) : encodeTlv(n.tag, n.value ?? new Uint8Array());
}
function shape(t: Tlv): Node {
  return t.children ? { tag: t.tag, children: t.children.map(shape) } : { tag: t.tag, value: new Uint8Array(t.value) };
}

describe('BER-TLV properties', () => {
  it('decode(encode(tree)) gives the tree back, and re-encodes to the same bytes', () => {
    fc.assert(
      fc.property(tree, (n) => {
        const bytes = enc(n);
        const back = shape(decodeTlv(bytes));
        expect(back).toEqual({ ...n, ...(n.value ? { value: new Uint8Array(n.value) } : {}) });
        expect(toHex(enc(back))).toBe(toHex(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary bytes never throw anything but TlvError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (b) => {
        try {
          decodeTlvList(b);
          decodeTlv(b, { exact: false });
        } catch (e) {
          expect(e).toBeInstanceOf(TlvError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('truncated or corrupted valid encodings never throw anything but TlvError', () => {
    fc.assert(
      fc.property(tree, fc.nat(), fc.integer({ min: 0, max: 255 }), (n, cut, b) => {
        const bytes = enc(n);
        const truncated = bytes.subarray(0, cut % (bytes.length + 1));
        const corrupted = new Uint8Array(bytes);
        corrupted[cut % bytes.length] = b;
        for (const x of [truncated, corrupted]) {
          try {
            decodeTlv(x);
          } catch (e) {
            expect(e).toBeInstanceOf(TlvError);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('APDU builders', () => {
  it('SELECT, GET CHALLENGE, EXTERNAL AUTHENTICATE and READ BINARY', () => {
    expect(toHex(encodeCommand(selectAid()))).toBe('00A4040C07A0000002471001');
    expect(toHex(EMRTD_AID)).toBe('A0000002471001');
    expect(toHex(encodeCommand(selectFid(0x011e)))).toBe('00A4020C02011E');
    expect(toHex(encodeCommand(getChallenge()))).toBe('0084000008');
    const ea = fromHex('72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A7');
    expect(toHex(encodeCommand(mutualAuthenticate(ea)))).toBe('0082000028' + toHex(ea) + '28');
    expect(toHex(encodeCommand(readBinary(0x1234, 0xdf)))).toBe('00B01234DF');
    expect(toHex(encodeCommand(readBinary(0, 256)))).toBe('00B0000000');
    expect(toHex(encodeCommand(readBinarySfi(0x0d, 0, 4)))).toBe('00B08D0004');
    expect(toHex(encodeCommand(readBinarySfi(0x1e, 0, 4)))).toBe('00B09E0004');
  });

  it('uses extended length when Ne > 256 or data > 255', () => {
    expect(toHex(encodeCommand(readBinary(0, 1000)))).toBe('00B00000' + '0003E8');
    expect(toHex(encodeCommand(readBinary(0, 65536)))).toBe('00B00000' + '000000');
    const cmd = encodeCommand({ cla: 0, ins: 0xd6, p1: 0, p2: 0, data: new Uint8Array(300), ne: 2 });
    expect(toHex(cmd.subarray(0, 7))).toBe('00D60000' + '00012C');
    expect(toHex(cmd.subarray(cmd.length - 2))).toBe('0002');
    expect(toHex(encodeCommand(readBinary(0, 4), true))).toBe('00B00000' + '000004');
  });

  it('READ BINARY beyond 32767 uses B1 with DO54, and DO53 answers unwrap', () => {
    expect(toHex(encodeCommand(readBinaryAt(0x7fff, 16)))).toBe('00B07FFF10');
    expect(toHex(encodeCommand(readBinaryAt(0x8000, 16)))).toBe('00B10000045402800010');
    expect(toHex(unwrapOddReadBinary(fromHex('5302ABCD')))).toBe('ABCD');
    expect(() => unwrapOddReadBinary(fromHex('5402ABCD'))).toThrow(ApduError);
    expect(() => unwrapOddReadBinary(fromHex('53'))).toThrow(ApduError);
  });

  it('rejects out-of-range arguments with ApduError', () => {
    expect(() => readBinary(0x8000, 1)).toThrow(ApduError);
    expect(() => readBinary(0, 0)).toThrow(ApduError);
    expect(() => readBinarySfi(31, 0, 4)).toThrow(ApduError);
    expect(() => readBinarySfi(1, 256, 4)).toThrow(ApduError);
    expect(() => mutualAuthenticate(new Uint8Array(39))).toThrow(ApduError);
    expect(() => parseResponse(new Uint8Array(1))).toThrow(ApduError);
    expect(parseResponse(fromHex('01029000'))).toEqual({ data: fromHex('0102'), sw: 0x9000 });
  });
});

describe('read planning', () => {
  it('the 0xDF default chunk fits a short protected answer, 0xE8 does not; 231 is the largest', () => {
    expect(DEFAULT_SM_SHORT_CHUNK).toBe(0xdf);
    expect(smResponseSize(0xdf)).toBeLessThanOrEqual(258);
    expect(smResponseSize(231)).toBeLessThanOrEqual(258);
    expect(smResponseSize(232)).toBeGreaterThan(258);
    expect(maxReadChunk()).toBe(0xdf);
    expect(maxReadChunk({ secureMessaging: true, maxResponseSize: 258 })).toBe(231);
    expect(maxReadChunk({ secureMessaging: false })).toBe(256);
    expect(maxReadChunk({ maxChunk: 100 })).toBe(100);
  });

  it('extended length: the largest plain chunk whose protected answer fits the size the reader gives', () => {
    for (const size of [1024 + 2, 2048, 4096, 65538]) {
      const n = maxReadChunk({ extendedLength: true, maxResponseSize: size });
      expect(smResponseSize(n)).toBeLessThanOrEqual(size);
      expect(smResponseSize(n + 8)).toBeGreaterThan(size);
    }
    expect(maxReadChunk({ extendedLength: true, secureMessaging: false, maxResponseSize: 1026 })).toBe(1024);
  });

  it('learns the length from the first 4 bytes and plans the fewest chunks', () => {
    // DG2 of 15000 value bytes: 75 82 3A 98 ...
    const first = fromHex('75823A98');
    expect(fileLengthFromHeader(first)).toEqual({ totalLength: 15004, headerLength: 4, tag: 0x75 });
    const plan = planFileRead(first);
    expect(plan.totalLength).toBe(15004);
    expect(plan.chunks.length).toBe(Math.ceil((15004 - 4) / 0xdf));
    expect(plan.chunks[0]).toEqual({ offset: 4, length: 0xdf });
    const last = plan.chunks[plan.chunks.length - 1] as { offset: number; length: number };
    expect(last.offset + last.length).toBe(15004);
    // Contiguous, no gaps or overlaps.
    plan.chunks.forEach((c, i) => i > 0 && expect(c.offset).toBe(plan.chunks[i - 1]!.offset + plan.chunks[i - 1]!.length));
    expect(minimumReads(15004)).toBe(1 + plan.chunks.length);
    expect(planFileRead(first, { extendedLength: true, maxResponseSize: 65538 }).chunks.length).toBe(1);
  });

  it('a file that fits in the first read needs no more', () => {
    expect(planFileRead(fromHex('6D02ABCD')).chunks).toEqual([]);
    expect(planFileRead(fromHex('6D03ABCD')).chunks).toEqual([{ offset: 4, length: 1 }]);
    expect(() => planFileRead(fromHex('6D82'))).toThrow(TlvError);
  });
});
