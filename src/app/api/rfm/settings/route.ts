/**
 * /api/rfm/settings
 *   GET  the active business's RFM settings (the defaults when never saved); viewer+
 *   PUT  change some or all of them (admin+), validated here and again in SQL; answers with
 *        the saved settings. Takes effect at the next run.
 */
import { defineRoute } from "@/lib/api/handler";
import { businessQuery, settingsBody } from "@/lib/rfm/engine-api";
import { getRfmSettings, updateRfmSettings } from "@/lib/rfm/queries";

export const dynamic = "force-dynamic";

export const GET = defineRoute({ auth: "user", role: "viewer", query: businessQuery }, async ({ supabase, businessId }) =>
  getRfmSettings(supabase, { businessId: businessId ?? "" }),
);

export const PUT = defineRoute({ auth: "user", role: "admin", body: settingsBody }, async ({ body, supabase, businessId }) => {
  const { businessId: _explicit, ...patch } = body;
  return updateRfmSettings(supabase, { ...patch, businessId: businessId ?? "" });
});
