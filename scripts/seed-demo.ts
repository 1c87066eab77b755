/**
 * `npm run seed:demo`: the demo shop "Batik Sekar Jagad Pekalongan" with about 500
 * customers and 6,000 transactions over the last 18 months (see docs/demo-data.md).
 *
 * Also imported in-process by `stack/cli.ts start`. Idempotent: the owner is looked up
 * before it is created, and the rows go in one transaction that first checks for earlier
 * demo rows, so a rerun adds nothing and says "demo data already present".
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { todayInJakarta } from "./seed/calendar";
import { demoDataPresent, ensureOwner, findOwnedBusiness, insertDemoData, type DemoOwner } from "./seed/db";
import { generateDemoData } from "./seed/generate";

export const DEMO_EMAIL = "demo@batiksekar.id";
export const DEMO_PASSWORD = "BatikSekar2026!";
export const DEMO_FULL_NAME = "Sekar Ayu Lestari";
export const DEMO_BUSINESS_NAME = "Batik Sekar Jagad Pekalongan";
export const DEMO_CITY = "Pekalongan";
/** The owner's own WhatsApp (Telkomsel, valid Indonesian mobile). */
export const DEMO_WHATSAPP = "+6281229262026";

export const DEMO_OWNER: DemoOwner = {
  email: DEMO_EMAIL,
  password: DEMO_PASSWORD,
  fullName: DEMO_FULL_NAME,
  businessName: DEMO_BUSINESS_NAME,
  whatsapp: DEMO_WHATSAPP,
};

export interface SeedDemoOptions {
  /** The gateway URL (NEXT_PUBLIC_SUPABASE_URL). */
  supabaseUrl: string;
  serviceRoleKey: string;
  /** Superuser connection string: the bulk insert bypasses RLS and sets created_by itself. */
  dbUrl: string;
  log?: (line: string) => void;
  /** WIB date the history ends on; defaults to today in Asia/Jakarta. For tests. */
  today?: string;
  now?: Date;
}

export interface SeedDemoResult {
  userId: string;
  businessId: string;
  /** True when the demo rows existed already and nothing was written. */
  alreadyPresent: boolean;
  createdOwner: boolean;
  customers: number;
  transactions: number;
  ms: number;
}

export async function seedDemo(opts: SeedDemoOptions): Promise<SeedDemoResult> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const t0 = Date.now();
  const db = new pg.Client({ connectionString: opts.dbUrl });
  // Without a listener a dropped connection (stack stopping) would crash the start command
  // that runs us in-process; the pending query rejects on its own.
  db.on("error", (err) => log(`[seed] database connection lost: ${err.message}`));
  await db.connect();
  try {
    const { userId, created } = await ensureOwner(db, opts.supabaseUrl, opts.serviceRoleKey, DEMO_OWNER);
    const businessId = await findOwnedBusiness(db, userId);
    if (created) log(`[seed] created the demo owner ${DEMO_EMAIL} and business "${DEMO_BUSINESS_NAME}"`);

    // Cheap check first so a rerun skips generating; insertDemoData checks again under a lock.
    const present = await demoDataPresent(db, businessId);
    const now = opts.now ?? new Date();
    const result = present
      ? { alreadyPresent: true, customers: 0, transactions: 0 }
      : await insertDemoData(db, { businessId, ownerId: userId, city: DEMO_CITY }, generateDemoData({ today: opts.today ?? todayInJakarta(now), now }));
    // The rows went in directly (not through record_transaction), so derive the customers'
    // figures here; set-based and idempotent, so a rerun just recomputes them.
    await db.query("select public.refresh_customer_stats($1, null)", [businessId]);
    const ms = Date.now() - t0;
    if (result.alreadyPresent) {
      log(`[seed] demo data already present (${DEMO_BUSINESS_NAME}); nothing added`);
    } else {
      const fmt = new Intl.NumberFormat("id-ID");
      log(
        `[seed] demo data: ${fmt.format(result.customers)} customers, ${fmt.format(result.transactions)} transactions ` +
          `for "${DEMO_BUSINESS_NAME}" in ${(ms / 1000).toFixed(1)} s`,
      );
    }
    return { userId, businessId, createdOwner: created, ...result, ms };
  } finally {
    await db.end();
  }
}

/** Connection settings from the environment, else those of the local stack (stack/config.ts). */
async function optionsFromEnv(): Promise<SeedDemoOptions> {
  const { loadStackConfig } = await import("../stack/config");
  const { apiKeys } = await import("../stack/keys");
  const cfg = loadStackConfig();
  const env = process.env;
  return {
    supabaseUrl: env.NEXT_PUBLIC_SUPABASE_URL ?? cfg.supabaseUrl,
    serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY ?? (await apiKeys(cfg.jwtSecret)).serviceRoleKey,
    dbUrl: env.DATABASE_URL ?? cfg.dbUrl,
  };
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  optionsFromEnv()
    .then((opts) => seedDemo(opts))
    .then(() => console.log(`Demo login: ${DEMO_EMAIL} / ${DEMO_PASSWORD}`))
    .catch((err: unknown) => {
      console.error(`✖ ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    });
}
