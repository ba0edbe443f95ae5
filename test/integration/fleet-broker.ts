/**
 * A real Mosquitto for the fleet tests and benchmark (issue 16): started on 127.0.0.1 with a
 * generated config file and a free port, persistence in a temporary folder (so a restart on the
 * same port keeps the kiosks' sessions, as a production broker does), stopped at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requirePeer } from '../support/peers';

export const MOSQUITTO = process.env.MOSQUITTO_BIN ?? '/usr/sbin/mosquitto';

/** The fleet suites' check (test/support/peers.ts: throws in CI when mosquitto is missing, skips outside). */
export function requireMosquitto(): boolean {
  return requirePeer('mosquitto', existsSync(MOSQUITTO) || `${MOSQUITTO} not found`, 'apt-get install mosquitto, or set MOSQUITTO_BIN');
}

export interface Broker {
  url: string;
  port: number;
  /** Stops the broker (SIGTERM: it saves its sessions), keeping its port and data for `start()`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and removes its folder. */
  close(): Promise<void>;
  /** The broker's log (stderr), for failed tests. */
  output(): string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** TLS for the broker's listener (PEM files): with `requireCertificate`, clients need a certificate signed by `caFile`. */
export interface BrokerTls {
  caFile: string;
  certFile: string;
  keyFile: string;
  requireCertificate?: boolean;
}

export async function startBroker(options: { maxConnections?: number; tls?: BrokerTls } = {}): Promise<Broker> {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-broker-'));
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      ...(options.tls
        ? [
            `cafile ${options.tls.caFile}`,
            `certfile ${options.tls.certFile}`,
            `keyfile ${options.tls.keyFile}`,
            `require_certificate ${options.tls.requireCertificate ? 'true' : 'false'}`,
          ]
        : []),
      'allow_anonymous true',
      // as root, Mosquitto would switch to the `mosquitto` user, who cannot read this 0700 folder
      ...(process.getuid?.() === 0 ? ['user root'] : []),
      'persistence true',
      `persistence_location ${dir}/`,
      'autosave_interval 0',
      `max_connections ${options.maxConnections ?? -1}`,
      'max_queued_messages 10000',
      'log_dest stderr',
      'log_type error',
      'log_type warning',
      'log_type notice',
      'log_type information',
      '',
    ].join('\n'),
  );
  let child: ChildProcess | null = null;
  let log = '';
  const start = async () => {
    const c = spawn(MOSQUITTO, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = c;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`mosquitto did not start on port ${port}:\n${log}`)), 10_000);
      c.stderr!.on('data', (d: Buffer) => {
        log = (log + d.toString()).slice(-65_536);
        if (/running/.test(log.split('\n').slice(-5).join('\n'))) {
          clearTimeout(timer);
          resolve();
        }
      });
      c.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`mosquitto exited (${code}) on port ${port}:\n${log}`));
      });
      // A broker that cannot start fails the run with the way to fix it (the suites check with requireMosquitto first).
      c.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`cannot start ${MOSQUITTO} (${err.message}): apt-get install mosquitto, or set MOSQUITTO_BIN`));
      });
    });
  };
  const stop = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    child = null;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  };
  await start();
  return {
    url: `${options.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${port}`,
    port,
    stop,
    start: async () => {
      log = '';
      await start();
    },
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    output: () => log,
  };
}
