/**
 * The local stack's command line.
 *   start     stack + migrations + demo data + job worker + the app (what the README's first command runs)
 *   up        only the local Supabase stack (Postgres, PostgREST, Auth, Storage, gateway)
 *   migrate   start Postgres, apply migrations, stop
 *   env       print the env vars the app needs for this stack (for `next dev` or tests)
 * Ctrl-C stops everything cleanly. Ports and the data dir come from env (see stack/config.ts).
 */
import crypto from "node:crypto";
import { ensureBuild, startApp, startWorker, type ChildHandle } from "./app";
import { loadStackConfig } from "./config";
import { startStack, type RunningStack } from "./index";
import { apiKeys } from "./keys";
import { assertPortFree, PortInUseError } from "./ports";
import { onShutdown } from "./shutdown";

const log = (line: string) => console.log(line);

async function seed(stack: RunningStack) {
  // Loaded lazily: the seed pulls in faker, which `up` does not need.
  const { seedDemo, DEMO_EMAIL, DEMO_PASSWORD } = await import("../scripts/seed-demo");
  await seedDemo({
    supabaseUrl: stack.cfg.supabaseUrl,
    serviceRoleKey: stack.serviceRoleKey,
    dbUrl: stack.cfg.dbUrl,
    log,
  });
  return { email: DEMO_EMAIL, password: DEMO_PASSWORD };
}

async function start(withSeed: boolean) {
  const cfg = loadStackConfig();
  const t0 = Date.now();
  await assertPortFree(cfg.appPort, "PORT", "the app");
  const children: ChildHandle[] = [];
  let stack: RunningStack | null = null;
  const stopAll = async () => {
    for (const c of children.reverse()) await c.stop();
    await stack?.stop();
  };
  // Installed before anything starts, so Ctrl-C during start-up also cleans up.
  onShutdown(stopAll, log);
  stack = await startStack(cfg, log);
  try {
    const env: Record<string, string> = {
      ...stack.appEnv,
      // Local-only secret so the cron route can be exercised; production sets its own.
      CRON_SECRET: process.env.CRON_SECRET ?? crypto.createHash("sha256").update(cfg.jwtSecret + "cron").digest("hex"),
    };
    const demo = withSeed ? await seed(stack) : null;
    const built = await ensureBuild(env, log);
    const tReady0 = Date.now();
    children.push(startWorker(env, log));
    children.push(await startApp(cfg.appPort, env, log));
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    log("");
    log(`Ready: http://localhost:${cfg.appPort}  (started in ${secs} s${built ? ", including the build" : ""}; app ${((Date.now() - tReady0) / 1000).toFixed(1)} s)`);
    if (demo) log(`Demo login: ${demo.email} / ${demo.password}`);
    log(`Supabase API: ${cfg.supabaseUrl}   Postgres: ${cfg.dbUrl}`);
    log("Press Ctrl-C to stop.");
  } catch (err) {
    await stopAll();
    throw err;
  }
}

async function main() {
  const [cmd = "start", ...flags] = process.argv.slice(2);
  const cfg = loadStackConfig();
  if (cmd === "start") return start(!flags.includes("--no-seed"));
  if (cmd === "up" || cmd === "migrate") {
    const t0 = Date.now();
    let stack: RunningStack | null = null;
    onShutdown(async () => {
      await stack?.stop();
    }, log);
    stack = await startStack(cfg, log);
    if (cmd === "migrate") return stack.stop();
    log(`[stack] ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${cfg.supabaseUrl} (Postgres on ${cfg.pgPort})`);
    return;
  }
  if (cmd === "env") {
    const { anonKey, serviceRoleKey } = await apiKeys(cfg.jwtSecret);
    log(`NEXT_PUBLIC_SUPABASE_URL=${cfg.supabaseUrl}`);
    log(`NEXT_PUBLIC_SUPABASE_ANON_KEY=${anonKey}`);
    log(`SUPABASE_SERVICE_ROLE_KEY=${serviceRoleKey}`);
    log(`DATABASE_URL=${cfg.dbUrl}`);
    log(`NEXT_PUBLIC_SITE_URL=${cfg.siteUrl}`);
    log(`SMA_LOCAL_STACK=1`);
    return;
  }
  console.error(`Unknown command "${cmd}". Use: start | up | migrate | env`);
  process.exit(2);
}

main().catch((err: unknown) => {
  console.error(err instanceof PortInUseError ? `✖ ${err.message}` : err instanceof Error ? `✖ ${err.message}` : err);
  process.exit(1);
});
