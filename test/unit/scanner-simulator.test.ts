import { describe, expect, it } from 'vitest';
import { createSimulatedScanner } from '../../drivers/scanner/simulator';
import type { RejectEvent, ScanEvent, StatusEvent } from '../../drivers/scanner/types';

function record() {
  const sim = createSimulatedScanner({ sleep: async () => {} });
  const scans: ScanEvent[] = [];
  const statuses: StatusEvent[] = [];
  const rejected: RejectEvent[] = [];
  sim.on('scan', (e) => scans.push(e));
  sim.on('status', (e) => statuses.push(e));
  sim.on('rejected', (e) => rejected.push(e));
  return { sim, scans, statuses, rejected };
}

describe('simulated scanner', () => {
  it('connects on start and scans text', async () => {
    const t = record();
    await t.sim.start();
    expect(t.sim.state).toBe('connected');
    expect(t.sim.scan('000.00.12.H56-260314-0042', { symbology: 'code128', aim: ']C0' })).toBe(true);
    expect(t.statuses).toEqual([{ state: 'connected' }]);
    expect(t.scans).toEqual([{ text: '000.00.12.H56-260314-0042', source: 'simulator', symbology: 'code128', aim: ']C0' }]);
  });
  it('normalises to NFC and repairs mojibake like a real transport', async () => {
    const t = record();
    await t.sim.start();
    t.sim.scan('Nguyễn'.normalize('NFD'));
    t.sim.scan('Nguyá»…n');
    expect(t.scans.map((s) => s.text)).toEqual(['Nguyễn', 'Nguyễn']);
    expect(t.scans[1]!.repaired).toBe(true);
  });
  it('rejects invalid bytes with a reason instead of scanning', async () => {
    const t = record();
    await t.sim.start();
    t.sim.scanBytes(Uint8Array.of(0x41, 0xc3));
    expect(t.scans).toEqual([]);
    expect(t.rejected).toEqual([{ reason: 'invalid-utf8', detail: 'truncated UTF-8 sequence at the end', source: 'simulator' }]);
  });
  it('drops scans while unplugged and reports status changes', async () => {
    const t = record();
    await t.sim.start();
    t.sim.unplug();
    expect(t.sim.scan('LOST')).toBe(false);
    t.sim.plug();
    t.sim.scan('FOUND');
    t.sim.fail('USB reset');
    await t.sim.stop();
    expect(t.scans.map((s) => s.text)).toEqual(['FOUND']);
    expect(t.statuses).toEqual([
      { state: 'connected' },
      { state: 'disconnected', detail: 'unplugged' },
      { state: 'connected' },
      { state: 'error', detail: 'USB reset' },
      { state: 'disconnected', detail: 'stopped' },
    ]);
  });
  it('plays a script, waiting with the injected sleep', async () => {
    const waits: number[] = [];
    const sim = createSimulatedScanner({
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    const texts: string[] = [];
    sim.on('scan', (e) => texts.push(e.text));
    await sim.start();
    await sim.play([{ scan: 'A1' }, { wait: 250 }, { unplug: true }, { scan: 'LOST' }, { plug: true }, { scan: 'B2', symbology: 'qr' }]);
    expect(texts).toEqual(['A1', 'B2']);
    expect(waits).toEqual([250]);
  });
  it('a listener that throws does not stop the others', async () => {
    const errors: unknown[] = [];
    const sim = createSimulatedScanner({ onListenerError: (e) => errors.push(e) });
    const seen: string[] = [];
    sim.on('scan', () => {
      throw new Error('boom');
    });
    const off = sim.on('scan', (e) => seen.push(e.text));
    await sim.start();
    sim.scan('ONE');
    off();
    sim.scan('TWO');
    expect(seen).toEqual(['ONE']);
    expect(errors).toHaveLength(2);
  });
});
