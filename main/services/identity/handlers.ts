/** The CCCD identity channels for main/kiosk.ts's router: `identity.consent`, `.read`, `.provide`, `.clear`. */
import type { Handlers } from '../../ipc/router';
import type { IdentityService } from './index';

export function identityHandlers(identity: IdentityService): Pick<Handlers, 'identity.consent' | 'identity.read' | 'identity.provide' | 'identity.clear'> {
  return {
    'identity.consent': ({ accepted }) => identity.consent(accepted),
    'identity.read': (request) => identity.read(request),
    'identity.provide': (request) => identity.provideDates(request),
    'identity.clear': () => identity.clear(),
  };
}
