/**
 * The pg-boss instance: one per process, in schema `pgboss` (SMA_JOBS_SCHEMA) of the app's
 * Postgres (DATABASE_URL). The web app and the cron route use a light instance (no background
 * timers); the worker process starts the full one with pg-boss's supervisor (expiring stuck
 * jobs, deleting old ones).
 */
import { PgBoss } from "pg-boss";
import { serverEnv } from "../env";
import { logger } from "../logger";
import { deadLetterQueue, DEAD_LETTER_RETENTION_SECONDS, DEFAULT_QUEUE_OPTIONS, jobNames, jobs } from "./registry";

/** The schema pg-boss lives in: `pgboss` unless SMA_JOBS_SCHEMA says otherwise. */
export function bossSchema(): string {
  return serverEnv().SMA_JOBS_SCHEMA;
}

export type BossRole = "client" | "worker";

interface BossState {
  role: BossRole;
  boss: Promise<PgBoss>;
}

// Kept on globalThis so Next.js dev-mode reloads reuse the instance instead of leaking pools.
const holder = globalThis as typeof globalThis & { __smaBoss?: BossState };

async function createBoss(role: BossRole): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: serverEnv().DATABASE_URL,
    schema: bossSchema(),
    application_name: role === "worker" ? "sma-worker" : "sma-app",
    // Serverless instances are many and short-lived: keep their pools small.
    max: role === "worker" ? 10 : 3,
    migrate: true,
    supervise: role === "worker",
    // Schedules are throttled sends (see enqueueScheduled), which also work on Vercel.
    schedule: false,
  });
  // Without a listener an 'error' event (e.g. a dropped connection) would crash the process.
  boss.on("error", (err) => logger.error("pg-boss error", { err }));
  await boss.start();
  await ensureQueues(boss);
  return boss;
}

/**
 * Creates every registered queue and its dead-letter queue, and brings their retry settings
 * in line with the registry (createQueue leaves an existing queue untouched).
 */
export async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const name of jobNames) {
    const options = { ...DEFAULT_QUEUE_OPTIONS, ...jobs[name].queue };
    const dead = deadLetterQueue(name);
    // The dead-letter queue is a parking lot: nothing works it, so its jobs stay "created"
    // until someone retries them (admin.retryJob) or retention removes them.
    await boss.createQueue(dead, { retentionSeconds: DEAD_LETTER_RETENTION_SECONDS, deleteAfterSeconds: DEAD_LETTER_RETENTION_SECONDS });
    await boss.createQueue(name, { ...options, deadLetter: dead });
    await boss.updateQueue(name, { ...options, deadLetter: dead });
  }
}

/** The process's started pg-boss. The first caller's role wins (the worker asks for 'worker'). */
export function getBoss(role: BossRole = "client"): Promise<PgBoss> {
  if (!holder.__smaBoss) {
    const boss = createBoss(role);
    holder.__smaBoss = { role, boss };
    // A failed start must not poison the process: the next call tries again.
    boss.catch(() => {
      if (holder.__smaBoss?.boss === boss) holder.__smaBoss = undefined;
    });
  }
  return holder.__smaBoss.boss;
}

/** Stops the instance, letting active jobs finish for up to `timeoutMs`. */
export async function stopBoss(timeoutMs = 20_000): Promise<void> {
  const state = holder.__smaBoss;
  if (!state) return;
  holder.__smaBoss = undefined;
  const boss = await state.boss.catch(() => null);
  if (boss) await boss.stop({ graceful: true, timeout: timeoutMs, close: true });
}
