/** GET /api/customers/stats: the list page's stats cards for the active business. */
import { getCustomerListStats } from "@/features/customers/queries";
import { defineRoute } from "@/lib/api/handler";

export const GET = defineRoute({ auth: "user", role: "viewer" }, async ({ supabase, businessId }) => getCustomerListStats(supabase, businessId ?? ""));
