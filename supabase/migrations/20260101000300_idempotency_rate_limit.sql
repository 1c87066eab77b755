-- Request plumbing that must hold across serverless instances, so it lives in Postgres
-- rather than in process memory:
--   1. idempotency_keys: replaying a POST with the same Idempotency-Key returns the first
--      result instead of doing the work twice (docs/api.md);
--   2. rate_limit_hits + rate_limit_hit(): sliding-window counters for sign-in, sign-up and
--      password recovery attempts, callable only by the service role;
--   3. purge_expired_request_state(): the maintenance job's cleanup of both tables;
--   4. health_ping(): a harmless RPC /api/health uses to prove PostgREST reaches the database.

-- ---------------------------------------------------------------------------------------
-- 1. Idempotency keys
-- ---------------------------------------------------------------------------------------
create table public.idempotency_keys (
  user_id uuid not null references auth.users(id) on delete cascade,
  key text not null check (length(key) between 1 and 255 and key ~ '^[!-~]+$'),
  request_hash text not null check (request_hash ~ '^[0-9a-f]{64}$'),
  status_code integer check (status_code between 100 and 599),
  response jsonb,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '24 hours',
  primary key (user_id, key),
  -- A row is either a reservation (both null) or a finished result (both set).
  constraint idempotency_keys_result_complete check ((status_code is null) = (response is null))
);

comment on table public.idempotency_keys is
  'One row per (user, Idempotency-Key): reserved before the handler runs, completed with the response it produced. Rows expire after 24 hours.';
comment on column public.idempotency_keys.user_id is 'Keys are scoped per user, so two users can never collide on a key.';
comment on column public.idempotency_keys.key is 'The Idempotency-Key header value: 1-255 visible ASCII characters.';
comment on column public.idempotency_keys.request_hash is
  'sha256 (hex) of method, path and the canonical JSON body: the same key with a different request is an IDEMPOTENCY_CONFLICT.';
comment on column public.idempotency_keys.status_code is 'HTTP status of the stored response; null while the first request is still running.';
comment on column public.idempotency_keys.response is 'The response body (the API envelope) replayed for a repeated request; null while running.';
comment on column public.idempotency_keys.created_at is 'When the key was reserved; a reservation older than 10 minutes is treated as abandoned.';
comment on column public.idempotency_keys.expires_at is 'After this the key is forgotten (maintenance.cleanup deletes it) and may be reused.';

create index idempotency_keys_expires_at_idx on public.idempotency_keys (expires_at);

-- Only the columns a client legitimately writes are granted, so a user cannot back-date
-- created_at or push expires_at into the future; the defaults set both.
revoke all on public.idempotency_keys from anon, authenticated;
grant select, delete on public.idempotency_keys to authenticated;
grant insert (user_id, key, request_hash) on public.idempotency_keys to authenticated;
grant update (status_code, response) on public.idempotency_keys to authenticated;
grant all on public.idempotency_keys to service_role;

alter table public.idempotency_keys enable row level security;

create policy idempotency_keys_select_own on public.idempotency_keys
  for select to authenticated using (user_id = (select auth.uid()));

create policy idempotency_keys_insert_own on public.idempotency_keys
  for insert to authenticated with check (user_id = (select auth.uid()));

-- A finished result is immutable: only a reservation (status_code is null) can be completed.
create policy idempotency_keys_complete_own on public.idempotency_keys
  for update to authenticated
  using (user_id = (select auth.uid()) and status_code is null)
  with check (user_id = (select auth.uid()));

-- Deleting releases a reservation after a failed request, or clears an expired key.
create policy idempotency_keys_delete_own on public.idempotency_keys
  for delete to authenticated using (user_id = (select auth.uid()));

-- ---------------------------------------------------------------------------------------
-- 2. Rate limiting: a sliding-window counter (two fixed windows, the previous one weighted
--    by how much of it still overlaps the sliding window), as Cloudflare describes it.
-- ---------------------------------------------------------------------------------------
create table public.rate_limit_hits (
  bucket text not null check (length(bucket) between 1 and 100),
  key text not null check (length(key) between 1 and 200),
  window_seconds integer not null check (window_seconds between 1 and 86400),
  window_start timestamptz not null,
  hits integer not null default 0 check (hits >= 0),
  primary key (bucket, key, window_seconds, window_start)
);

comment on table public.rate_limit_hits is
  'Hit counters per (bucket, key, fixed window). Written only through rate_limit_hit(); rows older than two windows are purged by maintenance.cleanup.';
comment on column public.rate_limit_hits.bucket is 'What is limited, e.g. auth:sign_in:ip.';
comment on column public.rate_limit_hits.key is 'Who is limited: a sha256 of the IP address or e-mail, never the raw value.';
comment on column public.rate_limit_hits.window_seconds is 'Window length; part of the key so one bucket can be limited on two time scales.';
comment on column public.rate_limit_hits.window_start is 'Start of the fixed window (epoch-aligned).';
comment on column public.rate_limit_hits.hits is 'Allowed hits in this window (denied attempts are not counted).';

-- RLS on and no policies: anon and authenticated can neither read nor write the counters.
alter table public.rate_limit_hits enable row level security;
revoke all on public.rate_limit_hits from anon, authenticated;
grant all on public.rate_limit_hits to service_role;

