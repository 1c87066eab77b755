/**
 * A Supabase client bound to one NextRequest's cookies, for code that has the request in
 * hand (the proxy's updateSession, defineRoute). Unlike ./server it does not need Next's
 * request scope, so route handlers built on it can also be called directly in tests.
 * Cookie writes (a refreshed session, a sign-out) are collected and applied to the response.
 */
import { createServerClient, type CookieOptions } from "@supabase/ssr";
import type { SupabaseClient, User } from "@supabase/supabase-js";
import type { NextRequest, NextResponse } from "next/server";
import { publicEnv } from "../env";
import { logger } from "../logger";
import type { Database } from "./database.types";

interface PendingCookie {
  name: string;
  value: string;
  options: CookieOptions;
}

export interface RequestClient {
  supabase: SupabaseClient<Database>;
  /** Copies cookie writes (and their no-store cache headers) onto `response`. */
  applyTo(response: NextResponse): NextResponse;
  /** True once the client wrote a cookie (refresh or sign-out). */
  readonly wroteCookies: boolean;
}

export function createRequestClient(request: NextRequest, onSetAll?: (cookies: PendingCookie[]) => void): RequestClient {
  const pending = new Map<string, PendingCookie>();
  const headers: Record<string, string> = {};
  const supabase = createServerClient<Database>(publicEnv.NEXT_PUBLIC_SUPABASE_URL, publicEnv.NEXT_PUBLIC_SUPABASE_ANON_KEY, {
    cookies: {
      getAll() {
        return request.cookies.getAll();
      },
      setAll(cookiesToSet, cacheHeaders) {
        for (const c of cookiesToSet) {
          pending.set(c.name, c);
          // Later reads in this same request must see the refreshed session.
          request.cookies.set(c.name, c.value);
        }
        Object.assign(headers, cacheHeaders);
        onSetAll?.(cookiesToSet);
      },
    },
  });
  return {
    supabase,
    get wroteCookies() {
      return pending.size > 0;
    },
    applyTo(response) {
      for (const { name, value, options } of pending.values()) response.cookies.set(name, value, options);
      for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
      return response;
    },
  };
}

/**
 * Who is signed in, as the verified access token says. Enough for every per-request decision
 * (the id RLS uses is the same token's `sub`); the full Auth record is `verifiedUser`.
 */
export interface SessionUser {
  id: string;
  email: string | undefined;
  /** The token's Auth session (GoTrue `session_id`). */
  sessionId: string | null;
  /** Authenticator assurance level (aal1 / aal2). */
  aal: string | null;
}

/**
 * Tokens already verified in this process, until they expire. The key is the whole token
 * (signature included), so a hit is exactly a token that passed verification: the proxy and
 * the route handler of one request, and the next requests of the session, skip the signature
 * check (about a millisecond of CPU each). Bounded; the oldest entries go first.
 */
const verifiedTokens = new Map<string, { expiresAt: number; user: SessionUser }>();
const VERIFIED_TOKENS_MAX = 1000;

function rememberToken(token: string, expiresAt: number, user: SessionUser): void {
  if (verifiedTokens.size >= VERIFIED_TOKENS_MAX) {
    const oldest = verifiedTokens.keys().next().value;
    if (oldest !== undefined) verifiedTokens.delete(oldest);
  }
  verifiedTokens.set(token, { expiresAt, user });
}

/**
 * The signed-in user from the session's access token, verified LOCALLY: auth.getClaims()
 * checks the ES256 signature against Auth's published JWKS (fetched once and cached per
 * process by supabase-js) and the expiry, refreshing an expiring session first. No round trip
 * to Auth per request; a token signed with the legacy HS256 secret still falls back to a
 * server check inside getClaims. A forged, tampered, expired or garbled cookie yields null.
 *
 * Trade-off (the same as hosted Supabase's getClaims): a session signed out elsewhere stays
 * valid here until its access token expires (at most SMA_AUTH_JWT_EXPIRY, 1 hour). Where a
 * fresh server-side check matters (password change), use verifiedUser().
 */
export async function verifiedSessionUser(supabase: SupabaseClient<Database>): Promise<SessionUser | null> {
  try {
    // getSession() reads the cookie and refreshes an expiring session (it verifies nothing).
    const { data: current } = await supabase.auth.getSession();
    const token = current.session?.access_token;
    if (!token) return null;
    const known = verifiedTokens.get(token);
    if (known && known.expiresAt > Date.now()) return known.user;
    const { data, error } = await supabase.auth.getClaims(token);
    if (error || !data) {
      if (error && error.name !== "AuthSessionMissingError" && (error.status ?? 0) >= 500) {
        logger.warn("session check failed; treating the request as signed out", { err: error.message, status: error.status });
      }
      return null;
    }
    const c = data.claims;
    // Only user sessions: an API key (role anon / service_role, no sub) is nobody's session.
    if (typeof c.sub !== "string" || c.sub === "" || c.role !== "authenticated") return null;
    const user: SessionUser = {
      id: c.sub,
      email: typeof c.email === "string" && c.email !== "" ? c.email : undefined,
      sessionId: typeof c.session_id === "string" ? c.session_id : null,
      aal: typeof c.aal === "string" ? c.aal : null,
    };
    rememberToken(token, c.exp * 1000, user);
    return user;
  } catch (err) {
    logger.warn("session check threw; treating the request as signed out", { err });
    return null;
  }
}

/**
 * The verified user with a round trip: getUser() asks the Auth server, so a signed-out or
 * deleted user yields null at once. For the few places that need that freshness.
 */
export async function verifiedUser(supabase: SupabaseClient<Database>): Promise<User | null> {
  try {
    const { data, error } = await supabase.auth.getUser();
    if (error) {
      // "No session" and "bad token" are normal; anything else (Auth down) is worth a line.
      if (error.name !== "AuthSessionMissingError" && (error.status ?? 500) >= 500) {
        logger.warn("session check failed; treating the request as signed out", { err: error.message, status: error.status });
      }
      return null;
    }
    return data.user;
  } catch (err) {
    logger.warn("session check threw; treating the request as signed out", { err });
    return null;
  }
}
