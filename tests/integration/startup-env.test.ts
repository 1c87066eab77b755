/**
 * A server started without a required env var stops at once with one line naming it.
 * Uses the production build the test run made (SMA_DIST_DIR) and starts a second server on
 * a free port with SUPABASE_SERVICE_ROLE_KEY removed from its env.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const distDir = process.env.SMA_DIST_DIR ?? ".next";
const hasBuild = fs.existsSync(path.join(ROOT, distDir, "BUILD_ID"));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

describe.runIf(hasBuild)("server start-up env check", () => {
  it("exits with one line naming a missing variable", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, SMA_DIST_DIR: distDir };
    delete env.SUPABASE_SERVICE_ROLE_KEY;
    const port = await freePort();
    const child = spawn(path.join(ROOT, "node_modules/.bin/next"), ["start", "-p", String(port)], { cwd: ROOT, env });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        resolve(null);
      }, 20_000);
      child.once("exit", (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code).toBe(1);
    expect(stderr).toContain("Missing environment variable SUPABASE_SERVICE_ROLE_KEY (see .env.example)");
  });
});
