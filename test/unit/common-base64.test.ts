/** common/base64: strict, canonical base64 both ways, the same as Node's Buffer for every byte string. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from '../../common/base64';

describe('base64', () => {
  it('round-trips any bytes, as Node encodes them', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70_000 }), (bytes) => {
        const text = encodeBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect(decodeBase64(text)).toEqual(bytes);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses what is not strict base64', () => {
    for (const bad of ['QQ', 'QQ=', 'Q===', 'QR==', 'QUJD RA==', 'QUJD\nRA==', 'QUJ-', 'QUJ_', '====', '%%%%']) expect(decodeBase64(bad), bad).toBeNull();
    expect(decodeBase64('')).toEqual(new Uint8Array(0));
    expect(decodeBase64('QQ==')).toEqual(Uint8Array.from([0x41]));
  });
});
