/**
 * The event interface every scanner driver has: the serial, HID POS, wedge and camera
 * transports (later) and the simulator (now). Pure types plus a tiny emitter with no Node
 * imports, so the simulator also runs in the renderer for demo mode.
 */
import type { Symbology } from './protocol/aim';
import type { TextRejection } from './protocol/text';

export type ScanSource = 'serial' | 'hid' | 'wedge' | 'camera' | 'simulator';
export type ScannerState = 'connected' | 'disconnected' | 'error';

export interface ScanEvent {
  /** Decoded, NFC-normalised text (mojibake already repaired or rejected). */
  text: string;
  symbology?: Symbology;
  /** AIM identifier as sent (`]Q1`), when the scanner sent one. */
  aim?: string;
  source: ScanSource;
  /** True when text integrity repaired a wrong decoding (for diagnostics). */
  repaired?: boolean;
}

export interface StatusEvent {
  state: ScannerState;
  detail?: string;
}

/** Something was read but could not be turned into text (noise, overflow, invalid UTF-8, mojibake). */
export interface RejectEvent {
  reason: TextRejection | 'overflow' | 'noise' | 'stale';
  detail: string;
  source: ScanSource;
}

export interface ScannerEvents {
  scan: ScanEvent;
  status: StatusEvent;
  rejected: RejectEvent;
}

export type ScannerListener<E extends keyof ScannerEvents> = (event: ScannerEvents[E]) => void;

export interface ScannerDriver {
  /** Subscribes; returns the unsubscribe function. */
  on<E extends keyof ScannerEvents>(event: E, listener: ScannerListener<E>): () => void;
  readonly state: ScannerState;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A minimal typed emitter; a listener that throws is isolated from the others and from the driver. */
export function createScannerEmitter(onListenerError?: (err: unknown) => void) {
  const listeners: { [E in keyof ScannerEvents]: Set<ScannerListener<E>> } = {
    scan: new Set(),
    status: new Set(),
    rejected: new Set(),
  };
  return {
    on<E extends keyof ScannerEvents>(event: E, listener: ScannerListener<E>): () => void {
      const set = listeners[event] as Set<ScannerListener<E>>;
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    emit<E extends keyof ScannerEvents>(event: E, payload: ScannerEvents[E]): void {
      for (const l of [...(listeners[event] as Set<ScannerListener<E>>)]) {
        try {
          l(payload);
        } catch (err) {
          onListenerError?.(err);
        }
      }
    },
  };
}
