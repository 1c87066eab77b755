/**
 * `npm run bench:customers`: the customer and transaction API at scale (issue 3 targets).
 *
 *   1. `stack/cli.ts start` on its own ports and a temporary .data/bench-customers-* dir
 *      (migrations, demo seed, worker, `next start` on the production build);
 *   2. set-based SQL adds --customers (100,000) customers and --transactions (1,000,000)
 *      transactions to the demo business, then refreshes customer_stats and ANALYZEs.
 *      Generated rows skip the per-row triggers (activity log, audit): they are synthetic
 *      history, not user actions, and the app paths measured below run them as usual;
 *   3. signed in as the demo owner through the real Auth service, it measures through the
 *      real HTTP stack (Next.js -> PostgREST -> Postgres) at --concurrency (10) requests:
 *      customer list (search with a typo + filter + sort; every fourth request also filters
 *      by RFM segment, from a real RFM run), customer detail, and recording a
 *      transaction (POST /api/transactions);
 *   4. reports p50/p95 per kind and the Next.js server's resident memory.
 *
 * Flags: --customers=N --transactions=N --requests=N (per kind) --concurrency=N.
 * Ports: SMA_BENCH_GATEWAY_PORT (55761; PostgREST +10/+11), SMA_BENCH_PG_PORT, SMA_BENCH_APP_PORT;
 * Next.js build dir: SMA_BENCH_DIST_DIR (.data/next-bench).
 * Progress goes to stderr; stdout ends with one JSON line:
 *   { list_p95_ms, detail_p95_ms, create_tx_p95_ms, next_rss_mb, ... }
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createServerClient } from "@supabase/ssr";
import pg from "pg";
import { loadStackConfig, ROOT } from "../../stack/config";
import { apiKeys } from "../../stack/keys";
import { assertPortFree } from "../../stack/ports";
import { DEMO_EMAIL, DEMO_PASSWORD } from "../seed-demo";
import { generate } from "./customers-data";
import { now, onCleanup, percentile, printJsonLine, processState, removeDir, say, startService, terminatePid, type Service } from "./lib";

const TSX_CLI = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
/** Next.js build dir of the bench's app (SMA_BENCH_DIST_DIR overrides, so two benches cannot share one). */
const BENCH_DIST_DIR = process.env.SMA_BENCH_DIST_DIR ?? ".data/next-bench";

interface Options {
  customers: number;
  transactions: number;
  requests: number;
  concurrency: number;
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
    requests: flag("requests", 300, 10_000),
    concurrency: flag("concurrency", 10, 200),
    ports: { gateway: port("SMA_BENCH_GATEWAY_PORT", 55761), pg: port("SMA_BENCH_PG_PORT", 55762), app: port("SMA_BENCH_APP_PORT", 55763) },
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
  // Values inherited from a dev shell would point the child at another stack.
  for (const key of ["SMA_REST_PORT", "SMA_REST_ADMIN_PORT", "NEXT_PUBLIC_SITE_URL", "NEXT_PUBLIC_SUPABASE_URL", "NEXT_PUBLIC_SUPABASE_ANON_KEY", "SUPABASE_SERVICE_ROLE_KEY", "DATABASE_URL"]) {
    delete env[key];
  }
  return env;
}

async function sessionCookie(supabaseUrl: string, anonKey: string): Promise<string> {
  const jar = new Map<string, string>();
  const client = createServerClient(supabaseUrl, anonKey, {
    cookies: {
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      setAll: (cookies) => cookies.forEach((c) => (c.value ? jar.set(c.name, c.value) : jar.delete(c.name))),
    },
  });
  const { error } = await client.auth.signInWithPassword({ email: DEMO_EMAIL, password: DEMO_PASSWORD });
  if (error) throw new Error(`sign-in failed: ${error.message}`);
  return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
}

interface Phase {
  p50: number;
  p95: number;
  errors: number;
  /** Latency of each request, by its index. */
  latencies: number[];
}

