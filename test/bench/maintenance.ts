/**
 * `npx tsx test/bench/maintenance.ts`: maintenance mode's device setup and log export; prints
 * numbers, asserts none.
 *
 * 1. Device discovery on this machine (sysfs serial ports, node-hid, a PC/SC context, video4linux):
 *    ms per listing (p50, max over 10), and the same without PC/SC (its settle wait is most of it).
 * 2. Scanner "Thử" on a real socat PTY: from the request to the classified scan (p50, p95 over 10;
 *    the port is opened for each trial, as on the setup screen).
 * 3. Log export (copy + mask + fsync per file) of 5, 20 and 50 MB of log lines to a folder on
 *    this disk: ms and MB/s.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger } from '../../main/log';
import { discoverDevices, tryDevice } from '../../main/services/maintenance/devices';
import { exportLogs } from '../../main/services/maintenance/export';
import { createPtyPair } from '../support/pty';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
const f = (n: number) => n.toFixed(1);

async function discovery(): Promise<void> {
  for (const [label, deps] of [
    ['with PC/SC (800 ms settle)', {}],
    [
      'without PC/SC',
      {
        pcsc: () =>
          ({
            kind: 'pcsc',
            readers: () => [],
            cardPresent: () => false,
            on: () => () => {},
            waitForCard: () => Promise.reject(new Error('off')),
            close: async () => {},
          }) as never,
        pcscSettleMs: 0,
      },
    ],
  ] as const) {
    const times: number[] = [];
    let count = 0;
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      const l = await discoverDevices(deps);
      times.push(performance.now() - t0);
      count = l.devices.length;
    }
    console.log(`discovery ${label}: p50 ${f(pct(times, 50))} ms, max ${f(Math.max(...times))} ms (${count} devices found here)`);
  }
}

async function scannerTrial(): Promise<void> {
  const pty = await createPtyPair('bench-trial');
  const log = createMemoryLogger('warn');
  const times: number[] = [];
  try {
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      const p = tryDevice({ role: 'scanner', device: pty.devicePath, bus: 'serial', suffix: 'cr' }, 10_000, { log, siteName: 'x', hotline: 'x', kioskId: 'x' });
      let done = false;
      void p.then(() => (done = true));
      // The port opens asynchronously: the fake scanner sends until the trial has read one.
      while (!done) {
        pty.write('000.00.12.H56-250101-0001\r');
        await new Promise((r) => setTimeout(r, 5));
      }
      const r = await p;
      if (!r.ok) throw new Error(r.detail);
      times.push(performance.now() - t0);
    }
  } finally {
    await pty.close();
  }
  console.log(`scanner "Thử" on a PTY (open, one scan, close): p50 ${f(pct(times, 50))} ms, p95 ${f(pct(times, 95))} ms over ${times.length}`);
}

function exportBench(): void {
  for (const mb of [5, 20, 50]) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-export-'));
    try {
      const logs = join(dir, 'logs');
      const usb = join(dir, 'usb');
      mkdirSync(logs);
      mkdirSync(usb);
      const line = `${JSON.stringify({ level: 'info', time: '2026-11-30T03:00:00.000Z', area: 'outbox', msg: 'delivered HN-KIOSK-261130-0001 for 0010******01 in 120 ms' })}\n`;
      const perFile = Math.ceil((mb * 1024 * 1024) / 5 / line.length);
      for (let i = 1; i <= 5; i++) writeFileSync(join(logs, `kiosk.2026-11-${20 + i}.1.log`), line.repeat(perFile));
      const t0 = performance.now();
      const r = exportLogs(usb, logs, 'KIOSK-BENCH', { configured: [usb], mountInfo: () => '' });
      const t = performance.now() - t0;
      if (!r.ok) throw new Error(r.detail);
      console.log(`log export ${mb} MB (${r.files} files, masked, fsynced): ${f(t)} ms, ${f(r.bytes / 1024 / 1024 / (t / 1000))} MB/s`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

await discovery();
await scannerTrial();
exportBench();
