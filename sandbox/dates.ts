/**
 * Calendar helpers in Vietnam's time zone (Asia/Ho_Chi_Minh, UTC+7, no daylight saving).
 */

const OFFSET_MS = 7 * 3600_000;
const DAY_MS = 86_400_000;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The wall-clock fields of `d` in Vietnam. */
function vnFields(d: Date) {
  const t = new Date(d.getTime() + OFFSET_MS);
  return {
    year: t.getUTCFullYear(),
    month: t.getUTCMonth() + 1,
    day: t.getUTCDate(),
    hour: t.getUTCHours(),
    minute: t.getUTCMinutes(),
    second: t.getUTCSeconds(),
    weekday: t.getUTCDay(),
  };
}

/** `yyyy-MM-dd` of the Vietnamese calendar day containing `d`. */
export function vnDate(d: Date): string {
  const f = vnFields(d);
  return `${f.year}-${pad(f.month)}-${pad(f.day)}`;
}

/** `yyMMdd` of the Vietnamese calendar day containing `d` (the date part of a dossier code). */
export function vnYyMMdd(d: Date): string {
  const f = vnFields(d);
  return `${pad(f.year % 100)}${pad(f.month)}${pad(f.day)}`;
}

/** ISO 8601 with the +07:00 offset, to the second: `2026-03-14T09:05:00+07:00`. */
export function vnIso(d: Date): string {
  const f = vnFields(d);
  return `${f.year}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}+07:00`;
}

/** 0 = Sunday … 6 = Saturday, in Vietnam. */
export function vnWeekday(d: Date): number {
  return vnFields(d).weekday;
}

/** The instant of `hh:mm` Vietnamese time on the Vietnamese day containing `d`. */
export function vnAt(d: Date, hour: number, minute: number): Date {
  const f = vnFields(d);
  return new Date(Date.UTC(f.year, f.month - 1, f.day, hour, minute) - OFFSET_MS);
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * DAY_MS);
}

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
