/**
 * When the weekly RFM run is due: Monday 06:00 WIB (Asia/Jakarta, UTC+7 all year, no DST),
 * i.e. Sunday 23:00 UTC, the schedule of the Vercel cron in vercel.json. Pure date maths, so
 * the worker's hourly tick, the cron route and the tests agree.
 */
const WIB_OFFSET_MS = 7 * 3600_000;
const DAY_MS = 86_400_000;
export const WEEKLY_HOUR_WIB = 6;
/** vercel.json: minute 0, hour 23 UTC, Sunday = Monday 06:00 WIB. */
export const WEEKLY_CRON_UTC = "0 23 * * 0";

/** The WIB calendar date of an instant, YYYY-MM-DD. */
export function wibDate(at: Date): string {
  return new Date(at.getTime() + WIB_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The latest Monday 06:00 WIB at or before `now`: its WIB date (the week's analysis date) and
 * the instant. Monday 05:59 WIB still belongs to the previous week.
 */
export function latestWeeklySlot(now: Date): { monday: string; dueAt: Date } {
  const wib = new Date(now.getTime() + WIB_OFFSET_MS); // read with getUTC* = WIB wall clock
  const daysSinceMonday = (wib.getUTCDay() + 6) % 7;
  let mondayWib = Date.UTC(wib.getUTCFullYear(), wib.getUTCMonth(), wib.getUTCDate()) - daysSinceMonday * DAY_MS;
  if (wib.getTime() < mondayWib + WEEKLY_HOUR_WIB * 3600_000) mondayWib -= 7 * DAY_MS;
  return {
    monday: new Date(mondayWib).toISOString().slice(0, 10),
    dueAt: new Date(mondayWib + WEEKLY_HOUR_WIB * 3600_000 - WIB_OFFSET_MS),
  };
}

/**
 * The worker's hourly tick fans out only on the Monday itself (from 06:00 WIB to the end of the
 * WIB day), so a worker that was down at 06:00 catches up later that Monday, and a business
 * created on Wednesday waits for the next Monday like everyone else.
 */
export function weeklyFanOutDue(now: Date): { due: boolean; monday: string } {
  const slot = latestWeeklySlot(now);
  return { due: wibDate(now) === slot.monday, monday: slot.monday };
}
