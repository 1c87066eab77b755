/**
 * The shape of a background job: a zod payload schema, a handler and queue settings.
 * Feature code defines its jobs with defineJob() and lists them in ./registry.ts.
 */
import type { z } from "zod";
import type { Logger } from "../logger";

export interface JobContext {
  jobId: string;
  /** The queue (job name) it runs on. */
  name: string;
  /** 1 on the first run, 2 on the first retry, ... */
  attempt: number;
  log: Logger;
  /** SQL on the job queue's connection (DATABASE_URL): for set-based maintenance work. */
  sql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  /** Aborted when the job expires or the worker shuts down; long handlers should check it. */
  signal: AbortSignal;
}

/** Retry and retention settings of a queue (pg-boss queue options). */
export interface JobQueueOptions {
  /** Retries after the first failure before the job fails for good (and is dead-lettered). */
  retryLimit?: number;
  /** Seconds before the first retry; doubled (with jitter) each time when retryBackoff. */
  retryDelay?: number;
  retryBackoff?: boolean;
  /** Upper bound of the backoff delay, seconds. */
  retryDelayMax?: number;
  /** Seconds a run may take before it counts as failed (and is retried). */
  expireInSeconds?: number;
  /** Seconds a completed job is kept (for inspection) before deletion. */
  deleteAfterSeconds?: number;
}

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  /** One line for the admin page and docs/jobs.md. */
  description: string;
  schema: S;
  // Method syntax on purpose: it lets a registry hold jobs with different payload types.
  handler(payload: z.output<S>, ctx: JobContext): Promise<unknown>;
  queue?: JobQueueOptions;
  /**
   * Run every `everySeconds`, enqueued by the worker and by the cron route alike as a
   * throttled send (one job per epoch-aligned slot), so it works with or without a worker.
   */
  schedule?: { everySeconds: number; payload: z.input<S> };
  /** Parallel runs of this job per worker process. Default 1. */
  concurrency?: number;
}

export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}
