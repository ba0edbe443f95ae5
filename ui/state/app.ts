/**
 * App state with signals: the screen router (screen objects, not URLs), AppInfo, the session and
 * the idle timer. Everything that belongs to one resident lives in `sessionSignal`s and is wiped
 * when the session ends (finish, idle, or main's session.reset).
 */
import { batch, signal, type Signal } from '@preact/signals';
import type { AppInfo, ResponseOf, SessionEndReason } from '../../main/ipc/contract';
import { invoke, log, on, setBackendTimeout } from '../bridge';
import { setLanguage } from '../i18n';
import { idlePhase, idleTimeoutFor } from './idle';

export type Dossier = ResponseOf<'dossier.lookup'>;
export type LookupError = 'invalid_code' | 'not_found' | 'offline' | 'timeout' | 'server_error' | 'rejected' | 'internal';

export type Screen =
  | { name: 'starting' }
  | { name: 'out-of-service' }
  | { name: 'attract' }
  | { name: 'home' }
  | { name: 'lookup' }
  | { name: 'lookup-error'; code: string; error: LookupError }
  // the backend shows this dossier only with the applicant's ID: consent, then the CCCD QR or chip
  | { name: 'lookup-identity'; code: string }
  | { name: 'dossier-status'; dossier: Dossier }
  | { name: 'procedures' }
  | { name: 'procedure-detail'; code: string }
  | { name: 'announcements' }
  | { name: 'announcement'; id: string }
  // scans (issue 3): what the scanner read when no journey takes it yet
  | { name: 'scan-unsupported'; reason?: string | undefined; looksLike?: string | undefined }
  | { name: 'scan-not-handled'; kind: 'appointment' | 'vietqr'; code?: string }
  // identity (issue 5): consent, then the CCCD chip read
  | { name: 'consent' }
  | { name: 'identity' }
  // "Kết thúc": the session's data was erased; back to attract after FINISHED_SCREEN_MS
  | { name: 'session-ended' }
  // maintenance mode (issue 14): PIN pad, a refused technician card, the technician's screens, out of service
  | { name: 'maintenance-pin' }
  | { name: 'maintenance-refused'; reason: string }
  | { name: 'maintenance' }
  | { name: 'maintenance-closed'; message: string }
  // payments (issue 12): type or scan the dossier code, then the payment (ui/state/payment.ts)
  | { name: 'payment-entry' }
  | { name: 'payment'; dossierCode: string }
  // ---- issue 12: the submit journey (ui/state/submit.ts, ui/screens/Submit.tsx) ----
  | { name: 'submit-form' }
  | { name: 'submit-documents' }
  | { name: 'submit-capture' }
  | { name: 'submit-review' }
  | { name: 'submit-result' }
  // ratings and the survey (issue 13): ui/state/rating.ts, ui/screens/Rating.tsx
  | { name: 'rating-entry' }
  | { name: 'rating'; dossierCode: string }
  | { name: 'survey'; dossierCode: string }
  // ---- issue 13: the queue (ui/state/queue.ts, ui/screens/Queue*.tsx) ----
  | { name: 'queue' }
  | { name: 'queue-priority' }
  | { name: 'queue-ticket' }
  | { name: 'queue-offline' }
  | { name: 'queue-appointment'; code?: string | undefined };

export type ScreenName = Screen['name'];

export const screen = signal<Screen>({ name: 'starting' });
const history: Screen[] = [];
export const canGoBack = signal(false);

export const appInfo = signal<AppInfo | null>(null);

// ---- session-scoped state (wiped on every session end) ----
const resetters: Array<() => void> = [];
export function sessionSignal<T>(initial: () => T): Signal<T> {
  const s = signal<T>(initial());
  resetters.push(() => {
    s.value = initial();
  });
  return s;
}

export const sessionActive = signal(false);
export const sessionId = signal<string | null>(null);
/** Bumped on every wipe: answers to requests started before it are dropped. */
export const generation = signal(0);

export const lookupInput = sessionSignal(() => '');
export const lookupLoading = sessionSignal(() => false);
export const procQuery = sessionSignal(() => '');
export const procSector = sessionSignal<string | undefined>(() => undefined);
export const procPage = sessionSignal(() => 1);

// ---- router ----
export function navigate(next: Screen, opts: { replace?: boolean } = {}): void {
  batch(() => {
    const cur = screen.value;
    if (!opts.replace && cur.name !== 'starting' && cur.name !== 'attract' && cur.name !== 'out-of-service') {
      history.push(cur);
      if (history.length > 30) history.shift();
    }
    screen.value = next;
    canGoBack.value = history.length > 0;
  });
}

export function back(): void {
  const prev = history.pop();
  batch(() => {
    screen.value = prev ?? { name: 'home' };
    canGoBack.value = history.length > 0;
  });
}

