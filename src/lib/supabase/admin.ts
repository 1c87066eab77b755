/**
 * The service-role client: it bypasses RLS. Only background jobs, the cron route and the
 * rate limiter use it; user-facing reads and writes go through ./server so RLS applies.
 * `server-only` makes importing this from a Client Component a build error.
 */
import "server-only";
import { createClient as createSupabaseClient, type SupabaseClient } from "@supabase/supabase-js";
import { publicEnv, serverEnv } from "../env";
import type { Database } from "./database.types";

let cached: SupabaseClient<Database> | null = null;

export function createAdminClient(): SupabaseClient<Database> {
  // Stateless (no session, no cookies), so one instance per process is safe to share.
  cached ??= createSupabaseClient<Database>(publicEnv.NEXT_PUBLIC_SUPABASE_URL, serverEnv().SUPABASE_SERVICE_ROLE_KEY, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { headers: { "x-client-info": "sma-admin" } },
  });
  return cached;
}
