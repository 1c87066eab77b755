/**
 * GET /api/cron/jobs: Vercel Cron's way of running background jobs (there is no always-on
 * worker on Vercel). Every minute it enqueues due scheduled jobs, runs pg-boss maintenance,
 * and drains due jobs with the worker's own handlers within a ~50 s budget.
 * Vercel sends `Authorization: Bearer $CRON_SECRET`; anything else gets 401.
 */
import { defineRoute } from "@/lib/api/handler";
import { getBoss } from "@/lib/jobs/boss";
import { drainDueJobs, enqueueScheduled } from "@/lib/jobs/run";

export const dynamic = "force-dynamic";
// The drain stops taking new jobs after 50 s; 60 s leaves room to finish the last batch.
export const maxDuration = 60;

export const GET = defineRoute({ auth: "cron" }, async ({ log }) => {
  const boss = await getBoss();
  await enqueueScheduled(boss);
  // No worker supervises the queues on Vercel: expire stuck jobs and purge old ones here.
  await boss.supervise();
  const result = await drainDueJobs({ budgetMs: 50_000, maxJobs: 200, batchSize: 5, log });
  log.info("cron drain", { ...result });
  return result;
});
