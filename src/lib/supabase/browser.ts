/**
 * The Supabase client for Client Components. It reads the session from the cookies the
 * server maintains; RLS decides what it may see. One instance per browser tab is enough,
 * and @supabase/ssr already reuses a singleton in the browser.
 */
import { createBrowserClient } from "@supabase/ssr";
import type { SupabaseClient } from "@supabase/supabase-js";
import { publicEnv } from "../env";
import type { Database } from "./database.types";

export function createClient(): SupabaseClient<Database> {
  return createBrowserClient<Database>(publicEnv.NEXT_PUBLIC_SUPABASE_URL, publicEnv.NEXT_PUBLIC_SUPABASE_ANON_KEY);
}
