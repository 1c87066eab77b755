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

/**
 * loadMemberships for API route handlers, remembered per user for MEMBERSHIP_CACHE_MS in this
 * process. Every API call needs the caller's business and role before its real query; reading
 * business_members each time was a second PostgREST round trip per request (~2.5 ms, a tenth
 * of a customer-list request's CPU at 100k customers). Safe because the app's check is not the
 * authority: every read and write is checked again in Postgres (RLS, has_role_on_business in
 * the RPCs), so a membership removed or downgraded elsewhere is refused by the database at once
 * and only the app's early answer can lag, by at most the TTL. Changes made through this
 * process forget the user's entry (forgetMemberships). An empty list is never remembered:
 * a user who just registered their business must see it on the next request.
 */
export const MEMBERSHIP_CACHE_MS = 10_000;
const MEMBERSHIP_CACHE_MAX = 5_000;
const membershipCache = new Map<string, { until: number; memberships: Membership[] }>();

export async function loadMembershipsCached(supabase: SupabaseClient<Database>, userId: string, now = Date.now()): Promise<Membership[]> {
  const hit = membershipCache.get(userId);
  if (hit && hit.until > now) return hit.memberships;
  const memberships = await loadMemberships(supabase, userId);
  membershipCache.delete(userId);
  if (memberships.length > 0) {
    // Oldest entry out first (Map keeps insertion order): a bounded cache, not a leak.
    if (membershipCache.size >= MEMBERSHIP_CACHE_MAX) membershipCache.delete(membershipCache.keys().next().value ?? "");
    membershipCache.set(userId, { until: now + MEMBERSHIP_CACHE_MS, memberships });
  }
  return memberships;
}

/** After a membership change made through this process: the user's next request reads afresh. */
export function forgetMemberships(userId?: string): void {
  if (userId === undefined) membershipCache.clear();
  else membershipCache.delete(userId);
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
