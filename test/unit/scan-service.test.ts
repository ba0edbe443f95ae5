/**
 * The scanner service in main: simulator -> text integrity -> classifyScan -> `scan` event and
 * masked log line; CCCD data only in the session's data map.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { decodeCp1252 } from '../../drivers/scanner/protocol/text';
import { ScannerConfig } from '../../kiosk-config/schema';
import { createEvents } from '../../main/events';
import type { EventPayload } from '../../main/ipc/contract';
import { createMemoryLogger } from '../../main/log';
import { CCCD_QR_SESSION_KEY, createScannerService, type ScannerService } from '../../main/services/scan/service';
import { createSessionService, type SessionService } from '../../main/services/session';

const CCCD = '001199012345|123456789|Nguyễn Thị Ánh|01021999|Nữ|Số 12 phố Hàng Bạc, Phường Hoàn Kiếm, Hà Nội|15082021';
const CODE = '000.00.12.H56-260314-0042';

let svc: ScannerService | undefined;
let session: SessionService | undefined;
afterEach(async () => {
  await svc?.stop();
  session?.close();
  svc = undefined;
  session = undefined;
  vi.useRealTimers();
});

async function setup(config: Partial<z.input<typeof ScannerConfig>> = {}, pendingTtlMs?: number) {
  const log = createMemoryLogger('debug');
  const events = createEvents(log);
  session = createSessionService({ events, log, idleTimeoutSeconds: 60 });
  const seen: EventPayload<'scan'>[] = [];
  const status: EventPayload<'device.status'>[] = [];
  events.on('scan', (p) => seen.push(p));
  events.on('device.status', (p) => status.push(p));
  svc = await createScannerService({
    config: ScannerConfig.parse(config),
    events,
    log,
    session,
    ...(pendingTtlMs !== undefined ? { pendingTtlMs } : {}),
  });
  await svc.start();
  return { log, events, seen, status, svc, session };
}

describe('scanner service', () => {
  it('uses the simulator by default and reports it connected', async () => {
    const { svc, status } = await setup();
    expect(svc.kind).toBe('simulator');
    expect(svc.status()).toMatchObject({ kind: 'scanner', state: 'connected' });
    expect(status).toEqual([{ kind: 'scanner', state: 'connected' }]);
  });

  it('routes a dossier code with its code and logs it', async () => {
    const { svc, seen, log } = await setup();
    expect(svc.simulate(CODE.toLowerCase())).toBe(true);
    expect(seen).toEqual([{ kind: 'dossierCode', source: 'simulator', text: CODE.toLowerCase(), dossierCode: CODE }]);
    expect(log.lines.some((l) => l.includes(`dossierCode code=${CODE}`))).toBe(true);
  });

  it('a receipt-slip URL gives the dossier code only', async () => {
    const { svc, seen } = await setup();
    svc.simulate(`https://dichvucong.hanoi.gov.vn/tra-cuu?ma=${CODE}`);
    expect(seen).toEqual([{ kind: 'receiptSlip', source: 'simulator', dossierCode: CODE }]);
  });

  it('keeps a CCCD QR in the session data only; the event and the log carry no personal data', async () => {
    const { svc, seen, log, session } = await setup();
    session.start();
    svc.simulate(CCCD);
    expect(seen).toEqual([{ kind: 'cccd', source: 'simulator', cccd: { maskedId: '0011******45' } }]);
    const card = session.data.get(CCCD_QR_SESSION_KEY)!;
    expect(card.personalId).toBe('001199012345');
    expect(card.fullName).toBe('Nguyễn Thị Ánh');
    const all = log.lines.join('\n');
    for (const secret of ['001199012345', '123456789', 'Nguyễn', 'Hàng Bạc', '01021999']) expect(all).not.toContain(secret);
    expect(JSON.stringify(seen)).not.toContain('Nguyễn');
    session.end('finish');
    expect(session.data.has(CCCD_QR_SESSION_KEY)).toBe(false);
  });

  it('a CCCD read outside a session is dropped after the pending time unless a session starts', async () => {
    vi.useFakeTimers();
    const { svc, session } = await setup({}, 1000);
    svc.simulate(CCCD);
    expect(session.data.has(CCCD_QR_SESSION_KEY)).toBe(true);
    vi.advanceTimersByTime(1001);
    expect(session.data.has(CCCD_QR_SESSION_KEY)).toBe(false);
    svc.simulate(CCCD);
    session.start(); // the UI starts the session as it routes the scan
    vi.advanceTimersByTime(5000);
    expect(session.data.has(CCCD_QR_SESSION_KEY)).toBe(true);
  });

  it('never puts a technician token in the event or the log', async () => {
    const { svc, seen, log } = await setup();
    const token = 'KTV1:c2VjcmV0LXRlY2huaWNpYW4tdG9rZW4';
    svc.simulate(token);
    expect(seen).toEqual([{ kind: 'technician', source: 'simulator' }]);
    expect(log.lines.join('\n')).not.toContain('c2VjcmV0');
  });

  it('unsupported text gets the reason only, never the text', async () => {
    const { svc, seen, log } = await setup();
    svc.simulate('hello there, general kenobi');
    svc.simulate('001099012345|x|y'); // nearly a CCCD: looksLike, no digits in the event or log
    expect(seen).toEqual([
      { kind: 'unsupported', source: 'simulator', reason: 'unrecognised' },
      { kind: 'unsupported', source: 'simulator', reason: 'cccd-too-few-fields', looksLike: 'cccd' },
    ]);
    expect(log.lines.join('\n')).not.toContain('001099012345');
    expect(log.lines.join('\n')).not.toContain('kenobi');
  });

  it('wedge text submitted by the UI goes through text integrity (mojibake repaired) and the classifier', async () => {
    const { svc, seen, session } = await setup({ kind: 'wedge' });
    expect(svc.simulator).toBeUndefined();
    expect(svc.status()).toMatchObject({ state: 'connected' });
    expect(svc.submit(decodeCp1252(new TextEncoder().encode(CCCD)), 'wedge')).toBe(true);
    expect(seen[0]).toMatchObject({ kind: 'cccd', source: 'wedge' });
    expect(session.data.get(CCCD_QR_SESSION_KEY)?.fullName).toBe('Nguyễn Thị Ánh');
    expect(svc.submit('\u0000\u0001', 'camera')).toBe(false);
    expect(() => svc.simulate('x')).toThrow(/not the simulator/);
  });

  it('a garbled scan that cannot be repaired says unsupported; an empty one is ignored', async () => {
    const { svc, seen } = await setup();
    svc.simulator!.scanBytes(new Uint8Array([0xc3, 0x28, 0x41]));
    svc.simulate('   ');
    expect(seen).toEqual([{ kind: 'unsupported', source: 'simulator', reason: 'text-invalid-utf8' }]);
  });

  it('an unplugged simulator reports disconnected through device.status', async () => {
    const { svc, status } = await setup();
    svc.simulator!.unplug();
    expect(status.at(-1)).toEqual({ kind: 'scanner', state: 'disconnected', detail: 'unplugged' });
    expect(svc.simulate(CODE)).toBe(false);
    expect(svc.status().state).toBe('disconnected');
  });

  it('kind none has no driver and says not configured', async () => {
    const { svc } = await setup({ kind: 'none' });
    expect(svc.status()).toEqual({ kind: 'scanner', state: 'not_configured' });
  });

  it('a serial config without path or USB id is refused by the schema', () => {
    const r = ScannerConfig.safeParse({ kind: 'serial' });
    expect(r.success).toBe(false);
    expect(ScannerConfig.safeParse({ kind: 'serial', usbVendorId: '0x0c2e' }).success).toBe(true);
    expect(ScannerConfig.safeParse({ kind: 'hid', usbVendorId: 'zz' }).success).toBe(false);
  });

  it('never throws on hostile input', async () => {
    const { svc, seen } = await setup();
    for (const t of ['\u202e', 'a'.repeat(10_000), '|||||||', '00020101021238', '\uFEFF']) svc.simulate(t);
    expect(svc.submit(undefined as unknown as string, 'wedge')).toBe(false);
    expect(seen.every((s) => s.kind === 'unsupported')).toBe(true);
  });
});
