/**
 * /api/rfm/* route handlers against the local stack, called directly with real session
 * cookies: the overview before and after a run (never empty because no run today), calculate
 * (Idempotency-Key replay, same-day replace, viewers refused), segment lists with paging and
 * their 400s, runs, movement between two runs, settings (validation in Indonesian, admins
 * only), and 404 for another business.
 */
import { createServerClient } from "@supabase/ssr";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as analysis } from "../../src/app/api/rfm/analysis/route";
import { POST as calculate } from "../../src/app/api/rfm/calculate/route";
import { GET as movement } from "../../src/app/api/rfm/movement/route";
import { GET as runs } from "../../src/app/api/rfm/runs/route";
import { GET as segment } from "../../src/app/api/rfm/segments/[segment]/route";
import { GET as getSettings, PUT as putSettings } from "../../src/app/api/rfm/settings/route";
import { resetEnvCache } from "../../src/lib/env";
import { stopBoss } from "../../src/lib/jobs/boss";
import { setLogSink } from "../../src/lib/logger";
import { closeDb, sql, sqlOne } from "./helpers/db";
import { testEnv } from "./helpers/env";
import { addMember, randomWhatsapp, registerOwner, TEST_PASSWORD, type TestOwner } from "./helpers/users";

interface Envelope<T = Record<string, unknown>> {
  success: boolean;
  data: T;
  error?: { code: string; message: string; details?: Record<string, string> };
  meta?: { total: number; page: number; limit: number };
}

async function sessionCookie(email: string): Promise<string> {
  const jar = new Map<string, string>();
  const client = createServerClient(process.env.NEXT_PUBLIC_SUPABASE_URL ?? "", process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY ?? "", {
    cookies: {
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      setAll: (cookies) => cookies.forEach((c) => (c.value ? jar.set(c.name, c.value) : jar.delete(c.name))),
    },
  });
  const { error } = await client.auth.signInWithPassword({ email, password: TEST_PASSWORD });
  if (error) throw new Error(`sign-in failed: ${error.message}`);
  return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
}

const req = (cookie: string, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
  new NextRequest(`http://localhost${path}`, {
    method: init.method ?? "GET",
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    headers: { cookie, "content-type": "application/json", ...init.headers },
  });
const noParams = { params: Promise.resolve({}) };
const seg = (name: string) => ({ params: Promise.resolve({ segment: name }) });
const json = async <T = Record<string, unknown>>(res: Response) => (await res.json()) as Envelope<T>;

let owner: TestOwner, other: TestOwner;
let ownerCookie = "", viewerCookie = "", otherCookie = "";
let restoreLogs: () => void = () => undefined;

beforeAll(async () => {
  const env = await testEnv();
  process.env.NEXT_PUBLIC_SUPABASE_URL ??= env.url;
  process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY ??= env.anonKey;
  process.env.SUPABASE_SERVICE_ROLE_KEY ??= env.serviceRoleKey;
  process.env.DATABASE_URL ??= env.dbUrl;
  process.env.NEXT_PUBLIC_SITE_URL ??= "http://localhost:3000";
  resetEnvCache();
  restoreLogs = setLogSink(() => undefined);
  [owner, other] = await Promise.all([registerOwner("rfmapi"), registerOwner("rfmapilain")]);
  const viewer = await addMember(owner, "viewer", "rfmapiviewer");
  [ownerCookie, viewerCookie, otherCookie] = await Promise.all([sessionCookie(owner.email), sessionCookie(viewer.email), sessionCookie(other.email)]);
  // 60 customers with 1..6 sales in the last months (>= 50: relative mode), 3 prospects.
  const values: string[] = [];
  for (let i = 0; i < 63; i++) {
    const id = (await sqlOne<{ id: string }>("insert into public.customers (business_id, name, whatsapp) values ($1, $2, $3) returning id", [owner.businessId, `Pelanggan ${String(i).padStart(2, "0")}`, randomWhatsapp()])).id;
    if (i >= 60) continue;
    for (let k = 0; k <= i % 6; k++) values.push(`('${owner.businessId}', '${id}', current_date - ${(i * 7 + k * 13) % 400}, ${(i + 1) * 10_000 + k * 5_000})`);
  }
  await sql(`insert into public.transactions (business_id, customer_id, transaction_date, amount) values ${values.join(", ")}`);
});

afterAll(async () => {
  restoreLogs();
  await stopBoss();
  await closeDb();
});

describe("before the first run", () => {
  it("the overview says so (run null) and still counts customers", async () => {
    const res = await analysis(req(ownerCookie, "/api/rfm/analysis"), noParams);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.data).toMatchObject({ run: null, distribution: [], grid: [], totalCustomers: 63 });
  });

  it("segment lists and movement are empty, not errors", async () => {
    const list = await json<unknown[]>(await segment(req(ownerCookie, "/api/rfm/segments/champions"), seg("champions")));
    expect(list.data).toEqual([]);
    expect(list.meta?.total).toBe(0);
    const move = await json(await movement(req(ownerCookie, "/api/rfm/movement"), noParams));
    expect(move.data).toEqual({ fromRunId: null, toRunId: null, flows: [] });
  });
});

