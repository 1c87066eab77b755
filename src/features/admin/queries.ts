import "server-only";
import type { TypedSupabaseClient } from "@/lib/supabase/server";

export interface PlatformBusiness {
  id: string;
  name: string;
  createdAt: string;
  memberCount: number;
  ownerEmail: string | null;
}

/**
 * Every business on the platform. The RPC itself refuses non-super-admins and writes an
 * audit row for each call, so opening the page is what gets recorded.
 */
export async function listPlatformBusinesses(client: TypedSupabaseClient): Promise<PlatformBusiness[]> {
  const { data, error } = await client.rpc("admin_list_businesses");
  if (error) throw new Error(`admin_list_businesses failed: ${error.message}`, { cause: error });
  return data.map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    memberCount: Number(row.member_count),
    ownerEmail: row.owner_email,
  }));
}
