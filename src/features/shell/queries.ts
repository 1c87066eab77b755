import "server-only";
import type { TypedSupabaseClient } from "@/lib/supabase/server";

export interface BusinessTotals {
  customers: number;
  transactions: number;
}

/**
 * Real counts for the dashboard's first screen, so it can tell an empty business from one
 * with data. Counting uses the primary indexes ({business_id, ...}); RLS scopes both.
 */
export async function getBusinessTotals(client: TypedSupabaseClient, businessId: string): Promise<BusinessTotals> {
  const [customers, transactions] = await Promise.all([
    client.from("customers").select("id", { count: "exact", head: true }).eq("business_id", businessId).is("deleted_at", null),
    client
      .from("transactions")
      .select("id", { count: "exact", head: true })
      .eq("business_id", businessId)
      .eq("status", "completed"),
  ]);
  if (customers.error) throw new Error(`Could not count customers: ${customers.error.message}`, { cause: customers.error });
  if (transactions.error) {
    throw new Error(`Could not count transactions: ${transactions.error.message}`, { cause: transactions.error });
  }
  return { customers: customers.count ?? 0, transactions: transactions.count ?? 0 };
}