describe("POST /api/rfm/calculate", () => {
  let firstId = "";

  it("runs now and returns the run; the same Idempotency-Key replays the answer", async () => {
    const headers = { "idempotency-key": `rfm-${Date.now()}` };
    const res = await calculate(req(ownerCookie, "/api/rfm/calculate", { method: "POST", body: {}, headers }), noParams);
    expect(res.status).toBe(200);
    const run = (await json<{ id: string; customersScored: number; customersLost: number; scoringMode: string; modeReason: string; trigger: string; createdBy: string }>(res)).data;
    expect(run).toMatchObject({ scoringMode: "relative", modeReason: "auto_relative", trigger: "manual", createdBy: owner.id });
    expect(run.customersScored + run.customersLost).toBe(60);
    firstId = run.id;
    const replay = await calculate(req(ownerCookie, "/api/rfm/calculate", { method: "POST", body: {}, headers }), noParams);
    expect(replay.headers.get("idempotent-replayed") ?? replay.headers.get("Idempotent-Replayed")).toBeTruthy();
    expect((await json<{ id: string }>(replay)).data.id).toBe(firstId);
    expect(await sql("select id from public.rfm_runs where business_id = $1", [owner.businessId])).toEqual([{ id: firstId }]);
  });

  it("running again the same day replaces that day's run", async () => {
    const res = await calculate(req(ownerCookie, "/api/rfm/calculate", { method: "POST", body: {} }), noParams);
    const run = (await json<{ id: string }>(res)).data;
    expect(run.id).not.toBe(firstId);
    expect(await sql("select id from public.rfm_runs where business_id = $1", [owner.businessId])).toEqual([{ id: run.id }]);
  });

  it("a viewer is refused (403) and nothing changes; a future date is a 400 in Indonesian", async () => {
    const before = await sql("select id from public.rfm_runs where business_id = $1", [owner.businessId]);
    const res = await calculate(req(viewerCookie, "/api/rfm/calculate", { method: "POST", body: {} }), noParams);
    expect(res.status).toBe(403);
    const future = await calculate(req(ownerCookie, "/api/rfm/calculate", { method: "POST", body: { analysisDate: "2999-01-01" } }), noParams);
    expect(future.status).toBe(400);
    expect((await json(future)).error?.message).toMatch(/Tanggal analisis/);
    const bad = await calculate(req(ownerCookie, "/api/rfm/calculate", { method: "POST", body: { analysisDate: "kemarin" } }), noParams);
    expect(bad.status).toBe(400);
    expect(await sql("select id from public.rfm_runs where business_id = $1", [owner.businessId])).toEqual(before);
  });

  it("another business: 404, and no run is made there", async () => {
    const res = await calculate(req(ownerCookie, "/api/rfm/calculate", { method: "POST", body: { businessId: other.businessId } }), noParams);
    expect(res.status).toBe(404);
    expect(await sql("select id from public.rfm_runs where business_id = $1", [other.businessId])).toEqual([]);
    const read = await analysis(req(ownerCookie, `/api/rfm/analysis?businessId=${other.businessId}`), noParams);
    expect(read.status).toBe(404);
  });
});

