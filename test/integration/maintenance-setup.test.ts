/**
 * Maintenance mode's device setup, test card read, persisted out-of-service state, dead letters
 * and log export (issue 14), on real parts: a real kiosk (createKiosk) with its SQLite file,
 * real socat PTY pairs opened with the real serialport (a PTY is not in the port listing, so it is
 * given as a manual path), the real sandbox over HTTP for the dead letter, the card simulator for
 * the test card (the vicc slot is shared machine-wide and not used here), a fixture folder for
 * video4linux (no camera on a test machine) and a HID listing mock (no HID device here either).
 */
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SimulatedPrinter } from '../../drivers/printer/simulator';
import { PRINTER_PROFILES } from '../../drivers/printer/profiles';
import { loadConfig } from '../../kiosk-config/loader';
import { KioskConfig } from '../../kiosk-config/schema';
import type { ChannelName as Channel, RequestOf, ResponseOf } from '../../main/ipc/contract';
import type { Kiosk } from '../../main/kiosk';
import { createMemoryLogger } from '../../main/log';
import { createFileLogger, teeLoggers } from '../../main/log-file';
import { discoverDevices, listVideoDevices, roleChanges, tryDevice } from '../../main/services/maintenance/devices';
import { encodeHidPosReports } from '../../drivers/scanner/protocol/hidpos';
import type { HidBackend, HidDeviceLike } from '../../drivers/scanner/transports/hid';
import { exportLogs, exportTargets, mountPoints } from '../../main/services/maintenance/export';
import { hashPin } from '../../main/services/maintenance/pin';
import { createDurable } from '../../main/services/outbox/runtime';
import { startSandbox } from '../../sandbox/server';
import { serialFakePrinter } from '../fixtures/printer/peers';
import { createPtyPair, requireSocat } from '../support/pty';
import { DEMO_CARD } from '../support/identity';
import { until } from '../support/wait';
import { startTestKiosk } from '../support/kiosk';

const hasSocat = requireSocat();

