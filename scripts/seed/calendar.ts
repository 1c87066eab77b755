/**
 * Dates for the demo data. Everything is a WIB (Asia/Jakarta) calendar date, kept as a
 * `yyyy-mm-dd` string and manipulated through UTC midnights so no host time zone or DST
 * rule can shift a day.
 */

const DAY_MS = 86_400_000;

/** Today's calendar date in Asia/Jakarta, whatever the host's time zone. */
export function todayInJakarta(now: Date = new Date()): string {
  // en-CA formats as yyyy-mm-dd.
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export function parseDate(iso: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new Error(`expected yyyy-mm-dd, got "${iso}"`);
  return new Date(`${iso}T00:00:00Z`);
}

export function formatDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return formatDate(new Date(parseDate(iso).getTime() + days * DAY_MS));
}

/** Calendar months back, clamped to the month's last day (31 Aug - 6 months = 28/29 Feb). */
export function subtractMonths(iso: string, months: number): string {
  const d = parseDate(iso);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return formatDate(target);
}

export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((parseDate(toIso).getTime() - parseDate(fromIso).getTime()) / DAY_MS);
}

/**
 * Idul Fitri (Lebaran) per the Indonesian government calendar. Batik sales peak in the
 * weeks before it (new clothes for Lebaran, gifts for family), and shops close for mudik.
 */
const LEBARAN = ["2023-04-22", "2024-04-10", "2025-03-31", "2026-03-20", "2027-03-10", "2028-02-27", "2029-02-14", "2030-02-05"];
/** Imlek: a smaller gift peak, mostly from Chinese-Indonesian customers. */
const IMLEK = ["2024-02-10", "2025-01-29", "2026-02-17", "2027-02-06", "2028-01-26", "2029-02-13", "2030-02-03"];

/**
 * Relative sales weight of one calendar date: 1 on an ordinary weekday. The peaks are the
 * ones a batik shop in Pekalongan actually sees: the month before Lebaran, December
 * (Natal, Harbolnas 12.12, year-end office gifts), Hari Batik Nasional (2 October) and Imlek.
 */
export function seasonalWeight(iso: string): number {
  const d = parseDate(iso);
  const month = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  let w = 1;
  const dow = d.getUTCDay();
  if (dow === 0 || dow === 6) w *= 1.25;

  for (const lebaran of LEBARAN) {
    const before = daysBetween(iso, lebaran);
    // Ramadan shopping builds up to a week before Lebaran, then stops for mudik.
    if (before >= 1 && before <= 35) w += 1 + 2.5 * Math.min(1, (35 - before) / 28);
    if (before <= 0 && before >= -4) w *= 0.25;
  }
  for (const imlek of IMLEK) {
    const before = daysBetween(iso, imlek);
    if (before >= 1 && before <= 14) w += 0.6;
  }
  if (month === 12) w += day <= 24 ? 1.2 : 0.6;
  if (month === 12 && day >= 9 && day <= 12) w += 1.5;
  if ((month === 9 && day >= 24) || (month === 10 && day <= 2)) w += 1;
  return w;
}

/** True in the five weeks before Lebaran, when the Ramadan assortment sells. */
export function isBeforeLebaran(iso: string): boolean {
  return LEBARAN.some((lebaran) => {
    const before = daysBetween(iso, lebaran);
    return before >= 1 && before <= 35;
  });
}

/** Days of the demo history, oldest first, with their weights and a prefix sum for sampling. */
export interface Timeline {
  today: string;
  /** dates[i] is `i` days after the first date; the last one is today. */
  dates: string[];
  weights: number[];
  /** cumulative[i] = sum of weights[0..i]. */
  cumulative: number[];
}

/** The last `months` months up to and including today (the day exactly `months` back is excluded). */
export function buildTimeline(today: string, months: number): Timeline {
  const start = addDays(subtractMonths(today, months), 1);
  const n = daysBetween(start, today) + 1;
  const dates: string[] = [];
  const weights: number[] = [];
  const cumulative: number[] = [];
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const date = addDays(start, i);
    const w = seasonalWeight(date);
    dates.push(date);
    weights.push(w);
    sum += w;
    cumulative.push(sum);
  }
  return { today, dates, weights, cumulative };
}

/**
 * A day index in [from, to] (inclusive, indexes into `dates`) drawn in proportion to the
 * seasonal weights, by inverting the prefix sum with a binary search.
 */
export function sampleDay(t: Timeline, from: number, to: number, u: number): number {
  const lo0 = Math.max(0, from);
  const hi0 = Math.min(t.dates.length - 1, to);
  const base = lo0 === 0 ? 0 : (t.cumulative[lo0 - 1] ?? 0);
  const target = base + u * ((t.cumulative[hi0] ?? 0) - base);
  let lo = lo0;
  let hi = hi0;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((t.cumulative[mid] ?? 0) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
