/**
 * Runs the Next.js app and the job worker as child processes of the start command, against
 * a running local stack. The production build is reused while sources and public env are
 * unchanged (NEXT_PUBLIC_* values are inlined at build time, so they are part of the stamp).
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./config";
import { waitForHttp } from "./ports";

const BUILD_INPUTS = ["src", "messages", "public", "next.config.ts", "postcss.config.mjs", "package-lock.json", "tsconfig.json"];

function hashInputs(env: Record<string, string>): string {
  const h = crypto.createHash("sha256");
  const walk = (p: string) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name));
    } else if (!p.endsWith(".test.ts")) {
      h.update(path.relative(ROOT, p));
      h.update(fs.readFileSync(p));
    }
  };
  for (const input of BUILD_INPUTS) walk(path.join(ROOT, input));
  for (const key of Object.keys(env).filter((k) => k.startsWith("NEXT_PUBLIC_")).sort()) h.update(`${key}=${env[key]}`);
  return h.digest("hex");
}

export function distDir(env: Record<string, string | undefined>): string {
  return env.SMA_DIST_DIR ?? ".next";
}

/** Builds the app unless an up-to-date build for the same inputs exists. Returns true if it built. */
export async function ensureBuild(env: Record<string, string>, log: (line: string) => void): Promise<boolean> {
  const dir = path.join(ROOT, distDir({ ...process.env, ...env }));
  const stampFile = path.join(dir, "sma-build-stamp");
  const stamp = hashInputs(env);
  if (fs.existsSync(path.join(dir, "BUILD_ID")) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8") === stamp) {
    return false;
  }
  log("[app] building the Next.js app (first run or sources changed)...");
  await run(["next", "build"], env, log);
  fs.writeFileSync(stampFile, stamp);
  return true;
}

function run(args: string[], env: Record<string, string>, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, "node_modules", ".bin", args[0] ?? ""), args.slice(1), {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    child.on("exit", (code) => {
      if (code === 0) resolve();
      else {
        log(output);
        reject(new Error(`${args.join(" ")} failed with code ${code}`));
      }
    });
  });
}

export interface ChildHandle {
  child: ChildProcess;
  stop(): Promise<void>;
}

export function spawnChild(name: string, cmd: string, args: string[], env: Record<string, string>, log: (line: string) => void): ChildHandle {
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const prefix = (d: Buffer) =>
    d
      .toString()
      .split("\n")
      .filter((l) => l.trim())
      .forEach((l) => log(`[${name}] ${l}`));
  child.stdout?.on("data", prefix);
  child.stderr?.on("data", prefix);
  return {
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

// No -H: with an explicit host, Next builds request.url from it (e.g. http://0.0.0.0:3000),
// and redirects from route handlers would leave the host the browser uses.
export async function startApp(port: number, env: Record<string, string>, log: (line: string) => void): Promise<ChildHandle> {
  const handle = spawnChild("next", path.join(ROOT, "node_modules", ".bin", "next"), ["start", "-p", String(port)], env, log);
  const exited = new Promise<never>((_, reject) =>
    handle.child.once("exit", (code) => reject(new Error(`the app exited early with code ${code}`))),
  );
  exited.catch(() => undefined);
  await Promise.race([waitForHttp(`http://127.0.0.1:${port}/api/health`, 60_000, (s) => s === 200), exited]);
  return handle;
}

export function startWorker(env: Record<string, string>, log: (line: string) => void): ChildHandle {
  return spawnChild("worker", path.join(ROOT, "node_modules", ".bin", "tsx"), ["src/lib/jobs/worker.ts"], env, log);
}
