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
 * The verified user: getUser() asks the Auth server to validate the access token, so a
 * forged or expired cookie yields null. Any failure (garbled cookie, Auth unreachable) is
 * treated as "not signed in" rather than crashing the page.
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
