/**
 * The sandbox's working-day calendar (due dates), in Vietnam's time zone (common/vietnam-time.ts).
 */
import { vnWeekday } from '../common/vietnam-time';

const DAY_MS = 86_400_000;

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * DAY_MS);
}

/** Monday to Friday in Vietnam. */
export function isWorkingDay(d: Date): boolean {
  const w = vnWeekday(d);
  return w !== 0 && w !== 6;
}

/** Adds `n` working days (Saturday and Sunday skipped; public holidays are not modelled). */
export function addWorkingDays(d: Date, n: number): Date {
  let t = d;
  let left = Math.ceil(n);
  while (left > 0) {
    t = addDays(t, 1);
    if (isWorkingDay(t)) left--;
  }
  return t;
}
