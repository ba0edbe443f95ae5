/**
 * Simulated kiosks for the fleet tests and benchmark (issue 16): the real reporter
 * (createFleetService: real MQTT, real SQLite store under a temporary dataDir), with devices and
 * actions that are plain variables — 200 kiosks' printers and card readers cannot run here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KioskConfig } from '../../kiosk-config/schema';
import type { DeviceStatus } from '../../main/ipc/contract';
import { createMemoryLogger } from '../../main/log';
import { createFleetService, type FleetService } from '../../main/services/fleet';
import type { PrinterCondition } from '../../main/services/printing';

export interface SimKiosk {
  id: string;
  site: string;
  fleet: FleetService;
  dataDir: string;
  log: ReturnType<typeof createMemoryLogger>;
  printer: PrinterCondition;
  outOfService: string | null;
  printed: number;
  requeued: number;
  stop(): Promise<void>;
}

export function simKiosk(opts: {
  brokerUrl: string;
  id: string;
  site: string;
  operatorKeys?: string[];
  healthSeconds?: number;
  metricsSeconds?: number;
  queueLimit?: number;
  watchMs?: number;
  reconnectMs?: number;
  /** An existing dataDir (a restarted kiosk); kept at stop. */
  dataDir?: string;
  /** TLS files (PEM) for an mqtts:// broker. */
  tls?: { caFile: string; certFile?: string; keyFile?: string };
}): SimKiosk {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), `fleet-sim-${opts.id}-`));
  const config = KioskConfig.parse({
    kioskId: opts.id,
    dataDir,
    logFiles: { enabled: false },
    fleet: {
      brokerUrl: opts.brokerUrl,
      siteId: opts.site,
      operatorKeys: opts.operatorKeys ?? [],
      healthSeconds: opts.healthSeconds ?? 60,
      metricsSeconds: opts.metricsSeconds ?? 300,
      queueLimit: opts.queueLimit ?? 500,
      ...(opts.tls ?? {}),
    },
  });
  const log = createMemoryLogger('info');
  const connected: DeviceStatus = { kind: 'scanner', state: 'connected' };
  const sim: SimKiosk = {
    id: opts.id,
    site: opts.site,
    dataDir,
    log,
    printer: 'ready',
    outOfService: null,
    printed: 0,
    requeued: 0,
    fleet: null as unknown as FleetService,
    async stop() {
      await sim.fleet.stop();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  const fleet = createFleetService({
    config,
    version: '0.1.0',
    log,
    devices: {
      printer: () => sim.printer,
      scanner: () => connected,
      cardReader: () => ({ kind: 'cardReader', state: 'connected' }),
      camera: () => 'not_configured',
    },
    online: () => true,
    service: () => (sim.outOfService ? 'out_of_service' : 'ok'),
    actions: {
      setOutOfService: (m) => void (sim.outOfService = m),
      printTest: () => {
        sim.printed++;
        return Promise.resolve({ state: 'printed', condition: sim.printer });
      },
      requeueDead: () => ++sim.requeued && 0,
      reloadConfig: () => 'nothing to reload in a simulated kiosk',
    },
    ...(opts.watchMs ? { watchMs: opts.watchMs } : {}),
    ...(opts.reconnectMs ? { reconnectMs: opts.reconnectMs } : {}),
  });
  if (!fleet) throw new Error('the fleet service did not start (no brokerUrl?)');
  sim.fleet = fleet;
  return sim;
}
