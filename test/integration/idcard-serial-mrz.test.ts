/**
 * A serial document reader feeding MRZ lines, over a real socat PTY pair opened with the real
 * serialport: the lines are assembled and checked, and the identity service uses the MRZ as its
 * first BAC key source (the card itself is the simulator's: vicc runs in idcard-vicc.test.ts).
 */
import { readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createDemoCard, createSimulatedReader } from '../../drivers/idcard';
import type { ParsedMrz } from '../../drivers/idcard/protocol';
import { openSerialMrzReader, type SerialMrzReader } from '../../drivers/idcard/transport/serial-mrz';
import { CardReaderConfig } from '../../kiosk-config/schema';
import { createEvents } from '../../main/events';
import { createMemoryLogger } from '../../main/log';
import { createIdentityService, type IdentityService } from '../../main/services/identity';
import { createSessionService, type SessionService } from '../../main/services/session';
import { createPtyPair, requireSocat, type PtyPair } from '../support/pty';
import { until } from '../support/wait';

const hasSocat = requireSocat();
const demo = createDemoCard();

/** How many times this process has `path` open (Linux: /proc/self/fd). */
function openCount(path: string): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === path) n++;
    } catch {
      /* closed meanwhile (readdir's own fd) */
    }
  }
  return n;
}

let pty: PtyPair | undefined;
let reader: SerialMrzReader | undefined;
let svc: IdentityService | undefined;
let session: SessionService | undefined;
afterEach(async () => {
  await reader?.close();
  await svc?.stop();
  session?.close();
  await pty?.close();
  reader = svc = session = pty = undefined;
});

describe.skipIf(!hasSocat)('serial document reader over a socat PTY pair', () => {
  it('assembles the MRZ from CRLF lines and from a reader that sends no final terminator', async () => {
    pty = await createPtyPair('mrz');
    const got: ParsedMrz[] = [];
    const states: string[] = [];
    reader = openSerialMrzReader({ path: pty.devicePath, baudRate: 9600, onMrz: (m) => got.push(m), onStatus: (s) => states.push(s) });
    await until(() => states.includes('connected'), 'the port to open');
    pty.write(`${demo.mrzText.replace(/\n/g, '\r\n')}\r\n`);
    await until(() => got.length === 1, 'the MRZ');
    expect(got[0]?.format).toBe('TD1');
    expect(got[0]?.vietnam?.personalId).toBe('001090000001');
    reader.reset();
    pty.write(demo.mrzText.replace(/\n/g, '\r'));
    await until(() => got.length === 2, 'the MRZ without a terminator');
    // Noise and a line with a broken check digit give nothing.
    pty.write('HELLO\r\nIDVNM0900000011001090000001<<1\r\n');
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toHaveLength(2);
  });

  it('the identity service opens the chip with the MRZ from the document reader', async () => {
    pty = await createPtyPair('mrz');
    const log = createMemoryLogger('debug');
    const events = createEvents(log);
    session = createSessionService({ events, log, idleTimeoutSeconds: 60 });
    session.start();
    const sim = createSimulatedReader({ latencyMs: 0 });
    svc = createIdentityService({
      config: CardReaderConfig.parse({ kind: 'simulator', mrzReaderPath: pty.devicePath }),
      events,
      log,
      session,
      transport: sim,
    });
    svc.start();
    await until(() => log.lines.some((l) => l.includes('document reader connected')), 'the document reader');
    pty.write(`${demo.mrzText}\n`);
    await until(() => log.lines.some((l) => l.includes('MRZ read by the document reader')), 'the MRZ');
    sim.insert(demo.chip);
    svc.consent(true);
    const r = await svc.read({ waitSeconds: 2 });
    if (r.outcome !== 'ok') throw new Error(`read failed: ${JSON.stringify(r)}`);
    expect(r.identity.keySource).toBe('mrz');
    expect(r.identity.sources).toEqual(['chip', 'mrz']);
    expect(log.lines.join('\n')).not.toContain('001090000001');
  });

  it('a reader closed while its port is still opening leaves it closed', async () => {
    pty = await createPtyPair('mrz');
    const other = await createPtyPair('mrz-other');
    try {
      const device = realpathSync(pty.devicePath);
      const states: string[] = [];
      const early = openSerialMrzReader({ path: pty.devicePath, onMrz: () => undefined, onStatus: (st) => states.push(st) });
      await early.close();
      // A close() that did not wait for the open left the port open once it opened: a port asked
      // for after the close opens, and by then the first would be open too.
      const otherStates: string[] = [];
      reader = openSerialMrzReader({ path: other.devicePath, onMrz: () => undefined, onStatus: (st) => otherStates.push(st) });
      await until(() => otherStates.includes('connected'), 'the other port to open');
      expect(openCount(device)).toBe(0);
      expect(states).not.toContain('connected');
    } finally {
      await reader?.close();
      reader = undefined;
      await other.close();
    }
  });

  it('the factory opens no document reader: start() opens it, stop() closes it', async () => {
    pty = await createPtyPair('mrz');
    const other = await createPtyPair('mrz-other');
    try {
      const device = realpathSync(pty.devicePath);
      const log = createMemoryLogger('debug');
      const events = createEvents(log);
      session = createSessionService({ events, log, idleTimeoutSeconds: 60 });
      svc = createIdentityService({
        config: CardReaderConfig.parse({ kind: 'simulator', mrzReaderPath: pty.devicePath }),
        events,
        log,
        session,
        transport: createSimulatedReader({ latencyMs: 0 }),
      });
      // A port opened after the factory ran opens, and the document reader's port, which the
      // factory would have asked for first, is not open: the factory asked for nothing.
      const states: string[] = [];
      reader = openSerialMrzReader({ path: other.devicePath, onMrz: () => undefined, onStatus: (st) => states.push(st) });
      await until(() => states.includes('connected'), 'the other port to open');
      expect(openCount(device)).toBe(0);
      expect(log.lines.filter((l) => l.includes('document reader'))).toEqual([]);

      svc.start();
      await until(() => log.lines.some((l) => l.includes('document reader connected')), 'the document reader');
      expect(openCount(device)).toBe(1);
      await svc.stop();
      expect(openCount(device)).toBe(0);
    } finally {
      await reader?.close();
      reader = undefined;
      await other.close();
    }
  });
});
