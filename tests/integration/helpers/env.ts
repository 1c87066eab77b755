/**
 * Where the integration tests find the local stack: the env vars `bin/test` exports (from
 * `stack/cli.ts env`), else the defaults of stack/config.ts and stack/keys.ts, so a plain
 * `npx vitest run --project integration` works against `npm run stack up`.
 */
import { loadStackConfig } from "../../../stack/config";
import { apiKeys } from "../../../stack/keys";

export interface TestEnv {
  /** NEXT_PUBLIC_SUPABASE_URL: the gateway (/rest/v1, /auth/v1, /storage/v1). */
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  /** Superuser connection string, for arranging data and policies directly. */
  dbUrl: string;
  /** The stack's JWT secret, for minting user tokens in tests. */
  jwtSecret: string;
}

export async function testEnv(): Promise<TestEnv> {
  const cfg = loadStackConfig();
  const keys = await apiKeys(cfg.jwtSecret);
  return {
    url: process.env.NEXT_PUBLIC_SUPABASE_URL ?? cfg.supabaseUrl,
    anonKey: process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY ?? keys.anonKey,
    serviceRoleKey: process.env.SUPABASE_SERVICE_ROLE_KEY ?? keys.serviceRoleKey,
    dbUrl: process.env.DATABASE_URL ?? cfg.dbUrl,
    jwtSecret: cfg.jwtSecret,
  };
}
