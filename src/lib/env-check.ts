import "server-only";
import { EnvError, publicEnv, serverEnv } from "./env";

/**
 * Called once when the Node.js server starts (src/instrumentation.ts). A missing or invalid
 * env var stops the server with one line naming it, instead of surfacing later as a cryptic
 * error inside a client library on the first request that needs it.
 */
export function checkEnvOrExit(): void {
  // `next build` also loads instrumentation; only a running server must have its env.
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  try {
    void publicEnv.NEXT_PUBLIC_SUPABASE_URL;
    serverEnv();
  } catch (err) {
    if (!(err instanceof EnvError)) throw err;
    console.error(`✖ ${err.message}`);
    process.exit(1);
  }
}
