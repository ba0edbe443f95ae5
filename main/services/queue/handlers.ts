/**
 * The queue channels (issue 13) for main/kiosk.ts's router: `queue.services`, `queue.issue`,
 * `queue.checkIn`, `queue.print`.
 */
import type { ParsedRequestOf, ResponseOf } from '../../ipc/contract';
import type { QueueService } from './index';

export function queueHandlers(queue: QueueService) {
  return {
    'queue.services': (): Promise<ResponseOf<'queue.services'>> => queue.services(),
    'queue.issue': (request: ParsedRequestOf<'queue.issue'>): Promise<ResponseOf<'queue.issue'>> => queue.issue(request),
    'queue.checkIn': (request: ParsedRequestOf<'queue.checkIn'>): Promise<ResponseOf<'queue.checkIn'>> => queue.checkIn(request),
    'queue.print': ({ ticketId }: ParsedRequestOf<'queue.print'>): Promise<ResponseOf<'queue.print'>> => queue.print(ticketId),
  };
}
