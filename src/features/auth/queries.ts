import "server-only";
import type { TypedSupabaseClient } from "@/lib/supabase/server";

export interface Profile {
  id: string;
  fullName: string;
  email: string | null;
  whatsapp: string | null;
}

/** The signed-in user's own profile row (RLS: own row or co-members). */
export async function getProfile(client: TypedSupabaseClient, userId: string): Promise<Profile | null> {
  const { data, error } = await client
    .from("profiles")
    .select("id, full_name, email, whatsapp")
    .eq("id", userId)
    .maybeSingle();
  if (error) throw new Error(`Could not load profile: ${error.message}`, { cause: error });
  if (!data) return null;
  return { id: data.id, fullName: data.full_name, email: data.email, whatsapp: data.whatsapp };
}

export type InvitationStatus = "pending" | "accepted" | "revoked" | "expired";

export interface InvitationSummary {
  businessName: string;
  email: string;
  role: "owner" | "admin" | "staff" | "viewer";
  status: InvitationStatus;
  expiresAt: string;
}

function asStatus(value: string): InvitationStatus {
  return value === "accepted" || value === "revoked" || value === "expired" ? value : "pending";
}

/**
 * What the invitation page may show before sign-in. get_invitation is anon-callable and
 * reveals only the business name, e-mail, role and status for a token the caller holds.
 */
export async function getInvitation(client: TypedSupabaseClient, token: string): Promise<InvitationSummary | null> {
  const { data, error } = await client.rpc("get_invitation", { p_token: token });
  if (error) throw new Error(`Could not load invitation: ${error.message}`, { cause: error });
  const row = data[0];
  if (!row) return null;
  return {
    businessName: row.business_name,
    email: row.email,
    role: row.role,
    status: asStatus(row.status),
    expiresAt: row.expires_at,
  };
}
