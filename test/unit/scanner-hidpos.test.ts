import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAim, splitAimPrefix } from '../../drivers/scanner/protocol/aim';
import {
  createHidAssembler,
  decodeHidPosReport,
  encodeHidPosReports,
  HONEYWELL_LAYOUT,
  IDTECH_LAYOUT,
  withReportId,
  type HidAssemblerEvent,
} from '../../drivers/scanner/protocol/hidpos';

const enc = new TextEncoder();
const dec = new TextDecoder();

/**
 * Hand-built 64-byte report in the documented Honeywell / Access-IS layout, written field by
 * field (independent of encodeHidPosReports): [0]=0x02, [1]=len, [2..4]=AIM, [5..60]=data,
 * [61]=vendor code id, [62]=reserved, [63]=flags (bit 0 = continued).
 */
function report(len: number, aim: string, data: string, codeId: string, flags: number): Uint8Array {
  const r = new Uint8Array(64);
  r[0] = 0x02;
  r[1] = len;
  r[2] = aim.charCodeAt(0);
  r[3] = aim.charCodeAt(1);
  r[4] = aim.charCodeAt(2);
  const bytes = enc.encode(data);
  if (bytes.length > 56) throw new Error('test vector too long');
  for (let i = 0; i < bytes.length; i++) r[5 + i] = bytes[i]!;
  r[61] = codeId.charCodeAt(0);
  r[63] = flags;
  return r;
}

const scans = (events: HidAssemblerEvent[]) => events.filter((e) => e.type === 'scan');

describe('AIM symbology identifiers', () => {
  it.each([
    [']Q1', 'qr'],
    [']C0', 'code128'],
    [']E0', 'ean-upc'],
    [']d2', 'data-matrix'],
    [']L0', 'pdf417'],
    [']A0', 'code39'],
    [']I1', 'interleaved-2-of-5'],
    [']z0', 'aztec'],
    [']e0', 'gs1-databar'],
  ])('%s is %s', (id, sym) => {
    expect(parseAim(id)?.symbology).toBe(sym);
  });
  it('D (Code One) and d (Data Matrix) differ by case', () => {
    expect(parseAim(']D0')?.symbology).toBe('code-one');
  });
  it('rejects what is not an identifier', () => {
    expect(parseAim('Q1]')).toBeNull();
    expect(parseAim(']Q')).toBeNull();
    expect(parseAim(']1Q')).toBeNull();
    expect(parseAim('\0\0\0')).toBeNull();
  });
  it('splits an AIM prefix off serial text', () => {
    expect(splitAimPrefix(']C0000.00.12.H56-260314-0042')).toMatchObject({ aim: { symbology: 'code128' }, text: '000.00.12.H56-260314-0042' });
    expect(splitAimPrefix('NO-PREFIX')).toEqual({ aim: null, text: 'NO-PREFIX' });
  });
});

