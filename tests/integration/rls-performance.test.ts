/**
 * RLS cost per statement, not per row (migration 20260601000100_rls_per_statement.sql).
 *
 * A policy written as `has_role_on_business(business_id, 'viewer')` runs that security definer
 * function once for every candidate row (~400 ms for a signed-in count of 6,000 transactions).
 * Policies now compare business_id with `(select private.member_business_ids(role))::uuid[]`,
 * which the planner evaluates once as an InitPlan. These tests check the PLAN shape (timing
 * is too noisy on a shared machine) so a per-row policy written later fails here.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, sql, sqlOne } from "./helpers/db";
import { testEnv } from "./helpers/env";
import { randomWhatsapp, registerOwner, type TestOwner } from "./helpers/users";

const ROWS = 2_000;

let owner: TestOwner;
let stranger: TestOwner;
let client: pg.Client;

/** One EXPLAIN node as Postgres prints it in JSON (only the fields these tests read). */
interface PlanNode {
  "Node Type": string;
  "Parent Relationship"?: string;
  "Subplan Name"?: string;
  Output?: string[];
  Plans?: PlanNode[];
  [field: string]: unknown;
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/**
 * Runs `run` inside a transaction as role authenticated with the user's JWT claims, the way
 * PostgREST runs every API request; rolled back afterwards.
 */
async function asUser<T>(userId: string, run: () => Promise<T>): Promise<T> {
  await client.query("begin");
  try {
    await client.query("set local role authenticated");
    await client.query("select set_config('request.jwt.claims', $1, true)", [
      JSON.stringify({ sub: userId, role: "authenticated", aud: "authenticated" }),
    ]);
    return await run();
  } finally {
    await client.query("rollback");
  }
}

async function explainCount(userId: string, businessId: string): Promise<PlanNode> {
  return asUser(userId, async () => {
    const { rows } = await client.query<{ "QUERY PLAN": { Plan: PlanNode }[] }>(
      "explain (format json, verbose) select count(*) from public.transactions where business_id = $1",
      [businessId],
    );
    const plan = rows[0]?.["QUERY PLAN"][0]?.Plan;
    if (!plan) throw new Error("EXPLAIN returned no plan");
    return plan;
  });
}

beforeAll(async () => {
  owner = await registerOwner("rls-perf");
  stranger = await registerOwner("rls-perf-lain");
  const { id: customerId } = await sqlOne<{ id: string }>(
    "insert into public.customers (business_id, name, whatsapp) values ($1, 'Pelanggan Banyak', $2) returning id",
    [owner.businessId, randomWhatsapp()],
  );
  await sql(
    `insert into public.transactions (business_id, customer_id, transaction_date, amount)
     select $1, $2, date '2026-01-01' + (i % 300), 10000 + i from generate_series(1, $3::int) i`,
    [owner.businessId, customerId, ROWS],
  );
  await sql("analyze public.transactions");
  client = new pg.Client({ connectionString: (await testEnv()).dbUrl });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await closeDb();
});

describe("RLS membership check", () => {
  it("runs once per statement: an InitPlan calls member_business_ids, nothing calls has_role_on_business per row", async () => {
    const plan = await explainCount(owner.id, owner.businessId);
    const text = JSON.stringify(plan);
    expect(text, "a policy calls has_role_on_business per row").not.toMatch(/has_role_on_business/);

    const initPlans = nodesOf(plan).filter((n) => n["Parent Relationship"] === "InitPlan");
    const membership = initPlans.filter((n) => (n.Output ?? []).some((o) => o.includes("private.member_business_ids('viewer'")));
    expect(membership, `no InitPlan for the membership check in ${text}`).toHaveLength(1);

    // The scan compares business_id with the InitPlan's array rather than calling a function.
    const scans = nodesOf(plan).filter((n) => n["Relation Name"] === "transactions");
    expect(scans).toHaveLength(1);
    const conditions = JSON.stringify([scans[0]?.["Index Cond"], scans[0]?.Filter, scans[0]?.["Recheck Cond"]]);
    expect(conditions).toMatch(/business_id = ANY \(\(InitPlan \d+\)\.col1\)/);
  });

  it("still answers exactly what the old policy did: all rows for a member, none for a stranger", async () => {
    const count = (userId: string) => asUser(userId, async () => {
      const { rows } = await client.query<{ n: string }>(
        "select count(*) as n from public.transactions where business_id = $1",
        [owner.businessId],
      );
      return Number(rows[0]?.n);
    });
    expect(await count(owner.id)).toBe(ROWS);
    expect(await count(stranger.id)).toBe(0);
  });

  it("no public policy calls has_role_on_business (every tenant policy uses the per-statement form)", async () => {
    const perRow = await sql<{ policy: string }>(
      `select tablename || '.' || policyname as policy from pg_policies
       where schemaname = 'public' and concat(qual, ' ', with_check) like '%has_role_on_business%'`,
    );
    expect(perRow.map((p) => p.policy), "write `business_id = any ((select private.member_business_ids(role))::uuid[])`").toEqual([]);
  });
});
