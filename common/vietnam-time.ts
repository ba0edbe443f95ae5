/**
 * Vietnam time and the kiosk's date formats.
 *
 * Vietnam keeps one time zone, Asia/Ho_Chi_Minh: UTC+7 all year, no daylight saving (since
 * 1975). The shift is done by hand, so every result is the same whatever the machine's time zone
 * or ICU data: a kiosk whose clock is set to UTC still counts "today" from Vietnamese midnight
 * (DOMAIN.md: queue numbers and dossier codes restart at 00:00 in Vietnam, not at 07:00).
 *
 * Formats (DOMAIN.md, as Vietnamese documents write them): dates `dd/MM/yyyy`, times `HH:mm`,
 * the time a dossier was received `HH giờ mm phút, ngày dd/MM/yyyy`. The API carries calendar
 * dates as `yyyy-MM-dd` and times as ISO 8601 with the `+07:00` offset (main/api/schemas.ts).
 */

/** UTC+7, in milliseconds. */
export const VIETNAM_UTC_OFFSET_MS = 7 * 3_600_000;

/** The wall-clock reading of an instant in Vietnam. `month` is 1-12; `weekday` 0 = Sunday … 6 = Saturday. */
export interface VietnamTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** What Vietnam's clocks read at the instant `d`. */
export function vietnamTime(d: Date): VietnamTime {
  const t = new Date(d.getTime() + VIETNAM_UTC_OFFSET_MS);
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

/** `yyyy-MM-dd` of the Vietnamese calendar day containing `d` (23:30 UTC is already the next day). */
export function vnDate(d: Date): string {
  const v = vietnamTime(d);
  return `${v.year}-${pad(v.month)}-${pad(v.day)}`;
}

/** `yyMMdd` of the Vietnamese calendar day containing `d`: the date part of a dossier code. */
export function vnYyMMdd(d: Date): string {
  const v = vietnamTime(d);
  return `${pad(v.year % 100)}${pad(v.month)}${pad(v.day)}`;
}

/** ISO 8601 with the +07:00 offset, to the second: `2026-03-14T09:05:00+07:00`. */
export function vnIso(d: Date): string {
  const v = vietnamTime(d);
  return `${v.year}-${pad(v.month)}-${pad(v.day)}T${pad(v.hour)}:${pad(v.minute)}:${pad(v.second)}+07:00`;
}

/** 0 = Sunday … 6 = Saturday, in Vietnam. */
export function vnWeekday(d: Date): number {
  return vietnamTime(d).weekday;
}

/** The instant of `hour:minute` Vietnamese time on the Vietnamese day containing `d`. */
export function vnAt(d: Date, hour: number, minute: number): Date {
  const v = vietnamTime(d);
  return new Date(Date.UTC(v.year, v.month - 1, v.day, hour, minute) - VIETNAM_UTC_OFFSET_MS);
}

// ---- Display formats --------------------------------------------------------------------------

/** What the formatters accept: an instant (Date, epoch ms, ISO 8601 text) or a calendar date `yyyy-MM-dd`. */
export type DateInput = string | number | Date | null | undefined;

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The Vietnamese wall-clock reading of `input`, or null when it cannot be read. A calendar date
 * (`yyyy-MM-dd`) is that day as it is, at 00:00, never shifted by a time zone.
 */
function readInput(input: DateInput): Pick<VietnamTime, 'year' | 'month' | 'day' | 'hour' | 'minute'> | null {
  if (input === null || input === undefined) return null;
  if (typeof input === 'string') {
    const m = CALENDAR_DATE.exec(input.trim());
    if (m) return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: 0, minute: 0 };
  }
  const ms = input instanceof Date ? input.getTime() : typeof input === 'number' ? input : Date.parse(input);
  if (!Number.isFinite(ms)) return null;
  return vietnamTime(new Date(ms));
}

/** `dd/MM/yyyy` in Vietnam: `2026-03-14` or `2026-03-14T02:05:00Z` -> `14/03/2026`. Unreadable input -> ''. */
export function formatDate(input: DateInput): string {
  const v = readInput(input);
  return v ? `${pad(v.day)}/${pad(v.month)}/${v.year}` : '';
}

/** `HH:mm` in Vietnam: `2026-03-14T02:05:00Z` -> `09:05`. Unreadable input -> ''. */
export function formatTime(input: DateInput): string {
  const v = readInput(input);
  return v ? `${pad(v.hour)}:${pad(v.minute)}` : '';
}

/** `HH:mm dd/MM/yyyy` in Vietnam: `2026-03-14T02:05:00Z` -> `09:05 14/03/2026`. Unreadable input -> ''. */
export function formatDateTime(input: DateInput): string {
  const v = readInput(input);
  return v ? `${pad(v.hour)}:${pad(v.minute)} ${pad(v.day)}/${pad(v.month)}/${v.year}` : '';
}

/**
 * The time received as the receipt and appointment slip writes it (DOMAIN.md), in Vietnam:
 * `2026-03-14T02:05:00Z` -> `09 giờ 05 phút, ngày 14/03/2026`. Unreadable input -> ''.
 */
export function formatReceivedTime(input: DateInput): string {
  const v = readInput(input);
  return v ? `${pad(v.hour)} giờ ${pad(v.minute)} phút, ngày ${pad(v.day)}/${pad(v.month)}/${v.year}` : '';
}
