/**
 * /api/customers
 *   GET   the active business's customers: q (typo-tolerant), status, type, tag, balance
 *         (credit|debt|zero), segment (an RFM segment or none), balanceMin, balanceMax, createdFrom, createdTo (WIB dates),
 *         deleted=true, sort, order, page, limit -> rows with meta { page, limit, total }
 *   POST  create a customer (Idempotency-Key honoured): 201; 409 CONFLICT naming the existing
 *         customer (details.existingId) for a duplicate WhatsApp number or email
 */
import { createCustomer } from "@/features/customers/mutations";
import { listCustomers } from "@/features/customers/queries";
import { createCustomerSchema, listCustomersQuery } from "@/features/customers/schema";
import { defineRoute, reply } from "@/lib/api/handler";

export const GET = defineRoute({ auth: "user", role: "viewer", query: listCustomersQuery }, async ({ query, supabase, businessId }) => {
  const page = await listCustomers(supabase, { ...query, businessId: businessId ?? "" });
  return reply(page.rows, { meta: page.meta });
});

export const POST = defineRoute(
  { auth: "user", role: "staff", body: createCustomerSchema, idempotent: true },
  async ({ body, supabase, businessId }) => {
    const customer = await createCustomer(supabase, { ...body, businessId: businessId ?? "" });
    return reply(customer, { status: 201 });
  },
);
