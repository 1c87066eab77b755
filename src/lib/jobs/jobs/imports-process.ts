/**
 * imports.process: works one confirmed import to the end (document 004 §3.5).
 *
 *   1. validate: staged rows still 'pending' are read in batches, checked with the form
 *      schemas under the confirmed mapping (src/lib/imports/validate.ts) and written back as
 *      'valid' (with parsed values) or 'error' (with reasons), counters in the same statement;
 *   2. customers: rows repeating an earlier row's WhatsApp / email become 'duplicate';
 *   3. apply: private.import_apply_customers / _transactions take the next batch of 'valid'
 *      rows and write the target tables set-based, one transaction per batch;
 *   4. transactions: one customers.refresh_stats job for every customer the import touched;
 *   5. private.import_finish: completed (for sales with one timeline event per customer);
 *   6. the uploaded file is removed from Storage: everything after staging reads the staged
 *      rows (the error file too), and a file kept for ever would outlive a customer's hard
 *      delete (docs/privacy.md). The same happens when the import fails for good.
 * Every step only picks up rows in the status it works on, so a retry (crash, expiry, a
 * second job for the same import) resumes where the last run stopped and creates nothing twice.
 */
import { z } from "zod";
import { fieldsOf } from "@/lib/imports/fields";
import { APPLY_BATCH, IMPORT_BUCKET, PROCESS_BATCH, type ImportKind } from "@/lib/imports/limits";
import { asCells, asMapping } from "@/lib/imports/shapes";
import { validateRow } from "@/lib/imports/validate";
import { createAdminClient } from "@/lib/supabase/admin";
import { defineJob, type JobContext } from "../types";

const RETRY_LIMIT = 3;
/** Above this many customers one whole-business refresh is cheaper than a list. */
const STATS_LIST_MAX = 1000;

interface ImportHead {
  kind: ImportKind;
  mapping: unknown;
  business_id: string;
  total_rows: number;
  columns: number;
}

/** Rows read per validation batch: fewer for wide files, so a batch of long cells stays small in memory. */
function validationBatch(columns: number): number {
  return Math.max(100, Math.min(PROCESS_BATCH, Math.floor(50_000 / Math.max(columns, 1))));
}

async function begin(ctx: JobContext, importId: string): Promise<ImportHead | null> {
  const { rows } = await ctx.sql(
    `update public.imports set status = 'processing', started_at = coalesce(started_at, now())
      where id = $1 and status in ('queued', 'processing')
      returning kind, mapping, business_id, total_rows, jsonb_array_length(headers) as columns`,
    [importId],
  );
  return (rows[0] as ImportHead | undefined) ?? null;
}

async function validatePending(ctx: JobContext, importId: string, head: ImportHead): Promise<number> {
  const mapping = asMapping(head.mapping);
  const allowed = new Set<string>(fieldsOf(head.kind));
  for (const key of Object.keys(mapping)) if (!allowed.has(key)) delete mapping[key as keyof typeof mapping];
  let total = 0;
  for (;;) {
    ctx.signal.throwIfAborted();
    const { rows } = await ctx.sql(
      `select row_number, raw from public.import_rows
        where import_id = $1 and status = 'pending' order by row_number limit $2`,
      [importId, validationBatch(head.columns)],
    );
    if (rows.length === 0) return total;
    const results = rows.map((row) => {
      const result = validateRow(head.kind, asCells(row.raw), mapping);
      return result.ok
        ? { n: row.row_number, s: "valid", p: result.parsed, e: [] }
        : { n: row.row_number, s: "error", p: result.parsed, e: result.errors };
    });
    await ctx.sql(
      `with v as (select * from jsonb_to_recordset($2::jsonb) as x(n integer, s text, p jsonb, e jsonb)),
       u as (
         update public.import_rows r set status = v.s::public.import_row_status, parsed = v.p, errors = v.e
           from v where r.import_id = $1 and r.row_number = v.n and r.status = 'pending'
         returning r.status
       )
       update public.imports set
         validated_rows = validated_rows + (select count(*) from u),
         error_rows = error_rows + (select count(*) from u where status = 'error'),
         processed_rows = processed_rows + (select count(*) from u where status = 'error')
       where id = $1`,
      [importId, JSON.stringify(results)],
    );
    total += rows.length;
  }
}

