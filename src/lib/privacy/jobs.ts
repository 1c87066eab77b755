/**
 * privacy.remove_files: removes Storage objects of an anonymised or deleted customer when the
 * removal right after the commit failed (Storage is not part of the database transaction).
 * Removing an object that is already gone is not an error, so retries are safe.
 */
import { z } from "zod";
import { DOCUMENT_BUCKET } from "@/features/customers/documents";
import { defineJob } from "@/lib/jobs/types";
import { createAdminClient } from "@/lib/supabase/admin";

export const removeFilesPayload = z.object({
  paths: z.array(z.string().min(1).max(400)).min(1).max(1000),
});

export const privacyRemoveFiles = defineJob({
  description: "Removes the Storage objects of an anonymised or permanently deleted customer (retry after a failed removal).",
  schema: removeFilesPayload,
  async handler(payload, ctx) {
    const { error } = await createAdminClient().storage.from(DOCUMENT_BUCKET).remove(payload.paths);
    if (error) throw new Error(`storage remove failed: ${error.message}`);
    ctx.log.info("privacy files removed", { count: payload.paths.length });
    return { removed: payload.paths.length };
  },
  queue: { retryLimit: 8, retryDelay: 30, retryBackoff: true, retryDelayMax: 3600, expireInSeconds: 300 },
  concurrency: 1,
});
