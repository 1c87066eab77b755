/**
 * /api/customers/export (viewer+), a streamed CSV or XLSX file:
 *   GET   the list's filters (q, status, type, tag, balance, balanceMin, balanceMax,
 *         createdFrom, createdTo, deleted) + format=csv|xlsx, sep=comma|semicolon
 *   POST  { customerIds: uuid[1..500], format, sep }: the rows ticked in the list
 * Errors before the first byte (role, filters) answer with the JSON envelope.
 */
import { customerFilters, exportCustomers } from "@/lib/exports/routes";
import { customerExportQuery, customerSelectionExport } from "@/lib/exports/schema";
import { defineRoute } from "@/lib/api/handler";

export const GET = defineRoute({ auth: "user", role: "viewer", query: customerExportQuery }, async ({ query, supabase, businessId, log }) =>
  exportCustomers({ supabase, businessId: businessId ?? "", log, format: query.format, sep: query.sep, filters: customerFilters(businessId ?? "", query) }),
);

export const POST = defineRoute({ auth: "user", role: "viewer", body: customerSelectionExport }, async ({ body, supabase, businessId, log }) =>
  exportCustomers({
    supabase, businessId: businessId ?? "", log, format: body.format, sep: body.sep,
    filters: { p_business_id: businessId ?? "", p_ids: body.customerIds },
  }),
);
