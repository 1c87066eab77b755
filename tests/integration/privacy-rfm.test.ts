/**
 * The privacy export's RFM part (20260703000200_privacy_export_rfm_history.sql): the customer's
 * current row and their row in every kept run, oldest first, each with its run's date and its
 * code, read through the business's runs (rfm_results has no customer index). Another
 * customer's rows never leak into it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, sql } from "./helpers/db";
import { useStackEnv } from "./helpers/next-request";
import { registerOwner, type TestOwner } from "./helpers/users";

let owner: TestOwner;
const ids: Record<"buyer" | "other", string> = { buyer: "", other: "" };

interface RfmExport {
  current: { segment: string; rfm_code: string | null; customer_id: string } | null;
  history: { customer_id: string; analysis_date: string; rfm_code: string | null; segment: string; frequency: number }[];
}

beforeAll(async () => {
  await useStackEnv();
  owner = await registerOwner("privrfm");
  for (const key of ["buyer", "other"] as const) {
    const [row] = await sql<{ id: string }>("insert into public.customers (business_id, name, whatsapp) values ($1, $2, $3) returning id", [
      owner.businessId, `Pembeli ${key}`, `+62897${key === "buyer" ? "1" : "2"}${String(Date.now()).slice(-7)}`,
    ]);
    ids[key] = row?.id ?? "";
  }
  // Sales on both sides of two analysis dates, then a back-dated run and today's.
  await sql(
    `insert into public.transactions (business_id, customer_id, transaction_date, amount, payment_method, status)
     values ($1, $2, '2026-01-05', 150000, 'tunai', 'completed'), ($1, $2, '2026-03-10', 250000, 'tunai', 'completed'),
            ($1, $3, '2026-02-01', 90000, 'tunai', 'completed')`,
    [owner.businessId, ids.buyer, ids.other],
  );
  await sql("select public.rfm_run($1, '2026-02-01')", [owner.businessId]);
  await sql("select public.rfm_run($1)", [owner.businessId]);
});

afterAll(async () => {
  await closeDb();
});

describe("privacy_export_customer: RFM history", () => {
  it("lists the customer's row of every kept run, oldest first, with its date and code, and the current row", async () => {
    const { data, error } = await owner.client.rpc("privacy_export_customer", { p_business_id: owner.businessId, p_customer_id: ids.buyer });
    expect(error).toBeNull();
    const rfm = (data as unknown as { rfm: RfmExport }).rfm;
    expect(rfm.history.map((h) => [h.analysis_date, h.frequency])).toEqual([
      ["2026-02-01", 1],
      [expect.stringMatching(/^2026-/), 2],
    ]);
    expect(rfm.history.every((h) => h.customer_id === ids.buyer)).toBe(true);
    for (const h of rfm.history) expect(h.rfm_code).toMatch(/^[1-5]-[1-5]-[1-5]$/);
    expect(rfm.current).toMatchObject({ customer_id: ids.buyer, rfm_code: rfm.history[1]?.rfm_code, segment: rfm.history[1]?.segment });
  });
});