async function apply(ctx: JobContext, importId: string, kind: ImportKind): Promise<void> {
  const fn = kind === "customers" ? "private.import_apply_customers" : "private.import_apply_transactions";
  // Every staged row was just written and updated: fresh statistics keep the batch joins on the primary key.
  await ctx.sql("analyze public.import_rows");
  if (kind === "customers") await ctx.sql("select private.import_mark_file_duplicates($1)", [importId]);
  for (;;) {
    ctx.signal.throwIfAborted();
    // Each batch is matched against customers, which a customers import grows by a batch a call:
    // stale statistics there once turned a 20,000-row batch into minutes (the migration 210 says more).
    await ctx.sql("select private.import_refresh_customer_stats()");
    const { rows } = await ctx.sql(`select ${fn}($1, $2) as taken`, [importId, APPLY_BATCH]);
    if (Number(rows[0]?.taken ?? 0) === 0) return;
  }
}

/** One refresh job for the whole import (not one per row), like a sale queues one per save. */
async function queueStats(ctx: JobContext, importId: string, businessId: string): Promise<void> {
  const { rows } = await ctx.sql("select customer_id, total from private.import_touched_customers($1, $2)", [importId, STATS_LIST_MAX]);
  if (rows.length === 0) return;
  const total = Number(rows[0]?.total ?? 0);
  const customerIds = total > STATS_LIST_MAX ? null : rows.map((r) => String(r.customer_id));
  // Loaded here: enqueue -> registry -> this file would be an import cycle at module load.
  const { enqueue } = await import("../enqueue");
  await enqueue("customers.refresh_stats", { businessId, customerIds }, { singletonKey: `import:${importId}` });
}

/**
 * The finished import's file goes (service role: the job has no user). A failed removal is
 * handed to privacy.remove_files, which retries; the import itself is done either way.
 */
async function removeFile(ctx: JobContext, importId: string): Promise<void> {
  const { rows } = await ctx.sql("select storage_path from public.imports where id = $1 and status in ('completed', 'failed')", [importId]);
  const path = rows[0]?.storage_path as string | undefined;
  if (!path) return;
  const { error } = await createAdminClient().storage.from(IMPORT_BUCKET).remove([path]);
  if (!error) return;
  ctx.log.error("could not remove the import file, queued privacy.remove_files", { importId, err: error.message });
  const { enqueue } = await import("../enqueue");
  await enqueue("privacy.remove_files", { paths: [path], bucket: IMPORT_BUCKET }).catch((err: unknown) =>
    ctx.log.error("could not queue privacy.remove_files", { importId, err }),
  );
}

export const importsProcess = defineJob({
  description: "Validates and applies one confirmed CSV/XLSX import (customers or transactions) in batches; resumable.",
  schema: z.object({ importId: z.uuid() }),
  async handler(payload, ctx) {
    const { importId } = payload;
    try {
      const head = await begin(ctx, importId);
      if (!head) {
        // Already finished (a repeated job): make sure its file is gone.
        await removeFile(ctx, importId);
        return { skipped: true };
      }
      // Phase timings go to the log (docs/imports.md "Where the time goes" is read from them).
      const t0 = performance.now();
      const validated = await validatePending(ctx, importId, head);
      const t1 = performance.now();
      await apply(ctx, importId, head.kind);
      const t2 = performance.now();
      if (head.kind === "transactions") await queueStats(ctx, importId, head.business_id);
      await ctx.sql("select private.import_finish($1)", [importId]);
      await removeFile(ctx, importId);
      const ms = { validateMs: Math.round(t1 - t0), applyMs: Math.round(t2 - t1), finishMs: Math.round(performance.now() - t2) };
      const { rows } = await ctx.sql(
        "select imported_rows, updated_rows, skipped_rows, duplicate_rows, error_rows from public.imports where id = $1",
        [importId],
      );
      ctx.log.info("import completed", { importId, validated, ...ms, ...rows[0] });
      return { validated, ...rows[0] };
    } catch (err) {
      // Out of retries: the import says so (rows already applied stay, as each batch was atomic).
      if (ctx.attempt > RETRY_LIMIT) {
        await ctx.sql("update public.imports set status = 'failed', failure = 'processing_failed', finished_at = now() where id = $1 and status = 'processing'", [importId]);
        await removeFile(ctx, importId).catch((e: unknown) => ctx.log.error("could not remove the import file", { importId, err: e }));
      }
      throw err;
    }
  },
  queue: { retryLimit: RETRY_LIMIT, retryDelay: 10, retryBackoff: true, retryDelayMax: 300, expireInSeconds: 1800 },
  // Two imports (e.g. the files of a split sales export) run side by side; the apply batches of
  // one import are serialised by an advisory lock, and the unique keys settle any overlap.
  concurrency: 2,
});
