-- RFM engine (DOMAIN.md "RFM", docs/rfm.md): full runs, incremental refresh, settings.
--
-- One idea carries the whole engine: a run first derives THRESHOLDS from the distribution
-- (relative mode: the smallest value reaching each score under
-- `least(5, 1 + floor(5 * percent_rank()))`; fixed mode: the bin edges), stores them in
-- rfm_runs.breakpoints, and then scores every customer with ONE threshold function. The
-- incremental refresh after a sale scores with the same function against the stored
-- thresholds, so "incremental equals full with the same breakpoints" holds by construction,
-- and because the relative score is monotone in the value, scoring the population by its own
-- thresholds gives exactly the percent_rank score (tests/integration/rfm-engine.test.ts checks
-- both on random data).
--
-- Scored population: live (not soft-deleted) customers with >= 1 completed transaction in the
-- window. Live customers whose completed transactions are all before the window are 'lost'
-- without scores (frequency 0, monetary 0). Soft-deleted customers and customers without a
-- completed transaction get no row. Transactions dated after the analysis date are ignored.
--
-- The helpers in `private` are plain SQL without `set search_path` on purpose: such functions
-- are inlined by the planner (a SET clause prevents inlining), so scoring 100k rows costs no
-- function calls. They reference everything schema-qualified and are not security definer.
-- This migration is written to be re-runnable (create or replace / drop if exists).

-- ---------------------------------------------------------------------------------------
-- Scoring helpers
-- ---------------------------------------------------------------------------------------

-- Score of a "higher is better" value (F, M) against thresholds for the scores 2..5
-- (ascending; null = unreachable): 1 + how many thresholds the value reaches.
create or replace function private.rfm_score_up(p_value numeric, p_thresholds numeric[])
returns smallint language sql immutable parallel safe as $$
  select (1 + coalesce(p_value >= p_thresholds[1], false)::int + coalesce(p_value >= p_thresholds[2], false)::int
            + coalesce(p_value >= p_thresholds[3], false)::int + coalesce(p_value >= p_thresholds[4], false)::int)::smallint
$$;

-- Score of recency in days ("lower is better") against day-count thresholds for 2..5
-- (descending; null = unreachable): 1 + how many thresholds the day count is within.
create or replace function private.rfm_score_down(p_days integer, p_thresholds integer[])
returns smallint language sql immutable parallel safe as $$
  select (1 + coalesce(p_days <= p_thresholds[1], false)::int + coalesce(p_days <= p_thresholds[2], false)::int
            + coalesce(p_days <= p_thresholds[3], false)::int + coalesce(p_days <= p_thresholds[4], false)::int)::smallint
$$;

-- The total R x FM grid (DOMAIN.md table; src/lib/rfm/grid.ts is the same table in TypeScript),
-- rows R = 5..1, columns FM = 1..5. An array lookup uses each argument once, so the planner
-- inlines it (a CASE naming the arguments repeatedly would be a function call per row).
-- Scores outside 1..5 never reach it (the scoring functions produce 1..5 only).
create or replace function private.rfm_segment(p_r integer, p_fm integer)
returns public.rfm_segment language sql immutable parallel safe as $$
  select ('{new_customers,potential_loyalists,potential_loyalists,champions,champions,
            promising,potential_loyalists,potential_loyalists,loyal_customers,loyal_customers,
            about_to_sleep,about_to_sleep,need_attention,loyal_customers,loyal_customers,
            lost,lost,at_risk,at_risk,cant_lose_them,
            lost,lost,at_risk,at_risk,cant_lose_them}'::public.rfm_segment[])[(5 - p_r) * 5 + p_fm]
$$;
comment on function private.rfm_segment(integer, integer) is 'Segment of an (R, FM) cell of the total grid (DOMAIN.md).';

-- Scores, FM and segment of one customer's raw values against a run's thresholds.
-- frequency = 0 means purchases only before the window: 'lost' without scores.
create or replace function private.rfm_scores(
  p_recency_days integer, p_frequency integer, p_monetary numeric,
  p_r integer[], p_f numeric[], p_m numeric[]
) returns table (r_score smallint, f_score smallint, m_score smallint, fm_score smallint, segment public.rfm_segment)
language sql immutable parallel safe as $$
  select s.r, s.f, s.m, s.fm,
         case when p_frequency > 0 then private.rfm_segment(s.r, s.fm) else 'lost'::public.rfm_segment end
  from (
    select r, f, m, ((f + m + 1) / 2)::smallint as fm
    from (select case when p_frequency > 0 then private.rfm_score_down(p_recency_days, p_r) end as r,
                 case when p_frequency > 0 then private.rfm_score_up(p_frequency, p_f) end as f,
                 case when p_frequency > 0 then private.rfm_score_up(p_monetary, p_m) end as m) raw
  ) s
