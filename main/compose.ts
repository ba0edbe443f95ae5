/**
 * The one composer of main/kiosk.ts (DESIGN.md "Services"): a list of named parts started in
 * order. When a part's `start()` throws, the parts started before it are stopped in reverse and
 * the error is rethrown with the failing part's name; `stop()` stops in reverse, logs each
 * part's error and goes on with the rest. Each part is started at most once and stopped at most
 * once. A part whose start threw is stopped too, first: a start can fail halfway (a listener
 * opened, then a file refused), and a part's `stop()` is safe in any failure state.
 */
import type { Logger } from './log';

export interface Part {
  readonly name: string;
  start?: () => void | Promise<void>;
  stop?: () => void | Promise<void>;
  /**
   * The kiosk serves residents without this part (payments): a failed start is logged as
   * "<name> unavailable" and the start goes on; the part is still stopped at the end.
   */
  optional?: boolean;
}

export interface Composition {
  /** Starts every part in order; on a failure, stops those started (reverse) and rethrows. */
  start(): Promise<void>;
  /** Stops the started parts in reverse order; an error is logged and does not stop the rest. */
  stop(): Promise<void>;
  /** The names of the parts started and not yet stopped, in start order (diagnostics, tests). */
  readonly running: readonly string[];
}

/** A part that failed to start: `part` names it, `cause` is what its start threw. */
export class PartStartError extends Error {
  constructor(
    readonly part: string,
    cause: unknown,
  ) {
    super(`${part} failed to start: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'PartStartError';
  }
}

/** Stops `parts` in reverse order; each error is logged and does not stop the rest. */
export async function stopAll(parts: readonly Part[], log: Logger): Promise<void> {
  for (const part of [...parts].reverse()) {
    try {
      await part.stop?.();
    } catch (err) {
      log.error('kiosk', `error while stopping ${part.name}`, err);
    }
  }
}

export function compose(parts: readonly Part[], log: Logger): Composition {
  const started: Part[] = [];
  let begun = false;
  const stop = (): Promise<void> => stopAll(started.splice(0), log);
  return {
    async start() {
      if (begun) throw new Error('the kiosk parts are started once');
      begun = true;
      for (const part of parts) {
        try {
          await part.start?.();
        } catch (err) {
          if (part.optional) {
            log.error(part.name, `${part.name} unavailable: ${err instanceof Error ? err.message : String(err)}`);
            started.push(part);
            continue;
          }
          log.error('kiosk', `${part.name} failed to start: stopping it and the ${started.length} part(s) started before it`);
          started.push(part);
          await stop();
          // a part that composes parts of its own already names the one that failed
          throw err instanceof PartStartError ? err : new PartStartError(part.name, err);
        }
        started.push(part);
      }
    },
    stop,
    get running() {
      return started.map((p) => p.name);
    },
  };
}
