"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/action";
import { AppError } from "@/lib/api/errors";
import { isSuperAdmin } from "@/lib/auth/session";
import { retryJob } from "@/lib/jobs/admin";

/** Super admins put a failed job back on its queue. Others get NOT_FOUND, like the page. */
export const retryFailedJob = defineAction(z.object({ id: z.uuid() }), async (input, ctx) => {
  if (!(await isSuperAdmin())) throw new AppError("NOT_FOUND");
  const result = await retryJob(input.id);
  ctx.log.info("failed job retried by super admin", { jobId: input.id, queue: result.queue, userId: ctx.user.id });
  return result;
});