$$;

-- Raw R/F/M of every live customer of a business with a completed purchase on or before the
-- analysis date. Two parts, so a run reads about what the bare aggregate reads:
--   * in the window: one pass over the window's transactions (the (business, date) range);
--   * lost (purchases only before the window): only for live customers absent from the window,
--     one index probe each for their latest earlier purchase, instead of scanning all history.
-- Soft-deleted customers are left out after aggregating (one hash join).
create or replace function private.rfm_aggregate_all(p_business_id uuid, p_analysis_date date, p_window_start date)
returns table (customer_id uuid, last_purchase_date date, recency_days integer, frequency integer, monetary numeric)
language sql stable as $$
  with in_window as materialized (
    select t.customer_id, max(t.transaction_date) as last_date, count(*)::integer as n, sum(t.amount)::numeric(17, 2) as total
    from public.transactions t
    where t.business_id = p_business_id and t.status = 'completed'
      and t.transaction_date between p_window_start and p_analysis_date
    group by t.customer_id
  )
  select w.customer_id, w.last_date, (p_analysis_date - w.last_date)::integer, w.n, w.total
  from in_window w
  join public.customers c on c.id = w.customer_id and c.business_id = p_business_id and c.deleted_at is null
  union all
  select c.id, e.last_date, (p_analysis_date - e.last_date)::integer, 0, 0::numeric(17, 2)
  from public.customers c
  cross join lateral (
    select t.transaction_date as last_date from public.transactions t
    where t.business_id = p_business_id and t.customer_id = c.id and t.status = 'completed'
      and t.transaction_date < p_window_start
    order by t.transaction_date desc limit 1
  ) e
  where c.business_id = p_business_id and c.deleted_at is null
    and not exists (select 1 from in_window w where w.customer_id = c.id)
$$;

-- The same for a few customers (incremental refresh; uses the (business, customer, date) index).
create or replace function private.rfm_aggregate_some(p_business_id uuid, p_analysis_date date, p_window_start date, p_customer_ids uuid[])
returns table (customer_id uuid, last_purchase_date date, recency_days integer, frequency integer, monetary numeric)
language sql stable as $$
  select a.customer_id, a.last_date, (p_analysis_date - a.last_date)::integer, a.n, a.total
  from (
    select t.customer_id, max(t.transaction_date) as last_date,
           count(*) filter (where t.transaction_date >= p_window_start)::integer as n,
           coalesce(sum(t.amount) filter (where t.transaction_date >= p_window_start), 0)::numeric(17, 2) as total
    from public.transactions t
    where t.business_id = p_business_id and t.customer_id = any (p_customer_ids)
      and t.status = 'completed' and t.transaction_date <= p_analysis_date
    group by t.customer_id
  ) a
  join public.customers c on c.id = a.customer_id and c.business_id = p_business_id and c.deleted_at is null
$$;

-- Thresholds stored as jsonb {"r": [t2..t5], "f": [..], "m": [..]} -> typed arrays.
create or replace function private.rfm_int_thresholds(p_values jsonb)
returns integer[] language sql immutable as $$
  select array(select (e.v)::integer from jsonb_array_elements_text(p_values) with ordinality as e(v, i) order by e.i)
$$;
create or replace function private.rfm_num_thresholds(p_values jsonb)
returns numeric[] language sql immutable as $$
  select array(select (e.v)::numeric from jsonb_array_elements_text(p_values) with ordinality as e(v, i) order by e.i)
$$;

-- Settings of a business, the defaults when it has no row.
create or replace function private.rfm_settings_of(p_business_id uuid)
returns public.rfm_settings language sql stable set search_path = '' as $$
  select s from public.rfm_settings s where s.business_id = p_business_id
  union all
  select row(p_business_id, 365, 'auto', '{30,60,90,180}', '{10,5,3,2}',
             '{5000000,1000000,500000,100000}', 104, null, now(), now())::public.rfm_settings
  where not exists (select 1 from public.rfm_settings s where s.business_id = p_business_id)
$$;

