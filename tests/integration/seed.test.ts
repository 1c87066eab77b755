/**
 * The demo seed against the running test stack: the real Auth admin API creates the owner,
 * the registration trigger the business, and the bulk insert the history. Run twice: the
 * second run must add nothing. Connection settings: helpers/env.ts.
 */
import { createClient } from "@supabase/supabase-js";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_BUSINESS_NAME, DEMO_EMAIL, DEMO_PASSWORD, seedDemo, type SeedDemoOptions } from "../../scripts/seed-demo";
import { addDays, subtractMonths, todayInJakarta } from "../../scripts/seed/calendar";
import { PAYMENT_METHODS } from "../../scripts/seed/catalog";
import { generateDemoData } from "../../scripts/seed/generate";
import { testEnv, type TestEnv } from "./helpers/env";

let env: TestEnv;
let db: pg.Client;
let businessId: string;
const lines: string[] = [];

async function counts(id: string): Promise<{ customers: number; transactions: number; users: number }> {
  const { rows } = await db.query<{ customers: number; transactions: number; users: number }>(
    `select (select count(*)::int from public.customers where business_id = $1) as customers,
            (select count(*)::int from public.transactions where business_id = $1) as transactions,
            (select count(*)::int from auth.users where lower(email) = lower($2)) as users`,
    [id, DEMO_EMAIL],
  );
  const row = rows[0];
  if (!row) throw new Error("no counts");
  return row;
}

beforeAll(async () => {
  env = await testEnv();
  db = new pg.Client({ connectionString: env.dbUrl });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
});

