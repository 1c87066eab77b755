/**
 * Starts the whole local Supabase stack in order: Postgres, migrations, PostgREST, and the
 * gateway with the local Auth and Storage services mounted on it.
 */
import pg from "pg";
import { createAuthService } from "./auth";
import type { StackConfig } from "./config";
import { startGateway } from "./gateway";
import { loadSigningKey } from "./jwks";
import { apiKeys } from "./keys";
import { migrate } from "./migrate";
import { startPostgres } from "./postgres";
import { startPostgrest } from "./postgrest";
import { createStorageService } from "./storage";

export interface RunningStack {
  cfg: StackConfig;
  anonKey: string;
  serviceRoleKey: string;
  /** Env vars the app, worker and tests need to talk to this stack. */
  appEnv: Record<string, string>;
  stop(): Promise<void>;
}

export async function startStack(cfg: StackConfig, log: (line: string) => void = console.log): Promise<RunningStack> {
  if (process.env.NODE_ENV === "production") {
    throw new Error("The local Supabase stack (with its local Auth) refuses to start when NODE_ENV=production.");
  }
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) {
      try {
        await s();
      } catch (err) {
        log(`[stack] error while stopping: ${String(err)}`);
      }
    }
  };
  try {
    const postgres = await startPostgres(cfg, log);
    stops.push(() => postgres.stop());
    await migrate(cfg.dbUrl, log);
    const signingKey = await loadSigningKey(cfg.dataDir);
    const rest = await startPostgrest(cfg, signingKey, log);
    stops.push(() => rest.stop());
    const pool = new pg.Pool({ connectionString: cfg.dbUrl, max: 10 });
    // Postgres going away (Ctrl-C reaches it too) must not crash the stack process.
    pool.on("error", (err) => log(`[stack] idle database connection closed: ${err.message}`));
    stops.push(() => pool.end());
    const auth = await createAuthService({ cfg, pool, log, signingKey });
    const storage = await createStorageService({ cfg, pool, log, signingKey });
    const gateway = await startGateway(cfg, { auth: auth.handle, storage: storage.handle }, log);
    stops.push(() => gateway.stop());
    const { anonKey, serviceRoleKey } = await apiKeys(cfg.jwtSecret);
    const appEnv: Record<string, string> = {
      NEXT_PUBLIC_SUPABASE_URL: cfg.supabaseUrl,
      NEXT_PUBLIC_SUPABASE_ANON_KEY: anonKey,
      SUPABASE_SERVICE_ROLE_KEY: serviceRoleKey,
      DATABASE_URL: cfg.dbUrl,
      NEXT_PUBLIC_SITE_URL: cfg.siteUrl,
      SMA_LOCAL_STACK: "1",
    };
    return { cfg, anonKey, serviceRoleKey, appEnv, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
