/**
 * `npm run bench:rfm`: the RFM engine at scale (issue 5 targets), on one business with
 * --customers (100,000) customers and --transactions (1,000,000) transactions.
 *
 *   1. `stack/cli.ts start` on its own ports and a temporary .data/bench-rfm-* dir (migrations,
 *      demo seed, worker, `next start`), then the data set (generate() below) in the demo business;
 *   2. aggregate: the bare `select customer_id, max(date), count(*), sum(amount) ... group by
 *      customer_id` over the window (the physical floor), best of --repeat (3);
 *   3. full run: `public.rfm_run()` (scoring, 100k result rows, the new current state), --repeat
 *      runs dated on consecutive days ending today (the weekly run: a new day), median; ratio to
 *      the aggregate; then today once more (a same-day re-run also deletes the day's earlier
 *      run: replace_run_s, reported apart);
 *   4. baseline (document 000's RFMService.calculateForAllCustomers + saveAnalysisResults):
 *      with the signed-in owner's session (000's createServerClientInstance: @supabase/ssr,
 *      anon key + the user's JWT, so RLS applies to every read and write), the year's
 *      transactions loaded into Node through PostgREST (pages of 1,000, PostgREST's max-rows),
 *      scored in JavaScript with 000's quintile breakpoints, upserted in batches of 100 into
 *      a scratch table shaped like 000's rfm_analysis (its keys, indexes and RLS);
 *   5. incremental: `rfm_refresh_customers()` for one customer, --incremental (50) customers,
 *      p50 / p95;
 *   6. GET /api/rfm/analysis through the real HTTP stack (Next.js -> PostgREST -> Postgres),
 *      signed in as the demo owner, --requests (200) at --concurrency (10): p50 / p95.
 * Other engineers share the machine: the load average is printed with the figures.
 *
 * Flags: --customers=N --transactions=N --repeat=N --incremental=N --requests=N --concurrency=N
 *        --skip-baseline (everything but step 4).
 * Ports: SMA_BENCH_RFM_GATEWAY_PORT (55781; PostgREST +10/+11), SMA_BENCH_RFM_PG_PORT (55782),
 * SMA_BENCH_RFM_APP_PORT (55783); Next.js build dir SMA_BENCH_DIST_DIR (.data/next-bench). Progress on stderr; stdout ends with one JSON line:
 *   { full_run_s, aggregate_s, ratio_to_aggregate, baseline_s, speedup_vs_baseline, incremental_ms, overview_p95_ms, ... }
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createServerClient } from "@supabase/ssr";
import type { SupabaseClient } from "@supabase/supabase-js";
import pg from "pg";
import { loadStackConfig, ROOT } from "../../stack/config";
import { apiKeys } from "../../stack/keys";
import { assertPortFree } from "../../stack/ports";
import { DEMO_EMAIL, DEMO_PASSWORD } from "../seed-demo";
import { baseline, createBaselineTable } from "./rfm-baseline";
import { now, onCleanup, percentile, printJsonLine, processState, removeDir, say, seconds, startService, terminatePid, timed } from "./lib";

const TSX_CLI = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
/** Next.js build dir of the bench's app (SMA_BENCH_DIST_DIR overrides, so two benches cannot share one). */
const BENCH_DIST_DIR = process.env.SMA_BENCH_DIST_DIR ?? ".data/next-bench";

interface Options {
  customers: number;
  transactions: number;
  repeat: number;
  incremental: number;
  requests: number;
  concurrency: number;
  skipBaseline: boolean;
  ports: { gateway: number; pg: number; app: number };
}

function parseOptions(argv: readonly string[]): Options {
  const flag = (name: string, fallback: number, max: number) => {
    const raw = argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be an integer from 1 to ${max}`);
    return n;
  };
  const port = (name: string, fallback: number) => {
    const n = Number(process.env[name] ?? fallback);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${name} must be a port number`);
    return n;
  };
  return {
    customers: flag("customers", 100_000, 1_000_000),
    transactions: flag("transactions", 1_000_000, 10_000_000),
    repeat: flag("repeat", 3, 20),
    incremental: flag("incremental", 50, 1000),
    requests: flag("requests", 200, 10_000),
    concurrency: flag("concurrency", 10, 200),
    skipBaseline: argv.includes("--skip-baseline"),
    ports: { gateway: port("SMA_BENCH_RFM_GATEWAY_PORT", 55781), pg: port("SMA_BENCH_RFM_PG_PORT", 55782), app: port("SMA_BENCH_RFM_APP_PORT", 55783) },
  };
}

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
  for (const key of ["SMA_REST_PORT", "SMA_REST_ADMIN_PORT", "NEXT_PUBLIC_SITE_URL", "NEXT_PUBLIC_SUPABASE_URL", "NEXT_PUBLIC_SUPABASE_ANON_KEY", "SUPABASE_SERVICE_ROLE_KEY", "DATABASE_URL"]) {
    delete env[key];
  }
  return env;
}

