/**
 * Issue 16: signed commands on a kiosk's own topic, against a real Mosquitto — executed once,
 * answered on cmd-result; a replay (also after a restart: the ids are in SQLite), a forged one,
 * an expired one and one for another kiosk refused with the reason. And the last will: a kiosk
 * process killed with SIGKILL is shown offline by the broker's retained status.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleetConsole, type FleetConsole } from '../../fleet/server';
import { generateTechnicianKeys } from '../../main/services/maintenance/token';
import { CommandResult, signCommand, StatusPayload, topicOf, type SignedCommand } from '../../main/services/fleet/protocol';
import { requireMosquitto, startBroker, type Broker } from './fleet-broker';
import { simKiosk, type SimKiosk } from './fleet-sim';
import { until } from '../support/wait';

const hasBroker = requireMosquitto();

const CHILD = join(import.meta.dirname, 'fleet-child.ts');
const operator = generateTechnicianKeys();
const intruder = generateTechnicianKeys();

let broker: Broker;
let client: MqttClient;
const results: CommandResult[] = [];
const cleanup: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  broker = await startBroker();
  client = mqtt.connect(broker.url, { protocolVersion: 5 });
  client.on('message', (topic, p) => {
    if (topic.endsWith('/cmd-result')) results.push(CommandResult.parse(JSON.parse(p.toString())));
  });
  await new Promise<void>((r) => client.on('connect', () => client.subscribe('kiosk/+/+/cmd-result', { qos: 1 }, () => r())));
});

afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
  client?.end(true);
  await broker?.close();
});

const send = (k: { site: string; id: string }, signed: SignedCommand | string) =>
  client.publish(topicOf('kiosk', k.site, k.id, 'cmd'), typeof signed === 'string' ? signed : JSON.stringify(signed), { qos: 1 });
const resultsFor = (id: string) => results.filter((r) => r.id === id);
const connected = (k: SimKiosk) => until(() => k.fleet.stats().connected, `${k.id} connected to the broker`, 10_000);

describe.skipIf(!hasBroker)('signed commands', () => {
  let k: SimKiosk;
  const dataDir = mkdtempSync(join(tmpdir(), 'fleet-cmd-'));
  beforeAll(async () => {
    k = simKiosk({ brokerUrl: broker.url, id: 'K-CMD', site: 'S1', operatorKeys: [operator.publicKey], dataDir });
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    await connected(k);
  });

  it('a signed command is executed once and answered; its replay is refused, also after a restart', async () => {
    const cmd = signCommand({ kiosk: 'K-CMD', op: 'print-test', by: 'op-lan', id: 'print-once-abc' }, operator.privateKeyPem);
    send(k, cmd);
    await expect.poll(() => resultsFor(JSON.parse(Buffer.from(cmd.cmd, 'base64url').toString()).id).length, { timeout: 10_000 }).toBe(1);
    const id = (JSON.parse(Buffer.from(cmd.cmd, 'base64url').toString()) as { id: string }).id;
    expect(resultsFor(id)[0]).toMatchObject({ outcome: 'done', op: 'print-test', kiosk: 'K-CMD' });
    expect(k.printed).toBe(1);

    send(k, cmd);
    await expect.poll(() => resultsFor(id).length, { timeout: 10_000 }).toBe(2);
    expect(resultsFor(id)[1]).toMatchObject({ outcome: 'refused', reason: 'replayed' });
    expect(k.printed).toBe(1);
    expect(k.log.lines.some((l) => l.includes(`command ${id} (print-test) from op-lan refused`))).toBe(true);

    // The same kiosk restarted (its database kept): the id is remembered.
    await k.stop();
    k = simKiosk({ brokerUrl: broker.url, id: 'K-CMD', site: 'S1', operatorKeys: [operator.publicKey], dataDir });
    await connected(k);
    send(k, cmd);
    await expect.poll(() => resultsFor(id).length, { timeout: 10_000 }).toBe(3);
    expect(resultsFor(id)[2]).toMatchObject({ outcome: 'refused', reason: 'replayed' });
    expect(k.printed).toBe(0);
  });

  it('a forged, an expired, a wrong-kiosk and a malformed command are refused with the reason', async () => {
    const forged = signCommand({ kiosk: 'K-CMD', op: 'out-of-service', by: 'mallory', id: 'forged-0001' }, intruder.privateKeyPem);
    const expired = signCommand(
      { kiosk: 'K-CMD', op: 'out-of-service', by: 'op-lan', id: 'expired-0001', nowMs: Date.now() - 3_600_000, ttlSeconds: 60 },
      operator.privateKeyPem,
    );
    const other = signCommand({ kiosk: 'K-OTHER', op: 'out-of-service', by: 'op-lan', id: 'other-00001' }, operator.privateKeyPem);
    // a body altered after signing: the signature no longer matches
    const good = signCommand({ kiosk: 'K-CMD', op: 'print-test', by: 'op-lan', id: 'altered-0001' }, operator.privateKeyPem);
    const altered = {
      cmd: Buffer.from(Buffer.from(good.cmd, 'base64url').toString().replace('print-test', 'out-of-service')).toString('base64url'),
      sig: good.sig,
    };
    for (const c of [forged, expired, other, altered]) send(k, c);
    send(k, '{"not":"a command"}');
    await expect.poll(() => results.filter((r) => r.kiosk === 'K-CMD' && r.outcome === 'refused').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(7);
    expect(resultsFor('forged-0001')[0]).toMatchObject({ outcome: 'refused', reason: 'bad-signature' });
    expect(resultsFor('expired-0001')[0]).toMatchObject({ outcome: 'refused', reason: 'expired' });
    expect(resultsFor('other-00001')[0]).toMatchObject({ outcome: 'refused', reason: 'wrong-kiosk' });
    expect(resultsFor('altered-0001')[0]).toMatchObject({ outcome: 'refused', reason: 'bad-signature' });
    expect(resultsFor('unknown').some((r) => r.reason === 'malformed')).toBe(true);
    expect(k.outOfService).toBeNull();
  });

  it('out of service and back, an announcement, through the console that signs them', async () => {
    const con: FleetConsole = await startFleetConsole({ brokerUrl: broker.url, privateKeyPem: operator.privateKeyPem, operator: 'op-lan', log: () => {} });
    cleanup.push(() => con.close());
    await con.ready;
    await expect.poll(() => con.state.kiosk('S1/K-CMD')?.connection, { timeout: 10_000 }).toBe('online');
    const post = async (body: unknown) => {
      const res = await fetch(`${con.url}/api/kiosks/S1/K-CMD/commands`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as { id: string; error?: string } };
    };
    const off = await post({ op: 'out-of-service', args: { message: 'Bảo trì máy in, ông/bà vui lòng quay lại sau.' } });
    expect(off.status).toBe(202);
    await expect.poll(() => k.outOfService, { timeout: 10_000 }).toBe('Bảo trì máy in, ông/bà vui lòng quay lại sau.');
    await expect.poll(() => con.state.kiosk('S1/K-CMD')?.status?.service, { timeout: 10_000 }).toBe('out_of_service');
    await expect.poll(() => con.state.kiosk('S1/K-CMD')?.lastResult?.id, { timeout: 10_000 }).toBe(off.body.id);

    const ann = await post({ op: 'announce', args: { title: 'Mất điện', body: 'Chiều nay khu vực tạm mất điện từ 14:00.' } });
    expect(ann.status).toBe(202);
    await expect.poll(() => k.fleet.announcements().map((a) => a.title), { timeout: 10_000 }).toEqual(['Mất điện']);

    expect((await post({ op: 'announce', args: { title: 'x' } })).status).toBe(400);
    expect((await post({ op: 'format-disk' })).status).toBe(400);

    await post({ op: 'in-service' });
    await expect.poll(() => con.state.kiosk('S1/K-CMD')?.status?.service, { timeout: 10_000 }).toBe('ok');
    expect(k.outOfService).toBeNull();
  });
});

describe.skipIf(!hasBroker)('last will', () => {
  it('a kiosk process killed with SIGKILL is shown offline (the retained status)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, broker.url, 'K-WILL', 'S2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    cleanup.push(() => void child.kill('SIGKILL'));
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('connected')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`the child exited (${code}) before connecting`)));
    });
    const statuses: StatusPayload[] = [];
    const watcher = mqtt.connect(broker.url, { protocolVersion: 5 });
    cleanup.push(() => void watcher.end(true));
    watcher.on('message', (_t, p) => statuses.push(StatusPayload.parse(JSON.parse(p.toString()))));
    await new Promise<void>((r) => watcher.on('connect', () => watcher.subscribe('kiosk/S2/K-WILL/status', { qos: 1 }, () => r())));
    await expect.poll(() => statuses.at(-1)?.state, { timeout: 10_000 }).toBe('online');
    child.kill('SIGKILL');
    // The broker sees the socket close and publishes the will (retained).
    await expect.poll(() => statuses.at(-1)?.state, { timeout: 20_000 }).toBe('offline');
    // A console started afterwards still learns it (retained).
    const late = await startFleetConsole({ brokerUrl: broker.url, log: () => {} });
    cleanup.push(() => late.close());
    await expect.poll(() => late.state.kiosk('S2/K-WILL')?.connection, { timeout: 10_000 }).toBe('offline');
  });
});
