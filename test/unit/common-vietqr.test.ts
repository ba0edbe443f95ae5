import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildVietQr, crc16CcittFalse, crcHex, parseTlv, parseVietQr, vietQrPurpose, VIETQR_PURPOSE_MAX } from '../../common/vietqr';

/** DOMAIN.md's public sample, CRC included. */
const SAMPLE = '00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN6304CBB4';

/**
 * An independent CRC-16/CCITT-FALSE: bit by bit, most significant bit first, over a bit string
 * (the module under test is table-driven over bytes). Written from the definition, not copied.
 */
function referenceCrc(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  let reg = 0xffff;
  for (const byte of bytes) {
    for (let bit = 7; bit >= 0; bit--) {
      const inBit = (byte >> bit) & 1;
      const top = (reg >> 15) & 1;
      reg = (reg << 1) & 0xffff;
      if ((top ^ inBit) === 1) reg ^= 0x1021;
    }
  }
  return reg.toString(16).toUpperCase().padStart(4, '0');
}

describe('VietQR builder (common/vietqr.ts)', () => {
  it("reproduces DOMAIN.md's sample exactly", () => {
    expect(buildVietQr({ bankBin: '970423', account: '0099999999' })).toBe(SAMPLE);
    expect(parseVietQr(SAMPLE)).toMatchObject({ ok: true, value: { initiation: 'static', bankBin: '970423', account: '0099999999' } });
  });

  it('CRC: the standard check value and the independent implementation agree', () => {
    expect(crc16CcittFalse(new TextEncoder().encode('123456789'))).toBe(0x29b1);
    expect(referenceCrc('123456789')).toBe('29B1');
    expect(referenceCrc(SAMPLE.slice(0, -4))).toBe('CBB4');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        expect(crcHex(s)).toBe(referenceCrc(s));
      }),
      { numRuns: 300 },
    );
  });

  const TABLE: { amount: number; purpose: string; expectPurpose: string }[] = [
    { amount: 50_000, purpose: 'TT PHI P260314K7Q2XM', expectPurpose: 'TT PHI P260314K7Q2XM' },
    { amount: 1, purpose: 'Phí hồ sơ đất đai', expectPurpose: 'PHI HO SO DAT DAI' },
    { amount: 8_000, purpose: 'Lệ phí cấp bản sao trích lục hộ tịch', expectPurpose: 'LE PHI CAP BAN SAO TRICH' },
    { amount: 100_000, purpose: 'ĐĂNG KÝ KẾT HÔN — Nguyễn Thị Ánh', expectPurpose: 'DANG KY KET HON NGUYEN TH' },
    { amount: 1_250_000, purpose: 'Lệ phí trước bạ: 1.250.000đ', expectPurpose: 'LE PHI TRUOC BA 1 250 000' },
    { amount: 9_999_999_999_999, purpose: 'x', expectPurpose: 'X' },
    { amount: 35_000, purpose: 'Phí   cấp\tphiếu  LLTP ', expectPurpose: 'PHI CAP PHIEU LLTP' },
  ];
  it.each(TABLE)('amount $amount, purpose "$purpose"', ({ amount, purpose, expectPurpose }) => {
    const payload = buildVietQr({ bankBin: '970415', account: '113366668888', amount, purpose });
    // dynamic, the amount, the purpose, and a CRC the independent implementation confirms
    expect(payload.slice(0, 12)).toBe('000201010212');
    expect(payload.slice(-4)).toBe(referenceCrc(payload.slice(0, -4)));
    const top = parseTlv(payload)!;
    expect(top.map((t) => t.tag)).toEqual(['00', '01', '38', '53', '54', '58', '62', '63']);
    expect(top.find((t) => t.tag === '54')!.value).toBe(String(amount));
    const r = parseVietQr(payload);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      initiation: 'dynamic',
      bankBin: '970415',
      account: '113366668888',
      service: 'QRIBFTTA',
      currency: '704',
      country: 'VN',
      amount,
    });
    expect(r.value.purpose).toBe(expectPurpose);
    expect(r.value.purpose!.length).toBeLessThanOrEqual(VIETQR_PURPOSE_MAX);
    expect(r.value.purpose).toMatch(/^[A-Z0-9 -]*$/);
  });

  it('every purpose is unaccented, at most 25 characters; any changed character breaks the CRC', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.integer({ min: 1, max: 10_000_000 }), fc.nat(), (text, amount, at) => {
        const p = vietQrPurpose(text);
        expect(p.length).toBeLessThanOrEqual(25);
        expect(p).toMatch(/^[A-Z0-9 -]*$/);
        const payload = buildVietQr({ bankBin: '970436', account: '0011001234567', amount, purpose: text });
        expect(parseVietQr(payload).ok).toBe(true);
        const i = at % (payload.length - 4);
        const ch = payload[i] === '7' ? '8' : '7';
        expect(parseVietQr(payload.slice(0, i) + ch + payload.slice(i + 1)).ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a bad BIN, account or amount (a caller bug)', () => {
    expect(() => buildVietQr({ bankBin: '97042', account: '1' })).toThrow(RangeError);
    expect(() => buildVietQr({ bankBin: '970423', account: '12-34' })).toThrow(RangeError);
    expect(() => buildVietQr({ bankBin: '970423', account: '1', amount: 0 })).toThrow(RangeError);
    expect(() => buildVietQr({ bankBin: '970423', account: '1', amount: 12.5 })).toThrow(RangeError);
  });
});
