/**
 * Issue 16: no personal data leaves the kiosk through the fleet. A whole kiosk (createKiosk, the
 * embedded sandbox over real HTTP, real SQLite) reports to a real Mosquitto; a resident's session
 * reads the demo card with consent, submits a dossier and looks it up; an operator collects the
 * logs. Every message published under the kiosk's topics is then (1) parsed with its strict
 * allow-list schema and (2) searched for the resident's data in every spelling we know.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kiosk } from '../../main/kiosk';
import { createMemoryLogger } from '../../main/log';
import { CommandResult, HealthPayload, MetricsPayload, parseTopic, signCommand, StatusPayload, topicOf } from '../../main/services/fleet/protocol';
import { generateTechnicianKeys } from '../../main/services/maintenance/token';
import { EXAMPLE_SUBMISSION } from '../../sandbox/routes';
import { asCardHolder, readDemoCard, type CardHolder } from '../support/identity';
import { requireMosquitto, startBroker, type Broker } from './fleet-broker';
import { startTestKiosk } from '../support/kiosk';

const hasBroker = requireMosquitto();

const operator = generateTechnicianKeys();
let broker: Broker;
let dir: string;
let kiosk: Kiosk;
let sub: MqttClient;
const messages: Array<{ topic: string; payload: string }> = [];

beforeAll(async () => {
  broker = await startBroker();
  dir = mkdtempSync(join(tmpdir(), 'fleet-privacy-'));
  sub = mqtt.connect(broker.url, { protocolVersion: 5 });
  sub.on('message', (topic, p) => messages.push({ topic, payload: p.toString('utf8') }));
  await new Promise<void>((r) => sub.on('connect', () => sub.subscribe('#', { qos: 1 }, () => r())));
  const started = await startTestKiosk(
    {
      kioskId: 'KIOSK-PRIV',
      // a service center's kiosk: its health carries the center's queue figures (issue 13)
      profile: 'service-center',
      dataDir: dir,
      logFiles: { enabled: true, dir: join(dir, 'logs') },
      fleet: { brokerUrl: broker.url, siteId: 'PHUONG-1', healthSeconds: 1, metricsSeconds: 5, operatorKeys: [operator.publicKey] },
    },
    { log: createMemoryLogger('info') },
  );
  kiosk = started.kiosk;
});

afterAll(async () => {
  await kiosk?.stop();
  sub?.end(true);
  await broker?.close();
  rmSync(dir, { recursive: true, force: true });
});

const SCHEMAS = { status: StatusPayload, health: HealthPayload, metrics: MetricsPayload, 'cmd-result': CommandResult } as const;

/** Every way the resident's data could be written in a payload. */
function needles(holder: CardHolder): string[] {
  const a = EXAMPLE_SUBMISSION.applicant;
  const [y, m, d] = holder.birthDate.split('-');
  const plain = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D');
  const names = [holder.fullName, a.fullName, EXAMPLE_SUBMISSION.fields.hoTenNguoiDuocKhaiSinh as string];
  return [
    holder.personalId,
    a.personalId,
    holder.personalId.slice(-6),
    holder.birthDate,
    `${d}/${m}/${y}`,
    `${d}${m}${y}`,
    a.phone!,
    a.address!,
    'Lê Lợi',
    ...names.flatMap((n) => [n, n.toUpperCase(), n.toLowerCase(), plain(n), plain(n).toUpperCase()]),
  ].map((s) => s.toLowerCase());
}

