-- RFM full run, faster (issue 5 targets; docs/rfm.md "Performance"). Same results, same
-- guarantees (same-day re-run replaced atomically, incremental == full, RLS, delete triggers);
-- only how rfm_run() gets there changes. Measured at 100k customers / 1M transactions
-- (auto_explain of each statement inside the run), the time went to:
--   * the aggregate behind a SQL-function wrapper with a materialized CTE read twice: now one
--     `create temp table ... as select` over the window (a utility statement, so the planner
--     may use a parallel plan like the bare aggregate), then the few "lost" customers
--     (purchases only before the window) added by one index probe each;
--   * thresholds by three window sorts over every scored customer (percent_rank, ~0.35 s):
--     now the same figures from counts per distinct value (~0.1 s for the three), see below;
--   * scoring through the inlined private.rfm_scores, which repeats the score expressions
--     where FM and the segment use them, done twice (results insert, summary): now once into
--     a temp table that the results, the current state and the summary all read;
--   * the overview summary read back 100k result rows twice through the index: now from that
--     temp table;
--   * the (run, segment, R, FM) index of rfm_results (below).
-- The writes (100k result rows into two indexes, 100k current rows into two) stay: they are
-- the product (history and the current state) and are most of what remains.

-- The (run, segment, R, FM) index of rfm_results cost more per run than any other part but
-- the aggregate (measured: the results insert 1.3-1.4 s with it, 0.66 s without, at load ~4);
-- the overview reads the summary kept on the run, and a segment page / grid cell now reads
-- its run through the (run, customer) primary key and filters (measured: a segment page
-- 66 -> 73 ms, a grid cell 30 -> 85 ms at 100k customers). The (customer) index stays: the
-- customer history and the privacy export look results up by customer.
drop index if exists public.rfm_results_run_segment_cell_idx;

-- Thresholds of one measure from (value, customers with that value) pairs, exactly as
-- `least(5, 1 + floor(5 * percent_rank() over (order by value)))` would score the population:
-- percent_rank = (rank - 1) / (n - 1) with rank - 1 = customers with a strictly worse value
-- (0 when n = 1), in float8 as percent_rank computes it. The threshold for score s is the
-- first value (in worse -> better order) whose score reaches s; null when none does.
-- p_desc: lower is better (recency days), so "worse" means larger and the threshold is a max.
create or replace function private.rfm_thresholds_from_counts(p_values numeric[], p_counts bigint[], p_desc boolean)
returns numeric[] language sql immutable parallel safe set search_path = '' as $$
  with v as (
    select u.value, u.customers from unnest(p_values, p_counts) as u(value, customers)
  ), n as (
    select coalesce(sum(v.customers), 0)::float8 as total from v
  ), ranked as (
    select v.value,
           coalesce(sum(v.customers) over (order by case when p_desc then -v.value else v.value end
                                           rows between unbounded preceding and 1 preceding), 0)::float8 as worse
    from v
  ), scored as (
    select r.value,
           least(5, 1 + floor(5 * (case when n.total > 1 then r.worse / (n.total - 1) else 0 end)))::int as score
    from ranked r cross join n
  )
  select case when p_desc then
           array[max(value) filter (where score >= 2), max(value) filter (where score >= 3),
                 max(value) filter (where score >= 4), max(value) filter (where score >= 5)]
         else
           array[min(value) filter (where score >= 2), min(value) filter (where score >= 3),
                 min(value) filter (where score >= 4), min(value) filter (where score >= 5)]
         end
  from scored
$$;
revoke all on function private.rfm_thresholds_from_counts(numeric[], bigint[], boolean) from public;