/** `total` requests, `concurrency` at a time; a non-2xx answer counts as an error. */
async function load(total: number, concurrency: number, request: (i: number) => Promise<Response>): Promise<Phase> {
  const latencies: number[] = new Array<number>(total).fill(0);
  let next = 0;
  let errors = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const t0 = now();
      const res = await request(i);
      await res.arrayBuffer();
      latencies[i] = now() - t0;
      if (!res.ok) {
        errors++;
        if (errors <= 3) say(`[bench]   ${res.status} from request ${i}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { p50: Math.round(percentile(latencies, 50) * 10) / 10, p95: Math.round(percentile(latencies, 95) * 10) / 10, errors, latencies };
}

/** Mean latency per kind and how many of the slowest 5 % each kind has: where the p95 comes from. */
function byKind(phase: Phase, kindOf: (i: number) => string): string {
  const cut = phase.p95;
  const kinds = new Map<string, { n: number; sum: number; slow: number }>();
  phase.latencies.forEach((ms, i) => {
    const k = kinds.get(kindOf(i)) ?? { n: 0, sum: 0, slow: 0 };
    k.n++;
    k.sum += ms;
    if (ms >= cut) k.slow++;
    kinds.set(kindOf(i), k);
  });
  return [...kinds].sort((a, b) => b[1].sum / b[1].n - a[1].sum / a[1].n)
    .map(([k, v]) => `${k} ${Math.round(v.sum / v.n)} ms${v.slow ? ` (${v.slow} slowest)` : ""}`).join(", ");
}

/** Resident memory (MB) of the Next.js server processes in the stack's process group. */
function nextRssMb(service: Service): number {
  const out = execFileSync("ps", ["-eo", "pid=,pgid=,rss=,args="], { encoding: "utf8" });
  let kb = 0;
  for (const line of out.split("\n")) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (m && Number(m[2]) === service.child.pid && /next-server|next start|next\/dist/.test(m[4] ?? "")) kb += Number(m[3]);
  }
  return Math.round(kb / 102.4) / 10;
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const { gateway, pg: pgPort, app } = opts.ports;
  for (const [port, name] of [[gateway, "SMA_BENCH_GATEWAY_PORT"], [gateway + 10, "SMA_BENCH_GATEWAY_PORT (+10)"], [gateway + 11, "SMA_BENCH_GATEWAY_PORT (+11)"], [pgPort, "SMA_BENCH_PG_PORT"], [app, "SMA_BENCH_APP_PORT"]] as const) {
    await assertPortFree(port, name, "the bench");
  }
  const dataDir = path.join(ROOT, ".data", `bench-customers-${Date.now().toString(36)}-${process.pid}`);
  onCleanup(() => removeDir(dataDir));
  const env = benchEnv(opts, dataDir);
  say("[bench] starting the stack and the app (migrations, demo seed, build if needed)...");
  const service = startService("stack/cli.ts start", process.execPath, [TSX_CLI, "stack/cli.ts", "start"], { cwd: ROOT, env });
  try {
    await service.waitForLine(/^Ready: /, 900_000);
    const cfg = loadStackConfig(env);
    const keys = await apiKeys(cfg.jwtSecret);
    const db = new pg.Client({ connectionString: cfg.dbUrl });
    await db.connect();
    let ids: string[];
    try {
      const { rows } = await db.query<{ id: string }>(
        "select b.id from public.businesses b join public.business_members m on m.business_id = b.id join auth.users u on u.id = m.user_id where u.email = $1 and m.role = 'owner'",
        [DEMO_EMAIL],
      );
      const businessId = rows[0]?.id;
      if (!businessId) throw new Error("the demo business is missing");
      say(`[bench] generating data in the demo business...`);
      await generate(db, businessId, opts);
      const sample = await db.query<{ id: string }>(
        "select id from public.customers where business_id = $1 and deleted_at is null order by random() limit 1000",
        [businessId],
      );
      ids = sample.rows.map((r) => r.id);
    } finally {
      await db.end();
    }

    const cookie = await sessionCookie(cfg.supabaseUrl, keys.anonKey);
    const base = `http://127.0.0.1:${app}`;
    const get = (p: string) => fetch(`${base}${p}`, { headers: { cookie } });
    const pick = (i: number) => ids[(i * 7919) % ids.length] ?? "";
    const searches = ["santso", "dewi wjaya", "budi", "hartono 12", "lestari", "rina kusuma", "joko", "pratama"];
    const sorts = ["name", "created_at", "balance", "city"];
    // Every fourth list request also filters by RFM segment (or "none": not scored yet).
    const segments = ["champions", "at_risk", "none", "loyal_customers", "lost"];
    const segmentOf = (i: number) => (i % 4 === 3 ? `&segment=${segments[Math.floor(i / 4) % segments.length]}` : "");
    const listPath = (i: number) =>
      `/api/customers?q=${encodeURIComponent(searches[i % searches.length] ?? "")}&status=active&sort=${sorts[i % sorts.length]}&order=${i % 2 ? "asc" : "desc"}&page=${1 + (i % 3)}${segmentOf(i)}`;
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const createTx = (i: number) =>
      fetch(`${base}/api/transactions`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify({ customerId: pick(i + 13), date: today, amount: 150000 + (i % 50) * 1000, paymentMethod: "tunai" }),
      });

    // Steady state, not a cold start: until V8 has optimised the route code (a few hundred
    // requests), Next.js spends ~1.3-1.5x its warm CPU per request. Sales first: the jobs they
    // queue (customer figures, RFM refresh) run during the other warm-ups, not during the
    // measured list requests.
    say("[bench] warming up (100 requests per kind)...");
    await load(100, opts.concurrency, (i) => createTx(i + 5000));
    await load(100, opts.concurrency, (i) => get(`/api/customers/${pick(i + 500)}`));
    await load(100, opts.concurrency, (i) => get(listPath(i + 1000)));

    say(`[bench] ${opts.requests} requests per kind at concurrency ${opts.concurrency}...`);
    const list = await load(opts.requests, opts.concurrency, (i) => get(listPath(i)));
    say(`[bench]   list    p50 ${list.p50} ms  p95 ${list.p95} ms  errors ${list.errors}`);
    say(`[bench]     by search: ${byKind(list, (i) => `"${searches[i % searches.length]}"${i % 4 === 3 ? " + segment" : ""}`)}`);
    const detail = await load(opts.requests, opts.concurrency, (i) => get(`/api/customers/${pick(i)}`));
    say(`[bench]   detail  p50 ${detail.p50} ms  p95 ${detail.p95} ms  errors ${detail.errors}`);
    const create = await load(opts.requests, opts.concurrency, createTx);
    say(`[bench]   create  p50 ${create.p50} ms  p95 ${create.p95} ms  errors ${create.errors}`);
    const rss = nextRssMb(service);
    say(`[bench]   Next.js RSS ${rss} MB`);

    printJsonLine({
      customers: opts.customers,
      transactions: opts.transactions,
      concurrency: opts.concurrency,
      requests_per_kind: opts.requests,
      list_p50_ms: list.p50,
      detail_p50_ms: detail.p50,
      create_tx_p50_ms: create.p50,
      errors: list.errors + detail.errors + create.errors,
      list_p95_ms: list.p95,
      detail_p95_ms: detail.p95,
      create_tx_p95_ms: create.p95,
      next_rss_mb: rss,
    });
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

main().catch((err: unknown) => {
  say(`✖ ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
