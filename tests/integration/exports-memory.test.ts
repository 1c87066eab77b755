/**
 * Big exports stream: 100,000 customers exported as CSV and XLSX through the real route
 * handler, read chunk by chunk like a slow-ish client, while the heap is sampled. A handler
 * that built the file in memory would grow the heap by at least the file's size (the CSV is
 * ~20 MB of text); the streamed one stays about one page (1,000 rows) above where it started.
 * Prints the figures and one JSON line.
 */
import v8 from "node:v8";
import vm from "node:vm";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as exportCustomersRoute } from "../../src/app/api/customers/export/route";
import { setLogSink } from "../../src/lib/logger";
import { closeDb, sql } from "./helpers/db";
import { sessionCookie, useStackEnv } from "./helpers/next-request";
import { registerOwner, type TestOwner } from "./helpers/users";

const ROWS = 100_000;
// A real garbage collection before each sample, so the figure is live memory, not garbage
// waiting for the next collection.
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;
let owner: TestOwner;
let cookie = "";
let restoreLogs: () => void = () => undefined;
const logged: string[] = [];
const figures: Record<string, number> = {};

beforeAll(async () => {
  await useStackEnv();
  restoreLogs = setLogSink((_level, line) => void logged.push(line));
  owner = await registerOwner("eksporbesar");
  cookie = await sessionCookie(owner.email);
  // Test data only: triggers (audit, timeline) off for the bulk insert, in one transaction.
  await sql(`begin;
    set local session_replication_role = replica;
    insert into public.customers (business_id, name, whatsapp, email, address, city, created_at)
    select '${owner.businessId}', 'Pelanggan ' || g || ' Sekar Jagad', '+62812' || lpad(g::text, 8, '0'),
           'p' || g || '@contoh.id', 'Jl. Kenanga No. ' || g || ', Pekalongan', 'Pekalongan', now() - g * interval '1 minute'
    from generate_series(1, ${ROWS}) g;
    commit;`);
}, 120_000);

afterAll(async () => {
  await sql(`begin; set local session_replication_role = replica; delete from public.customers where business_id = '${owner.businessId}'; commit;`);
  restoreLogs();
  await closeDb();
  console.log(JSON.stringify(figures));
}, 120_000);

async function measure(format: "csv" | "xlsx"): Promise<{ bytes: number; seconds: number; heapGrowthMb: number; rssGrowthMb: number; rows: number }> {
  gc();
  const start = process.memoryUsage();
  let peakHeap = start.heapUsed;
  let peakRss = start.rss;
  const started = performance.now();
  const res = await exportCustomersRoute(new NextRequest(`http://localhost/api/customers/export?format=${format}`, { headers: { cookie } }));
  expect(res.status).toBe(200);
  const reader = res.body?.getReader();
  if (!reader) throw new Error("no body");
  let bytes = 0;
  let newlines = 0;
  let sampledAt = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (format === "csv") for (const b of value) if (b === 10) newlines += 1;
    if (bytes - sampledAt < 512 * 1024) continue;
    sampledAt = bytes;
    gc();
    const now = process.memoryUsage();
    peakHeap = Math.max(peakHeap, now.heapUsed);
    peakRss = Math.max(peakRss, now.rss);
  }
  const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  return { bytes, seconds: Math.round(performance.now() - started) / 1000, heapGrowthMb: mb(peakHeap - start.heapUsed), rssGrowthMb: mb(peakRss - start.rss), rows: newlines - 1 };
}

describe(`export of ${ROWS.toLocaleString("en")} customers`, () => {
  it("streams the CSV with a flat heap", async () => {
    const r = await measure("csv");
    console.log(`CSV  ${ROWS} rows: ${(r.bytes / 1024 / 1024).toFixed(1)} MB in ${r.seconds} s, peak heap +${r.heapGrowthMb} MB, peak RSS +${r.rssGrowthMb} MB`);
    Object.assign(figures, { csv_rows: r.rows, csv_mb: Math.round(r.bytes / 1024 / 1024), csv_s: r.seconds, csv_heap_growth_mb: r.heapGrowthMb, csv_rss_growth_mb: r.rssGrowthMb });
    expect(r.rows).toBe(ROWS);
    // Live heap stays about one page above the start; a buffered export would hold the whole
    // file (18 MB of bytes, more as JS strings).
    expect(r.heapGrowthMb).toBeLessThan(10);
  }, 180_000);

  it("streams the XLSX with a flat heap", async () => {
    const r = await measure("xlsx");
    console.log(`XLSX ${ROWS} rows: ${(r.bytes / 1024 / 1024).toFixed(1)} MB in ${r.seconds} s, peak heap +${r.heapGrowthMb} MB, peak RSS +${r.rssGrowthMb} MB`);
    Object.assign(figures, { xlsx_mb: Math.round(r.bytes / 1024 / 1024), xlsx_s: r.seconds, xlsx_heap_growth_mb: r.heapGrowthMb, xlsx_rss_growth_mb: r.rssGrowthMb });
    // A workbook held in memory (exceljs's non-streaming Workbook) takes hundreds of MB here.
    expect(r.heapGrowthMb).toBeLessThan(20);
  }, 240_000);

  it("stops reading the database when the client cancels the download", async () => {
    process.env.LOG_LEVEL = "info"; // tests log warnings only by default
    for (const format of ["csv", "xlsx"] as const) {
      logged.length = 0;
      const res = await exportCustomersRoute(new NextRequest(`http://localhost/api/customers/export?format=${format}`, { headers: { cookie } }));
      const reader = res.body?.getReader();
      await reader?.read();
      await reader?.cancel();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      // CSV is pulled page by page, so nothing is fetched after the cancel and it never
      // finishes; the XLSX producer pushes, so it must notice the closed reader and say so.
      expect(logged.some((l) => l.includes('"export finished"')), format).toBe(false);
      if (format === "xlsx") expect(logged.some((l) => l.includes('"export cancelled by the client"')), logged.join("\n")).toBe(true);
    }
    delete process.env.LOG_LEVEL;
  }, 60_000);
});
