/**
 * /api/transactions route handlers against the local stack, called directly with a
 * NextRequest carrying real Auth session cookies: record (with Idempotency-Key), list with
 * filters / sort / paging meta, detail, edit with a version (409 when stale), void, period
 * statistics, 404 for another business's ids, and the queued customers.refresh_stats job.
 */
import { createServerClient } from "@supabase/ssr";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getOne, PATCH } from "../../src/app/api/transactions/[id]/route";
import { POST as voidRoute } from "../../src/app/api/transactions/[id]/void/route";
import { GET as list, POST as create } from "../../src/app/api/transactions/route";
import { GET as stats } from "../../src/app/api/transactions/stats/route";
import { jakartaDate } from "../../src/features/transactions/period";
import { resetEnvCache } from "../../src/lib/env";
import { stopBoss } from "../../src/lib/jobs/boss";
import { setLogSink } from "../../src/lib/logger";
import { closeDb, sql, sqlOne } from "./helpers/db";
import { testEnv } from "./helpers/env";
import { addMember, randomWhatsapp, registerOwner, TEST_PASSWORD, type TestOwner } from "./helpers/users";

interface Envelope { success: boolean; data?: Record<string, unknown> & { id?: string; version?: string }; error?: { code: string; details?: Record<string, string> }; meta?: { total: number; page: number; limit: number } }

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
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const json = async (res: Response) => (await res.json()) as Envelope;

let owner: TestOwner, other: TestOwner;
let ownerCookie = "", otherCookie = "", viewerCookie = "";
let customer = "", otherCustomer = "";
let restoreLogs: () => void = () => undefined;

const newCustomer = async (businessId: string, name: string) =>
  (await sqlOne<{ id: string }>("insert into public.customers (business_id, name, whatsapp) values ($1, $2, $3) returning id", [businessId, name, randomWhatsapp()])).id;

beforeAll(async () => {
  const env = await testEnv();
  process.env.NEXT_PUBLIC_SUPABASE_URL ??= env.url;
  process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY ??= env.anonKey;
  process.env.SUPABASE_SERVICE_ROLE_KEY ??= env.serviceRoleKey;
  process.env.DATABASE_URL ??= env.dbUrl;
  process.env.NEXT_PUBLIC_SITE_URL ??= "http://localhost:3000";
  resetEnvCache();
  restoreLogs = setLogSink(() => undefined);
  [owner, other] = await Promise.all([registerOwner("txapi"), registerOwner("txapilain")]);
  const viewer = await addMember(owner, "viewer", "txapiviewer");
  [ownerCookie, otherCookie, viewerCookie] = await Promise.all([sessionCookie(owner.email), sessionCookie(other.email), sessionCookie(viewer.email)]);
  [customer, otherCustomer] = await Promise.all([newCustomer(owner.businessId, "Bu Wulan"), newCustomer(other.businessId, "Pak Lain")]);
});

afterAll(async () => {
  restoreLogs();
  await stopBoss();
  await closeDb();
});

const sale = (overrides: Record<string, unknown> = {}) => ({
  customerId: customer,
  date: "2026-02-14",
  amount: 350000,
  items: [{ name: "Kemeja batik", quantity: 2, unitPrice: 150000 }, { name: "Selendang", quantity: 1, unitPrice: 50000 }],
  paymentMethod: "transfer",
  notes: "Kado Valentine",
  ...overrides,
});

describe("POST /api/transactions", () => {
  it("records a sale (201), replays it for the same Idempotency-Key and queues the stats refresh", async () => {
    const headers = { "idempotency-key": `tx-${owner.id}` };
    const first = await create(req(ownerCookie, "/api/transactions", { method: "POST", body: sale(), headers }));
    expect(first.status).toBe(201);
    const body = await json(first);
    expect(body.data).toMatchObject({ customerId: customer, amount: 350000, paymentMethod: "transfer", status: "completed" });
    expect((body.data?.items as unknown[]).length).toBe(2);
    // Saved and answered in one round trip (record_transaction_detail): the answer is exactly
    // what reading the sale back returns, customer and items included.
    const id = String(body.data?.id);
    const read = await json(await getOne(req(ownerCookie, `/api/transactions/${id}`), ctx(id)));
    expect(body.data).toEqual(read.data);
    expect(body.data).toMatchObject({ customer: { id: customer, name: "Bu Wulan" }, items: [{ position: 1, name: "Kemeja batik", quantity: 2, unitPrice: 150000, lineTotal: 300000 }, { position: 2 }] });
    const again = await create(req(ownerCookie, "/api/transactions", { method: "POST", body: sale(), headers }));
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect((await json(again)).data?.id).toBe(body.data?.id);
    expect((await sqlOne<{ n: number }>("select count(*)::int as n from public.transactions where business_id = $1", [owner.businessId])).n).toBe(1);
    const jobs = await sql("select id from pgboss.job where name = 'customers.refresh_stats' and data->>'businessId' = $1", [owner.businessId]);
    expect(jobs.length).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ["amount zero", { amount: 0 }, "amount"],
    ["items that do not add up", { amount: 400000 }, "items"],
    ["a date before 2000", { date: "1999-12-31" }, "date"],
    ["a customer of another business", { customerId: "OTHER" }, "customerId"],
    ["an unknown payment method", { paymentMethod: "utang" }, "paymentMethod"],
  ] as [string, Record<string, unknown>, string][])("answers 400 for %s, naming the field, and records nothing", async (_label, overrides, field) => {
    const before = await sqlOne<{ n: number }>("select count(*)::int as n from public.transactions where business_id = $1", [owner.businessId]);
    // The table is built before beforeAll runs, so the other business's customer is filled in here.
    const body = sale(overrides.customerId === "OTHER" ? { customerId: otherCustomer } : overrides);
    const res = await create(req(ownerCookie, "/api/transactions", { method: "POST", body }));
    expect(res.status).toBe(400);
    const env = await json(res);
    expect(env.error?.code).toBe("VALIDATION_ERROR");
    expect(Object.keys(env.error?.details ?? {})).toContain(field);
    expect(await sqlOne("select count(*)::int as n from public.transactions where business_id = $1", [owner.businessId])).toEqual(before);
  });

  it("refuses a viewer with 403", async () => {
    const res = await create(req(viewerCookie, "/api/transactions", { method: "POST", body: sale() }));
    expect(res.status).toBe(403);
  });
});

