/**
 * Session helpers for Server Components, Server Actions and Route Handlers. Each is wrapped
 * in React cache(), so a page that asks three times for the user verifies once per request.
 *
 * The user is always a verified one: getUser() checks the access token's signature locally
 * against Auth's JWKS (auth.getClaims(), no round trip; see verifiedSessionUser), and
 * getVerifiedUser() asks the Auth server where freshness matters. The active business comes
 * from the `sma_business` cookie but is only ever one of the user's own memberships.
 */
import "server-only";
import type { User } from "@supabase/supabase-js";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { AppError } from "../api/errors";
import { createClient } from "../supabase/server";
import { PATHNAME_HEADER } from "../supabase/middleware";
import { verifiedSessionUser, verifiedUser, type SessionUser } from "../supabase/request";
import {
  ACTIVE_BUSINESS_COOKIE,
  hasRoleOnBusiness,
  loadMemberships,
  pickActiveBusiness,
  type ActiveBusiness,
  type BusinessRole,
  type Membership,
} from "./memberships";

export { ACTIVE_BUSINESS_COOKIE, roleAtLeast, ROLE_RANK, type ActiveBusiness, type BusinessRole, type Membership } from "./memberships";

/** One server client per request. */
export const getSupabase = cache(createClient);

export type { SessionUser } from "../supabase/request";

/** The verified signed-in user, or null (also for a forged, expired or garbled session cookie). */
export const getUser = cache(async (): Promise<SessionUser | null> => verifiedSessionUser(await getSupabase()));

/**
 * The user as the Auth server knows them right now (a round trip): null as soon as the session
 * was signed out or the user removed. For pages where that matters (password reset).
 */
export const getVerifiedUser = cache(async (): Promise<User | null> => verifiedUser(await getSupabase()));

/** Only same-site relative paths, so `?next=` can never send someone to another site. */
export function safeNextPath(path: string | null | undefined): string | null {
  if (!path || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return null;
  return path;
}

/**
 * The signed-in user, or a redirect to `/login?next=<where they were>`. `nextPath` overrides
 * the path the proxy recorded (useful in server actions, which post to the page's URL).
 */
export async function requireUser(nextPath?: string): Promise<SessionUser> {
  const user = await getUser();
  if (user) return user;
  const next = safeNextPath(nextPath ?? (await headers()).get(PATHNAME_HEADER));
  redirect(next && next !== "/login" ? `/login?next=${encodeURIComponent(next)}` : "/login");
}

/** The user's businesses with their role (empty when signed out). */
export const getMemberships = cache(async (): Promise<Membership[]> => {
  const user = await getUser();
  if (!user) return [];
  return loadMemberships(await getSupabase(), user.id);
});

/**
 * The business the user is working in: the one in the `sma_business` cookie when they are a
 * member of it, otherwise their first business. Null when signed out or without a business.
 */
export const getActiveBusiness = cache(async (): Promise<ActiveBusiness | null> => {
  const memberships = await getMemberships();
  const chosen = (await cookies()).get(ACTIVE_BUSINESS_COOKIE)?.value;
  return pickActiveBusiness(memberships, chosen);
});

/**
 * Switches the active business. Only from a Server Action or Route Handler (cookies are
 * read-only while rendering). Throws NOT_FOUND when the user is not a member, so the id of
 * someone else's business cannot be probed.
 */
export async function setActiveBusiness(id: string): Promise<ActiveBusiness> {
  const user = await getUser();
  if (!user) throw new AppError("UNAUTHENTICATED");
  const business = (await getMemberships()).find((m) => m.id === id);
  if (!business) throw new AppError("NOT_FOUND");
  (await cookies()).set(ACTIVE_BUSINESS_COOKIE, business.id, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: process.env.NODE_ENV === "production" && process.env.SMA_LOCAL_STACK !== "1",
    maxAge: 60 * 60 * 24 * 365,
  });
  return business;
}

/**
 * The active business, provided the user holds at least `minRole` on it (checked by
 * has_role_on_business in Postgres, the same helper RLS uses). Redirects to login when
 * signed out; throws FORBIDDEN when there is no business or the role is too low.
 */
export async function requireRole(minRole: BusinessRole): Promise<ActiveBusiness> {
  await requireUser();
  const business = await getActiveBusiness();
  if (!business) throw new AppError("FORBIDDEN", { message: "NO_ACTIVE_BUSINESS" });
  if (!(await hasRoleOnBusiness(await getSupabase(), business.id, minRole))) throw new AppError("FORBIDDEN");
  return business;
}

/** True when the signed-in user is a platform super admin (public.is_super_admin()). */
export const isSuperAdmin = cache(async (): Promise<boolean> => {
  const user = await getUser();
  if (!user) return false;
  const { data, error } = await (await getSupabase()).rpc("is_super_admin");
  if (error) throw new Error(`is_super_admin failed: ${error.message}`, { cause: error });
  return data === true;
});
