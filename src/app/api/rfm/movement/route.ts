/**
 * GET /api/rfm/movement?from=&to= (run ids): how many customers moved from each segment to
 * each other between two runs; defaults: the latest run against the one before it. A null
 * `from` segment = new in the later run; a null `to` = gone since (deleted). No flows (and
 * null run ids) while fewer than two runs are kept.
 */
import { defineRoute } from "@/lib/api/handler";
import { movementQuery } from "@/lib/rfm/engine-api";
import { getRfmMovement } from "@/lib/rfm/queries";

export const dynamic = "force-dynamic";

export const GET = defineRoute({ auth: "user", role: "viewer", query: movementQuery }, async ({ query, supabase, businessId }) =>
  getRfmMovement(supabase, { businessId: businessId ?? "", fromRunId: query.from ?? null, toRunId: query.to ?? null }),
);
