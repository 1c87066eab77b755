/**
 * /api/imports/:id (404 for an import of another business)
 *   GET     the import with its progress counters (polled by the progress view)
 *   DELETE  discard an import that has not started (its staged rows and file go too)
 */
import { defineRoute } from "@/lib/api/handler";
import { discardImport, ensureQueued } from "@/lib/imports/mutations";
import { getImport } from "@/lib/imports/queries";
import { importIdParams } from "@/lib/imports/schema";

export const GET = defineRoute({ auth: "user", role: "viewer", params: importIdParams }, async ({ params, supabase, businessId, log }) => {
  const imp = await getImport(supabase, { businessId: businessId ?? "", id: params.id });
  await ensureQueued(imp, log);
  return imp;
});

export const DELETE = defineRoute({ auth: "user", role: "staff", params: importIdParams }, async ({ params, supabase, businessId }) => {
  await discardImport(supabase, { businessId: businessId ?? "", id: params.id });
  return { id: params.id, discarded: true };
});
