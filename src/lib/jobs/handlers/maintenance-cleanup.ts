/**
 * maintenance.cleanup: deletes expired idempotency keys and rate-limit windows that can no
 * longer affect a decision (public.purge_expired_request_state()). Hourly; cheap, indexed.
 */
import { z } from "zod";
import { defineJob } from "../types";

export const maintenanceCleanup = defineJob({
  description: "Deletes expired idempotency keys and old rate-limit windows.",
  schema: z.object({}),
  async handler(_payload, ctx) {
    const { rows } = await ctx.sql("select idempotency_keys_deleted, rate_limit_rows_deleted from public.purge_expired_request_state()");
    const row = rows[0] ?? {};
    const result = {
      idempotencyKeysDeleted: Number(row.idempotency_keys_deleted ?? 0),
      rateLimitRowsDeleted: Number(row.rate_limit_rows_deleted ?? 0),
    };
    ctx.log.info("maintenance cleanup done", result);
    return result;
  },
  queue: { retryLimit: 3, retryDelay: 60, retryBackoff: true, retryDelayMax: 1800, expireInSeconds: 300 },
  schedule: { everySeconds: 3600, payload: {} },
});
