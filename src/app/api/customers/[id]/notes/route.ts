/**
 * /api/customers/:id/notes
 *   GET   the customer's notes, newest first
 *   POST  { noteType: general|complaint|feedback|request, body, isInternal } (Idempotency-Key honoured): 201
 */
import { addNote } from "@/features/customers/mutations";
import { listNotes } from "@/features/customers/queries";
import { customerIdParams, noteSchema } from "@/features/customers/schema";
import { defineRoute, reply } from "@/lib/api/handler";
import { assertCustomer } from "@/features/customers/guard";

export const GET = defineRoute({ auth: "user", role: "viewer", params: customerIdParams }, async ({ params, supabase, businessId }) => {
  const where = { businessId: businessId ?? "", customerId: params.id };
  await assertCustomer(supabase, where);
  return listNotes(supabase, where);
});

export const POST = defineRoute(
  { auth: "user", role: "staff", params: customerIdParams, body: noteSchema, idempotent: true },
  async ({ params, body, supabase, businessId }) => {
    const note = await addNote(supabase, { ...body, businessId: businessId ?? "", customerId: params.id });
    return reply(note, { status: 201 });
  },
);
