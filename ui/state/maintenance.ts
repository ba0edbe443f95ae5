/**
 * Maintenance mode in the UI (issue 14): main says when a technician is in (`maintenance.state`),
 * when a technician card was refused (`maintenance.refused`, shown only when no resident is using
 * the kiosk) and what a test scan was (`maintenance.scan`). Entering and leaving wipe everything of
 * the resident's session; leaving reloads AppInfo (the saved config applies) and shows attract,
 * or the out-of-service message the technician set.
 */
import { effect, signal } from '@preact/signals';
import type { EventPayload } from '../../main/ipc/contract';
import { invoke, on } from '../bridge';
import { loadAppInfo, navigate, screen, sessionActive, wipeSession } from './app';

export const maintenanceWho = signal<string>('');
export const lastTestScan = signal<EventPayload<'maintenance.scan'> | null>(null);

/** The technician's out-of-service message while the kiosk is out of service (main keeps it across restarts). */
let closedMessage: string | null = null;

function showClosed(): void {
  if (closedMessage && ['starting', 'out-of-service', 'attract'].includes(screen.value.name))
    navigate({ name: 'maintenance-closed', message: closedMessage }, { replace: true });
}

function apply(s: EventPayload<'maintenance.state'>): void {
  closedMessage = s.outOfService ?? null;
  if (s.active) {
    wipeSession();
    maintenanceWho.value = s.technician ?? '';
    navigate({ name: 'maintenance' }, { replace: true });
    return;
  }
  maintenanceWho.value = '';
  lastTestScan.value = null;
  if (!screen.value.name.startsWith('maintenance')) {
    // fleet (issue 16): an operator closed the kiosk remotely; a resident's session is never cut
    // short: the closed screen comes when it ends.
    closedLater.value = s.outOfService ?? null;
    return;
  }
  wipeSession();
  if (s.outOfService) navigate({ name: 'maintenance-closed', message: s.outOfService }, { replace: true });
  else void loadAppInfo();
}

/** fleet (issue 16): the out-of-service message to show once no resident is using the kiosk. */
const closedLater = signal<string | null>(null);

export function installMaintenance(): () => void {
  const offs = [
    effect(() => {
      const message = closedLater.value;
      if (message === null || sessionActive.value) return;
      closedLater.value = null;
      navigate({ name: 'maintenance-closed', message }, { replace: true });
    }),
    on('maintenance.state', apply),
    on('maintenance.refused', (p) => {
      // Never over a resident's session: a resident sees nothing of maintenance mode.
      if (sessionActive.value) return;
      navigate({ name: 'maintenance-refused', reason: p.reason }, { replace: true });
    }),
    on('maintenance.scan', (p) => {
      lastTestScan.value = p;
    }),
    // Main resets the session as the technician leaves (and at other times): the reset shows the
    // attract screen, so an out-of-service kiosk goes back to its message right after it.
    on('session.reset', () => queueMicrotask(showClosed)),
  ];
  // After "Tải lại giao diện" (a page reload) main is still in maintenance mode: go back to it.
  // A kiosk a technician left out of service stays so after a restart (main keeps it): say so
  // with the technician's message, not the generic out-of-service screen.
  void invoke('maintenance.state', {}).then((r) => {
    if (!r.ok) return;
    if (r.value.active) return apply(r.value);
    closedMessage = r.value.outOfService ?? null;
    showClosed();
  });
  return () => offs.forEach((f) => f());
}
