/**
 * RFM background work on a throwaway pg-boss schema (the stack's own worker cannot take these
 * jobs): a sale queues ONE customers.refresh_stats job, which refreshes the customer's figures and
 * rescores their RFM against the latest run within the drain; the weekly fan-out gives every business its own job, so one
 * failing business fails alone and shows up among the failed jobs; the cron route needs the
 * secret; the CLI runs a business now.
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as weeklyCron } from "../../src/app/api/cron/rfm-weekly/route";
import { recordTransaction, voidTransaction } from "../../src/features/transactions/mutations";
import { resetEnvCache } from "../../src/lib/env";
import { listFailedJobs } from "../../src/lib/jobs/admin";
import { getBoss, stopBoss } from "../../src/lib/jobs/boss";
import { enqueue } from "../../src/lib/jobs/enqueue";
import { drainDueJobs } from "../../src/lib/jobs/run";
import { createLogger, setLogSink } from "../../src/lib/logger";
import { fanOutWeekly } from "../../src/lib/rfm/engine-weekly";
import { closeDb, sql, sqlOne } from "./helpers/db";
import { testEnv } from "./helpers/env";
import { randomWhatsapp, registerOwner, type TestOwner } from "./helpers/users";

const CRON_SECRET = "integration-cron-secret-rfm-0123456789";
const SCHEMA = `pgboss_rfm_${randomUUID().slice(0, 8)}`;
const log = createLogger({ test: "rfm-jobs" });

interface JobRow { id: string; name: string; state: string; data: Record<string, unknown>; output: Record<string, unknown> | null }
const jobsNamed = (name: string) => sql<JobRow>(`select id, name, state, data, output from ${SCHEMA}.job where name = $1 order by created_on`, [name]);
const directSql = async (text: string, values?: unknown[]) => ({ rows: await sql(text, values ?? []) });

async function newBusinessWithSales(label: string): Promise<{ businessId: string; customerId: string }> {
  const businessId = (await sqlOne<{ id: string }>("insert into public.businesses (name, whatsapp) values ($1, $2) returning id", [`RFM job ${label}`, randomWhatsapp()])).id;
  const customerId = (await sqlOne<{ id: string }>("insert into public.customers (business_id, name, whatsapp) values ($1, 'Pelanggan', $2) returning id", [businessId, randomWhatsapp()])).id;
  await sql("insert into public.transactions (business_id, customer_id, transaction_date, amount) values ($1, $2, current_date - 3, 150000)", [businessId, customerId]);
  return { businessId, customerId };
}

beforeAll(async () => {
  const env = await testEnv();
  process.env.NEXT_PUBLIC_SUPABASE_URL ??= env.url;
  process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY ??= env.anonKey;
  process.env.SUPABASE_SERVICE_ROLE_KEY ??= env.serviceRoleKey;
  process.env.DATABASE_URL ??= env.dbUrl;
  process.env.NEXT_PUBLIC_SITE_URL ??= "http://localhost:3000";
  process.env.CRON_SECRET = CRON_SECRET;
  process.env.SMA_JOBS_SCHEMA = SCHEMA;
  resetEnvCache();
  setLogSink(() => undefined);
  await getBoss();
}, 60_000);

afterAll(async () => {
  await stopBoss();
  await sql(`drop schema if exists ${SCHEMA} cascade`);
  await closeDb();
});

describe("incremental refresh after a sale", () => {
  let owner: TestOwner;
  let customerId = "";

  beforeAll(async () => {
    owner = await registerOwner("rfm-jobs");
    customerId = (await sqlOne<{ id: string }>("insert into public.customers (business_id, name, whatsapp) values ($1, 'Sari', $2) returning id", [owner.businessId, randomWhatsapp()])).id;
    await sql("insert into public.transactions (business_id, customer_id, transaction_date, amount) values ($1, $2, current_date - 200, 50000)", [owner.businessId, customerId]);
    await sql("select public.rfm_run($1)", [owner.businessId]);
  });

  it("recording a sale queues one customers.refresh_stats job; it rescores the customer against the latest run", async () => {
    const before = await sqlOne<{ segment: string; r_score: number; frequency: number; run_id: string }>(
      "select segment, r_score, frequency, run_id from public.customer_rfm where customer_id = $1", [customerId]);
    // Fixed bins (one customer): 200 days -> R 1, F 1, M 50k -> 1: lost.
    expect(before).toMatchObject({ segment: "lost", r_score: 1, frequency: 1 });

    const today = (await sqlOne<{ d: string }>("select (now() at time zone 'Asia/Jakarta')::date::text as d")).d;
    const sale = await recordTransaction(owner.client, { businessId: owner.businessId, customerId, date: today, amount: 6_000_000, items: [] }, log);
    const queued = (await jobsNamed("customers.refresh_stats")).filter((j) => (j.data.customerIds as string[]).includes(customerId));
    expect(queued).toHaveLength(1);
    expect(queued[0]?.data).toEqual({ businessId: owner.businessId, customerIds: [customerId] });
    // One job per sale: the figures and the RFM are refreshed together.
    expect(await jobsNamed("rfm.refresh_customers")).toHaveLength(0);

    await drainDueJobs({ maxJobs: 20, budgetMs: 10_000 });
    const after = await sqlOne<{ segment: string; r_score: number; f_score: number; m_score: number; frequency: number; source: string; run_id: string }>(
      "select segment, r_score, f_score, m_score, frequency, source, run_id from public.customer_rfm where customer_id = $1", [customerId]);
    // Today -> R 5; F 2 -> 2; M 6.05M -> 5; FM 4 -> champions, against the same run's bins.
    expect(after).toMatchObject({ segment: "champions", r_score: 5, f_score: 2, m_score: 5, frequency: 2, source: "incremental", run_id: before.run_id });
    expect((await jobsNamed("customers.refresh_stats")).find((j) => j.id === queued[0]?.id)).toMatchObject({ state: "completed", output: { refreshed: 1, rescored: 1 } });
    expect(await sqlOne("select transactions_count from public.customer_stats where customer_id = $1", [customerId])).toEqual({ transactions_count: 2 });

    // Voiding it queues again and brings the customer back.
    await voidTransaction(owner.client, { businessId: owner.businessId, id: sale.id, reason: "salah input" }, log);
    await drainDueJobs({ maxJobs: 20, budgetMs: 10_000 });
    expect(await sqlOne("select segment, frequency from public.customer_rfm where customer_id = $1", [customerId])).toEqual({ segment: "lost", frequency: 1 });
  });

  it("a failing refresh (its RFM step) fails the job, which is retried and then listed as failed", async () => {
    const gone = await newBusinessWithSales("gone");
    await sql("delete from public.businesses where id = $1", [gone.businessId]);
    const id = await enqueue("customers.refresh_stats", { businessId: gone.businessId, customerIds: [gone.customerId] }, { retryLimit: 1, retryDelay: 0, retryBackoff: false });
    await drainDueJobs({ maxJobs: 20, budgetMs: 10_000 });
    await drainDueJobs({ maxJobs: 20, budgetMs: 10_000 });
    const job = (await jobsNamed("customers.refresh_stats")).find((j) => j.id === id);
    expect(job?.state).toBe("failed");
    const failed = (await listFailedJobs()).find((j) => j.queue === "customers.refresh_stats" && j.id === id);
    expect(failed?.error).toMatch(/business not found/);
    expect(failed?.attempts).toBeGreaterThanOrEqual(2);
  }, 30_000);

  it("a single-customer refresh takes milliseconds", async () => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await sql("select public.rfm_refresh_customers($1, $2::uuid[])", [owner.businessId, [customerId]]);
      times.push(performance.now() - t0);
    }
    expect(Math.min(...times)).toBeLessThan(50);
  });
});

describe("weekly fan-out", () => {
  it("gives every business its own job; one failing business fails alone and is listed as failed", async () => {
    const [a, b, c] = await Promise.all([newBusinessWithSales("a"), newBusinessWithSales("b"), newBusinessWithSales("c")]);
    const ids = [a.businessId, b.businessId, c.businessId];
    const result = await fanOutWeekly(directSql, { businessIds: ids, retryLimit: 0 });
    expect(result).toMatchObject({ businesses: 3, enqueued: 3 });
    // A second fan-out in the same week adds nothing (one job per business per week).
    expect(await fanOutWeekly(directSql, { businessIds: ids, retryLimit: 0 })).toMatchObject({ enqueued: 0 });

    // Business b disappears before its job runs: its run fails, the others are unaffected.
    await sql("delete from public.businesses where id = $1", [b.businessId]);
    await drainDueJobs({ maxJobs: 50, budgetMs: 20_000 });

    const jobs = (await jobsNamed("rfm.run_business")).filter((j) => ids.includes(String(j.data.businessId)));
    const state = Object.fromEntries(jobs.map((j) => [String(j.data.businessId), j.state]));
    expect(state).toEqual({ [a.businessId]: "completed", [b.businessId]: "failed", [c.businessId]: "completed" });
    for (const biz of [a.businessId, c.businessId]) {
      expect(await sqlOne("select trigger::text, customers_scored from public.rfm_runs where business_id = $1", [biz])).toEqual({ trigger: "weekly", customers_scored: 1 });
    }
    const failed = (await listFailedJobs()).find((j) => j.queue === "rfm.run_business" && (j.data as { businessId?: string }).businessId === b.businessId);
    expect(failed?.error).toMatch(/business not found/);

    // Done businesses are not fanned out again this week.
    expect(await fanOutWeekly(directSql, { businessIds: [a.businessId, c.businessId] })).toMatchObject({ businesses: 0, enqueued: 0 });
  }, 40_000);

  it("the rfm.weekly job fans out when forced (the hourly tick only on Mondays, see engine-schedule.test.ts)", async () => {
    const d = await newBusinessWithSales("d");
    await enqueue("rfm.weekly", { force: true, businessIds: [d.businessId] });
    await drainDueJobs({ maxJobs: 20, budgetMs: 10_000 });
    const runs = await sql("select trigger::text from public.rfm_runs where business_id = $1", [d.businessId]);
    expect(runs).toEqual([{ trigger: "weekly" }]);
    const weekly = await jobsNamed("rfm.weekly");
    expect(weekly.at(-1)?.output).toMatchObject({ businesses: 1, enqueued: 1 });
  });

  it("the cron route needs the secret", async () => {
    for (const headers of [{}, { authorization: "Bearer wrong" }] as Record<string, string>[]) {
      const res = await weeklyCron(new NextRequest("http://localhost/api/cron/rfm-weekly", { headers }));
      expect(res.status).toBe(401);
    }
    const before = (await jobsNamed("rfm.run_business")).length;
    const res = await weeklyCron(new NextRequest("http://localhost/api/cron/rfm-weekly", { headers: { authorization: `Bearer ${CRON_SECRET}` } }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { businesses: number; enqueued: number } };
    expect(body.data.enqueued).toBe(body.data.businesses);
    expect((await jobsNamed("rfm.run_business")).length).toBe(before + body.data.enqueued);
  });
});

describe("CLI", () => {
  it("runs one business now and refuses bad arguments", async () => {
    const e = await newBusinessWithSales("cli");
    const env = { ...process.env, DATABASE_URL: (await testEnv()).dbUrl };
    const tsx = path.resolve("node_modules/.bin/tsx");
    const run = promisify(execFile);
    const { stdout } = await run(tsx, ["scripts/rfm-run.ts", "--business", e.businessId], { env });
    expect(stdout).toMatch(/1 of 1 businesses analysed/);
    expect(await sql("select trigger::text from public.rfm_runs where business_id = $1", [e.businessId])).toEqual([{ trigger: "manual" }]);
    await expect(run(tsx, ["scripts/rfm-run.ts", "--business", "nope"], { env })).rejects.toMatchObject({ code: 2 });
    const missing = randomUUID();
    await expect(run(tsx, ["scripts/rfm-run.ts", "--business", missing], { env })).rejects.toMatchObject({ code: 1 });
  }, 30_000);
});
