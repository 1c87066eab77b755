/**
 * `tsx stack/cli.ts up`        start the local Supabase stack and keep it running (Ctrl-C stops it)
 * `tsx stack/cli.ts migrate`   start Postgres, apply migrations, stop
 * `tsx stack/cli.ts env`       print the env vars for the app (after the stack has run once)
 */
import { loadStackConfig } from "./config";
import { startStack } from "./index";
import { PortInUseError } from "./ports";

async function main() {
  const [cmd = "up"] = process.argv.slice(2);
  const cfg = loadStackConfig();
  if (cmd === "up" || cmd === "migrate") {
    const t0 = Date.now();
    const stack = await startStack(cfg);
    if (cmd === "migrate") {
      await stack.stop();
      return;
    }
    console.log(`[stack] ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${cfg.supabaseUrl} (Postgres on ${cfg.pgPort})`);
    let stopping = false;
    const shutdown = async () => {
      if (stopping) return;
      stopping = true;
      console.log("[stack] stopping...");
      await stack.stop();
      process.exit(0);
    };
    process.on("SIGINT", shutdown);
    process.on("SIGTERM", shutdown);
    return;
  }
  console.error(`Unknown command "${cmd}". Use: up | migrate`);
  process.exit(2);
}

main().catch((err: unknown) => {
  console.error(err instanceof PortInUseError ? `✖ ${err.message}` : err);
  process.exit(1);
});