export function goHome(): void {
  history.length = 0;
  batch(() => {
    screen.value = { name: 'home' };
    canGoBack.value = false;
  });
}

// ---- session ----
export function startSession(): void {
  touch();
  if (sessionActive.value) return;
  sessionActive.value = true;
  const gen = generation.value;
  void invoke('session.start', {}).then((r) => {
    if (gen !== generation.value) return;
    if (r.ok) sessionId.value = r.value.sessionId;
    else log('warn', `session.start failed: ${r.error.code}`);
  });
}

/** Wipes everything the resident typed or saw and returns to attract. */
export function wipeSession(): void {
  batch(() => {
    for (const r of resetters) r();
    sessionActive.value = false;
    sessionId.value = null;
    generation.value++;
    idleWarning.value = null;
    history.length = 0;
    canGoBack.value = false;
    const info = appInfo.value;
    if (info) setLanguage(info.defaultLanguage);
    screen.value = appInfo.value ? { name: 'attract' } : { name: 'out-of-service' };
  });
}

/** How long "Dữ liệu của ông/bà trong phiên này đã được xóa." stays before the attract loop. */
export const FINISHED_SCREEN_MS = 5_000;
let finishedTimer: ReturnType<typeof setTimeout> | undefined;

export function endSession(reason: Extract<SessionEndReason, 'finish' | 'idle'>): void {
  const wasActive = sessionActive.value;
  wipeSession();
  if (wasActive) {
    const gen = generation.value;
    void invoke('session.end', { reason }).then((r) => {
      if (!r.ok) {
        log('warn', `session.end failed: ${r.error.code}`);
        return;
      }
      // Main wiped the session's data (its wipers ran before it answered): say so, briefly, on
      // "Kết thúc" only; after an idle timeout nobody is there to read it.
      if (reason !== 'finish' || gen !== generation.value || screen.value.name !== 'attract') return;
      screen.value = { name: 'session-ended' };
      clearTimeout(finishedTimer);
      finishedTimer = setTimeout(() => {
        if (screen.value.name === 'session-ended') screen.value = { name: 'attract' };
      }, FINISHED_SCREEN_MS);
    });
  }
}

// ---- idle timer ----
export const idleWarning = signal<number | null>(null);
let lastActivity = Date.now();

export function touch(): void {
  lastActivity = Date.now();
  if (idleWarning.value !== null) idleWarning.value = null;
}

export function tickIdle(now = Date.now()): void {
  const info = appInfo.value;
  if (!info || !sessionActive.value) {
    if (idleWarning.value !== null) idleWarning.value = null;
    return;
  }
  const timeout = idleTimeoutFor(screen.value.name, info.idleTimeoutSeconds, info.readingIdleTimeoutSeconds);
  const p = idlePhase(lastActivity, now, timeout, info.idleWarningSeconds);
  if (p.phase === 'expired') endSession('idle');
  else if (p.phase === 'warning') idleWarning.value = p.secondsLeft;
  else if (idleWarning.value !== null) idleWarning.value = null;
}

// ---- start-up ----
export const OUT_OF_SERVICE_RETRY_MS = 10_000;
export const nextRetryAt = signal(0);
let retryTimer: ReturnType<typeof setTimeout> | undefined;

export async function loadAppInfo(): Promise<boolean> {
  clearTimeout(retryTimer);
  const r = await invoke('app.info', {});
  if (r.ok) {
    const first = appInfo.value === null;
    appInfo.value = r.value;
    setBackendTimeout(r.value.backendTimeoutMs);
    if (first) setLanguage(r.value.defaultLanguage);
    if (screen.value.name === 'starting' || screen.value.name === 'out-of-service') {
      screen.value = { name: 'attract' };
    }
    return true;
  }
  log('warn', `app.info failed: ${r.error.code}`);
  if (appInfo.value === null) {
    // maintenance mode (issue 14): a technician's out-of-service message stays on screen.
    if (screen.value.name !== 'maintenance-closed') screen.value = { name: 'out-of-service' };
    nextRetryAt.value = Date.now() + OUT_OF_SERVICE_RETRY_MS;
    retryTimer = setTimeout(() => void loadAppInfo(), OUT_OF_SERVICE_RETRY_MS);
  }
  return false;
}

let started = false;
export function startApp(): void {
  if (started) return;
  started = true;
  // While the warning shows, only the overlay itself continues the session (its click lands on
  // the overlay, never on the button underneath).
  const activity = (): void => {
    if (sessionActive.value && idleWarning.value === null) touch();
  };
  window.addEventListener('pointerdown', activity, { capture: true, passive: true });
  window.addEventListener('keydown', activity, { capture: true, passive: true });
  window.addEventListener('touchstart', activity, { capture: true, passive: true });
  setInterval(() => tickIdle(), 250);
  on('session.reset', () => wipeSession());
  void loadAppInfo();
}
