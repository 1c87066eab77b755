-- RFM full run without rewriting the current state (issue 5 targets; docs/rfm.md
-- "Runs, history, current state" and "Performance").
--
-- Measured at 100k customers / 1M transactions, a run spent ~0.5-0.7 s of its ~1.6-1.9 s
-- deleting and re-inserting 100k customer_rfm rows that were a copy of the run's own
-- rfm_results rows. Now:
--   * public.customer_rfm is a VIEW with the same columns: the business's current run's
--     rfm_results rows, except customers refreshed incrementally since that run, whose rows
--     come from public.customer_rfm_overrides (written by rfm_refresh_customers; a run that
--     becomes the current one clears the business's overrides). Readers (the customer list and
--     its export, the customer RFM card, privacy export, the RLS specs) keep reading
--     customer_rfm unchanged; the run no longer writes it.
--   * rfm_runs.is_current marks the business's latest run (what the view joins on; one per
--     business, partial unique index).
--   * rfm_results loses its stored rfm_code (computed on read by private.rfm_code: ~0.1 s of
--     the results insert went to the generated column) and its (customer_id) index (~0.05-0.09 s;
--     a customer's history goes through the business's runs instead), and its run ids are
--     time-ordered, so a run's 100k primary-key entries are appended at the right edge of the
--     index (the fast path for ascending keys) instead of descending into the middle of it.
--   * rfm_run() aggregates the window and the lost customers in one statement, scores inside
--     the results insert (no scored temp table: one pass less over 100k rows) and builds the
--     overview summary from the inserted rows (RETURNING); the three threshold counts come from
--     one pass (grouping sets).
--   * private.rfm_current_customer_ids(): the current state of a business as one set of ids,
--     for list filters that would otherwise probe customer_rfm once per candidate customer.

-- ---------------------------------------------------------------------------------------
-- Helpers
-- ---------------------------------------------------------------------------------------

-- The RFM code "R-F-M" (null for lost customers without scores), as the dropped generated
-- column computed it. Plain SQL without SET: inlined by the planner.
create or replace function private.rfm_code(p_r smallint, p_f smallint, p_m smallint)
returns text language sql immutable parallel safe as $$
  select p_r::text || '-' || p_f::text || '-' || p_m::text
$$;
comment on function private.rfm_code(smallint, smallint, smallint) is 'RFM code such as 5-4-4; null when any score is null (lost).';

-- A time-ordered uuid (the UUIDv7 layout: 48-bit Unix milliseconds, version 7, random rest).
-- Run ids made by it grow with time, so a new run's rfm_results keys (run_id, customer_id)
-- sort after every kept run's and the btree appends them on its rightmost leaf.
create or replace function private.rfm_run_id()
returns uuid language sql volatile parallel safe as $$
  select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                                        placing substring(int8send((extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
                                        from 1 for 6), 52, 1), 53, 1), 'hex')::uuid
$$;
comment on function private.rfm_run_id() is 'Time-ordered uuid (v7 layout) for rfm_runs.id: new runs append at the right edge of rfm_results'' primary key.';

-- ---------------------------------------------------------------------------------------
-- rfm_runs.is_current: the business's latest run, the one customer_rfm shows
-- ---------------------------------------------------------------------------------------
alter table public.rfm_runs add column is_current boolean not null default false;
comment on column public.rfm_runs.is_current is
  'True for the business''s latest run (greatest analysis_date): public.customer_rfm shows its results. Set by rfm_run().';
update public.rfm_runs r set is_current = true
where r.id in (select distinct on (x.business_id) x.id from public.rfm_runs x order by x.business_id, x.analysis_date desc);
create unique index rfm_runs_current_idx on public.rfm_runs (business_id) where is_current;

-- ---------------------------------------------------------------------------------------
-- Overrides: customers rescored incrementally since the current run
-- ---------------------------------------------------------------------------------------
create table public.customer_rfm_overrides (
  customer_id uuid primary key,
  business_id uuid not null,
  -- The run whose breakpoints scored this row (the latest run at the refresh).
  run_id uuid,
  analysis_date date not null,
  -- All null (segment null) = the customer has no current row any more: their only completed
  -- sale was voided, or they were soft-deleted, since the run.
  last_purchase_date date,
  recency_days integer check (recency_days >= 0),
  frequency integer check (frequency >= 0),
  monetary numeric(17, 2) check (monetary >= 0),
  r_score smallint check (r_score between 1 and 5),
  f_score smallint check (f_score between 1 and 5),
  m_score smallint check (m_score between 1 and 5),
  fm_score smallint check (fm_score between 1 and 5),
  segment public.rfm_segment,
  source text not null default 'incremental' check (source in ('run', 'incremental')),
  updated_at timestamptz not null default now(),
  constraint customer_rfm_overrides_removed check (
    (segment is null) = (last_purchase_date is null)
    and (segment is null) = (recency_days is null)
    and (segment is null) = (frequency is null)
    and (segment is null) = (monetary is null))
);
comment on table public.customer_rfm_overrides is
  'Current RFM rows of customers refreshed incrementally since their business''s current run (segment null = no row). Read through public.customer_rfm; written by rfm_refresh_customers, cleared by the next current run.';
