/**
 * DES / 3DES / retail MAC primitives of drivers/idcard/protocol/crypto: the node:crypto backend and
 * the pure-JS fallback must agree with published answers and with each other.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../drivers/idcard/protocol/bytes';
import { adjustParity, cryptoSupport, desBackend, jsBackend, nodeBackend, pad, retailMac, unpad, type DesBackend } from '../../drivers/idcard/protocol/crypto';
import { jsDesEcb, jsTdesEcb } from '../../drivers/idcard/protocol/des-js';
import { CryptoError } from '../../drivers/idcard/protocol/errors';

const node = nodeBackend();
const backends: [string, DesBackend][] = [
  ['node', node],
  ['js', jsBackend],
];

describe('cryptoSupport', () => {
  it('finds the 3DES ciphers in Node 20 and chooses node:crypto', () => {
    const s = cryptoSupport();
    expect(s.sha1).toBe(true);
    expect(s.ciphers['des-ede-cbc'] || s.ciphers['des-ede3-cbc']).toBe(true);
    expect(s.backend).toBe('node');
    expect(desBackend().name).toBe('node');
  });

  it('a node backend built from only des-ede3-cbc (no ECB, no 2-key cipher) still gives the same answers', () => {
    const only = nodeBackend({
      ciphers: { 'des-ede-cbc': false, 'des-ede3-cbc': true, 'des-ede-ecb': false, 'des-ede3-ecb': false },
      sha1: true,
      backend: 'node',
      missing: [],
    });
    const k = fromHex('133457799BBCDFF1');
    expect(toHex(only.desEcb(k, fromHex('0123456789ABCDEF'), true))).toBe('85E813540F0AB405');
    const k16 = fromHex('AB94FDECF2674FDFB9B391F85D7F76F2');
    const data = new Uint8Array(randomBytes(40));
    expect(toHex(only.tdesCbc(k16, data, true))).toBe(toHex(node.tdesCbc(k16, data, true)));
  });

  it('refuses to build a node backend without any 3DES-CBC cipher', () => {
    expect(() =>
      nodeBackend({
        ciphers: { 'des-ede-cbc': false, 'des-ede3-cbc': false, 'des-ede-ecb': true, 'des-ede3-ecb': true },
        sha1: true,
        backend: 'js',
        missing: ['des-ede-cbc', 'des-ede3-cbc'],
      }),
    ).toThrow(CryptoError);
  });
});

describe.each(backends)('DES known answers (%s backend)', (_name, b) => {
  it('FIPS example: key 133457799BBCDFF1, 0123456789ABCDEF -> 85E813540F0AB405', () => {
    const k = fromHex('133457799BBCDFF1');
    expect(toHex(b.desEcb(k, fromHex('0123456789ABCDEF'), true))).toBe('85E813540F0AB405');
    expect(toHex(b.desEcb(k, fromHex('85E813540F0AB405'), false))).toBe('0123456789ABCDEF');
  });

  it('ICAO 9303-11 D.3: 3DES-CBC of S under K_enc gives E_IFD, and back', () => {
    const kEnc = fromHex('AB94FDECF2674FDFB9B391F85D7F76F2');
    const s = fromHex('781723860C06C2264608F919887022120B795240CB7049B01C19B33E32804F0B');
    const e = '72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2';
    expect(toHex(b.tdesCbc(kEnc, s, true))).toBe(e);
    expect(toHex(b.tdesCbc(kEnc, fromHex(e), false))).toBe(toHex(s));
  });

  it('retail MAC: ICAO 9303-11 D.3 M_IFD and M_ICC', () => {
    const kMac = fromHex('7962D9ECE03D1ACD4C76089DCE131543');
    const eIfd = fromHex('72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2');
    const eIcc = fromHex('46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F');
    expect(toHex(retailMac(kMac, eIfd, b))).toBe('5F1448EEA8AD90A7');
    expect(toHex(retailMac(kMac, eIcc, b))).toBe('2F2D235D074D7449');
  });

  it('rejects data that is not whole blocks and keys of the wrong size', () => {
    expect(() => b.desEcb(new Uint8Array(8), new Uint8Array(7), true)).toThrow(CryptoError);
    expect(() => b.tdesCbc(new Uint8Array(8), new Uint8Array(8), true)).toThrow(CryptoError);
    expect(() => retailMac(new Uint8Array(8), new Uint8Array(8), b)).toThrow(CryptoError);
  });
});

describe('pure-JS fallback agrees with node:crypto', () => {
  const key8 = fc.uint8Array({ minLength: 8, maxLength: 8 });
  const key16 = fc.uint8Array({ minLength: 16, maxLength: 16 });
  const blocks = fc.integer({ min: 1, max: 12 }).chain((n) => fc.uint8Array({ minLength: 8 * n, maxLength: 8 * n }));

  it('single DES ECB and CBC, both directions', () => {
    fc.assert(
      fc.property(key8, blocks, fc.uint8Array({ minLength: 8, maxLength: 8 }), (k, d, iv) => {
        expect(toHex(jsBackend.desEcb(k, d, true))).toBe(toHex(node.desEcb(k, d, true)));
        expect(toHex(jsBackend.desEcb(k, d, false))).toBe(toHex(node.desEcb(k, d, false)));
        expect(toHex(jsBackend.desCbc(k, d, true, iv))).toBe(toHex(node.desCbc(k, d, true, iv)));
        expect(toHex(jsBackend.desCbc(k, d, false, iv))).toBe(toHex(node.desCbc(k, d, false, iv)));
      }),
      { numRuns: 60 },
    );
  });

  it('2-key 3DES CBC (and ECB against des-ede3-ecb with K1‖K2‖K1)', () => {
    fc.assert(
      fc.property(key16, blocks, (k, d) => {
        expect(toHex(jsBackend.tdesCbc(k, d, true))).toBe(toHex(node.tdesCbc(k, d, true)));
        expect(toHex(jsBackend.tdesCbc(k, d, false))).toBe(toHex(node.tdesCbc(k, d, false)));
        const k3 = new Uint8Array(24);
        k3.set(k, 0);
        k3.set(k.subarray(0, 8), 16);
        const c = createCipheriv('des-ede3-ecb', k3, null).setAutoPadding(false);
        const viaNode = Buffer.concat([c.update(d), c.final()]);
        expect(toHex(jsTdesEcb(k, d, true))).toBe(toHex(viaNode));
        expect(toHex(jsTdesEcb(k, viaNode, false))).toBe(toHex(d));
      }),
      { numRuns: 60 },
    );
  });

  it('retail MAC, and equals DES-CBC(Ka) then 3DES(Ka,Kb) on the last block', () => {
    fc.assert(
      fc.property(key16, fc.uint8Array({ maxLength: 100 }), (k, m) => {
        const a = retailMac(k, m, node);
        expect(toHex(retailMac(k, m, jsBackend))).toBe(toHex(a));
        // ISO 9797-1 algorithm 3 written differently: CBC-DES over all but the last block with Ka,
        // then 2-key 3DES encryption of (chain xor last block).
        const p = pad(m);
        const head = p.subarray(0, p.length - 8);
        const chain = head.length ? node.desCbc(k.subarray(0, 8), head, true).subarray(head.length - 8) : new Uint8Array(8);
        const last = p.subarray(p.length - 8).map((x, i) => x ^ (chain[i] as number));
        expect(toHex(node.tdesCbc(k, last, true))).toBe(toHex(a));
      }),
      { numRuns: 60 },
    );
  });

  it('the fallback handles a 15 KB photo in reasonable time', () => {
    const k = new Uint8Array(randomBytes(16));
    const d = new Uint8Array(randomBytes(15 * 1024));
    const t0 = performance.now();
    const out = jsBackend.tdesCbc(k, d, false);
    expect(toHex(out.subarray(0, 16))).toBe(toHex(node.tdesCbc(k, d, false).subarray(0, 16)));
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});

describe('padding method 2 and DES parity', () => {
  it('pads with 80 00.. and always adds a block when aligned', () => {
    expect(toHex(pad(fromHex('0102')))).toBe('0102800000000000');
    expect(toHex(pad(fromHex('0102030405060708')))).toBe('01020304050607088000000000000000');
    expect(toHex(pad(new Uint8Array(0)))).toBe('8000000000000000');
    expect(toHex(unpad(fromHex('0102800000000000')))).toBe('0102');
  });

  it('unpad rejects missing padding', () => {
    expect(() => unpad(fromHex('0102030405060708'))).toThrow(CryptoError);
    expect(() => unpad(fromHex('0000000000000000'))).toThrow(CryptoError);
    expect(() => unpad(fromHex('80000000000000000000000000000000'))).toThrow(CryptoError);
  });

  it('adjusts every byte to odd parity, changing only bit 1', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 24 }), (k) => {
        const a = adjustParity(k);
        a.forEach((x, i) => {
          let ones = 0;
          for (let j = 0; j < 8; j++) ones += (x >> j) & 1;
          expect(ones % 2).toBe(1);
          expect(x & 0xfe).toBe((k[i] as number) & 0xfe);
        });
      }),
    );
  });

  it('jsDesEcb decrypts what it encrypts', () => {
    const k = fromHex('0E329232EA6D0D73');
    const d = fromHex('8787878787878787');
    expect(toHex(jsDesEcb(k, jsDesEcb(k, d, true), false))).toBe(toHex(d));
    // Classic vector: key 0E329232EA6D0D73, plaintext 8787878787878787 encrypts to zero.
    expect(toHex(jsDesEcb(k, d, true))).toBe('0000000000000000');
  });
});
