/**
 * /api/transactions/:id
 *   GET    one sale with its items (404 also for another business's id)
 *   PATCH  partial edit; body.version = the transaction's `version` (409 when it changed since)
 */
import { getTransaction } from "@/features/transactions/queries";
import { updateTransaction } from "@/features/transactions/mutations";
import { transactionIdParams, updateTransactionSchema } from "@/features/transactions/schema";
import { AppError } from "@/lib/api/errors";
import { defineRoute } from "@/lib/api/handler";

export const GET = defineRoute({ auth: "user", role: "viewer", params: transactionIdParams }, async ({ params, supabase, businessId }) => {
  const transaction = await getTransaction(supabase, { businessId: businessId ?? "", id: params.id });
  if (!transaction) throw new AppError("NOT_FOUND");
  return transaction;
});

export const PATCH = defineRoute(
  { auth: "user", role: "staff", params: transactionIdParams, body: updateTransactionSchema },
  async ({ params, body, supabase, businessId, log }) => updateTransaction(supabase, { ...body, businessId: businessId ?? "", id: params.id }, log),
);
