import "server-only";
import type { BusinessRole } from "@/lib/auth/session";
import type { TypedSupabaseClient } from "@/lib/supabase/server";

export interface Member {
  userId: string;
  fullName: string;
  email: string | null;
  role: BusinessRole;
  joinedAt: string;
}

export interface PendingInvitation {
  id: string;
  email: string;
  role: BusinessRole;
  expiresAt: string;
}

const ROLE_ORDER: Record<BusinessRole, number> = { owner: 0, admin: 1, staff: 2, viewer: 3 };

/** The team of one business, owners first, then by when they joined. */
export async function listMembers(client: TypedSupabaseClient, businessId: string): Promise<Member[]> {
  const { data, error } = await client
    .from("business_members")
    .select("user_id, role, created_at, profile:profiles!inner(full_name, email)")
    .eq("business_id", businessId)
    .order("created_at", { ascending: true });
  if (error) throw new Error(`Could not load members: ${error.message}`, { cause: error });
  return data
    .map((row) => ({
      userId: row.user_id,
      fullName: row.profile.full_name,
      email: row.profile.email,
      role: row.role,
      joinedAt: row.created_at,
    }))
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role]);
}

/**
 * Invitations still waiting for an answer. RLS shows them to owners and admins only, so
 * for other roles this is simply empty.
 */
export async function listPendingInvitations(client: TypedSupabaseClient, businessId: string): Promise<PendingInvitation[]> {
  const { data, error } = await client
    .from("business_invitations")
    .select("id, email, role, expires_at")
    .eq("business_id", businessId)
    .is("accepted_at", null)
    .is("revoked_at", null)
    .gt("expires_at", new Date().toISOString())
    .order("created_at", { ascending: false });
  if (error) throw new Error(`Could not load invitations: ${error.message}`, { cause: error });
  return data.map((row) => ({ id: row.id, email: row.email, role: row.role, expiresAt: row.expires_at }));
}
