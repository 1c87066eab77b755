/**
 * `npm run bench:import`: CSV imports at scale (issue 4 targets), through the real path.
 *
 *   1. `stack/cli.ts start` on its own ports and a temporary .data/bench-import-* dir
 *      (migrations, demo seed, the pg-boss worker, `next start` on the production build);
 *   2. customers: a generated CSV of --customers (100,000) rows, 5 % bad (invalid WhatsApp or
 *      no name) and 5 % repeating an earlier row's WhatsApp, is uploaded to POST /api/imports
 *      as the demo owner (Next.js parses and stages it), started (POST .../start) and polled
 *      until the worker's imports.process job completes. customers_100k_s = upload -> done;
 *   3. a bare `COPY` of the same file into a scratch table, in the same run: ratio_to_copy;
 *   4. transactions: --transactions (1,000,000) sale rows for the imported customers, as files
 *      of at most 200,000 rows (the per-file limit), uploaded and started one after another,
 *      then polled until all are done: transactions_1m_s = first upload -> last done;
 *   5. peak_rss_mb: the highest VmHWM (peak resident set) of any process of the stack (Next.js,
 *      the worker, Postgres backends, PostgREST, the stack's own node), sampled every 250 ms
 *      from /proc while the imports run.
 *
 * Flags: --customers=N --transactions=N (0 skips the transactions part).
 * Ports: SMA_BENCH_GATEWAY_PORT (55861; PostgREST +10/+11), SMA_BENCH_PG_PORT (55862), SMA_BENCH_APP_PORT (55863);
 * Next.js build dir: SMA_BENCH_DIST_DIR (.data/next-bench-import).
 * Progress goes to stderr; stdout ends with one JSON line:
 *   { customers_100k_s, ratio_to_copy, peak_rss_mb, transactions_1m_s, ... }
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createServerClient } from "@supabase/ssr";
import pg from "pg";
import { loadStackConfig, ROOT } from "../../stack/config";
import { apiKeys } from "../../stack/keys";
import { assertPortFree } from "../../stack/ports";
import { DEMO_EMAIL, DEMO_PASSWORD } from "../seed-demo";
import { now, onCleanup, printJsonLine, processState, removeDir, say, seconds, sleep, startService, terminatePid, timed, type Service } from "./lib";

const TSX_CLI = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
/** Next.js build dir of the bench's app (SMA_BENCH_DIST_DIR overrides, so two benches cannot share one). */
const BENCH_DIST_DIR = process.env.SMA_BENCH_DIST_DIR ?? ".data/next-bench-import";
const FILE_MAX_ROWS = 200_000;

interface Options {
  customers: number;
  transactions: number;
  ports: { gateway: number; pg: number; app: number };
}

function parseOptions(argv: readonly string[]): Options {
  const flag = (name: string, fallback: number, min: number, max: number) => {
    const raw = argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}`);
    return n;
  };
  const port = (name: string, fallback: number) => {
    const n = Number(process.env[name] ?? fallback);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${name} must be a port number`);
    return n;
  };
  return {
    customers: flag("customers", 100_000, 100, FILE_MAX_ROWS),
    transactions: flag("transactions", 1_000_000, 0, 5_000_000),
    ports: { gateway: port("SMA_BENCH_GATEWAY_PORT", 55861), pg: port("SMA_BENCH_PG_PORT", 55862), app: port("SMA_BENCH_APP_PORT", 55863) },
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
  for (const key of ["SMA_REST_PORT", "SMA_REST_ADMIN_PORT", "NEXT_PUBLIC_SITE_URL", "NEXT_PUBLIC_SUPABASE_URL", "NEXT_PUBLIC_SUPABASE_ANON_KEY", "SUPABASE_SERVICE_ROLE_KEY", "DATABASE_URL", "SMA_JOBS_SCHEMA"]) {
    delete env[key];
  }
  return env;
}

// ---------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------

