/**
 * customers.refresh_stats: recomputes customer_stats for the customers a sale touched (or a
 * whole business when customerIds is null), set-based in Postgres. Queued after a sale is
 * recorded, edited or voided; the sale never waits for it. Idempotent, so retries are safe.
 */
import { z } from "zod";
import { defineJob } from "@/lib/jobs/types";

export const refreshStatsPayload = z.object({
  businessId: z.uuid(),
  /** null: every customer of the business (after an import or the demo seed). */
  customerIds: z.array(z.uuid()).min(1).max(1000).nullable(),
});

export const customersRefreshStats = defineJob({
  description: "Recomputes customers' lifetime figures (count, total, average, first/last purchase) from their transactions.",
  schema: refreshStatsPayload,
  async handler(payload, ctx) {
    const { rows } = await ctx.sql("select public.refresh_customer_stats($1::uuid, $2::uuid[]) as refreshed", [
      payload.businessId,
      payload.customerIds,
    ]);
    const refreshed = Number(rows[0]?.refreshed ?? 0);
    ctx.log.info("customer stats refreshed", { businessId: payload.businessId, refreshed });
    return { refreshed };
  },
  queue: { retryLimit: 5, retryDelay: 10, retryBackoff: true, retryDelayMax: 900, expireInSeconds: 300 },
  concurrency: 2,
});
