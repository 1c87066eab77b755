/**
 * POST /api/customers/:id/privacy/anonymise (admin+): personal data replaced, sales and
 * ledger amounts kept; 409 when already anonymised; another business's id answers 404.
 */
import { customerIdParams } from "@/features/customers/schema";
import { defineRoute } from "@/lib/api/handler";
import { anonymiseCustomer } from "@/lib/privacy/mutations";

export const POST = defineRoute({ auth: "user", role: "admin", params: customerIdParams }, async ({ params, supabase, businessId, log }) =>
  anonymiseCustomer(supabase, { businessId: businessId ?? "", customerId: params.id }, log),
);
