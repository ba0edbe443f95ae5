import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EscPosBuilder, createBitmap, realtimeStatusRequest, rasterImage } from '../../drivers/printer/protocol/escpos';
import { StatusStreamParser, type PrinterEvent } from '../../drivers/printer/protocol/status';
import { CODE_PAGE_EPSON_WPC1258, encodeTextForCodePage, selectCodePageBytes } from '../../drivers/printer/profiles';
import { SimulatedPrinter } from '../../drivers/printer/simulator';

const text = (s: string): Uint8Array => {
  const r = encodeTextForCodePage(CODE_PAGE_EPSON_WPC1258, s);
  if (!r.ok) throw new Error(`unencodable ${r.unencodable.join('')}`);
  return r.bytes;
};

function receipt(code: string): Uint8Array {
  return new EscPosBuilder()
    .initialize()
    .raw(selectCodePageBytes(CODE_PAGE_EPSON_WPC1258))
    .align('center')
    .text(text('GIẤY TIẾP NHẬN HỒ SƠ'))
    .lf()
    .text(text(`Mã hồ sơ: ${code}`))
    .lf()
    .code128(code)
    .qr(`https://dvc.example.vn/tra-cuu/${code}`)
    .feed(3)
    .cut('partial', 3)
    .build();
}

function setup() {
  const p = new SimulatedPrinter({ codePage: CODE_PAGE_EPSON_WPC1258, keepJobs: 2 });
  const data: number[] = [];
  const events: PrinterEvent[] = [];
  p.on('data', (b) => data.push(...b));
  p.on('status', (e) => events.push(e.event));
  return { p, data, events };
}

describe('simulated printer', () => {
  it('records a job: text decoded, barcode and QR payloads, cut', () => {
    const { p } = setup();
    p.write(receipt('000.00.12.H56-260314-0042'));
    expect(p.jobs.length).toBe(1);
    const job = p.jobs[0];
    expect(job?.lines.slice(0, 2)).toEqual(['GIẤY TIẾP NHẬN HỒ SƠ', 'Mã hồ sơ: 000.00.12.H56-260314-0042']);
    expect(job?.barcodes).toEqual([{ m: 73, data: '000.00.12.H56-260314-0042' }]);
    expect(job?.qrCodes).toEqual(['https://dvc.example.vn/tra-cuu/000.00.12.H56-260314-0042']);
    expect(job?.cut).toBe('partial');
    expect(job?.bytes).toEqual(receipt('000.00.12.H56-260314-0042'));
  });
  it('keeps the last N jobs; accepts bytes split anywhere', () => {
    const { p } = setup();
    const all = [receipt('A-1'), receipt('A-2'), receipt('A-3')];
    for (const job of all) for (let i = 0; i < job.length; i += 7) p.write(job.subarray(i, i + 7));
    expect(p.jobs.map((j) => j.barcodes[0]?.data)).toEqual(['A-2', 'A-3']);
  });
  it('answers DLE EOT 1..4 with its state', () => {
    const { p, data } = setup();
    p.write(Uint8Array.of(0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x03, 0x10, 0x04, 0x04));
    expect(data).toEqual([0x12, 0x12, 0x12, 0x12]);
    data.length = 0;
    p.paperOut();
    p.write(Uint8Array.of(0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04));
    expect(data).toEqual([0x1a, 0x32, 0x7e]);
    data.length = 0;
    p.loadPaper();
    p.openCover();
    p.write(Uint8Array.of(0x10, 0x04, 0x02));
    expect(data).toEqual([0x16]);
  });
  it('does not take 10 04 01 inside raster data for a status request', () => {
    const { p, data } = setup();
    const bmp = createBitmap(24, 1);
    bmp.data.set([0x10, 0x04, 0x01]);
    p.write(rasterImage(bmp));
    expect(data).toEqual([]);
    p.flushJob();
    expect(p.jobs[0]?.images).toEqual([{ widthDots: 24, height: 1, data: Uint8Array.of(0x10, 0x04, 0x01) }]);
  });
  it('paper out: job waits, events fire, prints when paper is loaded', () => {
    const { p, events } = setup();
    p.paperLow();
    p.paperOut();
    p.write(receipt('B-1'));
    expect(p.jobs.length).toBe(0);
    expect(p.pendingBytes).toBeGreaterThan(0);
    expect(p.status).toMatchObject({ online: false, paperOut: true });
    p.loadPaper();
    expect(p.jobs.length).toBe(1);
    expect(p.pendingBytes).toBe(0);
    expect(events).toEqual(['paperLow', 'paperOut', 'offline', 'ready']);
  });
  it('cover, offline and errors', () => {
    const { p, events } = setup();
    p.openCover();
    p.closeCover();
    p.goOffline();
    p.comeOnline();
    p.setError('autocutter');
    expect(p.status).toMatchObject({ error: true, autocutterError: true, recoverable: true, online: false });
    p.clearError();
    expect(events).toEqual(['coverOpen', 'offline', 'ready', 'offline', 'ready', 'offline', 'ready']);
  });
  it('ASB after GS a, parsed by the stream parser', () => {
    const { p, data } = setup();
    p.write(Uint8Array.of(0x1d, 0x61, 0x0e));
    p.openCover();
    const parser = new StatusStreamParser();
    const items = parser.push(data);
    expect(items.map((i) => i.type)).toEqual(['asb', 'asb']);
    const last = items[1];
    expect(last?.type === 'asb' && last.status).toMatchObject({ coverOpen: true, online: false });
  });
  it('silent, garbage and power off', () => {
    const { p, data } = setup();
    p.setReplyMode('silent');
    p.write(realtimeStatusRequest(1));
    expect(data).toEqual([]);
    p.setReplyMode('garbage');
    p.write(realtimeStatusRequest(1));
    const parser = new StatusStreamParser();
    parser.expectRealtime(1);
    expect(parser.push(data).map((i) => i.type)).toEqual(['other']);
    data.length = 0;
    p.setReplyMode('normal');
    p.write(receipt('C-1').subarray(0, 20));
    p.powerOff();
    p.write(realtimeStatusRequest(1));
    expect(data).toEqual([]);
    expect(p.status.online).toBe(false);
    p.powerOn();
    expect(p.pendingBytes).toBe(0);
  });
  it('property: any bytes are accepted without throwing', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 10 }), (chunks) => {
        const p = new SimulatedPrinter({ codePage: CODE_PAGE_EPSON_WPC1258 });
        for (const c of chunks) p.write(c);
        p.flushJob();
      }),
    );
  });
});
