/** The announcement channel for main/kiosk.ts's router: `announcements.list`. */
import type { AnnouncementList } from '../../api/schemas';
import type { Handlers } from '../../ipc/router';
import type { AnnouncementService } from './index';

/** `withPushed` puts the operators' pushed announcements first (the fleet, issue 16). */
export function announcementHandlers(
  announcements: AnnouncementService,
  withPushed: (list: AnnouncementList) => AnnouncementList = (list) => list,
): Pick<Handlers, 'announcements.list'> {
  return {
    'announcements.list': async () => withPushed(await announcements.list()),
  };
}