const FIRST = ["Budi", "Siti", "Agus", "Dewi", "Rudi", "Sri", "Eko", "Wati", "Joko", "Rina", "Hendra", "Lestari"];
const LAST = ["Santoso", "Wijaya", "Hartono", "Susanti", "Pratama", "Kusuma", "Saputra", "Rahayu"];
const CITIES = ["Pekalongan", "Batang", "Semarang", "Jakarta", "Surabaya", "Solo"];
/** A valid Indonesian mobile number per index, written the way people type it. */
const phone = (i: number) => `0857${String(10_000_000 + i).padStart(8, "0")}`;

/**
 * Customers CSV (semicolon, as Indonesian Excel saves it): every 20th row is bad (alternately
 * an invalid WhatsApp and a missing name), every 20th (offset 10) repeats an earlier row's
 * WhatsApp. Returns the file and the numbers of the good, unique customers.
 */
function customersCsv(n: number): { csv: string; good: number[] } {
  const lines = ["Nama;No WA;Email;Kota;Tag;Saldo"];
  const good: number[] = [];
  for (let i = 1; i <= n; i++) {
    const name = `${FIRST[i % FIRST.length]} ${LAST[(i >> 3) % LAST.length]} ${i}`;
    const city = CITIES[i % CITIES.length];
    if (i % 20 === 0) {
      lines.push(i % 40 === 0 ? `${name};12345;;${city};;` : `;${phone(i)};;${city};;`);
    } else if (i % 20 === 10 && i > 20) {
      lines.push(`${name} (lagi);${phone(i - 5)};;${city};;`);
    } else {
      lines.push(`${name};${phone(i)};${i % 3 === 0 ? `p${i}@contoh.id` : ""};${city};${i % 7 === 0 ? "VIP" : ""};${i % 11 === 0 ? "150.000" : ""}`);
      good.push(i);
    }
  }
  return { csv: lines.join("\n") + "\n", good };
}

/** Sales CSV files of at most FILE_MAX_ROWS rows for the given customers. */
function transactionFiles(total: number, customers: number[]): string[] {
  const files: string[] = [];
  for (let start = 0; start < total; start += FILE_MAX_ROWS) {
    const lines = ["Tanggal;No WA;Jumlah;Produk;Catatan"];
    for (let g = start; g < Math.min(total, start + FILE_MAX_ROWS); g++) {
      const c = customers[(g * 7919) % customers.length] ?? 1;
      const day = 1 + (g % 28);
      const month = 1 + (g % 12);
      lines.push(`${String(day).padStart(2, "0")}/${String(month).padStart(2, "0")}/2025;${phone(c)};${((g * 37) % 2000 + 50) * 1000};${g % 4 === 0 ? "Batik Tulis" : ""};`);
    }
    files.push(lines.join("\n") + "\n");
  }
  return files;
}

// ---------------------------------------------------------------------------------------
// Memory
// ---------------------------------------------------------------------------------------

/** Every pid whose process group is the stack's (the stack was spawned as a group leader). */
function groupPids(pgid: number): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid) out.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

function procInfo(pid: number): { hwmKb: number; name: string } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").trim();
    return { hwmKb: Number(hwm?.[1] ?? 0), name: kindOf(cmd) };
  } catch {
    return null;
  }
}

function kindOf(cmd: string): string {
  if (/next-server|next start|next\/dist/.test(cmd)) return "next";
  if (/jobs\/worker/.test(cmd)) return "worker";
  if (/postgres/.test(cmd)) return "postgres";
  if (/postgrest/.test(cmd)) return "postgrest";
  if (/stack\/cli/.test(cmd)) return "stack";
  return cmd.split(" ")[0]?.split("/").pop() ?? "other";
}

/** Samples peak RSS per kind of process until stopped. */
function memorySampler(service: Service): { stop: () => Record<string, number>; peek: () => Record<string, number> } {
  const peak: Record<string, number> = {};
  const sample = () => {
    const pgid = service.child.pid;
    if (pgid === undefined) return;
    for (const pid of groupPids(pgid)) {
      const info = procInfo(pid);
      if (info) peak[info.name] = Math.max(peak[info.name] ?? 0, info.hwmKb);
    }
  };
  sample();
  const timer = setInterval(sample, 250);
  const mb = () => Object.fromEntries(Object.entries(peak).map(([k, kb]) => [k, Math.round(kb / 102.4) / 10]));
  return {
    peek: () => {
      sample();
      return mb();
    },
    stop: () => {
      clearInterval(timer);
      sample();
      return mb();
    },
  };
}

