/**
 * privacy.remove_files: removes Storage objects of an anonymised or deleted customer (documents,
 * import files) or of a finished import when the removal right after the commit failed
 * (Storage is not part of the database transaction).
 * Removing an object that is already gone is not an error, so retries are safe.
 */
import { z } from "zod";
import { DOCUMENT_BUCKET } from "@/features/customers/documents";
import { IMPORT_BUCKET } from "@/lib/imports/limits";
import { defineJob } from "@/lib/jobs/types";
import { createAdminClient } from "@/lib/supabase/admin";

export const removeFilesPayload = z.object({
  paths: z.array(z.string().min(1).max(400)).min(1).max(1000),
  /** Customer documents unless said otherwise (payloads queued before this field had none). */
  bucket: z.enum([DOCUMENT_BUCKET, IMPORT_BUCKET]).default(DOCUMENT_BUCKET),
});

export const privacyRemoveFiles = defineJob({
  description: "Removes Storage objects of an anonymised or permanently deleted customer, or a finished import's file (retry after a failed removal).",
  schema: removeFilesPayload,
  async handler(payload, ctx) {
    const { error } = await createAdminClient().storage.from(payload.bucket).remove(payload.paths);
    if (error) throw new Error(`storage remove failed: ${error.message}`);
    ctx.log.info("privacy files removed", { bucket: payload.bucket, count: payload.paths.length });
    return { removed: payload.paths.length };
  },
  queue: { retryLimit: 8, retryDelay: 30, retryBackoff: true, retryDelayMax: 3600, expireInSeconds: 300 },
  concurrency: 1,
});
