/**
 * Helpers shared by the benches under scripts/bench: timing, percentiles, child processes
 * that are always cleaned up (even when the bench fails or is interrupted), HTTP polling,
 * and the single JSON result line every bench ends with.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { performance } from "node:perf_hooks";

// ---------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------

/** Percentile with linear interpolation between closest ranks (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (b - a) * (rank - lo);
}

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p90: number;
  max: number;
  mean: number;
}

export function summarize(values: readonly number[]): Summary {
  const n = values.length;
  return {
    n,
    min: n ? Math.min(...values) : Number.NaN,
    p50: percentile(values, 50),
    p90: percentile(values, 90),
    max: n ? Math.max(...values) : Number.NaN,
    mean: n ? values.reduce((s, v) => s + v, 0) / n : Number.NaN,
  };
}

/** Seconds rounded to 0.01, the precision the result line reports. */
export function seconds(ms: number): number {
  return Math.round(ms / 10) / 100;
}

export function now(): number {
  return performance.now();
}

/** Runs `fn` and returns its result with the elapsed milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------

/** Human-readable progress goes to stderr so stdout ends with nothing but the JSON line. */
export function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The machine-readable result: exactly one line of JSON on stdout, printed last. */
export function printJsonLine(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

// ---------------------------------------------------------------------------------------
// Child processes
// ---------------------------------------------------------------------------------------

export interface OutputLine {
  /** performance.now() when the line arrived. */
  at: number;
  text: string;
}

export interface Service {
  name: string;
  child: ChildProcess;
  startedAt: number;
  lines: OutputLine[];
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
  hasExited(): boolean;
  /** First output line matching `re`, waiting for it (rejects if the process exits first). */
  waitForLine(re: RegExp, timeoutMs: number): Promise<OutputLine>;
  /** The last `n` output lines, for error messages. */
  tail(n?: number): string;
  /** Polite stop (signal to the process itself), then the whole process group is killed. */
  stop(opts?: { signal?: NodeJS.Signals; graceMs?: number }): Promise<number | string>;
}

const live = new Set<Service>();
const cleanups: Array<() => void> = [];
let cleanupInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // Negative pid: the whole process group (the child was spawned detached as its leader).
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Ctrl-C, SIGTERM, an uncaught error or a normal exit: every service still running is
 * killed (with its process group) and every registered cleanup runs, so a bench never
 * leaves Postgres, PostgREST or Next.js behind.
 */
export function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  const lastResort = () => {
    for (const s of live) killGroup(s.child, "SIGKILL");
    live.clear();
    while (cleanups.length) {
      try {
        cleanups.pop()?.();
      } catch {
        // Keep cleaning the rest.
      }
    }
  };
  process.on("exit", lastResort);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(sig, () => {
      say(`\n[bench] ${sig}: stopping everything it started...`);
      void Promise.allSettled([...live].map((s) => s.stop({ graceMs: 5_000 }))).finally(() => process.exit(130));
    });
  }
}

