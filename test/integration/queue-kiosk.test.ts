/**
 * The queue at the kiosk (issue 13) through the whole kiosk: createKiosk, the router, the sandbox's
 * queue over real HTTP behind a local TCP link that the test cuts (test/integration/outbox-link.ts),
 * the kiosk's real SQLite store and outbox, and the simulated printer's decoded slips.
 */
import Database from 'better-sqlite3';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vnDate, vnYyMMdd } from '../../common/vietnam-time';
import type { KioskConfigInput } from '../../kiosk-config/schema';
import type { BridgeResult, ResponseOf } from '../../main/ipc/contract';
import type { Kiosk } from '../../main/kiosk';
import type { QueueSettings } from '../../sandbox/queue/db';
import { createDemoCard } from '../../drivers/idcard';
import { until } from '../support/wait';
import type { Link } from './outbox-link';
import { TEXT_PRINTER, testBackend } from '../support/kiosk';
import { linkedSandbox } from '../support/linked-sandbox';

const TOKEN = 'queue-kiosk-token';
const fx = linkedSandbox({ token: TOKEN, prefix: 'kiosk-queue-' });
let link: Link;
let dir: string;
let kiosk: Kiosk | undefined;
let logLines: string[] = [];

/** The sandbox keeps its queue in a file under the test's directory (the test reads it). */
async function startBackend(queue: Partial<QueueSettings> = {}): Promise<void> {
  ({ link } = await fx.startBackend({ dbFile: join(dir, 'sandbox.db'), queue }));
}

beforeEach(() => {
  dir = fx.openDir();
});
afterEach(async () => {
  kiosk = undefined;
  await fx.close();
});

async function start(overrides: KioskConfigInput = {}): Promise<Kiosk> {
  const started = await fx.startKiosk({
    kioskId: 'KIOSK-Q1',
    profile: 'service-center',
    dataDir: join(dir, 'kiosk'),
    devices: { printer: TEXT_PRINTER, cardReader: { kind: 'simulator' } },
    outbox: { probeIntervalMs: 200, backoffBaseMs: 100, backoffCapMs: 400 },
    // the test runs the lease loop's passes itself
    queue: { leaseCheckSeconds: 3600, leaseSize: 5, leaseLowWater: 2 },
    ...overrides,
  });
  logLines = started.log.lines;
  kiosk = started.kiosk;
  return kiosk;
}

async function call<T>(channel: string, payload: unknown): Promise<BridgeResult<T>> {
  return (await kiosk!.router.handle(channel, payload)) as BridgeResult<T>;
}
async function ok<T>(channel: string, payload: unknown): Promise<T> {
  const r = await call<T>(channel, payload);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}
type Issued = ResponseOf<'queue.issue'>;
const issue = (serviceId: string, requestId: string, priority?: string) =>
  ok<Issued>('queue.issue', { serviceId, requestId, ...(priority ? { priority } : {}) });

function slips(): Array<{ text: string; qr: string[] }> {
  return (kiosk!.devices.printer.simulator?.jobs ?? []).map((j) => ({ text: j.lines.join('\n').replace(/[ \t]+/g, ' '), qr: j.qrCodes }));
}

/** The sandbox's tickets, read from its SQLite file. */
function sandboxTickets(): Array<{ number: string; service_id: string; source: string; priority: string | null; appointment_code: string | null }> {
  const db = new Database(join(dir, 'sandbox.db'), { readonly: true });
  try {
    return db.prepare('SELECT number, service_id, source, priority, appointment_code FROM queue_tickets ORDER BY issued_ms, number').all() as never;
  } finally {
    db.close();
  }
}

/** A ticket's state at the sandbox, and the offline ticket that superseded it, by number (today's, the test's only day). */
function sandboxState(number: string): { state: string; superseded_by: string | null } {
  const db = new Database(join(dir, 'sandbox.db'), { readonly: true });
  try {
    return db.prepare('SELECT state, superseded_by FROM queue_tickets WHERE number = ?').get(number) as never;
  } finally {
    db.close();
  }
}
function sandboxId(number: string): string {
  const db = new Database(join(dir, 'sandbox.db'), { readonly: true });
  try {
    return (db.prepare('SELECT id FROM queue_tickets WHERE number = ?').get(number) as { id: string }).id;
  } finally {
    db.close();
  }
}

