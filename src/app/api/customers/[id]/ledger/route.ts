/**
 * /api/customers/:id/ledger
 *   GET   the balance history, newest first
 *   POST  one entry { entryType: credit|debit|carry_over, amount, description, reference? }
 *         (Idempotency-Key honoured): 201 with previous / new balance
 */
import { recordLedgerEntry } from "@/features/customers/mutations";
import { listLedger } from "@/features/customers/queries";
import { customerIdParams, ledgerEntrySchema } from "@/features/customers/schema";
import { defineRoute, reply } from "@/lib/api/handler";
import { assertCustomer } from "@/features/customers/guard";

export const GET = defineRoute({ auth: "user", role: "viewer", params: customerIdParams }, async ({ params, supabase, businessId }) => {
  const where = { businessId: businessId ?? "", customerId: params.id };
  await assertCustomer(supabase, where);
  return listLedger(supabase, where);
});

export const POST = defineRoute(
  { auth: "user", role: "staff", params: customerIdParams, body: ledgerEntrySchema, idempotent: true },
  async ({ params, body, supabase, businessId }) => {
    const entry = await recordLedgerEntry(supabase, { ...body, businessId: businessId ?? "", customerId: params.id });
    return reply(entry, { status: 201 });
  },
);