/** Registers a synchronous cleanup (e.g. removing a temp dir) run at exit, even on failure. */
export function onCleanup(fn: () => void): () => void {
  cleanups.push(fn);
  return () => {
    const i = cleanups.indexOf(fn);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

export function startService(name: string, cmd: string, args: readonly string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Service {
  installCleanup();
  const startedAt = performance.now();
  // detached: the child leads its own process group, so its children (Postgres,
  // PostgREST, next, the worker) can be killed together if it does not stop by itself.
  const child = spawn(cmd, [...args], { cwd: opts.cwd, env: opts.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const lines: OutputLine[] = [];
  const watchers = new Set<() => void>();
  const onData = (buf: Buffer) => {
    const at = performance.now();
    for (const text of buf.toString().split("\n")) {
      if (text.trim()) lines.push({ at, text: text.replace(/\s+$/, "") });
    }
    if (lines.length > 5_000) lines.splice(0, lines.length - 5_000);
    for (const w of watchers) w();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  let exitedFlag = false;
  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, signal) => {
      exitedFlag = true;
      // Whatever it left running in its group goes too: SIGTERM first, so a Postgres in the
      // middle of shutting down can finish (a SIGKILLed one leaves a stale postmaster.pid).
      killGroup(child, "SIGTERM");
      setTimeout(() => killGroup(child, "SIGKILL"), 5_000).unref();
      for (const w of watchers) w();
      resolve(code ?? signal ?? "unknown");
    });
    child.once("error", (err) => {
      exitedFlag = true;
      lines.push({ at: performance.now(), text: `spawn error: ${err.message}` });
      resolve("spawn-error");
    });
  });

  const service: Service = {
    name,
    child,
    startedAt,
    lines,
    exited,
    hasExited: () => exitedFlag,
    tail: (n = 40) => lines.slice(-n).map((l) => `  | ${l.text}`).join("\n"),
    waitForLine: (re, timeoutMs) =>
      new Promise<OutputLine>((resolve, reject) => {
        const check = () => {
          const hit = lines.find((l) => re.test(l.text));
          if (hit) return finish(() => resolve(hit));
          if (exitedFlag) return finish(() => reject(new Error(`${name} exited before printing ${re}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`${name}: no line matching ${re} within ${timeoutMs} ms`))), timeoutMs);
        const finish = (fn: () => void) => {
          clearTimeout(timer);
          watchers.delete(check);
          fn();
        };
        watchers.add(check);
        check();
      }),
    stop: async ({ signal = "SIGINT", graceMs = 30_000 } = {}) => {
      if (!exitedFlag && child.pid !== undefined) {
        try {
          process.kill(child.pid, signal);
        } catch {
          // Already gone.
        }
        const graceful = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
        if (!graceful) {
          say(`[bench] ${name} did not stop within ${graceMs} ms after ${signal}; killing its process group`);
          killGroup(child, "SIGTERM");
          const termed = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
          if (!termed) killGroup(child, "SIGKILL");
        }
      }
      const code = await exited;
      live.delete(service);
      return code;
    },
  };
  live.add(service);
  return service;
}

// ---------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------

/**
 * Polls `url` until `ok(status)`; returns the moment (performance.now()) it first did.
 * Fails early if `service` exits, with its last output lines in the message.
 */
export async function pollUntil(
  url: string,
  opts: { timeoutMs: number; intervalMs?: number; ok?: (status: number) => boolean; service?: Service; headers?: Record<string, string> },
): Promise<number> {
  const ok = opts.ok ?? ((s: number) => s === 200);
  const deadline = performance.now() + opts.timeoutMs;
  let last = "no answer yet";
  while (performance.now() < deadline) {
    if (opts.service?.hasExited()) {
      throw new Error(`${opts.service.name} exited (${String(await opts.service.exited)}) before ${url} answered:\n${opts.service.tail()}`);
    }
    try {
      const res = await fetch(url, { headers: opts.headers, signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      if (ok(res.status)) return performance.now();
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await sleep(opts.intervalMs ?? 100);
  }
  throw new Error(`${url} did not answer as expected within ${opts.timeoutMs} ms (last: ${last})${opts.service ? `\n${opts.service.tail()}` : ""}`);
}

// ---------------------------------------------------------------------------------------
// Processes by pid
// ---------------------------------------------------------------------------------------

/** "zombie" counts as gone for us, but still answers kill(pid, 0) until its parent reaps it. */
export function processState(pid: number): "running" | "zombie" | "gone" {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Format: pid (comm) state ...; comm may contain spaces, so read after the last ')'.
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "Z" ? "zombie" : "running";
  } catch {
    try {
      process.kill(pid, 0);
      return "running"; // no /proc (not Linux): assume alive
    } catch {
      return "gone";
    }
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone (or a zombie). */
export async function terminatePid(pid: number, graceMs = 10_000): Promise<void> {
  const deadline = (ms: number) => performance.now() + ms;
  const waitGone = async (until: number) => {
    while (processState(pid) === "running" && performance.now() < until) await sleep(100);
    return processState(pid) !== "running";
  };
  if (processState(pid) !== "running") return;
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return;
  }
  if (await waitGone(deadline(graceMs))) return;
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    return;
  }
  await waitGone(deadline(5_000));
}

// ---------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------

/** Removes a directory tree; never throws (used in cleanups). */
export function removeDir(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch (err) {
    say(`[bench] could not remove ${dir}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