describe("reading the analysis", () => {
  it("overview: ten segments and 25 cells that add up to the run", async () => {
    const body = (await json<{ run: { id: string; customersScored: number; customersLost: number }; distribution: { segment: string; customers: number; customerShare: number }[]; grid: { customers: number }[]; prospects: number; totalCustomers: number }>(
      await analysis(req(viewerCookie, "/api/rfm/analysis"), noParams))).data;
    expect(body.distribution).toHaveLength(10);
    expect(body.grid).toHaveLength(25);
    const total = body.run.customersScored + body.run.customersLost;
    expect(body.distribution.reduce((n, d) => n + d.customers, 0)).toBe(total);
    expect(body.grid.reduce((n, c) => n + c.customers, 0)).toBe(body.run.customersScored);
    expect(body.distribution.reduce((n, d) => n + d.customerShare, 0)).toBeCloseTo(1, 2);
    expect([body.prospects, body.totalCustomers]).toEqual([3, 63]);
    // Another run id than this business's: 404.
    const stranger = await analysis(req(otherCookie, `/api/rfm/analysis?runId=${body.run.id}`), noParams);
    expect(stranger.status).toBe(404);
  });

  it("segment customers: paged with meta, sorted, one grid cell; 400 for an unknown segment or sort", async () => {
    const overview = (await json<{ distribution: { segment: string; customers: number }[]; grid: { rScore: number; fmScore: number; segment: string; customers: number }[] }>(
      await analysis(req(ownerCookie, "/api/rfm/analysis"), noParams))).data;
    const biggest = [...overview.distribution].sort((a, b) => b.customers - a.customers)[0];
    const name = biggest?.segment ?? "lost";
    const page1 = await json<{ name: string; monetary: number }[]>(await segment(req(ownerCookie, `/api/rfm/segments/${name}?limit=2&sort=monetary&order=desc`), seg(name)));
    expect(page1.meta).toEqual({ page: 1, limit: 2, total: biggest?.customers });
    expect(page1.data.length).toBe(Math.min(2, biggest?.customers ?? 0));
    if (page1.data.length === 2) expect(page1.data[0]?.monetary).toBeGreaterThanOrEqual(page1.data[1]?.monetary ?? 0);
    const byName = await json<{ name: string }[]>(await segment(req(ownerCookie, `/api/rfm/segments/${name}?sort=name&order=asc&limit=100`), seg(name)));
    const names = byName.data.map((r) => r.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));

    const cell = overview.grid.find((c) => c.customers > 0);
    const inCell = await json<{ rScore: number; fmScore: number }[]>(
      await segment(req(ownerCookie, `/api/rfm/segments/${cell?.segment}?r=${cell?.rScore}&fm=${cell?.fmScore}&limit=100`), seg(cell?.segment ?? "")));
    expect(inCell.meta?.total).toBe(cell?.customers);
    expect(inCell.data.every((r) => r.rScore === cell?.rScore && r.fmScore === cell?.fmScore)).toBe(true);

    const unknown = await segment(req(ownerCookie, "/api/rfm/segments/others"), seg("others"));
    expect(unknown.status).toBe(400);
    expect((await json(unknown)).error?.details?.segment).toBe("Segmen tidak dikenal.");
    expect((await segment(req(ownerCookie, "/api/rfm/segments/lost?sort=random"), seg("lost"))).status).toBe(400);
    expect((await segment(req(ownerCookie, "/api/rfm/segments/lost?r=3"), seg("lost"))).status).toBe(400);
  });

  it("runs and movement between two runs (latest vs previous by default)", async () => {
    // A back-dated run 30 days ago gives the movement something to compare with.
    await sql("select public.rfm_run($1, (now() at time zone 'Asia/Jakarta')::date - 30)", [owner.businessId]);
    const list = (await json<{ id: string; analysisDate: string }[]>(await runs(req(ownerCookie, "/api/rfm/runs"), noParams))).data;
    expect(list).toHaveLength(2);
    expect((list[0]?.analysisDate ?? "") > (list[1]?.analysisDate ?? "")).toBe(true);
    const move = (await json<{ fromRunId: string; toRunId: string; flows: { from: string | null; to: string | null; customers: number }[] }>(
      await movement(req(ownerCookie, "/api/rfm/movement"), noParams))).data;
    expect([move.fromRunId, move.toRunId]).toEqual([list[1]?.id, list[0]?.id]);
    const latestTotal = await sqlOne<{ n: number }>("select count(*)::int as n from public.rfm_results where run_id = $1", [list[0]?.id]);
    expect(move.flows.filter((f) => f.to !== null).reduce((n, f) => n + f.customers, 0)).toBe(latestTotal.n);
    const bad = await movement(req(ownerCookie, "/api/rfm/movement?from=nope"), noParams);
    expect(bad.status).toBe(400);
  });
});

