/**
 * The printer device over real links to a fake printer: a socat PTY pair opened with the real
 * serialport (serial transport), the same PTY opened as a character device (the /dev/usb/lpN
 * transport), and a local TCP server (port 9100 transport). The fake printer answers DLE EOT with
 * paper-out, cover-open and offline states; the job stays queued and prints when it is ready again.
 * In CI a missing socat fails.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PrinterDevice, type DeviceEvent } from '../../drivers/printer/device';
import { layoutDocument } from '../../drivers/printer/layout';
import { PRINTER_PROFILES, type PrinterProfile } from '../../drivers/printer/profiles';
import { renderEscPos } from '../../drivers/printer/render';
import { SimulatedPrinter } from '../../drivers/printer/simulator';
import { createTransport, type TransportSpec } from '../../drivers/printer/transport';
import { receiptDocument } from '../../main/services/printing/templates';
import { serialFakePrinter, tcpFakePrinter, type FakePrinterLink } from '../fixtures/printer/peers';
import { createPtyPair, requireSocat, type PtyPair } from '../support/pty';
import { until } from '../support/wait';

const hasSocat = requireSocat();
const profile = PRINTER_PROFILES['epson-80'] as PrinterProfile;
const CODE = '000.00.12.H56-260314-0042';
const receipt = renderEscPos(
  layoutDocument(
    receiptDocument(
      { dossierCode: CODE, applicant: { name: 'Nguyễn Thị Ánh Tuyết' }, receivedAt: '2026-03-14T02:05:00Z' },
      { trackingUrl: 'https://dvc.example.vn/t/' },
    ),
    profile.paper.columns,
  ),
  profile,
).bytes;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  cleanups.length = 0;
});

interface Rig {
  sim: SimulatedPrinter;
  device: PrinterDevice;
  events: DeviceEvent[];
  link: FakePrinterLink & { dropClients?: () => void };
}

async function rig(kind: 'serial' | 'usb' | 'tcp'): Promise<Rig> {
  const sim = new SimulatedPrinter({ codePage: profile.codePage });
  let spec: TransportSpec;
  let link: Rig['link'];
  if (kind === 'tcp') {
    const server = await tcpFakePrinter(sim);
    cleanups.push(() => server.close());
    link = server;
    spec = { kind: 'tcp', host: '127.0.0.1', port: server.port };
  } else {
    const pty: PtyPair = await createPtyPair();
    cleanups.push(() => pty.close());
    link = await serialFakePrinter(pty.peerPath, sim);
    cleanups.push(() => link.close());
    spec = kind === 'serial' ? { kind: 'serial', path: pty.devicePath, baudRate: 115200 } : { kind: 'usb', path: pty.devicePath };
  }
  const device = new PrinterDevice({
    transport: () => createTransport(spec),
    pollIntervalMs: 50,
    statusTimeoutMs: 400,
    backoff: { initialMs: 20, maxMs: 200 },
  });
  cleanups.unshift(() => device.stop());
  const events: DeviceEvent[] = [];
  device.on((e) => events.push(e));
  device.start();
  await until(() => device.condition === 'ready', `${kind}: ready`, 8000);
  return { sim, device, events, link };
}

const FAULTS = [
  ['paper out', 'paperOut', (s: SimulatedPrinter) => s.paperOut(), (s: SimulatedPrinter) => s.loadPaper()],
  ['cover open', 'coverOpen', (s: SimulatedPrinter) => s.openCover(), (s: SimulatedPrinter) => s.closeCover()],
  ['offline', 'offline', (s: SimulatedPrinter) => s.goOffline(), (s: SimulatedPrinter) => s.comeOnline()],
] as const;

describe.skipIf(!hasSocat).each(['serial', 'usb', 'tcp'] as const)('printer over %s to a fake printer', (kind) => {
  it('prints a receipt: the fake printer decodes the same text, QR and barcode', async () => {
    const { sim, device } = await rig(kind);
    const job = device.submit(receipt, `receipt ${CODE}`);
    expect(await device.waitFor(job.id, 8000)).toBe('printed');
    await until(() => sim.jobs.length === 1, 'the job on paper', 8000);
    const printed = sim.jobs[0]!;
    expect(printed.bytes).toEqual(receipt);
    expect(printed.lines).toContain('Người nộp: Nguyễn Thị Ánh Tuyết');
    expect(printed.barcodes[0]?.data).toBe(CODE);
    expect(printed.qrCodes).toEqual([`https://dvc.example.vn/t/${CODE}`]);
  });

  it.each(FAULTS)('%s: the job stays queued and prints when the printer is ready again', async (_n, condition, fault, fix) => {
    const { sim, device, events } = await rig(kind);
    fault(sim);
    await until(() => device.condition === condition, condition, 8000);
    const job = device.submit(receipt, 'receipt');
    expect(await device.waitFor(job.id, 300)).toBe('queued');
    expect(device.queue).toHaveLength(1);
    expect(sim.jobs).toHaveLength(0);
    fix(sim);
    // Both sides, in either order: the device's word that the kept job was sent (its write done,
    // the job off its queue), and the fake printer's whole job (the bytes may still be in the
    // link when the device is done, or the printer may hold them all before the device knows).
    expect(await device.waitFor(job.id, 10_000)).toBe('printed');
    expect(device.queue).toHaveLength(0);
    await until(() => sim.jobs.length === 1, 'the kept job on paper', 8000);
    expect(sim.jobs[0]!.bytes).toEqual(receipt);
    const conditions = events.flatMap((e) => (e.type === 'condition' ? [e.condition] : []));
    expect(conditions.slice(-2)).toEqual([condition, 'ready']);
  });

  it('a printer that stops answering is offline; the job waits for it', async () => {
    const { sim, device } = await rig(kind);
    sim.setReplyMode('silent');
    await until(() => device.condition === 'offline', 'offline', 8000);
    const job = device.submit(receipt, 'receipt');
    expect(await device.waitFor(job.id, 300)).toBe('queued');
    sim.setReplyMode('normal');
    expect(await device.waitFor(job.id, 8000)).toBe('printed');
  });

  if (kind === 'tcp') {
    it('reconnects after the network printer drops the connection', async () => {
      const { sim, device, link } = await rig(kind);
      link.dropClients?.();
      await until(() => device.condition === 'offline', 'offline after the drop', 8000);
      await until(() => device.condition === 'ready', 'ready after reconnecting', 8000);
      const job = device.submit(receipt, 'receipt');
      expect(await device.waitFor(job.id, 8000)).toBe('printed');
      await until(() => sim.jobs.length === 1, 'printed', 8000);
    });
  }
});

describe.skipIf(!hasSocat)('USB printer-class transport backpressure', () => {
  it('a job larger than the device buffer goes through EAGAIN retries, every byte in order', async () => {
    const pty = await createPtyPair();
    cleanups.push(() => pty.close());
    const { SerialPort } = await import('serialport');
    const far = new SerialPort({ path: pty.peerPath, baudRate: 115200, autoOpen: false });
    await new Promise<void>((res, rej) => far.open((e) => (e ? rej(e) : res())));
    cleanups.push(() => new Promise<void>((r) => far.close(() => r())));
    const got: Buffer[] = [];
    far.pause(); // the printer is busy: it reads nothing for a while
    const t = createTransport({ kind: 'usb', path: pty.devicePath });
    await t.open();
    cleanups.push(() => t.close());
    const big = new Uint8Array(512 * 1024).map((_, i) => (i * 7) & 0x7f);
    let done = false;
    const writing = t.write(big).then(() => {
      done = true;
    });
    // The kernel buffers fill and the writes must wait (EAGAIN) instead of failing or dropping.
    await new Promise((r) => setTimeout(r, 300));
    expect(done).toBe(false);
    far.on('data', (d: Buffer) => got.push(d));
    far.resume();
    await writing;
    await until(() => got.reduce((n, b) => n + b.length, 0) >= big.length, 'every byte at the far end', 8000);
    expect(Buffer.concat(got).equals(Buffer.from(big))).toBe(true);
  });
});
