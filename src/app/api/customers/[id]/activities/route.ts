/**
 * /api/customers/:id/activities
 *   GET   the timeline (manual entries and system events), newest first
 *   POST  log { kind: call|email|meeting|note|booking, title, body? } (Idempotency-Key honoured): 201
 */
import { assertCustomer } from "@/features/customers/guard";
import { logActivity } from "@/features/customers/mutations";
import { listActivities } from "@/features/customers/queries";
import { activitySchema, customerIdParams } from "@/features/customers/schema";
import { defineRoute, reply } from "@/lib/api/handler";

export const GET = defineRoute({ auth: "user", role: "viewer", params: customerIdParams }, async ({ params, supabase, businessId }) => {
  const where = { businessId: businessId ?? "", customerId: params.id };
  await assertCustomer(supabase, where);
  return listActivities(supabase, where);
});

export const POST = defineRoute(
  { auth: "user", role: "staff", params: customerIdParams, body: activitySchema, idempotent: true },
  async ({ params, body, supabase, businessId }) => {
    const activity = await logActivity(supabase, { ...body, businessId: businessId ?? "", customerId: params.id });
    return reply(activity, { status: 201 });
  },
);
