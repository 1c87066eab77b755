/**
 * `npm run bench:stack`: how long the local stack and the app take to come up.
 *
 *   cold   fresh data dir: initdb + migrations + demo seed + worker + `next start`, from
 *          spawning `stack/cli.ts start` to the first 200 from /api/health
 *   warm   the same again with the data dir kept (restart)
 *   stack  `stack/cli.ts up` alone (cold and warm) to a 200 from the gateway's /rest/v1/,
 *          plus the demo seed timed on its own
 *
 * The one-time `next build` is done first and not timed (into its own dist dir, so the dev
 * and test builds are left alone). Everything runs on its own ports and a temporary
 * .data/bench-* dir that is removed at the end. Flags: --stack-only, --runs=N (warm runs).
 * Progress goes to stderr; stdout gets the figures and ends with one JSON line.
 */
import fs from "node:fs";
import path from "node:path";
import { ensureBuild } from "../../stack/app";
import { loadStackConfig, ROOT } from "../../stack/config";
import { apiKeys } from "../../stack/keys";
import { assertPortFree } from "../../stack/ports";
import {
  installCleanup,
  now,
  onCleanup,
  percentile,
  pollUntil,
  printJsonLine,
  processState,
  removeDir,
  say,
  seconds,
  sleep,
  startService,
  terminatePid,
  timed,
  type Service,
} from "./lib";

/** Kept between benches (the build is the one-time cost); under .data so git, lint and tsc ignore it. */
const BENCH_DIST_DIR = ".data/next-bench";
const TSX_CLI = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
/** What stack/cli.ts prints once it is fully up. */
const READY_LINE = { up: /^\[stack\] ready/, start: /^Ready: / } as const;
const SETTLE_MS = 300;

interface Options {
  stackOnly: boolean;
  runs: number;
  ports: { gateway: number; pg: number; app: number };
}

