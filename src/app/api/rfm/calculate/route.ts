/**
 * POST /api/rfm/calculate: runs the analysis now (staff+), set-based in Postgres, and answers
 * with the run. Idempotent per business per day: running again the same day replaces that
 * day's run atomically. An Idempotency-Key header replays the first answer instead of running again.
 */
import { defineRoute } from "@/lib/api/handler";
import { calculateBody } from "@/lib/rfm/engine-api";
import { runRfm } from "@/lib/rfm/queries";

export const dynamic = "force-dynamic";
// 100k customers take a few seconds; leave headroom on Vercel.
export const maxDuration = 60;

export const POST = defineRoute(
  { auth: "user", role: "staff", body: calculateBody, idempotent: true },
  async ({ body, supabase, businessId, log }) => {
    const run = await runRfm(supabase, { businessId: businessId ?? "", analysisDate: body.analysisDate, trigger: "manual" });
    log.info("rfm run", { businessId, runId: run.id, scored: run.customersScored, ms: run.durationMs });
    return run;
  },
);