describe("seed:demo", () => {
  it("creates the demo shop once; a second run adds nothing", async () => {
    const opts: SeedDemoOptions = { supabaseUrl: env.url, serviceRoleKey: env.serviceRoleKey, dbUrl: env.dbUrl, log: (l) => lines.push(l) };
    const first = await seedDemo(opts);
    businessId = first.businessId;
    const afterFirst = await counts(businessId);

    const second = await seedDemo(opts);
    expect(second.alreadyPresent).toBe(true);
    expect(second.createdOwner).toBe(false);
    expect(second.businessId).toBe(businessId);
    expect(lines.some((l) => l.includes("demo data already present"))).toBe(true);
    expect(await counts(businessId)).toEqual(afterFirst);

    expect(afterFirst.users).toBe(1);
    expect(afterFirst.customers).toBeGreaterThanOrEqual(450);
    expect(afterFirst.customers).toBeLessThanOrEqual(550);
    expect(afterFirst.transactions).toBeGreaterThanOrEqual(5_500);
    expect(afterFirst.transactions).toBeLessThanOrEqual(6_500);

    const { rows } = await db.query<{ name: string; city: string | null; role: string }>(
      `select b.name, b.city, m.role::text as role
       from public.businesses b join public.business_members m on m.business_id = b.id
       join auth.users u on u.id = m.user_id
       where b.id = $1 and lower(u.email) = lower($2)`,
      [businessId, DEMO_EMAIL],
    );
    expect(rows).toEqual([{ name: DEMO_BUSINESS_NAME, city: "Pekalongan", role: "owner" }]);
  }, 60_000);

  it("gives every customer a unique, valid Indonesian mobile WhatsApp number", async () => {
    const { rows } = await db.query<{ whatsapp: string | null }>("select whatsapp from public.customers where business_id = $1", [businessId]);
    const numbers = rows.map((r) => r.whatsapp);
    expect(numbers.every((n) => n !== null)).toBe(true);
    const invalid = numbers.filter((n) => {
      const parsed = n ? parsePhoneNumberFromString(n) : undefined;
      return !parsed || !parsed.isValid() || parsed.country !== "ID" || parsed.getType() !== "MOBILE" || parsed.number !== n;
    });
    expect(invalid).toEqual([]);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it("keeps transactions within the last 18 months, never in the future, with positive amounts", async () => {
    const today = todayInJakarta();
    // One day of slack in case the stack seeded just before midnight WIB.
    const earliest = addDays(subtractMonths(today, 18), -1);
    const { rows } = await db.query<{ min_date: string; max_date: string; non_positive: number; future_stamps: number; voided: number; total: number; methods: string[] }>(
      `select min(transaction_date)::text as min_date, max(transaction_date)::text as max_date,
              count(*) filter (where amount <= 0)::int as non_positive,
              count(*) filter (where created_at > now() or voided_at > now())::int as future_stamps,
              count(*) filter (where status = 'voided')::int as voided,
              count(*)::int as total,
              array_agg(distinct payment_method) as methods
       from public.transactions where business_id = $1`,
      [businessId],
    );
    const r = rows[0];
    if (!r) throw new Error("no transactions");
    expect(r.min_date >= earliest).toBe(true);
    expect(r.max_date <= today).toBe(true);
    expect(r.non_positive).toBe(0);
    expect(r.future_stamps).toBe(0);
    // A few voided mistakes, not many.
    expect(r.voided).toBeGreaterThan(0);
    expect(r.voided / r.total).toBeLessThan(0.05);
    expect([...r.methods].sort()).toEqual([...PAYMENT_METHODS].sort());
  });

  it("has the purchase shape RFM needs: loyal, one-off, lapsed, new and prospect customers", async () => {
    const { rows } = await db.query<{ frequent: number; one_off: number; lapsed: number; recent_new: number; prospects: number; business: number }>(
      `with per as (
         select c.id, c.type, count(t.id) filter (where t.status = 'completed') as n,
                min(t.transaction_date) filter (where t.status = 'completed') as first_date,
                max(t.transaction_date) filter (where t.status = 'completed') as last_date
         from public.customers c left join public.transactions t on t.customer_id = c.id
         where c.business_id = $1 group by c.id, c.type)
       select count(*) filter (where n >= 30)::int as frequent,
              count(*) filter (where n = 1)::int as one_off,
              count(*) filter (where n >= 3 and last_date < current_date - 180)::int as lapsed,
              count(*) filter (where first_date >= current_date - 30)::int as recent_new,
              count(*) filter (where n = 0)::int as prospects,
              count(*) filter (where type = 'business')::int as business
       from per`,
      [businessId],
    );
    const r = rows[0];
    if (!r) throw new Error("no customers");
    expect(r.frequent).toBeGreaterThanOrEqual(20);
    expect(r.one_off).toBeGreaterThanOrEqual(80);
    expect(r.lapsed).toBeGreaterThanOrEqual(20);
    expect(r.recent_new).toBeGreaterThanOrEqual(15);
    expect(r.prospects).toBeGreaterThanOrEqual(5);
    expect(r.business).toBeGreaterThanOrEqual(10);
  });

  it("generates the same data for the same day (seeded, no Math.random)", () => {
    const now = new Date("2026-06-15T05:00:00Z");
    const a = generateDemoData({ today: "2026-06-15", now });
    const b = generateDemoData({ today: "2026-06-15", now });
    expect(b).toEqual(a);
  });

  it("lets the demo owner sign in with the documented password and see the customers", async () => {
    const client = createClient(env.url, env.anonKey, { auth: { autoRefreshToken: false, persistSession: false } });
    const { data, error } = await client.auth.signInWithPassword({ email: DEMO_EMAIL, password: DEMO_PASSWORD });
    expect(error).toBeNull();
    expect(data.session?.access_token).toBeTruthy();
    expect(data.user?.email).toBe(DEMO_EMAIL);

    // Through PostgREST and RLS, as the dashboard will read them.
    const { count, error: readError } = await client.from("customers").select("id", { count: "exact", head: true }).eq("business_id", businessId);
    expect(readError).toBeNull();
    expect(count).toBe((await counts(businessId)).customers);
  });
});
