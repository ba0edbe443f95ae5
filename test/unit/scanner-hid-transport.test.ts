/**
 * The HID POS transport (drivers/scanner/transports/hid.ts). No HID scanner exists on a build
 * machine and node-hid cannot fake one, so this test injects a small MOCK backend: a device
 * list and a device object that emits the input reports a Honeywell-layout scanner would send
 * (built with the protocol's own encoder; the decoding itself is tested from recorded report
 * bytes in scanner-hidpos.test.ts). Time is a manual clock.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../drivers/scanner/protocol/clock';
import { encodeHidPosReports } from '../../drivers/scanner/protocol/hidpos';
import type { RejectEvent, ScanEvent, StatusEvent } from '../../drivers/scanner/types';
import { createHidScanner, type HidBackend, type HidDeviceInfo, type HidDeviceLike } from '../../drivers/scanner/transports/hid';

/** MOCK: a HID device that is not a real device. It says so. */
class MockHidDevice extends EventEmitter implements HidDeviceLike {
  readonly isMock = true;
  closed = false;
  constructor(readonly path: string) {
    super();
  }
  close() {
    this.closed = true;
  }
  report(bytes: Uint8Array) {
    this.emit('data', Buffer.from(bytes));
  }
}

function mockBackend(devices: HidDeviceInfo[]) {
  const opened: MockHidDevice[] = [];
  const backend: HidBackend & { list: HidDeviceInfo[]; opened: MockHidDevice[]; failOpen?: string | undefined } = {
    list: devices,
    opened,
    async devices() {
      return backend.list;
    },
    async open(path) {
      if (backend.failOpen) throw new Error(backend.failOpen);
      const d = new MockHidDevice(path);
      opened.push(d);
      return d;
    },
  };
  return backend;
}

const SCANNER: HidDeviceInfo = { vendorId: 0x0c2e, productId: 0x0b61, path: '/dev/hidraw3', usagePage: 0x8c, usage: 2 };
const KEYBOARD_IF: HidDeviceInfo = { vendorId: 0x0c2e, productId: 0x0b61, path: '/dev/hidraw2', usagePage: 0x01, usage: 6 };

