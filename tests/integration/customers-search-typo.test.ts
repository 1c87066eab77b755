/**
 * The customer search's typo tolerance (20260502000400_customer_search_rule.sql): the word
 * similarity threshold is 0.5 inside search_customers and export_customers_page, so a
 * misspelling as far off as "santso" (0.57 from "Santoso", under pg_trgm's default 0.6) finds
 * the customer, in the list and in the export alike, while literal searches stay literal.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, sql } from "./helpers/db";
import { useStackEnv } from "./helpers/next-request";
import { registerOwner, type TestOwner } from "./helpers/users";

let owner: TestOwner;
const ids: Record<string, string> = {};

const listed = async (q: string): Promise<string[]> => {
  const { data, error } = await owner.client.rpc("search_customers", { p_business_id: owner.businessId, p_search: q, p_limit: 100 });
  expect(error, q).toBeNull();
  return (data ?? []).map((r) => r.id);
};
const exported = async (q: string): Promise<string[]> => {
  const { data, error } = await owner.client.rpc("export_customers_page", { p_business_id: owner.businessId, p_search: q });
  expect(error, q).toBeNull();
  return (data ?? []).map((r) => r.id);
};

beforeAll(async () => {
  await useStackEnv();
  owner = await registerOwner("caritypo");
  for (const [key, name, city, wa] of [
    ["santoso", "Budi Santoso", "Pekalongan", "+628971100001"],
    ["rahmawati", "Siti Rahmawati", "Batang", "+628971100002"],
    ["halim", "Joko Halim", "Semarang", "+628971100003"],
  ] as const) {
    const rows = await sql<{ id: string }>("insert into public.customers (business_id, name, city, whatsapp) values ($1, $2, $3, $4) returning id", [owner.businessId, name, city, wa]);
    ids[key] = rows[0]?.id ?? "";
  }
});

afterAll(async () => {
  await closeDb();
});

describe("search_customers / export_customers_page: typo tolerance", () => {
  it("finds Santoso for 'santso' (word similarity 0.57) and Rahmawati for 'rahmawti', in list and export", async () => {
    for (const [q, key] of [["santso", "santoso"], ["rahmawti", "rahmawati"], ["Halm", "halim"]] as const) {
      const list = await listed(q);
      expect(list, q).toContain(ids[key]);
      expect(new Set(await exported(q)), q).toEqual(new Set(list));
    }
  });

  it("does not let unrelated names in and keeps a literal search literal", async () => {
    expect(await listed("santso")).not.toContain(ids.halim);
    expect(await listed("zzqxv")).toEqual([]);
    expect(await listed("Budi Santoso")).toEqual([ids.santoso]);
  });
});
