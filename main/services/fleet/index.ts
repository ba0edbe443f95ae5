/**
 * The fleet reporter (issue 16, docs/fleet.md): this kiosk's status, health and metrics to an
 * MQTT broker, and signed operator commands from it.
 *
 * - `status` (retained, QoS 1, last will "offline"): online, version, profile, uptime, service.
 * - `health` (retained, QoS 1, every `healthSeconds` and at once on a change): devices, outbox,
 *   dead letters, payments pending, queue figures (when the kiosk has a queue service).
 * - `metrics` (QoS 1, every `metricsSeconds`): journeys completed per hour.
 * - `cmd` (subscribed, QoS 1): signed commands, executed once; answered on `cmd-result`.
 *
 * Every payload is parsed with its strict schema (protocol.ts) before it leaves: the schemas are
 * an allow-list of counts, states and ids, with no field for anything personal. A payload that
 * does not pass is not sent (and logged). Without the broker the kiosk serves residents as ever:
 * reports wait in a bounded queue (link.ts).
 */
import { isAbsolute, join, resolve } from 'node:path';
import type { z } from 'zod';
import type { KioskConfig } from '../../../kiosk-config/schema';
import type { Announcement } from '../../api/schemas';
import type { DeviceStatus } from '../../ipc/contract';
import { readLogs } from '../../log-file';
import { maskPersonalData, type Logger } from '../../log';
import type { PrinterCondition } from '../printing';
import { createFleetCounters, type FleetCounters } from './counters';
import { createLink, type Link } from './link';
import {
  checkCommand,
  CommandResult,
  HealthPayload,
  MetricsPayload,
  PROTOCOL_VERSION,
  REFUSAL_TEXT,
  StatusPayload,
  topicOf,
  type CommandBody,
  type DeviceState,
  type QueueFigures,
} from './protocol';
import { createFleetStore, type FleetStore } from './store';

export { createFleetCounters, type FleetCounters } from './counters';

/** What the fleet may do on the kiosk, each by reusing the service that owns it. */
export interface FleetActions {
  /** Out of service with an operator's message (null: back in service). Maintenance mode owns this. */
  setOutOfService(message: string | null, operator: string): void;
  printTest(): Promise<{ state: string; condition: string }>;
  /** Every dead letter back in the queue; returns how many. */
  requeueDead(): number;
  /**
   * Re-reads the config; returns an English summary and the fleet section when it changed
   * (applied at once: operator keys). Throws with the reason when the config is refused.
   */
  reloadConfig(): Promise<string | { summary: string; fleet?: KioskConfig['fleet'] }> | string | { summary: string; fleet?: KioskConfig['fleet'] };
}

export interface FleetDeps {
  config: Pick<KioskConfig, 'fleet' | 'kioskId' | 'profile' | 'dataDir' | 'logFiles'>;
  version: string;
  log: Logger;
  devices: {
    printer(): PrinterCondition;
    scanner(): DeviceStatus;
    cardReader(): DeviceStatus;
    /** The document camera is the page's (getUserMedia): main knows only whether one is configured. */
    camera(): DeviceState;
  };
  online(): boolean;
  /** Bytes of attachments waiting in the outbox. */
  outboxBytes?: () => number;
  service(): 'ok' | 'out_of_service';
  /** Queue figures at a service center; absent or undefined: the kiosk has no queue service. */
  queue?: (() => QueueFigures | undefined) | undefined;
  actions: FleetActions;
  counters?: FleetCounters;
  store?: FleetStore;
  now?: () => number;
  /** An announcement was pushed (the kiosk tells the attract loop). */
  onAnnouncement?: () => void;
  /** Tests: the device and figures check runs this often (ms); a change publishes health at once. */
  watchMs?: number;
  reconnectMs?: number;
}

