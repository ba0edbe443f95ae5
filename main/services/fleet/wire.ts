/**
 * The fleet's wiring into the kiosk (issue 16), so main/kiosk.ts stays a few lines: builds the
 * reporter from the kiosk's services, counts journeys from the router's answers, merges pushed
 * announcements into the attract loop's list. With no `fleet.brokerUrl` it is all a no-op
 * (the counters still count, for nobody). The reporter is made and connects in `start()`.
 */
import { loadConfig, formatConfigErrors } from '../../../kiosk-config/loader';
import type { KioskConfig } from '../../../kiosk-config/schema';
import type { AnnouncementList } from '../../api/schemas';
import type { KioskEvents } from '../../events';
import type { DeviceStatus } from '../../ipc/contract';
import type { Router } from '../../ipc/router';
import type { Logger } from '../../log';
import type { MaintenanceService } from '../maintenance/service';
import type { Durable } from '../outbox/runtime';
import type { PrintingService } from '../printing';
import { createFleetCounters, type FleetCounters } from './counters';
import { createFleetService, type FleetService } from './index';
import type { CounterName, QueueFigures } from './protocol';

export interface FleetWiring {
  readonly service: FleetService | null;
  readonly counters: FleetCounters;
  /** The attract loop's announcements with the operators' pushed ones first. */
  announcements(list: AnnouncementList): AnnouncementList;
  /** The router, counting the journeys that complete through it. */
  count(router: Router): Router;
  /** Connects the reporter to the broker (the factory does no I/O). Once. */
  start(): void;
  stop(): Promise<void>;
}

export interface FleetWiringDeps {
  config: KioskConfig;
  configFile?: string | undefined;
  version: string;
  log: Logger;
  events: KioskEvents;
  printer: PrintingService;
  scanner: () => DeviceStatus;
  cardReader: () => DeviceStatus;
  durable: Durable;
  maintenance: MaintenanceService;
  online: () => boolean;
  /**
   * The center's queue (issue 13: `queue.services()`), at a kiosk that issues tickets: its figures
   * are fetched every health interval in the background and sent with the health report.
   */
  queue?:
    | (() => Promise<{ offline: boolean; sectors: Array<{ services: Array<{ waiting: number; open: boolean; estimatedWaitMinutes: number | null }> }> }>)
    | undefined;
}

/** Channels whose success completes a journey, and the counter each adds to. */
const JOURNEYS: Record<string, CounterName> = {
  'dossier.lookup': 'lookups',
  'dossier.submit': 'submissions',
  'dossier.print': 'prints',
  'submission.print': 'prints',
  'payment.print': 'prints',
  'queue.print': 'prints',
  'queue.issue': 'tickets',
  'queue.checkin': 'tickets',
  'rating.submit': 'ratings',
  'survey.submit': 'ratings',
};

/** The queue's figures for the health report (counts only). */
export function queueFigures(view: Awaited<ReturnType<NonNullable<FleetWiringDeps['queue']>>>): QueueFigures {
  const services = view.sectors.flatMap((s) => s.services);
  const waits = services.filter((s) => s.open && s.estimatedWaitMinutes !== null).map((s) => s.estimatedWaitMinutes!);
  return {
    waiting: services.reduce((n, s) => n + s.waiting, 0),
    servicesOpen: services.filter((s) => s.open).length,
    ...(waits.length ? { longestWaitMinutes: Math.max(...waits) } : {}),
    offline: view.offline,
  };
}

