/**
 * The RFM engine in Postgres (migration 20260301000200_rfm_engine.sql): hand-worked scoring
 * examples with the expected scores written out, ties, tiny populations, the fixed-bin
 * fallback, lost / prospect / voided / soft-deleted customers, the grid in SQL against the
 * TypeScript grid, incremental == full (random data, checked against an independent JS
 * implementation of DOMAIN.md). Runs, the current state, retention, deletes and rights:
 * rfm-runs.test.ts.
 *
 * Fixtures are written by the superuser; runs are started by the superuser (a direct session,
 * like the job worker) unless the test is about a user's rights.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCORES, segmentOf, segmentOfCell } from "../../src/lib/rfm/grid";
import { closeDb, sql, sqlOne } from "./helpers/db";
import { newBusiness, newCustomer, results, run, sale, scoresOf, setMode, type ResultRow, type RunRow } from "./helpers/rfm";


afterAll(closeDb);

describe("the R x FM grid in SQL agrees with DOMAIN.md / grid.ts", () => {
  it("all 25 cells", async () => {
    const rows = await sql<{ r: number; fm: number; segment: string }>(
      "select r, fm, private.rfm_segment(r, fm)::text as segment from generate_series(1, 5) r, generate_series(1, 5) fm",
    );
    expect(rows).toHaveLength(25);
    for (const row of rows) expect(row.segment, `R${row.r} FM${row.fm}`).toBe(segmentOfCell(row.r as 1, row.fm as 1));
  });

  it("all 125 (R, F, M) combinations through the scoring function give exactly the TS segment", async () => {
    // Thresholds that make the raw values the scores: R days 6 - R, F and M themselves.
    const rows = await sql<{ r: number; f: number; m: number; rs: number; fs: number; ms: number; fm: number; segment: string }>(
      `select r, f, m, s.r_score as rs, s.f_score as fs, s.m_score as ms, s.fm_score as fm, s.segment::text as segment
       from generate_series(1, 5) r, generate_series(1, 5) f, generate_series(1, 5) m,
            private.rfm_scores(6 - r, f, m::numeric, '{4,3,2,1}', '{2,3,4,5}', '{2,3,4,5}') s`,
    );
    expect(rows).toHaveLength(125);
    for (const row of rows) {
      expect([row.rs, row.fs, row.ms], "scores").toEqual([row.r, row.f, row.m]);
      expect(row.fm).toBe(Math.floor((row.f + row.m + 1) / 2));
      expect(row.segment, `${row.r}-${row.f}-${row.m}`).toBe(segmentOf(row.r as 1, row.f as 1, row.m as 1));
    }
    for (const r of SCORES) expect(rows.filter((x) => x.r === r)).toHaveLength(25);
  });
});

describe("hand-worked example (analysis date 2026-06-30, window 365 days from 2025-07-01)", () => {
  let biz = "";
  const c: Record<string, string> = {};
  const cid = (name: string) => c[name] ?? "";

  beforeAll(async () => {
    biz = await newBusiness("hand");
    for (const name of ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "prospect", "voidedOnly", "deleted"]) c[name] = await newCustomer(biz, name);
    // c1: R 5 days, F 1, M 100,000 (+ a voided 10,000,000 that must not count)
    await sale(biz, cid("c1"), "2026-06-25", 100_000);
    await sale(biz, cid("c1"), "2026-06-29", 10_000_000, "voided");
    // c2: R 20, F 2, M 500,000
    await sale(biz, cid("c2"), "2026-03-01", 200_000);
    await sale(biz, cid("c2"), "2026-06-10", 300_000);
    // c3: R 30, F 3, M 900,000 (one sale on the first day of the window: it counts)
    await sale(biz, cid("c3"), "2025-07-01", 300_000);
    await sale(biz, cid("c3"), "2026-01-15", 300_000);
    await sale(biz, cid("c3"), "2026-05-31", 300_000);
    // c4: R 120, F 1, M 50,000
    await sale(biz, cid("c4"), "2026-03-02", 50_000);
    // c5: R 1, F 5, M 2,000,000 (+ a sale after the analysis date: ignored)
    for (const d of ["2025-12-01", "2026-02-01", "2026-04-01", "2026-06-01"]) await sale(biz, cid("c5"), d, 400_000);
    await sale(biz, cid("c5"), "2026-06-29", 400_000);
    await sale(biz, cid("c5"), "2026-07-05", 9_000_000);
    // c6: R 180, F 1, M 1,000,000 (+ one day before the window: not in F/M)
    await sale(biz, cid("c6"), "2025-06-30", 5_000_000);
    await sale(biz, cid("c6"), "2026-01-01", 1_000_000);
    // c7: only before the window -> lost without scores
    await sale(biz, cid("c7"), "2025-05-01", 750_000);
    // voidedOnly: no completed sale -> no row; deleted: soft-deleted -> no row
    await sale(biz, cid("voidedOnly"), "2026-06-01", 999_000, "voided");
    await sale(biz, cid("deleted"), "2026-06-20", 3_000_000);
    await sql("update public.customers set deleted_at = now() where id = $1", [c.deleted]);
  });

  it("relative mode: scores by least(5, 1 + floor(5 * percent_rank())), ties sharing the lowest", async () => {
    await setMode(biz, "relative");
    const r = await run(biz, "2026-06-30");
    expect(r.scoring_mode).toBe("relative");
    expect(r.mode_reason).toBe("owner_relative");
    expect([r.customers_scored, r.customers_lost]).toEqual([6, 1]);
    // n = 6: percent_rank = (rank - 1) / 5, so the score is min(5, rank), ties at the lowest rank.
    // R (days desc): c6 180 -> 1, c4 120 -> 2, c3 30 -> 3, c2 20 -> 4, c1 5 -> 5, c5 1 -> 5
    // F (asc): c1, c4, c6 = 1 (tied rank 1) -> 1; c2 = 2 -> 4; c3 = 3 -> 5; c5 = 5 -> 5
    // M (asc): c4 50k -> 1, c1 100k -> 2, c2 500k -> 3, c3 900k -> 4, c6 1M -> 5, c5 2M -> 5
    // FM = floor((F + M + 1) / 2): c1 2, c2 4, c3 5, c4 1, c5 5, c6 3
    expect(r.breakpoints).toEqual({ r: [120, 30, 20, 5], f: [2, 2, 2, 3], m: [100000, 500000, 900000, 1000000] });
    const res = await results(r.id);
    expect(scoresOf(res.get(cid("c1")))).toEqual([5, 1, 2, 2, "potential_loyalists"]);
    expect(scoresOf(res.get(cid("c2")))).toEqual([4, 4, 3, 4, "loyal_customers"]);
    expect(scoresOf(res.get(cid("c3")))).toEqual([3, 5, 4, 5, "loyal_customers"]);
    expect(scoresOf(res.get(cid("c4")))).toEqual([2, 1, 1, 1, "lost"]);
    expect(scoresOf(res.get(cid("c5")))).toEqual([5, 5, 5, 5, "champions"]);
    expect(scoresOf(res.get(cid("c6")))).toEqual([1, 1, 5, 3, "at_risk"]);
    // Raw values: voided, after-the-date and before-the-window sales left out of F and M.
    expect(res.get(cid("c1"))).toMatchObject({ recency_days: 5, frequency: 1, monetary: "100000.00", rfm_code: "5-1-2" });
    expect(res.get(cid("c3"))).toMatchObject({ recency_days: 30, frequency: 3, monetary: "900000.00" });
    expect(res.get(cid("c5"))).toMatchObject({ recency_days: 1, frequency: 5, monetary: "2000000.00", last_purchase_date: "2026-06-29" });
    expect(res.get(cid("c6"))).toMatchObject({ recency_days: 180, frequency: 1, monetary: "1000000.00" });
    // Outside the window: lost, no scores, its last purchase kept.
    expect(res.get(cid("c7"))).toMatchObject({
      last_purchase_date: "2025-05-01", recency_days: 425, frequency: 0, monetary: "0.00",
      r_score: null, f_score: null, m_score: null, fm_score: null, rfm_code: null, segment: "lost",
    });
    // No purchase, only voided, soft-deleted: no row at all.
    for (const name of ["prospect", "voidedOnly", "deleted"]) expect(res.has(cid(name)), name).toBe(false);
    expect(res.size).toBe(7);
  });

  it("auto mode with fewer than 50 scored customers falls back to the fixed bins (DOMAIN.md table)", async () => {
    await setMode(biz, "auto");
    const r = await run(biz, "2026-06-30");
    expect([r.scoring_mode, r.mode_reason]).toEqual(["fixed", "auto_few_customers"]);
    expect(r.breakpoints).toEqual({ r: [180, 90, 60, 30], f: [2, 3, 5, 10], m: [100000, 500000, 1000000, 5000000] });
    const res = await results(r.id);
    // c1: 5 days -> 5; F 1 -> 1; 100k -> 2; FM 2
    expect(scoresOf(res.get(cid("c1")))).toEqual([5, 1, 2, 2, "potential_loyalists"]);
    // c2: 20 -> 5; F 2 -> 2; 500k -> 3; FM 3
    expect(scoresOf(res.get(cid("c2")))).toEqual([5, 2, 3, 3, "potential_loyalists"]);
    // c3: 30 -> 5; F 3 -> 3; 900k -> 3; FM 3
    expect(scoresOf(res.get(cid("c3")))).toEqual([5, 3, 3, 3, "potential_loyalists"]);
    // c4: 120 -> 2; F 1 -> 1; 50k -> 1; FM 1
    expect(scoresOf(res.get(cid("c4")))).toEqual([2, 1, 1, 1, "lost"]);
    // c5: 1 -> 5; F 5 -> 4; 2M -> 4; FM 4
    expect(scoresOf(res.get(cid("c5")))).toEqual([5, 4, 4, 4, "champions"]);
    // c6: 180 -> 2; F 1 -> 1 (not 5, document 001's flaw); 1M -> 4; FM 3
    expect(scoresOf(res.get(cid("c6")))).toEqual([2, 1, 4, 3, "at_risk"]);
    expect(res.get(cid("c7"))?.segment).toBe("lost");
  });

  it("owner-edited fixed bins are used as given", async () => {
    await sql(
      `update public.rfm_settings set scoring_mode = 'fixed', recency_edges = '{2,10,25,150}', frequency_edges = '{5,4,3,2}',
              monetary_edges = '{2000000,900000,400000,60000}' where business_id = $1`, [biz],
    );
    const r = await run(biz, "2026-06-30");
    expect([r.scoring_mode, r.mode_reason]).toEqual(["fixed", "owner_fixed"]);
    const res = await results(r.id);
    // c1: 5 days -> 4 (<= 10); F 1 -> 1; 100k -> 2 (>= 60k); FM 2 -> potential_loyalists
    expect(scoresOf(res.get(cid("c1")))).toEqual([4, 1, 2, 2, "potential_loyalists"]);
    // c5: 1 day -> 5; F 5 -> 5; 2M -> 5
    expect(scoresOf(res.get(cid("c5")))).toEqual([5, 5, 5, 5, "champions"]);
    // c6: 180 days -> 1 (> 150); F 1; 1M -> 4 (>= 900k); FM 3 -> at_risk
    expect(scoresOf(res.get(cid("c6")))).toEqual([1, 1, 4, 3, "at_risk"]);
  });
});

describe("small and tied populations (relative mode)", () => {
  it("ties: 60% of customers with F = 1 all get the same F score (1)", async () => {
    const biz = await newBusiness("ties");
    await setMode(biz, "relative");
    const counts = [1, 1, 1, 1, 1, 1, 2, 2, 3, 4];
    const ids: string[] = [];
    for (const [i, n] of counts.entries()) {
      const id = await newCustomer(biz, `t${i}`);
      ids.push(id);
      for (let k = 0; k < n; k++) await sale(biz, id, `2026-0${1 + k}-1${i % 10}`, 100_000);
    }
    const res = await results((await run(biz, "2026-06-30")).id);
    const f = ids.map((id) => res.get(id)?.f_score);
    // ranks: six at 1 (pr 0 -> 1); F=2 rank 7, pr 6/9 -> 1 + floor(3.33) = 4; F=3 rank 9, pr 8/9 -> 5; F=4 -> 5
    expect(f).toEqual([1, 1, 1, 1, 1, 1, 4, 4, 5, 5]);
  });

  it("a single customer scores 1 on each (relative), and the fixed bins in auto mode", async () => {
    const biz = await newBusiness("single");
    const id = await newCustomer(biz, "satu");
    await sale(biz, id, "2026-06-20", 7_000_000);
    await setMode(biz, "relative");
    let r = await run(biz, "2026-06-30");
    expect(r.breakpoints).toEqual({ r: [null, null, null, null], f: [null, null, null, null], m: [null, null, null, null] });
    expect(scoresOf((await results(r.id)).get(id))).toEqual([1, 1, 1, 1, "lost"]);
    await setMode(biz, "auto");
    r = await run(biz, "2026-06-30");
    expect(r.mode_reason).toBe("auto_few_customers");
    // 10 days -> 5; F 1 -> 1; 7M -> 5; FM 3 -> potential_loyalists
    expect(scoresOf((await results(r.id)).get(id))).toEqual([5, 1, 5, 3, "potential_loyalists"]);
  });

  it("two customers: the better one scores 5, the other 1", async () => {
    const biz = await newBusiness("two");
    await setMode(biz, "relative");
    const good = await newCustomer(biz, "baik");
    const weak = await newCustomer(biz, "lemah");
    await sale(biz, good, "2026-05-01", 100_000);
    await sale(biz, good, "2026-06-20", 100_000);
    await sale(biz, weak, "2026-03-22", 50_000);
    const res = await results((await run(biz, "2026-06-30")).id);
    expect(scoresOf(res.get(good))).toEqual([5, 5, 5, 5, "champions"]);
    expect(scoresOf(res.get(weak))).toEqual([1, 1, 1, 1, "lost"]);
  });

  it("all-equal values share the lowest score", async () => {
    const biz = await newBusiness("equal");
    await setMode(biz, "relative");
    const ids = [await newCustomer(biz, "a"), await newCustomer(biz, "b"), await newCustomer(biz, "c")];
    for (const id of ids) await sale(biz, id, "2026-06-01", 300_000);
    const res = await results((await run(biz, "2026-06-30")).id);
    for (const id of ids) expect(scoresOf(res.get(id))).toEqual([1, 1, 1, 1, "lost"]);
  });
});

// ---------------------------------------------------------------------------------------
// An independent implementation of DOMAIN.md in JavaScript, for the random-data checks.
// ---------------------------------------------------------------------------------------
interface Tx { customer_id: string; transaction_date: string; amount: string; status: string }
interface Raw { last: string; days: number; f: number; m: number }

const dayNumber = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

function aggregate(txs: Tx[], live: Set<string>, asOf: string, windowDays: number): Map<string, Raw> {
  const end = dayNumber(asOf);
  const start = end - windowDays + 1;
  const out = new Map<string, Raw>();
  for (const t of txs) {
    const d = dayNumber(t.transaction_date);
    if (t.status !== "completed" || d > end || !live.has(t.customer_id)) continue;
    const cur = out.get(t.customer_id) ?? { last: t.transaction_date, days: 0, f: 0, m: 0 };
    if (t.transaction_date > cur.last) cur.last = t.transaction_date;
    if (d >= start) {
      cur.f++;
      cur.m = Math.round((cur.m + Number(t.amount)) * 100) / 100;
    }
    out.set(t.customer_id, cur);
  }
  for (const raw of out.values()) raw.days = end - dayNumber(raw.last);
  return out;
}

/** least(5, 1 + floor(5 * percent_rank())), percent_rank over "worse" = strictly smaller key. */
function relativeScores(values: number[]): Map<number, number> {
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  const scores = new Map<number, number>();
  for (const v of new Set(values)) {
    const below = sorted.findIndex((x) => x >= v);
    const pr = n > 1 ? below / (n - 1) : 0;
    scores.set(v, Math.min(5, 1 + Math.floor(5 * pr)));
  }
  return scores;
}

