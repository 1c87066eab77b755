/**
 * GET /api/cron/rfm-weekly: the weekly RFM schedule on Vercel (vercel.json: "0 23 * * 0", i.e.
 * Monday 06:00 WIB). Fans out one rfm.run_business job per business without this week's
 * weekly run; /api/cron/jobs (every minute) then works them, each business on its own, so one
 * failure never stops the others. `Authorization: Bearer $CRON_SECRET`, else 401.
 */
import { defineRoute } from "@/lib/api/handler";
import { getBoss } from "@/lib/jobs/boss";
import { fanOutWeekly } from "@/lib/rfm/engine-weekly";

export const dynamic = "force-dynamic";
export const maxDuration = 60;

export const GET = defineRoute({ auth: "cron" }, async ({ log }) => {
  const db = (await getBoss()).getDb();
  const result = await fanOutWeekly(async (text, values) => ({ rows: (await db.executeSql(text, values)).rows }));
  log.info("rfm weekly fan-out", { ...result });
  return result;
});
