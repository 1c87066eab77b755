/**
 * Display formatting for rupiah and dates. Money has no minor units in the UI
 * (`Rp 1.500.000`); times are shown in Asia/Jakarta (WIB) whatever the server's zone.
 */

export const JAKARTA_TZ = "Asia/Jakarta";
export type DisplayLocale = "id" | "en";

const intlLocale = (locale: DisplayLocale) => (locale === "en" ? "en-GB" : "id-ID");

// Grouping follows Indonesian usage ("." thousands) in both UI languages: it is money in rupiah.
const idrNumber = new Intl.NumberFormat("id-ID", { maximumFractionDigits: 0 });

/**
 * `1500000` -> `Rp 1.500.000`, `-250000` -> `-Rp 250.000` (a debt in the balance ledger).
 * Accepts the strings PostgREST may return for numeric columns. Not-a-number input yields
 * "Rp –" so a broken value is visible without crashing a page.
 */
export function formatIDR(value: number | string | bigint): string {
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) return "Rp –";
  const rounded = Math.round(n);
  // Math.round(-0.4) is -0; "-Rp 0" would be wrong.
  if (rounded === 0) return "Rp 0";
  const body = idrNumber.format(Math.abs(rounded));
  return rounded < 0 ? `-Rp ${body}` : `Rp ${body}`;
}

/** A date-only string ("2025-11-21") is a calendar date (e.g. a transaction date), not an instant. */
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function toDate(d: Date | string | number): Date {
  const date = d instanceof Date ? d : new Date(d);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date: ${String(d)}`);
  return date;
}

/** `21 Nov 2025` (id) / `21 Nov 2025` (en), the calendar day in Jakarta. */
export function formatDate(d: Date | string | number, locale: DisplayLocale = "id"): string {
  if (typeof d === "string" && DATE_ONLY.test(d)) {
    // Format the calendar date as-is: converting it to an instant would shift it in some zones.
    return new Intl.DateTimeFormat(intlLocale(locale), { timeZone: "UTC", dateStyle: "medium" }).format(new Date(`${d}T00:00:00Z`));
  }
  return new Intl.DateTimeFormat(intlLocale(locale), { timeZone: JAKARTA_TZ, dateStyle: "medium" }).format(toDate(d));
}

/** `21 Nov 2025, 14.30 WIB` (id) / `21 Nov 2025, 14:30 WIB` (en). */
export function formatDateTime(d: Date | string | number, locale: DisplayLocale = "id"): string {
  const text = new Intl.DateTimeFormat(intlLocale(locale), {
    timeZone: JAKARTA_TZ,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(toDate(d));
  return `${text} WIB`;
}

const isoDay = new Intl.DateTimeFormat("en-CA", { timeZone: JAKARTA_TZ, year: "numeric", month: "2-digit", day: "2-digit" });

/** The calendar date in Jakarta as `yyyy-mm-dd`: "today" for RFM runs, reports and cron. */
export function jakartaToday(now: Date = new Date()): string {
  return isoDay.format(now);
}

/** `yyyy-mm-dd` of any instant, in Jakarta. */
export function jakartaDate(d: Date | string | number): string {
  return isoDay.format(toDate(d));
}
