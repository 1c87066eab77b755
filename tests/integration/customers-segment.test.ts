/**
 * The customer list's RFM segment (issue 5 item 9) and the stats cards from customer_stats
 * (20260302000100_customers_perf2.sql): search_customers' p_segment filter ('none' = no
 * current segment) and the segment in each row, the same through GET /api/customers?segment=,
 * and customer_list_stats reading the figures the customers.refresh_stats job keeps.
 */
import { createServerClient } from "@supabase/ssr";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as listRoute from "../../src/app/api/customers/route";
import { setLogSink } from "../../src/lib/logger";
import { closeDb, sql } from "./helpers/db";
import { useStackEnv } from "./helpers/next-request";
import { randomWhatsapp, registerOwner, TEST_PASSWORD, type TestOwner } from "./helpers/users";

let owner: TestOwner;
let stranger: TestOwner;
let cookie = "";
const ids: Record<"champ" | "risk" | "prospect" | "champDeleted", string> = { champ: "", risk: "", prospect: "", champDeleted: "" };
let restoreLogs: () => void = () => undefined;

async function newCustomer(who: TestOwner, name: string): Promise<string> {
  const { data, error } = await who.client.from("customers").insert({ business_id: who.businessId, name, whatsapp: randomWhatsapp() }).select("id").single();
  if (error) throw new Error(error.message);
  return data.id;
}

/** customer_rfm is written only by the RFM engine; tests arrange it as the superuser. */
async function setSegment(who: TestOwner, customerId: string, segment: string): Promise<void> {
  await sql(
    `insert into public.customer_rfm (customer_id, business_id, analysis_date, last_purchase_date, recency_days, frequency, monetary,
                                      r_score, f_score, m_score, fm_score, segment)
     values ($1, $2, current_date, current_date - 3, 3, 4, 900000, 5, 4, 4, 4, $3::public.rfm_segment)`,
    [customerId, who.businessId, segment],
  );
}

