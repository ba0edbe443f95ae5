/**
 * The durable part (the database, the outbox and its delivery loop, submission) in the shape of
 * DESIGN.md "Services": `createDurable` (main/services/outbox/runtime.ts) opens the database as
 * it is called, so this part calls it in `start()`, and the factory does no I/O. Before start
 * and after stop it holds nothing: `findLocal` finds nothing, `outbox`/`store` are null, and
 * what needs the database throws.
 */
import { createDurable, type Durable, type DurableOptions } from '../outbox/runtime';

export interface DurablePart extends Durable {
  /** Opens the database and starts the delivery loop (a broken database = out of service, not a throw). */
  start(): void;
}

export function createDurablePart(options: DurableOptions): DurablePart {
  let opened: Durable | undefined;
  let stopped = false;
  const need = (): Durable => {
    if (!opened) throw new Error(stopped ? 'the outbox is stopped' : 'the outbox is not started');
    return opened;
  };
  return {
    start() {
      if (opened || stopped) return;
      opened = createDurable(options);
    },
    status: () => need().status(),
    ensureInService: () => need().ensureInService(),
    submit: (input) => need().submit(input),
    findLocal: (code) => opened?.findLocal(code) ?? null,
    form: (code) => need().form(code),
    notifyReachable: () => opened?.notifyReachable(),
    get outbox() {
      return opened?.outbox ?? null;
    },
    get store() {
      return opened?.store ?? null;
    },
    async stop() {
      stopped = true;
      await opened?.stop();
    },
  };
}