-- The run clears a business's rows; the customer list's segment filter reads them by segment.
create index customer_rfm_overrides_business_segment_idx on public.customer_rfm_overrides (business_id, segment);

alter table public.customer_rfm_overrides enable row level security;
create policy customer_rfm_overrides_select on public.customer_rfm_overrides for select to authenticated
  using (business_id = any ((select private.member_business_ids('viewer'))::uuid[]));
revoke all on public.customer_rfm_overrides from anon, authenticated;
grant select on public.customer_rfm_overrides to authenticated;

-- The current state kept so far: rows that differ from the current run's (incremental ones,
-- rows arranged by hand) become overrides; the current run's customers without a row
-- (removed by a refresh) become removal markers. Everything else equals the run's results.
insert into public.customer_rfm_overrides (customer_id, business_id, run_id, analysis_date, last_purchase_date, recency_days,
                                           frequency, monetary, r_score, f_score, m_score, fm_score, segment, source, updated_at)
select c.customer_id, c.business_id, c.run_id, c.analysis_date, c.last_purchase_date, c.recency_days,
       c.frequency, c.monetary, c.r_score, c.f_score, c.m_score, c.fm_score, c.segment, c.source, c.updated_at
from public.customer_rfm c
where not (c.source = 'run' and exists (select 1 from public.rfm_runs r where r.id = c.run_id and r.is_current));
insert into public.customer_rfm_overrides (customer_id, business_id, run_id, analysis_date, source, updated_at)
select x.customer_id, x.business_id, x.run_id, r.analysis_date, 'incremental', now()
from public.rfm_results x join public.rfm_runs r on r.id = x.run_id and r.is_current
where not exists (select 1 from public.customer_rfm c where c.customer_id = x.customer_id)
on conflict (customer_id) do nothing;

drop table public.customer_rfm;

-- ---------------------------------------------------------------------------------------
-- public.customer_rfm: same name and columns as the table it replaces
-- ---------------------------------------------------------------------------------------
-- Two disjoint parts (a customer is in at most one): the overrides that hold a row, and the
-- current run's results of customers without an override. Every business_id of the run part
-- is the same column (equal through the joins), so the planner can enter it either way:
--   * by customer id alone, as the customer list asks per row: customers' primary key ->
--     the business's current run (partial unique index) -> the (run_id, customer_id) key of
--     rfm_results: three index probes;
--   * by business (a segment filter, an export): its current run -> that run's rows through
--     the primary key's run_id prefix.
-- Invoker rights: the caller's RLS on customers, rfm_runs, rfm_results and the overrides applies.
create view public.customer_rfm with (security_invoker = true) as
select o.customer_id, o.business_id, o.run_id, o.analysis_date, o.last_purchase_date, o.recency_days,
       o.frequency, o.monetary, o.r_score, o.f_score, o.m_score, o.fm_score,
       private.rfm_code(o.r_score, o.f_score, o.m_score) as rfm_code, o.segment, o.source, o.updated_at
from public.customer_rfm_overrides o
where o.segment is not null
union all
select x.customer_id, r.business_id, x.run_id, r.analysis_date, x.last_purchase_date, x.recency_days,
       x.frequency, x.monetary, x.r_score, x.f_score, x.m_score, x.fm_score,
       private.rfm_code(x.r_score, x.f_score, x.m_score), x.segment, 'run'::text, r.created_at
from public.rfm_runs r
join public.rfm_results x on x.run_id = r.id and x.business_id = r.business_id
join public.customers c on c.id = x.customer_id and c.business_id = r.business_id
where r.is_current
  and not exists (select 1 from public.customer_rfm_overrides o where o.customer_id = x.customer_id);
comment on view public.customer_rfm is
  'Current RFM scores and segment of each customer with a purchase: the latest run''s results, with customers refreshed incrementally since then from customer_rfm_overrides. No row = no purchase yet (prospect).';
alter view public.customer_rfm alter column source set default 'run';
alter view public.customer_rfm alter column updated_at set default now();

revoke all on public.customer_rfm from anon, authenticated;
grant select on public.customer_rfm to authenticated;

-- Rows arranged by hand (tests, synthetic bench data; the superuser only: the API roles have
-- no INSERT) land in the overrides, where the view shows them as written.
create or replace function private.customer_rfm_insert() returns trigger
language plpgsql set search_path = '' as $$
begin
  insert into public.customer_rfm_overrides as o (customer_id, business_id, run_id, analysis_date, last_purchase_date, recency_days,
                                                  frequency, monetary, r_score, f_score, m_score, fm_score, segment, source, updated_at)
  values (new.customer_id, new.business_id, new.run_id, new.analysis_date, new.last_purchase_date, new.recency_days,
          new.frequency, new.monetary, new.r_score, new.f_score, new.m_score, new.fm_score, new.segment,
          coalesce(new.source, 'run'), coalesce(new.updated_at, now()));
  return new;