const median = (values: number[]) => percentile(values, 50);
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");

/**
 * The data set: customers and transactions over 540 days (a third before the window), 1 in 67
 * sales voided, set-based like scripts/bench/customers-data.ts (same shapes) but without its
 * customer_stats refresh and synthetic customer_rfm rows, which this bench does not need.
 * Per-row triggers (audit, activity log) are skipped: synthetic history, not user actions.
 */
async function generate(db: pg.Client, businessId: string, opts: { customers: number; transactions: number }): Promise<void> {
  await db.query("set session_replication_role = replica");
  await db.query("set statement_timeout = 0");
  const c = await timed(() =>
    db.query(
      `insert into public.customers (business_id, name, whatsapp, city, created_at, updated_at)
       select $1, 'Pelanggan ' || g, '+62898' || lpad(g::text, 8, '0'),
              (array['Pekalongan','Batang','Semarang','Jakarta','Surabaya','Solo','Yogyakarta','Bandung'])[1 + g % 8],
              now() - (g % 700) * interval '1 day', now()
       from generate_series(1, $2::int) g`,
      [businessId, opts.customers],
    ),
  );
  say(`[bench]   ${opts.customers} customers in ${seconds(c.ms)} s`);
  await db.query(
    `create temp table bench_customers as
       select id, (row_number() over (order by id))::int as rn from public.customers where business_id = $1 and deleted_at is null`,
    [businessId],
  );
  await db.query("create index on bench_customers (rn)");
  const n = (await db.query<{ n: number }>("select count(*)::int as n from bench_customers")).rows[0]?.n ?? 1;
  const t = await timed(() =>
    db.query(
      `insert into public.transactions (business_id, customer_id, transaction_date, amount, payment_method, status, voided_at, created_at, updated_at)
       select $1, bc.id, (now() at time zone 'Asia/Jakarta')::date - (g % 540),
              ((g::bigint * 7919) % 2000 + 50) * 1000,
              (array['tunai','transfer','qris','e-wallet'])[1 + g % 4],
              (case when g % 67 = 0 then 'voided' else 'completed' end)::public.transaction_status,
              case when g % 67 = 0 then now() end, now(), now()
       from generate_series(1, $2::int) g
       join bench_customers bc on bc.rn = 1 + ((g::bigint * 2654435761) % $3)::int`,
      [businessId, opts.transactions, n],
    ),
  );
  say(`[bench]   ${opts.transactions} transactions in ${seconds(t.ms)} s`);
  await db.query("set session_replication_role = origin");
  await db.query("drop table bench_customers");
  await db.query("vacuum analyze public.transactions");
  await db.query("vacuum analyze public.customers");
}

/** The demo owner signed in: 000's server client (anon key + the user's session cookie). */
async function userSession(supabaseUrl: string, anonKey: string): Promise<{ client: SupabaseClient; cookie: string; userId: string }> {
  const jar = new Map<string, string>();
  const client = createServerClient(supabaseUrl, anonKey, {
    cookies: {
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      setAll: (cookies) => cookies.forEach((c) => (c.value ? jar.set(c.name, c.value) : jar.delete(c.name))),
    },
  });
  const { data, error } = await client.auth.signInWithPassword({ email: DEMO_EMAIL, password: DEMO_PASSWORD });
  // Its refresh timer would keep the process alive after the figures are printed.
  await client.auth.stopAutoRefresh();
  if (error || !data.user) throw new Error(`sign-in failed: ${error?.message ?? "no user"}`);
  return { client, cookie: [...jar].map(([name, value]) => `${name}=${value}`).join("; "), userId: data.user.id };
}

