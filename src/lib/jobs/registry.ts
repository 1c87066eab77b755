/**
 * Every background job the app knows, by name. The worker works each of these queues and
 * the cron route drains them, both with the same handlers. To add a job: define it with
 * defineJob() next to its feature and add it here; its queue and dead-letter queue are
 * created on the next start.
 */
import type { z } from "zod";
import { customersRefreshStats } from "@/features/transactions/jobs";
import { importsProcess } from "./jobs/imports-process";
import { maintenanceCleanup } from "./handlers/maintenance-cleanup";
import { privacyRemoveFiles } from "@/lib/privacy/jobs";
import { rfmRefreshCustomers, rfmRunBusiness, rfmWeekly } from "./jobs/rfm";
import { systemPing } from "./handlers/system-ping";
import type { JobDefinition, JobQueueOptions } from "./types";

export const jobs = {
  "system.ping": systemPing,
  "maintenance.cleanup": maintenanceCleanup,
  "customers.refresh_stats": customersRefreshStats,
  "rfm.refresh_customers": rfmRefreshCustomers,
  "rfm.run_business": rfmRunBusiness,
  "rfm.weekly": rfmWeekly,
  "imports.process": importsProcess,
  "privacy.remove_files": privacyRemoveFiles,
} satisfies Record<string, JobDefinition>;

export type JobName = keyof typeof jobs;
/** What enqueue() accepts for a job (the schema's input). */
export type JobPayload<N extends JobName> = z.input<(typeof jobs)[N]["schema"]>;

export const jobNames = Object.keys(jobs) as JobName[];

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(jobs, name);
}

export function jobDefinition(name: JobName): JobDefinition {
  return jobs[name];
}

/** Where a job goes after its last retry fails: kept for inspection and manual retry. */
export function deadLetterQueue(name: string): string {
  return `${name}.dead`;
}

/** Defaults for every queue: a few retries with exponential backoff, up to an hour apart. */
export const DEFAULT_QUEUE_OPTIONS: Required<JobQueueOptions> = {
  retryLimit: 3,
  retryDelay: 30,
  retryBackoff: true,
  retryDelayMax: 3600,
  expireInSeconds: 600,
  deleteAfterSeconds: 7 * 24 * 3600,
};

/** Dead letters stay 30 days, long enough for someone to notice and retry them. */
export const DEAD_LETTER_RETENTION_SECONDS = 30 * 24 * 3600;
