/**
 * A Supabase client bound to one NextRequest's cookies, for code that has the request in
 * hand (the proxy's updateSession, defineRoute). Unlike ./server it does not need Next's
 * request scope, so route handlers built on it can also be called directly in tests.
 * Cookie writes (a refreshed session, a sign-out) are collected and applied to the response.
 */
import { createServerClient, type CookieOptions } from "@supabase/ssr";
import { createClient, type SupabaseClient, type User } from "@supabase/supabase-js";
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

/**
 * The session of a route handler's request: who is signed in and the client their calls go
 * through (RLS applies with their token). `applyTo` copies any cookie write (a refreshed session,
 * a sign-out) onto the response.
 */
export interface RequestSession {
  user: SessionUser | null;
  supabase: SupabaseClient<Database>;
  applyTo(response: NextResponse): NextResponse;
}

/**
 * requestSession(): what createRequestClient + verifiedSessionUser give, without their cost when
 * nothing can change. The common API request carries a session whose access token this process
 * has already verified and which is not close to expiry: then auth.getSession() would neither
 * refresh nor write a cookie, and the user is the remembered verification. For that case the
 * request skips building a cookie-bound client (supabase-js + GoTrue + realtime + storage),
 * decoding the base64 cookie twice in pure JS and walking getSession() (together ~0.6 ms of CPU
 * per API request, a fifth of the route's own work): the data calls go through a client built
 * once per token (`accessToken` mode: same Authorization header, so the same RLS). Everything
 * else (no cookie, a token not verified yet, near expiry, a garbled cookie) takes the full path,
 * which refreshes, verifies, warns and clears exactly as before.
 */
export async function requestSession(request: NextRequest): Promise<RequestSession> {
  const known = knownSession(request);
  if (known) {
    // `auth` stays the cookie-bound GoTrue client (getSession for a raw PostgREST call, a
    // sign-out), built only if a handler asks for it; its cookie writes reach the response.
    let full: RequestClient | null = null;
    const supabase = Object.create(known.client, {
      auth: {
        get: () => (full ??= createRequestClient(request)).supabase.auth,
      },
    }) as SupabaseClient<Database>;
    return { user: known.user, supabase, applyTo: (response) => (full ? full.applyTo(response) : response) };
  }
  const client = createRequestClient(request);
  const user = await verifiedSessionUser(client.supabase);
  return { user, supabase: client.supabase, applyTo: (response) => client.applyTo(response) };
}

/**
 * auth-js refreshes a session in getSession() once it expires within EXPIRY_MARGIN_MS (90 s);
 * the shortcut stops a little earlier, so the full path always gets to refresh.
 */
const REFRESH_MARGIN_MS = 120_000;
const BASE64_PREFIX = "base64-";

/** The auth cookie's name as supabase-js derives it from the project URL (no cookieOptions.name here). */
export function authCookieName(supabaseUrl: string): string {
  return `sb-${new URL(supabaseUrl).hostname.split(".")[0]}-auth-token`;
}

/** The stored session's text: the cookie itself, or its chunks `name.0`, `name.1`... joined (as @supabase/ssr reads it). */
export function readAuthCookie(cookies: { get(name: string): { value: string } | undefined }, name: string): string | null {
  const whole = cookies.get(name)?.value;
  if (whole) return whole;
  let joined = "";
  for (let i = 0; ; i++) {
    const chunk = cookies.get(`${name}.${i}`)?.value;
    if (!chunk) break;
    joined += chunk;
  }
  return joined === "" ? null : joined;
}

/** The access token and session expiry (ms) in a stored session; null for anything else. */
export function parseAuthCookie(raw: string): { token: string; expiresAt: number } | null {
  try {
    const text = raw.startsWith(BASE64_PREFIX) ? Buffer.from(raw.slice(BASE64_PREFIX.length), "base64url").toString("utf8") : raw;
    const session = JSON.parse(text) as { access_token?: unknown; expires_at?: unknown } | null;
    if (typeof session?.access_token !== "string" || session.access_token === "" || typeof session.expires_at !== "number") return null;
    return { token: session.access_token, expiresAt: session.expires_at * 1000 };
  } catch {
    return null;
  }
}

/**
 * Next.js wraps the global fetch in route handlers (data cache, request dedupe, tracing spans):
 * a tenth of a millisecond per call here. A call carrying a user's token must never be cached
 * or shared anyway, so the data client calls the fetch Next wrapped (exposed as
 * `_nextOriginalFetch`), or the global one where there is no wrapper (tests, scripts).
 */
const unpatchedFetch: typeof fetch = (input, init) => {
  const current = globalThis.fetch as typeof fetch & { _nextOriginalFetch?: typeof fetch };
  return (current._nextOriginalFetch ?? current)(input, init);
};

interface StoredSession {
  token: string;
  expiresAt: number;
  client?: SupabaseClient<Database>;
}

/**
 * Parsed auth cookies by their text (a session's cookie is the same on every request until it
 * is refreshed), with the data client for its token. Bounded; the oldest entries go first.
 */
const storedSessions = new Map<string, StoredSession | null>();
const STORED_SESSIONS_MAX = 200;

function knownSession(request: NextRequest): { user: SessionUser; client: SupabaseClient<Database> } | null {
  const url = publicEnv.NEXT_PUBLIC_SUPABASE_URL;
  const anonKey = publicEnv.NEXT_PUBLIC_SUPABASE_ANON_KEY;
  const raw = readAuthCookie(request.cookies, authCookieName(url));
  if (!raw) return null;
  const cacheKey = `${url}\n${raw}`;
  let stored = storedSessions.get(cacheKey);
  if (stored === undefined) {
    stored = parseAuthCookie(raw);
    if (storedSessions.size >= STORED_SESSIONS_MAX) {
      const oldest = storedSessions.keys().next().value;
      if (oldest !== undefined) storedSessions.delete(oldest);
    }
    storedSessions.set(cacheKey, stored);
  }
  if (!stored) return null;
  const verified = verifiedTokens.get(stored.token);
  if (!verified || Math.min(verified.expiresAt, stored.expiresAt) - Date.now() <= REFRESH_MARGIN_MS) return null;
  const token = stored.token;
  stored.client ??= createClient<Database>(url, anonKey, {
    accessToken: async () => token,
    global: { headers: { "X-Client-Info": "sma-route-session" }, fetch: unpatchedFetch },
  });
  return { user: verified.user, client: stored.client };
}
