/**
 * /api/transactions
 *   GET   list of the active business's sales: filters customerId, from, to (WIB dates),
 *         minAmount, maxAmount, status; sort date|amount|created, order; page, limit (meta)
 *   POST  record a sale (Idempotency-Key honoured): 201 with the transaction
 */
import { listTransactions } from "@/features/transactions/queries";
import { recordTransaction } from "@/features/transactions/mutations";
import { createTransactionSchema, listTransactionsQuery } from "@/features/transactions/schema";
import { defineRoute, reply } from "@/lib/api/handler";

export const GET = defineRoute({ auth: "user", role: "viewer", query: listTransactionsQuery }, async ({ query, supabase, businessId }) => {
  const page = await listTransactions(supabase, { ...query, businessId: businessId ?? "" });
  return reply(page.rows, { meta: page.meta });
});

export const POST = defineRoute(
  { auth: "user", role: "staff", body: createTransactionSchema, idempotent: true },
  async ({ body, supabase, businessId, log }) => {
    const transaction = await recordTransaction(supabase, { ...body, businessId: businessId ?? "" }, log);
    return reply(transaction, { status: 201 });
  },
);
