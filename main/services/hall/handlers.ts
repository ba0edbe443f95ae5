/**
 * The hall display's and the counter's channels (issue 13) for main/kiosk.ts's router:
 * `hall.view` under the display and counter profiles, `counter.*` under the counter profile;
 * elsewhere they answer `not_configured`.
 */
import type { KioskConfig } from '../../../kiosk-config/schema';
import { KioskError } from '../../errors';
import type { Handlers } from '../../ipc/router';
import type { CounterService } from './counter';
import type { HallService } from './index';

export interface HallHandlerDeps {
  profile: KioskConfig['profile'];
  /** Absent unless the profile is `display` or `counter`. */
  hall: HallService | undefined;
  counter: CounterService;
}

export function hallHandlers(deps: HallHandlerDeps): Pick<Handlers, 'hall.view' | 'counter.view' | 'counter.act' | 'counter.transfer'> {
  const { profile, hall, counter } = deps;
  const notHall = (): never => {
    throw new KioskError('not_configured', `the hall display and the counter run under the display and counter profiles, not ${profile}`);
  };
  const onCounter = <T>(act: () => T): T => (profile === 'counter' ? act() : notHall());
  return {
    'hall.view': () => (hall ? hall.view() : notHall()),
    'counter.view': () => onCounter(() => counter.view()),
    'counter.act': ({ action }) => onCounter(() => counter.act(action)),
    'counter.transfer': ({ serviceId }) => onCounter(() => counter.transfer(serviceId)),
  };
}
