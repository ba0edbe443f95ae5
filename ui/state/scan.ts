/**
 * Scan routing from ANY screen, and the keyboard-wedge reader.
 *
 * - `scan` events from main (serial, HID, simulator, and the renderer's own wedge/camera text
 *   after main classified it): dossier codes and receipt slips are taken by lookup.ts
 *   (installScanHandler: straight to the status); this module routes the others: CCCD QR to the
 *   identity journey's consent screen, appointment codes to the check-in (issue 13), VietQR to "recognised, not handled yet",
 *   anything else to "Mã không được hỗ trợ".
 * - Keyboard wedge: key timing (ui/state/wedge.ts) tells a scanner burst from a person. Keys
 *   typed into a text field are left to the field (a burst into the lookup field is typing
 *   there, and its Enter submits the form); a burst anywhere else is a scan, sent to main with
 *   `scan.submit` so it takes the same path as every other scanner.
 */
import type { EventPayload } from '../../main/ipc/contract';
import { invoke, log, on } from '../bridge';
import { effect } from '@preact/signals';
import { appInfo, navigate, screen, startSession } from './app';
import { createWedgeDetector, type WedgeOptions } from './wedge';

type ScanPayload = EventPayload<'scan'>;

/** Where a scan goes (pure: tested without a DOM). Dossier codes and receipt slips: lookup.ts. */
export function routeForScan(p: ScanPayload, opts: { queue?: boolean } = {}) {
  switch (p.kind) {
    case 'dossierCode':
    case 'receiptSlip':
      return null;
    case 'cccd':
      // The identity journey (issue 5) starts with consent; the card waits in main's session data.
      return { name: 'consent' as const };
    case 'appointment':
      // Appointment check-in (issue 13) where the kiosk issues queue tickets: the check-in screen
      // takes the code at once; elsewhere, where to check in.
      if (opts.queue) return { name: 'queue-appointment' as const, code: p.appointmentCode ?? '' };
      return { name: 'scan-not-handled' as const, kind: 'appointment' as const, code: p.appointmentCode ?? '' };
    case 'technician':
      // Maintenance mode takes technician cards in main (issue 14); the UI never routes one.
      return null;
    case 'vietqr':
      return { name: 'scan-not-handled' as const, kind: 'vietqr' as const };
    default:
      return { name: 'scan-unsupported' as const, reason: p.reason, looksLike: p.looksLike };
  }
}

export function installScanRouter(): () => void {
  return on('scan', (p) => {
    const cur = screen.value.name;
    if (cur === 'out-of-service' || cur === 'starting') return;
    if (cur.startsWith('maintenance')) return; // maintenance mode (issue 14): its own test scan
    // Already in the identity journey: the card waits in main's session data for it; leave the
    // resident where they are.
    // The lookup that asked for the applicant's ID takes it (state/lookup.ts).
    if (p.kind === 'cccd' && (cur === 'consent' || cur === 'identity' || cur === 'lookup-identity')) return;
    const next = routeForScan(p, { queue: appInfo.value?.tiles.includes('queue') ?? false });
    if (!next) return;
    startSession();
    navigate(next, { replace: cur === next.name });
  });
}

function isEditable(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement) return !el.disabled && !el.readOnly;
  if (el instanceof HTMLInputElement) {
    const typeless = ['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color', 'file', 'image', 'hidden'];
    return !typeless.includes(el.type) && !el.disabled && !el.readOnly;
  }
  return el instanceof HTMLElement && el.isContentEditable;
}

/** Listens to the keyboard for wedge scanners; returns the uninstaller. */
/**
 * The renderer's gap limit: scanners send a key every 1-15 ms, people on a keyboard are 80 ms
 * and slower; 60 ms leaves room for a busy renderer delaying key events.
 */
export const WEDGE_MAX_GAP_MS = 60;

export function installWedge(options: WedgeOptions = {}): () => void {
  const maxGapMs = options.maxGapMs ?? WEDGE_MAX_GAP_MS;
  const detector = createWedgeDetector({ ...options, maxGapMs });
  const quietMs = maxGapMs + 20;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const onKey = (e: KeyboardEvent): void => {
    if (e.isComposing || e.ctrlKey || e.altKey || e.metaKey || isEditable(document.activeElement)) {
      detector.reset();
      return;
    }
    const inBurst = detector.holding > 0;
    const out = detector.feed({ key: e.key, timeMs: e.timeStamp });
    for (const o of out) {
      if (o.type !== 'scan') continue;
      // The terminator belongs to the scanner: it must not press a focused button.
      e.preventDefault();
      e.stopPropagation();
      void invoke('scan.submit', { text: o.text, source: 'wedge' }).then((r) => {
        if (!r.ok) log('warn', `scan.submit failed: ${r.error.code}`);
      });
    }
    // A space inside a burst must not press a focused button either.
    if (inBurst && e.key === ' ') e.preventDefault();
    clearTimeout(timer);
    if (detector.holding > 0) timer = setTimeout(() => detector.flush(performance.now()), quietMs);
  };
  window.addEventListener('keydown', onKey, { capture: true });
  return () => {
    clearTimeout(timer);
    window.removeEventListener('keydown', onKey, { capture: true });
  };
}

/**
 * Starts the camera scanner when (and only when) the config says `devices.scanner.kind =
 * camera`. The camera module and its worker are loaded on demand.
 */
export function installCamera(): () => void {
  let stopCamera: (() => void) | undefined;
  let starting = false;
  const dispose = effect(() => {
    const scanner = appInfo.value?.scanner;
    if (!scanner || scanner.kind !== 'camera' || starting || stopCamera) return;
    starting = true;
    void import('../camera/camera')
      .then((m) =>
        m.startCamera({
          decoder: scanner.cameraDecoder,
          onText: (text) => {
            void invoke('scan.submit', { text, source: 'camera' }).then((r) => {
              if (!r.ok) log('warn', `scan.submit failed: ${r.error.code}`);
            });
          },
          onError: (message) => log('warn', message),
          onReady: (decoder) => log('info', `camera scanner ready (${decoder})`),
        }),
      )
      .then((cam) => {
        stopCamera = () => cam.stop();
      })
      .catch((err: unknown) => log('warn', `camera not started: ${err instanceof Error ? err.name + ': ' + err.message : String(err)}`))
      .finally(() => {
        starting = false;
      });
  });
  return () => {
    dispose();
    stopCamera?.();
  };
}
