/**
 * Background jobs against the local stack's Postgres: retries with exponential backoff, the
 * dead-letter queue, the failed-jobs admin tools, the maintenance job's real cleanup, the
 * cron route (called directly) and the worker process with its graceful stop.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as cron } from "../../src/app/api/cron/jobs/route";
import { resetEnvCache } from "../../src/lib/env";
import { listFailedJobs, retryJob } from "../../src/lib/jobs/admin";
import { getBoss, stopBoss } from "../../src/lib/jobs/boss";
import { enqueue } from "../../src/lib/jobs/enqueue";
import { drainDueJobs, enqueueScheduled, startWorkers } from "../../src/lib/jobs/run";
import { setLogSink } from "../../src/lib/logger";
import { closeDb, sql, sqlOne } from "./helpers/db";
import { testEnv } from "./helpers/env";
import { registerOwner } from "./helpers/users";

const CRON_SECRET = "integration-cron-secret-0123456789";
// Own queue schema: the stack started by bin/test runs a worker on `pgboss`, which would
// otherwise race these tests for their jobs.
const SCHEMA = `pgboss_test_${randomUUID().slice(0, 8)}`;

async function useStackEnv(): Promise<void> {
  const env = await testEnv();
  process.env.NEXT_PUBLIC_SUPABASE_URL ??= env.url;
  process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY ??= env.anonKey;
  process.env.SUPABASE_SERVICE_ROLE_KEY ??= env.serviceRoleKey;
  process.env.DATABASE_URL ??= env.dbUrl;
  process.env.NEXT_PUBLIC_SITE_URL ??= "http://localhost:3000";
  process.env.CRON_SECRET = CRON_SECRET;
  process.env.SMA_JOBS_SCHEMA = SCHEMA;
  resetEnvCache();
}

interface JobRow {
  id: string;
  name: string;
  state: string;
  retry_count: number;
  retry_limit: number;
  start_after: Date;
  started_on: Date | null;
  completed_on: Date | null;
  output: Record<string, unknown> | null;
  source_id: string | null;
}

const job = (id: string) => sqlOne<JobRow>(`select * from ${SCHEMA}.job where id = $1`, [id]);
const deadCopies = (id: string) => sql<JobRow>(`select * from ${SCHEMA}.job where name = 'system.ping.dead' and source_id = $1`, [id]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Drains the queues until `done` holds (jobs in retry become due as time passes). */
async function drainUntil(done: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await drainDueJobs({ maxJobs: 20, budgetMs: 5_000 });
    if (await done()) return;
    await sleep(200);
  }
  throw new Error("condition not reached in time");
}

let restoreLogs: () => void = () => undefined;

beforeAll(async () => {
  await useStackEnv();
  restoreLogs = setLogSink(() => undefined);
  await getBoss();
}, 60_000);

afterAll(async () => {
  await stopBoss();
  await sql(`drop schema if exists ${SCHEMA} cascade`);
  restoreLogs();
  await closeDb();
});

describe("queues", () => {
  it("creates each queue with a dead-letter queue and backoff settings", async () => {
    const queues = await sql<{ name: string; dead_letter: string | null; retry_backoff: boolean; retry_limit: number }>(
      `select name, dead_letter, retry_backoff, retry_limit from ${SCHEMA}.queue where name in ('system.ping', 'maintenance.cleanup') order by name`,
    );
    expect(queues).toEqual([
      { name: "maintenance.cleanup", dead_letter: "maintenance.cleanup.dead", retry_backoff: true, retry_limit: 3 },
      { name: "system.ping", dead_letter: "system.ping.dead", retry_backoff: true, retry_limit: 2 },
    ]);
  });

  it("validates the payload at enqueue time", async () => {
    await expect(enqueue("system.ping", { echo: "x".repeat(500) })).rejects.toThrow(/Invalid payload for job system.ping/);
  });

  it("runs a job and stores its output", async () => {
    const id = await enqueue("system.ping", { echo: "halo" });
    expect(id).toBeTruthy();
    await drainUntil(async () => (await job(id ?? "")).state === "completed");
    expect((await job(id ?? "")).output).toMatchObject({ pong: true, echo: "halo", attempt: 1 });
  });
});

