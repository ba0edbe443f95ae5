/**
 * The router: the single door from the UI into main. Takes `{channel, payload}`, checks the
 * channel exists, parses the payload with the channel's schema, calls the handler, parses the
 * result, and answers `{ok:true,value}` or `{ok:false,error:{code,message}}`. It never throws:
 * an unknown channel, a bad payload or a failing handler is an error result, never a crash.
 */
import type { z } from 'zod';
import { channels, type BridgeError, type BridgeResult, type ChannelName, type ErrorCode, type ParsedRequestOf, type ResponseOf } from './contract';
import type { Logger } from '../log';

import { KioskError } from '../errors';

export type Handler<C extends ChannelName> = (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>> | ResponseOf<C>;

export type Handlers = { [C in ChannelName]: Handler<C> };

export interface Router {
  handle(channel: unknown, payload: unknown): Promise<BridgeResult<unknown>>;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}

export function createRouter(handlers: Handlers, log: Logger): Router {
  return {
    async handle(channel, payload) {
      if (typeof channel !== 'string' || !Object.hasOwn(channels, channel)) {
        const name = typeof channel === 'string' ? channel.slice(0, 64) : typeof channel;
        log.warn('ipc', `unknown channel ${JSON.stringify(name)}`);
        return fail('unknown_channel', `Unknown channel: ${name}`);
      }
      const name = channel as ChannelName;
      const spec = channels[name];
      const parsed = spec.request.safeParse(payload ?? {});
      if (!parsed.success) {
        const detail = describeIssues(parsed.error);
        log.warn('ipc', `bad payload on ${name}: ${detail}`);
        return fail('bad_request', `Bad request for ${name}: ${detail}`);
      }
      let value: unknown;
      try {
        const handler = handlers[name] as (req: unknown) => unknown;
        value = await handler(parsed.data);
      } catch (err) {
        if (err instanceof KioskError) {
          log.info('ipc', `${name} -> ${err.code}: ${err.message}`);
          return fail(err.code, err.message);
        }
        log.error('ipc', `handler ${name} failed`, err);
        return fail('internal', 'Internal error');
      }
      const checked = spec.response.safeParse(value);
      if (!checked.success) {
        log.error('ipc', `handler ${name} returned a bad response: ${describeIssues(checked.error)}`);
        return fail('internal', 'Internal error');
      }
      return { ok: true, value: checked.data };
    },
  };
}

function fail(code: ErrorCode, message: string): { ok: false; error: BridgeError } {
  return { ok: false, error: { code, message } };
}