describe("list, detail, edit, void, stats", () => {
  it("lists with filters, sorting and paging meta", async () => {
    for (const [date, amount] of [["2026-02-01", 100000], ["2026-02-10", 500000], ["2026-03-01", 75000]] as const) {
      const res = await create(req(ownerCookie, "/api/transactions", { method: "POST", body: sale({ date, amount, items: [] }) }));
      expect(res.status).toBe(201);
    }
    const all = await json(await list(req(ownerCookie, "/api/transactions?sort=amount&order=asc&limit=2")));
    expect(all.meta).toEqual({ page: 1, limit: 2, total: 4 });
    expect(all.data).toBeInstanceOf(Array);
    expect((all.data as unknown as { amount: number }[]).map((t) => t.amount)).toEqual([75000, 100000]);
    const feb = await json(await list(req(ownerCookie, `/api/transactions?customerId=${customer}&from=2026-02-01&to=2026-02-28&minAmount=200000`)));
    expect((feb.data as unknown as { amount: number }[]).map((t) => t.amount).sort()).toEqual([350000, 500000]);
    const bad = await list(req(ownerCookie, "/api/transactions?from=2026-03-01&to=2026-02-01"));
    expect(bad.status).toBe(400);
  });

  it("edits with the version, answers 409 for a stale one, voids, and hides other businesses' ids", async () => {
    const created = await json(await create(req(ownerCookie, "/api/transactions", { method: "POST", body: sale({ amount: 90000, items: [] }) })));
    const id = created.data?.id ?? "";
    const version = created.data?.version ?? "";

    expect((await getOne(req(otherCookie, `/api/transactions/${id}`), ctx(id))).status).toBe(404);
    expect((await PATCH(req(otherCookie, `/api/transactions/${id}`, { method: "PATCH", body: { version, amount: 1 } }), ctx(id))).status).toBe(404);
    expect((await voidRoute(req(otherCookie, `/api/transactions/${id}/void`, { method: "POST", body: { reason: "x" } }), ctx(id))).status).toBe(404);

    const edited = await PATCH(req(ownerCookie, `/api/transactions/${id}`, { method: "PATCH", body: { version, amount: 95000, notes: null } }), ctx(id));
    expect(edited.status).toBe(200);
    const editedBody = await json(edited);
    expect(editedBody.data).toMatchObject({ amount: 95000, notes: null, date: "2026-02-14" });
    const stale = await PATCH(req(ownerCookie, `/api/transactions/${id}`, { method: "PATCH", body: { version, amount: 99000 } }), ctx(id));
    expect(stale.status).toBe(409);
    expect((await json(stale)).error?.code).toBe("CONFLICT");

    const noReason = await voidRoute(req(ownerCookie, `/api/transactions/${id}/void`, { method: "POST", body: { reason: "" } }), ctx(id));
    expect(noReason.status).toBe(400);
    const voided = await voidRoute(req(ownerCookie, `/api/transactions/${id}/void`, { method: "POST", body: { reason: "Pembeli batal" } }), ctx(id));
    expect(voided.status).toBe(200);
    expect((await json(voided)).data).toMatchObject({ status: "voided", voidReason: "Pembeli batal" });
    const twice = await voidRoute(req(ownerCookie, `/api/transactions/${id}/void`, { method: "POST", body: { reason: "lagi" } }), ctx(id));
    expect(twice.status).toBe(409);
    const editVoided = await PATCH(req(ownerCookie, `/api/transactions/${id}`, { method: "PATCH", body: { version: editedBody.data?.version, amount: 1 } }), ctx(id));
    expect(editVoided.status).toBe(409);
  });

  it("reports period stats without voided sales, and validates custom ranges", async () => {
    const res = await json(await stats(req(ownerCookie, "/api/transactions/stats?period=custom&from=2026-02-01&to=2026-02-28")));
    // 350000 (14 Feb) + 100000 (1 Feb) + 500000 (10 Feb); the voided 95000 does not count.
    expect(res.data).toMatchObject({ period: "custom", from: "2026-02-01", to: "2026-02-28", revenue: 950000, count: 3 });
    expect((res.data?.daily as unknown[]).length).toBe(28);
    const today = await json(await stats(req(ownerCookie, "/api/transactions/stats?period=today")));
    expect(today.data).toMatchObject({ from: jakartaDate(), to: jakartaDate() });
    expect((await stats(req(ownerCookie, "/api/transactions/stats?period=custom&from=2026-02-01"))).status).toBe(400);
    expect((await stats(req(ownerCookie, "/api/transactions/stats?period=week"))).status).toBe(400);
  });
});
