/**
 * The only module that touches `window.kiosk`. Everything else in the UI goes through
 * `invoke` and `on` here, with the types of main/ipc/contract.ts (types only: no zod, no Node).
 */
import type { BridgeResult, ChannelName, EventName, EventPayload, KioskBridge, RequestOf, ResponseOf } from '../main/ipc/contract';

declare global {
  interface Window {
    kiosk?: KioskBridge;
  }
}

/** Main times out backend calls at backend.timeoutMs (8 s by default); the UI guard waits that plus 2 s. */
export const DEFAULT_BACKEND_TIMEOUT_MS = 8_000;
let guardMs = DEFAULT_BACKEND_TIMEOUT_MS + 2_000;

/** Sets the UI-side guard from the backend timeout (guard = timeoutMs + 2000). */
export function setBackendTimeout(timeoutMs: number): void {
  if (Number.isFinite(timeoutMs) && timeoutMs > 0) guardMs = timeoutMs + 2_000;
}

export function guardTimeoutMs(): number {
  return guardMs;
}

function kiosk(): KioskBridge | undefined {
  return typeof window === 'undefined' ? undefined : window.kiosk;
}

function isResult(x: unknown): x is BridgeResult<unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as { ok?: unknown; error?: unknown };
  if (r.ok === true) return 'value' in r;
  if (r.ok === false) return typeof r.error === 'object' && r.error !== null;
  return false;
}

export function invoke<C extends ChannelName>(channel: C, payload: RequestOf<C>, options: { timeoutMs?: number } = {}): Promise<BridgeResult<ResponseOf<C>>> {
  const k = kiosk();
  if (!k || typeof k.invoke !== 'function') {
    return Promise.resolve({
      ok: false,
      error: { code: 'internal', message: 'window.kiosk is not available' },
    });
  }
  const limit = options.timeoutMs ?? guardMs;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: BridgeResult<ResponseOf<C>>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const timer = setTimeout(() => {
      finish({ ok: false, error: { code: 'timeout', message: `no answer on ${channel} after ${limit} ms` } });
    }, limit);
    let pending: Promise<BridgeResult<unknown>>;
    try {
      pending = Promise.resolve(k.invoke(channel, payload));
    } catch (err) {
      finish({ ok: false, error: { code: 'internal', message: errorText(err) } });
      return;
    }
    pending.then(
      (r) => {
        if (isResult(r)) finish(r as BridgeResult<ResponseOf<C>>);
        else finish({ ok: false, error: { code: 'internal', message: `malformed answer on ${channel}` } });
      },
      (err: unknown) => finish({ ok: false, error: { code: 'internal', message: errorText(err) } }),
    );
  });
}

export function on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  const k = kiosk();
  if (!k || typeof k.on !== 'function') return () => {};
  try {
    const off = k.on(event, (p) => {
      try {
        listener(p as EventPayload<E>);
      } catch (err) {
        log('error', `listener for ${event} threw: ${errorText(err)}`);
      }
    });
    return typeof off === 'function' ? off : () => {};
  } catch {
    return () => {};
  }
}

/** Reports to main's log through `ui.log`; never throws, never waits. */
export function log(level: 'info' | 'warn' | 'error', message: string): void {
  void invoke('ui.log', { level, message: message.slice(0, 2000) }).catch(() => {});
}

function errorText(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}