function parseOptions(argv: readonly string[]): Options {
  const num = (name: string, fallback: number) => {
    const raw = process.env[name];
    const n = raw ? Number(raw) : fallback;
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${name} must be a port number, got "${raw}"`);
    return n;
  };
  const runsArg = argv.find((a) => a.startsWith("--runs="));
  const runs = runsArg ? Number(runsArg.slice("--runs=".length)) : 1;
  if (!Number.isInteger(runs) || runs < 1 || runs > 20) throw new Error("--runs must be an integer from 1 to 20");
  return {
    stackOnly: argv.includes("--stack-only"),
    runs,
    // Away from the dev (54321/54322/3000) and test (54421/54422/3210) defaults. PostgREST
    // takes gateway+10 and gateway+11.
    ports: { gateway: num("SMA_BENCH_GATEWAY_PORT", 55661), pg: num("SMA_BENCH_PG_PORT", 55662), app: num("SMA_BENCH_APP_PORT", 55663) },
  };
}

/** The environment `stack/cli.ts` gets: our ports, our data dir, our build dir. */
function benchEnv(opts: Options, dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SMA_DATA_DIR: dataDir,
    SMA_GATEWAY_PORT: String(opts.ports.gateway),
    SMA_PG_PORT: String(opts.ports.pg),
    PORT: String(opts.ports.app),
    SMA_DIST_DIR: BENCH_DIST_DIR,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  // Values inherited from a dev shell would point the child at another stack.
  for (const key of ["SMA_REST_PORT", "SMA_REST_ADMIN_PORT", "NEXT_PUBLIC_SITE_URL", "NEXT_PUBLIC_SUPABASE_URL", "NEXT_PUBLIC_SUPABASE_ANON_KEY", "SUPABASE_SERVICE_ROLE_KEY", "DATABASE_URL"]) {
    delete env[key];
  }
  return env;
}

async function portsFree(opts: Options): Promise<void> {
  const { gateway, pg, app } = opts.ports;
  const checks: Array<[number, string]> = [[gateway, "SMA_BENCH_GATEWAY_PORT"], [gateway + 10, "SMA_BENCH_GATEWAY_PORT (+10, PostgREST)"], [gateway + 11, "SMA_BENCH_GATEWAY_PORT (+11, PostgREST admin)"], [pg, "SMA_BENCH_PG_PORT"], [app, "SMA_BENCH_APP_PORT"]];
  // Right after a stop the kernel may need a moment to release a port.
  for (let attempt = 0; ; attempt++) {
    try {
      for (const [port, env] of checks) await assertPortFree(port, env, "the bench");
      return;
    } catch (err) {
      if (attempt >= 50) throw err;
      await sleep(200);
    }
  }
}

/**
 * If Postgres outlived its parent (the stack command crashed while stopping), stop it by
 * the pid in its data dir, and drop a stale postmaster.pid so the next start is not refused.
 */
async function stopOrphanPostgres(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, "pg", "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  if (Number.isInteger(pid) && pid > 0 && processState(pid) === "running") {
    say(`[bench] stopping a leftover Postgres (pid ${pid})`);
    await terminatePid(pid);
  }
  if (fs.existsSync(pidFile) && (!Number.isInteger(pid) || processState(pid) !== "running")) fs.rmSync(pidFile, { force: true });
}

/** Synchronous last resort for exit-time cleanups. */
function killOrphanPostgresNow(dataDir: string): void {
  const pidFile = path.join(dataDir, "pg", "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  if (Number.isInteger(pid) && pid > 0 && processState(pid) === "running") {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Gone meanwhile.
    }
  }
}

function newDataDir(label: string): string {
  const dir = path.join(ROOT, ".data", `bench-${Date.now().toString(36)}-${process.pid}-${label}`);
  onCleanup(() => {
    killOrphanPostgresNow(dir);
    removeDir(dir);
  });
  return dir;
}

/** Spawns `stack/cli.ts <cmd>`, waits for `url` to answer 200, stops it; returns the seconds to 200. */
async function timeStart(opts: Options, cmd: "up" | "start", dataDir: string, url: string, timeoutMs: number): Promise<{ s: number; service: Service }> {
  await portsFree(opts);
  const service = startService(`stack/cli.ts ${cmd}`, process.execPath, [TSX_CLI, "stack/cli.ts", cmd], { cwd: ROOT, env: benchEnv(opts, dataDir) });
  try {
    const readyAt = await pollUntil(url, { timeoutMs, service });
    // Not timed: let the command finish its start-up (and install its Ctrl-C handler)
    // before it is stopped, so every run ends with the same clean shutdown.
    await service.waitForLine(READY_LINE[cmd], 30_000).catch((err: unknown) => say(`[bench] ${err instanceof Error ? err.message : String(err)}`));
    // The command prints its ready line a moment before it installs its signal handlers.
    await sleep(SETTLE_MS);
    return { s: seconds(readyAt - service.startedAt), service };
  } finally {
    const code = await service.stop({ signal: "SIGINT", graceMs: 30_000 });
    if (code !== 0) say(`[bench] ${service.name} exited with ${String(code)}`);
    await stopOrphanPostgres(dataDir);
  }
}

interface StackFigures {
  stack_only_s: number;
  stack_only_warm_s: number;
  seed_s: number | null;
}

async function benchStackOnly(opts: Options): Promise<StackFigures> {
  const dataDir = newDataDir("stack");
  const url = `http://127.0.0.1:${opts.ports.gateway}/rest/v1/`;
  say("[bench] stack only, cold (fresh data dir)...");
  const cold = await timeStart(opts, "up", dataDir, url, 120_000);
  say(`[bench]   ${cold.s} s`);

  // The seed on its own, in-process, against a running stack on the now-migrated data dir.
  let seed: number | null = null;
  await portsFree(opts);
  const env = benchEnv(opts, dataDir);
  const service = startService("stack/cli.ts up", process.execPath, [TSX_CLI, "stack/cli.ts", "up"], { cwd: ROOT, env });
  try {
    await pollUntil(url, { timeoutMs: 60_000, service });
    await service.waitForLine(READY_LINE.up, 30_000);
    await sleep(SETTLE_MS);
    const cfg = loadStackConfig(env);
    const { seedDemo } = await import("../seed-demo");
    const { serviceRoleKey } = await apiKeys(cfg.jwtSecret);
    const run = await timed(() => seedDemo({ supabaseUrl: cfg.supabaseUrl, serviceRoleKey, dbUrl: cfg.dbUrl, log: (l) => say(`[bench]   ${l}`) }));
    seed = seconds(run.ms);
  } catch (err) {
    say(`[bench] demo seed could not be timed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await service.stop();
    await stopOrphanPostgres(dataDir);
  }

  say("[bench] stack only, warm (data dir kept)...");
  const warm: number[] = [];
  for (let i = 0; i < opts.runs; i++) warm.push((await timeStart(opts, "up", dataDir, url, 60_000)).s);
  say(`[bench]   ${warm.join(" s, ")} s`);
  return { stack_only_s: cold.s, stack_only_warm_s: seconds(percentile(warm, 50) * 1000), seed_s: seed };
}

/** Where the start command's time went, from the moments its log lines arrived. */
function milestones(service: Service): string {
  const marks: Array<[string, RegExp]> = [
    ["migrated", /^\[migrate\] applied|^\[postgrest\].*Listening on port/],
    ["seeded", /^\[seed\] (demo data|created)/],
    ["ready", /^Ready: /],
  ];
  return marks
    .map(([label, re]) => {
      const hits = service.lines.filter((l) => re.test(l.text));
      const last = label === "ready" ? hits[0] : hits[hits.length - 1];
      return last ? `${label} at ${seconds(last.at - service.startedAt)} s` : null;
    })
    .filter((x): x is string => x !== null)
    .join(", ");
}

/**
 * The untimed one-time build, with the exact env the start command will use, so its own
 * up-to-date check (stack/app.ts) finds the build and does not rebuild inside the timing.
 */
async function prebuild(opts: Options, restoreTsconfigNow: () => void): Promise<void> {
  const cfg = loadStackConfig(benchEnv(opts, path.join(ROOT, ".data", "bench-build")));
  const { anonKey, serviceRoleKey } = await apiKeys(cfg.jwtSecret);
  const env: Record<string, string> = {
    NEXT_PUBLIC_SUPABASE_URL: cfg.supabaseUrl,
    NEXT_PUBLIC_SUPABASE_ANON_KEY: anonKey,
    SUPABASE_SERVICE_ROLE_KEY: serviceRoleKey,
    DATABASE_URL: cfg.dbUrl,
    NEXT_PUBLIC_SITE_URL: cfg.siteUrl,
    SMA_LOCAL_STACK: "1",
    SMA_DIST_DIR: BENCH_DIST_DIR,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const t0 = now();
  say(`[bench] checking the app build in ${BENCH_DIST_DIR} (a first build takes a while; not timed)...`);
  try {
    const built = await ensureBuild(env, (l) => say(`[bench]   ${l}`));
    if (built) say(`[bench] one-time build: ${seconds(now() - t0)} s (not timed)`);
  } finally {
    // Now, not only at exit: tsconfig.json is one of the build's inputs, so the start
    // command would otherwise see changed sources and build again inside the timing.
    restoreTsconfigNow();
  }
}

/**
 * `next build` with a non-default distDir appends that dir's type globs to tsconfig.json.
 * At exit (also on failure or Ctrl-C) the shared file is put back exactly as it was, but
 * only if those globs are the sole change, so nobody else's edit is ever undone.
 */
function guardTsconfig(): () => void {
  const file = path.join(ROOT, "tsconfig.json");
  const before = fs.readFileSync(file, "utf8");
  const restore = () => restoreTsconfig(file, before);
  onCleanup(restore);
  return restore;
}

function restoreTsconfig(file: string, before: string): void {
  const after = fs.readFileSync(file, "utf8");
  if (after === before) return;
  try {
    const a = JSON.parse(after) as { include?: unknown };
    const b = JSON.parse(before) as { include?: unknown };
    const added = Array.isArray(a.include) && Array.isArray(b.include) ? a.include.filter((x) => !(b.include as unknown[]).includes(x)) : [];
    const onlyOurs = added.length > 0 && added.every((x) => typeof x === "string" && x.startsWith(BENCH_DIST_DIR));
    if (onlyOurs && JSON.stringify({ ...a, include: b.include }) === JSON.stringify(b)) {
      fs.writeFileSync(file, before);
      say("[bench] restored tsconfig.json (next build had added the bench dist dir's type globs)");
    }
  } catch {
    // Not plain JSON any more: leave it to its owner.
  }
}

interface AppFigures {
  cold_start_s: number;
  warm_start_s: number;
  warm_runs_s: number[];
  build_in_cold: boolean;
}

async function benchApp(opts: Options, restoreTsconfigNow: () => void): Promise<AppFigures> {
  await prebuild(opts, restoreTsconfigNow);
  const url = `http://127.0.0.1:${opts.ports.app}/api/health`;
  const rebuilt = (s: Service) => s.lines.some((l) => /\[app\] building/.test(l.text));

  say("[bench] app cold start (fresh data dir: stack + migrations + seed + worker + next start)...");
  let dataDir = newDataDir("app");
  let cold = await timeStart(opts, "start", dataDir, url, 600_000);
  let buildInCold = rebuilt(cold.service);
  if (buildInCold) {
    // The start command did not recognise the prebuilt app; now it has built it, measure again.
    say(`[bench]   ${cold.s} s, but it included a build; measuring again on a fresh data dir...`);
    dataDir = newDataDir("app2");
    cold = await timeStart(opts, "start", dataDir, url, 600_000);
    buildInCold = rebuilt(cold.service);
  }
  say(`[bench]   ${cold.s} s  (${milestones(cold.service)})`);

  say("[bench] app warm restart (data dir kept)...");
  const warm: number[] = [];
  for (let i = 0; i < opts.runs; i++) warm.push((await timeStart(opts, "start", dataDir, url, 300_000)).s);
  say(`[bench]   ${warm.join(" s, ")} s`);
  return { cold_start_s: cold.s, warm_start_s: seconds(percentile(warm, 50) * 1000), warm_runs_s: warm, build_in_cold: buildInCold };
}

function report(opts: Options, stack: StackFigures | null, app: AppFigures | null, error: string | null): void {
  const f = (v: number | null | undefined) => (v === null || v === undefined ? "n/a" : `${v.toFixed(2)} s`);
  const { gateway, pg, app: appPort } = opts.ports;
  console.log("");
  console.log(`Local stack start-up (gateway ${gateway}, Postgres ${pg}, app ${appPort}; build excluded)`);
  console.log(`  app cold start  (fresh data dir -> /api/health 200) : ${f(app?.cold_start_s)}${app?.build_in_cold ? "  (! included a build)" : ""}`);
  const spread = app && app.warm_runs_s.length > 1 ? `  (p50 of ${app.warm_runs_s.length}, p90 ${f(percentile(app.warm_runs_s, 90))})` : "";
  console.log(`  app warm restart (data kept    -> /api/health 200) : ${f(app?.warm_start_s)}${spread}`);
  console.log(`  stack only, cold (-> /rest/v1/ 200)                : ${f(stack?.stack_only_s)}`);
  console.log(`  stack only, warm                                   : ${f(stack?.stack_only_warm_s)}`);
  console.log(`  demo seed (500 customers, 6,000 transactions)      : ${f(stack?.seed_s)}`);
  if (error) console.log(`  error: ${error.split("\n")[0]}`);
  printJsonLine({
    cold_start_s: app?.cold_start_s ?? null,
    warm_start_s: app?.warm_start_s ?? null,
    stack_only_s: stack?.stack_only_s ?? null,
    stack_only_warm_s: stack?.stack_only_warm_s ?? null,
    seed_s: stack?.seed_s ?? null,
    warm_runs: opts.runs,
    ...(app?.build_in_cold ? { build_in_cold: true } : {}),
    ...(error ? { error: error.split("\n")[0] } : {}),
  });
}

async function main(): Promise<number> {
  installCleanup();
  const restoreTsconfigNow = guardTsconfig();
  const opts = parseOptions(process.argv.slice(2));
  let stack: StackFigures | null = null;
  let app: AppFigures | null = null;
  let error: string | null = null;
  try {
    stack = await benchStackOnly(opts);
    if (!opts.stackOnly) app = await benchApp(opts, restoreTsconfigNow);
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
    say(`[bench] ✖ ${error}`);
  }
  restoreTsconfigNow(); // before the report, so the JSON line stays the last output
  report(opts, stack, app, error);
  return error ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    say(`[bench] ✖ ${err instanceof Error ? err.message : String(err)}`);
    printJsonLine({ cold_start_s: null, warm_start_s: null, error: String(err) });
    process.exit(1);
  },
);