// ---------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------

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

interface ImportState {
  id: string;
  status: string;
  mapping: Record<string, number>;
  total_rows: number;
  processed_rows: number;
  imported_rows: number;
  updated_rows: number;
  skipped_rows: number;
  duplicate_rows: number;
  error_rows: number;
}

async function api<T>(base: string, cookie: string, p: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${base}${p}`, { ...init, headers: { cookie, ...(init.headers ?? {}) } });
  const body = (await res.json()) as { success: boolean; data?: T; error?: { code: string; message: string } };
  if (!body.success || body.data === undefined) throw new Error(`${init.method ?? "GET"} ${p}: ${res.status} ${body.error?.code} ${body.error?.message}`);
  return body.data;
}

async function uploadAndStart(base: string, cookie: string, kind: string, name: string, csv: string): Promise<ImportState> {
  const form = new FormData();
  form.set("kind", kind);
  form.set("file", new File([csv], name, { type: "text/csv" }));
  const imp = await api<ImportState>(base, cookie, "/api/imports", { method: "POST", body: form });
  return api<ImportState>(base, cookie, `/api/imports/${imp.id}/start`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ mapping: imp.mapping, duplicateStrategy: "skip" }),
  });
}

async function waitDone(base: string, cookie: string, id: string, label: string, timeoutMs: number): Promise<ImportState> {
  const deadline = now() + timeoutMs;
  let lastSaid = 0;
  for (;;) {
    const imp = await api<ImportState>(base, cookie, `/api/imports/${id}`);
    if (imp.status === "completed" || imp.status === "failed") return imp;
    if (now() > deadline) throw new Error(`${label}: not done within ${timeoutMs / 1000} s (status ${imp.status}, ${imp.processed_rows}/${imp.total_rows})`);
    if (now() - lastSaid > 10_000) {
      say(`[bench]   ${label}: ${imp.status} ${imp.processed_rows}/${imp.total_rows}`);
      lastSaid = now();
    }
    await sleep(250);
  }
}

// ---------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const { gateway, pg: pgPort, app } = opts.ports;
  for (const [port, name] of [[gateway, "SMA_BENCH_GATEWAY_PORT"], [gateway + 10, "SMA_BENCH_GATEWAY_PORT (+10)"], [gateway + 11, "SMA_BENCH_GATEWAY_PORT (+11)"], [pgPort, "SMA_BENCH_PG_PORT"], [app, "SMA_BENCH_APP_PORT"]] as const) {
    await assertPortFree(port, name, "the bench");
  }
  const dataDir = path.join(ROOT, ".data", `bench-import-${Date.now().toString(36)}-${process.pid}`);
  onCleanup(() => removeDir(dataDir));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sma-bench-import-"));
  fs.chmodSync(tmp, 0o755);
  onCleanup(() => removeDir(tmp));
  const env = benchEnv(opts, dataDir);

  say(`[bench] generating ${opts.customers} customer rows (5 % bad, 5 % repeated)...`);
  const { csv, good } = customersCsv(opts.customers);
  const csvPath = path.join(tmp, "pelanggan.csv");
  fs.writeFileSync(csvPath, csv);
  fs.chmodSync(csvPath, 0o644);
  say(`[bench]   ${(csv.length / 1048576).toFixed(1)} MB`);

  say("[bench] starting the stack and the app (migrations, demo seed, build if needed)...");
  const service = startService("stack/cli.ts start", process.execPath, [TSX_CLI, "stack/cli.ts", "start"], { cwd: ROOT, env });
  try {
    await service.waitForLine(/^Ready: /, 900_000);
    const cfg = loadStackConfig(env);
    const keys = await apiKeys(cfg.jwtSecret);
    const cookie = await sessionCookie(cfg.supabaseUrl, keys.anonKey);
    const base = `http://127.0.0.1:${app}`;
    const memory = memorySampler(service);

    say("[bench] customers: upload -> stage -> validate -> apply...");
    const t0 = now();
    const started = await uploadAndStart(base, cookie, "customers", "pelanggan.csv", csv);
    const staged = now();
    const done = await waitDone(base, cookie, started.id, "customers", 600_000);
    const customersMs = now() - t0;
    say(`[bench]   ${seconds(customersMs)} s (upload + staging ${seconds(staged - t0)} s, processing ${seconds(now() - staged)} s): ` +
      `imported ${done.imported_rows}, duplicates ${done.duplicate_rows}, failed ${done.error_rows}, status ${done.status}`);
    if (done.status !== "completed") throw new Error(`customers import ended ${done.status}`);
    if (done.imported_rows !== good.length) say(`[bench]   note: expected ${good.length} imported, got ${done.imported_rows}`);

    const db = new pg.Client({ connectionString: cfg.dbUrl });
    await db.connect();
    let copyMs: number;
    try {
      await db.query("create unlogged table if not exists bench_copy_scratch (nama text, no_wa text, email text, kota text, tag text, saldo text)");
      await db.query("truncate bench_copy_scratch");
      copyMs = (await timed(() => db.query(`copy bench_copy_scratch from '${csvPath.replace(/'/g, "''")}' with (format csv, header true, delimiter ';')`))).ms;
      await db.query("drop table bench_copy_scratch");
    } finally {
      await db.end();
    }
    const customersPeaks = memory.peek();
    say(`[bench]   peak RSS so far (MB): ${Object.entries(customersPeaks).map(([k, v]) => `${k} ${v}`).join(", ")}`);
    const ratio = Math.round((customersMs / copyMs) * 10) / 10;
    say(`[bench]   bare COPY of the same file: ${seconds(copyMs)} s -> ratio ${ratio}`);

    let transactionsS: number | null = null;
    let txImported = 0;
    if (opts.transactions > 0) {
      say(`[bench] transactions: generating ${opts.transactions} rows...`);
      const files = transactionFiles(opts.transactions, good);
      say(`[bench]   ${files.length} files; uploading and starting each...`);
      const t1 = now();
      const ids: string[] = [];
      for (const [i, file] of files.entries()) {
        ids.push((await uploadAndStart(base, cookie, "transactions", `penjualan-${i + 1}.csv`, file)).id);
        say(`[bench]   file ${i + 1}/${files.length} staged at ${seconds(now() - t1)} s`);
      }
      files.length = 0;
      for (const [i, id] of ids.entries()) {
        const r = await waitDone(base, cookie, id, `transactions file ${i + 1}`, 3_600_000);
        txImported += r.imported_rows;
        if (r.status !== "completed" || r.error_rows > 0) throw new Error(`transactions file ${i + 1}: ${r.status}, ${r.error_rows} failed rows`);
      }
      transactionsS = seconds(now() - t1);
      say(`[bench]   ${txImported} transactions in ${transactionsS} s`);
    }

    const peaks = memory.stop();
    const peak = Math.max(...Object.values(peaks));
    say(`[bench] peak RSS by process kind (MB): ${Object.entries(peaks).map(([k, v]) => `${k} ${v}`).join(", ")}`);

    printJsonLine({
      customers_rows: opts.customers,
      customers_imported: done.imported_rows,
      customers_duplicates: done.duplicate_rows,
      customers_failed: done.error_rows,
      copy_s: seconds(copyMs),
      transactions_rows: opts.transactions,
      transactions_imported: txImported,
      peak_rss_by_kind_mb: peaks,
      peak_rss_customers_phase_mb: Math.max(...Object.values(customersPeaks)),
      load_average: Math.round((os.loadavg()[0] ?? 0) * 10) / 10,
      customers_100k_s: seconds(customersMs),
      ratio_to_copy: ratio,
      peak_rss_mb: peak,
      transactions_1m_s: transactionsS,
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
