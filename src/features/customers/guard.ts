import "server-only";
import type { SupabaseClient } from "@supabase/supabase-js";
import { getCustomer } from "./queries";
import { localized } from "@/i18n/server-text";
import { AppError } from "@/lib/api/errors";
import type { Database } from "@/lib/supabase/database.types";

/** 404 unless the id is a customer of the business (another business's ids look missing). */
export async function assertCustomer(client: SupabaseClient<Database>, where: { businessId: string; customerId: string }): Promise<void> {
  const customer = await getCustomer(client, { businessId: where.businessId, id: where.customerId });
  if (!customer) throw new AppError("NOT_FOUND", { message: localized((m) => m.customers.errors.notFound) });
}
