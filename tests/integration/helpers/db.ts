/**
 * Superuser access to the test stack's Postgres, for arranging fixtures and for checking
 * what really is in a table after an API call (RLS hides refused rows from the caller, so
 * "0 rows affected" is only trustworthy when the superuser confirms nothing changed).
 * Application data itself is always read and written through PostgREST in the tests.
 */
import pg from "pg";
import { testEnv } from "./env";

let pool: pg.Pool | undefined;

async function getPool(): Promise<pg.Pool> {
  if (!pool) {
    const env = await testEnv();
    pool = new pg.Pool({ connectionString: env.dbUrl, max: 4 });
  }
  return pool;
}

/** Runs one statement as the superuser and returns its rows. */
export async function sql<R extends pg.QueryResultRow = Record<string, unknown>>(
  text: string,
  params: unknown[] = [],
): Promise<R[]> {
  const result = await (await getPool()).query<R>(text, params);
  return result.rows;
}

/** The first row of `sql(...)`, failing loudly when there is none. */
export async function sqlOne<R extends pg.QueryResultRow = Record<string, unknown>>(
  text: string,
  params: unknown[] = [],
): Promise<R> {
  const [row] = await sql<R>(text, params);
  if (!row) throw new Error(`Expected a row from: ${text}`);
  return row;
}

/** The rows of public.<table> where <column> = value, as JSON, ordered; for before/after comparisons. */
export async function snapshot(table: string, column: string, value: string): Promise<unknown[]> {
  const t = pg.escapeIdentifier(table);
  const c = pg.escapeIdentifier(column);
  const rows = await sql<{ row: unknown }>(
    `select to_jsonb(t) as row from public.${t} t where t.${c}::text = $1 order by to_jsonb(t)::text`,
    [value],
  );
  return rows.map((r) => r.row);
}

export async function closeDb(): Promise<void> {
  await pool?.end();
  pool = undefined;
}
