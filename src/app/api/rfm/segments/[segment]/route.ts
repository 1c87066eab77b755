/**
 * GET /api/rfm/segments/:segment?runId=&r=&fm=&sort=&order=&page=&limit=: the customers of one
 * of the ten segments (optionally one R x FM cell) in the latest or given run, sorted and
 * paged (meta.total). 400 for an unknown segment.
 */
import { defineRoute, reply } from "@/lib/api/handler";
import { segmentParams, segmentQuery } from "@/lib/rfm/engine-api";
import { listSegmentCustomers } from "@/lib/rfm/queries";
import type { Segment } from "@/lib/rfm/segments";

export const dynamic = "force-dynamic";

export const GET = defineRoute(
  { auth: "user", role: "viewer", params: segmentParams, query: segmentQuery },
  async ({ params, query, supabase, businessId }) => {
    const page = await listSegmentCustomers(supabase, {
      businessId: businessId ?? "",
      segment: params.segment as Segment,
      runId: query.runId ?? null,
      rScore: query.r ?? null,
      fmScore: query.fm ?? null,
      sort: query.sort,
      desc: query.order === "desc",
      limit: query.limit,
      offset: (query.page - 1) * query.limit,
    });
    return reply(page.rows, { meta: { page: query.page, limit: query.limit, total: page.total } });
  },
);