export function wireFleet(deps: FleetWiringDeps): FleetWiring {
  const { config, log } = deps;
  const counters = createFleetCounters();
  let service: FleetService | null = null;
  let queueNow: QueueFigures | undefined;
  let queueTimer: ReturnType<typeof setInterval> | undefined;
  let started = false;
  let stopped = false;
  /** Starts the queue figures' refresh and the fleet reporter (it connects to the broker). Once. */
  const start = (): void => {
    if (started || stopped) return;
    started = true;
    const readQueue = deps.queue;
    if (readQueue && config.fleet.brokerUrl) {
      const refresh = () =>
        void readQueue().then(
          (v) => void (queueNow = queueFigures(v)),
          (err: unknown) => log.debug('fleet', `queue figures unavailable: ${err instanceof Error ? err.message : String(err)}`),
        );
      refresh();
      queueTimer = setInterval(refresh, config.fleet.healthSeconds * 1000);
      queueTimer.unref();
    }
    try {
      service = createFleetService({
        config,
        version: deps.version,
        log,
        counters,
        devices: {
          printer: () => deps.printer.view().condition,
          scanner: deps.scanner,
          cardReader: deps.cardReader,
          camera: () => (config.devices.documentCamera.kind === 'camera' ? 'unknown' : 'not_configured'),
        },
        online: deps.online,
        outboxBytes: () => {
          try {
            return deps.durable.status().outbox.bytes;
          } catch {
            return 0;
          }
        },
        service: () => (deps.maintenance.outOfService() ? 'out_of_service' : 'ok'),
        queue: () => queueNow,
        onAnnouncement: () => deps.events.emit('announcements.changed', {}),
        actions: {
          setOutOfService: (message, operator) => deps.maintenance.setOutOfService(message, operator),
          printTest: () => deps.printer.print('test', {}, 'fleet test page'),
          requeueDead: () => {
            const outbox = deps.durable.outbox;
            if (!outbox) throw new Error('the outbox is not available (the kiosk database is out of service)');
            return outbox.deadLetters().filter((d) => outbox.requeue(d.id)).length;
          },
          reloadConfig: () => {
            // No backend endpoint serves a kiosk's config (docs/service-center.md, the OpenAPI):
            // the command re-reads the site config file the kiosk was started with.
            const loaded = loadConfig(deps.configFile ? { file: deps.configFile } : {});
            if (!loaded.ok) throw new Error(`the config was refused, the running one is kept: ${formatConfigErrors(loaded.errors)}`);
            const next = loaded.config as unknown as Record<string, unknown>;
            const now = config as unknown as Record<string, unknown>;
            const changed = Object.keys(next).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(now[k]));
            const others = changed.filter((k) => k !== 'fleet');
            return {
              summary: `config ${deps.configFile ?? '(environment)'} re-read and valid; ${
                changed.length === 0
                  ? 'nothing changed'
                  : `changed: ${changed.join(', ')}${changed.includes('fleet') ? ' (fleet operator keys applied now)' : ''}${others.length ? '; a restart applies the others' : ''}`
              }`,
              ...(changed.includes('fleet') ? { fleet: loaded.config.fleet } : {}),
            };
          },
        },
      });
    } catch (err) {
      // The fleet is a report, never a reason for the kiosk not to serve residents.
      log.error('fleet', 'the fleet reporter could not start; the kiosk serves residents without it', err);
    }
  };
  const paid = new Set<string>();
  const off = deps.events.on('payment.update', (p) => {
    if (p.state !== 'paid' || paid.has(p.intentId)) return;
    paid.add(p.intentId);
    if (paid.size > 1000) paid.delete(paid.values().next().value!);
    counters.count('payments');
  });
  // A device's change is reported at once (not at the next watch tick).
  const offDevice = deps.events.on('device.status', () => service?.check());
  const offPrinter = deps.events.on('printer.status', () => service?.check());
  return {
    get service() {
      return service;
    },
    counters,
    announcements: (list) => {
      const pushed = service?.announcements() ?? [];
      return pushed.length ? { items: [...pushed, ...list.items] } : list;
    },
    count: (router) => ({
      async handle(channel, payload) {
        const result = await router.handle(channel, payload);
        const name = typeof channel === 'string' ? JOURNEYS[channel] : undefined;
        // a print the printer could not take is not a completed print
        if (name && result.ok && (result.value as { state?: string } | null)?.state !== 'unavailable') counters.count(name);
        return result;
      },
    }),
    start,
    async stop() {
      stopped = true;
      clearInterval(queueTimer);
      off();
      offDevice();
      offPrinter();
      await service?.stop();
    },
  };
}
