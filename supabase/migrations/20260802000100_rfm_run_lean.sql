-- RFM full run: the aggregate phase without the per-customer join (issue 5 targets;
-- docs/rfm.md "Performance").
--
-- Measured at 100k customers / 1M transactions (backend CPU, this 2-core machine), the run's
-- first statement cost ~460 ms where the bare window aggregate costs ~360 ms: it joined every
-- customer of the business to the aggregate, with a lateral probe per customer (skipped by a
-- one-time filter for buyers, but still one nested-loop step per customer). Now:
--   * the window's transactions are aggregated alone into the temp table (the floor's plan);
--   * one pass over the business's customers, hash-joined to that table, gives the live
--     customer count, drops the buyers who were soft-deleted since, and adds the lost
--     customers (no purchase in the window, an earlier one: one index probe each, only for
--     them);
--   * recency is computed where it is used (analysis date - last purchase).
-- Scoring, writing, the summary and everything the run promises are unchanged
-- (tests/integration/rfm-engine.test.ts, rfm-runs.test.ts).

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

  -- Raw R/F/M. First the window's completed sales of the business, aggregated alone (the
  -- floor's plan: one pass, hash aggregate).
  if to_regclass('pg_temp.rfm_agg') is not null then
    drop table pg_temp.rfm_agg;
  end if;
  create temp table rfm_agg on commit drop as
    select t.customer_id, max(t.transaction_date) as last_purchase_date,
           (v_date - max(t.transaction_date))::integer as recency_days,
           count(*)::integer as frequency, sum(t.amount)::numeric(17, 2) as monetary
    from public.transactions t
    where t.business_id = p_business_id and t.status = 'completed'
      and t.transaction_date between v_start and v_date
    group by t.customer_id;

  -- Then one pass over the business's customers (hash-joined to the aggregate): the live
  -- customer count of the summary; buyers soft-deleted since their purchase leave; a live
  -- customer absent from the window gets one index probe for their latest earlier purchase
  -- (lost: frequency 0, no scores). Prospects (no completed purchase up to the analysis date)
  -- only count as live: they get no result row.
  with cust as materialized (
    select c.id, c.deleted_at is null as live, a.customer_id is not null as bought
    from public.customers c
    left join pg_temp.rfm_agg a on a.customer_id = c.id
    where c.business_id = p_business_id
  ), gone as (
    delete from pg_temp.rfm_agg a
    where a.customer_id in (select k.id from cust k where k.bought and not k.live)
  ), lost as (
    insert into pg_temp.rfm_agg (customer_id, last_purchase_date, recency_days, frequency, monetary)
    select k.id, e.last_date, (v_date - e.last_date)::integer, 0, 0
    from cust k
    cross join lateral (
      select t.transaction_date as last_date from public.transactions t
      where t.business_id = p_business_id and t.customer_id = k.id and t.status = 'completed'
        and t.transaction_date < v_start
      order by t.transaction_date desc limit 1
    ) e
    where k.live and not k.bought
    returning 1
  )
  select count(*) filter (where k.live and k.bought)::integer, (select count(*) from lost)::integer,
         count(*) filter (where k.live)::integer
    into v_scored, v_lost, v_live
  from cust k;

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
