/**
 * Runs once when the Next.js server starts. A missing or invalid env var stops the server
 * here with one line naming it, instead of surfacing later as a cryptic error inside a
 * client library on the first request that needs it.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // `next build` also loads this file; only a running server must have its env.
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { EnvError, publicEnv, serverEnv } = await import("@/lib/env");
  try {
    void publicEnv.NEXT_PUBLIC_SUPABASE_URL;
    serverEnv();
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(`✖ ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}
