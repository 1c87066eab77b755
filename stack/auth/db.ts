/** Database helpers: transactions and the local-only tables this service owns. */
import type pg from "pg";

export type Db = pg.Pool | pg.PoolClient;

/**
 * Thrown inside a transaction to commit what was done so far and still fail the request
 * (GoTrue's storage.NewCommitWithError: revoking a token family must stick even though the
 * request that detected the reuse is refused).
 */
export class CommitWithError {
  constructor(readonly error: unknown) {}
}

export async function withTransaction<T>(pool: pg.Pool, fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    try {
      const result = await fn(client);
      await client.query("commit");
      return result;
    } catch (err) {
      if (err instanceof CommitWithError) {
        await client.query("commit");
        throw err.error;
      }
      await client.query("rollback");
      throw err;
    }
  } finally {
    client.release();
  }
}

/** Columns hosted auth.users has that the bootstrap migration leaves out but e-mail change needs. */
const USER_COLUMNS: Array<[string, string]> = [
  ["email_change_token_new", "varchar(255)"],
  ["email_change_token_current", "varchar(255)"],
  ["email_change_sent_at", "timestamptz"],
  ["email_change_confirm_status", "smallint default 0"],
];

/**
 * Created at start rather than in a migration: these are either local-only (the mail outbox)
 * or tables hosted Supabase Auth already owns (AMR claims, PKCE flow state), so shipping them
 * as migrations would collide with a hosted project. Everything is `if not exists`.
 */
export async function ensureLocalSchema(pool: pg.Pool): Promise<void> {
  await pool.query(`
    create table if not exists auth.local_mail (
      id bigserial primary key,
      to_email text not null,
      subject text not null,
      html text not null,
      text text not null,
      link text,
      created_at timestamptz not null default now()
    );
    comment on table auth.local_mail is
      'Local development outbox of the local Auth service: e-mails that would have been sent (no RESEND_API_KEY).';
    create index if not exists local_mail_to_email_idx on auth.local_mail (lower(to_email), id desc);

    create table if not exists auth.mfa_amr_claims (
      session_id uuid not null references auth.sessions(id) on delete cascade,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      authentication_method text not null,
      id uuid primary key,
      constraint mfa_amr_claims_session_id_authentication_method_pkey unique (session_id, authentication_method)
    );

    create table if not exists auth.flow_state (
      id uuid primary key,
      user_id uuid,
      auth_code text,
      code_challenge_method text,
      code_challenge text,
      provider_type text not null,
      provider_access_token text,
      provider_refresh_token text,
      created_at timestamptz,
      updated_at timestamptz,
      authentication_method text not null,
      auth_code_issued_at timestamptz
    );
    create index if not exists idx_auth_code on auth.flow_state (auth_code);
  `);
  // Only ALTER when something is missing: ALTER takes an exclusive lock on auth.users.
  const { rows } = await pool.query<{ column_name: string }>(
    "select column_name from information_schema.columns where table_schema = 'auth' and table_name = 'users'",
  );
  const present = new Set(rows.map((r) => r.column_name));
  const missing = USER_COLUMNS.filter(([name]) => !present.has(name));
  if (missing.length > 0) {
    await pool.query(
      `alter table auth.users ${missing.map(([name, type]) => `add column if not exists ${name} ${type}`).join(", ")}`,
    );
  }
}
