/**
 * The customers data core through the real API (PostgREST + RLS): the balance ledger under
 * concurrency, soft delete refused with debt, restore, search with hostile text, the
 * timeline events written by triggers, the duplicate WhatsApp rule and the stats RPC.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, sql, sqlOne } from "./helpers/db";
import { addMember, randomWhatsapp, registerOwner, type TestOwner, type TestUser } from "./helpers/users";

let owner: TestOwner;
let other: TestOwner;
let viewer: TestUser;

async function newCustomer(who: TestOwner, fields: Record<string, string> = {}): Promise<{ id: string; updated_at: string }> {
  const { data, error } = await who.client
    .from("customers")
    .insert({ business_id: who.businessId, name: "Pelanggan Uji", whatsapp: randomWhatsapp(), ...fields })
    .select("id, updated_at")
    .single();
  if (error) throw new Error(error.message);
  return data;
}

const search = (who: TestOwner, args: Record<string, unknown>) =>
  who.client.rpc("search_customers", { p_business_id: who.businessId, ...args });

beforeAll(async () => {
  [owner, other] = await Promise.all([registerOwner("cust-owner"), registerOwner("cust-other")]);
  viewer = await addMember(owner, "viewer", "cust-viewer");
});

afterAll(closeDb);

describe("balance ledger", () => {
  it("keeps balance = sum of the ledger under 20 concurrent writes", async () => {
    const { id } = await newCustomer(owner);
    const entries = Array.from({ length: 20 }, (_, i) => ({
      p_customer_id: id,
      p_entry_type: i % 3 === 0 ? ("debit" as const) : ("credit" as const),
      p_amount: 1000 + i * 250,
      p_description: `Entri ${i}`,
    }));
    const results = await Promise.all(entries.map((e) => owner.client.rpc("record_ledger_entry", e)));
    expect(results.map((r) => r.error)).toEqual(entries.map(() => null));

    const expected = entries.reduce((sum, e) => sum + (e.p_entry_type === "debit" ? -e.p_amount : e.p_amount), 0);
    const row = await sqlOne<{ balance: string; ledger_sum: string; entries: number; chained: boolean }>(
      `select c.balance::text,
              (select sum(case when entry_type = 'debit' then -amount else amount end) from public.customer_ledger where customer_id = c.id)::text as ledger_sum,
              (select count(*)::int from public.customer_ledger where customer_id = c.id) as entries,
              (select bool_and(previous_balance = coalesce(lag_new, 0)) from (
                 select previous_balance, lag(new_balance) over (order by created_at, new_balance - previous_balance) as lag_new
                 from public.customer_ledger where customer_id = c.id) x) as chained
         from public.customers c where c.id = $1`,
      [id],
    );
    expect(Number(row.balance)).toBe(expected);
    expect(Number(row.ledger_sum)).toBe(expected);
    expect(row.entries).toBe(20);
    const activities = await sqlOne<{ n: number }>("select count(*)::int as n from public.customer_activities where customer_id = $1 and kind = 'balance_changed'", [id]);
    expect(activities.n).toBe(20);
  });

  it("refuses writes to the balance or the ledger outside record_ledger_entry", async () => {
    const { id } = await newCustomer(owner);
    const direct = await owner.rest.from("customers").update({ balance: 5000 }).eq("id", id);
    expect(direct.error?.code).toBe("42501");
    await expect(sql("update public.customers set balance = 1 where id = $1", [id])).rejects.toThrow(/record_ledger_entry/);
    const ledger = await owner.rest.from("customer_ledger").insert({
      business_id: owner.businessId, customer_id: id, entry_type: "credit", amount: 1, description: "x", previous_balance: 0, new_balance: 1,
    });
    expect(ledger.error?.code).toBe("42501");
  });

  it("rejects bad amounts, viewers and other businesses' customers, changing nothing", async () => {
    const { id } = await newCustomer(owner);
    for (const amount of [0, -5, 1.005]) {
      const { error } = await owner.client.rpc("record_ledger_entry", { p_customer_id: id, p_entry_type: "credit", p_amount: amount, p_description: "x" });
      expect(error?.hint).toBe("amount_invalid");
    }
    const asViewer = await viewer.client.rpc("record_ledger_entry", { p_customer_id: id, p_entry_type: "credit", p_amount: 10, p_description: "x" });
    expect(asViewer.error?.code).toBe("42501");
    const asStranger = await other.client.rpc("record_ledger_entry", { p_customer_id: id, p_entry_type: "credit", p_amount: 10, p_description: "x" });
    expect(asStranger.error?.hint).toBe("customer_not_found");
    expect((await sqlOne<{ n: number }>("select count(*)::int as n from public.customer_ledger where customer_id = $1", [id])).n).toBe(0);
  });
});

describe("soft delete and restore", () => {
  it("is refused while the customer has debt, with the amount, and allowed once paid", async () => {
    const c = await newCustomer(owner);
    await owner.client.rpc("record_ledger_entry", { p_customer_id: c.id, p_entry_type: "debit", p_amount: 150000, p_description: "Bon" });
    const refused = await owner.client.rpc("soft_delete_customer", { p_id: c.id, p_reason: "Pindah kota" });
    expect(refused.error).toMatchObject({ hint: "customer_has_debt", details: "150000.00" });
    expect((await sqlOne<{ deleted_at: string | null }>("select deleted_at from public.customers where id = $1", [c.id])).deleted_at).toBeNull();

    await owner.client.rpc("record_ledger_entry", { p_customer_id: c.id, p_entry_type: "credit", p_amount: 150000, p_description: "Pembayaran" });
    const done = await owner.client.rpc("soft_delete_customer", { p_id: c.id, p_reason: "Pindah kota" });
    expect(done.error).toBeNull();
    expect(done.data).toMatchObject({ id: c.id, deleted_reason: "Pindah kota", deleted_by: owner.id });

    const live = await search(owner, { p_search: "Pelanggan Uji" });
    expect((live.data ?? []).map((r) => r.id)).not.toContain(c.id);
    const deleted = await search(owner, { p_deleted: true });
    expect((deleted.data ?? []).map((r) => r.id)).toContain(c.id);

    const restored = await owner.client.rpc("restore_customer", { p_id: c.id });
    expect(restored.error).toBeNull();
    expect(restored.data).toMatchObject({ id: c.id, deleted_at: null, deleted_reason: null });
    const kinds = await sql<{ kind: string }>("select kind::text from public.customer_activities where customer_id = $1 order by created_at, kind", [c.id]);
    expect(kinds.map((k) => k.kind)).toEqual(expect.arrayContaining(["created", "balance_changed", "deleted", "restored"]));
  });

  it("answers stale_version for an outdated updated_at, and needs a reason", async () => {
    const c = await newCustomer(owner);
    await owner.client.from("customers").update({ city: "Solo" }).eq("id", c.id);
    const stale = await owner.client.rpc("soft_delete_customer", { p_id: c.id, p_reason: "x", p_expected_updated_at: c.updated_at });
    expect(stale.error?.hint).toBe("stale_version");
    const noReason = await owner.client.rpc("soft_delete_customer", { p_id: c.id, p_reason: "  " });
    expect(noReason.error?.hint).toBe("reason_required");
    const stranger = await other.client.rpc("soft_delete_customer", { p_id: c.id, p_reason: "x" });
    expect(stranger.error?.hint).toBe("customer_not_found");
  });

  it("restore answers a conflict when the WhatsApp number was taken meanwhile", async () => {
    const whatsapp = randomWhatsapp();
    const first = await newCustomer(owner, { whatsapp });
    expect((await owner.client.rpc("soft_delete_customer", { p_id: first.id, p_reason: "Duplikat" })).error).toBeNull();
    await newCustomer(owner, { whatsapp });
    const restored = await owner.client.rpc("restore_customer", { p_id: first.id });
    expect(restored.error?.code).toBe("23505");
  });
});

describe("search_customers", () => {
  it("finds a customer by a typo in the name and by WhatsApp digits typed locally", async () => {
    const whatsapp = randomWhatsapp();
    const c = await newCustomer(owner, { name: "Kartika Sulistyowati", whatsapp, city: "Yogyakarta" });
    for (const q of ["Kartika", "sulistyowti", "Kartka Sulistyowati", `0${whatsapp.slice(3, 9)}`, "yogyakrta"]) {
      const { data, error } = await search(owner, { p_search: q });
      expect(error, q).toBeNull();
      expect((data ?? []).map((r) => r.id), q).toContain(c.id);
    }
  });

  it("treats commas, quotes, parentheses, % and PostgREST/SQL syntax as plain text", async () => {
    const odd = await newCustomer(owner, { name: `Toko "Maju, Jaya" (100%) O'Neil` });
    const hostile = [",", "()", "%", "'", '"', "name.eq.x,or(id.neq.0)", "a%' or 1=1 --", "%%%", "_", `"Maju, Jaya"`, "(100%)", "O'Neil", "*", "\\"];
    for (const q of hostile) {
      const { data, error } = await search(owner, { p_search: q });
      expect(error, q).toBeNull();
      for (const row of data ?? []) {
        const text = [row.name, row.city ?? "", row.email ?? "", row.whatsapp ?? ""].join(" ").toLowerCase();
        // "%" is a literal percent sign, never a wildcard.
        if (q === "%" || q === "%%%") expect(text, q).toContain("%");
      }
    }
    for (const q of [`"Maju, Jaya"`, "(100%)", "O'Neil"]) {
      const { data } = await search(owner, { p_search: q });
      expect((data ?? []).map((r) => r.id), q).toContain(odd.id);
    }
    const none = await search(owner, { p_search: "name.eq.x,or(id.neq.0)" });
    expect(none.data).toEqual([]);
  });

  it("filters, sorts on a whitelisted column and pages with a total", async () => {
    const biz = await registerOwner("cust-list");
    const names = ["Ani", "Budi", "Citra", "Dewi", "Eko"];
    for (const name of names) await newCustomer(biz, { name, type: name === "Budi" ? "business" : "private" });
    const page = await search(biz, { p_sort: "name", p_direction: "asc", p_limit: 2, p_offset: 2 });
    expect(page.error).toBeNull();
    expect(page.data?.map((r) => r.name)).toEqual(["Citra", "Dewi"]);
    expect(page.data?.[0]?.total_count).toBe(5);
    const business = await search(biz, { p_type: "business" });
    expect(business.data?.map((r) => r.name)).toEqual(["Budi"]);
    const injected = await search(biz, { p_sort: "name; drop table public.customers", p_direction: "sideways" });
    expect(injected.error).toBeNull();
    expect(injected.data).toHaveLength(5);
    const bad = await search(biz, { p_balance: "negative" });
    expect(bad.error?.hint).toBe("balance_filter_invalid");
    const foreign = await other.client.rpc("search_customers", { p_business_id: biz.businessId });
    expect(foreign.data).toEqual([]);
  });
});

describe("rules on the customers table", () => {
  it("refuses a duplicate WhatsApp number in the same business but allows it in another", async () => {
    const whatsapp = randomWhatsapp();
    const existing = await newCustomer(owner, { whatsapp });
    const dup = await owner.client.from("customers").insert({ business_id: owner.businessId, name: "Kembar", whatsapp });
    expect(dup.error?.code).toBe("23505");
    const elsewhere = await other.client.from("customers").insert({ business_id: other.businessId, name: "Kembar", whatsapp });
    expect(elsewhere.error).toBeNull();
    expect(existing.id).toBeTruthy();
  });

  it("an update with a stale updated_at matches nothing; the row keeps the other edit", async () => {
    const c = await newCustomer(owner);
    const first = await owner.client.from("customers").update({ city: "Bandung" }).eq("id", c.id).eq("updated_at", c.updated_at).select("id");
    expect(first.data).toHaveLength(1);
    const second = await owner.client.from("customers").update({ city: "Medan" }).eq("id", c.id).eq("updated_at", c.updated_at).select("id");
    expect(second.data).toEqual([]);
    expect((await sqlOne<{ city: string }>("select city from public.customers where id = $1", [c.id])).city).toBe("Bandung");
  });

  it("logs created / updated / note / transaction_added events, and members log only manual kinds", async () => {
    const c = await newCustomer(owner);
    await owner.client.from("customers").update({ name: "Nama Baru" }).eq("id", c.id);
    await owner.client.from("customer_notes").insert({ business_id: owner.businessId, customer_id: c.id, note_type: "complaint", body: "Paket telat" });
    await sql("insert into public.transactions (business_id, customer_id, transaction_date, amount) values ($1, $2, '2026-01-05', 50000)", [owner.businessId, c.id]);
    const forged = await owner.client.from("customer_activities").insert({ business_id: owner.businessId, customer_id: c.id, kind: "balance_changed" });
    expect(forged.error?.code).toBe("42501");
    const call = await owner.client.from("customer_activities").insert({ business_id: owner.businessId, customer_id: c.id, kind: "call", title: "Tanya stok" });
    expect(call.error).toBeNull();
    const { data } = await owner.client.from("customer_activities").select("kind, actor_id, metadata, body").eq("customer_id", c.id);
    const kinds = (data ?? []).map((a) => a.kind).sort();
    expect(kinds).toEqual(["call", "created", "note", "transaction_added", "updated"]);
    expect(data?.find((a) => a.kind === "note")).toMatchObject({ body: "Paket telat", actor_id: owner.id });
    expect(data?.find((a) => a.kind === "updated")?.metadata).toEqual({ changed: ["name"] });
  });

  it("customer_list_stats counts live customers, revenue without voided sales and total debt", async () => {
    const biz = await registerOwner("cust-stats");
    const a = await newCustomer(biz, { name: "A" });
    const b = await newCustomer(biz, { name: "B", type: "business" });
    await sql(
      `insert into public.transactions (business_id, customer_id, transaction_date, amount, status, voided_at) values
         ($1, $2, '2026-01-01', 100000, 'completed', null), ($1, $2, '2026-01-02', 50000, 'voided', now()),
         ($1, $3, '2026-01-03', 300000, 'completed', null)`,
      [biz.businessId, a.id, b.id],
    );
    await biz.client.rpc("record_ledger_entry", { p_customer_id: a.id, p_entry_type: "debit", p_amount: 25000, p_description: "Bon" });
    // Revenue comes from customer_stats, which the customers.refresh_stats job keeps (the rows
    // above were inserted directly, so run what the job runs).
    await sql("select public.refresh_customer_stats($1, null)", [biz.businessId]);
    const { data, error } = await biz.client.rpc("customer_list_stats", { p_business_id: biz.businessId });
    expect(error).toBeNull();
    expect(data?.[0]).toMatchObject({ total: 2, active: 2, private: 1, business: 1, total_revenue: 400000, average_customer_value: 200000, total_debt: 25000 });
  });
});
