/**
 * POST /api/imports/:id/preview { mapping }: the first rows of the file read with that
 * mapping, each with its parsed values or its errors. Writes nothing.
 */
import { defineRoute } from "@/lib/api/handler";
import { getImport, previewImport } from "@/lib/imports/queries";
import { importIdParams, previewSchema } from "@/lib/imports/schema";
import { asMapping } from "@/lib/imports/shapes";

export const POST = defineRoute(
  { auth: "user", role: "viewer", params: importIdParams, body: previewSchema },
  async ({ params, body, supabase, businessId }) => {
    const imp = await getImport(supabase, { businessId: businessId ?? "", id: params.id });
    return previewImport(supabase, imp, asMapping(body.mapping));
  },
);