async function signIn(email: string): Promise<string> {
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

async function list(query: string): Promise<{ status: number; body: { success: boolean; data: { id: string; segment: string | null }[]; error?: { code: string; details?: Record<string, string> }; meta?: { total: number } } }> {
  const res = await listRoute.GET(new NextRequest(`http://localhost/api/customers?${query}`, { headers: { cookie } }), { params: Promise.resolve({}) });
  return { status: res.status, body: (await res.json()) as never };
}

const search = (who: TestOwner, args: Record<string, unknown>) => who.client.rpc("search_customers", { p_business_id: owner.businessId, ...args });

beforeAll(async () => {
  await useStackEnv();
  restoreLogs = setLogSink(() => undefined);
  [owner, stranger] = await Promise.all([registerOwner("seg-owner"), registerOwner("seg-stranger")]);
  ids.champ = await newCustomer(owner, "Sekar Juara");
  ids.risk = await newCustomer(owner, "Sekar Berisiko");
  ids.prospect = await newCustomer(owner, "Sekar Prospek");
  ids.champDeleted = await newCustomer(owner, "Sekar Juara Lama");
  await setSegment(owner, ids.champ, "champions");
  await setSegment(owner, ids.risk, "at_risk");
  await setSegment(owner, ids.champDeleted, "champions");
  await sql("update public.customers set deleted_at = now(), deleted_reason = 'uji' where id = $1", [ids.champDeleted]);
  cookie = await signIn(owner.email);
});

afterAll(async () => {
  restoreLogs();
  await closeDb();
});

describe("search_customers p_segment", () => {
  it("returns each row's current segment, null for a customer without one", async () => {
    const { data, error } = await search(owner, { p_sort: "name", p_direction: "asc" });
    expect(error).toBeNull();
    expect(data?.map((r) => [r.name, r.segment])).toEqual([
      ["Sekar Berisiko", "at_risk"],
      ["Sekar Juara", "champions"],
      ["Sekar Prospek", null],
    ]);
  });

  it("filters by segment and by 'none', alone and combined with a (typo) search", async () => {
    expect((await search(owner, { p_segment: "champions" })).data?.map((r) => r.id)).toEqual([ids.champ]);
    expect((await search(owner, { p_segment: "none" })).data?.map((r) => r.id)).toEqual([ids.prospect]);
    expect((await search(owner, { p_segment: "lost" })).data).toEqual([]);
    const typo = await search(owner, { p_search: "sekar juaraa", p_segment: "champions" });
    expect(typo.data?.map((r) => [r.id, r.total_count])).toEqual([[ids.champ, 1]]);
    expect((await search(owner, { p_search: "sekar", p_segment: "none" })).data?.map((r) => r.id)).toEqual([ids.prospect]);
    // Deleted customers keep their segment in the "deleted" view.
    expect((await search(owner, { p_deleted: true, p_segment: "champions" })).data?.map((r) => r.id)).toEqual([ids.champDeleted]);
  });

  it("refuses an unknown segment with a stable hint and gives another business's members nothing", async () => {
    const bad = await search(owner, { p_segment: "vip'); drop table customers; --" });
    expect(bad.error?.hint).toBe("segment_filter_invalid");
    const other = await search(stranger, { p_segment: "champions" });
    expect(other.error).toBeNull();
    expect(other.data).toEqual([]);
  });
});

describe("search_customers: literal first, typo-tolerant when the text is rare", () => {
  it("takes a text 25+ customers contain literally, and lets similar names in below that", async () => {
    const biz = await registerOwner("seg-literal");
    await sql(
      `insert into public.customers (business_id, name, whatsapp)
       select $1, 'Toko Wirasakti ' || g, '+62898' || lpad(g::text, 8, '0') from generate_series(1, 25) g`,
      [biz.businessId],
    );
    const similar = await newCustomer(biz, "Toko Wirasakty");
    const names = async (q: string) => {
      const { data, error } = await biz.client.rpc("search_customers", { p_business_id: biz.businessId, p_search: q, p_limit: 100 });
      expect(error, q).toBeNull();
      return (data ?? []).map((r) => r.name);
    };
    // 25 customers contain "wirasakti": literal, the merely similar "Wirasakty" stays out.
    const literal = await names("wirasakti");
    expect(literal).toHaveLength(25);
    expect(literal).not.toContain("Toko Wirasakty");
    // One customer contains "wirasakty": probably a typo, so similar names join in.
    const typo = await names("wirasakty");
    expect(typo).toHaveLength(26);
    expect(typo).toContain("Toko Wirasakty");
    // 11 contain "wirasakti 1" (1, 10-19): fewer than a page, similar ones join in too.
    const few = await names("wirasakti 1");
    expect(few.filter((n) => n.toLowerCase().includes("wirasakti 1"))).toHaveLength(11);
    expect(few.length).toBeGreaterThan(11);
    expect(similar).toBeTruthy();
  });
});

describe("GET /api/customers?segment=", () => {
  it("filters and carries the segment in the rows", async () => {
    const champs = await list("segment=champions");
    expect(champs.status).toBe(200);
    expect(champs.body.data.map((r) => [r.id, r.segment])).toEqual([[ids.champ, "champions"]]);
    const none = await list("segment=none&q=sekar");
    expect(none.body.data.map((r) => [r.id, r.segment])).toEqual([[ids.prospect, null]]);
    expect(none.body.meta?.total).toBe(1);
  });

  it("answers 400 for a segment that does not exist, in Indonesian by default", async () => {
    const res = await list("segment=vip");
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe("VALIDATION_ERROR");
    expect(res.body.error?.details?.segment).toBeTruthy();
  });
});

describe("customer_list_stats from customer_stats", () => {
  it("reads the refreshed per-customer figures: a sale counts once customers.refresh_stats ran, a deleted customer's never", async () => {
    const biz = await registerOwner("seg-stats");
    const a = await newCustomer(biz, "A");
    const b = await newCustomer(biz, "B");
    const gone = await newCustomer(biz, "C");
    await sql(
      `insert into public.transactions (business_id, customer_id, transaction_date, amount, status, voided_at) values
         ($1, $2, '2026-01-01', 100000, 'completed', null), ($1, $2, '2026-01-02', 50000, 'voided', now()),
         ($1, $3, '2026-01-03', 300000, 'completed', null), ($1, $4, '2026-01-04', 999000, 'completed', null)`,
      [biz.businessId, a, b, gone],
    );
    const stats = async () => (await biz.client.rpc("customer_list_stats", { p_business_id: biz.businessId })).data?.[0];
    // Before the job: the counts are live, the revenue is what customer_stats held (nothing yet).
    expect(await stats()).toMatchObject({ total: 3, total_revenue: 0, average_customer_value: 0 });
    await sql("select public.refresh_customer_stats($1, null)", [biz.businessId]);
    expect(await stats()).toMatchObject({ total: 3, total_revenue: 1399000 });
    await sql("update public.customers set deleted_at = now(), deleted_reason = 'uji' where id = $1", [gone]);
    expect(await stats()).toMatchObject({ total: 2, total_revenue: 400000, average_customer_value: 200000 });
    // Another business's member gets zeros, not the figures.
    expect((await stranger.client.rpc("customer_list_stats", { p_business_id: biz.businessId })).data?.[0]).toMatchObject({ total: 0, total_revenue: 0 });
  });
});