export interface FleetService {
  readonly counters: FleetCounters;
  /** Announcements pushed by operators, still valid (the attract loop shows them first). */
  announcements(): Announcement[];
  /** Publish health now. */
  poke(): void;
  /** Publish status and health now if they changed (a device event; else the watch finds it within `watchMs`). */
  check(): void;
  /** Reports queued while the broker is unreachable, dropped, and sent. */
  stats(): { connected: boolean; queued: number; dropped: number; messages: number; bytes: number };
  stop(): Promise<void>;
}

const PRINTER: Record<PrinterCondition, DeviceState> = {
  ready: 'ok',
  paperLow: 'paper_low',
  paperOut: 'paper_out',
  coverOpen: 'cover_open',
  offline: 'disconnected',
  stopped: 'disconnected',
  connecting: 'unknown',
  error: 'error',
  not_configured: 'not_configured',
};
const DEVICE: Record<DeviceStatus['state'], DeviceState> = {
  connected: 'ok',
  disconnected: 'disconnected',
  error: 'error',
  not_configured: 'not_configured',
};
const LOG_CHUNK = 32_000;

export function createFleetService(deps: FleetDeps): FleetService | null {
  const { log, config } = deps;
  const fc = config.fleet;
  const counters = deps.counters ?? createFleetCounters();
  if (!fc.brokerUrl) return null;
  const now = deps.now ?? Date.now;
  const started = now();
  const site = fc.siteId;
  const kiosk = config.kioskId;
  const topic = (kind: Parameters<typeof topicOf>[3]) => topicOf(fc.topicPrefix, site, kiosk, kind);
  const store = deps.store ?? createFleetStore(config.dataDir);
  const iso = (ms = now()) => new Date(ms).toISOString();
  let operatorKeys = fc.operatorKeys;
  let seq = 0;
  let pushed: Array<Announcement & { until: number }> = [];
  let lastSignature = '';
  let lastService = deps.service();
  let stopped = false;

  const status = (state: 'online' | 'offline') =>
    StatusPayload.parse({
      v: PROTOCOL_VERSION,
      kiosk,
      site,
      state,
      ...(state === 'online'
        ? { service: deps.service(), version: deps.version, profile: config.profile, uptimeSeconds: Math.floor((now() - started) / 1000) }
        : {}),
      at: iso(),
    });

  /** The allow-list at the door: a payload its schema refuses is not sent. */
  const out = <S extends z.ZodType>(schema: S, value: unknown, kind: 'status' | 'health' | 'metrics' | 'cmd-result', retain: boolean) => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      log.error('fleet', `a ${kind} report did not match its schema and was not sent: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return;
    }
    link.publish(topic(kind), JSON.stringify(parsed.data), { qos: 1, retain, queue: kind !== 'status' });
  };

  const health = () => {
    const f = store.figures();
    const figures = {
      devices: {
        printer: PRINTER[deps.devices.printer()] ?? 'unknown',
        scanner: DEVICE[deps.devices.scanner().state] ?? 'unknown',
        cardReader: DEVICE[deps.devices.cardReader().state] ?? 'unknown',
        camera: deps.devices.camera(),
      },
      online: deps.online(),
      outbox: {
        pending: f.pending,
        dead: f.dead,
        oldestPendingSeconds: f.oldestPendingAt === null ? null : Math.max(0, Math.floor((now() - f.oldestPendingAt) / 1000)),
        bytes: deps.outboxBytes?.() ?? 0,
      },
      paymentsPending: f.paymentsPending,
    };
    const q = deps.queue?.();
    return { figures, queue: q };
  };

  const publishHealth = () => {
    try {
      const h = health();
      lastSignature = signature(h);
      out(
        HealthPayload,
        { v: PROTOCOL_VERSION, kiosk, site, at: iso(), seq: seq++, ...h.figures, ...(h.queue ? { queue: h.queue } : {}), dropped: link.dropped() },
        'health',
        true,
      );
    } catch (err) {
      log.warn('fleet', 'health report failed', err);
    }
  };
  // What counts as a change worth an immediate report (not the age of the oldest row).
  const signature = (h: ReturnType<typeof health>) =>
    JSON.stringify([h.figures.devices, h.figures.online, h.figures.outbox.pending, h.figures.outbox.dead, h.figures.paymentsPending, h.queue]);

  const publishMetrics = () =>
    out(MetricsPayload, { v: PROTOCOL_VERSION, kiosk, site, at: iso(), seq: seq++, hours: counters.hours(now(), 3) }, 'metrics', false);

  const answer = (r: Omit<CommandResult, 'v' | 'kiosk' | 'at'>) => out(CommandResult, { v: PROTOCOL_VERSION, kiosk, at: iso(), ...r }, 'cmd-result', false);

  const execute = async (cmd: CommandBody): Promise<string> => {
    const a = cmd.args;
    switch (cmd.op) {
      case 'announce': {
        if (!a.title || !a.body) throw new Error('an announcement needs a title and a body');
        const minutes = a.minutes ?? 24 * 60;
        pushed = [
          {
            id: `fleet-${cmd.id}`,
            title: a.title.normalize('NFC'),
            body: a.body.normalize('NFC'),
            category: 'notice' as const,
            publishedAt: iso(),
            until: now() + minutes * 60_000,
          },
          ...pushed.filter((p) => p.until > now()),
        ].slice(0, 5);
        deps.onAnnouncement?.();
        return `announcement shown for ${minutes} min`;
      }
      case 'out-of-service':
        deps.actions.setOutOfService((a.message ?? 'Ki-ốt tạm ngừng phục vụ. Mong ông/bà thông cảm.').normalize('NFC'), cmd.by);
        return 'out of service';
      case 'in-service':
        deps.actions.setOutOfService(null, cmd.by);
        return 'back in service';
      case 'print-test': {
        const r = await deps.actions.printTest();
        if (r.state === 'unavailable') throw new Error(`the printer is unavailable (${r.condition})`);
        return `test page ${r.state} (printer ${r.condition})`;
      }
      case 'requeue-dead': {
        const n = deps.actions.requeueDead();
        return `${n} dead letter(s) put back in the queue`;
      }
      case 'reload-config': {
        const r = await deps.actions.reloadConfig();
        if (typeof r === 'string') return r;
        if (r.fleet) operatorKeys = r.fleet.operatorKeys;
        return r.summary;
      }
      case 'collect-logs': {
        if (!config.logFiles.enabled) throw new Error('log files are disabled on this kiosk (logFiles.enabled = false)');
        const d = config.logFiles.dir;
        const dir = d ? (isAbsolute(d) ? d : resolve(d)) : join(resolve(config.dataDir), 'logs');
        const records = readLogs(dir, { ...(a.level ? { level: a.level } : {}), limit: a.lines ?? 500 });
        const text = records.map((r) => JSON.stringify({ ...r, area: maskPersonalData(r.area), msg: maskPersonalData(r.msg) })).join('\n');
        const parts = Math.max(1, Math.ceil(text.length / LOG_CHUNK));
        for (let i = 0; i < parts; i++) {
          answer({
            id: cmd.id,
            op: cmd.op,
            outcome: 'done',
            detail: `log lines, part ${i + 1} of ${parts}`,
            part: i + 1,
            parts,
            data: text.slice(i * LOG_CHUNK, (i + 1) * LOG_CHUNK),
          });
        }
        return `${records.length} masked log line(s) sent in ${parts} part(s)`;
      }
    }
  };

  const onCommand = (payload: Buffer) => {
    const check = checkCommand(payload, { publicKeys: operatorKeys, kioskId: kiosk, nowMs: now() });
    if (!check.ok) {
      log.warn('fleet', `command ${check.id}${check.op ? ` (${check.op})` : ''} refused: ${REFUSAL_TEXT[check.reason]}`);
      answer({ id: check.id, ...(check.op ? { op: check.op } : {}), outcome: 'refused', reason: check.reason, detail: REFUSAL_TEXT[check.reason] });
      return;
    }
    const cmd = check.body;
    if (!store.claim({ id: cmd.id, op: cmd.op, operator: cmd.by, at: now(), expiresAt: cmd.exp * 1000 })) {
      log.warn('fleet', `command ${cmd.id} (${cmd.op}) from ${cmd.by} refused: ${REFUSAL_TEXT.replayed}`);
      answer({ id: cmd.id, op: cmd.op, outcome: 'refused', reason: 'replayed', detail: REFUSAL_TEXT.replayed });
      return;
    }
    log.info('fleet', `command ${cmd.id} (${cmd.op}) from operator ${cmd.by}`);
    void (async () => {
      try {
        const detail = await execute(cmd);
        store.finish(cmd.id, 'done', detail);
        log.info('fleet', `command ${cmd.id} (${cmd.op}) done: ${detail}`);
        if (cmd.op !== 'collect-logs') answer({ id: cmd.id, op: cmd.op, outcome: 'done', detail });
      } catch (err) {
        const detail = err instanceof Error ? err.message : String(err);
        store.finish(cmd.id, 'failed', detail);
        log.warn('fleet', `command ${cmd.id} (${cmd.op}) failed: ${detail}`);
        answer({ id: cmd.id, op: cmd.op, outcome: 'failed', detail: maskPersonalData(detail).slice(0, 2000) });
      }
      publishStatus();
      publishHealth();
    })();
  };

  const publishStatus = () => {
    lastService = deps.service();
    out(StatusPayload, status('online'), 'status', true);
  };

  const cmdTopic = topic('cmd');
  const link: Link = createLink({
    url: fc.brokerUrl,
    clientId: `kiosk-${site}-${kiosk}`.slice(0, 128),
    will: { topic: topic('status'), payload: JSON.stringify(status('offline')) },
    subscribe: [cmdTopic],
    sessionExpirySeconds: fc.sessionExpirySeconds,
    queueLimit: fc.queueLimit,
    username: fc.username,
    password: fc.password,
    caFile: fc.caFile,
    certFile: fc.certFile,
    keyFile: fc.keyFile,
    reconnectMs: deps.reconnectMs,
    log,
    onConnect: () => publishStatus(),
    onMessage: (t, payload) => {
      if (t === cmdTopic) onCommand(payload);
    },
  });

  const healthTimer = setInterval(publishHealth, fc.healthSeconds * 1000);
  const metricsTimer = setInterval(publishMetrics, fc.metricsSeconds * 1000);
  const check = () => {
    try {
      if (deps.service() !== lastService) publishStatus();
      if (signature(health()) !== lastSignature) publishHealth();
    } catch (err) {
      log.debug('fleet', `watch: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const watch = setInterval(check, deps.watchMs ?? 2000);
  const pruneTimer = setInterval(() => store.prune(now(), 86_400_000), 3_600_000);
  for (const t of [healthTimer, metricsTimer, watch, pruneTimer]) t.unref();
  publishHealth();
  publishMetrics();
  log.info('fleet', `reporting to ${fc.brokerUrl} as ${topicOf(fc.topicPrefix, site, kiosk, 'status').replace(/\/status$/, '')}`);

  return {
    counters,
    announcements: () => pushed.filter((p) => p.until > now()).map(({ until: _until, ...a }) => a),
    poke: () => publishHealth(),
    check,
    stats: () => ({ connected: link.connected, queued: link.queued(), dropped: link.dropped(), ...link.sent() }),
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const t of [healthTimer, metricsTimer, watch, pruneTimer]) clearInterval(t);
      await link.close({ topic: topic('status'), payload: JSON.stringify(status('offline')) });
      try {
        store.close();
      } catch {
        // closing
      }
    },
  };
}
