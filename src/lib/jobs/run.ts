/**
 * Running jobs, shared by the two ways jobs get run:
 * - the worker process (worker.ts): pg-boss `work()` loops per queue, always on;
 * - the cron route (/api/cron/jobs, on Vercel): drainDueJobs() fetches due jobs in small
 *   batches, runs them with the same executeJob(), and completes or fails them itself.
 * Either way a thrown error fails the run; pg-boss retries it with exponential backoff and,
 * after the last retry, moves a copy to the job's dead-letter queue.
 */
import type { JobWithMetadata, PgBoss } from "pg-boss";
import { createLogger, logger, serializeError, type Logger } from "../logger";
import { getBoss } from "./boss";
import { isJobName, jobNames, jobs } from "./registry";
import type { JobContext, JobDefinition } from "./types";

/** Validates the payload and runs the handler; throws on failure (the caller fails the job). */
export async function executeJob(boss: PgBoss, job: JobWithMetadata<unknown>, baseLog: Logger = logger): Promise<unknown> {
  if (!isJobName(job.name)) throw new Error(`No handler registered for job ${job.name}`);
  // Widened to the common shape: the payload is validated by this very definition's schema.
  const definition: JobDefinition = jobs[job.name];
  const attempt = job.retryCount + 1;
  const log = baseLog.child({ jobId: job.id, job: job.name, attempt });
  const payload = definition.schema.parse(job.data);
  const db = boss.getDb();
  const ctx: JobContext = {
    jobId: job.id,
    name: job.name,
    attempt,
    log,
    signal: job.signal,
    async sql(text, values) {
      const result = await db.executeSql(text, values);
      return { rows: result.rows };
    },
  };
  const started = Date.now();
  try {
    const output = await definition.handler(payload, ctx);
    log.info("job completed", { ms: Date.now() - started });
    return output;
  } catch (err) {
    log.warn("job failed", { ms: Date.now() - started, retryLimit: job.retryLimit, err: serializeError(err) });
    throw err;
  }
}

/** pg-boss stores a non-object output wrapped; keep outputs as plain objects. */
function asOutput(value: unknown): object | null {
  if (value === undefined || value === null) return null;
  return typeof value === "object" && !Array.isArray(value) ? value : { value };
}

/**
 * Enqueues the scheduled jobs that are due: one job per job per epoch-aligned slot of
 * `everySeconds` (pg-boss throttling makes repeated calls within a slot no-ops), so calling
 * this every minute from the worker and from the cron route is safe.
 */
export async function enqueueScheduled(boss: PgBoss): Promise<void> {
  for (const name of jobNames) {
    const schedule = jobs[name].schedule;
    if (!schedule) continue;
    await boss.sendThrottled(name, schedule.payload, null, schedule.everySeconds, `schedule:${name}`);
  }
}

export interface DrainOptions {
  /** Stop after this many jobs. */
  maxJobs?: number;
  /** Stop fetching new jobs after this many milliseconds. */
  budgetMs?: number;
  /** Jobs fetched per queue per round. */
  batchSize?: number;
  log?: Logger;
}

export interface DrainResult {
  completed: number;
  failed: number;
  byQueue: Record<string, { completed: number; failed: number }>;
  stoppedBy: "empty" | "maxJobs" | "budget";
  ms: number;
}

/**
 * Runs due jobs of every queue, round-robin in small batches, until the queues are empty,
 * `maxJobs` ran, or the time budget is spent (the budget leaves a Vercel function room to
 * finish the jobs it already took). Jobs fetched here are completed or failed here.
 */
export async function drainDueJobs(options: DrainOptions = {}): Promise<DrainResult> {
  const { maxJobs = 100, budgetMs = 50_000, batchSize = 5 } = options;
  const log = options.log ?? logger;
  const boss = await getBoss();
  const started = Date.now();
  const byQueue: DrainResult["byQueue"] = {};
  let completed = 0;
  let failed = 0;
  let stoppedBy: DrainResult["stoppedBy"] = "empty";
  const timeLeft = () => budgetMs - (Date.now() - started);

  rounds: for (;;) {
    let ranThisRound = 0;
    for (const name of jobNames) {
      const room = maxJobs - completed - failed;
      if (room <= 0) {
        stoppedBy = "maxJobs";
        break rounds;
      }
      if (timeLeft() <= 0) {
        stoppedBy = "budget";
        break rounds;
      }
      const batch = await boss.fetch<unknown>(name, { batchSize: Math.min(batchSize, room), includeMetadata: true });
      const tally = (byQueue[name] ??= { completed: 0, failed: 0 });
      for (const job of batch) {
        ranThisRound++;
        try {
          const output = await executeJob(boss, job, log);
          await boss.complete(name, job.id, asOutput(output));
          tally.completed++;
          completed++;
        } catch (err) {
          // Same stored shape as a worker failure (serialised error), so the admin page reads both.
          await boss.fail(name, job.id, err instanceof Error ? err : { message: String(err) });
          tally.failed++;
          failed++;
        }
      }
    }
    if (ranThisRound === 0) break;
  }
  return { completed, failed, byQueue, stoppedBy, ms: Date.now() - started };
}

export interface WorkerHandle {
  stop(): Promise<void>;
}

/**
 * Works every registered queue with pg-boss `work()` and keeps scheduled jobs enqueued.
 * The returned stop() stops polling and waits for running jobs (graceful shutdown).
 */
export async function startWorkers(options: { pollingIntervalSeconds?: number; log?: Logger } = {}): Promise<WorkerHandle> {
  const log = options.log ?? createLogger({ component: "worker" });
  const boss = await getBoss("worker");
  for (const name of jobNames) {
    const concurrency = jobs[name].concurrency ?? 1;
    await boss.work(
      name,
      { batchSize: 1, includeMetadata: true, localConcurrency: concurrency, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
      async (batch: JobWithMetadata<unknown>[]) => {
        // batchSize 1: one job per call, and a throw fails exactly that job.
        const results: unknown[] = [];
        for (const job of batch) results.push(asOutput(await executeJob(boss, job, log)));
        return results[0] ?? null;
      },
    );
  }
  const tick = () => enqueueScheduled(boss).catch((err: unknown) => log.error("could not enqueue scheduled jobs", { err }));
  await tick();
  const timer = setInterval(tick, 60_000);
  log.info("worker started", { queues: jobNames });
  return {
    async stop() {
      clearInterval(timer);
      for (const name of jobNames) await boss.offWork(name, { wait: true });
    },
  };
}
