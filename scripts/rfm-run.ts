/**
 * `npm run rfm:run -- --business <uuid> [--date YYYY-MM-DD]` or `npm run rfm:run -- --all`:
 * runs the RFM analysis now, directly in Postgres (public.rfm_run, the same function the API
 * and the jobs call), one business after another. A business that fails is reported and the
 * others still run; the exit code is 1 when any failed. Uses DATABASE_URL, or the local
 * stack's database (SMA_* env) when unset.
 */
import pg from "pg";
import { loadStackConfig } from "../stack/config";

interface Args {
  businessIds: string[];
  all: boolean;
  date: string | null;
  trigger: "manual" | "weekly";
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function usage(message: string): never {
  console.error(`✖ ${message}\nUsage: npm run rfm:run -- --business <uuid> [--business <uuid> ...] [--date YYYY-MM-DD] [--weekly]\n       npm run rfm:run -- --all [--date YYYY-MM-DD] [--weekly]`);
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const args: Args = { businessIds: [], all: false, date: null, trigger: "manual" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--all") args.all = true;
    else if (a === "--weekly") args.trigger = "weekly";
    else if (a === "--business") {
      const id = argv[++i] ?? "";
      if (!UUID.test(id)) usage(`--business needs a business id (uuid), got "${id}"`);
      args.businessIds.push(id);
    } else if (a === "--date") {
      const d = argv[++i] ?? "";
      if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(d))) usage(`--date needs YYYY-MM-DD, got "${d}"`);
      args.date = d;
    } else usage(`unknown argument "${a}"`);
  }
  if (args.all === (args.businessIds.length > 0)) usage("give either --business <id> or --all");
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL ?? loadStackConfig().dbUrl, application_name: "sma-rfm-run" });
  await client.connect();
  try {
    const ids = args.all
      ? (await client.query<{ id: string }>("select id::text as id from public.businesses order by created_at, id")).rows.map((r) => r.id)
      : args.businessIds;
    let failed = 0;
    for (const id of ids) {
      const t0 = performance.now();
      try {
        const { rows } = await client.query<{ analysis_date: string; scoring_mode: string; mode_reason: string; customers_scored: number; customers_lost: number }>(
          "select analysis_date::text, scoring_mode::text, mode_reason, customers_scored, customers_lost from public.rfm_run($1::uuid, $2::date, $3::public.rfm_run_trigger)",
          [id, args.date, args.trigger],
        );
        const r = rows[0];
        console.log(`✔ ${id}  ${r?.analysis_date}  ${r?.scoring_mode} (${r?.mode_reason})  scored ${r?.customers_scored}, lost ${r?.customers_lost}  ${((performance.now() - t0) / 1000).toFixed(2)} s`);
      } catch (err) {
        failed++;
        const e = err as { message?: string; hint?: string };
        console.error(`✖ ${id}  ${e.hint ?? ""} ${e.message ?? String(err)}`);
      }
    }
    console.log(`${ids.length - failed} of ${ids.length} businesses analysed${failed ? `, ${failed} failed` : ""}.`);
    process.exitCode = failed ? 1 : 0;
  } finally {
    await client.end();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? `✖ ${err.message}` : err);
  process.exit(1);
});
