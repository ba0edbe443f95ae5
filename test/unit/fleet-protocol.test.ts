/**
 * Issue 16: the fleet's pure parts — topics, command signatures, per-hour counters in Vietnam
 * time, the console's state (stale marking, alerts raised and cleared, schemas at the door).
 */
import { describe, expect, it } from 'vitest';
import { createFleetState } from '../../fleet/state';
import { createFleetCounters, vnHourKey } from '../../main/services/fleet/counters';
import { checkCommand, parseTopic, signCommand, topicOf } from '../../main/services/fleet/protocol';
import { generateTechnicianKeys } from '../../main/services/maintenance/token';

const keys = generateTechnicianKeys();

describe('topics', () => {
  it('builds and parses <prefix>/<site>/<kiosk>/<kind>, refusing wildcards and separators in ids', () => {
    expect(topicOf('city/hcm', 'Q1', 'K-01', 'health')).toBe('city/hcm/Q1/K-01/health');
    expect(parseTopic('city/hcm', 'city/hcm/Q1/K-01/health')).toEqual({ site: 'Q1', kiosk: 'K-01', kind: 'health' });
    expect(parseTopic('city/hcm', 'city/hcm/Q1/K-01/other')).toBeNull();
    for (const bad of ['+', '#', 'a/b', '$SYS', '']) expect(() => topicOf('kiosk', bad, 'K', 'status')).toThrow();
  });
});

describe('commands', () => {
  const now = Date.parse('2026-11-30T03:00:00Z');
  const opts = { publicKeys: [keys.publicKey], kioskId: 'K1', nowMs: now };
  it('accepts a signed command for this kiosk within its time', () => {
    const c = signCommand({ kiosk: 'K1', op: 'print-test', by: 'lan', nowMs: now }, keys.privateKeyPem);
    expect(checkCommand(JSON.stringify(c), opts)).toMatchObject({ ok: true, body: { op: 'print-test', kiosk: 'K1', by: 'lan' } });
  });
  it('refuses: other key, altered body, other kiosk, expired, from the future, no keys, garbage', () => {
    const other = generateTechnicianKeys();
    const c = signCommand({ kiosk: 'K1', op: 'print-test', by: 'lan', nowMs: now }, keys.privateKeyPem);
    const reason = (p: unknown, o = opts) => {
      const r = checkCommand(typeof p === 'string' ? p : JSON.stringify(p), o);
      return r.ok ? 'ok' : r.reason;
    };
    expect(reason(signCommand({ kiosk: 'K1', op: 'print-test', by: 'x', nowMs: now }, other.privateKeyPem))).toBe('bad-signature');
    const body = JSON.parse(Buffer.from(c.cmd, 'base64url').toString()) as Record<string, unknown>;
    expect(reason({ cmd: Buffer.from(JSON.stringify({ ...body, op: 'collect-logs' })).toString('base64url'), sig: c.sig })).toBe('bad-signature');
    expect(reason(signCommand({ kiosk: 'K2', op: 'print-test', by: 'lan', nowMs: now }, keys.privateKeyPem))).toBe('wrong-kiosk');
    expect(reason(c, { ...opts, nowMs: now + 301_000 })).toBe('expired');
    expect(reason(c, { ...opts, nowMs: now - 120_000 })).toBe('not-yet-valid');
    expect(reason(c, { ...opts, publicKeys: [] })).toBe('no-keys');
    expect(reason('not json')).toBe('malformed');
    expect(reason({ cmd: c.cmd, sig: c.sig, extra: 1 })).toBe('malformed');
  });
});

describe('counters', () => {
  it('count per Vietnam hour and keep the last hours', () => {
    let t = Date.parse('2026-11-30T16:59:00Z'); // 23:59 in Vietnam
    const c = createFleetCounters({ now: () => t, keepHours: 2 });
    c.count('lookups');
    t += 120_000; // 00:01 the next day in Vietnam
    c.count('lookups');
    c.count('submissions', 2);
    expect(vnHourKey(t)).toBe('2026-12-01T00');
    expect(c.hours(t, 2)).toEqual([
      { hour: '2026-11-30T23', counts: { lookups: 1 } },
      { hour: '2026-12-01T00', counts: { lookups: 1, submissions: 2 } },
    ]);
  });
});

describe('console state', () => {
  const at = (ms: number) => new Date(ms).toISOString();
  const health = (ms: number, printer: string, pending = 0) =>
    Buffer.from(
      JSON.stringify({
        v: 1,
        kiosk: 'K1',
        site: 'S',
        at: at(ms),
        seq: 1,
        online: true,
        devices: { printer, scanner: 'ok', cardReader: 'ok', camera: 'not_configured' },
        outbox: { pending, dead: 0, oldestPendingSeconds: null, bytes: 0 },
        paymentsPending: 0,
        dropped: 0,
      }),
    );
  it('raises alerts on a change and clears them; marks a silent kiosk stale; ignores what its schema refuses', () => {
    let t = Date.parse('2026-11-30T03:00:00Z');
    const s = createFleetState({ prefix: 'kiosk', staleMs: 60_000, now: () => t });
    s.ingest('kiosk/S/K1/status', Buffer.from(JSON.stringify({ v: 1, kiosk: 'K1', site: 'S', state: 'online', at: at(t) })));
    expect(s.kiosk('S/K1')?.connection).toBe('online');
    const r = s.ingest('kiosk/S/K1/health', health(t, 'paper_out', 11));
    expect(r.alerts.map((a) => a.kind).sort()).toEqual(['backlog', 'paper_out']);
    t += 1000;
    const r2 = s.ingest('kiosk/S/K1/health', health(t, 'ok', 0));
    expect(r2.alerts.every((a) => a.cleared)).toBe(true);
    t += 61_000;
    expect(s.sweep(t).changed.map((k) => k.connection)).toEqual(['stale']);
    expect(s.ingest('kiosk/S/K1/health', Buffer.from('{"v":1,"kiosk":"K1","name":"Nguyễn Văn An"}')).changed).toBeNull();
    expect(s.ingest('kiosk/S/K2/health', health(t, 'ok')).changed).toBeNull(); // the payload says K1
    expect(s.rejected()).toBe(2);
  });
});