const dirs: string[] = [];
const tmp = (name = 'kiosk-setup-') => {
  const d = mkdtempSync(join(tmpdir(), name));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const PIN = '731904';
const PIN_HASH = hashPin(PIN);

async function kioskWith(dataDir: string, extra: Record<string, unknown> = {}, configFile?: string, log = createMemoryLogger('debug')): Promise<Kiosk> {
  const overrides = { dataDir, kioskId: 'KIOSK-S1', maintenance: { pinHash: PIN_HASH }, ...extra } as never;
  return (await startTestKiosk(overrides, { configFile, log })).kiosk;
}

async function enter(kiosk: Kiosk): Promise<void> {
  expect(await kiosk.router.handle('maintenance.pin', { pin: PIN })).toMatchObject({ ok: true, value: { entered: true } });
}

/** The answer of a channel that must succeed, typed by the contract. */
async function call<C extends Channel>(kiosk: Kiosk, channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const r = await kiosk.router.handle(channel, request);
  if (!r.ok) throw new Error(`${channel} failed: ${JSON.stringify(r.error)}`);
  return r.value as ResponseOf<C>;
}

describe('device discovery', () => {
  it('reads video devices and their USB ids from a sysfs fixture, leaving metadata nodes out', () => {
    const root = tmp('v4l-');
    const usb = join(root, 'devices', '1-2');
    mkdirSync(join(usb, '1-2:1.0'), { recursive: true });
    writeFileSync(join(usb, 'idVendor'), '046d\n');
    writeFileSync(join(usb, 'idProduct'), '0825\n');
    for (const [n, name, index] of [
      ['video0', 'UVC Camera (046d:0825)', '0'],
      ['video1', 'UVC Camera (046d:0825)', '1'],
      ['video10', 'Document Cam', '0'],
    ] as const) {
      mkdirSync(join(root, n));
      writeFileSync(join(root, n, 'name'), `${name}\n`);
      writeFileSync(join(root, n, 'index'), `${index}\n`);
    }
    symlinkSync(join(usb, '1-2:1.0'), join(root, 'video0', 'device'));
    const list = listVideoDevices(root, '/dev');
    expect(list).toEqual([
      { id: '/dev/video0', bus: 'video', name: 'UVC Camera (046d:0825)', usbVendorId: '046d', usbProductId: '0825' },
      { id: '/dev/video10', bus: 'video', name: 'Document Cam' },
    ]);
    expect(listVideoDevices(join(root, 'absent'))).toEqual([]);
  });

  it('lists serial ports with USB ids, a typed path, HID devices (mocked: none here) and PC/SC readers without throwing', async () => {
    const listing = await discoverDevices(
      {
        serial: () => Promise.resolve([{ path: '/dev/ttyACM0', vendorId: '0c2e', productId: 2306 }]),
        // MOCK: node-hid at the boundary (no HID device on a test machine).
        hid: () =>
          Promise.resolve([{ path: '/dev/hidraw3', vendorId: 0x0c2e, productId: 0x0b61, manufacturer: 'Honeywell', product: 'Xenon 1950g', usagePage: 0x8c }]),
        pcscSettleMs: 300,
        videoRoot: join(tmp('v4l-'), 'none'),
      },
      ['/tmp/my-pty', '/dev/ttyACM0'],
    );
    expect(listing.devices.filter((d) => d.bus !== 'pcsc')).toEqual([
      { id: '/dev/ttyACM0', bus: 'serial', usbVendorId: '0c2e', usbProductId: '0902' },
      { id: '/tmp/my-pty', bus: 'serial', manual: true },
      { id: '/dev/hidraw3', bus: 'hid', name: 'Honeywell Xenon 1950g', usbVendorId: '0c2e', usbProductId: '0b61' },
    ]);
    // The real PC/SC: readers present are listed; without pcscd the listing says so.
    const readers = listing.devices.filter((d) => d.bus === 'pcsc');
    if (readers.length === 0) expect(listing.problems.join('\n')).toMatch(/PC\/SC|pcscd/);
    const failing = await discoverDevices({
      serial: () => Promise.reject(new Error('boom')),
      hid: () => Promise.reject(new Error('node-hid missing')),
      pcscSettleMs: 50,
      videoRoot: '/nonexistent',
    });
    expect(failing.problems).toEqual(expect.arrayContaining(['serial ports: cannot list (boom)', 'HID devices: cannot list (node-hid missing)']));
  });

  it('turns role choices into site keys and refuses a device of the wrong kind', () => {
    expect(roleChanges({ role: 'scanner', device: '/dev/ttyACM0', bus: 'serial', baudRate: 115200, suffix: 'crlf', usbVendorId: '0c2e' })).toEqual({
      'devices.scanner.kind': 'serial',
      'devices.scanner.path': '/dev/ttyACM0',
      'devices.scanner.usbVendorId': '0c2e',
      'devices.scanner.usbProductId': '',
      'devices.scanner.baudRate': '115200',
      'devices.scanner.suffix': 'crlf',
    });
    expect(roleChanges({ role: 'documentCamera', device: 'Document Cam', bus: 'video' })).toEqual({
      'devices.documentCamera.kind': 'camera',
      'devices.documentCamera.device': 'Document Cam',
    });
    expect(() => roleChanges({ role: 'cardReader', device: '/dev/ttyS0', bus: 'serial' })).toThrow(/PC\/SC/);
    expect(() => roleChanges({ role: 'printer', device: 'ACS ACR1252', bus: 'pcsc' })).toThrow(/serial/);
  });
});

describe('HID scanner trial', () => {
  it('tries a HID POS scanner through the real HID driver: one scan read, masked; silence times out', async () => {
    // MOCK: node-hid at the boundary (no HID device on a test machine); the reports are what a
    // Honeywell-layout scanner sends, made with the protocol's own encoder.
    const opened: EventEmitter[] = [];
    const backend: HidBackend = {
      devices: () => Promise.resolve([{ vendorId: 0x0c2e, productId: 0x0b61, path: '/dev/hidraw3', usagePage: 0x8c }]),
      open: (path) => {
        const dev = Object.assign(new EventEmitter(), { isMock: true, path, close: () => undefined });
        opened.push(dev);
        return Promise.resolve(dev as unknown as HidDeviceLike);
      },
    };
    const deps = { log: createMemoryLogger(), hidBackend: backend, siteName: 'x', hotline: 'x', kioskId: 'x' };
    const trial = tryDevice({ role: 'scanner', device: '/dev/hidraw3', bus: 'hid', hidLayout: 'honeywell' }, 5000, deps);
    await until(() => opened.length === 1, 'the HID device to be opened');
    for (const r of encodeHidPosReports(new TextEncoder().encode(DEMO_CARD.qrText), { aim: ']Q1' })) opened[0]!.emit('data', Buffer.from(r));
    const r = await trial;
    expect(r).toMatchObject({ ok: true, scan: { kind: 'cccd' } });
    const id = DEMO_CARD.qrText.split('|')[0]!;
    expect(JSON.stringify(r)).not.toContain(id);
    expect(JSON.stringify(r.scan?.fields)).toContain(`${id.slice(0, 4)}******${id.slice(-2)}`);
    const quiet = await tryDevice({ role: 'scanner', device: '/dev/hidraw3', bus: 'hid' }, 300, deps);
    expect(quiet).toMatchObject({ ok: false });
    expect(roleChanges({ role: 'scanner', device: '/dev/hidraw3', bus: 'hid', hidLayout: 'idtech', usbVendorId: '0c2e', usbProductId: '0b61' })).toMatchObject({
      'devices.scanner.kind': 'hid',
      'devices.scanner.hidLayout': 'idtech',
      'devices.scanner.usbProductId': '0b61',
    });
  });
});

describe('device setup on a real kiosk', () => {
  it.skipIf(!hasSocat)(
    'lists a PTY given by path, tries a scanner (one scan) and a printer (test page) on socat PTYs, then saves them atomically and audited',
    async () => {
      const dataDir = tmp();
      const configFile = join(dataDir, 'site.json');
      writeFileSync(configFile, `${JSON.stringify({ kioskId: 'KIOSK-S1' })}\n`);
      const scanner = await createPtyPair('setup-scanner');
      const printer = await createPtyPair('setup-printer');
      const profile = PRINTER_PROFILES['generic-80-cp1258']!;
      const sim = new SimulatedPrinter({ codePage: profile.codePage });
      const fake = await serialFakePrinter(printer.peerPath, sim, 9600);
      const kiosk = await kioskWith(dataDir, {}, configFile);
      try {
        expect(await kiosk.router.handle('setup.devices', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
        await enter(kiosk);
        const view = await call(kiosk, 'setup.devices', { manualPaths: [scanner.devicePath] });
        expect(view.devices).toContainEqual({ id: scanner.devicePath, bus: 'serial', manual: true });
        expect(view.profiles.map((p) => p.id)).toContain('generic-80-cp1258');
        expect(view.profiles.find((p) => p.id === 'generic-80-cp1258')?.codePage).toBe('cp1258 (ESC t 27)');
        expect(view.current.scanner).toMatch(/^simulator/);

        // "Thử" the scanner: the trial waits for one scan; the fake scanner sends until it is read.
        const trial = call(kiosk, 'setup.try', {
          choice: { role: 'scanner', device: scanner.devicePath, bus: 'serial', baudRate: 9600, suffix: 'cr' },
          waitSeconds: 20,
        });
        let settled = false;
        void trial.then(() => (settled = true));
        await until(
          () => {
            if (!settled) scanner.write('000.00.12.H56-250101-0001\r');
            return settled;
          },
          'the scanner trial to read a scan',
          20_000,
          200,
        );
        const scanned = await trial;
        expect(scanned).toMatchObject({ ok: true, scan: { kind: 'dossierCode', fields: { dossierCode: '000.00.12.H56-250101-0001' } } });

        // A scanner trial on a port where nothing is sent times out with a clear answer.
        const silent = await createPtyPair('setup-silent');
        try {
          const quiet = await call(kiosk, 'setup.try', { choice: { role: 'scanner', device: silent.devicePath, bus: 'serial' }, waitSeconds: 1 });
          expect(quiet).toMatchObject({ ok: false });
          expect(quiet.detail).toMatch(/no scan within 1 s/);
        } finally {
          await silent.close();
        }

        // "Thử" the printer: the test page reaches the printer at the far end of the PTY, decoded with its code page.
        const printed = await call(kiosk, 'setup.try', {
          choice: { role: 'printer', device: printer.devicePath, bus: 'serial', baudRate: 9600, profile: 'generic-80-cp1258' },
          waitSeconds: 20,
        });
        expect(printed).toMatchObject({ ok: true });
        await until(() => sim.jobs.some((j) => j.lines.some((l) => l.includes('TRANG IN THỬ'))), 'the test page at the printer', 20_000);
        expect(sim.jobs.flatMap((j) => j.lines).join('\n')).toContain('Hết trang in thử');

        // A card reader trial on PC/SC: this machine's readers (none unless pcscd has one) are named in the answer.
        const reader = await call(kiosk, 'setup.try', { choice: { role: 'cardReader', device: 'NO-SUCH-READER-XYZ', bus: 'pcsc' } });
        expect(reader.ok).toBe(false);
        expect(reader.detail).toMatch(/NO-SUCH-READER-XYZ/);

        // Wrong kind of device for a role: refused, nothing saved.
        expect(await kiosk.router.handle('setup.save', { choices: [{ role: 'cardReader', device: scanner.devicePath, bus: 'serial' }] })).toMatchObject({
          ok: false,
          error: { code: 'invalid_config' },
        });
        const before = readFileSync(configFile, 'utf8');
        expect(before).not.toContain('devices');

        const saved = await call(kiosk, 'setup.save', {
          choices: [
            { role: 'scanner', device: scanner.devicePath, bus: 'serial', baudRate: 9600, suffix: 'cr' },
            { role: 'printer', device: printer.devicePath, bus: 'serial', baudRate: 9600, profile: 'generic-80-cp1258' },
          ],
        });
        expect(saved.changed).toEqual(expect.arrayContaining(['devices.scanner.kind', 'devices.scanner.path', 'devices.printer.profile']));
        expect(saved.restartNeeded).toEqual(saved.changed);
        const file = JSON.parse(readFileSync(configFile, 'utf8')) as { devices: Record<string, Record<string, unknown>> };
        expect(file.devices.scanner).toEqual({ kind: 'serial', path: scanner.devicePath, baudRate: 9600, suffix: 'cr' });
        expect(file.devices.printer).toEqual({ kind: 'serial', path: printer.devicePath, baudRate: 9600, profile: 'generic-80-cp1258' });
        expect(readFileSync(`${configFile}.bak`, 'utf8')).toBe(before);
        // The saved file is a valid config the kiosk starts with.
        const reloaded = loadConfig({ file: configFile, env: {} });
        expect(reloaded.ok && reloaded.config.devices.scanner.path).toBe(scanner.devicePath);
        // An invalid profile is refused by the config schema: the file stays as it was.
        const kept = readFileSync(configFile, 'utf8');
        const badProfile = await kiosk.router.handle('setup.save', {
          choices: [{ role: 'printer', device: printer.devicePath, bus: 'serial', profile: 'no-such-profile' }],
        });
        expect(badProfile).toMatchObject({ ok: false, error: { code: 'invalid_config' } });
        expect(JSON.stringify(badProfile)).toContain('unknown printer profile');
        // A scanner by path needs no more; the schema's own rules still apply (a baud rate out of range).
        expect(
          await kiosk.router.handle('setup.save', { choices: [{ role: 'scanner', device: scanner.devicePath, bus: 'serial', baudRate: 300 }] }),
        ).toMatchObject({ ok: true });
        expect(
          await kiosk.router.handle('setup.save', { choices: [{ role: 'printer', device: printer.devicePath, bus: 'serial', baudRate: 300 }] }),
        ).toMatchObject({ ok: false, error: { code: 'invalid_config' } });
        expect(JSON.parse(readFileSync(configFile, 'utf8'))).toEqual({
          ...JSON.parse(kept),
          devices: { ...JSON.parse(kept).devices, scanner: { kind: 'serial', path: scanner.devicePath, baudRate: 300, suffix: 'cr' } },
        });

        const audit = (await call(kiosk, 'audit.list', {})).entries.map((e) => e.action);
        expect(audit).toEqual(expect.arrayContaining(['setup.try', 'setup.save', 'setup.refused']));
      } finally {
        await kiosk.stop();
        await fake.close();
        await printer.close();
        await scanner.close();
      }
    },
    60_000,
  );
});

describe('test card read', () => {
  it('reads the simulated card with the key from a scanned QR or typed dates; answers masked; keeps nothing', async () => {
    const kiosk = await kioskWith(tmp());
    try {
      await enter(kiosk);
      const sim = kiosk.identity.simulator!;
      const id = DEMO_CARD.qrText.split('|')[0]!;
      // No key yet: the chip cannot be opened.
      sim.insert(DEMO_CARD.chip);
      const noKey = await call(kiosk, 'maintenance.cardtest', { waitSeconds: 5 });
      expect(noKey.outcome).toBe('needs-key');
      // The card's QR scanned in maintenance mode is the key.
      kiosk.devices.scanner.simulate(DEMO_CARD.qrText);
      const r = await call(kiosk, 'maintenance.cardtest', { waitSeconds: 5 });
      expect(r).toMatchObject({ outcome: 'ok', personalIdMasked: `${id.slice(0, 4)}******${id.slice(-2)}`, keySource: 'qr' });
      expect(['verified', 'not-trusted']).toContain(r.authenticity);
      expect(JSON.stringify(r)).not.toContain(id);
      expect(JSON.stringify(r)).not.toContain('NGUYỄN');
      // Nothing of the card stays in main.
      expect(kiosk.identity.current()).toBeUndefined();
      expect(kiosk.identity.consentedPersonalId()).toBeUndefined();
      // The key is used once: the next test read needs a key again, or typed dates.
      expect((await call(kiosk, 'maintenance.cardtest', { waitSeconds: 5 })).outcome).toBe('needs-key');
      const typed = await call(kiosk, 'maintenance.cardtest', { personalId: id, birthDate: '1990-01-01', expiryDate: '2030-01-01', waitSeconds: 5 });
      expect(typed).toMatchObject({ outcome: 'ok', keySource: 'dates' });
      const wrong = await call(kiosk, 'maintenance.cardtest', { personalId: id, birthDate: '1990-01-02', expiryDate: '2030-01-01', waitSeconds: 5 });
      expect(wrong.outcome).toBe('needs-key');
      sim.remove();
      const none = await call(kiosk, 'maintenance.cardtest', { personalId: id, birthDate: '1990-01-01', expiryDate: '2030-01-01', waitSeconds: 1 });
      expect(none).toMatchObject({ outcome: 'error', error: 'no-card' });
      expect((await call(kiosk, 'audit.list', {})).entries.filter((e) => e.action === 'test.card')).toHaveLength(6);
    } finally {
      await kiosk.stop();
    }
  });
});

describe('out of service', () => {
  it('survives a restart with its message, who set it and when; back in service survives too', async () => {
    const dataDir = tmp();
    let kiosk = await kioskWith(dataDir);
    const message = 'Ki-ốt đang bảo trì đến 14:00. Xin lỗi ông/bà.';
    try {
      await enter(kiosk);
      expect(await call(kiosk, 'maintenance.close', { message })).toEqual({ outOfService: true });
      await call(kiosk, 'maintenance.leave', {});
    } finally {
      await kiosk.stop();
    }
    kiosk = await kioskWith(dataDir);
    try {
      const state = await call(kiosk, 'maintenance.state', {});
      expect(state).toMatchObject({ active: false, outOfService: message, outOfServiceBy: 'PIN' });
      expect(Date.parse(state.outOfServiceSince!)).toBeGreaterThan(Date.now() - 60_000);
      expect(await kiosk.router.handle('app.info', {})).toMatchObject({ ok: false, error: { code: 'out_of_service', message } });
      await enter(kiosk);
      expect(await call(kiosk, 'maintenance.close', { message: null })).toEqual({ outOfService: false });
    } finally {
      await kiosk.stop();
    }
    kiosk = await kioskWith(dataDir);
    try {
      expect((await call(kiosk, 'maintenance.state', {})).outOfService).toBeUndefined();
      expect((await kiosk.router.handle('app.info', {})).ok).toBe(true);
    } finally {
      await kiosk.stop();
    }
  });
});

describe('dead letters', () => {
  it('a submission the sandbox refuses (422) becomes a dead letter; maintenance requeues it (refused again) and drops it, audited', async () => {
    const token = 'dead-letter-token-123';
    const sb = await startSandbox({ tokens: [token], log: () => {} });
    const dataDir = tmp();
    const backend = { url: sb.url, token, retries: 0 };
    try {
      // The kiosk's own outbox on this data folder queues a dossier the sandbox refuses.
      const config = KioskConfig.parse({ kioskId: 'KIOSK-S1', dataDir, backend, outbox: { backoffBaseMs: 50, backoffCapMs: 200, submitWaitMs: 0 } });
      const durable = createDurable({ config, backendUrl: sb.url, log: createMemoryLogger() });
      durable.start();
      const bad = durable.outbox!.enqueue({
        kind: 'dossier.submit',
        path: '/api/v1/dossiers',
        body: { procedureCode: '2.000884', applicant: { fullName: 'A', personalId: '079090001234' }, fields: {}, attachments: [] },
        localRefField: 'kioskRef',
        summary: { procedureCode: '2.000884', procedureName: 'x' },
      });
      await until(() => durable.status().outbox.dead === 1, 'the dead letter', 10_000);
      await durable.stop();

      const kiosk = await kioskWith(dataDir, { backend, outbox: { backoffBaseMs: 50, backoffCapMs: 200 } });
      try {
        await enter(kiosk);
        let diag = await call(kiosk, 'maintenance.diagnostics', {});
        expect(diag.outbox.dead).toBe(1);
        const dead = diag.outbox.deadLetters[0]!;
        expect(dead).toMatchObject({ localRef: bad.localRef, attempts: 1 });
        expect(dead.lastError).toContain('422');
        expect(diag.devices.find((d) => d.id === 'outbox')?.state).toBe('warning');

        // Requeued: the real outbox sends it again over HTTP; the sandbox refuses it again.
        expect(await call(kiosk, 'deadletter.requeue', { id: dead.id })).toEqual({ done: true });
        await expect.poll(async () => (await call(kiosk, 'maintenance.diagnostics', {})).outbox.deadLetters[0]?.attempts, { timeout: 10_000 }).toBe(2);
        diag = await call(kiosk, 'maintenance.diagnostics', {});
        expect(diag.outbox.dead).toBe(1);

        // Dropping needs the confirmation; then the row is gone for good.
        expect(await kiosk.router.handle('deadletter.drop', { id: dead.id })).toMatchObject({ ok: false });
        expect(await call(kiosk, 'deadletter.drop', { id: dead.id, confirm: true })).toEqual({ done: true });
        expect(await call(kiosk, 'deadletter.drop', { id: dead.id, confirm: true })).toEqual({ done: false });
        diag = await call(kiosk, 'maintenance.diagnostics', {});
        expect(diag.outbox).toMatchObject({ dead: 0, pending: 0 });
        const audit = (await call(kiosk, 'audit.list', {})).entries;
        expect(audit.filter((e) => e.action === 'outbox.requeue').map((e) => e.detail)).toEqual([dead.id]);
        expect(audit.filter((e) => e.action === 'outbox.drop').map((e) => e.detail)).toEqual([`${dead.id} (not found)`, dead.id]);
      } finally {
        await kiosk.stop();
      }
    } finally {
      await sb.close();
    }
  }, 40_000);
});

describe('log export', () => {
  it('finds mounts under /media and /mnt in mountinfo', () => {
    const info = [
      '22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw',
      '90 22 8:17 / /media/kiosk/USB\\040STICK rw,nosuid - vfat /dev/sdb1 rw',
      '91 22 8:33 / /mnt/logs rw - vfat /dev/sdc1 rw',
      '92 22 8:49 / /media/cdrom ro,nosuid - iso9660 /dev/sr0 ro',
    ].join('\n');
    expect(mountPoints(info)).toEqual(['/', '/media/kiosk/USB STICK', '/mnt/logs']);
    // Only folders that exist are offered (none of these do here, but the configured one does).
    const dir = tmp('usb-');
    expect(exportTargets({ configured: [dir], mountInfo: () => info, freeBytes: () => 5e9 })).toEqual([{ dir, freeBytes: 5e9, mounted: false }]);
  });

  it('copies the masked logs to the chosen folder, refuses another folder, and checks the free space', async () => {
    const dataDir = tmp();
    const usb = tmp('usb-');
    const logDir = join(dataDir, 'logs');
    const fileLog = await createFileLogger({ dir: logDir, level: 'debug' });
    const kiosk = await kioskWith(
      dataDir,
      { maintenance: { pinHash: PIN_HASH, exportDirs: [usb] } },
      undefined,
      teeLoggers(createMemoryLogger(), fileLog) as never,
    );
    try {
      await kiosk.router.handle('ui.log', { level: 'warn', message: 'typed 079090001234 by mistake' });
      await enter(kiosk);
      await fileLog.flush();
      const targets = await call(kiosk, 'logs.targets', {});
      expect(targets.targets).toContainEqual(expect.objectContaining({ dir: usb, mounted: false }));
      expect(targets.logBytes).toBeGreaterThan(0);
      const refused = await call(kiosk, 'logs.export', { dir: tmpdir() });
      expect(refused).toMatchObject({ ok: false, reason: 'not-a-target' });
      const r = await call(kiosk, 'logs.export', { dir: usb });
      expect(r).toMatchObject({ ok: true });
      expect(r.dir!.startsWith(join(usb, 'kiosk-logs-KIOSK-S1-'))).toBe(true);
      const copied = readdirSync(r.dir!);
      expect(copied.length).toBe(r.files);
      const text = copied.map((f) => readFileSync(join(r.dir!, f), 'utf8')).join('');
      expect(text).toContain('0790******34');
      expect(text).not.toMatch(/\d{12}/);
      expect((await call(kiosk, 'audit.list', {})).entries.map((e) => e.action)).toEqual(expect.arrayContaining(['logs.export']));
      // A second export the same second gets its own folder.
      const again = await call(kiosk, 'logs.export', { dir: usb });
      expect(again.ok && again.dir !== r.dir).toBe(true);
      // Too little room: nothing written, the figures said (free space measured by a stand-in for the stick).
      const small = exportLogs(usb, logDir, 'KIOSK-S1', { configured: [usb], mountInfo: () => '', freeBytes: () => 1000 });
      expect(small).toMatchObject({ ok: false, reason: 'no-space', freeBytes: 1000 });
      expect(readdirSync(usb)).toHaveLength(2);
    } finally {
      await kiosk.stop();
      await fileLog.close();
    }
  });
});
