/**
 * Issue 16: a kiosk reaching its broker over mutual TLS (`fleet.caFile`, `certFile`, `keyFile`),
 * against a real Mosquitto that requires a client certificate signed by the fleet's CA. The CA,
 * the broker's and the kiosk's certificates are made here with openssl; a kiosk without a client
 * certificate is refused by the broker and keeps running (nothing connects, nothing crashes).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { requireMosquitto, startBroker, type Broker } from './fleet-broker';
import { simKiosk, type SimKiosk } from './fleet-sim';

const hasBroker = requireMosquitto();

let dir: string;
let broker: Broker;
const kiosks: SimKiosk[] = [];

const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

/** A key and a certificate signed by the CA; `ip` puts 127.0.0.1 in the subjectAltName (the broker's). */
function issue(name: string, ip: boolean) {
  openssl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
  if (ip) writeFileSync(join(dir, `${name}.ext`), 'subjectAltName=IP:127.0.0.1\n');
  openssl(
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-out',
    `${name}.crt`,
    ...(ip ? ['-extfile', `${name}.ext`] : []),
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fleet-tls-'));
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=fleet-test-ca');
  issue('broker', true);
  issue('KIOSK-TLS', false);
  broker = await startBroker({
    tls: { caFile: join(dir, 'ca.crt'), certFile: join(dir, 'broker.crt'), keyFile: join(dir, 'broker.key'), requireCertificate: true },
  });
});

afterAll(async () => {
  await Promise.all(kiosks.map((k) => k.stop()));
  await broker?.close();
  rmSync(dir, { recursive: true, force: true });
});

it.skipIf(!hasBroker)('a kiosk with its client certificate reports over TLS; one without is refused and keeps running', { timeout: 60_000 }, async () => {
  const good = simKiosk({
    brokerUrl: broker.url,
    id: 'KIOSK-TLS',
    site: 'S-TLS',
    tls: { caFile: join(dir, 'ca.crt'), certFile: join(dir, 'KIOSK-TLS.crt'), keyFile: join(dir, 'KIOSK-TLS.key') },
  });
  kiosks.push(good);
  await expect.poll(() => good.fleet.stats().connected, { timeout: 15_000 }).toBe(true);
  expect(broker.url.startsWith('mqtts://')).toBe(true);

  const bare = simKiosk({ brokerUrl: broker.url, id: 'KIOSK-NOCERT', site: 'S-TLS', tls: { caFile: join(dir, 'ca.crt') }, reconnectMs: 200 });
  kiosks.push(bare);
  await expect.poll(() => bare.log.lines.some((l) => l.includes('[fleet] broker link')), { timeout: 15_000 }).toBe(true);
  expect(bare.fleet.stats().connected).toBe(false);
  bare.fleet.poke();
  expect(bare.fleet.stats().queued).toBeGreaterThan(0);
});
