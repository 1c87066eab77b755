/**
 * Where the local Supabase stack of the app under test is, and its service-role key.
 * bin/test exports NEXT_PUBLIC_SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY; without them the
 * values are derived the same way the stack derives them (SMA_GATEWAY_PORT, the local JWT
 * secret), so `E2E_BASE_URL=... SMA_GATEWAY_PORT=... npx playwright test` also works.
 */
import { loadStackConfig } from "../../stack/config";
import { apiKeys } from "../../stack/keys";

export interface StackEnv {
  supabaseUrl: string;
  serviceRoleKey: string;
}

let cached: Promise<StackEnv> | undefined;

async function resolve(): Promise<StackEnv> {
  const cfg = loadStackConfig();
  const supabaseUrl = process.env.NEXT_PUBLIC_SUPABASE_URL ?? cfg.supabaseUrl;
  const serviceRoleKey = process.env.SUPABASE_SERVICE_ROLE_KEY ?? (await apiKeys(cfg.jwtSecret)).serviceRoleKey;
  return { supabaseUrl: supabaseUrl.replace(/\/$/, ""), serviceRoleKey };
}

export function stackEnv(): Promise<StackEnv> {
  cached ??= resolve();
  return cached;
}

/**
 * Name of the cookie @supabase/ssr keeps the session in: `sb-<first label of the host>-auth-token`
 * (supabase-js's default storage key), e.g. `sb-127-auth-token` for http://127.0.0.1:54321.
 */
export function authCookieName(supabaseUrl: string): string {
  return `sb-${new URL(supabaseUrl).hostname.split(".")[0]}-auth-token`;
}
