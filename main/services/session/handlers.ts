/** The session channels for main/kiosk.ts's router: `session.start`, `session.end`. */
import type { Handlers } from '../../ipc/router';
import type { SessionService } from './index';

export function sessionHandlers(session: SessionService): Pick<Handlers, 'session.start' | 'session.end'> {
  return {
    'session.start': () => session.start(),
    'session.end': ({ reason }) => session.end(reason),
  };
}
