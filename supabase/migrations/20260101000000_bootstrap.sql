-- Bootstrap: create what a hosted Supabase project already provides, and only where it
-- is missing. On hosted Supabase (or `supabase start`) every statement below is a no-op;
-- on the local embedded stack it gives PostgREST, the local Auth and the local Storage
-- the same roles, schemas and helper functions the real services rely on.

-- Roles PostgREST switches to, as on hosted Supabase.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticator') then
    -- Local-only password; hosted projects manage this role themselves.
    create role authenticator login noinherit password 'authenticator-local-password';
  end if;
end $$;

do $$
begin
  -- Only where missing: hosted projects already grant these, and may not let us re-grant.
  if not pg_has_role('authenticator', 'anon', 'member') then grant anon to authenticator; end if;
  if not pg_has_role('authenticator', 'authenticated', 'member') then grant authenticated to authenticator; end if;
  if not pg_has_role('authenticator', 'service_role', 'member') then grant service_role to authenticator; end if;
end $$;

-- Extensions live in their own schema, as on hosted Supabase.
create schema if not exists extensions;
grant usage on schema extensions to anon, authenticated, service_role;
create extension if not exists pgcrypto with schema extensions;
create extension if not exists pg_trgm with schema extensions;
create extension if not exists citext with schema extensions;

-- The auth schema: the tables Supabase Auth (GoTrue) owns. Only the columns the local Auth
-- service and our own triggers/policies use are created here; hosted projects have more.
create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

do $$
begin
  if to_regclass('auth.users') is null then
    create table auth.users (
      instance_id uuid,
      id uuid primary key,
      aud varchar(255),
      role varchar(255),
      email varchar(255),
      encrypted_password varchar(255),
      email_confirmed_at timestamptz,
      invited_at timestamptz,
      confirmation_token varchar(255),
      confirmation_sent_at timestamptz,
      recovery_token varchar(255),
      recovery_sent_at timestamptz,
      email_change varchar(255),
      last_sign_in_at timestamptz,
      raw_app_meta_data jsonb,
      raw_user_meta_data jsonb,
      is_super_admin boolean,
      created_at timestamptz,
      updated_at timestamptz,
      phone text unique,
      phone_confirmed_at timestamptz,
      banned_until timestamptz,
      deleted_at timestamptz,
      is_anonymous boolean not null default false
    );
    -- GoTrue enforces unique e-mails among non-SSO users with a partial unique index.
    create unique index users_email_partial_key on auth.users (email);
  end if;

  if to_regclass('auth.sessions') is null then
    create table auth.sessions (
      id uuid primary key,
      user_id uuid not null references auth.users(id) on delete cascade,
      created_at timestamptz,
      updated_at timestamptz,
      factor_id uuid,
      aal text,
      not_after timestamptz,
      refreshed_at timestamp,
      user_agent text,
      ip inet
    );
    create index sessions_user_id_idx on auth.sessions (user_id);
  end if;

  if to_regclass('auth.refresh_tokens') is null then
    create table auth.refresh_tokens (
      instance_id uuid,
      id bigserial primary key,
      token varchar(255) unique,
      user_id varchar(255),
      revoked boolean,
      created_at timestamptz,
      updated_at timestamptz,
      parent varchar(255),
      session_id uuid references auth.sessions(id) on delete cascade
    );
    create index refresh_tokens_session_id_revoked_idx on auth.refresh_tokens (session_id, revoked);
  end if;

  if to_regclass('auth.identities') is null then
    create table auth.identities (
      provider_id text not null,
      user_id uuid not null references auth.users(id) on delete cascade,
      identity_data jsonb not null,
      provider text not null,
      last_sign_in_at timestamptz,
      created_at timestamptz,
      updated_at timestamptz,
      email text generated always as (lower(identity_data ->> 'email')) stored,
      id uuid primary key default gen_random_uuid(),
      unique (provider_id, provider)
    );
  end if;
end $$;

-- auth.uid(), auth.role(), auth.jwt(): read the claims PostgREST puts in the transaction.
do $$
begin
  if to_regprocedure('auth.uid()') is null then
    create function auth.uid() returns uuid language sql stable as $f$
      select coalesce(
        nullif(current_setting('request.jwt.claim.sub', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
      )::uuid
    $f$;
  end if;
  if to_regprocedure('auth.role()') is null then
    create function auth.role() returns text language sql stable as $f$
      select coalesce(
        nullif(current_setting('request.jwt.claim.role', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
      )::text
    $f$;
  end if;
  if to_regprocedure('auth.jwt()') is null then
    create function auth.jwt() returns jsonb language sql stable as $f$
      select coalesce(
        nullif(current_setting('request.jwt.claim', true), ''),
        nullif(current_setting('request.jwt.claims', true), '')
      )::jsonb
    $f$;
  end if;
end $$;

grant execute on function auth.uid(), auth.role(), auth.jwt() to anon, authenticated, service_role;

-- Storage: bucket and object metadata, as Supabase Storage keeps them. Object bytes live
-- wherever the storage service puts them (S3 on hosted, a local directory here).
create schema if not exists storage;
grant usage on schema storage to anon, authenticated, service_role;

do $$
begin
  if to_regclass('storage.buckets') is null then
    create table storage.buckets (
      id text primary key,
      name text not null unique,
      owner uuid,
      public boolean default false,
      file_size_limit bigint,
      allowed_mime_types text[],
      created_at timestamptz default now(),
      updated_at timestamptz default now()
    );
  end if;
  if to_regclass('storage.objects') is null then
    create table storage.objects (
      id uuid primary key default gen_random_uuid(),
      bucket_id text references storage.buckets(id),
      name text,
      owner uuid,
      owner_id text,
      metadata jsonb,
      path_tokens text[] generated always as (string_to_array(name, '/')) stored,
      version text,
      created_at timestamptz default now(),
      updated_at timestamptz default now(),
      last_accessed_at timestamptz default now(),
      unique (bucket_id, name)
    );
    alter table storage.objects enable row level security;
    alter table storage.buckets enable row level security;
  end if;
  if to_regprocedure('storage.foldername(text)') is null then
    create function storage.foldername(name text) returns text[] language sql immutable as $f$
      select (string_to_array(name, '/'))[1:array_length(string_to_array(name, '/'), 1) - 1]
    $f$;
  end if;
  if to_regprocedure('storage.filename(text)') is null then
    create function storage.filename(name text) returns text language sql immutable as $f$
      select (string_to_array(name, '/'))[array_length(string_to_array(name, '/'), 1)]
    $f$;
  end if;
end $$;

grant all on storage.objects to authenticated, service_role;
grant select on storage.objects to anon;
grant select on storage.buckets to anon, authenticated;
grant all on storage.buckets to service_role;

-- Hosted projects grant the API roles access to the public schema; RLS does the rest.
grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
