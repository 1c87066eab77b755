/**
 * Applies supabase/migrations/*.sql in file-name order, each in its own transaction, and
 * records them in supabase_migrations.schema_migrations (the table the Supabase CLI uses),
 * so a database migrated here and one migrated by `supabase db push` agree.
 */
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { ROOT } from "./config";

export const MIGRATIONS_DIR = path.join(ROOT, "supabase", "migrations");

export async function migrate(dbUrl: string, log: (line: string) => void): Promise<number> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    await client.query(`
      create schema if not exists supabase_migrations;
      create table if not exists supabase_migrations.schema_migrations (
        version text primary key, statements text[], name text
      );`);
    const done = new Set(
      (await client.query<{ version: string }>("select version from supabase_migrations.schema_migrations")).rows.map(
        (r) => r.version,
      ),
    );
    const files = fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith(".sql")).sort();
    let applied = 0;
    for (const file of files) {
      const [version, ...rest] = file.replace(/\.sql$/, "").split("_");
      if (!version || done.has(version)) continue;
      const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, file), "utf8");
      await client.query("begin");
      try {
        await client.query(sql);
        await client.query(
          "insert into supabase_migrations.schema_migrations(version, name, statements) values ($1, $2, $3)",
          [version, rest.join("_"), [sql]],
        );
        await client.query("commit");
      } catch (err) {
        await client.query("rollback");
        const e = err as Error & { position?: string; where?: string };
        throw new Error(`Migration ${file} failed: ${e.message}${e.where ? ` (${e.where})` : ""}`);
      }
      log(`[migrate] applied ${file}`);
      applied++;
    }
    // Tell PostgREST to reload its schema cache if anything changed.
    if (applied > 0) await client.query("notify pgrst, 'reload schema'");
    return applied;
  } finally {
    await client.end();
  }
}
