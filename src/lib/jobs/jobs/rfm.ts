/**
 * RFM jobs (docs/rfm.md):
 *   rfm.refresh_customers  after a sale is recorded, edited or voided: rescore those customers
 *                          in customer_rfm against the latest run's breakpoints (milliseconds;
 *                          the sale never waits for it)
 *   rfm.run_business       one full run of one business (weekly fan-out, retries on failure)
 *   rfm.weekly             hourly tick; on Mondays from 06:00 WIB fans out rfm.run_business
 *                          for every business without this week's weekly run
 * All are idempotent: a refresh recomputes from the transactions, a run replaces the same day's run.
 */
import { z } from "zod";
import { weeklyFanOutDue } from "@/lib/rfm/engine-schedule";
import { fanOutWeekly } from "@/lib/rfm/engine-weekly";
import { defineJob } from "../types";

export const rfmRefreshCustomersPayload = z.object({
  businessId: z.uuid(),
  /** null: every customer of the business (after an import). */
  customerIds: z.array(z.uuid()).min(1).max(1000).nullable(),
});

export const rfmRefreshCustomers = defineJob({
  description: "Rescores customers' RFM (customer_rfm) against the latest run's breakpoints after their sales changed.",
  schema: rfmRefreshCustomersPayload,
  async handler(payload, ctx) {
    const { rows } = await ctx.sql("select public.rfm_refresh_customers($1::uuid, $2::uuid[]) as refreshed", [payload.businessId, payload.customerIds]);
    const refreshed = Number(rows[0]?.refreshed ?? 0);
    ctx.log.info("rfm customers refreshed", { businessId: payload.businessId, refreshed });
    return { refreshed };
  },
  queue: { retryLimit: 5, retryDelay: 10, retryBackoff: true, retryDelayMax: 900, expireInSeconds: 120 },
  concurrency: 2,
});

export const rfmRunBusinessPayload = z.object({
  businessId: z.uuid(),
  trigger: z.enum(["manual", "weekly", "transaction"]).default("weekly"),
  analysisDate: z.iso.date().optional(),
});

export const rfmRunBusiness = defineJob({
  description: "Full RFM run of one business (scores, segments, history); the same day's run is replaced.",
  schema: rfmRunBusinessPayload,
  async handler(payload, ctx) {
    const { rows } = await ctx.sql(
      "select id::text, analysis_date::text, customers_scored, customers_lost, scoring_mode::text, duration_ms from public.rfm_run($1::uuid, $2::date, $3::public.rfm_run_trigger)",
      [payload.businessId, payload.analysisDate ?? null, payload.trigger],
    );
    const run = rows[0] ?? {};
    ctx.log.info("rfm run", { businessId: payload.businessId, ...run });
    return { runId: run.id, analysisDate: run.analysis_date, scored: run.customers_scored, lost: run.customers_lost, ms: run.duration_ms };
  },
  queue: { retryLimit: 2, retryDelay: 60, retryBackoff: true, retryDelayMax: 1800, expireInSeconds: 600 },
  concurrency: 1,
});

export const rfmWeeklyPayload = z.object({
  /** Fan out even outside Monday (the cron route and the CLI do; the hourly tick does not). */
  force: z.boolean().default(false),
  businessIds: z.array(z.uuid()).max(10_000).optional(),
});

export const rfmWeekly = defineJob({
  description: "Weekly RFM: on Mondays from 06:00 WIB, one rfm.run_business job per business without this week's run.",
  schema: rfmWeeklyPayload,
  async handler(payload, ctx) {
    const due = weeklyFanOutDue(new Date());
    if (!due.due && !payload.force) return { skipped: true, monday: due.monday };
    const result = await fanOutWeekly(ctx.sql, { businessIds: payload.businessIds });
    ctx.log.info("rfm weekly fan-out", { ...result });
    return result;
  },
  queue: { retryLimit: 3, retryDelay: 60, retryBackoff: true, retryDelayMax: 1800, expireInSeconds: 300 },
  // Hourly: throttled per epoch-aligned hour by the worker and the cron route alike.
  schedule: { everySeconds: 3600, payload: { force: false } },
});
