import "server-only";
import { cookies } from "next/headers";
import { ACTIVE_BUSINESS_COOKIE } from "@/lib/auth/session";

/**
 * Makes a business the user was just made a member of (created or joined) the active one.
 * setActiveBusiness() cannot be used there: its membership list is cached for the request
 * and predates the new membership. The cookie is never trusted anyway: getActiveBusiness()
 * only honours ids among the user's own memberships. Server Actions only.
 */
export async function setActiveBusinessCookie(businessId: string): Promise<void> {
  (await cookies()).set(ACTIVE_BUSINESS_COOKIE, businessId, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: process.env.NODE_ENV === "production" && process.env.SMA_LOCAL_STACK !== "1",
    maxAge: 60 * 60 * 24 * 365,
  });
}
