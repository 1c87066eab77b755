/**
 * The transaction RPCs against the local stack, as real users through PostgREST:
 * record_transaction / update_transaction / void_transaction (every bad input refused with
 * nothing changed), line items that must add up, the version check, voided rows dropping out
 * of figures, period statistics in WIB days and the customers.refresh_stats job handler.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customersRefreshStats } from "../../src/features/transactions/jobs";
import { jakartaDate, resolvePeriod } from "../../src/features/transactions/period";
import { createLogger } from "../../src/lib/logger";
import type { JobContext } from "../../src/lib/jobs/types";
import { closeDb, sql, sqlOne } from "./helpers/db";
import { addMember, randomWhatsapp, registerOwner, type TestOwner, type TestUser } from "./helpers/users";

let A: TestOwner, B: TestOwner, viewerA: TestUser, staffA: TestUser;
let customerA = "", customerA2 = "", customerB = "";

const newCustomer = async (businessId: string, name: string) =>
  (await sqlOne<{ id: string }>("insert into public.customers (business_id, name, whatsapp) values ($1, $2, $3) returning id", [businessId, name, randomWhatsapp()])).id;

const countTx = async (businessId: string) =>
  Number((await sqlOne<{ n: string }>("select count(*) as n from public.transactions where business_id = $1", [businessId])).n);

const record = (user: TestUser, args: Partial<{ p_business_id: string; p_customer_id: string; p_date: string; p_amount: number; p_items: unknown; p_payment_method: string; p_notes: string }>) =>
  user.client.rpc("record_transaction", {
    p_business_id: A.businessId,
    p_customer_id: customerA,
    p_date: "2026-03-10",
    p_amount: 150000,
    ...args,
  } as never);

function jobContext(): JobContext {
  return {
    jobId: "test",
    name: "customers.refresh_stats",
    attempt: 1,
    log: createLogger({ test: "transactions" }),
    signal: new AbortController().signal,
    sql: async (text, values) => ({ rows: await sql(text, values ?? []) }),
  };
}

const statsOf = (customerId: string) =>
  sqlOne<{ transactions_count: number; total_spent: string; average_order: string; first_purchase_date: string | null; last_purchase_date: string | null }>(
    "select transactions_count, total_spent::text, average_order::text, first_purchase_date::text, last_purchase_date::text from public.customer_stats where customer_id = $1",
    [customerId],
  );

beforeAll(async () => {
  [A, B] = await Promise.all([registerOwner("txa"), registerOwner("txb")]);
  [viewerA, staffA] = await Promise.all([addMember(A, "viewer", "txviewer"), addMember(A, "staff", "txstaff")]);
  [customerA, customerA2, customerB] = await Promise.all([
    newCustomer(A.businessId, "Bu Ratna"),
    newCustomer(A.businessId, "Pak Dimas"),
    newCustomer(B.businessId, "Orang Lain"),
  ]);
});

afterAll(closeDb);

describe("record_transaction", () => {
  it("records a sale with items that add up, and returns the row", async () => {
    const { data, error } = await record(staffA, {
      p_amount: 250000,
      p_items: [{ name: "Kain batik cap", quantity: 2, unit_price: 100000 }, { name: "Selendang", quantity: 1, unit_price: 50000 }],
      p_payment_method: "qris",
      p_notes: "  dibungkus kado  ",
    });
    expect(error).toBeNull();
    expect(data).toMatchObject({ business_id: A.businessId, customer_id: customerA, amount: 250000, payment_method: "qris", notes: "dibungkus kado", status: "completed" });
    const items = await sql<{ name: string; line_total: string; position: number }>(
      "select name, line_total::text, position from public.transaction_items where transaction_id = $1 order by position", [data?.id]);
    expect(items).toEqual([{ name: "Kain batik cap", line_total: "200000.00", position: 1 }, { name: "Selendang", line_total: "50000.00", position: 2 }]);
    const audit = await sql("select 1 from public.audit_log where table_name = 'transactions' and record_id = $1 and action = 'insert'", [data?.id]);
    expect(audit).toHaveLength(1);
  });

  it.each([
    ["a date before 2000", { p_date: "1999-12-31" }, "date_too_early"],
    ["amount zero", { p_amount: 0 }, "amount_not_positive"],
    ["a negative amount", { p_amount: -5000 }, "amount_not_positive"],
    ["items that do not add up", { p_amount: 100000, p_items: [{ name: "Kemeja", quantity: 1, unit_price: 90000 }] }, "items_total_mismatch"],
    ["an item without a name", { p_amount: 1000, p_items: [{ name: " ", quantity: 1, unit_price: 1000 }] }, "items_invalid"],
    ["an item with quantity 0", { p_amount: 1000, p_items: [{ name: "X", quantity: 0, unit_price: 1000 }] }, "items_invalid"],
    ["an unknown payment method", { p_payment_method: "bitcoin" }, "payment_method_invalid"],
  ])("refuses %s and writes nothing", async (_label, args, hint) => {
    const before = await countTx(A.businessId);
    const { data, error } = await record(staffA, args);
    expect(data).toBeNull();
    expect(error?.hint).toBe(hint);
    expect(await countTx(A.businessId)).toBe(before);
  });

  it("refuses a customer of another business, and one that does not exist", async () => {
    const before = await countTx(A.businessId);
    for (const id of [customerB, "00000000-0000-0000-0000-000000000001"]) {
      const { error } = await record(A, { p_customer_id: id });
      expect(error?.hint).toBe("customer_not_found");
    }
    expect(await countTx(A.businessId)).toBe(before);
    expect(await countTx(B.businessId)).toBe(0);
  });

  it("refuses viewers, and members of A recording into B", async () => {
    expect((await record(viewerA, {})).error?.code).toBe("42501");
    expect((await record(A, { p_business_id: B.businessId, p_customer_id: customerB })).error?.code).toBe("42501");
    expect(await countTx(B.businessId)).toBe(0);
  });

  it("refuses direct writes to transactions and items through the API", async () => {
    const { error } = await A.client.from("transactions").insert({ business_id: A.businessId, customer_id: customerA, transaction_date: "2026-03-01", amount: 1000 });
    expect(error?.code).toBe("42501");
  });
});

describe("update_transaction", () => {
  it("edits with the current version, and answers a stale version with a conflict", async () => {
    const { data: created } = await record(staffA, { p_amount: 100000 });
    if (!created) throw new Error("no row");
    const edit = (version: string, amount: number) =>
      staffA.client.rpc("update_transaction", {
        p_id: created.id, p_expected_updated_at: version, p_customer_id: customerA2, p_date: "2026-03-11", p_amount: amount,
        p_items: [{ name: "Kemeja", quantity: 2, unit_price: amount / 2 }], p_payment_method: "tunai",
      });
    const first = await edit(created.updated_at, 120000);
    expect(first.error).toBeNull();
    expect(first.data).toMatchObject({ customer_id: customerA2, amount: 120000, transaction_date: "2026-03-11" });
    const stale = await edit(created.updated_at, 130000);
    expect(stale.error?.hint).toBe("transaction_version_conflict");
    expect((await sqlOne<{ amount: string }>("select amount::text from public.transactions where id = $1", [created.id])).amount).toBe("120000.00");
  });

  it("answers another business's id as not found", async () => {
    const { data: created } = await record(A, {});
    if (!created) throw new Error("no row");
    const { error } = await B.client.rpc("update_transaction", {
      p_id: created.id, p_expected_updated_at: created.updated_at, p_customer_id: customerB, p_date: "2026-03-10", p_amount: 1,
    });
    expect(error?.hint).toBe("transaction_not_found");
  });
});

describe("void_transaction, customer_stats and the refresh job", () => {
  it("voids without deleting, keeps the audit trail, and the voided sale drops out of the figures", async () => {
    const customer = await newCustomer(A.businessId, "Mbak Sari");
    const one = await record(A, { p_customer_id: customer, p_date: "2025-01-05", p_amount: 100000 });
    const two = await record(A, { p_customer_id: customer, p_date: "2025-02-05", p_amount: 300000 });
    if (!one.data || !two.data) throw new Error("no rows");

    const job = await customersRefreshStats.handler({ businessId: A.businessId, customerIds: [customer] }, jobContext());
    expect(job).toEqual({ refreshed: 1, rescored: 0 }); // never RFM-analysed: nothing to rescore
    expect(await statsOf(customer)).toEqual({
      transactions_count: 2, total_spent: "400000.00", average_order: "200000.00", first_purchase_date: "2025-01-05", last_purchase_date: "2025-02-05",
    });

    expect((await A.client.rpc("void_transaction", { p_id: two.data.id, p_reason: " " })).error?.hint).toBe("void_reason_required");
    const voided = await A.client.rpc("void_transaction", { p_id: two.data.id, p_reason: "Salah input" });
    expect(voided.error).toBeNull();
    expect(voided.data).toMatchObject({ status: "voided", void_reason: "Salah input", voided_by: A.id });
    expect((await A.client.rpc("void_transaction", { p_id: two.data.id, p_reason: "lagi" })).error?.hint).toBe("transaction_voided");
    expect(await sql("select 1 from public.transactions where id = $1", [two.data.id])).toHaveLength(1);
    expect(await sql("select 1 from public.audit_log where record_id = $1 and action = 'update'", [two.data.id])).toHaveLength(1);

    await customersRefreshStats.handler({ businessId: A.businessId, customerIds: [customer] }, jobContext());
    expect(await statsOf(customer)).toMatchObject({ transactions_count: 1, total_spent: "100000.00", last_purchase_date: "2025-01-05" });

    const stats = await A.client.rpc("transaction_period_stats", { p_business_id: A.businessId, p_from: "2025-02-05", p_to: "2025-02-05" }).single();
    expect(stats.data).toMatchObject({ revenue: 0, transactions_count: 0 });
  });

  it("the job refreshes a whole business when customerIds is null, and is idempotent", async () => {
    const owner = await registerOwner("txjob");
    const c1 = await newCustomer(owner.businessId, "Satu");
    const c2 = await newCustomer(owner.businessId, "Dua");
    await sql("insert into public.transactions (business_id, customer_id, transaction_date, amount) values ($1, $2, '2026-01-01', 50000), ($1, $2, '2026-01-03', 70000)", [owner.businessId, c1]);
    for (let i = 0; i < 2; i++) {
      expect(await customersRefreshStats.handler({ businessId: owner.businessId, customerIds: null }, jobContext())).toEqual({ refreshed: 2, rescored: 0 });
    }
    expect(await statsOf(c1)).toMatchObject({ transactions_count: 2, total_spent: "120000.00", average_order: "60000.00" });
    expect(await statsOf(c2)).toMatchObject({ transactions_count: 0, total_spent: "0.00", first_purchase_date: null });
    expect(customersRefreshStats.schema.safeParse({ businessId: "nope", customerIds: null }).success).toBe(false);
  });
});

describe("transaction_period_stats", () => {
  it("counts a sale at 23:30 WIB on that WIB day, with empty days as zero", async () => {
    const owner = await registerOwner("txwib");
    const customer = await newCustomer(owner.businessId, "Malam");
    // 23:30 WIB on 10 March is 16:30 UTC; 06:30 WIB on 12 March is still 11 March in UTC.
    const late = jakartaDate(new Date("2026-03-10T16:30:00Z"));
    const early = jakartaDate(new Date("2026-03-11T23:30:00Z"));
    expect([late, early]).toEqual(["2026-03-10", "2026-03-12"]);
    await owner.client.rpc("record_transaction", { p_business_id: owner.businessId, p_customer_id: customer, p_date: late, p_amount: 200000 });
    await owner.client.rpc("record_transaction", { p_business_id: owner.businessId, p_customer_id: customer, p_date: early, p_amount: 100000 });

    const { data, error } = await owner.client.rpc("transaction_period_stats", { p_business_id: owner.businessId, p_from: "2026-03-09", p_to: "2026-03-12" }).single();
    expect(error).toBeNull();
    expect(data).toMatchObject({ revenue: 300000, transactions_count: 2, average_order: 150000 });
    expect(data?.daily).toEqual([
      { date: "2026-03-09", revenue: 0, count: 0 },
      { date: "2026-03-10", revenue: 200000, count: 1 },
      { date: "2026-03-11", revenue: 0, count: 0 },
      { date: "2026-03-12", revenue: 100000, count: 1 },
    ]);
    // "today" at 23:30 WIB is the WIB date, not the UTC one.
    expect(resolvePeriod("today", new Date("2026-03-11T23:30:00Z"))).toEqual({ from: "2026-03-12", to: "2026-03-12" });
  });

  it("refuses reversed or foreign ranges", async () => {
    expect((await A.client.rpc("transaction_period_stats", { p_business_id: A.businessId, p_from: "2026-03-02", p_to: "2026-03-01" })).error?.hint).toBe("period_invalid");
    expect((await A.client.rpc("transaction_period_stats", { p_business_id: B.businessId, p_from: "2026-03-01", p_to: "2026-03-02" })).error?.hint).toBe("business_not_found");
  });
});