-- ---------------------------------------------------------------------------------------
-- Full run (same signature, contract and comment as in 20260301000200_rfm_engine.sql)
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

  -- Aggregate once (the same population as private.rfm_aggregate_all); thresholds, results,
  -- the current state and the summary are all derived from it. Written as one statement over
  -- the window's transactions so it can run with a parallel plan, live customers by one hash
  -- join after grouping.
  if to_regclass('pg_temp.rfm_agg') is not null then
    drop table pg_temp.rfm_agg;
  end if;
  create temp table rfm_agg on commit drop as
    select w.customer_id, w.last_purchase_date, (v_date - w.last_purchase_date)::integer as recency_days,
           w.frequency, w.monetary
    from (
      select t.customer_id, max(t.transaction_date) as last_purchase_date, count(*)::integer as frequency,
             sum(t.amount)::numeric(17, 2) as monetary
      from public.transactions t
      where t.business_id = p_business_id and t.status = 'completed'
        and t.transaction_date between v_start and v_date
      group by t.customer_id
    ) w
    join public.customers c on c.id = w.customer_id and c.business_id = p_business_id and c.deleted_at is null;
  -- Lost: live customers absent from the window with an earlier completed purchase (one index
  -- probe each for the latest one).
  insert into pg_temp.rfm_agg (customer_id, last_purchase_date, recency_days, frequency, monetary)
  select c.id, e.last_date, (v_date - e.last_date)::integer, 0, 0::numeric(17, 2)
  from public.customers c
  cross join lateral (
    select t.transaction_date as last_date from public.transactions t
    where t.business_id = p_business_id and t.customer_id = c.id and t.status = 'completed'
      and t.transaction_date < v_start
    order by t.transaction_date desc limit 1
  ) e
  where c.business_id = p_business_id and c.deleted_at is null
    and not exists (select 1 from pg_temp.rfm_agg a where a.customer_id = c.id);

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
    -- The smallest value (R: the largest day count) whose percent_rank score reaches s, from
    -- counts per distinct value (one hash aggregate each instead of a sort of everyone).
    select private.rfm_thresholds_from_counts(array_agg(g.v), array_agg(g.n), true)::integer[] into v_r
    from (select a.recency_days::numeric as v, count(*) as n from pg_temp.rfm_agg a where a.frequency > 0 group by 1) g;
    select private.rfm_thresholds_from_counts(array_agg(g.v), array_agg(g.n), false) into v_f
    from (select a.frequency::numeric as v, count(*) as n from pg_temp.rfm_agg a where a.frequency > 0 group by 1) g;
    select private.rfm_thresholds_from_counts(array_agg(g.v), array_agg(g.n), false) into v_m
    from (select a.monetary as v, count(*) as n from pg_temp.rfm_agg a where a.frequency > 0 group by 1) g;
  end if;
  v_r2 := v_r[1]; v_r3 := v_r[2]; v_r4 := v_r[3]; v_r5 := v_r[4];
  v_f2 := v_f[1]; v_f3 := v_f[2]; v_f4 := v_f[3]; v_f5 := v_f[4];
  v_m2 := v_m[1]; v_m3 := v_m[2]; v_m4 := v_m[3]; v_m5 := v_m[4];

  -- Score everyone once; the results, the current state and the summary all read this.
  -- The same formulas as private.rfm_scores (1 + thresholds reached; FM = (F + M + 1) / 2;
  -- the grid; frequency 0 = lost without scores), with the thresholds as scalars: the inlined
  -- function repeats each score expression where FM and the segment use it and subscripts the
  -- threshold arrays per row (measured ~0.1 s more per 100k rows). Incremental == full stays
  -- tested on random data (tests/integration/rfm-engine.test.ts). Written in customer order,
  -- the order the inserts below want for their (run, customer) and (customer) indexes.
  if to_regclass('pg_temp.rfm_scored') is not null then
    drop table pg_temp.rfm_scored;
  end if;
  create temp table rfm_scored on commit drop as
    select x.customer_id, x.last_purchase_date, x.recency_days, x.frequency, x.monetary,
           x.r_score, x.f_score, x.m_score, ((x.f_score + x.m_score + 1) / 2)::smallint as fm_score,
           case when x.frequency > 0 then private.rfm_segment(x.r_score, (x.f_score + x.m_score + 1) / 2)
                else 'lost'::public.rfm_segment end as segment
    from (
      select a.customer_id, a.last_purchase_date, a.recency_days, a.frequency, a.monetary,
             case when a.frequency > 0 then (1 + coalesce(a.recency_days <= v_r2, false)::int + coalesce(a.recency_days <= v_r3, false)::int
               + coalesce(a.recency_days <= v_r4, false)::int + coalesce(a.recency_days <= v_r5, false)::int)::smallint end as r_score,
             case when a.frequency > 0 then (1 + coalesce(a.frequency >= v_f2, false)::int + coalesce(a.frequency >= v_f3, false)::int
               + coalesce(a.frequency >= v_f4, false)::int + coalesce(a.frequency >= v_f5, false)::int)::smallint end as f_score,
             case when a.frequency > 0 then (1 + coalesce(a.monetary >= v_m2, false)::int + coalesce(a.monetary >= v_m3, false)::int
               + coalesce(a.monetary >= v_m4, false)::int + coalesce(a.monetary >= v_m5, false)::int)::smallint end as m_score
      from pg_temp.rfm_agg a
      offset 0 -- score once per row: keeps the planner from repeating the expressions above
    ) x
    order by x.customer_id;

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
  select v_run.id, p_business_id, x.customer_id, x.last_purchase_date, x.recency_days, x.frequency, x.monetary,
         x.r_score, x.f_score, x.m_score, x.fm_score, x.segment
  from pg_temp.rfm_scored x;

  -- The current state follows the latest run only (a back-dated run leaves it alone).
  select max(r.analysis_date) into v_latest from public.rfm_runs r where r.business_id = p_business_id;
  if v_latest = v_date then
    delete from public.customer_rfm c where c.business_id = p_business_id;
    insert into public.customer_rfm (customer_id, business_id, run_id, analysis_date, last_purchase_date, recency_days,
                                     frequency, monetary, r_score, f_score, m_score, fm_score, segment, source, updated_at)
    select x.customer_id, p_business_id, v_run.id, v_date, x.last_purchase_date, x.recency_days, x.frequency, x.monetary,
           x.r_score, x.f_score, x.m_score, x.fm_score, x.segment, 'run', now()
    from pg_temp.rfm_scored x;
  end if;

  -- Retention: runs older than retention_weeks before the latest run.
  delete from public.rfm_runs r
  where r.business_id = p_business_id and r.analysis_date < v_latest - v_settings.retention_weeks * 7;

  -- The overview summary (as private.rfm_summary computes it from rfm_results) from the
  -- scored temp table instead of reading 100k result rows back twice.
  with scored as (
    select x.segment, x.r_score, x.fm_score, x.monetary from pg_temp.rfm_scored x
  ), per_segment as (
    select x.segment, count(*)::integer as customers, coalesce(sum(x.monetary), 0) as revenue from scored x group by x.segment
  ), totals as (
    select coalesce(sum(p.customers), 0) as customers, coalesce(sum(p.revenue), 0) as revenue from per_segment p
  ), cells as (
    select x.r_score, x.fm_score, count(*)::integer as customers from scored x where x.r_score is not null group by x.r_score, x.fm_score
  )
  select jsonb_build_object(
    'total_customers', (select count(*) from public.customers c where c.business_id = p_business_id and c.deleted_at is null),
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

  update public.rfm_runs r set summary = v_summary,
         duration_ms = greatest(0, (extract(epoch from clock_timestamp() - v_started) * 1000)::integer)
  where r.id = v_run.id
  returning r.* into v_run;
  return v_run;
end $$;

-- ---------------------------------------------------------------------------------------
-- The API relationship rfm_results -> customers. 20260301000200 replaced the foreign keys of
-- rfm_results by delete triggers (per-row key checks on 100k inserts), and PostgREST finds
-- embeds through foreign keys, so `rfm_results?select=...,customers(name)` stopped working.
-- A computed relationship (PostgREST >= 11: a function named after the embed taking the
-- row; `rows 1` = to-one) restores it without a check per written row. Invoker rights: the
-- customers' own RLS decides what is embedded. Plain SQL without SET so it is inlined.
-- ---------------------------------------------------------------------------------------
create or replace function public.customers(public.rfm_results)
returns setof public.customers rows 1
language sql stable as $$
  select c.* from public.customers c where c.id = $1.customer_id
$$;
comment on function public.customers(public.rfm_results) is
  'PostgREST computed relationship: the customer of an RFM result row (embed customers(...) on rfm_results).';
revoke all on function public.customers(public.rfm_results) from public, anon;
grant execute on function public.customers(public.rfm_results) to authenticated, service_role;
