/**
 * /api/customers/:id/contacts
 *   GET   the customer's extra contacts
 *   POST  { name, relation?, whatsapp?, phone?, email? } (one way to reach them required; Idempotency-Key honoured): 201
 */
import { assertCustomer } from "@/features/customers/guard";
import { addContact } from "@/features/customers/mutations";
import { listContacts } from "@/features/customers/queries";
import { contactSchema, customerIdParams } from "@/features/customers/schema";
import { defineRoute, reply } from "@/lib/api/handler";

export const GET = defineRoute({ auth: "user", role: "viewer", params: customerIdParams }, async ({ params, supabase, businessId }) => {
  const where = { businessId: businessId ?? "", customerId: params.id };
  await assertCustomer(supabase, where);
  return listContacts(supabase, where);
});

export const POST = defineRoute(
  { auth: "user", role: "staff", params: customerIdParams, body: contactSchema, idempotent: true },
  async ({ params, body, supabase, businessId }) => {
    const contact = await addContact(supabase, { ...body, businessId: businessId ?? "", customerId: params.id });
    return reply(contact, { status: 201 });
  },
);
