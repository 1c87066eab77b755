/**
 * customers.refresh_stats: everything a customer's sales feed, for the customers a sale touched
 * (or a whole business when customerIds is null), set-based in Postgres:
 *   1. public.refresh_customer_stats: lifetime figures in customer_stats;
 *   2. public.rfm_refresh_customers: RFM scores in customer_rfm against the latest run's
 *      breakpoints (nothing when the business was never analysed).
 * Queued once per sale recorded, edited or voided (and by imports); the sale never waits for it.
 * One job instead of one per figure: half the queue writes and job runs per sale. Both steps are
 * idempotent recomputations, so when the RFM step fails the retry simply redoes both.
 */
import { z } from "zod";
import { defineJob } from "@/lib/jobs/types";

export const refreshStatsPayload = z.object({
  businessId: z.uuid(),
  /** null: every customer of the business (after an import or the demo seed). */
  customerIds: z.array(z.uuid()).min(1).max(1000).nullable(),
});

export const customersRefreshStats = defineJob({
  description:
    "Recomputes customers' lifetime figures (count, total, average, first/last purchase) and rescores their RFM against the latest run, from their transactions.",
  schema: refreshStatsPayload,
  async handler(payload, ctx) {
    const args = [payload.businessId, payload.customerIds];
    // Two statements: the figures are saved even when the RFM step fails (and is retried).
    const stats = await ctx.sql("select public.refresh_customer_stats($1::uuid, $2::uuid[]) as refreshed", args);
    const rfm = await ctx.sql("select public.rfm_refresh_customers($1::uuid, $2::uuid[]) as rescored", args);
    const refreshed = Number(stats.rows[0]?.refreshed ?? 0);
    const rescored = Number(rfm.rows[0]?.rescored ?? 0);
    ctx.log.info("customer stats refreshed", { businessId: payload.businessId, refreshed, rescored });
    return { refreshed, rescored };
  },
  queue: { retryLimit: 5, retryDelay: 10, retryBackoff: true, retryDelayMax: 900, expireInSeconds: 300 },
  concurrency: 2,
});
