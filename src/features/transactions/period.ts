/**
 * Calendar arithmetic in Asia/Jakarta (WIB, UTC+7 all year, no DST): a sale's date and the
 * periods of the statistics are WIB calendar dates, whatever the server's own time zone.
 * Pure functions, shared by the browser and the server.
 */

export const PERIODS = ["today", "7d", "30d", "month", "year", "custom"] as const;
export type Period = (typeof PERIODS)[number];

export const MIN_TRANSACTION_DATE = "2000-01-01";
/** The longest custom range the statistics accept (about ten years). */
export const MAX_PERIOD_DAYS = 3661;

const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The WIB calendar date ("2026-03-10") of an instant. */
export function jakartaDate(instant: Date = new Date()): string {
  return new Date(instant.getTime() + WIB_OFFSET_MS).toISOString().slice(0, 10);
}

/** "2026-03-10" + n days, as a date string (n may be negative). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Inclusive number of days from `from` to `to`. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

export interface DateRange {
  from: string;
  to: string;
}

/**
 * The WIB dates a named period covers, ending today (WIB): today; the last 7 or 30 days
 * including today; this calendar month or year so far. `custom` returns the given range.
 */
export function resolvePeriod(period: Period, now: Date = new Date(), custom?: Partial<DateRange>): DateRange {
  const today = jakartaDate(now);
  switch (period) {
    case "today":
      return { from: today, to: today };
    case "7d":
      return { from: addDays(today, -6), to: today };
    case "30d":
      return { from: addDays(today, -29), to: today };
    case "month":
      return { from: `${today.slice(0, 8)}01`, to: today };
    case "year":
      return { from: `${today.slice(0, 5)}01-01`, to: today };
    case "custom":
      return { from: custom?.from ?? today, to: custom?.to ?? today };
  }
}

/** True when a sale's date lies after today in WIB (the form warns, the server accepts). */
export function isFutureDate(date: string, now: Date = new Date()): boolean {
  return date > jakartaDate(now);
}
