/**
 * Fails fast, with a message saying what to fix, when the app or its Supabase stack is not
 * where the tests look for them (instead of 14 tests timing out one by one).
 */
import type { FullConfig } from "@playwright/test";
import { stackEnv } from "./support/stack";

async function reachable(url: string, init?: RequestInit): Promise<string | null> {
  try {
    const res = await fetch(url, init);
    return res.ok ? null : `answered ${res.status}`;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

export default async function globalSetup(config: FullConfig): Promise<void> {
  const baseURL = config.projects[0]?.use.baseURL ?? "";
  const appProblem = await reachable(new URL("/api/health", baseURL).toString());
  if (appProblem) {
    throw new Error(`The app at ${baseURL} is not healthy (${appProblem}). Start it (npx tsx stack/cli.ts start) and set E2E_BASE_URL.`);
  }
  const { supabaseUrl, serviceRoleKey } = await stackEnv();
  const authProblem = await reachable(`${supabaseUrl}/auth/v1/admin/users?per_page=1`, {
    headers: { apikey: serviceRoleKey, authorization: `Bearer ${serviceRoleKey}` },
  });
  if (authProblem) {
    throw new Error(
      `The Supabase stack at ${supabaseUrl} refused the service-role key (${authProblem}). ` +
        "Export the app's env (eval \"$(npx tsx stack/cli.ts env)\" with the same SMA_* ports) or set SMA_GATEWAY_PORT.",
    );
  }
}
