import net from "node:net";

/** Resolves when the port can be bound on 127.0.0.1; rejects with a clear message otherwise. */
export async function assertPortFree(port: number, envName: string, what: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE") {
        reject(
          new PortInUseError(
            `Port ${port} (${what}) is already in use. Stop the program using it, or set ${envName} to another port.`,
          ),
        );
      } else reject(err);
    });
    server.listen(port, "127.0.0.1", () => server.close(() => resolve()));
  });
}

export class PortInUseError extends Error {}

/** Polls until something answers on the port (or the deadline passes). */
export async function waitForHttp(url: string, timeoutMs: number, ok: (status: number) => boolean = (s) => s < 500): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (ok(res.status)) return;
      last = new Error(`status ${res.status}`);
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${url}: ${String(last)}`);
}