describe("a failing job", () => {
  const message = `kaboom-${randomUUID()}`;
  let id = "";

  it("is retried with exponential backoff, then failed and dead-lettered", async () => {
    id = (await enqueue("system.ping", { fail: message }, { retryLimit: 2, retryDelay: 1, retryBackoff: true, retryDelayMax: 8 })) ?? "";
    const delays: number[] = [];
    let seen = -1;
    await drainUntil(async () => {
      const row = await job(id);
      if (row.state === "retry" && row.retry_count !== seen) {
        seen = row.retry_count;
        // Delay between the failed run and the next one.
        delays.push((row.start_after.getTime() - (row.started_on?.getTime() ?? 0)) / 1000);
        expect(row.output).toMatchObject({ message });
      }
      return row.state === "failed";
    });
    const failed = await job(id);
    expect(failed.retry_count).toBe(2); // three runs: the first and two retries
    expect(delays).toHaveLength(2);
    // retryDelay 1 s with backoff: ~1-2 s before the first retry, ~2-4 s before the second.
    expect(delays[0]).toBeGreaterThanOrEqual(0.99);
    expect(delays[0]).toBeLessThanOrEqual(2.5);
    expect(delays[1]).toBeGreaterThanOrEqual(1.99);
    expect(delays[1]).toBeLessThanOrEqual(4.5);
    const copies = await deadCopies(id);
    expect(copies).toHaveLength(1);
    expect(copies[0]?.state).toBe("created");
  }, 30_000);

  it("shows up in listFailedJobs with its error and attempts", async () => {
    const entry = (await listFailedJobs()).find((j) => j.id === id);
    expect(entry).toMatchObject({
      queue: "system.ping",
      data: { fail: message },
      error: message,
      attempts: 3,
      deadLettered: true,
      kind: "failed",
    });
    expect(entry?.failedOn).toBeInstanceOf(Date);
  });

  it("runs again after retryJob", async () => {
    const before = await job(id);
    await expect(retryJob(id)).resolves.toEqual({ id, queue: "system.ping" });
    expect((await job(id)).state).toBe("retry");
    expect(await deadCopies(id)).toHaveLength(0);
    expect((await listFailedJobs()).some((j) => j.id === id)).toBe(false);

    await drainUntil(async () => (await job(id)).state === "failed");
    const after = await job(id);
    expect(after.retry_count).toBe(before.retry_count + 1);
    expect(after.completed_on?.getTime()).toBeGreaterThan(before.completed_on?.getTime() ?? 0);
    expect((await listFailedJobs()).find((j) => j.id === id)).toMatchObject({ attempts: 4, error: message });
  }, 30_000);

  it("retries a lone dead-letter copy on its original queue", async () => {
    // Retention removed the failed original; only the dead letter is left.
    await sql(`delete from ${SCHEMA}.job where id = $1`, [id]);
    const entry = (await listFailedJobs()).find((j) => j.kind === "dead_letter" && (j.data as { fail?: string }).fail === message);
    expect(entry).toMatchObject({ queue: "system.ping", error: message, deadLettered: true });
    const retried = await retryJob(entry?.id ?? "");
    expect(retried.queue).toBe("system.ping");
    expect(retried.id).not.toBe(entry?.id);
    expect((await job(retried.id)).state).toBe("created");
    expect(await sql(`select 1 from ${SCHEMA}.job where id = $1`, [entry?.id])).toHaveLength(0);
    await sql(`delete from ${SCHEMA}.job where id = $1`, [retried.id]); // keep the queue clean for later tests
  });

  it("refuses to retry what is not failed or does not exist", async () => {
    await expect(retryJob(randomUUID())).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(retryJob("not-a-uuid")).rejects.toMatchObject({ code: "NOT_FOUND" });
    const ok = await enqueue("system.ping", {});
    await expect(retryJob(ok ?? "")).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("maintenance.cleanup", () => {
  it("deletes expired idempotency keys and stale rate-limit windows, keeping live ones", async () => {
    const owner = await registerOwner("jobs");
    await sql(
      `insert into public.idempotency_keys (user_id, key, request_hash, status_code, response, created_at, expires_at) values
        ($1, 'expired', repeat('a', 64), 200, '{}', now() - interval '2 days', now() - interval '1 day'),
        ($1, 'live', repeat('b', 64), 200, '{}', now(), now() + interval '1 day')`,
      [owner.id],
    );
    const bucket = `test:cleanup:${randomUUID()}`;
    await sql(
      `insert into public.rate_limit_hits (bucket, key, window_seconds, window_start, hits) values
        ($1, 'k', 60, now() - interval '10 minutes', 3),
        ($1, 'k', 60, now() - interval '30 seconds', 2)`,
      [bucket],
    );
    const id = (await enqueue("maintenance.cleanup", {})) ?? "";
    await drainUntil(async () => (await job(id)).state === "completed");
    const output = (await job(id)).output;
    expect(output?.idempotencyKeysDeleted).toBeGreaterThanOrEqual(1);
    expect(output?.rateLimitRowsDeleted).toBeGreaterThanOrEqual(1);
    const keys = await sql<{ key: string }>("select key from public.idempotency_keys where user_id = $1 order by key", [owner.id]);
    expect(keys.map((k) => k.key)).toEqual(["live"]);
    expect(await sql("select 1 from public.rate_limit_hits where bucket = $1", [bucket])).toHaveLength(1);
  });

  it("is enqueued at most once per slot however often the schedule ticks", async () => {
    await sql(`delete from ${SCHEMA}.job where name = 'maintenance.cleanup' and singleton_key = 'schedule:maintenance.cleanup'`);
    const boss = await getBoss();
    await enqueueScheduled(boss);
    await enqueueScheduled(boss);
    await enqueueScheduled(boss);
    const rows = await sql(`select id from ${SCHEMA}.job where name = 'maintenance.cleanup' and singleton_key = 'schedule:maintenance.cleanup'`);
    expect(rows).toHaveLength(1);
  });
});

describe("GET /api/cron/jobs", () => {
  it("rejects requests without the right Bearer secret", async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: "Bearer wrong-secret" }, { authorization: CRON_SECRET }];
    for (const headers of attempts) {
      const res = await cron(new NextRequest("http://localhost/api/cron/jobs", { headers }));
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ success: false, error: { code: "UNAUTHENTICATED" } });
    }
  });

  it("drains due jobs with the secret", async () => {
    const id = (await enqueue("system.ping", { echo: "cron" })) ?? "";
    const res = await cron(new NextRequest("http://localhost/api/cron/jobs", { headers: { authorization: `Bearer ${CRON_SECRET}` } }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { success: boolean; data: { completed: number; stoppedBy: string } };
    expect(body.success).toBe(true);
    expect(body.data.completed).toBeGreaterThanOrEqual(1);
    expect(body.data.stoppedBy).toBe("empty");
    expect((await job(id)).state).toBe("completed");
  });
});

describe("worker", () => {
  it("works the queues in-process and stops gracefully", async () => {
    const worker = await startWorkers({ pollingIntervalSeconds: 0.5 });
    try {
      const id = (await enqueue("system.ping", { echo: "worker" })) ?? "";
      const deadline = Date.now() + 15_000;
      while ((await job(id)).state !== "completed" && Date.now() < deadline) await sleep(200);
      expect((await job(id)).output).toMatchObject({ echo: "worker" });
    } finally {
      await worker.stop();
    }
  }, 30_000);

  it("runs as `tsx src/lib/jobs/worker.ts` and exits cleanly on SIGTERM", async () => {
    const id = (await enqueue("system.ping", { echo: "process" })) ?? "";
    const root = path.resolve(__dirname, "../..");
    const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["src/lib/jobs/worker.ts"], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const deadline = Date.now() + 20_000;
      while ((await job(id)).state !== "completed" && Date.now() < deadline) await sleep(250);
      expect((await job(id)).state, output).toBe("completed");
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited, output).toBe(0);
    expect(output).toContain('"msg":"worker stopped"');
  }, 40_000);
});
