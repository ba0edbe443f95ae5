/**
 * Issue 16: the fleet against a real Mosquitto started here. 200 kiosks (the real reporter, one
 * process) publishing at once and the console's state showing all 200; the broker stopped and
 * started again on the same port (the reports queued meanwhile catch up, the console marks the
 * silent kiosks stale and then fresh again).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { startFleetConsole, type FleetConsole } from '../../fleet/server';
import { HealthPayload } from '../../main/services/fleet/protocol';
import { requireMosquitto, startBroker, type Broker } from './fleet-broker';
import { simKiosk, type SimKiosk } from './fleet-sim';

const hasBroker = requireMosquitto();

let broker: Broker;
let consoleApp: FleetConsole;
const kiosks: SimKiosk[] = [];

beforeAll(async () => {
  broker = await startBroker();
  consoleApp = await startFleetConsole({ brokerUrl: broker.url, staleMs: 60_000, log: () => {} });
  await consoleApp.ready;
});

afterAll(async () => {
  await Promise.all(kiosks.map((k) => k.stop()));
  await consoleApp?.close();
  await broker?.close();
});

describe.skipIf(!hasBroker)('200 kiosks', () => {
  it('publish at once and the console shows every one of them, grouped by site', { timeout: 120_000 }, async () => {
    for (let i = 0; i < 200; i++) kiosks.push(simKiosk({ brokerUrl: broker.url, id: `K${String(i).padStart(3, '0')}`, site: `SITE-${i % 10}` }));
    await expect.poll(() => consoleApp.state.kiosks().filter((k) => k.connection === 'online' && k.health).length, { timeout: 90_000 }).toBe(200);
    const sites = new Set(consoleApp.state.kiosks().map((k) => k.site));
    expect(sites.size).toBe(10);
    expect(consoleApp.state.kiosk('SITE-3/K013')?.health?.devices.printer).toBe('ok');
    expect(consoleApp.state.rejected()).toBe(0);
    // and through the console's HTTP API, as the page reads it
    const res = await fetch(`${consoleApp.url}/api/kiosks`);
    const body = (await res.json()) as { kiosks: Array<{ key: string }> };
    expect(body.kiosks).toHaveLength(200);
  });

  it('a change on one kiosk (paper out) reaches the console at once, with an alert', async () => {
    const k = kiosks[42]!;
    k.printer = 'paperOut';
    k.fleet.poke();
    await expect.poll(() => consoleApp.state.kiosk(`${k.site}/${k.id}`)?.health?.devices.printer, { timeout: 10_000 }).toBe('paper_out');
    expect(consoleApp.state.alerts().find((a) => a.kiosk === k.id && a.kind === 'paper_out' && !a.cleared)).toBeTruthy();
  });
});

describe.skipIf(!hasBroker)('the broker down and back', () => {
  it('kiosks keep their reports (bounded queue), send them when it returns, and the console catches up', { timeout: 90_000 }, async () => {
    const watcher = kiosks.slice(0, 3);
    const seen: Array<{ kiosk: string; seq: number }> = [];
    await broker.stop();
    await expect.poll(() => watcher.every((k) => !k.fleet.stats().connected), { timeout: 10_000 }).toBe(true);
    // While it is down, the kiosks report changes: queued, not lost
    for (const k of watcher) {
      k.printer = 'coverOpen';
      k.fleet.poke();
      k.fleet.poke();
    }
    expect(watcher.every((k) => k.fleet.stats().queued >= 2)).toBe(true);
    await broker.start();
    // a plain subscriber sees the caught-up reports
    const sub = mqtt.connect(broker.url, { protocolVersion: 5 });
    sub.on('message', (_t, p) => {
      const h = HealthPayload.safeParse(JSON.parse(p.toString()));
      if (h.success && watcher.some((k) => k.id === h.data.kiosk)) seen.push({ kiosk: h.data.kiosk, seq: h.data.seq });
    });
    await new Promise<void>((r) => sub.on('connect', () => sub.subscribe(`kiosk/+/+/health`, { qos: 1 }, () => r())));
    await expect.poll(() => watcher.every((k) => k.fleet.stats().connected && k.fleet.stats().queued === 0), { timeout: 20_000 }).toBe(true);
    await expect
      .poll(() => watcher.every((k) => consoleApp.state.kiosk(`${k.site}/${k.id}`)?.health?.devices.printer === 'cover_open'), { timeout: 20_000 })
      .toBe(true);
    expect(watcher.every((k) => k.fleet.stats().dropped === 0)).toBe(true);
    sub.end(true);
  });

  it('the queue is bounded: the newest reports are kept and the drops counted', { timeout: 90_000 }, async () => {
    const k = simKiosk({ brokerUrl: broker.url, id: 'KQ', site: 'SITE-Q', queueLimit: 3 });
    kiosks.push(k);
    await expect.poll(() => k.fleet.stats().connected, { timeout: 10_000 }).toBe(true);
    await broker.stop();
    await expect.poll(() => k.fleet.stats().connected, { timeout: 10_000 }).toBe(false);
    for (let i = 0; i < 10; i++) k.fleet.poke();
    expect(k.fleet.stats()).toMatchObject({ queued: 3, dropped: 7 });
    await broker.start();
    // the three kept are the newest (seq numbers of the last pokes), and the next report counts 7 drops
    await expect.poll(() => k.fleet.stats().queued, { timeout: 20_000 }).toBe(0);
    k.fleet.poke();
    await expect.poll(() => consoleApp.state.kiosk('SITE-Q/KQ')?.health?.dropped, { timeout: 20_000 }).toBe(7);
  });

  it('the console marks a kiosk it has not heard from as stale', async () => {
    const stale = await startFleetConsole({ brokerUrl: broker.url, staleMs: 1500, sweepMs: 200, log: () => {} });
    try {
      await stale.ready;
      const k = simKiosk({ brokerUrl: broker.url, id: 'KS', site: 'SITE-S', healthSeconds: 3600 });
      kiosks.push(k);
      await expect.poll(() => stale.state.kiosk('SITE-S/KS')?.connection, { timeout: 10_000 }).toBe('online');
      await expect.poll(() => stale.state.kiosk('SITE-S/KS')?.connection, { timeout: 10_000 }).toBe('stale');
      expect(stale.state.alerts().some((a) => a.kiosk === 'KS' && a.kind === 'stale')).toBe(true);
      k.fleet.poke();
      await expect.poll(() => stale.state.kiosk('SITE-S/KS')?.connection, { timeout: 10_000 }).toBe('online');
    } finally {
      await stale.close();
    }
  });
});
