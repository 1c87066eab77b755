/**
 * Memberships and the active business, as plain functions of a Supabase client, so the
 * cookie-scoped session helpers (session.ts) and the request-scoped route wrapper
 * (api/handler.ts) decide the same way.
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import type { Database } from "../supabase/database.types";

export type BusinessRole = Database["public"]["Enums"]["business_role"];

/** The cookie holding the chosen business id. Never trusted: always checked against memberships. */
export const ACTIVE_BUSINESS_COOKIE = "sma_business";

export interface Membership {
  id: string;
  name: string;
  role: BusinessRole;
}

export type ActiveBusiness = Membership;

/**
 * Mirrors private.business_role_rank() in the tenancy migration. For showing or hiding UI
 * only; authorization itself is decided in Postgres by has_role_on_business().
 */
export const ROLE_RANK: Record<BusinessRole, number> = { owner: 40, admin: 30, staff: 20, viewer: 10 };

export function roleAtLeast(role: BusinessRole, min: BusinessRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[min];
}

/** The user's businesses with their role, oldest membership first (usually the one they registered). */
export async function loadMemberships(supabase: SupabaseClient<Database>, userId: string): Promise<Membership[]> {
  const { data, error } = await supabase
    .from("business_members")
    .select("role, created_at, business:businesses!inner(id, name)")
    .eq("user_id", userId)
    .order("created_at", { ascending: true });
  if (error) throw new Error(`Could not load memberships: ${error.message}`, { cause: error });
  return data.map((row) => ({ id: row.business.id, name: row.business.name, role: row.role }));
}

/** The business named by the cookie if the user belongs to it, else the first one, else null. */
export function pickActiveBusiness(memberships: Membership[], cookieValue: string | null | undefined): ActiveBusiness | null {
  return memberships.find((m) => m.id === cookieValue) ?? memberships[0] ?? null;
}

/** True when the signed-in user of `supabase` has at least `minRole` on the business (RLS helper). */
export async function hasRoleOnBusiness(supabase: SupabaseClient<Database>, businessId: string, minRole: BusinessRole): Promise<boolean> {
  const { data, error } = await supabase.rpc("has_role_on_business", { p_business_id: businessId, p_min_role: minRole });
  if (error) {
    // 22P02: not a uuid. The caller passed garbage, which cannot be a business of theirs.
    if (error.code === "22P02") return false;
    throw new Error(`has_role_on_business failed: ${error.message}`, { cause: error });
  }
  return data === true;
}
