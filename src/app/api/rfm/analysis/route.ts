/**
 * GET /api/rfm/analysis[?runId=]: the latest kept run (whatever its date; never "empty because
 * no run today") or the given one, with the ten-segment distribution, the 25-cell grid,
 * prospects and the live customer count. `run` is null only when the business was never analysed.
 */
import { defineRoute } from "@/lib/api/handler";
import { analysisQuery } from "@/lib/rfm/engine-api";
import { getRfmOverview } from "@/lib/rfm/queries";

export const dynamic = "force-dynamic";

export const GET = defineRoute({ auth: "user", role: "viewer", query: analysisQuery }, async ({ query, supabase, businessId }) =>
  getRfmOverview(supabase, { businessId: businessId ?? "", runId: query.runId ?? null }),
);
