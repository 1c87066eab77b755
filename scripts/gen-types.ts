/**
 * Generates src/lib/supabase/database.types.ts from the database catalogs, in the shape
 * `supabase gen types typescript` produces (so @supabase/postgrest-js infers typed queries).
 *
 *   tsx scripts/gen-types.ts           write the file
 *   tsx scripts/gen-types.ts --check   exit 1 when the committed file is stale
 *
 * With DATABASE_URL it introspects that database as it is. Without, it starts a throwaway
 * embedded Postgres on a free port, applies supabase/migrations, introspects and stops, so
 * the output depends on the migrations alone. Everything is sorted: same schema, same bytes.
 *
 * Introspection lives in scripts/gen-types/introspect.ts, rendering in scripts/gen-types/render.ts.
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { loadStackConfig, ROOT } from "../stack/config";
import { migrate } from "../stack/migrate";
import { startPostgres } from "../stack/postgres";
import { introspect } from "./gen-types/introspect";
import { generate } from "./gen-types/render";

const OUT_FILE = path.join(ROOT, "src", "lib", "supabase", "database.types.ts");

// ---------------------------------------------------------------- database lifecycle

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Runs `fn` against DATABASE_URL, or against a throwaway migrated embedded Postgres. */
async function withDatabase<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const logs: string[] = [];
  const log = (line: string) => logs.push(line);
  let url = process.env.DATABASE_URL;
  let cleanup = async () => {};
  if (!url) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sma-types-"));
    // As root, Postgres runs as the `postgres` user, which must be able to enter the dir.
    fs.chmodSync(dataDir, 0o755);
    const cfg = loadStackConfig({ ...process.env, SMA_DATA_DIR: dataDir, SMA_PG_PORT: String(await freePort()) });
    try {
      const server = await startPostgres(cfg, log);
      cleanup = async () => {
        await server.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      };
      await migrate(cfg.dbUrl, log);
    } catch (err) {
      await cleanup();
      fs.rmSync(dataDir, { recursive: true, force: true });
      console.error(logs.join("\n"));
      throw err;
    }
    url = cfg.dbUrl;
  }
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
    await cleanup();
  }
}

async function main() {
  const check = process.argv.includes("--check");
  const output = await withDatabase(async (client) => generate(await introspect(client)));
  const relative = path.relative(ROOT, OUT_FILE);
  if (check) {
    const current = fs.existsSync(OUT_FILE) ? fs.readFileSync(OUT_FILE, "utf8") : "";
    if (current !== output) {
      console.error(`✖ ${relative} is stale: run npm run types:gen`);
      process.exit(1);
    }
    console.log(`✔ ${relative} is up to date`);
    return;
  }
  fs.mkdirSync(path.dirname(OUT_FILE), { recursive: true });
  fs.writeFileSync(OUT_FILE, output);
  console.log(`✔ wrote ${relative}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? `✖ ${err.message}` : err);
  process.exit(1);
});
