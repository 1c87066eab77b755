/**
 * /api/customers/:id (404 for a customer of another business)
 *   GET     the customer with tags and lifetime figures
 *   PATCH   partial update; body carries expectedUpdatedAt (the version): 409 when stale
 *   DELETE  soft delete; body { reason, expectedUpdatedAt? }: 409 while the customer has debt
 */
import { softDeleteCustomer, updateCustomer } from "@/features/customers/mutations";
import { getCustomerWithLifetime } from "@/features/customers/queries";
import { customerIdParams, deleteCustomerSchema, updateCustomerSchema } from "@/features/customers/schema";
import { defineRoute } from "@/lib/api/handler";
import { AppError } from "@/lib/api/errors";
import { localized } from "@/i18n/server-text";

export const GET = defineRoute({ auth: "user", role: "viewer", params: customerIdParams }, async ({ params, supabase, businessId }) => {
  // One request: the row, its tags and the live lifetime figures (computed field `lifetime`).
  const customer = await getCustomerWithLifetime(supabase, { businessId: businessId ?? "", id: params.id });
  if (!customer) throw new AppError("NOT_FOUND", { message: localized((m) => m.customers.errors.notFound) });
  return customer;
});

export const PATCH = defineRoute(
  { auth: "user", role: "staff", params: customerIdParams, body: updateCustomerSchema },
  async ({ params, body, supabase, businessId }) => updateCustomer(supabase, { ...body, businessId: businessId ?? "", id: params.id }),
);

export const DELETE = defineRoute(
  { auth: "user", role: "staff", params: customerIdParams, body: deleteCustomerSchema },
  async ({ params, body, supabase, businessId }) => softDeleteCustomer(supabase, { ...body, businessId: businessId ?? "", id: params.id }),
);
