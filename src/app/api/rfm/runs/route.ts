/** GET /api/rfm/runs?limit=: kept runs of the active business, newest first. */
import { defineRoute } from "@/lib/api/handler";
import { runsQuery } from "@/lib/rfm/engine-api";
import { listRfmRuns } from "@/lib/rfm/queries";

export const dynamic = "force-dynamic";

export const GET = defineRoute({ auth: "user", role: "viewer", query: runsQuery }, async ({ query, supabase, businessId }) =>
  listRfmRuns(supabase, { businessId: businessId ?? "", limit: query.limit }),
);