-- The decision with an explicit clock, so tests can check the window arithmetic exactly.
-- Not executable by any API role: only rate_limit_hit() (its owner) calls it.
create function public.rate_limit_hit_at(
  p_bucket text, p_key text, p_limit integer, p_window_seconds integer, p_now timestamptz
) returns table (allowed boolean, retry_after integer)
language plpgsql security definer set search_path = '' as $$
declare
  v_epoch double precision := extract(epoch from p_now);
  v_start_epoch double precision := floor(v_epoch / p_window_seconds) * p_window_seconds;
  v_window_start timestamptz := to_timestamp(v_start_epoch);
  v_elapsed double precision := v_epoch - v_start_epoch;
  v_curr integer;
  v_prev integer;
  v_room double precision;
  v_wait double precision;
begin
  if p_limit is null or p_limit < 1 then raise exception 'p_limit must be >= 1' using errcode = '22023'; end if;
  if p_window_seconds is null or p_window_seconds < 1 or p_window_seconds > 86400 then
    raise exception 'p_window_seconds must be between 1 and 86400' using errcode = '22023';
  end if;

  -- The upsert takes the row lock, so concurrent hits on one key are counted one by one.
  insert into public.rate_limit_hits as h (bucket, key, window_seconds, window_start, hits)
  values (p_bucket, p_key, p_window_seconds, v_window_start, 1)
  on conflict (bucket, key, window_seconds, window_start) do update set hits = h.hits + 1
  returning h.hits into v_curr;

  select h.hits into v_prev from public.rate_limit_hits h
  where h.bucket = p_bucket and h.key = p_key and h.window_seconds = p_window_seconds
    and h.window_start = v_window_start - make_interval(secs => p_window_seconds);
  v_prev := coalesce(v_prev, 0);

  if v_prev * (1 - v_elapsed / p_window_seconds) + v_curr <= p_limit then
    return query select true, 0;
    return;
  end if;

  -- Denied: take the hit back, so hammering does not push the block further out.
  update public.rate_limit_hits h set hits = h.hits - 1
  where h.bucket = p_bucket and h.key = p_key and h.window_seconds = p_window_seconds and h.window_start = v_window_start;
  v_curr := v_curr - 1;

  if v_curr + 1 <= p_limit then
    -- Room in this window once enough of the previous window has slid out.
    v_room := p_limit - v_curr - 1;
    v_wait := p_window_seconds * (1 - v_room / v_prev) - v_elapsed;
  else
    -- This window alone is full: wait for the next one, then for this one to slide out enough.
    v_wait := (p_window_seconds - v_elapsed) + greatest(0, p_window_seconds * (1 - (p_limit - 1)::double precision / v_curr));
  end if;
  return query select false, greatest(1, ceil(v_wait))::integer;
end $$;

comment on function public.rate_limit_hit_at(text, text, integer, integer, timestamptz) is
  'rate_limit_hit() with an explicit clock; internal (tests call it as the database owner).';

create function public.rate_limit_hit(p_bucket text, p_key text, p_limit integer, p_window_seconds integer)
returns table (allowed boolean, retry_after integer)
language sql security definer set search_path = '' as $$
  select * from public.rate_limit_hit_at(p_bucket, p_key, p_limit, p_window_seconds, now())
$$;

comment on function public.rate_limit_hit(text, text, integer, integer) is
  'Counts one attempt for (bucket, key) and says whether it is allowed: at most p_limit attempts per sliding window of p_window_seconds. retry_after is in seconds (0 when allowed). Service role only.';

revoke all on function public.rate_limit_hit_at(text, text, integer, integer, timestamptz) from public, anon, authenticated, service_role;
revoke all on function public.rate_limit_hit(text, text, integer, integer) from public, anon, authenticated;
grant execute on function public.rate_limit_hit(text, text, integer, integer) to service_role;

-- ---------------------------------------------------------------------------------------
-- 3. Cleanup, run by the maintenance.cleanup job (src/lib/jobs).
-- ---------------------------------------------------------------------------------------
create function public.purge_expired_request_state()
returns table (idempotency_keys_deleted integer, rate_limit_rows_deleted integer)
language plpgsql security definer set search_path = '' as $$
declare
  v_keys integer;
  v_hits integer;
begin
  delete from public.idempotency_keys where expires_at < now();
  get diagnostics v_keys = row_count;
  -- A window still matters while it is the current or the previous one.
  delete from public.rate_limit_hits where window_start < now() - make_interval(secs => 2 * window_seconds);
  get diagnostics v_hits = row_count;
  return query select v_keys, v_hits;
end $$;

comment on function public.purge_expired_request_state() is
  'Deletes expired idempotency keys and rate-limit windows older than two window lengths. Returns the counts.';

revoke all on function public.purge_expired_request_state() from public, anon, authenticated;
grant execute on function public.purge_expired_request_state() to service_role;

-- ---------------------------------------------------------------------------------------
-- 4. Health
-- ---------------------------------------------------------------------------------------
create function public.health_ping() returns timestamptz
language sql stable set search_path = '' as $$ select now() $$;

comment on function public.health_ping() is
  'Returns the database clock. /api/health calls it through PostgREST to check the API reaches Postgres; reveals nothing else.';

revoke all on function public.health_ping() from public;
grant execute on function public.health_ping() to anon, authenticated, service_role;
