/**
 * The weekly fan-out: one `rfm.run_business` job per business that has no weekly run yet for
 * this week's Monday, so a failing business fails only its own job (retried, then visible on
 * /admin/jobs) and never stops the others. Called by the Vercel cron route
 * (/api/cron/rfm-weekly, Sunday 23:00 UTC = Monday 06:00 WIB) and by the worker's hourly
 * `rfm.weekly` tick on Mondays; both may run, the de-duplication makes that harmless.
 */
import { enqueue } from "@/lib/jobs/enqueue";
import { latestWeeklySlot } from "./engine-schedule";

type Sql = (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

export interface FanOutOptions {
  /** Only these businesses (CLI, tests); every business when absent. */
  businessIds?: string[];
  /** Override the job's retries (tests use 0 to see a failure at once). */
  retryLimit?: number;
  now?: Date;
}

export interface FanOutResult {
  monday: string;
  businesses: number;
  enqueued: number;
}

export async function fanOutWeekly(sql: Sql, options: FanOutOptions = {}): Promise<FanOutResult> {
  const { monday } = latestWeeklySlot(options.now ?? new Date());
  const { rows } = await sql(
    `select b.id::text as id from public.businesses b
     where ($1::uuid[] is null or b.id = any ($1::uuid[]))
       and not exists (select 1 from public.rfm_runs r
                       where r.business_id = b.id and r.trigger = 'weekly' and r.analysis_date >= $2::date)
     order by b.created_at, b.id`,
    [options.businessIds ?? null, monday],
  );
  let enqueued = 0;
  for (const row of rows) {
    const businessId = String(row.id);
    // One job per business per week: the key repeats within the 7-day slot (epoch-aligned
    // Thursday 00:00 UTC, so the whole Monday is inside one slot), later ticks are no-ops.
    const id = await enqueue(
      "rfm.run_business",
      { businessId, trigger: "weekly" },
      { singletonKey: `rfm.weekly:${businessId}:${monday}`, singletonSeconds: 7 * 86_400, ...(options.retryLimit === undefined ? {} : { retryLimit: options.retryLimit }) },
    );
    if (id) enqueued++;
  }
  return { monday, businesses: rows.length, enqueued };
}
