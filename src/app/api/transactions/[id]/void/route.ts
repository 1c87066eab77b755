/**
 * POST /api/transactions/:id/void  { reason }: voids a sale (never deletes it). The row keeps
 * its audit trail and drops out of every figure. 409 when it is voided already.
 */
import { voidTransaction } from "@/features/transactions/mutations";
import { transactionIdParams, voidTransactionSchema } from "@/features/transactions/schema";
import { defineRoute } from "@/lib/api/handler";

export const POST = defineRoute(
  { auth: "user", role: "staff", params: transactionIdParams, body: voidTransactionSchema, idempotent: true },
  async ({ params, body, supabase, businessId, log }) =>
    voidTransaction(supabase, { businessId: businessId ?? "", id: params.id, reason: body.reason }, log),
);
