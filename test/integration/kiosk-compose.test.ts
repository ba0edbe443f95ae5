/**
 * A failure halfway through the kiosk's start stops what had started (issue 10 item 6): the real
 * createKiosk with the embedded sandbox on a known port, a serial scanner and the card reader's
 * serial document (MRZ) reader each on a real socat PTY, the outbox's and the payments' SQLite
 * database under dataDir. A part put after payments through the tests-only `KioskOptions.parts`
 * hook (nothing in the kiosk fails on its own at that point: the parts there log and serve
 * without their device) fails for real, by listening on the sandbox's port. Afterwards the port
 * is free again, and this process holds no file descriptor on either PTY or on any file under
 * dataDir.
 *
 * Each check is first seen to hold the other way round on a kiosk that started, so it can fail;
 * on that kiosk the hook also sees that building the parts (the factories) opened nothing. A
 * second failure, put between the scanner and the card reader, shows that the card reader's
 * factory asked for no port (the scanner's, asked for later, is open by then, the document
 * reader's is not) and that nothing after the failed part is left open.
 */
import { mkdtempSync, readdirSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PartStartError, type Part } from '../../main/compose';
import type { Kiosk } from '../../main/kiosk';
import type { KioskConfigInput } from '../../kiosk-config/schema';
import { startTestKiosk } from '../support/kiosk';
import { createPtyPair, requireSocat, type PtyPair } from '../support/pty';
import { until } from '../support/wait';

const hasSocat = requireSocat();

/** The paths this process has open (Linux: /proc/self/fd). */
function openPaths(): string[] {
  const out: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      out.push(readlinkSync(`/proc/self/fd/${fd}`));
    } catch {
      /* closed meanwhile (readdir's own fd) */
    }
  }
  return out;
}

/** Whether something can listen on 127.0.0.1:port now (the error code when not). */
function tryListen(port: number): Promise<true | string> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? String(err)));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** A part that fails as a real one does: it listens on a port already taken. */
function listensOn(port: number): Part {
  const server = createServer();
  return {
    name: 'listener',
    start: () =>
      new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
      }),
    stop: () => new Promise<void>((r) => (server.listening ? server.close(() => r()) : r())),
  };
}

let pty: PtyPair | undefined;
let mrz: PtyPair | undefined;
let dataDir: string;
let kiosk: Kiosk | undefined;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'kiosk-compose-'));
});
afterEach(async () => {
  await kiosk?.stop();
  kiosk = undefined;
  await pty?.close();
  pty = undefined;
  await mrz?.close();
  mrz = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!hasSocat)('createKiosk: a failure halfway through start', () => {
  it('stops the parts started before it: the sandbox port is free, the serial ports and the databases are closed (and the factories opened none of them)', async () => {
    pty = await createPtyPair('scanner');
    mrz = await createPtyPair('mrz');
    const device = realpathSync(pty.devicePath);
    const mrzDevice = realpathSync(mrz.devicePath);
    const data = realpathSync(dataDir);
    const port = await freePort();
    const overrides: KioskConfigInput = {
      dataDir,
      sandbox: { port },
      devices: {
        scanner: { kind: 'serial', path: pty.devicePath, suffix: 'cr' },
        cardReader: { kind: 'simulator', mrzReaderPath: mrz.devicePath },
      },
    };
    const serialOpen = () => openPaths().filter((p) => p === device).length;
    const mrzOpen = () => openPaths().filter((p) => p === mrzDevice).length;
    const dataOpen = () => openPaths().filter((p) => p.startsWith(`${data}/`));

    // The control: a kiosk that started holds all four, and gives them back when stopped. When
    // every part is built and none started yet, only the sandbox (the first part) is up: the
    // factories opened neither a serial port nor a database.
    let built: { serial: number; mrz: number; data: string[] } | undefined;
    const ok = await startTestKiosk(overrides, {
      parts: (parts) => {
        built = { serial: serialOpen(), mrz: mrzOpen(), data: dataOpen() };
        return parts;
      },
    });
    kiosk = ok.kiosk;
    expect(built).toEqual({ serial: 0, mrz: 0, data: [] });
    await until(() => kiosk!.devices.scanner.status().state === 'connected', 'the serial scanner to connect');
    await until(() => ok.log.lines.some((l) => l.includes('document reader connected')), 'the document reader to connect');
    expect(serialOpen()).toBe(1);
    expect(mrzOpen()).toBe(1);
    expect(dataOpen().length).toBeGreaterThan(0);
    expect(await tryListen(port)).toBe('EADDRINUSE');
    await kiosk.stop();
    kiosk = undefined;
    expect(serialOpen()).toBe(0);
    expect(mrzOpen()).toBe(0);
    expect(dataOpen()).toEqual([]);
    expect(await tryListen(port)).toBe(true);

    // The failure: the listener part comes after payments and cannot listen on the sandbox's port.
    const seen: string[] = [];
    const attempt = startTestKiosk(overrides, {
      parts: (parts) => {
        seen.push(...parts.map((p) => p.name));
        const at = parts.findIndex((p) => p.name === 'payments') + 1;
        return [...parts.slice(0, at), listensOn(port), ...parts.slice(at)];
      },
    });
    const err = await attempt.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PartStartError);
    expect(err).toMatchObject({ part: 'listener', message: expect.stringContaining('EADDRINUSE') });
    // the parts before it had started (the hook saw them in this order), those after never did
    expect(seen.slice(0, seen.indexOf('payments') + 1)).toEqual([
      'session',
      'outbox',
      'catalogue',
      'scanner',
      'printer',
      'identity',
      'print limits',
      'payments',
    ]);
    expect(await tryListen(port)).toBe(true);
    expect(serialOpen()).toBe(0);
    expect(mrzOpen()).toBe(0);
    expect(dataOpen()).toEqual([]);

    // The failure before the card reader: a part after the scanner waits for the scanner's port
    // (asked for when the scanner started, after every factory ran) and looks at the document
    // reader's, then fails. The card reader was built and never started: its port was never
    // asked for, and nothing is left open after the failure (no part after the failed one is
    // stopped, none needs to be).
    let atProbe: number | undefined;
    const probe: Part = {
      name: 'probe',
      start: async () => {
        await until(() => serialOpen() === 1, "the scanner's port to open");
        atProbe = mrzOpen();
        throw new Error('the probe fails here');
      },
    };
    const second = await startTestKiosk(overrides, {
      parts: (parts) => {
        const at = parts.findIndex((p) => p.name === 'scanner') + 1;
        return [...parts.slice(0, at), probe, ...parts.slice(at)];
      },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(second).toMatchObject({ part: 'probe', message: expect.stringContaining('the probe fails here') });
    expect(atProbe).toBe(0);
    expect(mrzOpen()).toBe(0);
    expect(serialOpen()).toBe(0);
    expect(dataOpen()).toEqual([]);
    expect(await tryListen(port)).toBe(true);
  });
});
