/**
 * The printer device (queue, status polling, reconnect) against the in-process simulator through
 * SimulatorTransport: the same code path as demo mode. The real links (PTY, TCP) are in
 * test/integration/printer-transports.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PrinterDevice, type DeviceEvent } from '../../drivers/printer/device';
import { CODE_PAGE_EPSON_WPC1258 } from '../../drivers/printer/profiles';
import { EscPosBuilder } from '../../drivers/printer/protocol/escpos';
import { SimulatedPrinter } from '../../drivers/printer/simulator';
import { SimulatorTransport, type PrinterTransport } from '../../drivers/printer/transport';
import { until } from '../support/wait';

const job = (text: string): Uint8Array => new EscPosBuilder().initialize().ascii(text).lf().cut('partial', 0).build();

let device: PrinterDevice | undefined;
afterEach(async () => {
  await device?.stop();
  device = undefined;
});

function setup(transport?: () => PrinterTransport) {
  const sim = new SimulatedPrinter({ codePage: CODE_PAGE_EPSON_WPC1258 });
  const events: DeviceEvent[] = [];
  device = new PrinterDevice({
    transport: transport ?? (() => new SimulatorTransport(sim)),
    pollIntervalMs: 20,
    statusTimeoutMs: 100,
    writeTimeoutMs: 200,
    backoff: { initialMs: 10, maxMs: 50 },
  });
  device.on((e) => events.push(e));
  device.start();
  const printed = () => sim.jobs.map((j) => j.lines.join('|'));
  const conditions = () => events.flatMap((e) => (e.type === 'condition' ? [e.condition] : []));
  const statusEvents = () => events.flatMap((e) => (e.type === 'status' ? [e.event] : []));
  return { sim, events, printed, conditions, statusEvents, d: device };
}

describe('printer device with the simulator', () => {
  it('prints a job when ready', async () => {
    const { d, printed } = setup();
    await until(() => d.condition === 'ready', 'ready', 3000);
    const j = d.submit(job('HELLO'), 'test');
    expect(await d.waitFor(j.id, 2000)).toBe('printed');
    expect(printed()).toEqual(['HELLO']);
    expect(d.queue).toEqual([]);
  });

  it.each([
    ['paper out', 'paperOut', (s: SimulatedPrinter) => s.paperOut(), (s: SimulatedPrinter) => s.loadPaper()],
    ['cover open', 'coverOpen', (s: SimulatedPrinter) => s.openCover(), (s: SimulatedPrinter) => s.closeCover()],
    ['offline', 'offline', (s: SimulatedPrinter) => s.goOffline(), (s: SimulatedPrinter) => s.comeOnline()],
    ['cutter jam', 'error', (s: SimulatedPrinter) => s.setError('autocutter'), (s: SimulatedPrinter) => s.clearError()],
  ] as const)('%s: the job stays queued, then prints when the printer is back', async (_name, condition, fault, fix) => {
    const { sim, d, printed, conditions, statusEvents } = setup();
    await until(() => d.condition === 'ready', 'ready', 3000);
    fault(sim);
    await until(() => d.condition === condition, condition, 3000);
    const j = d.submit(job('KEPT'), 'test');
    expect(await d.waitFor(j.id, 150)).toBe('queued');
    expect(d.queue.map((q) => q.id)).toEqual([j.id]);
    expect(sim.jobs).toHaveLength(0);
    fix(sim);
    await until(() => printed().length === 1, 'the kept job printed', 3000);
    expect(printed()).toEqual(['KEPT']);
    expect(d.queue).toEqual([]);
    expect(conditions()).toContain(condition);
    expect(statusEvents()).toContain('ready');
    if (condition === 'paperOut') expect(statusEvents()).toContain('paperOut');
    if (condition === 'coverOpen') expect(statusEvents()).toContain('coverOpen');
  });

  it('paper low is reported and still prints', async () => {
    const { sim, d, printed, statusEvents } = setup();
    sim.paperLow();
    await until(() => d.condition === 'paperLow', 'paperLow', 3000);
    d.submit(job('LOW'), 'test');
    await until(() => printed().length === 1, 'printed', 3000);
    expect(statusEvents()).toContain('paperLow');
  });

  it.each(['silent', 'garbage'] as const)('a printer that answers %s is offline, and nothing is sent', async (mode) => {
    const { sim, d } = setup();
    sim.setReplyMode(mode);
    await until(() => d.condition === 'offline', 'offline', 3000);
    const j = d.submit(job('NO'), 'test');
    expect(await d.waitFor(j.id, 100)).toBe('queued');
    expect(sim.jobs).toHaveLength(0);
    sim.setReplyMode('normal');
    await until(() => sim.jobs.length === 1, 'printed after the printer answers again', 3000);
  });

  it('a technician cancels a queued job', async () => {
    const { sim, d } = setup();
    sim.paperOut();
    await until(() => d.condition === 'paperOut', 'paperOut', 3000);
    const j = d.submit(job('CANCELLED'), 'test');
    expect(d.cancel(j.id)).toBe(true);
    expect(d.cancel(j.id)).toBe(false);
    sim.loadPaper();
    await until(() => d.condition === 'ready', 'ready', 3000);
    await new Promise((r) => setTimeout(r, 60));
    expect(sim.jobs).toHaveLength(0);
  });

  it('a write that never completes times out; the job is kept and sent after reconnecting', async () => {
    const sim = new SimulatedPrinter({ codePage: CODE_PAGE_EPSON_WPC1258 });
    let opens = 0;
    let stuck = true;
    const factory = (): PrinterTransport => {
      opens++;
      const t = new SimulatorTransport(sim);
      const write = t.write.bind(t);
      // status requests pass; the first big write hangs (a printer that stopped reading)
      t.write = (b: Uint8Array) => (stuck && b.length > 12 ? new Promise<void>(() => undefined) : write(b));
      return t;
    };
    const { d } = setup(factory);
    await until(() => d.condition === 'ready', 'ready', 3000);
    const j = d.submit(job('RETRY THIS JOB'), 'test');
    await until(() => opens >= 2, 'a reconnect after the timeout', 3000);
    expect(d.queue.map((q) => q.id)).toEqual([j.id]);
    stuck = false;
    expect(await d.waitFor(j.id, 3000)).toBe('printed');
    expect(sim.jobs.map((x) => x.lines[0])).toEqual(['RETRY THIS JOB']);
    expect(d.queue[0]).toBeUndefined();
  });

  it('a link that cannot open is retried with backoff and reported offline', async () => {
    const sim = new SimulatedPrinter();
    let attempts = 0;
    const { d } = setup(() => {
      attempts++;
      const t = new SimulatorTransport(sim);
      if (attempts < 4) t.open = () => Promise.reject(new Error('ENOENT'));
      return t;
    });
    await until(() => d.condition === 'offline', 'offline', 3000);
    await until(() => d.condition === 'ready', 'ready after the link came back', 3000);
    expect(attempts).toBeGreaterThanOrEqual(4);
  });
});
