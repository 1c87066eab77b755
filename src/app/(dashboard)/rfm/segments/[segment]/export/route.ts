/**
 * GET /rfm/segments/<segment>/export?format=csv|xlsx (viewer+): the segment page's list
 * (same run, grid cell and order; every page) as a file. Unknown segment or format -> 400
 * with a localized message; a run of another business -> 404.
 */
import { z } from "zod";
import { exportSegment } from "@/components/rfm/export";
import { defineRoute } from "@/lib/api/handler";
import { jakartaToday } from "@/lib/format";
import { EXPORT_FORMATS, parseSegmentListParams } from "@/lib/rfm/params";
import { SEGMENTS } from "@/lib/rfm/segments";

const params = z.object({ segment: z.enum(SEGMENTS) });
// The list parameters are parsed leniently like the page's; only the format must be exact.
const query = z.object({ format: z.enum(EXPORT_FORMATS) }).catchall(z.string());

export const GET = defineRoute({ auth: "user", role: "viewer", params, query }, async ({ params, query, supabase, businessId, log }) =>
  exportSegment({
    supabase,
    businessId: businessId ?? "",
    segment: params.segment,
    query: parseSegmentListParams(query),
    format: query.format,
    date: jakartaToday(),
    log,
  }),
);
