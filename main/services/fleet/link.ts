/**
 * The kiosk's MQTT link (issue 16): MQTT 5 with a persistent session (clean start false and a
 * session expiry, so the broker keeps the command subscription and queues commands while the
 * kiosk is away), falling back to MQTT 3.1.1 (clean session false) when the broker does not
 * speak 5. A retained `status` with a last will "offline".
 *
 * While the broker is unreachable, reports wait in a bounded queue: the newest are kept, the
 * oldest dropped and counted. The kiosk never waits for the broker: `publish` returns at once.
 */
import { readFileSync } from 'node:fs';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { Logger } from '../../log';

export interface LinkOptions {
  url: string;
  clientId: string;
  will: { topic: string; payload: string };
  /** Topics to subscribe to (QoS 1) on every connection without a resumed session. */
  subscribe: string[];
  sessionExpirySeconds: number;
  queueLimit: number;
  username?: string | undefined;
  password?: string | undefined;
  caFile?: string | undefined;
  certFile?: string | undefined;
  keyFile?: string | undefined;
  reconnectMs?: number | undefined;
  log: Logger;
  onMessage(topic: string, payload: Buffer): void;
  /** Called on every (re)connection, before the queue is flushed (publish the status here). */
  onConnect(): void;
}

export interface Link {
  readonly connected: boolean;
  publish(topic: string, payload: string, opts: { qos: 0 | 1; retain: boolean; queue: boolean }): void;
  /** Reports queued now, and dropped since start (the bounded queue was full). */
  queued(): number;
  dropped(): number;
  /** Messages and payload bytes handed to the broker since start. */
  sent(): { messages: number; bytes: number };
  /** Publishes the status "offline" and closes (a graceful stop: no last will). */
  close(finalStatus?: { topic: string; payload: string }): Promise<void>;
}

export function createLink(o: LinkOptions): Link {
  const { log } = o;
  const queue: Array<{ topic: string; payload: string; qos: 0 | 1; retain: boolean }> = [];
  let dropped = 0;
  let messages = 0;
  let bytes = 0;
  let closing = false;
  let protocolVersion: 4 | 5 = 5;
  let client: MqttClient;
  let everConnected = false;

  const tls = {
    ...(o.caFile ? { ca: readFileSync(o.caFile) } : {}),
    ...(o.certFile ? { cert: readFileSync(o.certFile) } : {}),
    ...(o.keyFile ? { key: readFileSync(o.keyFile) } : {}),
  };

  const options = (): IClientOptions => ({
    clientId: o.clientId,
    protocolVersion,
    clean: false,
    ...(protocolVersion === 5 ? { properties: { sessionExpiryInterval: o.sessionExpirySeconds } } : {}),
    keepalive: 30,
    reconnectPeriod: o.reconnectMs ?? 5000,
    connectTimeout: 10_000,
    // Our own bounded queue holds reports while offline; mqtt.js must not keep an unbounded one.
    queueQoSZero: false,
    resubscribe: true,
    will: { topic: o.will.topic, payload: Buffer.from(o.will.payload), qos: 1, retain: true },
    ...(o.username ? { username: o.username } : {}),
    ...(o.password ? { password: o.password } : {}),
    ...tls,
  });

  const send = (m: { topic: string; payload: string; qos: 0 | 1; retain: boolean }) => {
    messages++;
    bytes += Buffer.byteLength(m.payload) + Buffer.byteLength(m.topic);
    client.publish(m.topic, m.payload, { qos: m.qos, retain: m.retain }, (err) => {
      if (err && !closing) log.debug('fleet', `publish to ${m.topic} not confirmed: ${err.message}`);
    });
  };

  const start = () => {
    client = mqtt.connect(o.url, options());
    client.on('connect', (connack) => {
      const resumed = connack.sessionPresent;
      log.info('fleet', `connected to the broker ${o.url} (MQTT ${protocolVersion === 5 ? '5' : '3.1.1'}${resumed ? ', session resumed' : ''})`);
      if (!resumed || !everConnected) {
        // a new session (or our first connection): the broker holds no subscription for us
        client.subscribe(o.subscribe, { qos: 1 }, (err) => {
          if (err) log.warn('fleet', `subscribing to commands failed: ${err.message}`);
        });
      }
      o.onConnect();
      const backlog = queue.splice(0);
      if (backlog.length && everConnected) log.info('fleet', `sending ${backlog.length} report(s) queued while the broker was unreachable`);
      everConnected = true;
      for (const m of backlog) send(m);
    });
    client.on('message', (topic, payload) => o.onMessage(topic, payload));
    client.on('offline', () => {
      if (!closing) log.warn('fleet', `the broker ${o.url} is unreachable: reports are queued (at most ${o.queueLimit})`);
    });
    client.on('error', (err) => {
      const code = (err as { code?: number }).code;
      // 132: unsupported protocol version (MQTT 5 CONNACK); 1: the same in MQTT 3.1.1
      if (protocolVersion === 5 && (code === 132 || code === 1 || /unsupported protocol|protocol version/i.test(err.message))) {
        log.warn('fleet', 'the broker does not speak MQTT 5: falling back to 3.1.1');
        protocolVersion = 4;
        client.end(true, () => start());
        return;
      }
      log.warn('fleet', `broker link: ${err.message}`);
    });
  };
  start();

  return {
    get connected() {
      return client.connected;
    },
    publish(topic, payload, opts) {
      const m = { topic, payload, qos: opts.qos, retain: opts.retain };
      if (client.connected) return send(m);
      if (!opts.queue) return;
      queue.push(m);
      if (queue.length > o.queueLimit) {
        queue.shift();
        dropped++;
      }
    },
    queued: () => queue.length,
    dropped: () => dropped,
    sent: () => ({ messages, bytes }),
    async close(finalStatus) {
      closing = true;
      if (finalStatus && client.connected) {
        await new Promise<void>((resolve) => {
          client.publish(finalStatus.topic, finalStatus.payload, { qos: 1, retain: true }, () => resolve());
          setTimeout(resolve, 1000).unref();
        });
      }
      await new Promise<void>((resolve) => {
        client.end(false, {}, () => resolve());
        setTimeout(() => {
          client.end(true);
          resolve();
        }, 2000).unref();
      });
    },
  };
}
