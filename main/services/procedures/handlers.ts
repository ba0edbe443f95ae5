/**
 * The procedure channels for main/kiosk.ts's router: `sectors.list`, `procedures.search`,
 * `procedures.get`; and the catalogue refresh loop's health for `kiosk.status`.
 */
import type { LoopHealth } from '../../ipc/contract';
import type { Handlers } from '../../ipc/router';
import type { Catalogue } from './catalogue';
import type { ProcedureService } from './index';

export function procedureHandlers(procedures: ProcedureService): Pick<Handlers, 'sectors.list' | 'procedures.search' | 'procedures.get'> {
  return {
    'sectors.list': () => procedures.sectors(),
    'procedures.search': (query) => procedures.search(query),
    'procedures.get': ({ code }) => procedures.get(code),
  };
}

/** The catalogue refresh loop as `kiosk.status` reports it. */
export function catalogueHealth(catalogue: Catalogue): LoopHealth {
  const c = catalogue.state();
  const refresh: LoopHealth = { name: 'catalogue.refresh', state: c.failures === 0 ? 'ok' : 'restarting', restarts: c.failures };
  if (c.lastError !== undefined) refresh.lastError = c.lastError;
  if (c.lastErrorAt !== undefined) refresh.lastErrorAt = c.lastErrorAt;
  return refresh;
}
