/**
 * Background jobs (pg-boss 12). See docs/jobs.md.
 *   enqueue("system.ping", { echo: "hi" })         put a job on its queue
 *   getBoss()                                       the process's pg-boss instance
 * The worker entry is ./worker.ts; failed-job tools are in ./admin.ts (server only).
 */
export { getBoss, stopBoss, ensureQueues, bossSchema } from "./boss";
export { enqueue, type EnqueueOptions } from "./enqueue";
export { jobs, jobNames, deadLetterQueue, type JobName, type JobPayload } from "./registry";
export { drainDueJobs, enqueueScheduled, executeJob, startWorkers, type DrainResult } from "./run";
export { defineJob, type JobContext, type JobDefinition, type JobQueueOptions } from "./types";
