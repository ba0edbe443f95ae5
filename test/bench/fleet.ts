/**
 * Fleet benchmark (issue 16): `npx tsx test/bench/fleet.ts`. Prints numbers, asserts none.
 *
 * 1. Messages per second: 200 kiosks (the real reporter, one process) each publish a burst of
 *    health reports at once; time until one subscriber (the console's way) has received them all.
 * 2. Broker-side bytes per kiosk per hour at the default intervals (health 60 s, metrics 300 s,
 *    keepalive 30 s): one kiosk's MQTT traffic is counted by a TCP proxy between it and the broker
 *    for a while at fast intervals, the cost per report measured and scaled to an hour of defaults.
 * 3. Console update latency: a kiosk's printer runs out of paper (among 200 kiosks) -> the
 *    console page in Chromium shows it (a MutationObserver stamps the time in the page); p50/p95.
 * Env: BENCH_FLEET_N (default 200), BENCH_FLEET_BURST (default 20), BENCH_FLEET_LATENCY_RUNS (30).
 */
import { createServer, connect, type Server } from 'node:net';
import mqtt from 'mqtt';
import { chromium } from 'playwright-core';
import { startFleetConsole } from '../../fleet/server';
import { chromiumForTests } from '../e2e/harness';
import { startBroker } from '../integration/fleet-broker';
import { simKiosk, type SimKiosk } from '../integration/fleet-sim';
import { until } from '../support/wait';

