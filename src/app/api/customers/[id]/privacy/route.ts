/**
 * /api/customers/:id/privacy (document 003 §11)
 *   GET     everything about the customer as a JSON file (admin+; audited as privacy_export)
 *   DELETE  { confirmName } hard delete (owner only; the name typed exactly), cascades,
 *           Storage objects removed; audited without personal data
 * Another business's id answers 404. See docs/privacy.md.
 */
import { customerIdParams } from "@/features/customers/schema";
import { defineRoute } from "@/lib/api/handler";
import { exportCustomerData, hardDeleteCustomer } from "@/lib/privacy/mutations";
import { hardDeleteBody } from "@/lib/privacy/schema";

export const GET = defineRoute({ auth: "user", role: "admin", params: customerIdParams }, async ({ params, supabase, businessId }) => {
  const data = await exportCustomerData(supabase, { businessId: businessId ?? "", customerId: params.id });
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="pelanggan-${params.id.slice(0, 8)}-data.json"`,
      "cache-control": "private, no-store",
    },
  });
});

export const DELETE = defineRoute(
  { auth: "user", role: "owner", params: customerIdParams, body: hardDeleteBody },
  async ({ params, body, supabase, businessId, log }) =>
    hardDeleteCustomer(supabase, { businessId: businessId ?? "", customerId: params.id, confirmName: body.confirmName }, log),
);