const rid = (n: number | string) => `req-${String(n).padStart(8, '0')}`;

/**
 * An HTTP proxy in front of the link that, while `holding`, forwards a ticket request
 * (`POST /api/v1/queue/tickets`) to the backend and keeps its answer: the backend created the
 * ticket, the kiosk never hears of it and times out (a slow link that loses the answer).
 * `held` resolves with the answer's status once the backend answered one.
 */
async function answerHolder(targetUrl: string) {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  let heard: (status: number) => void = () => {};
  const state = { holding: false, held: new Promise<number>((r) => (heard = r)) };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const hold = state.holding && req.method === 'POST' && req.url === '/api/v1/queue/tickets';
    const headers = { ...req.headers, host: target.host };
    delete headers.connection;
    const up = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (answer) => {
      if (hold) {
        answer.resume();
        answer.on('end', () => heard(answer.statusCode ?? 0));
        return; // never answered: the kiosk's timeout fires
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

describe('queue at the kiosk, online', () => {
  beforeEach(() => startBackend());

  it('lists the services by sector with waiting and the wait, and issues and prints a ticket', async () => {
    await start();
    const list = await ok<ResponseOf<'queue.services'>>('queue.services', {});
    expect(list.offline).toBe(false);
    expect(list.policy).toBe('lease');
    const sector = list.sectors.find((s) => s.name === 'Tư pháp - Hộ tịch');
    expect(sector?.services.map((s) => s.id)).toEqual(['ho-tich', 'chung-thuc']);
    expect(list.sectors.find((s) => s.name === 'Đăng ký kinh doanh')?.services[0]).toMatchObject({ open: false, estimatedWaitMinutes: null });

    const t = await issue('ho-tich', rid(1));
    expect(t.ticket).toMatchObject({ number: 'A001', serviceId: 'ho-tich', source: 'online', priority: null });
    expect(t.print.state).toBe('printed');
    // The QR opens the backend's tracking page for this ticket (the sandbox's own, here).
    expect(t.ticket.qr?.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/queue/track/${t.ticket.id}$`));
    const slip = slips().at(-1)!;
    expect(slip.text).toContain('A001');
    expect(slip.text).toContain('Khai sinh, kết hôn, khai tử');
    expect(slip.qr).toEqual([t.ticket.qr!.url]);
    expect(sandboxTickets()).toHaveLength(1);
  });

  it('a double tap (same request id) gives one ticket and one slip; the next choice the next number', async () => {
    await start();
    const [a, b] = await Promise.all([issue('chung-thuc', rid(2)), issue('chung-thuc', rid(2))]);
    expect(a.ticket.id).toBe(b.ticket.id);
    const again = await issue('chung-thuc', rid(2));
    expect(again.ticket.id).toBe(a.ticket.id);
    expect(sandboxTickets()).toHaveLength(1);
    expect(slips()).toHaveLength(1);
    const next = await issue('chung-thuc', rid(3));
    expect(next.ticket.number).toBe('B002');
  });

  it('a declared priority goes to the backend and on the slip', async () => {
    await start();
    const t = await issue('dat-dai', rid(4), 'elderly');
    expect(t.ticket.priority).toBe('elderly');
    expect(sandboxTickets()[0]).toMatchObject({ priority: 'elderly' });
    expect(slips().at(-1)!.text).toContain('Người cao tuổi');
  });

  it('reprints the ticket once, then refuses a stream of slips', async () => {
    await start({
      devices: {
        printer: { kind: 'simulator', profile: 'epson-80', pollIntervalMs: 200, printWaitMs: 2000, limits: { repeatAfterSeconds: 0, maxPerDocument: 2 } },
      },
    });
    const t = await issue('ho-tich', rid(5));
    expect((await ok<{ state: string }>('queue.print', { ticketId: t.ticket.id })).state).toBe('printed');
    const third = await call('queue.print', { ticketId: t.ticket.id });
    expect(third.ok ? 'printed' : third.error.code).toBe('too_many');
    expect(slips()).toHaveLength(2);
    const unknown = await call('queue.print', { ticketId: 'not-issued-here' });
    expect(unknown.ok ? 'printed' : unknown.error.code).toBe('not_found');
  });

  it('checks in appointments: on time gets its ticket, every problem its own code', async () => {
    await start();
    const code = (n: number, d = new Date()) => `LH-${vnYyMMdd(d)}-${String(n).padStart(4, '0')}`;
    const onTime = await ok<Issued>('queue.checkin', { appointmentCode: code(1), requestId: rid(10) });
    expect(onTime.ticket).toMatchObject({ serviceId: 'ho-tich', appointmentCode: code(1) });
    expect(slips().at(-1)!.text).toContain(code(1));
    const cases: Array<[string, string]> = [
      [code(1), 'appointment_used'], // just checked in
      [code(2), 'appointment_too_early'],
      [code(3), 'appointment_too_late'],
      [code(4, new Date(Date.now() + 86_400_000)), 'appointment_wrong_day'],
      [code(5), 'appointment_used'],
      [code(6), 'appointment_cancelled'],
      [code(7), 'appointment_other_center'],
      [code(99), 'appointment_not_found'],
    ];
    const got: Array<[string, string]> = [];
    for (const [c, expected] of cases) {
      const r = await call('queue.checkin', { appointmentCode: c, requestId: rid(`c${c.slice(-6)}`) });
      got.push([c, r.ok ? 'ok' : r.error.code]);
      void expected;
    }
    expect(got).toEqual(cases);
    // lower case and spaces from a keypad are the same code
    const r = await call('queue.checkin', { appointmentCode: ` ${code(8).toLowerCase()} `, requestId: rid(11) });
    expect(r.ok).toBe(true);
  });

  it('offers the elderly priority from the card read in this session: a flag, never the birth date', async () => {
    await start();
    const OLD_ID = '001050000001'; // a man born in the 1900s (0), in '50
    const suggested = async () => (await ok<ResponseOf<'queue.services'>>('queue.services', {})).suggestedPriority;
    expect(await suggested()).toBeNull(); // no card
    // a card holder born in 1950 (the QR's birth date matches the chip's; issued at 71, the card does not expire)
    const card = createDemoCard({
      td1: { personalId: OLD_ID, birthYymmdd: '500101', expiryYymmdd: '991231' },
      dg13: { personalId: OLD_ID, birthDate: '01/01/1950' },
    });
    kiosk!.session.start();
    expect((await kiosk!.router.handle('identity.consent', { accepted: true })).ok).toBe(true);
    expect(
      (await kiosk!.router.handle('scan.submit', { text: card.qrText.replace('001090000001', OLD_ID).replace('01011990', '01011950'), source: 'wedge' })).ok,
    ).toBe(true);
    kiosk!.identity.simulator!.insert(card.chip);
    const read = await kiosk!.router.handle('identity.read', {});
    expect(read.ok && (read.value as { outcome: string }).outcome).toBe('ok');
    const list = await ok<ResponseOf<'queue.services'>>('queue.services', {});
    expect(list.suggestedPriority).toBe('elderly');
    expect(JSON.stringify(list)).not.toContain('1950');
    // the session ends: the card is wiped, and the flag with it
    kiosk!.session.end('finish');
    expect(await suggested()).toBeNull();
    // a card holder born in 1990 is not offered it
    const young = createDemoCard();
    kiosk!.session.start();
    await kiosk!.router.handle('identity.consent', { accepted: true });
    await kiosk!.router.handle('scan.submit', { text: young.qrText, source: 'wedge' });
    kiosk!.identity.simulator!.insert(young.chip);
    await kiosk!.router.handle('identity.read', {});
    expect(kiosk!.identity.current()?.identity.birthDate).toBe('1990-01-01');
    expect(await suggested()).toBeNull();
  });

  it('shows its lease loop in kiosk.status', async () => {
    await start();
    await kiosk!.queue.tick();
    const status = await ok<ResponseOf<'kiosk.status'>>('kiosk.status', {});
    expect(status.loops.find((l) => l.name === 'queue.lease')).toMatchObject({ state: 'ok' });
    link.setUp(false);
    await kiosk!.queue.tick();
    const down = await ok<ResponseOf<'kiosk.status'>>('kiosk.status', {});
    expect(down.loops.find((l) => l.name === 'queue.lease')).toMatchObject({ state: 'restarting' });
  });
});

describe('queue at the kiosk, offline', () => {
  it('policy refuse: the cached list says offline, and a ticket is refused with queue_offline', async () => {
    await startBackend({ offlinePolicy: 'refuse' });
    // the config says lease; the center's policy (cached) wins
    await start({ queue: { offlinePolicy: 'lease', leaseCheckSeconds: 3600 } });
    await ok('queue.services', {});
    await kiosk!.queue.tick();
    expect(kiosk!.queue.leases()).toEqual([]); // no block under refuse
    link.setUp(false);
    const list = await ok<ResponseOf<'queue.services'>>('queue.services', {});
    expect(list).toMatchObject({ offline: true, policy: 'refuse' });
    expect(list.fetchedAt).not.toBeNull();
    expect(list.sectors.length).toBeGreaterThan(0);
    const r = await call('queue.issue', { serviceId: 'ho-tich', requestId: rid(20) });
    expect(r.ok ? 'issued' : r.error.code).toBe('queue_offline');
    expect(slips()).toHaveLength(0);
  });

  it('never reached: the config fallback policy applies (refuse by default)', async () => {
    await startBackend();
    link.setUp(false);
    await start();
    const list = await ok<ResponseOf<'queue.services'>>('queue.services', {});
    expect(list).toMatchObject({ offline: true, policy: 'refuse', fetchedAt: null, sectors: [] });
    const r = await call('queue.issue', { serviceId: 'ho-tich', requestId: rid(21) });
    expect(r.ok ? 'issued' : r.error.code).toBe('queue_offline');
  });

  it('policy lease: issues from the block, marks the slip, refuses when it is used up, and reports through the outbox when the link returns', async () => {
    await startBackend({ offlinePolicy: 'lease' });
    await start();
    await kiosk!.queue.tick();
    const block = kiosk!.queue.leases().find((l) => l.serviceId === 'ho-tich')!;
    expect(block).toMatchObject({ first: 9001, last: 9005, state: 'open', day: vnDate(new Date()) });
    // the block comes from the lease series: online numbering is untouched by it
    expect((await issue('ho-tich', rid(30))).ticket.number).toBe('A001');

    link.setUp(false);
    const numbers: string[] = [];
    for (let i = 0; i < 5; i++) {
      const t = await issue('ho-tich', rid(31 + i), i === 0 ? 'pregnant' : undefined);
      expect(t.ticket).toMatchObject({ source: 'lease', ahead: null, qr: null });
      numbers.push(t.ticket.number);
    }
    expect(numbers).toEqual(['A9001', 'A9002', 'A9003', 'A9004', 'A9005']);
    const slip = slips().at(-1)!;
    expect(slip.text).toContain('PHIẾU CẤP KHI MẤT KẾT NỐI');
    expect(slip.qr).toEqual([]);
    // used up: a pass of the loop closes it even offline, its report waiting in the outbox
    await kiosk!.queue.tick();
    expect(kiosk!.queue.leases().find((l) => l.id === block.id)).toMatchObject({ state: 'closed', issued: 5 });
    expect((await ok<ResponseOf<'kiosk.status'>>('kiosk.status', {})).outbox.pending).toBe(1);
    const used = await call('queue.issue', { serviceId: 'ho-tich', requestId: rid(40) });
    expect(used.ok ? 'issued' : used.error.code).toBe('queue_offline');

    link.setUp(true);
    await kiosk!.queue.tick();
    expect(kiosk!.queue.leases().find((l) => l.id === block.id)).toMatchObject({ state: 'closed', issued: 5 });
    await until(() => sandboxTickets().filter((t) => t.source === 'lease').length === 5, 'the lease report at the sandbox', 10_000);
    const reported = sandboxTickets().filter((t) => t.service_id === 'ho-tich');
    expect(reported.map((t) => t.number).sort()).toEqual(['A001', 'A9001', 'A9002', 'A9003', 'A9004', 'A9005']);
    expect(reported.find((t) => t.number === 'A9001')?.priority).toBe('pregnant');
    await until(() => logLines.some((l) => /delivered queue\.lease-report/.test(l)), 'the outbox delivery', 5000);
    // a new block was leased for the service, after every number already used
    const fresh = kiosk!.queue.leases().find((l) => l.serviceId === 'ho-tich' && l.state === 'open')!;
    expect(fresh.first).toBe(9006);
  });

  it('a request that times out after the backend took it: the offline ticket supersedes the orphan, which leaves the queue when the report arrives', async () => {
    await startBackend({ offlinePolicy: 'lease' });
    const proxy = await answerHolder(link.url);
    try {
      await start({ backend: { ...testBackend(proxy.url, TOKEN), timeoutMs: 1000 } });
      await kiosk!.queue.tick();
      expect(kiosk!.queue.leases().find((l) => l.serviceId === 'ho-tich')).toMatchObject({ first: 9001, state: 'open' });

      // The backend creates A001 for the request; its answer never reaches the kiosk.
      proxy.state.holding = true;
      const t = await issue('ho-tich', rid(70));
      expect(await proxy.state.held).toBe(201);
      expect(t.ticket).toMatchObject({ number: 'A9001', source: 'lease' });
      expect(slips().at(-1)!.text).toContain('A9001');
      // The orphan: an online ticket waiting at the backend that no resident holds.
      expect(sandboxTickets().map((x) => [x.number, x.source])).toEqual([['A001', 'online']]);
      expect(sandboxState('A001')).toEqual({ state: 'waiting', superseded_by: null });

      // The answers come through again: the next pass reports the block through the outbox.
      proxy.state.holding = false;
      await kiosk!.queue.tick();
      await until(() => sandboxState('A001').state === 'skipped', 'the orphan taken out by the lease report', 10_000);
      const offline = sandboxTickets().find((x) => x.number === 'A9001');
      expect(offline).toMatchObject({ source: 'lease' });
      expect(sandboxState('A9001')).toEqual({ state: 'waiting', superseded_by: null });
      expect(sandboxState('A001').superseded_by).toBe(sandboxId('A9001'));
      // The queue the counters call from holds the offline ticket, not the orphan.
      const services = await ok<ResponseOf<'queue.services'>>('queue.services', {});
      expect(services.sectors.flatMap((x) => x.services).find((x) => x.id === 'ho-tich')?.waiting).toBe(1);
    } finally {
      await kiosk?.stop();
      await proxy.close();
    }
  });

  it('offline: a double tap takes one number; an appointment cannot be checked in (offline, not a false "not found")', async () => {
    await startBackend({ offlinePolicy: 'lease' });
    await start();
    await kiosk!.queue.tick();
    link.setUp(false);
    const [a, b] = await Promise.all([issue('dat-dai', rid(60)), issue('dat-dai', rid(60))]);
    expect(a.ticket.number).toBe('C9001');
    expect(b.ticket.id).toBe(a.ticket.id);
    expect(slips()).toHaveLength(1);
    expect((await issue('dat-dai', rid(61))).ticket.number).toBe('C9002');
    const r = await call('queue.checkin', { appointmentCode: `LH-${vnYyMMdd(new Date())}-0001`, requestId: rid(62) });
    expect(r.ok ? 'ok' : r.error.code).toBe('offline');
  });

  it('a block nearly used up is replaced ahead of need; numbers are never repeated across a restart', async () => {
    await startBackend({ offlinePolicy: 'lease' });
    await start();
    await kiosk!.queue.tick();
    link.setUp(false);
    const first = [(await issue('chung-thuc', rid(50))).ticket.number, (await issue('chung-thuc', rid(51))).ticket.number];
    // the kiosk restarts while offline: the same database, a new process's worth of state
    await kiosk!.stop();
    await start();
    const after = [(await issue('chung-thuc', rid(52))).ticket.number, (await issue('chung-thuc', rid(53))).ticket.number];
    expect([...first, ...after]).toEqual(['B9001', 'B9002', 'B9003', 'B9004']);
    // 1 left (≤ leaseLowWater 2): back online, the block is reported and a new one leased
    link.setUp(true);
    await kiosk!.queue.tick();
    const open = kiosk!.queue.leases().filter((l) => l.serviceId === 'chung-thuc' && l.state === 'open');
    expect(open).toHaveLength(1);
    expect(open[0]!.first).toBe(9006);
    link.setUp(false);
    expect((await issue('chung-thuc', rid(54))).ticket.number).toBe('B9006');
  });
});
