/**
 * Settings of the local Supabase stack. Every value can be overridden by an env var so
 * two stacks (dev and test) can run side by side on one machine.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Supabase CLI's well-known local default: public knowledge, never used in production. */
export const LOCAL_JWT_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";

export interface StackConfig {
  /** Where Postgres data, storage objects and logs live (git-ignored). */
  dataDir: string;
  pgPort: number;
  restPort: number;
  restAdminPort: number;
  gatewayPort: number;
  appPort: number;
  jwtSecret: string;
  /** The browser-facing URL of the app, used in auth e-mail links. */
  siteUrl: string;
  /** The URL the app uses as NEXT_PUBLIC_SUPABASE_URL. */
  supabaseUrl: string;
  dbName: string;
  /** Superuser connection string (migrations, seeds, the worker). */
  dbUrl: string;
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new Error(`${name} must be a port number between 1 and 65535, got "${raw}"`);
  }
  return n;
}

export function loadStackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const dataDir = path.resolve(ROOT, env.SMA_DATA_DIR ?? ".data/dev");
  const pgPort = port(env, "SMA_PG_PORT", 54322);
  const gatewayPort = port(env, "SMA_GATEWAY_PORT", 54321);
  const appPort = port(env, "PORT", 3000);
  const dbName = env.SMA_DB_NAME ?? "postgres";
  return {
    dataDir,
    pgPort,
    restPort: port(env, "SMA_REST_PORT", gatewayPort + 10),
    restAdminPort: port(env, "SMA_REST_ADMIN_PORT", gatewayPort + 11),
    gatewayPort,
    appPort,
    jwtSecret: env.SUPABASE_JWT_SECRET ?? LOCAL_JWT_SECRET,
    siteUrl: env.NEXT_PUBLIC_SITE_URL ?? `http://localhost:${appPort}`,
    supabaseUrl: `http://127.0.0.1:${gatewayPort}`,
    dbName,
    dbUrl: `postgresql://postgres:postgres@127.0.0.1:${pgPort}/${dbName}`,
  };
}