const N = Number(process.env.BENCH_FLEET_N ?? 200);
const BURST = Number(process.env.BENCH_FLEET_BURST ?? 20);
const RUNS = Number(process.env.BENCH_FLEET_LATENCY_RUNS ?? 30);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
/** A TCP proxy that counts the bytes each way. */
async function countingProxy(targetPort: number): Promise<{ port: number; up: () => number; down: () => number; close: () => Promise<void> }> {
  let up = 0;
  let down = 0;
  const sockets = new Set<{ destroy(): void }>();
  const server: Server = createServer((client) => {
    const target = connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(target);
    client.on('data', (d) => (up += d.length));
    target.on('data', (d) => (down += d.length));
    client.pipe(target);
    target.pipe(client);
    client.on('error', () => target.destroy());
    target.on('error', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  return {
    port: typeof a === 'object' && a ? a.port : 0,
    up: () => up,
    down: () => down,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

async function main() {
  const broker = await startBroker();
  const kiosks: SimKiosk[] = [];
  try {
    // ---- 1. messages per second ----
    const t0 = Date.now();
    for (let i = 0; i < N; i++) kiosks.push(simKiosk({ brokerUrl: broker.url, id: `K${i}`, site: `S${i % 10}`, watchMs: 3_600_000 }));
    await until(() => kiosks.every((k) => k.fleet.stats().connected), `${N} kiosks connected`, 60_000);
    console.log(`fleet: ${N} kiosks started and connected in ${Date.now() - t0} ms (SQLite store opened and migrated for each)`);
    let received = 0;
    const sub = mqtt.connect(broker.url, { protocolVersion: 5 });
    sub.on('message', () => received++);
    await new Promise<void>((r) => sub.on('connect', () => sub.subscribe('$share/bench/kiosk/+/+/health', { qos: 1 }, () => r())));
    const t1 = performance.now();
    for (let b = 0; b < BURST; b++) for (const k of kiosks) k.fleet.poke();
    const published = performance.now() - t1;
    await until(() => received >= N * BURST, `${N * BURST} health reports at the subscriber`, 60_000);
    const total = performance.now() - t1;
    console.log(
      `fleet: ${N * BURST} health reports (QoS 1) from ${N} kiosks, through Mosquitto to one shared-subscription subscriber in ${total.toFixed(0)} ms: ${((N * BURST) / (total / 1000)).toFixed(0)} messages/s (handed to the client in ${published.toFixed(0)} ms)`,
    );
    sub.end(true);

    // ---- 2. bytes per kiosk per hour at the default intervals ----
    const proxy = await countingProxy(broker.port);
    const HEALTH_S = 1;
    const METRICS_S = 5;
    const WINDOW_S = 20;
    const probe = simKiosk({
      brokerUrl: `mqtt://127.0.0.1:${proxy.port}`,
      id: 'KBYTES',
      site: 'S0',
      healthSeconds: HEALTH_S,
      metricsSeconds: METRICS_S,
      watchMs: 3_600_000,
    });
    kiosks.push(probe);
    await until(() => probe.fleet.stats().connected, 'the byte probe connected', 60_000);
    await sleep(500);
    const base = { up: proxy.up(), down: proxy.down(), sent: probe.fleet.stats() };
    await sleep(WINDOW_S * 1000);
    const up = proxy.up() - base.up;
    const down = proxy.down() - base.down;
    const sent = probe.fleet.stats();
    const msgs = sent.messages - base.sent.messages;
    const healthN = WINDOW_S / HEALTH_S;
    const metricsN = WINDOW_S / METRICS_S;
    // bytes per report (both directions: PUBLISH in, PUBACK out), then an hour of defaults
    const perReport = (up + down) / msgs;
    const hourReports = 3600 / 60 + 3600 / 300;
    // mqtt.js pings (PINGREQ + PINGRESP, 2 + 2 bytes) when it sent nothing for a keepalive (30 s)
    const pingBytes = Math.max(0, 3600 / 30 - hourReports) * 4;
    const perHour = hourReports * perReport + pingBytes;
    console.log(
      `fleet: one kiosk at health ${HEALTH_S} s / metrics ${METRICS_S} s for ${WINDOW_S} s: ${msgs} reports (~${healthN} health + ${metricsN} metrics), ${up} bytes to the broker, ${down} bytes back: ${perReport.toFixed(0)} bytes per report on the wire`,
    );
    console.log(
      `fleet: at the defaults (health 60 s, metrics 300 s, keepalive 30 s): ${hourReports} reports/hour, ~${(perHour / 1024).toFixed(1)} KiB per kiosk per hour between kiosk and broker (+ the same reports again to each console), ~${((perHour * 24) / 1024 / 1024).toFixed(2)} MiB per day; ${N} kiosks: ${((perHour * N) / 1024 / 1024).toFixed(1)} MiB/hour, ${((hourReports * N) / 3600).toFixed(1)} messages/s at the broker`,
    );
    kiosks.pop();
    await probe.stop();
    await proxy.close();

    // ---- 3. console update latency ----
    const con = await startFleetConsole({ brokerUrl: broker.url, log: () => {} });
    await con.ready;
    await until(() => con.state.kiosks().filter((k) => k.health).length >= N, 'the console has every kiosk', 60_000);
    const browser = await chromium.launch({ executablePath: chromiumForTests(), headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
    try {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await page.goto(con.url);
      await page
        .locator('.kiosk')
        .nth(N - 1)
        .waitFor();
      const k = kiosks[Math.floor(N / 2)]!;
      const key = `${k.site}/${k.id}`;
      await page.evaluate((key) => {
        const w = window as unknown as { seen: Array<{ state: string; at: number }> };
        w.seen = [];
        new MutationObserver(() => {
          const el = document.querySelector(`[data-key="${key}"]`);
          const state = el?.getAttribute('data-state') ?? '';
          if (w.seen.at(-1)?.state !== state) w.seen.push({ state, at: performance.timeOrigin + performance.now() });
        }).observe(document.getElementById('sites')!, { subtree: true, childList: true, attributes: true });
      }, key);
      const lat: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const want = i % 2 === 0 ? 'warn' : 'online';
        const before = await page.evaluate(() => (window as unknown as { seen: unknown[] }).seen.length);
        k.printer = want === 'warn' ? 'paperOut' : 'ready';
        const t = Date.now();
        k.fleet.check();
        await page.waitForFunction(
          ({ before, want }) => {
            const s = (window as unknown as { seen: Array<{ state: string }> }).seen;
            return s.length > before && s.at(-1)!.state === want;
          },
          { before, want },
        );
        const at = await page.evaluate(() => (window as unknown as { seen: Array<{ at: number }> }).seen.at(-1)!.at);
        lat.push(at - t);
        await sleep(50);
      }
      console.log(
        `fleet: console update latency, a kiosk's printer change -> the page redrawn (${N} kiosks listed, ${RUNS} changes): p50 ${pct(lat, 50).toFixed(0)} ms, p95 ${pct(lat, 95).toFixed(0)} ms, max ${Math.max(...lat).toFixed(0)} ms`,
      );
    } finally {
      await browser.close();
      await con.close();
    }
  } finally {
    await Promise.all(kiosks.map((k) => k.stop()));
    await broker.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