async function httpLoad(total: number, concurrency: number, request: () => Promise<Response>): Promise<{ p50: number; p95: number; errors: number }> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const worker = async () => {
    while (next++ < total) {
      const t0 = now();
      const res = await request();
      await res.arrayBuffer();
      latencies.push(now() - t0);
      if (!res.ok && ++errors <= 3) say(`[bench]   HTTP ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { p50: round(percentile(latencies, 50)), p95: round(percentile(latencies, 95)), errors };
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const { gateway, pg: pgPort, app } = opts.ports;
  for (const [port, name] of [[gateway, "SMA_BENCH_RFM_GATEWAY_PORT"], [gateway + 10, "SMA_BENCH_RFM_GATEWAY_PORT (+10)"], [gateway + 11, "SMA_BENCH_RFM_GATEWAY_PORT (+11)"], [pgPort, "SMA_BENCH_RFM_PG_PORT"], [app, "SMA_BENCH_RFM_APP_PORT"]] as const) {
    await assertPortFree(port, name, "the bench");
  }
  const dataDir = path.join(ROOT, ".data", `bench-rfm-${Date.now().toString(36)}-${process.pid}`);
  onCleanup(() => removeDir(dataDir));
  const env = benchEnv(opts, dataDir);
  say(`[bench] load average at start: ${load()} (${os.cpus().length} CPUs)`);
  say("[bench] starting the stack and the app (migrations, demo seed, build if needed)...");
  const service = startService("stack/cli.ts start", process.execPath, [TSX_CLI, "stack/cli.ts", "start"], { cwd: ROOT, env });
  try {
    await service.waitForLine(/^Ready: /, 900_000);
    const cfg = loadStackConfig(env);
    const keys = await apiKeys(cfg.jwtSecret);
    const db = new pg.Client({ connectionString: cfg.dbUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ id: string }>(
        "select b.id from public.businesses b join public.business_members m on m.business_id = b.id join auth.users u on u.id = m.user_id where u.email = $1 and m.role = 'owner'",
        [DEMO_EMAIL],
      );
      const businessId = rows[0]?.id;
      if (!businessId) throw new Error("the demo business is missing");
      say(`[bench] generating ${opts.customers} customers / ${opts.transactions} transactions in the demo business...`);
      await generate(db, businessId, opts);
      await db.query("set statement_timeout = 0");
      const dates = await db.query<{ today: string; start: string }>(
        "select (now() at time zone 'Asia/Jakarta')::date::text as today, ((now() at time zone 'Asia/Jakarta')::date - 364)::text as start",
      );
      const { today, start } = dates.rows[0] ?? { today: "", start: "" };

      say(`[bench] aggregate (the floor), best of ${opts.repeat}...`);
      const aggMs: number[] = [];
      for (let i = 0; i < opts.repeat; i++) {
        const t = await timed(() =>
          db.query(
            `select customer_id, max(transaction_date), count(*), sum(amount) from public.transactions
             where business_id = $1 and status = 'completed' and transaction_date between $2 and $3 group by customer_id`,
            [businessId, start, today],
          ),
        );
        aggMs.push(t.ms);
        say(`[bench]   aggregate ${seconds(t.ms)} s (${t.value.rowCount} customers)`);
      }
      const aggregateMs = Math.min(...aggMs);

      // The weekly run is a run on a new day: the runs below are dated today - (repeat - 1) ...
      // today, each the business's latest when it runs (so each becomes the current state and
      // keeps the earlier ones as history, as the schedule does). Re-running a day that already
      // has a run also deletes that run's rows first: measured once more after them, reported
      // on its own (replace_run_s).
      say(`[bench] full run (rfm_run), ${opts.repeat} runs on consecutive days ending today, then today again (same-day replace)...`);
      type RunRow = { customers_scored: number; customers_lost: number; scoring_mode: string; duration_ms: number };
      const runOnce = async (daysBack: number | null) => {
        const t = await timed(() => daysBack === null
          ? db.query<RunRow>("select customers_scored, customers_lost, scoring_mode::text, duration_ms from public.rfm_run($1)", [businessId])
          : db.query<RunRow>("select customers_scored, customers_lost, scoring_mode::text, duration_ms from public.rfm_run($1, (now() at time zone 'Asia/Jakarta')::date - $2::int)", [businessId, daysBack]));
        const r = t.value.rows[0];
        say(`[bench]   ${daysBack === null ? "same-day replace" : `run as of today - ${daysBack}`} ${seconds(t.ms)} s (scored ${r?.customers_scored}, lost ${r?.customers_lost}, ${r?.scoring_mode}; in-function ${r?.duration_ms} ms)`);
        return t.ms;
      };
      const runMs: number[] = [];
      for (let i = opts.repeat - 1; i >= 0; i--) runMs.push(await runOnce(i));
      const replaceMs = await runOnce(null);
      const fullRunMs = median(runMs);
      const ratio = fullRunMs / aggregateMs;
      say(`[bench]   ratio full run / aggregate = ${round(ratio, 2)} (target <= 3)   load ${load()}`);

      const session = await userSession(cfg.supabaseUrl, keys.anonKey);
      let baselineMs: number | null = null;
      let baselineParts: { load_s: number; upsert_s: number } | null = null;
      if (!opts.skipBaseline) {
        await createBaselineTable(db);
        say("[bench] baseline (document 000 as the signed-in owner: load into Node, score in JS, upsert by 100)...");
        const b = await baseline(session.client, session.userId, businessId, start, today);
        const written = await db.query<{ n: number }>("select count(*)::int as n from public.bench_rfm_analysis where analysis_date = $1", [today]);
        if (written.rows[0]?.n !== b.customers) throw new Error(`baseline wrote ${written.rows[0]?.n} rows, expected ${b.customers}`);
        baselineMs = b.ms;
        baselineParts = { load_s: seconds(b.loadMs), upsert_s: seconds(b.upsertMs) };
        say(`[bench]   baseline ${seconds(b.ms)} s (${b.rows} transactions loaded, ${b.customers} customers upserted; load ${seconds(b.loadMs)} s, upserts ${seconds(b.upsertMs)} s); speedup ${round(b.ms / fullRunMs, 1)}x (target >= 20)   load ${load()}`);
      }

      say(`[bench] incremental refresh of one customer, ${opts.incremental} customers...`);
      const sample = await db.query<{ id: string }>(
        "select customer_id as id from public.customer_rfm where business_id = $1 order by md5(customer_id::text) limit $2", [businessId, opts.incremental]);
      const incMs: number[] = [];
      for (const { id } of sample.rows) {
        const t = await timed(() => db.query("select public.rfm_refresh_customers($1, array[$2]::uuid[])", [businessId, id]));
        incMs.push(t.ms);
      }
      const incP50 = round(percentile(incMs, 50), 2);
      const incP95 = round(percentile(incMs, 95), 2);
      say(`[bench]   incremental p50 ${incP50} ms  p95 ${incP95} ms (target < 50)`);

      const cookie = session.cookie;
      const get = () => fetch(`http://127.0.0.1:${app}/api/rfm/analysis`, { headers: { cookie } });
      const check = await get();
      const body = (await check.json()) as { success: boolean; data?: { distribution?: unknown[] } };
      if (!check.ok || !body.success || body.data?.distribution?.length !== 10) throw new Error(`overview API answered ${check.status}`);
      say(`[bench] overview API: ${opts.requests} requests at concurrency ${opts.concurrency}...`);
      await httpLoad(20, opts.concurrency, get);
      const overview = await httpLoad(opts.requests, opts.concurrency, get);
      say(`[bench]   GET /api/rfm/analysis p50 ${overview.p50} ms  p95 ${overview.p95} ms  errors ${overview.errors} (target p95 < 200)`);
      const loadEnd = load();
      say(`[bench] load average at the end: ${loadEnd}`);

      printJsonLine({
        customers: opts.customers,
        transactions: opts.transactions,
        load_avg: loadEnd,
        full_run_runs_s: runMs.map((ms) => seconds(ms)),
        replace_run_s: seconds(replaceMs),
        incremental_p95_ms: incP95,
        overview_p50_ms: overview.p50,
        overview_errors: overview.errors,
        baseline_load_s: baselineParts?.load_s ?? null,
        baseline_upsert_s: baselineParts?.upsert_s ?? null,
        full_run_s: seconds(fullRunMs),
        aggregate_s: seconds(aggregateMs),
        ratio_to_aggregate: round(ratio, 2),
        baseline_s: baselineMs === null ? null : seconds(baselineMs),
        speedup_vs_baseline: baselineMs === null ? null : round(baselineMs / fullRunMs, 1),
        incremental_ms: incP50,
        overview_p95_ms: overview.p95,
      });
    } finally {
      await db.end();
    }
  } finally {
    await service.stop({ signal: "SIGINT", graceMs: 30_000 });
    const pidFile = path.join(dataDir, "pg", "postmaster.pid");
    try {
      const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
      if (pid > 0 && processState(pid) === "running") await terminatePid(pid);
    } catch {
      // No Postgres left behind.
    }
  }
}

main()
  .catch((err: unknown) => {
    say(`✖ ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  })
  // Everything it started is stopped by now; do not wait for stray client timers.
  .finally(() => process.exit());
