/**
 * RFM runs over time (migrations 20260301000200, 20260702000100): a same-day re-run replaces
 * its run, customer_rfm is the current run plus incremental overrides, a customer's history,
 * retention, deletes taking RFM rows with them, and who may run and read.
 *
 * Fixtures are written by the superuser; runs are started by the superuser (a direct session,
 * like the job worker) unless the test is about a user's rights.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, sql, sqlOne } from "./helpers/db";
import { newBusiness, newCustomer, results, run, sale, setMode } from "./helpers/rfm";
import { addMember, anonClient, registerOwner, type TestOwner, type TestUser } from "./helpers/users";

afterAll(closeDb);

describe("runs: replace, current state, retention", () => {
  it("a same-day re-run replaces that day's run and its results; customer_rfm follows the latest run", async () => {
    const biz = await newBusiness("rerun");
    const a = await newCustomer(biz, "a");
    const b = await newCustomer(biz, "b");
    await sale(biz, a, "2026-06-01", 100_000);
    const first = await run(biz, "2026-06-30");
    await sale(biz, b, "2026-06-15", 200_000);
    const second = await run(biz, "2026-06-30", "weekly");
    expect(second.id).not.toBe(first.id);
    expect(second.trigger).toBe("weekly");
    const runs = await sql<{ id: string }>("select id from public.rfm_runs where business_id = $1", [biz]);
    expect(runs.map((r) => r.id)).toEqual([second.id]);
    expect(await sql("select 1 from public.rfm_results where run_id = $1", [first.id])).toEqual([]);
    expect((await results(second.id)).size).toBe(2);
    const state = await sql<{ customer_id: string; run_id: string; source: string }>(
      "select customer_id, run_id, source from public.customer_rfm where business_id = $1 order by customer_id", [biz]);
    expect(state.map((s) => [s.run_id, s.source])).toEqual([[second.id, "run"], [second.id, "run"]]);
    expect(second.duration_ms).toBeGreaterThanOrEqual(0);

    // A back-dated run is kept for history but leaves the current state alone.
    const older = await run(biz, "2026-06-20");
    const after = await sql<{ run_id: string }>("select distinct run_id from public.customer_rfm where business_id = $1", [biz]);
    expect(after.map((r) => r.run_id)).toEqual([second.id]);
    expect((await results(older.id)).size).toBe(2);
  });

  it("customer_rfm is the current run's results plus the overrides of incremental refreshes since; a new run clears them", async () => {
    const biz = await newBusiness("current");
    const [a, b, c] = [await newCustomer(biz, "a"), await newCustomer(biz, "b"), await newCustomer(biz, "c")];
    await sale(biz, a, "2026-06-01", 100_000);
    await sale(biz, b, "2026-06-02", 200_000);
    await sale(biz, c, "2026-06-03", 300_000);
    interface StateRow { customer_id: string; run_id: string; analysis_date: string; source: string; segment: string; rfm_code: string | null; frequency: number }
    const state = async () => (await sql<StateRow>(
      "select customer_id, run_id, analysis_date::text, source, segment, rfm_code, frequency from public.customer_rfm where business_id = $1", [biz],
    )).sort((x, y) => x.customer_id.localeCompare(y.customer_id));
    const byId = (ids: string[]) => [...ids].sort((x, y) => x.localeCompare(y));

    const first = await run(biz, "2026-06-20");
    const firstResults = await results(first.id);
    const afterRun = await state();
    expect(afterRun.map((r) => r.customer_id)).toEqual(byId([a, b, c]));
    for (const row of afterRun) {
      const result = firstResults.get(row.customer_id);
      expect([row.run_id, row.analysis_date, row.source], row.customer_id).toEqual([first.id, "2026-06-20", "run"]);
      expect([row.segment, row.rfm_code, row.frequency]).toEqual([result?.segment, result?.rfm_code, result?.frequency]);
    }

    // a buys again, b's only sale is voided: after the refresh a is incremental, b has no row;
    // the run's own results (history) are untouched.
    await sale(biz, a, "2026-06-25", 50_000);
    await sql("update public.transactions set status = 'voided', voided_at = now() where customer_id = $1", [b]);
    expect(await sqlOne("select public.rfm_refresh_customers($1, $2::uuid[], '2026-06-30') as n", [biz, [a, b]])).toEqual({ n: 1 });
    const refreshed = await state();
    expect(refreshed.map((r) => [r.customer_id, r.source, r.frequency, r.analysis_date])).toEqual(
      byId([a, c]).map((id) => (id === a ? [a, "incremental", 2, "2026-06-30"] : [c, "run", 1, "2026-06-20"])));
    expect((await results(first.id)).size).toBe(3);
    // The same current state as one set of ids (private.rfm_current_customer_ids, for list filters).
    const idsOf = async (segment: string | null) => (await sql<{ id: string }>(
      "select private.rfm_current_customer_ids($1, $2::public.rfm_segment) as id", [biz, segment])).map((r) => r.id);
    expect(byId(await idsOf(null))).toEqual(byId([a, c]));
    for (const segment of new Set(refreshed.map((r) => r.segment))) {
      expect(byId(await idsOf(segment)), segment).toEqual(byId(refreshed.filter((r) => r.segment === segment).map((r) => r.customer_id)));
    }

    // A back-dated run is history only: the overrides stay.
    await run(biz, "2026-06-10");
    expect(await state()).toEqual(refreshed);

    // A new latest run becomes the current state and clears the overrides.
    const second = await run(biz, "2026-06-30");
    const latest = await state();
    expect(latest.map((r) => [r.customer_id, r.run_id, r.source])).toEqual(byId([a, c]).map((id) => [id, second.id, "run"]));
    expect(await sql("select 1 from public.customer_rfm_overrides where business_id = $1", [biz])).toEqual([]);
    expect(await sql("select id from public.rfm_runs where business_id = $1 and is_current", [biz])).toEqual([{ id: second.id }]);
    // Time-ordered run ids: a later run's id sorts after the earlier ones (index append).
    expect(second.id > first.id).toBe(true);

    // Only the engine writes the current state.
    await expect(sql("update public.customer_rfm set segment = 'lost' where business_id = $1", [biz])).rejects.toMatchObject({ code: "42501" });
    await expect(sql("delete from public.customer_rfm where business_id = $1", [biz])).rejects.toMatchObject({ code: "42501" });
  });

  it("a customer's history lists every kept run with its code, newest first", async () => {
    const biz = await newBusiness("history");
    const a = await newCustomer(biz, "a");
    await sale(biz, a, "2026-05-01", 100_000);
    const older = await run(biz, "2026-06-01");
    await sale(biz, a, "2026-06-10", 100_000);
    const newer = await run(biz, "2026-06-30");
    const history = await sql<{ run_id: string; analysis_date: string; rfm_code: string; frequency: number }>(
      "select run_id, analysis_date::text, rfm_code, frequency from public.rfm_customer_history($1, $2)", [biz, a]);
    const codes = await sql<{ run_id: string; rfm_code: string }>(
      "select run_id, r_score || '-' || f_score || '-' || m_score as rfm_code from public.rfm_results where customer_id = $1", [a]);
    expect(history.map((h) => [h.run_id, h.analysis_date, h.frequency])).toEqual([[newer.id, "2026-06-30", 2], [older.id, "2026-06-01", 1]]);
    for (const h of history) expect(h.rfm_code).toBe(codes.find((c) => c.run_id === h.run_id)?.rfm_code);
  });

  it("prunes runs older than retention_weeks before the latest", async () => {
    const biz = await newBusiness("retention");
    const a = await newCustomer(biz, "a");
    await sale(biz, a, "2026-01-05", 100_000);
    await setMode(biz, "auto", { retentionWeeks: 4 });
    const d35 = await run(biz, "2026-05-26");
    const d28 = await run(biz, "2026-06-02");
    const latest = await run(biz, "2026-06-30");
    const kept = (await sql<{ id: string }>("select id from public.rfm_runs where business_id = $1 order by analysis_date", [biz])).map((r) => r.id);
    expect(kept).toEqual([d28.id, latest.id]);
    expect(kept).not.toContain(d35.id);
    expect(await sql("select 1 from public.rfm_results where run_id = $1", [d35.id])).toEqual([]);
  });

  it("a customer deleted for good takes their RFM rows with them; so does a deleted business", async () => {
    const biz = await newBusiness("erase");
    const keep = await newCustomer(biz, "tetap");
    const gone = await newCustomer(biz, "hapus");
    await sale(biz, keep, "2026-06-01", 100_000);
    await sale(biz, gone, "2026-06-02", 200_000);
    const r = await run(biz, "2026-06-30");
    // An incremental override too (customer_rfm_overrides), so both kinds of current row go.
    await sale(biz, gone, "2026-06-29", 50_000);
    await sql("select public.rfm_refresh_customers($1, array[$2]::uuid[], '2026-06-30')", [biz, gone]);
    expect(await sql("select 1 from public.customer_rfm_overrides where customer_id = $1", [gone])).toHaveLength(1);
    await sql("delete from public.transactions where customer_id = $1", [gone]);
    await sql("delete from public.customers where id = $1", [gone]);
    expect(await sql(
      `select 1 from public.rfm_results where customer_id = $1 union all select 1 from public.customer_rfm where customer_id = $1
       union all select 1 from public.customer_rfm_overrides where customer_id = $1`, [gone])).toEqual([]);
    expect((await results(r.id)).has(keep)).toBe(true);
    await sql("delete from public.businesses where id = $1", [biz]);
    const left = await sql(
      `select 1 from public.rfm_runs where business_id = $1 union all select 1 from public.rfm_results where business_id = $1
       union all select 1 from public.customer_rfm where business_id = $1 union all select 1 from public.customer_rfm_overrides where business_id = $1`, [biz]);
    expect(left).toEqual([]);
  });

  it("refuses an analysis date in the future", async () => {
    const biz = await newBusiness("future");
    await expect(run(biz, "2999-01-01")).rejects.toMatchObject({ hint: "rfm_date_invalid" });
    expect(await sql("select 1 from public.rfm_runs where business_id = $1", [biz])).toEqual([]);
  });
});

describe("who may run and read", () => {
  let A: TestOwner, B: TestOwner, viewerA: TestUser, staffA: TestUser;
  beforeAll(async () => {
    [A, B] = await Promise.all([registerOwner("rfm-a"), registerOwner("rfm-b")]);
    viewerA = await addMember(A, "viewer", "rfm-viewer");
    staffA = await addMember(A, "staff", "rfm-staff");
    const cust = await newCustomer(B.businessId, "b1");
    await sale(B.businessId, cust, "2026-06-01", 100_000);
    await run(B.businessId, "2026-06-30");
  });

  it("staff run their own business; the run records who started it", async () => {
    const { data, error } = await staffA.client.rpc("rfm_run", { p_business_id: A.businessId });
    expect(error).toBeNull();
    expect(data?.created_by).toBe(staffA.id);
    expect(data?.trigger).toBe("manual");
  });

  it("a run for another business is refused and writes nothing", async () => {
    const before = await sql("select id from public.rfm_runs where business_id = $1", [B.businessId]);
    for (const user of [A, staffA, viewerA]) {
      const { error } = await user.client.rpc("rfm_run", { p_business_id: B.businessId });
      expect(error?.hint, user.email).toBe("business_not_found");
    }
    const anon = await anonClient();
    const { error } = await anon.rpc("rfm_run", { p_business_id: B.businessId });
    expect(error?.code).toBe("42501");
    expect(await sql("select id from public.rfm_runs where business_id = $1", [B.businessId])).toEqual(before);
  });

  it("a viewer may read but not run", async () => {
    const { error } = await viewerA.client.rpc("rfm_run", { p_business_id: A.businessId });
    expect([error?.code, error?.hint]).toEqual(["42501", "rfm_forbidden"]);
    const { data, error: readError } = await viewerA.client.rpc("rfm_overview", { p_business_id: A.businessId });
    expect(readError).toBeNull();
    expect(data).toMatchObject({ total_customers: expect.any(Number) });
  });

  it("reads of another business are refused", async () => {
    const latestB = await sqlOne<{ id: string }>("select id from public.rfm_runs where business_id = $1", [B.businessId]);
    const calls = [
      A.client.rpc("rfm_overview", { p_business_id: B.businessId }),
      A.client.rpc("rfm_segment_customers", { p_business_id: B.businessId, p_segment: "lost" }),
      A.client.rpc("rfm_runs_list", { p_business_id: B.businessId }),
      A.client.rpc("rfm_movement", { p_business_id: B.businessId }),
      A.client.rpc("rfm_customer_history", { p_business_id: B.businessId, p_customer_id: randomUUID() }),
      A.client.rpc("get_rfm_settings", { p_business_id: B.businessId }),
      // B's run id through A's business: not found either.
      A.client.rpc("rfm_overview", { p_business_id: A.businessId, p_run_id: latestB.id }),
    ];
    for (const outcome of await Promise.all(calls)) {
      expect(outcome.error?.hint ?? outcome.error?.code).toMatch(/business_not_found|rfm_run_not_found/);
    }
  });

  it("the incremental refresh is for the service role only", async () => {
    const { error } = await A.client.rpc("rfm_refresh_customers", { p_business_id: A.businessId, p_customer_ids: [] });
    expect(error?.code).toBe("42501");
  });

  it("settings: admins only, every bad input refused with its own key and nothing changed", async () => {
    const { error: viewerError } = await viewerA.client.rpc("update_rfm_settings", { p_business_id: A.businessId, p_window_days: 90 });
    expect(viewerError?.hint).toBe("rfm_settings_forbidden");
    const { error: crossError } = await A.client.rpc("update_rfm_settings", { p_business_id: B.businessId, p_window_days: 90 });
    expect(crossError?.hint).toBe("business_not_found");
    const bad: [Record<string, unknown>, string][] = [
      [{ p_window_days: 100 }, "rfm_window_invalid"],
      [{ p_retention_weeks: 3 }, "rfm_retention_invalid"],
      [{ p_retention_weeks: 521 }, "rfm_retention_invalid"],
      [{ p_recency_edges: [30, 60, 90] }, "rfm_recency_edges_invalid"],
      [{ p_recency_edges: [30, 30, 90, 180] }, "rfm_recency_edges_invalid"],
      [{ p_recency_edges: [-1, 60, 90, 180] }, "rfm_recency_edges_invalid"],
      [{ p_frequency_edges: [10, 5, 3, 1] }, "rfm_frequency_edges_invalid"],
      [{ p_frequency_edges: [2, 3, 5, 10] }, "rfm_frequency_edges_invalid"],
      [{ p_monetary_edges: [100, 200, 300, 400] }, "rfm_monetary_edges_invalid"],
      [{ p_monetary_edges: [5000, 1000, 500, 0] }, "rfm_monetary_edges_invalid"],
    ];
    for (const [args, hint] of bad) {
      const { error } = await A.client.rpc("update_rfm_settings", { p_business_id: A.businessId, ...args } as never);
      expect(error?.hint, JSON.stringify(args)).toBe(hint);
    }
    expect(await sql("select 1 from public.rfm_settings where business_id = $1", [A.businessId])).toEqual([]);
    const { data, error } = await A.client.rpc("update_rfm_settings", {
      p_business_id: A.businessId, p_window_days: 180, p_scoring_mode: "fixed", p_frequency_edges: [8, 4, 3, 2],
    });
    expect(error).toBeNull();
    expect(data).toMatchObject({ window_days: 180, scoring_mode: "fixed", frequency_edges: [8, 4, 3, 2], recency_edges: [30, 60, 90, 180], retention_weeks: 104, updated_by: A.id });
    const r = await run(A.businessId, "2026-06-30");
    expect(r).toMatchObject({ window_days: 180, scoring_mode: "fixed", mode_reason: "owner_fixed" });
  });
});
