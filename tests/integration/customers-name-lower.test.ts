/**
 * customers.name_lower (20260803000100): lower(name), kept by the database, is what the
 * search's name arms and the sale form's picker test (LIKE lower(text), the same rows as
 * ILIKE on the name). It follows every change of the name, no client can write it, it finds
 * names in any case including letters outside ASCII, and the audit trail does not repeat it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchCustomerOptions } from "@/features/transactions/queries";
import { closeDb, sql, sqlOne } from "./helpers/db";
import { useStackEnv } from "./helpers/next-request";
import { registerOwner, type TestOwner } from "./helpers/users";

let owner: TestOwner;
let eliseId = "";

const listed = async (q: string): Promise<string[]> => {
  const { data, error } = await owner.client.rpc("search_customers", { p_business_id: owner.businessId, p_search: q, p_limit: 100 });
  expect(error, q).toBeNull();
  return (data ?? []).map((r) => r.id);
};

beforeAll(async () => {
  await useStackEnv();
  owner = await registerOwner("namalower");
  const rows = await sql<{ id: string }>(
    "insert into public.customers (business_id, name, city, whatsapp) values ($1, 'ÉLISE Ñandú Wibowo', 'Batang', '+628971200001') returning id",
    [owner.businessId],
  );
  eliseId = rows[0]?.id ?? "";
  await sql("insert into public.customers (business_id, name, city, whatsapp) values ($1, 'Bagus Hartono', 'Solo', '+628971200002')", [owner.businessId]);
});

afterAll(async () => {
  await closeDb();
});

describe("customers.name_lower", () => {
  it("is lower(name), follows a rename, and cannot be written by a client (nothing changes)", async () => {
    expect(await sqlOne<{ name_lower: string }>("select name_lower from public.customers where id = $1", [eliseId])).toEqual({ name_lower: "élise ñandú wibowo" });

    // A generated column: PostgREST refuses the write, the row stays as it was.
    const write = await owner.client.from("customers").update({ name_lower: "orang lain" } as never).eq("id", eliseId).select("id");
    expect(write.error).not.toBeNull();
    expect(await sqlOne<{ name_lower: string }>("select name_lower from public.customers where id = $1", [eliseId])).toEqual({ name_lower: "élise ñandú wibowo" });

    const renamed = await owner.client.from("customers").update({ name: "Élise Ñandú Wibowo" }).eq("id", eliseId).select("name_lower").single();
    expect(renamed.error).toBeNull();
    expect(renamed.data?.name_lower).toBe("élise ñandú wibowo");
  });

  it("finds a name in any case, letters outside ASCII included, in the list, the export and the sale form's picker", async () => {
    for (const q of ["élise", "ÉLISE", "ñandú", "ÑANDÚ WIBOWO", "wibowo"]) {
      expect(await listed(q), q).toEqual([eliseId]);
      const exported = await owner.client.rpc("export_customers_page", { p_business_id: owner.businessId, p_search: q });
      expect(exported.error, q).toBeNull();
      expect((exported.data ?? []).map((r) => r.id), q).toEqual([eliseId]);
      expect((await searchCustomerOptions(owner.client, { businessId: owner.businessId, q })).map((o) => o.id), q).toEqual([eliseId]);
    }
    // Wildcards in the text are only text.
    expect(await searchCustomerOptions(owner.client, { businessId: owner.businessId, q: "%" })).toEqual([]);
    expect(await listed("%")).toEqual([]);
  });

  it("is left out of the audit trail, which keeps the name itself", async () => {
    const audit = await sql<{ before: Record<string, unknown> | null; after: Record<string, unknown> }>(
      "select before, after from public.audit_log where table_name = 'customers' and record_id = $1 order by id",
      [eliseId],
    );
    expect(audit.length).toBeGreaterThanOrEqual(2);
    for (const row of audit) {
      expect(row.after).not.toHaveProperty("name_lower");
      if (row.before) expect(row.before).not.toHaveProperty("name_lower");
    }
    expect(audit.at(-1)?.after.name).toBe("Élise Ñandú Wibowo");
  });
});
