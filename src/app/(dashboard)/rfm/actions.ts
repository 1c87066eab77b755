"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/action";
import { AppError } from "@/lib/api/errors";
import { runRfm, updateRfmSettings } from "@/lib/rfm/queries";
import { rfmSettingsSchema } from "@/lib/rfm/settings";

const business = (id: string | null): string => {
  if (!id) throw new AppError("FORBIDDEN", { message: "NO_ACTIVE_BUSINESS" });
  return id;
};

/**
 * "Jalankan analisis": a full run for the active business as of today (WIB), as the signed-in
 * user (staff+, checked here and again in SQL). A second run on the same day replaces the first.
 */
export const runAnalysisAction = defineAction(
  z.object({}),
  async (_input, ctx) => {
    const run = await runRfm(ctx.supabase, { businessId: business(ctx.businessId), trigger: "manual" });
    ctx.log.info("rfm run", { businessId: run.businessId, runId: run.id, customers: run.customersScored, ms: run.durationMs });
    return { runId: run.id, analysisDate: run.analysisDate, customersScored: run.customersScored };
  },
  { role: "staff" },
);

/** RFM settings (admin+): the engine's schema here, and update_rfm_settings checks it again. */
export const saveRfmSettingsAction = defineAction(
  rfmSettingsSchema,
  async (input, ctx) => updateRfmSettings(ctx.supabase, { businessId: business(ctx.businessId), ...input }),
  { role: "admin" },
);
