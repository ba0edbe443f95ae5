/**
 * "Lấy số thứ tự" and appointment check-in (issue 13): the services grouped by sector →
 * a service → the priority question (Không, or a category with a gentle confirmation; elderly
 * offered first when main says the card read in this session shows 60 years or more) → the
 * ticket, shown large and printed → the session ends ("Xong", or after `queueTicketSeconds`).
 *
 * Double taps: one request id per choice (made when the question screen opens, or when a code is
 * submitted), sent as the Idempotency-Key: main joins a second tap to the first and answers the
 * same ticket; the page also ignores taps while a request is out. Everything here is session data.
 */
import type { BridgeError, PriorityCategory, ResponseOf } from '../../main/ipc/contract';
import { invoke } from '../bridge';
import { appInfo, endSession, generation, navigate, screen, sessionSignal, startSession } from './app';

export type QueueServices = ResponseOf<'queue.services'>;
export type QueueService = QueueServices['sectors'][number]['services'][number];
export type TicketIssued = ResponseOf<'queue.issue'>;
export type QueueErrorCode = BridgeError['code'];

export const PRIORITY_CATEGORIES: readonly PriorityCategory[] = ['elderly', 'disability', 'pregnant', 'small_child', 'meritorious'];

export type ServicesPhase = { kind: 'loading' } | { kind: 'ready'; list: QueueServices } | { kind: 'error'; code: QueueErrorCode };
export type IssuePhase = { kind: 'idle' } | { kind: 'issuing' } | { kind: 'error'; code: QueueErrorCode };

export const queueServices = sessionSignal<ServicesPhase>(() => ({ kind: 'loading' }));
/** The service chosen, and the request id of this choice (the Idempotency-Key). */
export const queueChoice = sessionSignal<{ service: QueueService; requestId: string } | null>(() => null);
/** The category the resident tapped and is asked to confirm. */
export const queueConfirm = sessionSignal<PriorityCategory | null>(() => null);
export const queueIssue = sessionSignal<IssuePhase>(() => ({ kind: 'idle' }));
export const queueTicket = sessionSignal<TicketIssued | null>(() => null);
/** Reprint: its outcome (or the error). */
export const queueReprint = sessionSignal<{ state: string } | { error: QueueErrorCode } | null>(() => null);
/** The appointment code being typed, and what went wrong with the last one. */
export const appointmentInput = sessionSignal(() => 'LH-');
export const appointmentPhase = sessionSignal<IssuePhase>(() => ({ kind: 'idle' }));

/** A fresh request id (letters, digits, dashes: what main accepts). */
export function newRequestId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `r-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

export async function loadQueueServices(): Promise<void> {
  const gen = generation.value;
  queueServices.value = { kind: 'loading' };
  const r = await invoke('queue.services', {});
  if (gen !== generation.value) return;
  queueServices.value = r.ok ? { kind: 'ready', list: r.value } : { kind: 'error', code: r.error.code };
}

/** The queue screen: the offline refusal when the backend is away and the center refuses offline tickets. */
export function refusesOffline(list: QueueServices): boolean {
  return list.offline && list.policy === 'refuse';
}

export function chooseService(service: QueueService): void {
  startSession();
  queueChoice.value = { service, requestId: newRequestId() };
  const suggested = queueServices.value.kind === 'ready' ? queueServices.value.list.suggestedPriority : null;
  queueConfirm.value = suggested;
  queueIssue.value = { kind: 'idle' };
  navigate({ name: 'queue-priority' });
}

function afterIssue(r: Awaited<ReturnType<typeof invoke<'queue.issue'>>>, onError: (code: QueueErrorCode) => void): void {
  if (r.ok) {
    queueTicket.value = r.value;
    queueReprint.value = null;
    navigate({ name: 'queue-ticket' }, { replace: true });
    return;
  }
  if (r.error.code === 'queue_offline') {
    navigate({ name: 'queue-offline' }, { replace: true });
    return;
  }
  onError(r.error.code);
}

export async function takeTicket(priority: PriorityCategory | null): Promise<void> {
  const choice = queueChoice.value;
  if (!choice || queueIssue.value.kind === 'issuing') return;
  const gen = generation.value;
  queueIssue.value = { kind: 'issuing' };
  const r = await invoke('queue.issue', { serviceId: choice.service.id, requestId: choice.requestId, ...(priority ? { priority } : {}) });
  if (gen !== generation.value || screen.value.name !== 'queue-priority') return;
  afterIssue(r, (code) => {
    queueIssue.value = { kind: 'error', code };
  });
  if (r.ok) queueIssue.value = { kind: 'idle' };
}

/** A typed key on the appointment keypad: the code is `LH-yyMMdd-NNNN`. */
export function typeAppointmentKey(current: string, key: string): string {
  if (key === 'clear') return 'LH-';
  if (key === 'back') return current.slice(0, -1);
  if (current.length >= 20) return current;
  return `${current}${key}`.toUpperCase();
}

/** Well formed: `LH-` then six digits, a dash and four digits (spaces ignored). */
export function appointmentCodeProblem(code: string): 'empty' | 'format' | null {
  const c = code.replace(/\s+/g, '').toUpperCase();
  if (c === '' || c === 'LH-' || c === 'LH') return 'empty';
  return /^LH-\d{6}-\d{4}$/.test(c) ? null : 'format';
}

export type AppointmentProblem = 'empty' | 'format';
export const appointmentProblem = sessionSignal<AppointmentProblem | null>(() => null);

export async function checkIn(code: string): Promise<void> {
  if (appointmentPhase.value.kind === 'issuing') return;
  const problem = appointmentCodeProblem(code);
  appointmentProblem.value = problem;
  if (problem) return;
  startSession();
  const gen = generation.value;
  appointmentPhase.value = { kind: 'issuing' };
  const r = await invoke('queue.checkin', { appointmentCode: code.replace(/\s+/g, '').toUpperCase(), requestId: newRequestId() });
  if (gen !== generation.value || screen.value.name !== 'queue-appointment') return;
  appointmentPhase.value = { kind: 'idle' };
  afterIssue(r, (c) => {
    appointmentPhase.value = { kind: 'error', code: c };
  });
}

/** A scanned appointment QR: the check-in screen with the code, checked in at once. */
export function openAppointmentScan(code: string): void {
  appointmentInput.value = code;
  appointmentProblem.value = null;
  appointmentPhase.value = { kind: 'idle' };
  void checkIn(code);
}

export async function reprintTicket(): Promise<void> {
  const t = queueTicket.value;
  if (!t) return;
  const gen = generation.value;
  queueReprint.value = { state: 'printing' };
  const r = await invoke('queue.print', { ticketId: t.ticket.id });
  if (gen !== generation.value) return;
  queueReprint.value = r.ok ? { state: r.value.state } : { error: r.error.code };
}

/** How long the ticket stays on screen (config `queue.ticketScreenSeconds`; 90 s by default). */
export function ticketScreenMs(): number {
  return (appInfo.value?.queueTicketSeconds ?? 90) * 1000;
}

/**
 * The resident has the ticket: the session ends (its data wiped, "Dữ liệu … đã được xóa", then the
 * attract loop), so the next person in the hall never inherits this one's card (and its elderly
 * flag) or print counts.
 */
export function leaveTicket(): void {
  endSession('finish');
}
