/**
 * The serial scanner transport over real PTY pairs from socat, opened with the real serialport.
 * Killing socat unplugs the "scanner"; starting it again on the same paths plugs it back.
 * In CI a missing socat fails the run (requireSocat throws).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeCp1252 } from '../../drivers/scanner/protocol/text';
import type { RejectEvent, ScanEvent, StatusEvent } from '../../drivers/scanner/types';
import { createSerialScanner, type SerialScanner, type SerialScannerOptions } from '../../drivers/scanner/transports/serial';
import { createPtyPair, requireSocat, type PtyPair } from '../support/pty';
import { until } from '../support/wait';

const hasSocat = requireSocat();

let pty: PtyPair | undefined;
let driver: SerialScanner | undefined;
afterEach(async () => {
  await driver?.stop();
  driver = undefined;
  await pty?.close();
  pty = undefined;
});

interface Recorder {
  scans: ScanEvent[];
  rejected: RejectEvent[];
  status: StatusEvent[];
}

function record(d: SerialScanner): Recorder {
  const r: Recorder = { scans: [], rejected: [], status: [] };
  d.on('scan', (e) => r.scans.push(e));
  d.on('rejected', (e) => r.rejected.push(e));
  d.on('status', (e) => r.status.push(e));
  return r;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function open(opts: Partial<SerialScannerOptions> & Pick<SerialScannerOptions, 'suffix'>): Promise<Recorder> {
  pty = await createPtyPair();
  driver = createSerialScanner({ path: pty.devicePath, reconnect: { initialDelayMs: 20, maxDelayMs: 200 }, ...opts });
  const r = record(driver);
  await driver.start();
  expect(driver.state).toBe('connected');
  return r;
}

const CODE = '000.00.12.H56-260314-0042';
const CCCD = '001099012345|123456789|Nguyễn Thị Ánh|01021999|Nữ|Số 12 phố Hàng Bạc, Phường Hoàn Kiếm, Hà Nội|15082021';

describe.skipIf(!hasSocat)('serial scanner over a socat PTY pair (real serialport)', () => {
  it.each([
    ['cr', '\r'],
    ['lf', '\n'],
    ['crlf', '\r\n'],
  ] as const)('reads a scan ending in %s', async (suffix, end) => {
    const r = await open({ suffix });
    pty!.write(`${CODE}${end}`);
    await until(() => r.scans.length === 1, 'the scan');
    expect(r.scans[0]).toMatchObject({ text: CODE, source: 'serial' });
    expect(r.rejected).toEqual([]);
  });

  it('closes a scan by the inter-byte timeout when the scanner sends no suffix', async () => {
    const r = await open({ suffix: 'none', interByteTimeoutMs: 60 });
    pty!.write(CODE);
    await until(() => r.scans.length === 1, 'the scan');
    expect(r.scans[0]!.text).toBe(CODE);
    await sleep(150);
    pty!.write('LH-260315-0007');
    await until(() => r.scans.length === 2, 'the second scan');
    expect(r.scans.map((s) => s.text)).toEqual([CODE, 'LH-260315-0007']);
  });

  it('a burst of line noise without a terminator, then a pause: the next scan is read whole', async () => {
    const r = await open({ suffix: 'cr' });
    pty!.write('~#@!%&garbage-from-a-loose-cable');
    // The silence is the scenario itself (a scan is one burst): longer than the frame gap.
    await sleep(400);
    pty!.write(`${CODE}\r`);
    await until(() => r.scans.length === 1, 'the scan after the noise');
    expect(r.scans[0]!.text).toBe(CODE);
  });

  it('joins a scan split over several writes', async () => {
    const r = await open({ suffix: 'cr' });
    pty!.write('000.00.');
    await sleep(15);
    pty!.write('12.H56-26');
    await sleep(15);
    pty!.write('0314-0042');
    await sleep(15);
    expect(r.scans).toEqual([]);
    pty!.write('\r');
    await until(() => r.scans.length === 1, 'the scan');
    expect(r.scans[0]!.text).toBe(CODE);
  });

  it('splits two scans sent in one write, CRLF split across the terminator too', async () => {
    const r = await open({ suffix: 'crlf' });
    pty!.write(`${CODE}\r\nLH-260315-0007\r`);
    await sleep(20);
    pty!.write('\n');
    await until(() => r.scans.length === 2, 'two scans');
    expect(r.scans.map((s) => s.text)).toEqual([CODE, 'LH-260315-0007']);
  });

  it('keeps Vietnamese UTF-8 intact (CCCD QR) and repairs UTF-8 that a bridge read as Windows-1252', async () => {
    const r = await open({ suffix: 'cr' });
    pty!.write(`${CCCD}\r`);
    const garbled = decodeCp1252(Buffer.from(CCCD, 'utf8')); // "Nguyá»…n ..." re-encoded as UTF-8
    pty!.write(`${garbled}\r`);
    await until(() => r.scans.length === 2, 'two scans');
    expect(r.scans[0]!.text).toBe(CCCD.normalize('NFC'));
    expect(r.scans[1]!.text).toBe(CCCD.normalize('NFC'));
    expect(r.scans[1]!.repaired).toBe(true);
  });

  it('splits off an AIM identifier sent in front of the data', async () => {
    const r = await open({ suffix: 'cr' });
    pty!.write(`]Q1${CODE}\r`);
    await until(() => r.scans.length === 1, 'the scan');
    expect(r.scans[0]).toMatchObject({ text: CODE, aim: ']Q1', symbology: 'qr' });
  });

  it('drops 4 KB of garbage without a terminator as one overflow, then reads the next scan', async () => {
    const r = await open({ suffix: 'cr' });
    let garbage = '';
    for (let i = 0; i < 5000; i++) garbage += String.fromCharCode(0x41 + ((i * 7919) % 26));
    for (let i = 0; i < garbage.length; i += 1000) pty!.write(garbage.slice(i, i + 1000));
    pty!.write(`\r${CODE}\r`);
    await until(() => r.scans.length === 1, 'the scan after the garbage');
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0]).toMatchObject({ reason: 'overflow', source: 'serial' });
    expect(r.scans[0]!.text).toBe(CODE);
  });

  it('rejects binary noise and invalid UTF-8 and keeps reading', async () => {
    const r = await open({ suffix: 'cr' });
    const noise = new Uint8Array(600);
    let x = 12345;
    for (let i = 0; i < noise.length; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      noise[i] = x & 0xff;
    }
    pty!.write(noise);
    pty!.write(new Uint8Array([0x0d, 0xc3, 0x28, 0x41, 0x42, 0x0d])); // invalid UTF-8 frame
    pty!.write(`${CODE}\r`);
    await until(() => r.scans.some((s) => s.text === CODE), 'the scan after the noise');
    expect(r.rejected.length).toBeGreaterThan(0);
    expect(r.rejected.some((e) => e.reason === 'noise')).toBe(true);
    expect(r.rejected.some((e) => e.reason === 'invalid-utf8')).toBe(true);
    expect(driver!.state).toBe('connected');
  });

  it('says disconnected when the far side closes (unplug) and reconnects when it comes back', async () => {
    const r = await open({ suffix: 'cr' });
    pty!.write(`${CODE}\r`);
    await until(() => r.scans.length === 1, 'the first scan');
    await pty!.unplug();
    // Seen once in 20 runs under heavy load: no close from serialport within 5 s. The message
    // carries what the driver said, for the next time.
    await until(() => r.status.some((s) => s.state === 'disconnected'), 'disconnected').catch((err: Error) => {
      throw new Error(`${err.message}; driver state ${driver!.state}; statuses ${JSON.stringify(r.status)}`);
    });
    expect(driver!.state).toBe('disconnected');
    await sleep(300); // several failed attempts while the device is away
    await pty!.replug();
    await until(() => driver!.state === 'connected', 'reconnect');
    expect(r.status.map((s) => s.state)).toEqual(['connected', 'disconnected', 'connected']);
    pty!.write('LH-260315-0007\r');
    await until(() => r.scans.length === 2, 'a scan after replug');
    expect(r.scans[1]!.text).toBe('LH-260315-0007');
  });

  it('starts without the device, says so, and connects when it appears', async () => {
    pty = await createPtyPair();
    await pty.unplug();
    driver = createSerialScanner({ path: pty.devicePath, suffix: 'cr', reconnect: { initialDelayMs: 20, maxDelayMs: 100 } });
    const r = record(driver);
    await driver.start();
    expect(driver.state).toBe('disconnected');
    expect(r.status[0]).toMatchObject({ state: 'disconnected' });
    expect(r.status[0]!.detail).toContain('not found');
    await pty.replug();
    await until(() => driver!.state === 'connected', 'connect');
    pty.write(`${CODE}\r`);
    await until(() => r.scans.length === 1, 'the scan');
  });

  it('picks the port by USB vendor/product id (port list injected: a PTY has no USB ids)', async () => {
    pty = await createPtyPair();
    const devicePath = pty.devicePath;
    driver = createSerialScanner({
      usbVendorId: '0x0c2e',
      usbProductId: 0x0b61,
      suffix: 'cr',
      list: async () => [
        { path: '/dev/ttyS0' },
        { path: '/dev/ttyUSB9', vendorId: '0c2e', productId: '0001' }, // same vendor, other product
        { path: devicePath, vendorId: '0c2e', productId: '0b61' },
      ],
    });
    const r = record(driver);
    await driver.start();
    expect(driver.path).toBe(devicePath);
    pty.write(`${CODE}\r`);
    await until(() => r.scans.length === 1, 'the scan');
  });

  it('a listener that throws does not break the driver', async () => {
    const errors: unknown[] = [];
    pty = await createPtyPair();
    driver = createSerialScanner({ path: pty.devicePath, suffix: 'cr', onListenerError: (e) => errors.push(e) });
    const got: string[] = [];
    driver.on('scan', () => {
      throw new Error('listener bug');
    });
    driver.on('scan', (e) => got.push(e.text));
    await driver.start();
    pty.write(`${CODE}\rLH-260315-0007\r`);
    await until(() => got.length === 2, 'both scans');
    expect(errors).toHaveLength(2);
  });
});
