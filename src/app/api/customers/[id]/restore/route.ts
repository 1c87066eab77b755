/** POST /api/customers/:id/restore: brings a soft-deleted customer back (409 if its WhatsApp is taken). */
import { restoreCustomer } from "@/features/customers/mutations";
import { customerIdParams } from "@/features/customers/schema";
import { defineRoute } from "@/lib/api/handler";

export const POST = defineRoute({ auth: "user", role: "staff", params: customerIdParams }, async ({ params, supabase, businessId }) =>
  restoreCustomer(supabase, { businessId: businessId ?? "", id: params.id }),
);