describe("/api/rfm/settings", () => {
  it("GET gives the defaults until saved", async () => {
    const body = await json(await getSettings(req(viewerCookie, "/api/rfm/settings"), noParams));
    expect(body.data).toEqual({
      windowDays: 365, scoringMode: "auto", recencyEdges: [30, 60, 90, 180], frequencyEdges: [10, 5, 3, 2],
      monetaryEdges: [5000000, 1000000, 500000, 100000], retentionWeeks: 104,
    });
  });

  it("PUT: bad input is a 400 with an Indonesian message per field and changes nothing", async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ windowDays: 100 }, "windowDays", /90, 180, 365, atau 730/],
      [{ scoringMode: "acak" }, "scoringMode", /otomatis, relatif/],
      [{ recencyEdges: [30, 20, 90, 180] }, "recencyEdges", /makin besar/],
      [{ frequencyEdges: [10, 5, 3] }, "frequencyEdges", /makin kecil/],
      [{ monetaryEdges: [1, 2, 3, 4] }, "monetaryEdges", /makin kecil/],
      [{ retentionWeeks: 1 }, "retentionWeeks", /4 dan 520/],
    ];
    for (const [body, field, message] of cases) {
      const res = await putSettings(req(ownerCookie, "/api/rfm/settings", { method: "PUT", body }), noParams);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await json(res)).error?.details?.[field], field).toMatch(message);
    }
    expect(await sql("select 1 from public.rfm_settings where business_id = $1", [owner.businessId])).toEqual([]);
  });

  it("PUT: viewers are refused; the owner saves and the next run uses it", async () => {
    expect((await putSettings(req(viewerCookie, "/api/rfm/settings", { method: "PUT", body: { windowDays: 90 } }), noParams)).status).toBe(403);
    const res = await putSettings(req(ownerCookie, "/api/rfm/settings", { method: "PUT", body: { windowDays: "180", scoringMode: "fixed", recencyEdges: ["7", "14", "30", "60"] } }), noParams);
    expect(res.status).toBe(200);
    expect((await json(res)).data).toMatchObject({ windowDays: 180, scoringMode: "fixed", recencyEdges: [7, 14, 30, 60], retentionWeeks: 104 });
    const run = (await json<{ windowDays: number; modeReason: string; breakpoints: { r: number[] } }>(
      await calculate(req(ownerCookie, "/api/rfm/calculate", { method: "POST", body: {} }), noParams))).data;
    expect(run).toMatchObject({ windowDays: 180, modeReason: "owner_fixed", breakpoints: { r: [60, 30, 14, 7] } });
    const foreign = await putSettings(req(ownerCookie, "/api/rfm/settings", { method: "PUT", body: { businessId: other.businessId, windowDays: 90 } }), noParams);
    expect(foreign.status).toBe(404);
  });
});