function record(d: ReturnType<typeof createHidScanner>) {
  const r = { scans: [] as ScanEvent[], rejected: [] as RejectEvent[], status: [] as StatusEvent[] };
  d.on('scan', (e) => r.scans.push(e));
  d.on('rejected', (e) => r.rejected.push(e));
  d.on('status', (e) => r.status.push(e));
  return r;
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('HID POS transport (mock HID device)', () => {
  it('the mock says it is a mock', async () => {
    const b = mockBackend([SCANNER]);
    const d = createHidScanner({ usbVendorId: 0x0c2e, usbProductId: 0x0b61, backend: b });
    await d.start();
    expect(b.opened[0]!.isMock).toBe(true);
    await d.stop();
  });

  it('opens the usage-page 0x8C interface by vendor/product id, never the keyboard interface', async () => {
    const b = mockBackend([KEYBOARD_IF, SCANNER]);
    const d = createHidScanner({ usbVendorId: '0c2e', usbProductId: '0x0b61', backend: b });
    const r = record(d);
    await d.start();
    expect(b.opened.map((x) => x.path)).toEqual(['/dev/hidraw3']);
    expect(r.status).toEqual([{ state: 'connected', detail: '/dev/hidraw3' }]);
    await d.stop();
  });

  it('decodes a multi-report CCCD QR with its AIM identifier', async () => {
    const clock = createManualClock();
    const b = mockBackend([SCANNER]);
    const d = createHidScanner({ usbVendorId: 0x0c2e, backend: b, clock });
    const r = record(d);
    await d.start();
    const cccd = '001099012345|123456789|Nguyễn Thị Ánh|01021999|Nữ|Số 12 phố Hàng Bạc, Phường Hoàn Kiếm, Hà Nội|15082021';
    const reports = encodeHidPosReports(new TextEncoder().encode(cccd), { aim: ']Q1', vendorSymbology: 's'.charCodeAt(0) });
    expect(reports.length).toBeGreaterThan(1);
    for (const rep of reports) {
      b.opened[0]!.report(rep);
      clock.advance(5);
    }
    expect(r.scans).toEqual([{ text: cccd, source: 'hid', aim: ']Q1', symbology: 'qr' }]);
    await d.stop();
  });

  it('rejects invalid UTF-8 and abandons a partial payload that never completes', async () => {
    const clock = createManualClock();
    const b = mockBackend([SCANNER]);
    const d = createHidScanner({ usbVendorId: 0x0c2e, backend: b, clock });
    const r = record(d);
    await d.start();
    const dev = b.opened[0]!;
    dev.report(encodeHidPosReports(new Uint8Array([0xc3, 0x28, 0x41]))[0]!);
    const long = encodeHidPosReports(new TextEncoder().encode('X'.repeat(100)));
    dev.report(long[0]!); // first half only
    clock.advance(5000);
    dev.report(encodeHidPosReports(new TextEncoder().encode('000.00.12.H56-260314-0042'), { aim: ']C0' })[0]!);
    expect(r.rejected.map((e) => e.reason)).toEqual(['invalid-utf8', 'stale']);
    expect(r.scans).toEqual([{ text: '000.00.12.H56-260314-0042', source: 'hid', aim: ']C0', symbology: 'code128' }]);
    await d.stop();
  });

  it('a device error is an unplug: disconnected, then reconnect with backoff when it is back', async () => {
    const clock = createManualClock();
    const b = mockBackend([SCANNER]);
    const d = createHidScanner({ usbVendorId: 0x0c2e, backend: b, clock, reconnect: { initialDelayMs: 100, maxDelayMs: 400 } });
    const r = record(d);
    await d.start();
    b.list = [];
    b.opened[0]!.emit('error', new Error('could not read from HID device'));
    expect(d.state).toBe('disconnected');
    await flush();
    expect(b.opened[0]!.closed).toBe(true);
    for (let i = 0; i < 5; i++) {
      clock.advance(400);
      await flush();
    }
    expect(d.state).toBe('disconnected');
    b.list = [SCANNER];
    clock.advance(400);
    await flush();
    expect(d.state).toBe('connected');
    expect(r.status.map((s) => s.state)).toEqual(['connected', 'disconnected', 'connected']);
    b.opened[1]!.report(encodeHidPosReports(new TextEncoder().encode('LH-260315-0007'))[0]!);
    expect(r.scans.map((s) => s.text)).toEqual(['LH-260315-0007']);
    await d.stop();
  });

  it('an open failure is an error status, retried; nothing throws', async () => {
    const clock = createManualClock();
    const b = mockBackend([SCANNER]);
    b.failOpen = 'EACCES: permission denied';
    const d = createHidScanner({ usbVendorId: 0x0c2e, backend: b, clock, reconnect: { initialDelayMs: 50 } });
    const r = record(d);
    await d.start();
    expect(r.status[0]).toMatchObject({ state: 'error' });
    expect(r.status[0]!.detail).toContain('permission denied');
    b.failOpen = undefined;
    clock.advance(100);
    await flush();
    expect(d.state).toBe('connected');
    await d.stop();
  });

  it('ignores reports of other report ids and short reports', async () => {
    const b = mockBackend([SCANNER]);
    const d = createHidScanner({ usbVendorId: 0x0c2e, backend: b });
    const r = record(d);
    await d.start();
    b.opened[0]!.report(new Uint8Array([0x01, 0x00, 0x04]));
    b.opened[0]!.report(new Uint8Array(64).fill(0x07));
    expect(r.scans).toEqual([]);
    expect(d.state).toBe('connected');
    await d.stop();
  });
});
