/**
 * The kiosk's own channels for main/kiosk.ts's router: `app.info` (or `out_of_service`),
 * `kiosk.status` (the service, the network, the outbox and every background loop's health),
 * `devices.status`, and `ui.log` (the page's log lines, under the `ui` tag).
 */
import type { AppInfo, DeviceStatus, LoopHealth } from '../../ipc/contract';
import { KioskError } from '../../errors';
import type { Handlers } from '../../ipc/router';
import type { Logger } from '../../log';
import type { MaintenanceService } from '../maintenance/service';
import type { Durable } from '../outbox/runtime';

export interface StatusHandlerDeps {
  info: AppInfo;
  durable: Pick<Durable, 'ensureInService' | 'status'>;
  maintenance: Pick<MaintenanceService, 'outOfService' | 'backend'>;
  online: () => boolean;
  /** The background loops beyond the outbox's (catalogue, payments, queue, hall…), in this order. */
  loops: () => LoopHealth[];
  devices: () => DeviceStatus[];
  log: Logger;
}

export function statusHandlers(deps: StatusHandlerDeps): Pick<Handlers, 'app.info' | 'kiosk.status' | 'devices.status' | 'ui.log'> {
  const { info, durable, maintenance, log } = deps;
  return {
    'app.info': () => {
      durable.ensureInService();
      const closed = maintenance.outOfService();
      if (closed) throw new KioskError('out_of_service', closed);
      return info;
    },
    'kiosk.status': () => {
      const status = durable.status();
      return { ...status, online: deps.online(), loops: [...status.loops, ...deps.loops()], backend: maintenance.backend() };
    },
    'devices.status': () => ({ devices: deps.devices() }),
    'ui.log': ({ level, message }) => {
      log[level]('ui', message);
      return { logged: true };
    },
  };
}
