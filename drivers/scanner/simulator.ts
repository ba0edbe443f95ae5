/**
 * A scriptable virtual scanner with the same interface as the real transports
 * ({@link ScannerDriver}): demo mode and e2e tests say "scan this text".
 *
 * - `scan(text)` emits a `scan` event (text NFC-normalised and run through text integrity,
 *   exactly as the transports do, so a garbled or empty text gives `rejected`).
 * - `scanBytes(bytes)` takes raw payload bytes (e.g. to show invalid UTF-8 being rejected).
 * - `unplug()` / `plug()` / `fail(detail)` emit `status` events; scans while not connected are
 *   dropped (and `scan` returns false), as with a real unplugged device.
 * - `play(script)` runs steps in order, waiting with an injected `sleep` between them.
 */
import type { Symbology } from './protocol/aim';
import { checkText, decodeScanBytes, type TextResult } from './protocol/text';
import { createScannerEmitter, type ScanSource, type ScannerDriver, type ScannerState } from './types';

export type SimulatorStep =
  | { scan: string; symbology?: Symbology; aim?: string }
  | { scanBytes: Uint8Array; symbology?: Symbology }
  | { wait: number }
  | { unplug: true }
  | { plug: true }
  | { fail: string };

export interface SimulatedScanner extends ScannerDriver {
  scan(text: string, opts?: { symbology?: Symbology; aim?: string }): boolean;
  scanBytes(bytes: Uint8Array, opts?: { symbology?: Symbology; aim?: string }): boolean;
  unplug(detail?: string): void;
  plug(): void;
  fail(detail: string): void;
  play(steps: readonly SimulatorStep[]): Promise<void>;
}

export interface SimulatorOptions {
  /** `source` stamped on scan events. Default 'simulator'. */
  source?: ScanSource;
  /** Whether `start()` connects. Default true. */
  connectOnStart?: boolean;
  sleep?: (ms: number) => Promise<void>;
  onListenerError?: (err: unknown) => void;
}

export function createSimulatedScanner(options: SimulatorOptions = {}): SimulatedScanner {
  const source = options.source ?? 'simulator';
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => globalThis.setTimeout(r, ms)));
  const emitter = createScannerEmitter(options.onListenerError);
  let state: ScannerState = 'disconnected';

  const setState = (next: ScannerState, detail?: string) => {
    state = next;
    emitter.emit('status', detail === undefined ? { state: next } : { state: next, detail });
  };

  const deliver = (result: TextResult, opts: { symbology?: Symbology; aim?: string } = {}): boolean => {
    if (state !== 'connected') return false;
    if (!result.ok) {
      emitter.emit('rejected', { reason: result.reason, detail: result.detail, source });
      return true;
    }
    emitter.emit('scan', {
      text: result.text,
      source,
      ...(opts.symbology ? { symbology: opts.symbology } : {}),
      ...(opts.aim ? { aim: opts.aim } : {}),
      ...(result.repaired ? { repaired: true } : {}),
    });
    return true;
  };

  const sim: SimulatedScanner = {
    on: emitter.on,
    get state() {
      return state;
    },
    async start() {
      if (options.connectOnStart !== false && state !== 'connected') setState('connected');
    },
    async stop() {
      if (state !== 'disconnected') setState('disconnected', 'stopped');
    },
    scan: (text, opts) => deliver(checkText(String(text)), opts),
    scanBytes: (bytes, opts) => deliver(decodeScanBytes(bytes), opts),
    unplug(detail = 'unplugged') {
      if (state !== 'disconnected') setState('disconnected', detail);
    },
    plug() {
      if (state !== 'connected') setState('connected');
    },
    fail(detail) {
      setState('error', detail);
    },
    async play(steps) {
      for (const step of steps) {
        if ('wait' in step) await sleep(step.wait);
        else if ('scan' in step) sim.scan(step.scan, step);
        else if ('scanBytes' in step) sim.scanBytes(step.scanBytes, step);
        else if ('unplug' in step) sim.unplug();
        else if ('plug' in step) sim.plug();
        else if ('fail' in step) sim.fail(step.fail);
      }
    },
  };
  return sim;
}
