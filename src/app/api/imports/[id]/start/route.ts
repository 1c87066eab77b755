/**
 * POST /api/imports/:id/start { mapping, duplicateStrategy }: confirms the column mapping and
 * what to do with existing customers, and queues the import's job: 202 with the import.
 * Only once (409 when it already started), so a double click starts nothing twice.
 */
import { defineRoute, reply } from "@/lib/api/handler";
import { startImport } from "@/lib/imports/mutations";
import { importIdParams, startImportSchema } from "@/lib/imports/schema";

export const POST = defineRoute(
  { auth: "user", role: "staff", params: importIdParams, body: startImportSchema },
  async ({ params, body, supabase, businessId, log }) => {
    const imp = await startImport(supabase, { businessId: businessId ?? "", id: params.id, ...body }, log);
    return reply(imp, { status: 202 });
  },
);