end $$;
revoke all on function private.customer_rfm_insert() from public;
create trigger customer_rfm_insert instead of insert on public.customer_rfm
  for each row execute function private.customer_rfm_insert();
-- Updates and deletes: only the engine changes the current state. (The API roles lack the
-- privilege and are refused with 42501 first; without these triggers Postgres would answer
-- "view not updatable" before checking privileges.)
create or replace function private.customer_rfm_refuse() returns trigger
language plpgsql set search_path = '' as $$
begin
  raise exception 'customer_rfm is written by the RFM engine only' using errcode = '42501', hint = 'rfm_forbidden';
end $$;
revoke all on function private.customer_rfm_refuse() from public;
create trigger customer_rfm_refuse instead of update or delete on public.customer_rfm
  for each row execute function private.customer_rfm_refuse();

-- ---------------------------------------------------------------------------------------
-- rfm_results: no stored rfm_code (private.rfm_code on read)
-- ---------------------------------------------------------------------------------------
alter table public.rfm_results drop column rfm_code;

-- No (customer_id) index either (~0.07 s of a run's insert at 100k rows): a customer's history
-- and the delete trigger below reach their rows through the business's runs, one
-- (run_id, customer_id) primary-key probe per kept run (at most retention_weeks of them).
drop index if exists public.rfm_results_customer_idx;

-- ---------------------------------------------------------------------------------------
-- Delete triggers (the cascades the foreign keys used to do) for the new shape
-- ---------------------------------------------------------------------------------------
create or replace function private.customers_delete_rfm() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  delete from public.customer_rfm_overrides r where r.customer_id in (select o.id from old_customers o);
  -- Through the business's runs: (run_id, customer_id) primary-key probes, one per kept run.
  delete from public.rfm_results x
  using old_customers o, public.rfm_runs u
  where u.business_id = o.business_id and x.run_id = u.id and x.customer_id = o.id;
  return null;
end $$;

create or replace function private.businesses_delete_rfm() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  delete from public.customer_rfm_overrides r where r.business_id in (select o.id from old_businesses o);
  delete from public.rfm_results x where x.business_id in (select o.id from old_businesses o);
  return null;
end $$;

-- ---------------------------------------------------------------------------------------
-- Full run (same signature and contract as before; docs/rfm.md)
-- ---------------------------------------------------------------------------------------
create or replace function public.rfm_run(
  p_business_id uuid,
  p_analysis_date date default null,
  p_trigger public.rfm_run_trigger default 'manual'
) returns public.rfm_runs
language plpgsql volatile security definer set search_path = '' set work_mem = '64MB' as $$
declare
  v_started timestamptz := clock_timestamp();
  v_tz text;
  v_today date;
  v_settings public.rfm_settings;
  v_date date;
  v_start date;
  v_scored integer;
  v_lost integer;
  v_mode public.rfm_scoring_mode;
  v_reason text;
  v_r integer[];
  v_f numeric[];
  v_m numeric[];
  v_run public.rfm_runs;
  v_latest date;
  v_current boolean;
  v_live integer;
  v_summary jsonb;
  -- The thresholds for the scores 2..5 as scalars (see the scoring below).
  v_r2 integer; v_r3 integer; v_r4 integer; v_r5 integer;
  v_f2 numeric; v_f3 numeric; v_f4 numeric; v_f5 numeric;
  v_m2 numeric; v_m3 numeric; v_m4 numeric; v_m5 numeric;
begin
  if p_business_id is null then
    raise exception 'business id is required' using errcode = '22023', hint = 'business_required';
  end if;
  select b.timezone into v_tz from public.businesses b where b.id = p_business_id;
  if v_tz is null or not private.rfm_can_run(p_business_id) then
    if v_tz is not null and public.has_role_on_business(p_business_id, 'viewer') then
      raise exception 'viewers cannot start a run' using errcode = '42501', hint = 'rfm_forbidden';
    end if;
    raise exception 'business not found' using errcode = 'P0002', hint = 'business_not_found';
  end if;
  v_today := (now() at time zone v_tz)::date;
  v_date := coalesce(p_analysis_date, v_today);
  if v_date > v_today or v_date < date '2000-01-01' then
    raise exception 'analysis date out of range' using errcode = '22023', hint = 'rfm_date_invalid';
  end if;

  -- One run (or incremental refresh) per business at a time; a second caller waits and then
  -- replaces the same day's run, which is what "idempotent per day" asks for.
  perform pg_advisory_xact_lock(hashtextextended('rfm:' || p_business_id::text, 0));

  v_settings := private.rfm_settings_of(p_business_id);
  v_start := v_date - v_settings.window_days + 1;

  -- Raw R/F/M of every live customer, in one statement: the window's transactions aggregated
  -- in one pass and joined to the business's live customers; a live customer absent from the
  -- window gets one index probe for their latest earlier purchase (lost, frequency 0), skipped
  -- by a one-time filter for everyone in the window. Prospects (no completed purchase up to
  -- the analysis date) stay in with last_purchase_date null: they give the live customer count
  -- of the summary and get no result row.
  if to_regclass('pg_temp.rfm_agg') is not null then
    drop table pg_temp.rfm_agg;
  end if;
  create temp table rfm_agg on commit drop as
    select c.id as customer_id, coalesce(w.last_purchase_date, e.last_date) as last_purchase_date,
           (v_date - coalesce(w.last_purchase_date, e.last_date))::integer as recency_days,
           coalesce(w.frequency, 0) as frequency, coalesce(w.monetary, 0)::numeric(17, 2) as monetary
    from public.customers c
    left join (
      select t.customer_id, max(t.transaction_date) as last_purchase_date, count(*)::integer as frequency,
             sum(t.amount)::numeric(17, 2) as monetary
      from public.transactions t
      where t.business_id = p_business_id and t.status = 'completed'
        and t.transaction_date between v_start and v_date
      group by t.customer_id
    ) w on w.customer_id = c.id
    left join lateral (
      select t.transaction_date as last_date from public.transactions t
      where w.customer_id is null
        and t.business_id = p_business_id and t.customer_id = c.id and t.status = 'completed'
        and t.transaction_date < v_start
      order by t.transaction_date desc limit 1
    ) e on true
    where c.business_id = p_business_id and c.deleted_at is null;

  select count(*) filter (where a.frequency > 0), count(*) filter (where a.frequency = 0 and a.last_purchase_date is not null),
         count(*)
    into v_scored, v_lost, v_live from pg_temp.rfm_agg a;

  if v_settings.scoring_mode = 'fixed' then
    v_mode := 'fixed'; v_reason := 'owner_fixed';
  elsif v_settings.scoring_mode = 'relative' then
    v_mode := 'relative'; v_reason := 'owner_relative';
  elsif v_scored < 50 then
    v_mode := 'fixed'; v_reason := 'auto_few_customers';
  else
    v_mode := 'relative'; v_reason := 'auto_relative';
  end if;

  if v_mode = 'fixed' then
    -- Edges are listed for the scores 5, 4, 3, 2; thresholds for 2, 3, 4, 5.
    v_r := array[v_settings.recency_edges[4], v_settings.recency_edges[3], v_settings.recency_edges[2], v_settings.recency_edges[1]];
    v_f := array[v_settings.frequency_edges[4], v_settings.frequency_edges[3], v_settings.frequency_edges[2], v_settings.frequency_edges[1]];
    v_m := array[v_settings.monetary_edges[4], v_settings.monetary_edges[3], v_settings.monetary_edges[2], v_settings.monetary_edges[1]];
  else
    -- The smallest value (R: the largest day count) whose percent_rank score reaches s, from
    -- counts per distinct value (private.rfm_thresholds_from_counts), the three measures
    -- counted in one pass: each grouping set leaves the other two columns null, and a scored
    -- customer's own values are never null, so a non-null column marks its set.
    select private.rfm_thresholds_from_counts(array_agg(g.r::numeric) filter (where g.r is not null),
                                              array_agg(g.n) filter (where g.r is not null), true)::integer[],
           private.rfm_thresholds_from_counts(array_agg(g.f::numeric) filter (where g.f is not null),
                                              array_agg(g.n) filter (where g.f is not null), false),
           private.rfm_thresholds_from_counts(array_agg(g.m) filter (where g.m is not null),
                                              array_agg(g.n) filter (where g.m is not null), false)
      into v_r, v_f, v_m
    from (
      select a.recency_days as r, a.frequency as f, a.monetary as m, count(*) as n
      from pg_temp.rfm_agg a where a.frequency > 0
      group by grouping sets ((a.recency_days), (a.frequency), (a.monetary))
    ) g;
  end if;
  v_r2 := v_r[1]; v_r3 := v_r[2]; v_r4 := v_r[3]; v_r5 := v_r[4];
  v_f2 := v_f[1]; v_f3 := v_f[2]; v_f4 := v_f[3]; v_f5 := v_f[4];
  v_m2 := v_m[1]; v_m3 := v_m[2]; v_m4 := v_m[3]; v_m5 := v_m[4];

  -- Same-day re-run: the old run and its results go, in this same transaction.
  delete from public.rfm_runs r where r.business_id = p_business_id and r.analysis_date = v_date;

  -- The new run is the current one unless it is back-dated (kept for history only). A new
  -- current run ends the previous one and the incremental overrides made against it.
  select max(r.analysis_date) into v_latest from public.rfm_runs r where r.business_id = p_business_id;
  v_current := v_latest is null or v_date > v_latest;
  if v_current then
    update public.rfm_runs r set is_current = false where r.business_id = p_business_id and r.is_current;
    delete from public.customer_rfm_overrides o where o.business_id = p_business_id;
  end if;

  insert into public.rfm_runs as r (id, business_id, analysis_date, window_days, window_start, scoring_mode, mode_reason,
                                    breakpoints, customers_scored, customers_lost, trigger, created_by, is_current)
  values (private.rfm_run_id(), p_business_id, v_date, v_settings.window_days, v_start, v_mode, v_reason,
          jsonb_build_object('r', to_jsonb(v_r), 'f', to_jsonb(v_f), 'm', to_jsonb(v_m)),
          v_scored, v_lost, coalesce(p_trigger, 'manual'), auth.uid(), v_current)
  returning r.* into v_run;

  -- Score and write every result row in one pass, and build the overview summary (as
  -- private.rfm_summary computes it from rfm_results) from the rows just written.
  -- The scores are private.rfm_scores' formulas (1 + thresholds reached; FM = (F + M + 1) / 2;
  -- the grid; frequency 0 = lost without scores) with the thresholds as scalars: the inlined
  -- function repeats each score expression where FM and the segment use it and subscripts the
  -- threshold arrays per row. Incremental == full stays tested on random data
  -- (tests/integration/rfm-engine.test.ts). Inserted in customer order: with the time-ordered
  -- run id, every (run_id, customer_id) key goes to the primary key's rightmost leaf.
  with inserted as (
    insert into public.rfm_results (run_id, business_id, customer_id, last_purchase_date, recency_days, frequency, monetary,
                                    r_score, f_score, m_score, fm_score, segment)
    select v_run.id, p_business_id, x.customer_id, x.last_purchase_date, x.recency_days, x.frequency, x.monetary,
           x.r_score, x.f_score, x.m_score, ((x.f_score + x.m_score + 1) / 2)::smallint,
           case when x.frequency > 0 then private.rfm_segment(x.r_score, (x.f_score + x.m_score + 1) / 2)
                else 'lost'::public.rfm_segment end
    from (
      select a.customer_id, a.last_purchase_date, a.recency_days, a.frequency, a.monetary,
             case when a.frequency > 0 then (1 + coalesce(a.recency_days <= v_r2, false)::int + coalesce(a.recency_days <= v_r3, false)::int
               + coalesce(a.recency_days <= v_r4, false)::int + coalesce(a.recency_days <= v_r5, false)::int)::smallint end as r_score,
             case when a.frequency > 0 then (1 + coalesce(a.frequency >= v_f2, false)::int + coalesce(a.frequency >= v_f3, false)::int
               + coalesce(a.frequency >= v_f4, false)::int + coalesce(a.frequency >= v_f5, false)::int)::smallint end as f_score,
             case when a.frequency > 0 then (1 + coalesce(a.monetary >= v_m2, false)::int + coalesce(a.monetary >= v_m3, false)::int
               + coalesce(a.monetary >= v_m4, false)::int + coalesce(a.monetary >= v_m5, false)::int)::smallint end as m_score
      from pg_temp.rfm_agg a
      where a.last_purchase_date is not null -- prospects get no row
      offset 0 -- score once per row: keeps the planner from repeating the expressions above
    ) x
    order by x.customer_id
    returning segment, r_score, fm_score, monetary
  ), groups as (
    -- One pass over the inserted rows; segments and grid cells are sums of these few groups.
    select i.segment, i.r_score, i.fm_score, count(*)::integer as customers, coalesce(sum(i.monetary), 0) as revenue
    from inserted i group by i.segment, i.r_score, i.fm_score
  ), per_segment as (
    select g.segment, sum(g.customers)::integer as customers, sum(g.revenue) as revenue from groups g group by g.segment
  ), totals as (
    select coalesce(sum(p.customers), 0) as customers, coalesce(sum(p.revenue), 0) as revenue from per_segment p
  ), cells as (
    select g.r_score, g.fm_score, sum(g.customers)::integer as customers from groups g where g.r_score is not null group by g.r_score, g.fm_score
  )
  select jsonb_build_object(
    'total_customers', v_live,
    'distribution', (
      select jsonb_agg(jsonb_build_object(
               'segment', s.segment,
               'customers', coalesce(p.customers, 0),
               'customer_share', case when t.customers = 0 then 0 else round(coalesce(p.customers, 0)::numeric / t.customers, 4) end,
               'revenue', coalesce(p.revenue, 0),
               'revenue_share', case when t.revenue = 0 then 0 else round(coalesce(p.revenue, 0) / t.revenue, 4) end
             ) order by s.ord)
      from unnest(enum_range(null::public.rfm_segment)) with ordinality as s(segment, ord)
      cross join totals t
      left join per_segment p on p.segment = s.segment),
    'grid', (
      select jsonb_agg(jsonb_build_object('r_score', r.v, 'fm_score', fm.v, 'segment', private.rfm_segment(r.v, fm.v),
                                          'customers', coalesce(c.customers, 0)) order by r.v desc, fm.v)
      from generate_series(1, 5) r(v) cross join generate_series(1, 5) fm(v)
      left join cells c on c.r_score = r.v and c.fm_score = fm.v)
  ) into v_summary;

  -- Retention: runs older than retention_weeks before the latest run.
  delete from public.rfm_runs r
  where r.business_id = p_business_id
    and r.analysis_date < greatest(v_latest, v_date) - v_settings.retention_weeks * 7;

  update public.rfm_runs r set summary = v_summary,
         duration_ms = greatest(0, (extract(epoch from clock_timestamp() - v_started) * 1000)::integer)
  where r.id = v_run.id
  returning r.* into v_run;
  return v_run;
