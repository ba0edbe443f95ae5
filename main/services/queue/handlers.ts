/**
 * The queue channels (issue 13) for main/kiosk.ts's router: `queue.services`, `queue.issue`,
 * `queue.checkin`, `queue.print`.
 */
import type { ParsedRequestOf, ResponseOf } from '../../ipc/contract';
import type { QueueService } from './index';

export function queueHandlers(queue: QueueService) {
  return {
    'queue.services': (): Promise<ResponseOf<'queue.services'>> => queue.services(),
    'queue.issue': (request: ParsedRequestOf<'queue.issue'>): Promise<ResponseOf<'queue.issue'>> => queue.issue(request),
    'queue.checkin': (request: ParsedRequestOf<'queue.checkin'>): Promise<ResponseOf<'queue.checkin'>> => queue.checkIn(request),
    'queue.print': ({ ticketId }: ParsedRequestOf<'queue.print'>): Promise<ResponseOf<'queue.print'>> => queue.print(ticketId),
  };
}