describe.skipIf(!hasBroker)('no personal data through the fleet', () => {
  it('a resident session with a card read and a submission: every payload is allow-listed and free of their data', async () => {
    await expect.poll(() => messages.some((m) => m.topic === 'kiosk/PHUONG-1/KIOSK-PRIV/status'), { timeout: 10_000 }).toBe(true);
    const holder = await readDemoCard(kiosk);
    const { kioskRef: _ref, ...page } = EXAMPLE_SUBMISSION;
    const sent = await kiosk.router.handle('dossier.submit', asCardHolder(page, holder));
    expect(sent).toMatchObject({ ok: true, value: { state: 'sent' } });
    const code = (sent as { value: { dossierCode: string } }).value.dossierCode;
    expect(await kiosk.router.handle('dossier.lookup', { code })).toMatchObject({ ok: true });
    // A log line with the resident's ID, as a careless service might write (the logger masks; the fleet masks again).
    mkdirSync(join(dir, 'logs'), { recursive: true });
    writeFileSync(
      join(dir, 'logs', 'kiosk.1.log'),
      `${JSON.stringify({ time: new Date().toISOString(), level: 'info', area: 'test', msg: `card read for ${holder.personalId}` })}\n`,
    );
    const cmd = signCommand({ kiosk: 'KIOSK-PRIV', op: 'collect-logs', by: 'op-privacy' }, operator.privateKeyPem);
    sub.publish(topicOf('kiosk', 'PHUONG-1', 'KIOSK-PRIV', 'cmd'), JSON.stringify(cmd), { qos: 1 });
    kiosk.session.end('finish');

    // The journeys are counted (numbers only) and the logs arrive, masked.
    await expect
      .poll(
        () =>
          messages
            .filter((m) => m.topic.endsWith('/metrics'))
            .map((m) => MetricsPayload.parse(JSON.parse(m.payload)))
            .some((p) => p.hours.some((h) => (h.counts.submissions ?? 0) >= 1 && (h.counts.lookups ?? 0) >= 1)),
        { timeout: 15_000 },
      )
      .toBe(true);
    await expect.poll(() => messages.some((m) => m.topic.endsWith('/cmd-result') && m.payload.includes('card read for')), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => messages.filter((m) => m.topic.endsWith('/health')).length, { timeout: 10_000 }).toBeGreaterThan(2);
    // the center's queue, as counts
    await expect
      .poll(
        () =>
          messages
            .filter((m) => m.topic.endsWith('/health'))
            .map((m) => HealthPayload.parse(JSON.parse(m.payload)).queue)
            .find((q) => q !== undefined),
        {
          timeout: 10_000,
        },
      )
      .toMatchObject({ offline: false, servicesOpen: expect.any(Number) as number, waiting: expect.any(Number) as number });

    const search = needles(holder);
    const ours = messages.filter((m) => m.topic.startsWith('kiosk/PHUONG-1/KIOSK-PRIV/') && !m.topic.endsWith('/cmd'));
    expect(ours.length).toBeGreaterThan(5);
    for (const m of ours) {
      const where = parseTopic('kiosk', m.topic);
      expect(where, m.topic).not.toBeNull();
      const schema = SCHEMAS[where!.kind as keyof typeof SCHEMAS];
      expect(schema, m.topic).toBeDefined();
      expect(schema.safeParse(JSON.parse(m.payload)).success, `${m.topic}: ${m.payload}`).toBe(true);
      const lower = m.payload.toLowerCase();
      for (const n of search) expect(lower.includes(n), `${m.topic} carries "${n}": ${m.payload}`).toBe(false);
    }
    // nothing was published anywhere else by the kiosk
    expect(messages.filter((m) => !m.topic.startsWith('kiosk/PHUONG-1/KIOSK-PRIV/')).map((m) => m.topic)).toEqual([]);
    // the logs did come through (masked), so the search above looked at them
    expect(ours.some((m) => m.payload.includes('card read for 0'))).toBe(true);
  });

  it('a payload that does not fit the allow-list is refused by the schema (the door the reporter goes through)', () => {
    const base = { v: 1, kiosk: 'K', site: 'S', state: 'online', at: new Date().toISOString() };
    expect(StatusPayload.safeParse(base).success).toBe(true);
    expect(StatusPayload.safeParse({ ...base, resident: 'Nguyễn Văn An' }).success).toBe(false);
    expect(CommandResult.safeParse({ v: 1, kiosk: 'K', id: 'x', outcome: 'done', detail: 'ok', at: base.at, personalId: '079090001234' }).success).toBe(false);
  });
});
