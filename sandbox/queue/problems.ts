/**
 * Problem slugs of the service center's queue (issue 13), spread into sandbox/problems.ts's
 * PROBLEM_TITLES. No imports: problems.ts loads this file.
 */
export const QUEUE_PROBLEM_TITLES = {
  'service-not-found': 'Unknown queue service',
  'ticket-not-found': 'Unknown queue ticket',
  'counter-not-found': 'Unknown counter',
  'officer-not-found': 'Unknown officer',
  'kiosk-id-missing': 'X-Kiosk-Id header required',
  'counter-closed': 'The counter is closed',
  'counter-busy': 'The counter still has a ticket',
  'counter-idle': 'The counter has no current ticket',
  'counter-officer-mismatch': 'Another officer holds the counter',
  'illegal-transition': 'The ticket cannot make this change',
  'numbers-exhausted': 'No ticket number left today',
  'leases-refused': 'This center issues no offline blocks',
  'lease-not-found': 'Unknown lease',
  'lease-other-kiosk': 'The lease belongs to another kiosk',
  'lease-closed': 'The lease is closed',
  'lease-report-invalid': 'The lease report does not fit the block',
  'invalid-last-event-id': 'Malformed Last-Event-ID',
  // Appointments: main/api/queue.ts APPOINTMENT_PROBLEMS
  'appointment-not-found': 'Unknown appointment',
  'appointment-wrong-day': 'The appointment is on another day',
  'appointment-too-early': 'Too early for the appointment',
  'appointment-too-late': 'Too late for the appointment',
  'appointment-used': 'The appointment was already checked in',
  'appointment-other-center': 'The appointment is at another center',
  'appointment-cancelled': 'The appointment was cancelled',
} as const;
