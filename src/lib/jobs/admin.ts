/**
 * Failed-job inspection for the super-admin page. Callers must check isSuperAdmin() first:
 * these functions use the job queue's own connection and see every business's jobs.
 *
 * A job whose last retry failed exists twice: as a `failed` job on its queue and as a copy
 * on the queue's dead-letter queue (`<name>.dead`). The list shows it once; retrying puts it
 * back on its queue and removes the dead-letter copy.
 */
import "server-only";
import { AppError } from "../api/errors";
import { bossSchema, getBoss } from "./boss";
import { deadLetterQueue, jobNames } from "./registry";

export interface FailedJob {
  /** Pass this to retryJob(). */
  id: string;
  /** The queue the job ran on (for a dead letter: the queue it came from). */
  queue: string;
  data: unknown;
  /** The last error message. */
  error: string | null;
  /** How many times it ran. */
  attempts: number;
  /** True when a copy sits on the dead-letter queue (all retries used). */
  deadLettered: boolean;
  /** 'failed': the failed job itself; 'dead_letter': only the dead-letter copy is left. */
  kind: "failed" | "dead_letter";
  createdOn: Date;
  startedOn: Date | null;
  failedOn: Date | null;
}

interface JobRow {
  id: string;
  name: string;
  data: unknown;
  output: unknown;
  state: string;
  retry_count: number;
  created_on: Date;
  started_on: Date | null;
  completed_on: Date | null;
  source_name: string | null;
  source_id: string | null;
  source_retry_count: number | null;
  source_created_on: Date | null;
}

/** The message of a stored failure: pg-boss keeps a serialised Error ({ name, message, stack }). */
function errorMessage(output: unknown): string | null {
  if (output === null || typeof output !== "object") return output == null ? null : String(output);
  const record = output as Record<string, unknown>;
  if (typeof record.message === "string") return record.message;
  if (typeof record.value === "string") return record.value;
  return JSON.stringify(output);
}

const COLUMNS = `id, name, data, output, state, retry_count, created_on, started_on, completed_on,
  source_name, source_id, source_retry_count, source_created_on`;

/** Failed and dead-lettered jobs, newest first. */
export async function listFailedJobs(options: { limit?: number } = {}): Promise<FailedJob[]> {
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 500);
  const boss = await getBoss();
  const db = boss.getDb();
  const deadQueues = jobNames.map(deadLetterQueue);
  // Read straight from pg-boss's job table: findJobs() would page through every completed
  // job too. Columns as of pg-boss 12 (docs/jobs.md).
  const { rows } = await db.executeSql(
    `select ${COLUMNS} from ${bossSchema()}.job
     where (name = any($1::text[]) and state = 'failed')
        or (name = any($2::text[]) and state in ('created', 'retry'))
     order by coalesce(completed_on, created_on) desc
     limit $3`,
    [jobNames, deadQueues, limit * 2],
  );
  const jobsRows: JobRow[] = rows;
  const failed = jobsRows.filter((r) => r.state === "failed");
  const deadBySource = new Map(jobsRows.filter((r) => r.source_id !== null && r.state !== "failed").map((r) => [r.source_id, r]));
  const list: FailedJob[] = failed.map((r) => ({
    id: r.id,
    queue: r.name,
    data: r.data,
    error: errorMessage(r.output),
    attempts: r.retry_count + 1,
    deadLettered: deadBySource.has(r.id),
    kind: "failed",
    createdOn: r.created_on,
    startedOn: r.started_on,
    failedOn: r.completed_on,
  }));
  const listed = new Set(failed.map((r) => r.id));
  for (const r of deadBySource.values()) {
    if (r.source_id !== null && listed.has(r.source_id)) continue;
    list.push({
      id: r.id,
      queue: r.source_name ?? r.name,
      data: r.data,
      error: errorMessage(r.output),
      attempts: (r.source_retry_count ?? 0) + 1,
      deadLettered: true,
      kind: "dead_letter",
      createdOn: r.source_created_on ?? r.created_on,
      startedOn: null,
      failedOn: r.created_on,
    });
  }
  list.sort((a, b) => (b.failedOn ?? b.createdOn).getTime() - (a.failedOn ?? a.createdOn).getTime());
  return list.slice(0, limit);
}

/**
 * Runs a failed job again. A failed job goes back to its queue (one more retry allowed) and
 * its dead-letter copy is removed; for a lone dead-letter copy a new job is created on the
 * original queue. Returns the id of the job that will run.
 */
export async function retryJob(id: string): Promise<{ id: string; queue: string }> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError("NOT_FOUND");
  const boss = await getBoss();
  const db = boss.getDb();
  const deadQueues = jobNames.map(deadLetterQueue);
  const { rows } = await db.executeSql(`select ${COLUMNS} from ${bossSchema()}.job where id = $1::uuid`, [id]);
  const found: JobRow[] = rows;
  const job = found[0];
  if (!job) throw new AppError("NOT_FOUND");

  if (deadQueues.includes(job.name)) {
    const source = job.source_name;
    if (!source || !jobNames.some((n) => n === source)) throw new AppError("CONFLICT");
    const data = typeof job.data === "object" && job.data !== null ? job.data : {};
    const newId = await boss.send(source, data);
    await boss.deleteJob(job.name, job.id);
    if (!newId) throw new AppError("CONFLICT");
    return { id: newId, queue: source };
  }
  if (job.state !== "failed") throw new AppError("CONFLICT");
  await boss.retry(job.name, job.id);
  const dead = deadLetterQueue(job.name);
  const { rows: copies } = await db.executeSql(
    `select id from ${bossSchema()}.job where name = $1 and source_id = $2::uuid and state in ('created', 'retry')`,
    [dead, job.id],
  );
  const copyRows: { id: string }[] = copies;
  const copyIds = copyRows.map((c) => c.id);
  if (copyIds.length > 0) await boss.deleteJob(dead, copyIds);
  return { id: job.id, queue: job.name };
}
