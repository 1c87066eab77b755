/**
 * GET /api/transactions/export (viewer+): the sales list's filters (customerId, from, to,
 * minAmount, maxAmount, status) + format=csv|xlsx, sep=comma|semicolon -> a streamed file.
 */
import { exportTransactions } from "@/lib/exports/routes";
import { transactionExportQuery } from "@/lib/exports/schema";
import { defineRoute } from "@/lib/api/handler";

export const GET = defineRoute({ auth: "user", role: "viewer", query: transactionExportQuery }, async ({ query, supabase, businessId, log }) =>
  exportTransactions({ supabase, businessId: businessId ?? "", log, format: query.format, sep: query.sep, query }),
);
