/**
 * The RFM engine in Postgres (migration 20260301000200_rfm_engine.sql): hand-worked scoring
 * examples with the expected scores written out, ties, tiny populations, the fixed-bin
 * fallback, lost / prospect / voided / soft-deleted customers, the grid in SQL against the
 * TypeScript grid, incremental == full (random data, checked against an independent JS
 * implementation of DOMAIN.md), same-day re-runs, retention, and who may do what.
 *
 * Fixtures are written by the superuser; runs are started by the superuser (a direct session,
 * like the job worker) unless the test is about a user's rights.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCORES, segmentOf, segmentOfCell } from "../../src/lib/rfm/grid";
import { closeDb, sql, sqlOne } from "./helpers/db";
import { addMember, anonClient, randomWhatsapp, registerOwner, type TestOwner, type TestUser } from "./helpers/users";

interface ResultRow {
  customer_id: string;
  last_purchase_date: string;
  recency_days: number;
  frequency: number;
  monetary: string;
  r_score: number | null;
  f_score: number | null;
  m_score: number | null;
  fm_score: number | null;
  rfm_code: string | null;
  segment: string;
}

interface RunRow {
  id: string;
  scoring_mode: string;
  mode_reason: string;
  breakpoints: { r: (number | null)[]; f: (number | null)[]; m: (number | null)[] };
  customers_scored: number;
  customers_lost: number;
  trigger: string;
  duration_ms: number;
}

async function newBusiness(label: string): Promise<string> {
  return (await sqlOne<{ id: string }>(
    "insert into public.businesses (name, whatsapp) values ($1, $2) returning id", [`RFM ${label} ${randomUUID().slice(0, 6)}`, randomWhatsapp()],
  )).id;
}

async function newCustomer(businessId: string, name: string): Promise<string> {
  return (await sqlOne<{ id: string }>(
    "insert into public.customers (business_id, name, whatsapp) values ($1, $2, $3) returning id", [businessId, name, randomWhatsapp()],
  )).id;
}

async function sale(businessId: string, customerId: string, date: string, amount: number, status: "completed" | "voided" = "completed") {
  await sql(
    "insert into public.transactions (business_id, customer_id, transaction_date, amount, status, voided_at) values ($1, $2, $3, $4, $5::public.transaction_status, case when $5::text = 'voided' then now() end)",
    [businessId, customerId, date, amount, status],
  );
}

async function setMode(businessId: string, mode: "auto" | "relative" | "fixed", extra: Record<string, unknown> = {}) {
  await sql(
    `insert into public.rfm_settings (business_id, scoring_mode, retention_weeks) values ($1, $2, coalesce($3, 104))
     on conflict (business_id) do update set scoring_mode = excluded.scoring_mode, retention_weeks = excluded.retention_weeks`,
    [businessId, mode, extra.retentionWeeks ?? null],
  );
}

const run = (businessId: string, date: string, trigger = "manual") =>
  sqlOne<RunRow>("select * from public.rfm_run($1, $2::date, $3::public.rfm_run_trigger)", [businessId, date, trigger]);

async function results(runId: string): Promise<Map<string, ResultRow>> {
  const rows = await sql<ResultRow>(
    // The code is computed on read (private.rfm_code, as customer_rfm and the read RPCs do).
    "select customer_id, last_purchase_date::text, recency_days, frequency, monetary::text, r_score, f_score, m_score, fm_score, private.rfm_code(r_score, f_score, m_score) as rfm_code, segment from public.rfm_results where run_id = $1",
    [runId],
  );
  return new Map(rows.map((r) => [r.customer_id, r]));
}

/** [R, F, M, FM, segment] of a result row, for compact expectations. */
const scoresOf = (r: ResultRow | undefined) => (r ? [r.r_score, r.f_score, r.m_score, r.fm_score, r.segment] : undefined);

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
