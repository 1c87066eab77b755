import "server-only";
import type { TypedSupabaseClient } from "@/lib/supabase/server";

export interface BusinessProfile {
  id: string;
  name: string;
  whatsapp: string;
  city: string | null;
  timezone: string;
}

/** One business the user belongs to (RLS hides every other business). */
export async function getBusinessProfile(client: TypedSupabaseClient, businessId: string): Promise<BusinessProfile | null> {
  const { data, error } = await client
    .from("businesses")
    .select("id, name, whatsapp, city, timezone")
    .eq("id", businessId)
    .maybeSingle();
  if (error) throw new Error(`Could not load business: ${error.message}`, { cause: error });
  return data;
}