describe('HID POS reports (Honeywell / Access-IS layout)', () => {
  it('decodes a single Code 128 report', () => {
    const r = decodeHidPosReport(report(25, ']C0', '000.00.12.H56-260314-0042', 'j', 0));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(dec.decode(r.report.data)).toBe('000.00.12.H56-260314-0042');
    expect(r.report.aim).toMatchObject({ id: ']C0', symbology: 'code128' });
    expect(r.report.vendorSymbology).toBe('j'.charCodeAt(0));
    expect(r.report.continued).toBe(false);
  });

  it('reassembles a CCCD QR split over three reports, UTF-8 cut mid-character', () => {
    const text = '079203001234||Nguyễn Thị Ánh Tuyết|15082003|Nữ|Số 12 Đường Lê Lợi, Phường Bến Thành, Quận 1, TP Hồ Chí Minh|01072021';
    const bytes = enc.encode(text);
    expect(bytes.length).toBeGreaterThan(112);
    const asm = createHidAssembler();
    const events: HidAssemblerEvent[] = [];
    let off = 0;
    let n = 0;
    while (off < bytes.length) {
      const part = bytes.subarray(off, off + 56);
      off += part.length;
      const r = new Uint8Array(64);
      r.set([0x02, part.length, 0x5d, 0x51, 0x31]);
      r.set(part, 5);
      r[61] = 0x73;
      r[63] = off < bytes.length ? 0x01 : 0x00;
      events.push(...asm.push(r, n++ * 5));
    }
    expect(n).toBe(Math.ceil(bytes.length / 56));
    expect(events.slice(0, -1).every((e) => e.type === 'partial')).toBe(true);
    const done = scans(events);
    expect(done).toHaveLength(1);
    expect(dec.decode(done[0]!.scan.data)).toBe(text);
    expect(done[0]!.scan.aim?.symbology).toBe('qr');
    expect(done[0]!.scan.reports).toBe(n);
  });

  it('decodes the manual example shape: 56 data bytes continued, then 4 bytes', () => {
    const first = report(56, ']Q0', 'M1TESTPASSENGER/ANNA   EABCDEF HANSGNVN 0123 052Y003D000', 's', 1);
    const second = report(4, ']Q0', ' 100', 's', 0);
    const asm = createHidAssembler();
    expect(asm.push(first)).toEqual([{ type: 'partial', bytes: 56 }]);
    const out = asm.push(second);
    expect(out).toHaveLength(1);
    expect(out[0]!.type).toBe('scan');
    if (out[0]!.type === 'scan') expect(dec.decode(out[0]!.scan.data)).toBe('M1TESTPASSENGER/ANNA   EABCDEF HANSGNVN 0123 052Y003D000 100');
  });

  it('ignores other report ids, short reports and impossible lengths', () => {
    const other = report(3, ']Q1', 'abc', 's', 0);
    other[0] = 0x04;
    expect(decodeHidPosReport(other)).toMatchObject({ ok: false, reason: 'other-report-id' });
    expect(decodeHidPosReport(new Uint8Array(10))).toMatchObject({ ok: false, reason: 'too-short' });
    expect(decodeHidPosReport(report(57, ']Q1', 'x', 's', 0))).toMatchObject({ ok: false, reason: 'bad-length' });
    expect(createHidAssembler().push(other)).toMatchObject([{ type: 'ignored', reason: 'other-report-id' }]);
  });

  it('abandons a partial payload when the next report comes too late', () => {
    const asm = createHidAssembler({ continuationTimeoutMs: 500 });
    asm.push(report(3, ']Q1', 'OLD', 's', 1), 0);
    const out = asm.push(report(3, ']Q1', 'NEW', 's', 0), 2000);
    expect(out.map((e) => e.type)).toEqual(['abandoned', 'scan']);
    expect(out[0]).toMatchObject({ reason: 'timeout', droppedBytes: 3 });
    if (out[1]!.type === 'scan') expect(dec.decode(out[1]!.scan.data)).toBe('NEW');
  });

  it('abandons a partial payload when the symbology changes mid-payload', () => {
    const asm = createHidAssembler();
    asm.push(report(3, ']Q1', 'AAA', 's', 1));
    expect(asm.push(report(3, ']C0', 'BBB', 'j', 0)).map((e) => e.type)).toEqual(['abandoned', 'scan']);
  });

  it('drops payloads over the limit with an overflow event and recovers', () => {
    const asm = createHidAssembler({ maxPayloadBytes: 100 });
    const reports = encodeHidPosReports(new Uint8Array(200).fill(0x41));
    const out = reports.flatMap((r) => asm.push(r));
    expect(out.at(-1)).toEqual({ type: 'overflow', droppedBytes: 200, limit: 100 });
    expect(scans(asm.push(report(2, ']Q1', 'OK', 's', 0)))).toHaveLength(1);
  });

  it('WebHID data (report id apart) is rebuilt with withReportId', () => {
    const full = report(2, ']Q1', 'HI', 's', 0);
    const rebuilt = withReportId(0x02, full.subarray(1));
    expect(rebuilt).toEqual(full);
  });
});

describe('HID POS reports (ID TECH layout)', () => {
  it('has no AIM field; data at byte 2, symbology at 62, continued flag at 63', () => {
    const r1 = new Uint8Array(64);
    r1.set([0x02, 56]);
    r1.set(new Uint8Array(56).fill(0x31), 2);
    r1[63] = 0x01;
    const r2 = new Uint8Array(64);
    r2.set([0x02, 3, 0x32, 0x32, 0x32]);
    r2[62] = 0x51;
    const asm = createHidAssembler({ layout: IDTECH_LAYOUT });
    const out = [...asm.push(r1), ...asm.push(r2)];
    const s = scans(out)[0]!;
    expect(dec.decode(s.scan.data)).toBe('1'.repeat(56) + '222');
    expect(s.scan.aim).toBeNull();
    expect(s.scan.vendorSymbology).toBe(0x51);
  });
});

describe('HID POS properties', () => {
  it('encode then reassemble gives the payload back, for both layouts', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.constantFrom(HONEYWELL_LAYOUT, IDTECH_LAYOUT), (payload, layout) => {
        const asm = createHidAssembler({ layout });
        const reports = encodeHidPosReports(payload, { layout, aim: ']Q1' });
        expect(reports).toHaveLength(Math.max(1, Math.ceil(payload.length / 56)));
        const out = reports.flatMap((r, i) => asm.push(r, i));
        const s = scans(out);
        expect(s).toHaveLength(1);
        expect(s[0]!.scan.data).toEqual(payload);
        expect(out.filter((e) => e.type === 'partial')).toHaveLength(reports.length - 1);
      }),
      { numRuns: 10_000 },
    );
  });

  it('never throws on arbitrary reports, and never returns more data than it was given', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 0, maxLength: 80 }), { maxLength: 10 }), (reports) => {
        const asm = createHidAssembler({ maxPayloadBytes: 300 });
        let given = 0;
        for (const r of reports) {
          given += r.length;
          for (const e of asm.push(r)) {
            if (e.type === 'scan') expect(e.scan.data.length).toBeLessThanOrEqual(Math.min(given, 300));
          }
        }
      }),
      { numRuns: 10_000 },
    );
  });
});
