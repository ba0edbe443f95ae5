/**
 * The queue journey's pure parts in the UI (ui/state/queue.ts, ui/state/scan.ts): the appointment
 * keypad and code check, the offline refusal rule, where an appointment scan goes, and that every
 * appointment problem has its own Vietnamese message.
 */
import { describe, expect, it } from 'vitest';
import { translate } from '../../ui/i18n';
import { appointmentCodeProblem, refusesOffline, typeAppointmentKey, type QueueServices } from '../../ui/state/queue';
import { routeForScan } from '../../ui/state/scan';
import { vi } from '../../ui/i18n/vi';

const list = (offline: boolean, policy: 'refuse' | 'lease'): QueueServices => ({
  centerName: null,
  policy,
  offline,
  fetchedAt: null,
  sectors: [],
  suggestedPriority: null,
});

describe('appointment code entry', () => {
  it('types, deletes and clears back to LH-', () => {
    let c = 'LH-';
    for (const k of ['2', '6', '0', '3', '1', '4', '-', '0', '0', '0', '7']) c = typeAppointmentKey(c, k);
    expect(c).toBe('LH-260314-0007');
    expect(typeAppointmentKey(c, 'back')).toBe('LH-260314-000');
    expect(typeAppointmentKey(c, 'clear')).toBe('LH-');
    expect(typeAppointmentKey('LH-260314-0007-12345', '9')).toBe('LH-260314-0007-12345'); // long enough
  });

  it('says what is wrong before asking main', () => {
    expect(appointmentCodeProblem('LH-')).toBe('empty');
    expect(appointmentCodeProblem('')).toBe('empty');
    expect(appointmentCodeProblem('LH-2603')).toBe('format');
    expect(appointmentCodeProblem('000.00.12.H56-260314-0007')).toBe('format');
    expect(appointmentCodeProblem(' lh-260314-0007 ')).toBeNull();
  });
});

describe('queue screens', () => {
  it('refuses offline only when offline under the refuse policy', () => {
    expect(refusesOffline(list(true, 'refuse'))).toBe(true);
    expect(refusesOffline(list(true, 'lease'))).toBe(false);
    expect(refusesOffline(list(false, 'refuse'))).toBe(false);
  });

  it('routes an appointment scan to the check-in only where the kiosk has the queue', () => {
    const scan = { kind: 'appointment' as const, source: 'simulator', appointmentCode: 'LH-260314-0007' };
    expect(routeForScan(scan, { queue: true })).toEqual({ name: 'queue-appointment', code: 'LH-260314-0007' });
    expect(routeForScan(scan)).toEqual({ name: 'scan-not-handled', kind: 'appointment', code: 'LH-260314-0007' });
    expect(routeForScan({ kind: 'vietqr', source: 'simulator' }, { queue: true })).toEqual({ name: 'scan-not-handled', kind: 'vietqr' });
  });

  it('has a distinct Vietnamese message for every appointment problem', () => {
    const codes = ['not_found', 'wrong_day', 'too_early', 'too_late', 'used', 'cancelled', 'other_center'];
    const messages = codes.map((c) => translate('vi', `queue.appointment.error.appointment_${c}` as keyof typeof vi));
    expect(new Set(messages).size).toBe(codes.length);
    for (const m of messages) {
      expect(m).not.toMatch(/^queue\./);
      expect(m.normalize('NFC')).toBe(m);
    }
  });
});
