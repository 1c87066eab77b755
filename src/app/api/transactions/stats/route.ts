/**
 * GET /api/transactions/stats?period=today|7d|30d|month|year|custom&from&to
 * Revenue, count, average order and the daily revenue series of completed sales, in
 * Asia/Jakarta calendar days (periods end today in WIB; custom needs from and to).
 */
import { resolvePeriod } from "@/features/transactions/period";
import { getPeriodStats } from "@/features/transactions/queries";
import { periodStatsQuery } from "@/features/transactions/schema";
import { defineRoute } from "@/lib/api/handler";

export const GET = defineRoute({ auth: "user", role: "viewer", query: periodStatsQuery }, async ({ query, supabase, businessId }) => {
  const range = resolvePeriod(query.period, new Date(), { from: query.from, to: query.to });
  return { period: query.period, ...(await getPeriodStats(supabase, { ...range, businessId: businessId ?? "" })) };
});
