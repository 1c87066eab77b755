/** GET /api/customers/:id/activities: the timeline (manual entries and system events), newest first. */
import { listActivities } from "@/features/customers/queries";
import { customerIdParams } from "@/features/customers/schema";
import { defineRoute } from "@/lib/api/handler";
import { assertCustomer } from "@/features/customers/guard";

export const GET = defineRoute({ auth: "user", role: "viewer", params: customerIdParams }, async ({ params, supabase, businessId }) => {
  const where = { businessId: businessId ?? "", customerId: params.id };
  await assertCustomer(supabase, where);
  return listActivities(supabase, where);
});