const reach = (v: number, thresholds: (number | null)[], up: boolean) =>
  1 + thresholds.filter((t) => t !== null && (up ? v >= t : v <= t)).length;

describe("incremental equals full (random data)", () => {
  it("scores by percent_rank, and an incremental refresh equals a full run with the same breakpoints", async () => {
    const biz = await newBusiness("random");
    const customers: string[] = [];
    for (let i = 0; i < 90; i++) customers.push(await newCustomer(biz, `r${i}`));
    // Deterministic pseudo-random data (LCG), so a failure can be reproduced.
    let seed = 20260630;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pick = () => (customers[Math.floor(rnd() * 80)] ?? ""); // the last 10 stay prospects
    const randomDate = () => new Date(Date.UTC(2026, 5, 30) - Math.floor(rnd() * 500) * 86_400_000).toISOString().slice(0, 10);
    const values: string[] = [];
    for (let i = 0; i < 400; i++) values.push(`('${biz}', '${pick()}', '${randomDate()}', ${(1 + Math.floor(rnd() * 40)) * 25_000})`);
    await sql(`insert into public.transactions (business_id, customer_id, transaction_date, amount) values ${values.join(", ")}`);

    const first = await run(biz, "2026-06-30");
    expect(first.scoring_mode).toBe("relative");
    expect(first.mode_reason).toBe("auto_relative");

    const loadTx = () => sql<Tx>("select customer_id, transaction_date::text, amount::text, status from public.transactions where business_id = $1", [biz]);
    const loadLive = async () => new Set((await sql<{ id: string }>("select id from public.customers where business_id = $1 and deleted_at is null", [biz])).map((r) => r.id));

    // The full run equals DOMAIN.md's percent_rank formula computed here independently.
    const checkAgainstFormula = async (runRow: RunRow) => {
      const raw = aggregate(await loadTx(), await loadLive(), "2026-06-30", 365);
      const scored = [...raw.entries()].filter(([, v]) => v.f > 0);
      const rS = relativeScores(scored.map(([, v]) => -v.days));
      const fS = relativeScores(scored.map(([, v]) => v.f));
      const mS = relativeScores(scored.map(([, v]) => v.m));
      const res = await results(runRow.id);
      expect(res.size).toBe(raw.size);
      for (const [id, v] of raw) {
        const row = res.get(id);
        if (v.f === 0) {
          expect(row?.segment, `${id} ${JSON.stringify(v)} ${JSON.stringify(row)}`).toBe("lost");
          expect(row?.r_score).toBeNull();
          continue;
        }
        const [r, f, m] = [(rS.get(-v.days) ?? 0), (fS.get(v.f) ?? 0), (mS.get(v.m) ?? 0)];
        expect([row?.recency_days, row?.frequency, Number(row?.monetary)], id).toEqual([v.days, v.f, v.m]);
        expect([row?.r_score, row?.f_score, row?.m_score, row?.segment], id).toEqual([r, f, m, segmentOf(r as 1, f as 1, m as 1)]);
      }
    };
    await checkAgainstFormula(first);

    // Random changes: new sales, voids, one soft-deleted customer, one customer's only sales voided.
    const changed = new Set<string>();
    const more: string[] = [];
    for (let i = 0; i < 60; i++) {
      const id = (customers[Math.floor(rnd() * 88)] ?? "");
      changed.add(id);
      more.push(`('${biz}', '${id}', '${randomDate()}', ${(1 + Math.floor(rnd() * 40)) * 25_000})`);
    }
    await sql(`insert into public.transactions (business_id, customer_id, transaction_date, amount) values ${more.join(", ")}`);
    const voided = await sql<{ customer_id: string }>(
      `update public.transactions set status = 'voided', voided_at = now()
       where id in (select id from public.transactions where business_id = $1 order by md5(id::text) limit 25) returning customer_id`, [biz]);
    for (const v of voided) changed.add(v.customer_id);
    const soloVoid = (customers[0] ?? "");
    await sql("update public.transactions set status = 'voided', voided_at = now() where customer_id = $1", [soloVoid]);
    changed.add(soloVoid);
    const deleted = (customers[1] ?? "");
    await sql("update public.customers set deleted_at = now() where id = $1", [deleted]);
    changed.add(deleted);

    const refreshed = await sqlOne<{ n: number }>("select public.rfm_refresh_customers($1, $2::uuid[], '2026-06-30') as n", [biz, [...changed]]);
    expect(refreshed.n).toBeGreaterThan(0);

    // Incremental rows == scoring the new raw values with the FIRST run's breakpoints (JS).
    const raw = aggregate(await loadTx(), await loadLive(), "2026-06-30", 365);
    const current = new Map((await sql<ResultRow & { source: string; run_id: string }>(
      "select customer_id, recency_days, frequency, monetary::text, r_score, f_score, m_score, fm_score, segment, source, run_id from public.customer_rfm where business_id = $1", [biz],
    )).map((r) => [r.customer_id, r]));
    const bp = first.breakpoints;
    for (const id of changed) {
      const v = raw.get(id);
      const row = current.get(id);
      if (!v) {
        expect(row, `${id} has no completed purchase or is deleted: no row`).toBeUndefined();
        continue;
      }
      expect(row?.source).toBe("incremental");
      expect(row?.run_id).toBe(first.id);
      if (v.f === 0) {
        expect([row?.segment, row?.r_score]).toEqual(["lost", null]);
        continue;
      }
      const [r, f, m] = [reach(v.days, bp.r, false), reach(v.f, bp.f, true), reach(v.m, bp.m, true)];
      expect([row?.recency_days, row?.frequency, Number(row?.monetary)], id).toEqual([v.days, v.f, v.m]);
      expect([row?.r_score, row?.f_score, row?.m_score, row?.segment], id).toEqual([r, f, m, segmentOf(r as 1, f as 1, m as 1)]);
    }
    expect(current.has(soloVoid)).toBe(false);
    expect(current.has(deleted)).toBe(false);

    // A new full run (new breakpoints) still equals the formula; then refreshing EVERY customer
    // incrementally against it reproduces the full run's results exactly.
    const second = await run(biz, "2026-06-30");
    await checkAgainstFormula(second);
    await sql("select public.rfm_refresh_customers($1, null, '2026-06-30')", [biz]);
    const full = await sql(
      "select customer_id, recency_days, frequency, monetary, r_score, f_score, m_score, fm_score, segment from public.rfm_results where run_id = $1 order by customer_id", [second.id]);
    const incremental = await sql(
      "select customer_id, recency_days, frequency, monetary, r_score, f_score, m_score, fm_score, segment from public.customer_rfm where business_id = $1 and source = 'incremental' order by customer_id", [biz]);
    expect(incremental).toEqual(full);
    expect(full.length).toBeGreaterThan(60);
  });
});
