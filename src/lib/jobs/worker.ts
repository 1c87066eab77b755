/**
 * The worker process: `npm run worker` (tsx src/lib/jobs/worker.ts), started by
 * `npm run stack start` next to the app. Works every queue, keeps scheduled jobs enqueued,
 * and on SIGINT/SIGTERM stops taking jobs, lets running ones finish, then exits.
 */
import { registerHooks } from "node:module";

// Modules shared with the web app import "server-only", whose default export throws so a
// Client Component cannot bundle them. This process is the server; resolve it to nothing,
// as Next.js itself does for server code (the package's "react-server" condition).
registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === "server-only") return { url: "data:text/javascript,", shortCircuit: true };
    return nextResolve(specifier, context);
  },
});

const { createLogger } = await import("../logger");
const { startWorkers } = await import("./run");
const { stopBoss } = await import("./boss");

const log = createLogger({ component: "worker" });

async function main(): Promise<void> {
  const worker = await startWorkers({ log });
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info("worker stopping", { signal });
    const forced = setTimeout(() => {
      log.error("worker did not stop in time; exiting");
      process.exit(1);
    }, 30_000);
    forced.unref();
    try {
      await worker.stop();
      await stopBoss();
      log.info("worker stopped");
      process.exit(0);
    } catch (err) {
      log.error("error while stopping the worker", { err });
      process.exit(1);
    }
  };
  process.on("SIGINT", (s) => void shutdown(s));
  process.on("SIGTERM", (s) => void shutdown(s));
}

main().catch((err: unknown) => {
  log.error("worker failed to start", { err });
  process.exit(1);
});
