/**
 * The Supabase client for Server Components, Server Actions and Route Handlers: it carries
 * the signed-in user's session from the request cookies, so every query runs under RLS as
 * that user. Create one per request (never share it between requests).
 */
import "server-only";
import { createServerClient } from "@supabase/ssr";
import type { SupabaseClient } from "@supabase/supabase-js";
import { cookies } from "next/headers";
import { publicEnv } from "../env";
import type { Database } from "./database.types";

export type TypedSupabaseClient = SupabaseClient<Database>;

export async function createClient(): Promise<TypedSupabaseClient> {
  const cookieStore = await cookies();
  return createServerClient<Database>(publicEnv.NEXT_PUBLIC_SUPABASE_URL, publicEnv.NEXT_PUBLIC_SUPABASE_ANON_KEY, {
    cookies: {
      getAll() {
        return cookieStore.getAll();
      },
      setAll(cookiesToSet) {
        try {
          for (const { name, value, options } of cookiesToSet) cookieStore.set(name, value, options);
        } catch {
          // Server Components cannot set cookies. That is fine: the proxy (updateSession)
          // refreshes the session cookie on every request before rendering starts.
        }
      },
    },
  });
}
