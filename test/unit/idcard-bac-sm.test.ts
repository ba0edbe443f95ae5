/**
 * BAC and secure messaging against the ICAO Doc 9303 part 11 Appendix D worked example
 * (D.2 key derivation, D.3 mutual authentication, D.4 secure messaging), on both DES backends.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readBinary, selectFid, encodeCommand, type CommandApdu } from '../../drivers/idcard/protocol/apdu';
import { bacKeysFromMrzInfo, buildMutualAuth, chipAnswerMutualAuth, completeMutualAuth, deriveKey, sessionKeys } from '../../drivers/idcard/protocol/bac';
import { fromHex, toHex } from '../../drivers/idcard/protocol/bytes';
import { jsBackend, nodeBackend, type DesBackend } from '../../drivers/idcard/protocol/crypto';
import { BacError, SmError } from '../../drivers/idcard/protocol/errors';
import { mrzInfo } from '../../drivers/idcard/protocol/mrz';
import { ChipSecureMessaging, SecureMessaging, incrementCounter } from '../../drivers/idcard/protocol/sm';

const D = {
  mrzInfo: 'L898902C<369080619406236',
  kSeed: '239AB9CB282DAF66231DC5A4DF6BFBAE',
  kEnc: 'AB94FDECF2674FDFB9B391F85D7F76F2',
  kMac: '7962D9ECE03D1ACD4C76089DCE131543',
  rndIcc: '4608F91988702212',
  rndIfd: '781723860C06C226',
  kIfd: '0B795240CB7049B01C19B33E32804F0B',
  cmdData: '72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A7',
  kIcc: '0B4F80323EB3191CB04970CB4052790B',
  respData: '46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449',
  ksEnc: '979EC13B1CBFE9DCD01AB0FED307EAE5',
  ksMac: 'F1CB1F1FB5ADF208806B89DC579DC1F8',
  ssc: '887022120C06C226',
  selectCmd: '0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800',
  selectResp: '990290008E08FA855A5D4C50A8ED9000',
  read4Cmd: '0CB000000D9701048E08ED6705417E96BA5500',
  read4Resp: '8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000',
  read4Data: '60145F01',
  read18Cmd: '0CB000040D9701128E082EA28A70F3C7B53500',
  read18Resp: '871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A99029000' + '8E08C8B2787EAEA07D749000',
  read18Data: '04303130365F36063034303030305C026175',
};
const H = fromHex;

const backends: [string, DesBackend][] = [
  ['node', nodeBackend()],
  ['js', jsBackend],
];

describe('D.2 key derivation', () => {
  it('builds MRZ_information from document number, birth and expiry', () => {
    expect(mrzInfo('L898902C', '690806', '940623')).toBe(D.mrzInfo);
  });
  it('Kseed, K_enc and K_mac', () => {
    const k = bacKeysFromMrzInfo(D.mrzInfo);
    expect(toHex(k.kSeed)).toBe(D.kSeed);
    expect(toHex(k.kEnc)).toBe(D.kEnc);
    expect(toHex(k.kMac)).toBe(D.kMac);
    expect(toHex(deriveKey(H(D.kSeed), 1))).toBe(D.kEnc);
  });
  it('rejects MRZ information that cannot be one', () => {
    expect(() => bacKeysFromMrzInfo('l898902c<3')).toThrow(BacError);
  });
});

describe.each(backends)('D.3 mutual authentication (%s backend)', (_n, backend) => {
  const keys = { kEnc: H(D.kEnc), kMac: H(D.kMac) };
  const cmd = () => buildMutualAuth(keys, H(D.rndIcc), { rndIfd: H(D.rndIfd), kIfd: H(D.kIfd), backend });

  it('builds E_IFD ‖ M_IFD', () => {
    expect(toHex(cmd().data)).toBe(D.cmdData);
  });

  it('verifies the chip answer and derives KS_enc, KS_mac and SSC', () => {
    const s = completeMutualAuth(keys, cmd().state, H(D.respData), backend);
    expect(toHex(s.kIcc)).toBe(D.kIcc);
    expect(toHex(s.ksEnc)).toBe(D.ksEnc);
    expect(toHex(s.ksMac)).toBe(D.ksMac);
    expect(toHex(s.ssc)).toBe(D.ssc);
    expect(toHex(sessionKeys(H(D.kIfd), H(D.kIcc), H(D.rndIcc), H(D.rndIfd)).ksEnc)).toBe(D.ksEnc);
  });

  it('the chip side answers the published command with the published response', () => {
    const a = chipAnswerMutualAuth(keys, H(D.rndIcc), H(D.kIcc), H(D.cmdData), backend);
    expect(a && toHex(a.response)).toBe(D.respData);
  });

  it('a wrong MAC in the answer is bad-mac, before anything is decrypted', () => {
    for (const i of [0, 20, 31, 32, 39]) {
      const r = H(D.respData);
      r[i] = (r[i] as number) ^ 0x01;
      expect(() => completeMutualAuth(keys, cmd().state, r, backend)).toThrow(expect.objectContaining({ code: 'bad-mac' }));
    }
  });

  it('an answer to another challenge or another terminal nonce is rejected', () => {
    const st = cmd().state;
    expect(() => completeMutualAuth(keys, { ...st, rndIcc: H('0000000000000000') }, H(D.respData), backend)).toThrow(
      expect.objectContaining({ code: 'rnd-icc-mismatch' }),
    );
    expect(() => completeMutualAuth(keys, { ...st, rndIfd: H('0000000000000000') }, H(D.respData), backend)).toThrow(
      expect.objectContaining({ code: 'rnd-ifd-mismatch' }),
    );
    expect(() => completeMutualAuth(keys, st, H(D.respData).subarray(0, 39), backend)).toThrow(BacError);
  });

  it('wrong keys (another MRZ) fail the chip check', () => {
    const other = bacKeysFromMrzInfo(mrzInfo('L898902C', '690806', '940624'));
    const c = buildMutualAuth(other, H(D.rndIcc), { backend });
    expect(chipAnswerMutualAuth(keys, H(D.rndIcc), H(D.kIcc), c.data, backend)).toBeUndefined();
  });
});

describe.each(backends)('D.4 secure messaging (%s backend)', (_n, backend) => {
  const session = () => new SecureMessaging({ ksEnc: H(D.ksEnc), ksMac: H(D.ksMac), ssc: H(D.ssc) }, backend);

  it('protects SELECT EF.COM, READ BINARY 4 and READ BINARY 18 and unwraps the answers', () => {
    const sm = session();
    expect(toHex(sm.protect(selectFid(0x011e)))).toBe(D.selectCmd);
    expect(toHex(sm.ssc)).toBe('887022120C06C227');
    const r1 = sm.unprotect(H(D.selectResp));
    expect(r1.sw).toBe(0x9000);
    expect(r1.data.length).toBe(0);
    expect(toHex(sm.protect(readBinary(0, 4)))).toBe(D.read4Cmd);
    const r2 = sm.unprotect(H(D.read4Resp));
    expect(toHex(r2.data)).toBe(D.read4Data);
    expect(toHex(sm.protect(readBinary(4, 0x12)))).toBe(D.read18Cmd);
    const r3 = sm.unprotect(H(D.read18Resp));
    expect(toHex(r3.data)).toBe(D.read18Data);
    expect(r3.sw).toBe(0x9000);
    expect(toHex(sm.ssc)).toBe('887022120C06C22C');
  });

  it('a response with any bit changed is refused (never ignored)', () => {
    const resp = H(D.read4Resp);
    for (let i = 0; i < resp.length - 2; i++) {
      for (const bit of [0x01, 0x80]) {
        const sm = session();
        sm.protect(selectFid(0x011e));
        sm.unprotect(H(D.selectResp));
        sm.protect(readBinary(0, 4));
        const bad = new Uint8Array(resp);
        bad[i] = (bad[i] as number) ^ bit;
        expect(() => sm.unprotect(bad)).toThrow(SmError);
      }
    }
  });

  it('a replayed response (SSC out of step) is bad-mac', () => {
    const sm = session();
    sm.protect(selectFid(0x011e));
    sm.unprotect(H(D.selectResp));
    sm.protect(readBinary(0, 4));
    expect(() => sm.unprotect(H(D.selectResp))).toThrow(expect.objectContaining({ code: 'bad-mac' }));
  });

  it('a plain status word (e.g. 6988 after a bad command MAC) is missing-mac with the SW', () => {
    const sm = session();
    sm.protect(selectFid(0x011e));
    expect(() => sm.unprotect(H('6988'))).toThrow(expect.objectContaining({ code: 'missing-mac', sw: 0x6988 }));
  });

  it('refuses to protect a command twice', () => {
    expect(() => session().protect({ cla: 0x0c, ins: 0xb0, p1: 0, p2: 0, ne: 4 })).toThrow(SmError);
  });
});

describe('secure messaging round trip with the chip side', () => {
  const fresh = () => {
    const keys = { ksEnc: new Uint8Array(randomBytes(16)), ksMac: new Uint8Array(randomBytes(16)), ssc: new Uint8Array(randomBytes(8)) };
    return { ifd: new SecureMessaging(keys), icc: new ChipSecureMessaging(keys) };
  };
  const command: fc.Arbitrary<CommandApdu> = fc.record(
    {
      cla: fc.constant(0x00),
      ins: fc.constantFrom(0xa4, 0xb0, 0x82, 0xb1),
      p1: fc.integer({ min: 0, max: 255 }),
      p2: fc.integer({ min: 0, max: 255 }),
      data: fc.uint8Array({ minLength: 1, maxLength: 400 }),
      ne: fc.integer({ min: 1, max: 65536 }),
    },
    { requiredKeys: ['cla', 'ins', 'p1', 'p2'] },
  );

  it('commands and answers survive protect/unprotect, short and extended, over many exchanges', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(command, fc.uint8Array({ maxLength: 600 }), fc.constantFrom(0x9000, 0x6282, 0x6a82)), { minLength: 1, maxLength: 5 }),
        (steps) => {
          const { ifd, icc } = fresh();
          for (const [cmd, answer, sw] of steps) {
            const wire = ifd.protect(cmd);
            const plain = icc.unwrapCommand(wire);
            expect(plain.ins).toBe(cmd.ins);
            expect(toHex(plain.data ?? new Uint8Array(0))).toBe(toHex(cmd.data ?? new Uint8Array(0)));
            expect(plain.ne ?? 0).toBe(cmd.ne ?? 0);
            const r = ifd.unprotect(icc.wrapResponse(answer, sw));
            expect(toHex(r.data)).toBe(toHex(answer));
            expect(r.sw).toBe(sw);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a tampered answer is rejected and a tampered command is rejected by the chip', () => {
    const { ifd, icc } = fresh();
    const wire = ifd.protect(readBinary(0, 0xdf));
    const tampered = new Uint8Array(wire);
    tampered[3] = (tampered[3] as number) ^ 1; // P2 = offset
    expect(() => icc.unwrapCommand(tampered)).toThrow(expect.objectContaining({ code: 'bad-mac' }));
    const answer = icc.wrapResponse(new Uint8Array(randomBytes(0xdf)), 0x9000);
    const bad = new Uint8Array(answer);
    bad[10] = (bad[10] as number) ^ 0x40;
    expect(() => ifd.unprotect(bad)).toThrow(expect.objectContaining({ code: 'bad-mac' }));
  });

  it('uses short APDUs up to 231 expected bytes and extended beyond (DO97 of 2 bytes above 256)', () => {
    const { ifd } = fresh();
    const short = ifd.protect(readBinary(0, 0xdf));
    expect(short.length).toBe(5 + 3 + 10 + 1);
    expect(short[short.length - 1]).toBe(0x00);
    const ext = ifd.protect(readBinary(0, 1000));
    // CLA INS P1 P2 | 00 Lc(2) | 97 02 03 E8 | 8E 08 .. | Le 00 00
    expect(toHex(ext.subarray(4, 11))).toBe('00000E9702' + '03E8');
    expect(toHex(ext.subarray(ext.length - 2))).toBe('0000');
    expect(ext.length).toBe(4 + 3 + 4 + 10 + 2);
  });

  it('incrementCounter carries across bytes and wraps', () => {
    const c = H('00000000000000FF');
    incrementCounter(c);
    expect(toHex(c)).toBe('0000000000000100');
    const w = H('FFFFFFFFFFFFFFFF');
    incrementCounter(w);
    expect(toHex(w)).toBe('0000000000000000');
  });

  it('the published plain commands encode as expected', () => {
    expect(toHex(encodeCommand(selectFid(0x011e)))).toBe('00A4020C02011E');
    expect(toHex(encodeCommand(readBinary(0, 4)))).toBe('00B0000004');
  });
});
