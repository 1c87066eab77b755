/**
 * system.ping: a diagnostic job. It answers with a timestamp so an operator (and the
 * integration tests) can see the queue end to end; with `fail` set it fails on purpose, to
 * check retries, dead-lettering and the failed-jobs page without breaking anything real.
 */
import { z } from "zod";
import { defineJob } from "../types";

export const systemPing = defineJob({
  description: "Diagnostic round trip through the queue; `fail` makes it fail with that message.",
  schema: z.object({
    echo: z.string().max(200).optional(),
    fail: z.string().min(1).max(200).optional(),
  }),
  async handler(payload, ctx) {
    if (payload.fail) throw new Error(payload.fail);
    ctx.log.info("pong", { echo: payload.echo });
    return { pong: true, echo: payload.echo ?? null, attempt: ctx.attempt, at: new Date().toISOString() };
  },
  queue: { retryLimit: 2, retryDelay: 5, retryBackoff: true, retryDelayMax: 60, expireInSeconds: 60 },
});