end $$;
comment on function public.rfm_run(uuid, date, public.rfm_run_trigger) is
  'Full RFM run of one business as of a date (today in the business time zone when null): staff+, the service role or a direct session (jobs). Replaces that day''s run atomically; the latest run becomes the current state (customer_rfm) and clears the incremental overrides; prunes runs beyond retention.';

-- ---------------------------------------------------------------------------------------
-- Incremental refresh: into the overrides (same signature, contract and return value)
-- ---------------------------------------------------------------------------------------
create or replace function public.rfm_refresh_customers(p_business_id uuid, p_customer_ids uuid[], p_as_of date default null)
returns integer
language plpgsql volatile security definer set search_path = '' as $$
declare
  v_run public.rfm_runs;
  v_tz text;
  v_date date;
  v_start date;
  v_r integer[];
  v_f numeric[];
  v_m numeric[];
  v_count integer;
begin
  if p_business_id is null then
    raise exception 'business id is required' using errcode = '22023', hint = 'business_required';
  end if;
  select b.timezone into v_tz from public.businesses b where b.id = p_business_id;
  if v_tz is null then
    raise exception 'business not found' using errcode = 'P0002', hint = 'business_not_found';
  end if;
  -- Waits for a full run in progress (it clears the overrides, and its breakpoints win).
  perform pg_advisory_xact_lock(hashtextextended('rfm:' || p_business_id::text, 0));
  select r.* into v_run from public.rfm_runs r where r.business_id = p_business_id order by r.analysis_date desc limit 1;
  if v_run.id is null then
    return 0; -- never analysed: nothing to score against; the first run scores everyone
  end if;
  -- As of today (never before the run's own date), with the run's window length and thresholds.
  v_date := coalesce(p_as_of, greatest((now() at time zone v_tz)::date, v_run.analysis_date));
  v_start := v_date - v_run.window_days + 1;
  v_r := private.rfm_int_thresholds(v_run.breakpoints -> 'r');
  v_f := private.rfm_num_thresholds(v_run.breakpoints -> 'f');
  v_m := private.rfm_num_thresholds(v_run.breakpoints -> 'm');

  if p_customer_ids is null then
    select coalesce(array_agg(c.customer_id), '{}') into p_customer_ids
    from (select c.customer_id from public.customer_rfm c where c.business_id = p_business_id
          union select t.customer_id from public.transactions t where t.business_id = p_business_id) c;
  end if;

  -- One override row per customer of this business asked for: their new scores, or a removal
  -- marker (segment null) when they have no completed purchase any more (the only sale
  -- voided) or were soft-deleted. Customers of other businesses are ignored.
  with agg as (
    select * from private.rfm_aggregate_some(p_business_id, v_date, v_start, p_customer_ids)
  ), asked as (
    select c.id from public.customers c
    where c.id = any (p_customer_ids) and c.business_id = p_business_id
  ), upserted as (
    insert into public.customer_rfm_overrides as o (customer_id, business_id, run_id, analysis_date, last_purchase_date, recency_days,
                                                    frequency, monetary, r_score, f_score, m_score, fm_score, segment, source, updated_at)
    select k.id, p_business_id, v_run.id, v_date, a.last_purchase_date, a.recency_days, a.frequency, a.monetary,
           s.r_score, s.f_score, s.m_score, s.fm_score, case when a.customer_id is not null then s.segment end, 'incremental', now()
    from asked k
    left join agg a on a.customer_id = k.id
    left join lateral private.rfm_scores(a.recency_days, a.frequency, a.monetary, v_r, v_f, v_m) s on a.customer_id is not null
    on conflict (customer_id) do update set
      run_id = excluded.run_id, analysis_date = excluded.analysis_date, last_purchase_date = excluded.last_purchase_date,
      recency_days = excluded.recency_days, frequency = excluded.frequency, monetary = excluded.monetary,
      r_score = excluded.r_score, f_score = excluded.f_score, m_score = excluded.m_score, fm_score = excluded.fm_score,
      segment = excluded.segment, source = excluded.source, updated_at = excluded.updated_at
    where o.business_id = p_business_id
    returning o.segment
  )
  select count(*) filter (where u.segment is not null)::integer into v_count from upserted u;
  return v_count;
end $$;
comment on function public.rfm_refresh_customers(uuid, uuid[], date) is
  'Service role (job rfm.refresh_customers): rescores the given customers (all when null) against the latest run''s breakpoints, as of today (or p_as_of), into customer_rfm (through customer_rfm_overrides). Returns the customers that have a row.';

-- ---------------------------------------------------------------------------------------
-- Readers of rfm_results' code: computed from the scores (same signatures and results)
-- ---------------------------------------------------------------------------------------
create or replace function public.rfm_segment_customers(
  p_business_id uuid,
  p_segment public.rfm_segment,
  p_run_id uuid default null,
  p_r_score integer default null,
  p_fm_score integer default null,
  p_sort text default 'monetary',
  p_desc boolean default true,
  p_limit integer default 25,
  p_offset integer default 0
) returns table (
  customer_id uuid, name text, whatsapp text, last_purchase_date date, recency_days integer, frequency integer,
  monetary numeric, r_score smallint, f_score smallint, m_score smallint, fm_score smallint, rfm_code text,
  total_count bigint
)
language plpgsql stable security definer set search_path = '' as $$
declare
  v_run_id uuid;
begin
  perform private.rfm_require_read(p_business_id);
  if p_sort is null or p_sort not in ('monetary', 'frequency', 'recency', 'recency_days', 'last_purchase_date', 'name', 'r_score', 'fm_score') then
    raise exception 'unknown sort' using errcode = '22023', hint = 'rfm_sort_invalid';
  end if;
  if p_sort = 'recency' then
    p_sort := 'recency_days'; -- the UI's name for it
  end if;
  if p_limit is null or p_limit not between 1 and 1000 or p_offset is null or p_offset < 0 then
    raise exception 'bad page' using errcode = '22023', hint = 'rfm_page_invalid';
  end if;
  v_run_id := private.rfm_resolve_run(p_business_id, p_run_id);
  if v_run_id is null then
    return;
  end if;
  -- Stable order: the chosen column, then the name and the id as tie-breakers.
  return query
  select x.customer_id, c.name, c.whatsapp, x.last_purchase_date, x.recency_days, x.frequency, x.monetary,
         x.r_score, x.f_score, x.m_score, x.fm_score, private.rfm_code(x.r_score, x.f_score, x.m_score), count(*) over ()
  from public.rfm_results x
  join public.customers c on c.id = x.customer_id
  where x.run_id = v_run_id and (p_segment is null or x.segment = p_segment)
    and (p_r_score is null or x.r_score = p_r_score) and (p_fm_score is null or x.fm_score = p_fm_score)
  order by
    case when p_desc then case p_sort when 'monetary' then x.monetary when 'frequency' then x.frequency
      when 'recency_days' then x.recency_days when 'r_score' then x.r_score when 'fm_score' then x.fm_score end end desc nulls last,
    case when not p_desc then case p_sort when 'monetary' then x.monetary when 'frequency' then x.frequency
      when 'recency_days' then x.recency_days when 'r_score' then x.r_score when 'fm_score' then x.fm_score end end asc nulls last,
    case when p_desc and p_sort = 'last_purchase_date' then x.last_purchase_date end desc nulls last,
    case when not p_desc and p_sort = 'last_purchase_date' then x.last_purchase_date end asc nulls last,
    case when p_desc and p_sort = 'name' then lower(c.name) end desc nulls last,
    case when not p_desc and p_sort = 'name' then lower(c.name) end asc nulls last,
    lower(c.name), x.customer_id
  limit p_limit offset p_offset;
end $$;
comment on function public.rfm_segment_customers(uuid, public.rfm_segment, uuid, integer, integer, text, boolean, integer, integer) is
  'Viewer+: customers of a segment (all segments when null; optionally one R x FM cell) in the latest or given run, sorted and paged; total_count on every row.';

create or replace function public.rfm_movement_customers(
  p_business_id uuid, p_from_run uuid, p_to_run uuid,
  p_from_segment public.rfm_segment, p_to_segment public.rfm_segment,
  p_limit integer default 25, p_offset integer default 0
) returns table (
  customer_id uuid, name text, whatsapp text, from_segment public.rfm_segment, to_segment public.rfm_segment,
  from_rfm_code text, last_purchase_date date, recency_days integer, frequency integer, monetary numeric,
  r_score smallint, f_score smallint, m_score smallint, fm_score smallint, rfm_code text, total_count bigint
)
language plpgsql stable security definer set search_path = '' as $$
declare v_from uuid; v_to uuid;
begin
  perform private.rfm_require_read(p_business_id);
  if p_limit is null or p_limit not between 1 and 1000 or p_offset is null or p_offset < 0 then
    raise exception 'bad page' using errcode = '22023', hint = 'rfm_page_invalid';
  end if;
  select p.v_from, p.v_to into v_from, v_to from private.rfm_movement_pair(p_business_id, p_from_run, p_to_run) p;
  if v_to is null or v_from is null then return; end if;
  -- Figures and scores of the later run (of the earlier one for customers absent later).
  return query
  select c.id, c.name, c.whatsapp, a.segment, b.segment, private.rfm_code(a.r_score, a.f_score, a.m_score),
         coalesce(b.last_purchase_date, a.last_purchase_date), coalesce(b.recency_days, a.recency_days),
         coalesce(b.frequency, a.frequency), coalesce(b.monetary, a.monetary),
         case when b.customer_id is null then a.r_score else b.r_score end,
         case when b.customer_id is null then a.f_score else b.f_score end,
         case when b.customer_id is null then a.m_score else b.m_score end,
         case when b.customer_id is null then a.fm_score else b.fm_score end,
         case when b.customer_id is null then private.rfm_code(a.r_score, a.f_score, a.m_score)
              else private.rfm_code(b.r_score, b.f_score, b.m_score) end,
         count(*) over ()
  from (select * from public.rfm_results x where x.run_id = v_from) a
  full join (select * from public.rfm_results x where x.run_id = v_to) b on b.customer_id = a.customer_id
  join public.customers c on c.id = coalesce(b.customer_id, a.customer_id)
  where a.segment is not distinct from p_from_segment and b.segment is not distinct from p_to_segment
  order by lower(c.name), c.id
  limit p_limit offset p_offset;
end $$;
comment on function public.rfm_movement_customers(uuid, uuid, uuid, public.rfm_segment, public.rfm_segment, integer, integer) is
  'Viewer+: the customers behind one movement number (null segment = absent from that run), paged, by name.';

-- A customer's history: one (run_id, customer_id) primary-key probe per kept run of the business.
create or replace function public.rfm_customer_history(p_business_id uuid, p_customer_id uuid)
returns table (
  run_id uuid, analysis_date date, r_score smallint, f_score smallint, m_score smallint, rfm_code text,
  segment public.rfm_segment, recency_days integer, frequency integer, monetary numeric
)
language plpgsql stable security definer set search_path = '' as $$
begin
  perform private.rfm_require_read(p_business_id);
  return query
  select x.run_id, r.analysis_date, x.r_score, x.f_score, x.m_score, private.rfm_code(x.r_score, x.f_score, x.m_score),
         x.segment, x.recency_days, x.frequency, x.monetary
  from public.rfm_runs r
  join public.rfm_results x on x.run_id = r.id and x.customer_id = p_customer_id
  where r.business_id = p_business_id
  order by r.analysis_date desc;
end $$;
comment on function public.rfm_customer_history(uuid, uuid) is 'Viewer+: a customer''s scores and segment in every kept run, newest first.';

-- ---------------------------------------------------------------------------------------
-- The current state as a set, for lists that filter many customers at once
-- ---------------------------------------------------------------------------------------
-- customer_rfm answers a lookup by customer id in a few index probes, but a filter evaluated
-- per candidate customer over a whole business (the customer list's segment filter and its
-- count, 'none') pays those probes 100k times, and the planner cannot know how many of a
-- business's results belong to its current run (it sees one run among all kept runs). This
-- resolves the current run first and returns the matching customer ids in one pass (the run's
-- rows through the primary key's run_id prefix, overrides applied), for
-- `c.id in (select private.rfm_current_customer_ids($1, $segment))` (a hash semi join) or
-- `c.id not in (select private.rfm_current_customer_ids($1, null))` (customers without a row).
-- A plain invoker function for security-definer RPCs that have already checked the caller's
-- role (it takes the business id as given); no grants to the API roles.
create or replace function private.rfm_current_customer_ids(p_business_id uuid, p_segment public.rfm_segment default null)
returns setof uuid
language plpgsql stable set search_path = '' rows 10000 as $$
declare
  v_run uuid;
begin
  select r.id into v_run from public.rfm_runs r where r.business_id = p_business_id and r.is_current;
  return query
  select x.customer_id from public.rfm_results x
  where x.run_id = v_run and (p_segment is null or x.segment = p_segment)
    and not exists (select 1 from public.customer_rfm_overrides o where o.customer_id = x.customer_id)
  union all
  select o.customer_id from public.customer_rfm_overrides o
  where o.business_id = p_business_id and o.segment is not null and (p_segment is null or o.segment = p_segment);
end $$;
comment on function private.rfm_current_customer_ids(uuid, public.rfm_segment) is
  'Customer ids of a business with a current RFM row (in a segment, or any when null): what customer_rfm holds, as one set. For list filters and counts.';
revoke all on function private.rfm_current_customer_ids(uuid, public.rfm_segment) from public;

revoke all on function private.rfm_code(smallint, smallint, smallint), private.rfm_run_id() from public;
-- customer_rfm runs with the caller's rights, so the caller executes rfm_code (a pure function).
grant execute on function private.rfm_code(smallint, smallint, smallint) to authenticated, service_role;
