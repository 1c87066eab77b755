/** Next.js start-up hook: validate the env before serving anything (Node.js runtime only). */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkEnvOrExit } = await import("@/lib/env-check");
    checkEnvOrExit();
  }
}
