/**
 * The officer's counter screen (issue 13, item 7): each button is a channel that main turns into
 * the officer route for the configured counter and officer (config `counter`), and every answer
 * is the counter's view, fetched again from the backend so the screen shows what the backend
 * holds, not what the page guessed. Errors come back as KioskErrors whose codes the screen
 * words in Vietnamese (nobody waiting is not an error: a `notice`).
 */
import type { CounterConfig } from '../../../kiosk-config/hall';
import { ApiError } from '../../api/client';
import type { Counter, QueueService, QueueTicket } from '../../api/queue';
import { KioskError } from '../../errors';
import type { Logger } from '../../log';
import { toKioskError } from '../errors';
import type { HallBackend, OfficerAction } from './backend';
import type { CounterAction, CounterTicket, CounterView } from './contract';

export interface CounterService {
  view(): Promise<CounterView>;
  act(action: CounterAction): Promise<CounterView>;
  transfer(serviceId: string): Promise<CounterView>;
}

function brief(t: QueueTicket): CounterTicket {
  return { id: t.id, number: t.number, serviceId: t.serviceId, serviceName: t.serviceName, state: t.state, priority: t.priority };
}

export function createCounterService(deps: { backend: HallBackend; config: CounterConfig; log: Logger }): CounterService {
  const n = deps.config.number;
  const officer = deps.config.officerId ? { id: deps.config.officerId, name: deps.config.officerName ?? deps.config.officerId } : null;
  let finished: CounterTicket | null = null;

  async function build(notice: CounterView['notice'] = null): Promise<CounterView> {
    if (n === undefined) {
      return { configured: false, counter: null, officer, open: false, current: null, finished: null, waiting: 0, services: [], notice: null };
    }
    let counters: Counter[];
    let list: QueueService[];
    try {
      [counters, list] = await Promise.all([deps.backend.counters(), deps.backend.services().then((l) => l.items)]);
    } catch (err) {
      throw toKioskError(err);
    }
    const me = counters.find((c) => c.number === n);
    if (!me) throw new KioskError('not_found', `counter ${n} is not known to the backend`);
    const mine = new Set(me.serviceIds);
    return {
      configured: true,
      counter: n,
      officer: me.officer ?? officer,
      open: me.open,
      current: me.current ? brief(me.current) : null,
      finished,
      waiting: list.filter((s) => mine.has(s.id)).reduce((sum, s) => sum + s.waiting, 0),
      services: list.map((s) => ({ id: s.id, name: s.name, prefix: s.prefix })),
      notice,
    };
  }

  async function run(action: OfficerAction | 'transfer', serviceId?: string): Promise<QueueTicket | Counter | null> {
    if (n === undefined) throw new KioskError('not_configured', 'this counter screen has no counter.number in its config');
    try {
      const answer = action === 'transfer' ? await deps.backend.transfer(n, serviceId!) : await deps.backend.act(n, action);
      deps.log.info('counter', `counter ${n}: ${action}${answer && 'number' in answer && typeof answer.number === 'string' ? ` → ${answer.number}` : ''}`);
      return answer;
    } catch (err) {
      if (err instanceof ApiError) deps.log.warn('counter', `counter ${n}: ${action} failed: ${err.kind}: ${err.message}`);
      throw toKioskError(err);
    }
  }

  return {
    view: () => build(),
    async act(action) {
      // What is being finished is remembered before the call: the resident rates that ticket.
      const before = action === 'finish' ? (await build()).current : null;
      const answer = await run(action);
      if (action === 'call-next' && answer === null) return build('nobody_waiting');
      if (action === 'finish') finished = answer && 'state' in answer && typeof answer.id === 'string' ? brief(answer as QueueTicket) : before;
      if (action === 'call-next') finished = null;
      return build();
    },
    async transfer(serviceId) {
      await run('transfer', serviceId);
      return build();
    },
  };
}