-- Who may start a run: staff+ of the business, the service role (API key), or a direct
-- database session without PostgREST claims (the job worker, the CLI).
create or replace function private.rfm_can_run(p_business_id uuid)
returns boolean language sql stable security definer set search_path = '' as $$
  select public.has_role_on_business(p_business_id, 'staff')
      or coalesce(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role', '') = 'service_role'
      or (coalesce(current_setting('request.jwt.claims', true), '') = '' and session_user <> 'authenticator')
$$;

-- Readers: viewer+, the service role, or a direct session (jobs, CLI).
create or replace function private.rfm_can_read(p_business_id uuid)
returns boolean language sql stable security definer set search_path = '' as $$
  select public.has_role_on_business(p_business_id, 'viewer')
      or coalesce(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role', '') = 'service_role'
      or (coalesce(current_setting('request.jwt.claims', true), '') = '' and session_user <> 'authenticator')
$$;

create or replace function private.rfm_require_read(p_business_id uuid)
returns void language plpgsql stable security definer set search_path = '' as $$
begin
  if p_business_id is null or not private.rfm_can_read(p_business_id) then
    raise exception 'business not found' using errcode = 'P0002', hint = 'business_not_found';
  end if;
end $$;

-- A run's id of this business, or the latest run when null (null when none).
create or replace function private.rfm_resolve_run(p_business_id uuid, p_run_id uuid)
returns uuid language plpgsql stable security definer set search_path = '' as $$
declare v_id uuid;
begin
  if p_run_id is null then
    select r.id into v_id from public.rfm_runs r where r.business_id = p_business_id
    order by r.analysis_date desc limit 1;
    return v_id;
  end if;
  select r.id into v_id from public.rfm_runs r where r.id = p_run_id and r.business_id = p_business_id;
  if v_id is null then
    raise exception 'run not found' using errcode = 'P0002', hint = 'rfm_run_not_found';
  end if;
  return v_id;
end $$;

-- ---------------------------------------------------------------------------------------
-- Schema changes for the write path (a run writes 100k result rows and 100k current rows):
-- per-row foreign-key checks were most of a run's time (6 checks per customer). rfm_results
-- and customer_rfm are written only by this engine (RLS grants the API no writes), from ids
-- it has just joined from customers / rfm_runs of the same business, so the references hold
-- by construction; what the foreign keys still did on DELETE is done by the triggers below
-- (same effect: a deleted customer, run or business takes its RFM rows with it).
-- The (business_id) index of rfm_results served no query (all reads go by run or customer).
-- (rfm_overview falls back to private.rfm_summary only for a run without a summary.)
-- ---------------------------------------------------------------------------------------
alter table public.rfm_results drop constraint if exists rfm_results_run_id_fkey;
alter table public.rfm_results drop constraint if exists rfm_results_business_id_fkey;
alter table public.rfm_results drop constraint if exists rfm_results_customer_id_fkey;
alter table public.customer_rfm drop constraint if exists customer_rfm_customer_id_fkey;
alter table public.customer_rfm drop constraint if exists customer_rfm_business_id_fkey;
alter table public.customer_rfm drop constraint if exists customer_rfm_run_id_fkey;
drop index if exists public.rfm_results_business_idx;
-- One index for a segment and for a cell of it (the overview's grid is kept on the run row, so
-- nothing groups by cell alone any more): one index less to fill per result row.
drop index if exists public.rfm_results_run_segment_idx;
drop index if exists public.rfm_results_run_cell_idx;
create index if not exists rfm_results_run_segment_cell_idx on public.rfm_results (run_id, segment, r_score, fm_score);

-- A run goes (same-day replace, retention, business deleted): its results go with it.
create or replace function private.rfm_runs_delete_results() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  delete from public.rfm_results x where x.run_id in (select o.id from old_runs o);
  return null;
end $$;
drop trigger if exists rfm_runs_delete_results on public.rfm_runs;
create trigger rfm_runs_delete_results after delete on public.rfm_runs
  referencing old table as old_runs for each statement execute function private.rfm_runs_delete_results();

-- A customer is deleted for good (privacy erase, business deleted): their RFM rows go too.
create or replace function private.customers_delete_rfm() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  delete from public.customer_rfm r where r.customer_id in (select o.id from old_customers o);
  delete from public.rfm_results x where x.customer_id in (select o.id from old_customers o);
  return null;
end $$;
drop trigger if exists customers_delete_rfm on public.customers;
create trigger customers_delete_rfm after delete on public.customers
  referencing old table as old_customers for each statement execute function private.customers_delete_rfm();

-- A business is deleted: its current state goes (its customers' trigger above does the same,
-- this covers rows of a business whose customers were already gone).
create or replace function private.businesses_delete_rfm() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  delete from public.customer_rfm r where r.business_id in (select o.id from old_businesses o);
  delete from public.rfm_results x where x.business_id in (select o.id from old_businesses o);
  return null;
end $$;
drop trigger if exists businesses_delete_rfm on public.businesses;
create trigger businesses_delete_rfm after delete on public.businesses
  referencing old table as old_businesses for each statement execute function private.businesses_delete_rfm();

-- ---------------------------------------------------------------------------------------
-- Run summary (schema addition): the overview's distribution and grid are computed once per
-- run and kept on the run row, so GET /api/rfm/analysis reads one row instead of grouping
-- 100k results on every page view. Results of a run never change after it commits.
-- ---------------------------------------------------------------------------------------
alter table public.rfm_runs add column if not exists summary jsonb;
comment on column public.rfm_runs.summary is
  '{total_customers (live, at the run), distribution: [{segment, customers, customer_share, revenue, revenue_share}] (ten, enum order), grid: [{r_score, fm_score, segment, customers}] (25, R 5..1, FM 1..5)}; written by rfm_run().';

create or replace function private.rfm_summary(p_run_id uuid)
returns jsonb language sql stable set search_path = '' as $$
  with per_segment as (
    select x.segment, count(*)::integer as customers, coalesce(sum(x.monetary), 0) as revenue
    from public.rfm_results x where x.run_id = p_run_id group by x.segment
  ), totals as (
    select coalesce(sum(customers), 0) as customers, coalesce(sum(revenue), 0) as revenue from per_segment
  ), cells as (
    select x.r_score, x.fm_score, count(*)::integer as customers
    from public.rfm_results x where x.run_id = p_run_id and x.r_score is not null
    group by x.r_score, x.fm_score
  )
  select jsonb_build_object(
    'total_customers', (select count(*) from public.customers c
                        where c.business_id = (select r.business_id from public.rfm_runs r where r.id = p_run_id)
                          and c.deleted_at is null),
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
  )
$$;

-- ---------------------------------------------------------------------------------------
-- Full run
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

  -- Aggregate once; thresholds, results and the current state are all derived from it.
  if to_regclass('pg_temp.rfm_agg') is not null then
    drop table pg_temp.rfm_agg;
  end if;
  create temp table rfm_agg on commit drop as
    select * from private.rfm_aggregate_all(p_business_id, v_date, v_start);

  select count(*) filter (where a.frequency > 0), count(*) filter (where a.frequency = 0)
    into v_scored, v_lost from pg_temp.rfm_agg a;

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
    -- The smallest value (R: the largest day count) whose percent_rank score reaches s.
    select array[max(x.recency_days) filter (where x.rs >= 2), max(x.recency_days) filter (where x.rs >= 3),
                 max(x.recency_days) filter (where x.rs >= 4), max(x.recency_days) filter (where x.rs >= 5)],
           array[min(x.frequency) filter (where x.fs >= 2), min(x.frequency) filter (where x.fs >= 3),
                 min(x.frequency) filter (where x.fs >= 4), min(x.frequency) filter (where x.fs >= 5)],
           array[min(x.monetary) filter (where x.ms >= 2), min(x.monetary) filter (where x.ms >= 3),
                 min(x.monetary) filter (where x.ms >= 4), min(x.monetary) filter (where x.ms >= 5)]
      into v_r, v_f, v_m
    from (
      select a.recency_days, a.frequency, a.monetary,
             least(5, 1 + floor(5 * percent_rank() over (order by a.recency_days desc)))::int as rs,
             least(5, 1 + floor(5 * percent_rank() over (order by a.frequency)))::int as fs,
             least(5, 1 + floor(5 * percent_rank() over (order by a.monetary)))::int as ms
      from pg_temp.rfm_agg a where a.frequency > 0
    ) x;
  end if;

  -- Same-day re-run: the old run and its results go, in this same transaction.
  delete from public.rfm_runs r where r.business_id = p_business_id and r.analysis_date = v_date;

  insert into public.rfm_runs as r (business_id, analysis_date, window_days, window_start, scoring_mode, mode_reason,
                                    breakpoints, customers_scored, customers_lost, trigger, created_by)
  values (p_business_id, v_date, v_settings.window_days, v_start, v_mode, v_reason,
          jsonb_build_object('r', to_jsonb(v_r), 'f', to_jsonb(v_f), 'm', to_jsonb(v_m)),
          v_scored, v_lost, coalesce(p_trigger, 'manual'), auth.uid())
  returning r.* into v_run;

  insert into public.rfm_results (run_id, business_id, customer_id, last_purchase_date, recency_days, frequency, monetary,
                                  r_score, f_score, m_score, fm_score, segment)
  select v_run.id, p_business_id, a.customer_id, a.last_purchase_date, a.recency_days, a.frequency, a.monetary,
         s.r_score, s.f_score, s.m_score, s.fm_score, s.segment
  from pg_temp.rfm_agg a
  cross join lateral private.rfm_scores(a.recency_days, a.frequency, a.monetary, v_r, v_f, v_m) s
  -- In key order: the (run, customer) and (customer) indexes then fill page by page.
  order by a.customer_id;

  -- The current state follows the latest run only (a back-dated run leaves it alone).
  select max(r.analysis_date) into v_latest from public.rfm_runs r where r.business_id = p_business_id;
  if v_latest = v_date then
    delete from public.customer_rfm c where c.business_id = p_business_id;
    insert into public.customer_rfm (customer_id, business_id, run_id, analysis_date, last_purchase_date, recency_days,
                                     frequency, monetary, r_score, f_score, m_score, fm_score, segment, source, updated_at)
    select x.customer_id, p_business_id, v_run.id, v_date, x.last_purchase_date, x.recency_days, x.frequency, x.monetary,
           x.r_score, x.f_score, x.m_score, x.fm_score, x.segment, 'run', now()
    from public.rfm_results x where x.run_id = v_run.id
    order by x.customer_id;
  end if;

  -- Retention: runs older than retention_weeks before the latest run.
  delete from public.rfm_runs r
  where r.business_id = p_business_id and r.analysis_date < v_latest - v_settings.retention_weeks * 7;

  update public.rfm_runs r set summary = private.rfm_summary(v_run.id),
         duration_ms = greatest(0, (extract(epoch from clock_timestamp() - v_started) * 1000)::integer)
  where r.id = v_run.id
  returning r.* into v_run;
  return v_run;
end $$;
comment on function public.rfm_run(uuid, date, public.rfm_run_trigger) is
  'Full RFM run of one business as of a date (today in the business time zone when null): staff+, the service role or a direct session (jobs). Replaces that day''s run atomically, rewrites customer_rfm when it is the latest run, prunes runs beyond retention.';

-- ---------------------------------------------------------------------------------------
-- Incremental refresh (job rfm.refresh_customers)
-- ---------------------------------------------------------------------------------------
drop function if exists public.rfm_refresh_customers(uuid, uuid[]);
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
  -- Waits for a full run in progress (it rewrites customer_rfm, and its breakpoints win).
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

  with agg as (
    select * from private.rfm_aggregate_some(p_business_id, v_date, v_start, p_customer_ids)
  ), gone as (
    -- No completed purchase any more (the only sale voided) or soft-deleted: no row.
    delete from public.customer_rfm c
    where c.business_id = p_business_id and c.customer_id = any (p_customer_ids)
      and not exists (select 1 from agg where agg.customer_id = c.customer_id)
  ), upserted as (
    insert into public.customer_rfm as c (customer_id, business_id, run_id, analysis_date, last_purchase_date, recency_days,
                                          frequency, monetary, r_score, f_score, m_score, fm_score, segment, source, updated_at)
    select a.customer_id, p_business_id, v_run.id, v_date, a.last_purchase_date, a.recency_days, a.frequency, a.monetary,
           s.r_score, s.f_score, s.m_score, s.fm_score, s.segment, 'incremental', now()
    from agg a cross join lateral private.rfm_scores(a.recency_days, a.frequency, a.monetary, v_r, v_f, v_m) s
    on conflict (customer_id) do update set
      run_id = excluded.run_id, analysis_date = excluded.analysis_date, last_purchase_date = excluded.last_purchase_date,
      recency_days = excluded.recency_days, frequency = excluded.frequency, monetary = excluded.monetary,
      r_score = excluded.r_score, f_score = excluded.f_score, m_score = excluded.m_score, fm_score = excluded.fm_score,
      segment = excluded.segment, source = excluded.source, updated_at = excluded.updated_at
    where c.business_id = p_business_id
    returning 1
  )
  select count(*)::integer into v_count from upserted;
  return v_count;
end $$;
comment on function public.rfm_refresh_customers(uuid, uuid[], date) is
  'Service role (job rfm.refresh_customers): rescores the given customers (all when null) into customer_rfm against the latest run''s breakpoints, as of today (or p_as_of). Returns the rows written.';

-- ---------------------------------------------------------------------------------------
-- Reads for the analysis UI and the API
-- ---------------------------------------------------------------------------------------
create or replace function public.rfm_overview(p_business_id uuid, p_run_id uuid default null)
returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare
  v_run_id uuid;
  v_run public.rfm_runs;
  v_prev uuid;
  v_total integer;
  v_with_purchase integer;
  v_distribution jsonb;
  v_grid jsonb;
  v_summary jsonb;
begin
  perform private.rfm_require_read(p_business_id);
  v_run_id := private.rfm_resolve_run(p_business_id, p_run_id);
  if v_run_id is null then
    select count(*)::integer into v_total from public.customers c where c.business_id = p_business_id and c.deleted_at is null;
    select count(*)::integer into v_with_purchase from public.customer_stats s
    join public.customers c on c.id = s.customer_id and c.deleted_at is null
    where s.business_id = p_business_id and s.transactions_count > 0;
    return jsonb_build_object('run', null, 'previous_run_id', null, 'distribution', '[]'::jsonb, 'grid', '[]'::jsonb,
                              'prospects', greatest(0, v_total - v_with_purchase), 'total_customers', v_total);
  end if;
  select r.* into v_run from public.rfm_runs r where r.id = v_run_id;
  select r.id into v_prev from public.rfm_runs r
  where r.business_id = p_business_id and r.analysis_date < v_run.analysis_date order by r.analysis_date desc limit 1;
  -- Kept on the run by rfm_run(); computed here only for a run written without it.
  v_summary := coalesce(v_run.summary, private.rfm_summary(v_run_id));
  v_distribution := v_summary -> 'distribution';
  v_grid := v_summary -> 'grid';
  -- Customers and prospects as of the run (like the distribution): no count per page view.
  v_total := (v_summary ->> 'total_customers')::integer;

  return jsonb_build_object(
    'run', to_jsonb(v_run) - 'summary',
    'previous_run_id', v_prev,
    'distribution', v_distribution,
    'grid', v_grid,
    'prospects', greatest(0, v_total - (v_run.customers_scored + v_run.customers_lost)),
    'total_customers', v_total
  );
end $$;
comment on function public.rfm_overview(uuid, uuid) is
  'Viewer+: the latest (or given) run with its segment distribution (customers, revenue, shares), the 25-cell grid, prospects (live customers without a row) and the live customer count, both as of the run (live counts when never analysed).';

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
         x.r_score, x.f_score, x.m_score, x.fm_score, x.rfm_code, count(*) over ()
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

create or replace function public.rfm_runs_list(p_business_id uuid, p_limit integer default 20)
returns setof public.rfm_runs
language plpgsql stable security definer set search_path = '' as $$
begin
  perform private.rfm_require_read(p_business_id);
  return query select r.* from public.rfm_runs r where r.business_id = p_business_id
    order by r.analysis_date desc limit least(greatest(coalesce(p_limit, 20), 1), 200);
end $$;
comment on function public.rfm_runs_list(uuid, integer) is 'Viewer+: kept runs of a business, newest first (at most 200).';

-- Resolves the (from, to) pair of a movement: to = the latest run when null, from = the run
-- before `to` when null. Both must belong to the business.
create or replace function private.rfm_movement_pair(p_business_id uuid, p_from_run uuid, p_to_run uuid, out v_from uuid, out v_to uuid)
language plpgsql stable security definer set search_path = '' as $$
declare v_to_date date;
begin
  v_to := private.rfm_resolve_run(p_business_id, p_to_run);
  if v_to is null then return; end if;
  if p_from_run is null then
    select r.analysis_date into v_to_date from public.rfm_runs r where r.id = v_to;
    select r.id into v_from from public.rfm_runs r
    where r.business_id = p_business_id and r.analysis_date < v_to_date order by r.analysis_date desc limit 1;
  else
    v_from := private.rfm_resolve_run(p_business_id, p_from_run);
  end if;
end $$;

create or replace function public.rfm_movement(p_business_id uuid, p_from_run uuid default null, p_to_run uuid default null)
returns table (from_run_id uuid, to_run_id uuid, from_segment public.rfm_segment, to_segment public.rfm_segment, customers integer)
language plpgsql stable security definer set search_path = '' as $$
declare v_from uuid; v_to uuid;
begin
  perform private.rfm_require_read(p_business_id);
  select p.v_from, p.v_to into v_from, v_to from private.rfm_movement_pair(p_business_id, p_from_run, p_to_run) p;
  if v_to is null or v_from is null then return; end if;
  return query
  select v_from, v_to, a.segment, b.segment, count(*)::integer
  from (select x.customer_id, x.segment from public.rfm_results x where x.run_id = v_from) a
  full join (select x.customer_id, x.segment from public.rfm_results x where x.run_id = v_to) b on b.customer_id = a.customer_id
  group by a.segment, b.segment
  order by a.segment nulls first, b.segment nulls first;
end $$;
comment on function public.rfm_movement(uuid, uuid, uuid) is
  'Viewer+: how many customers moved from each segment (null = not in the earlier run) to each segment (null = not in the later run) between two runs; defaults: latest vs previous. No rows without two runs.';

drop function if exists public.rfm_movement_customers(uuid, uuid, uuid, public.rfm_segment, public.rfm_segment, integer, integer);
create function public.rfm_movement_customers(
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
  select c.id, c.name, c.whatsapp, a.segment, b.segment, a.rfm_code,
         coalesce(b.last_purchase_date, a.last_purchase_date), coalesce(b.recency_days, a.recency_days),
         coalesce(b.frequency, a.frequency), coalesce(b.monetary, a.monetary),
         case when b.customer_id is null then a.r_score else b.r_score end,
         case when b.customer_id is null then a.f_score else b.f_score end,
         case when b.customer_id is null then a.m_score else b.m_score end,
         case when b.customer_id is null then a.fm_score else b.fm_score end,
         case when b.customer_id is null then a.rfm_code else b.rfm_code end,
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

create or replace function public.rfm_customer_history(p_business_id uuid, p_customer_id uuid)
returns table (
  run_id uuid, analysis_date date, r_score smallint, f_score smallint, m_score smallint, rfm_code text,
  segment public.rfm_segment, recency_days integer, frequency integer, monetary numeric
)
language plpgsql stable security definer set search_path = '' as $$
begin
  perform private.rfm_require_read(p_business_id);
  return query
  select x.run_id, r.analysis_date, x.r_score, x.f_score, x.m_score, x.rfm_code, x.segment, x.recency_days, x.frequency, x.monetary
  from public.rfm_results x join public.rfm_runs r on r.id = x.run_id
  where x.business_id = p_business_id and x.customer_id = p_customer_id
  order by r.analysis_date desc;
end $$;
comment on function public.rfm_customer_history(uuid, uuid) is 'Viewer+: a customer''s scores and segment in every kept run, newest first.';

-- ---------------------------------------------------------------------------------------
-- Settings
-- ---------------------------------------------------------------------------------------
-- Null arguments keep the current value (or the default). Each bad input has its own HINT
-- key (src/lib/rfm/settings.ts validates the same rules first, with the same keys).
create or replace function public.update_rfm_settings(
  p_business_id uuid,
  p_window_days integer default null,
  p_scoring_mode public.rfm_mode_setting default null,
  p_recency_edges integer[] default null,
  p_frequency_edges integer[] default null,
  p_monetary_edges numeric[] default null,
  p_retention_weeks integer default null
) returns public.rfm_settings
language plpgsql volatile security definer set search_path = '' as $$
declare
  v_current public.rfm_settings;
  v_row public.rfm_settings;
  e numeric[];
begin
  if p_business_id is null or not exists (select 1 from public.businesses b where b.id = p_business_id)
     or not public.has_role_on_business(p_business_id, 'viewer') then
    raise exception 'business not found' using errcode = 'P0002', hint = 'business_not_found';
  end if;
  if not public.has_role_on_business(p_business_id, 'admin') then
    raise exception 'admins only' using errcode = '42501', hint = 'rfm_settings_forbidden';
  end if;
  v_current := private.rfm_settings_of(p_business_id);
  if p_window_days is not null and p_window_days not in (90, 180, 365, 730) then
    raise exception 'window' using errcode = '22023', hint = 'rfm_window_invalid';
  end if;
  if p_retention_weeks is not null and p_retention_weeks not between 4 and 520 then
    raise exception 'retention' using errcode = '22023', hint = 'rfm_retention_invalid';
  end if;
  e := p_recency_edges::numeric[];
  if e is not null and (cardinality(e) <> 4 or array_position(e, null) is not null or e[1] < 0
                        or not (e[1] < e[2] and e[2] < e[3] and e[3] < e[4])) then
    raise exception 'recency edges' using errcode = '22023', hint = 'rfm_recency_edges_invalid';
  end if;
  e := p_frequency_edges::numeric[];
  if e is not null and (cardinality(e) <> 4 or array_position(e, null) is not null or e[4] < 2
                        or not (e[1] > e[2] and e[2] > e[3] and e[3] > e[4])) then
    raise exception 'frequency edges' using errcode = '22023', hint = 'rfm_frequency_edges_invalid';
  end if;
  e := p_monetary_edges;
  if e is not null and (cardinality(e) <> 4 or array_position(e, null) is not null or e[4] <= 0
                        or e[1] >= 10000000000000 or not (e[1] > e[2] and e[2] > e[3] and e[3] > e[4])) then
    raise exception 'monetary edges' using errcode = '22023', hint = 'rfm_monetary_edges_invalid';
  end if;

  insert into public.rfm_settings as s (business_id, window_days, scoring_mode, recency_edges, frequency_edges,
                                        monetary_edges, retention_weeks, updated_by)
  values (p_business_id, coalesce(p_window_days, v_current.window_days), coalesce(p_scoring_mode, v_current.scoring_mode),
          coalesce(p_recency_edges, v_current.recency_edges), coalesce(p_frequency_edges, v_current.frequency_edges),
          coalesce(p_monetary_edges, v_current.monetary_edges), coalesce(p_retention_weeks, v_current.retention_weeks), auth.uid())
  on conflict (business_id) do update set
    window_days = excluded.window_days, scoring_mode = excluded.scoring_mode, recency_edges = excluded.recency_edges,
    frequency_edges = excluded.frequency_edges, monetary_edges = excluded.monetary_edges,
    retention_weeks = excluded.retention_weeks, updated_by = excluded.updated_by
  returning s.* into v_row;
  return v_row;
end $$;
comment on function public.update_rfm_settings(uuid, integer, public.rfm_mode_setting, integer[], integer[], numeric[], integer) is
  'Admin+: validated upsert of a business''s RFM settings; null keeps the current value. HINT keys rfm_*_invalid.';

create or replace function public.get_rfm_settings(p_business_id uuid)
returns public.rfm_settings
language plpgsql stable security definer set search_path = '' as $$
begin
  perform private.rfm_require_read(p_business_id);
  return private.rfm_settings_of(p_business_id);
end $$;
comment on function public.get_rfm_settings(uuid) is 'Viewer+: the RFM settings of a business (the defaults when never saved).';

-- ---------------------------------------------------------------------------------------
-- Grants: private helpers to nobody but their owner; reads to signed-in users (checked
-- inside); the run to signed-in users (staff+ checked inside); the refresh to the service role.
-- ---------------------------------------------------------------------------------------
revoke all on function private.rfm_score_up(numeric, numeric[]), private.rfm_score_down(integer, integer[]),
  private.rfm_segment(integer, integer), private.rfm_scores(integer, integer, numeric, integer[], numeric[], numeric[]),
  private.rfm_aggregate_all(uuid, date, date), private.rfm_aggregate_some(uuid, date, date, uuid[]),
  private.rfm_int_thresholds(jsonb), private.rfm_num_thresholds(jsonb), private.rfm_settings_of(uuid),
  private.rfm_can_run(uuid), private.rfm_can_read(uuid), private.rfm_require_read(uuid), private.rfm_resolve_run(uuid, uuid),
  private.rfm_movement_pair(uuid, uuid, uuid), private.rfm_summary(uuid),
  private.rfm_runs_delete_results(), private.customers_delete_rfm(), private.businesses_delete_rfm()
  from public;

revoke all on function public.rfm_run(uuid, date, public.rfm_run_trigger), public.rfm_overview(uuid, uuid),
  public.rfm_segment_customers(uuid, public.rfm_segment, uuid, integer, integer, text, boolean, integer, integer),
  public.rfm_runs_list(uuid, integer), public.rfm_movement(uuid, uuid, uuid),
  public.rfm_movement_customers(uuid, uuid, uuid, public.rfm_segment, public.rfm_segment, integer, integer),
  public.rfm_customer_history(uuid, uuid),
  public.update_rfm_settings(uuid, integer, public.rfm_mode_setting, integer[], integer[], numeric[], integer),
  public.get_rfm_settings(uuid), public.rfm_refresh_customers(uuid, uuid[], date)
  from public, anon;

grant execute on function public.rfm_run(uuid, date, public.rfm_run_trigger), public.rfm_overview(uuid, uuid),
  public.rfm_segment_customers(uuid, public.rfm_segment, uuid, integer, integer, text, boolean, integer, integer),
  public.rfm_runs_list(uuid, integer), public.rfm_movement(uuid, uuid, uuid),
  public.rfm_movement_customers(uuid, uuid, uuid, public.rfm_segment, public.rfm_segment, integer, integer),
  public.rfm_customer_history(uuid, uuid),
  public.update_rfm_settings(uuid, integer, public.rfm_mode_setting, integer[], integer[], numeric[], integer),
  public.get_rfm_settings(uuid)
  to authenticated, service_role;

revoke all on function public.rfm_refresh_customers(uuid, uuid[], date) from authenticated;
grant execute on function public.rfm_refresh_customers(uuid, uuid[], date) to service_role;
