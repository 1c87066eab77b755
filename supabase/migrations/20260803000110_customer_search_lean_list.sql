-- search_customers for the lean customer search (issue 3; the schema, the measurements and
-- the rule's probe are in 20260803000100):
--
-- * The sorted path (a segment on a broad search) sorts only the first 2 x (offset + limit) /
--    share + 100 candidates in list order (a bounded top-N sort; by city first by the city,
--    then by id within it) and reads again without the bound when those did not fill the
--    page; 'none' without overrides tests only that the run has no row for the customer.
-- * A typo walk tests the name's word similarity (~3 us) only on names that contain one of
--    the text's inner trigrams when a match must (see the walk), and reads 13 columns of the
--    rows it walks instead of all of them.
-- * With a segment the rule's probe (typo or not) waits for the sorted path's count of the
--    plain candidates (25 or more: plain) and runs only when another path is taken or fewer
--    turn up, the rule then starting over: "pratama" + a segment 11.8 -> 10.4 and
--    12.6 -> 11.1 ms, "hartono 12" + a segment (which then probes after all) +0.25 ms.

create or replace function public.search_customers(
  p_business_id uuid,
  p_search text default null,
  p_status public.customer_status default null,
  p_type public.customer_type default null,
  p_tag_id uuid default null,
  p_balance text default null,
  p_balance_min numeric default null,
  p_balance_max numeric default null,
  p_created_from date default null,
  p_created_to date default null,
  p_deleted boolean default false,
  p_sort text default 'created_at',
  p_direction text default 'desc',
  p_limit integer default 25,
  p_offset integer default 0,
  -- An rfm_segment value, or 'none' (no current segment). Null = any.
  p_segment text default null
)
returns table (
  id uuid, name text, whatsapp text, phone text, email text, address text, city text,
  type public.customer_type, status public.customer_status, balance numeric,
  created_at timestamptz, updated_at timestamptz, deleted_at timestamptz, deleted_reason text,
  tags jsonb, total_count bigint, total_exact boolean, segment text
)
language plpgsql
-- volatile only because the estimate runs EXPLAIN (not allowed in a stable function); it writes nothing.
volatile
security definer
set search_path = ''
-- The typo arms' word similarity (<%) threshold, 0.6 by default: "santso" is 0.57 from
-- "Santoso" ("rahmawti" 0.78 from "Rahmawati"). Function-local: nothing else sees it.
set pg_trgm.word_similarity_threshold = '0.5'
-- Statements of a few tens of milliseconds: parallel workers cost more than they save, and
-- under concurrent requests they only take cores from the other requests.
set max_parallel_workers_per_gather = 0
-- Every query here reads one business's rows through an index. Left to itself the planner
-- tested each candidate's segment with a sequential scan of customer_rfm_overrides (a page or
-- two, ~100 rows: 5 us a candidate, 70 ms for "pratama" + 'none' at 100k customers; 27 ms
-- through its primary key).
set enable_seqscan = off
as $$
declare
  -- Counted exactly up to this many matches; beyond it the total is an estimate.
  c_exact_cap constant integer := 10000;
  -- A search with at least this many matches is broad: its page is read, not all its matches.
  c_broad constant integer := 1000;
  -- The most rows a broad search reads in sort order before gathering its matches instead:
  -- a row read costs ~3.5 us with a plain search (ILIKE), ~7 us with a typo one (word
  -- similarity), measured at 100k customers; a failed walk is wasted.
  c_walk_rows_plain constant integer := 6000;
  c_walk_rows_typo constant integer := 4000;
  v_walk_rows integer;
  v_cand bigint;
  v_share numeric := 1;
  v_row_us numeric;
  v_cand_us numeric;
  v_walk boolean;
  v_limit integer := least(greatest(coalesce(p_limit, 25), 1), 100);
  v_offset integer := greatest(coalesce(p_offset, 0), 0);
  v_cond text;
  v_plain integer;
  v_typo boolean;
  v_ids uuid[];
  v_est bigint;
  v_key_order text;
  v_live bigint;
  v_read bigint;
  v_run uuid;
  v_base text;
  v_seg_set text := '';
  v_q text := nullif(btrim(coalesce(p_search, '')), '');
  v_segment public.rfm_segment;
  v_like text;
  v_digits text;
  v_sort text;
  v_dir text := case when lower(coalesce(p_direction, '')) = 'asc' then 'asc' else 'desc' end;
  v_order text;
  v_where text;
  v_search text;
  v_key text;
  v_arms text[];
  v_seen text;
  v_page jsonb;
  v_total bigint;
  v_exact boolean := true;
  v_plan jsonb;
  -- The segment test (SQL on alias c) and whether the business has incremental overrides.
  v_seg_test text;
  v_overrides boolean;
  -- The search's arms without the segment test (the candidates of the sorted path).
  v_search_cand text;
  v_n bigint;
  v_seg_probes numeric;
  -- The walk's row test, and (typo searches) the business's cities that pass the city arms.
  v_walk_cond text;
  v_cities text[];
  v_city_count integer;
  -- The sorted path's bound: how many candidates, in list order, are sorted and tested.
  v_bound bigint;
  -- The sorted path's input: the candidates, or (a column of few values) them sorted by it first.
  v_cand_order text;
  -- A typo walk's prefilter of the name's similarity test (LIKE patterns of the text's inner trigrams).
  v_trgm_likes text[];
  v_trgm_filter boolean;
  -- The rule's probe waits for the sorted path's count (a segment on a search, see there).
  v_defer boolean := false;
begin
  if p_balance is not null and p_balance not in ('credit', 'debt', 'zero') then
    raise exception 'invalid balance filter' using errcode = '22023', hint = 'balance_filter_invalid';
  end if;
  if p_segment is not null and p_segment <> 'none' then
    if not p_segment = any (enum_range(null::public.rfm_segment)::text[]) then
      raise exception 'invalid segment filter' using errcode = '22023', hint = 'segment_filter_invalid';
    end if;
    v_segment := p_segment::public.rfm_segment;
  end if;
  -- RLS used to answer "no rows" to a non-member; so does this single check.
  if p_business_id is null or not private.can_read_business(p_business_id) then
    return;
  end if;

  -- Only these columns can be sorted on; the name is never taken from the caller verbatim.
  v_sort := case p_sort
    when 'name' then 'name' when 'whatsapp' then 'whatsapp' when 'email' then 'email'
    when 'city' then 'city' when 'type' then 'type' when 'status' then 'status'
    when 'balance' then 'balance' when 'updated_at' then 'updated_at'
    when 'relevance' then case when v_q is null then 'created_at' else 'relevance' end
    else 'created_at' end;
  v_order := case
    when v_sort = 'relevance' then
      format('greatest(extensions.word_similarity($2, c.name), extensions.word_similarity($2, coalesce(c.city, %L))) desc, c.id %s', '', v_dir)
    -- Nullable columns: nulls last both ways, as before.
    when v_sort in ('whatsapp', 'email', 'city') then format('c.%I %s nulls last, c.id %s', v_sort, v_dir, v_dir)
    -- NOT NULL columns: the same order without a NULLS clause, so a (business_id, column)
    -- btree index serves both directions.
    else format('c.%I %s, c.id %s', v_sort, v_dir, v_dir) end;

  -- The search text is data: LIKE wildcards are escaped, and it only ever travels as a parameter.
  v_like := '%' || replace(replace(replace(v_q, '\', '\\'), '%', '\%'), '_', '\_') || '%';
  v_digits := regexp_replace(coalesce(v_q, ''), '\D', '', 'g');
  v_digits := case when v_digits like '0%' then '62' || substr(v_digits, 2) else v_digits end;
  -- Phone digits are searched from 4 typed digits on (fewer would match almost every number).
  v_digits := case when length(v_digits) >= 4 then '%' || v_digits || '%' end;

  -- The filters that apply (shared with the export).
  v_where := private.customer_filters_sql(p_deleted, p_status, p_type, p_tag_id, p_balance, p_balance_min, p_balance_max,
                                          p_created_from, p_created_to);
  -- The current segment ($17 = the business's current run, see the header): per customer for
  -- the search paths (their candidates are few), as a set for the plain list (every customer
  -- of the business is a candidate, and one pass over the run's rows beats 100k probes).
  v_base := v_where;
  if p_segment is not null then
    -- The run and the segment's share of the business's customers at that run (its summary):
    -- the planner cannot estimate the segment test, a broad search needs the figure.
    select r.id,
           case when p_segment = 'none'
                then greatest(0, (r.summary ->> 'total_customers')::numeric
                                 - coalesce((select sum((d ->> 'customers')::numeric) from jsonb_array_elements(r.summary -> 'distribution') d), 0))
                else coalesce((select (d ->> 'customers')::numeric from jsonb_array_elements(r.summary -> 'distribution') d
                                where d ->> 'segment' = p_segment), 0) end
             / nullif((r.summary ->> 'total_customers')::numeric, 0)
      into v_run, v_share
      from public.rfm_runs r where r.business_id = p_business_id and r.is_current;
    -- Never analysed: every customer is 'none'.
    v_share := coalesce(v_share, case when p_segment = 'none' then 1 else 0 end);
    -- Right after a run the business has no overrides: one probe per tested customer, not two
    -- (20260801000100).
    v_overrides := exists (select 1 from public.customer_rfm_overrides o where o.business_id = p_business_id);
    -- 'none' without overrides: no row in the run (segment is NOT NULL there), an index-only
    -- probe of its primary key instead of a probe that also reads the row. A scalar subquery,
    -- not NOT EXISTS: the planner turns NOT EXISTS into an anti join, which may hash the
    -- candidates and lose the list order the paths below take their page in.
    v_seg_test := case when p_segment = 'none' and not v_overrides
                       then '(select true from public.rfm_results x where x.run_id = $17 and x.customer_id = c.id) is null'
                       else private.customer_segment_sql('c.id', '$17', v_overrides)
                            || case when p_segment = 'none' then ' is null' else ' = $16' end end;
    v_where := v_where || ' and ' || v_seg_test;
    -- The set: private.rfm_current_customer_ids (20260702000100), one pass over the run's rows.
    v_seg_set := case when p_segment = 'none' then ' and c.id not in (select private.rfm_current_customer_ids($1, null))'
                      else ' and c.id in (select private.rfm_current_customer_ids($1, $16))' end;
  end if;

  if v_q is not null then
    -- Search: one arm per column, each served by its trigram index
    -- (customers_search_{name,city,email,whatsapp}_trgm), ILIKE first so the costlier
    -- similarity is only computed for rows ILIKE does not already match. Each arm excludes the
    -- rows earlier arms match, so the arms are disjoint and their union is a plain append.
    -- While the match set holds at most c_exact_cap rows it is counted and paged here.
    v_key := case v_sort
      when 'relevance' then format('greatest(extensions.word_similarity($2, c.name), extensions.word_similarity($2, coalesce(c.city, %L)))', '')
      when 'email' then 'c.email::text'
      else format('c.%I', v_sort) end;
    -- The candidate rule (literal when a page of customers contain the text, else typo-tolerant)
    -- lives in private.customer_search_arms, shared with export_customers_page.
    -- The probe also counts plain matches up to c_broad: the list learns "broad" from it.
    -- Only where that count decides the path: a plain search without a segment that the walk
    -- could serve. Sorted by name, by city descending, the deleted list or relevance, every
    -- match is read anyway (the exact path below counts them); with a segment, the planner's
    -- figure decides and the sorted path (3. below) counts exactly below c_broad candidates.
    -- Counting up to 25 (the typo rule) spares re-reading up to 1,000 matches ("lestari" by
    -- name, 6,256 matches, or "pratama" + a segment: ~1-2 ms each).
    -- With a segment (not the deleted list, not by relevance) the probe only decides typo or
    -- not (up to 25), and the sorted path (3. below) counts the plain candidates anyway: at
    -- least 25 of them with every filter applied means at least 25 plain matches, so the
    -- probe waits (cap 0: the plain arms, uncounted) and runs only when another path is
    -- taken or fewer than 25 candidates turn up; then the rule starts over with its answer
    -- ("pratama" + a segment: the probe's ~1.5 ms of ~12).
    v_defer := p_segment is not null and not coalesce(p_deleted, false) and v_sort <> 'relevance';
    <<rule>>
    loop
    select sp.arms, sp.plain_matches, sp.typo into v_arms, v_plain, v_typo
      from private.customer_search_plan(p_business_id, v_q, coalesce(p_deleted, false),
             case when v_defer then 0
                  when p_segment is null and not coalesce(p_deleted, false)
                       and (v_sort in ('created_at', 'updated_at', 'balance') or (v_sort = 'city' and v_dir = 'asc'))
                  then c_broad else 25 end) sp;
    v_cond := '(' || array_to_string(v_arms, ' or ') || ')';
    v_search := '';
    v_search_cand := '';
    v_seen := null;
    for i in 1 .. cardinality(v_arms) loop
      v_search := v_search || case when i > 1 then ' union all ' else '' end
        || format('select c.id, %s as k from public.customers c where %s and %s%s', v_key, v_where, v_arms[i],
                  case when v_seen is null then '' else format(' and not coalesce(%s, false)', v_seen) end);
      -- The same arms without the segment test (the sorted path below tests it lazily).
      v_search_cand := v_search_cand || case when i > 1 then ' union all ' else '' end
        || format('select c.id, %s as k from public.customers c where %s and %s%s', v_key, v_base, v_arms[i],
                  case when v_seen is null then '' else format(' and not coalesce(%s, false)', v_seen) end);
      v_seen := coalesce(v_seen || ' or ', '') || v_arms[i];
    end loop;
    v_key_order := case when v_sort = 'relevance' then 'desc' when v_sort in ('whatsapp', 'email', 'city') then v_dir || ' nulls last' else v_dir end;

    -- A broad search (see the header): the page alone, the total estimated.
    if v_sort <> 'relevance' and (v_typo or v_plain >= c_broad or p_segment is not null) then
      -- The planner's figure for the search with every filter but the segment (the candidates
      -- a gathering path tests), times the segment's share.
      execute format('explain (format json) select 1 from public.customers c where %s and %s', v_base, v_cond)
        into v_plan
        using p_business_id, v_q, v_like, p_status, p_type, p_tag_id, p_balance, p_balance_min, p_balance_max,
              p_created_from, coalesce(p_deleted, false), p_created_to, v_limit, v_digits, v_offset, v_segment, v_run;
      v_cand := coalesce((v_plan -> 0 -> 'Plan' ->> 'Plan Rows')::numeric, 0)::bigint;
      v_est := round(v_cand * v_share);
      -- 1. The walk: the first v_walk_rows live customers in the list's order (the sort
      --    column's index), each tested against the filters and the search. Only where an
      --    index gives that order (city: ascending, its nulls-last order), not for deleted
      --    customers, and not for a plain search sorted by name (first names bunch together in
      --    name order). It reads ~(offset + limit) * live / est rows, each costing a search
      --    test (the segment test only for the few the search lets through); gathering tests
      --    every candidate, with the segment test too (two index probes, ~4 us). So it runs
      --    when the expected rows fit in the bound with room to spare and cost at most half of
      --    gathering: "pratama" + a segment by city reads ~4,600 cheap rows instead of testing
      --    7,900 candidates' segments; a failed walk of a typo search would cost 4,000
      --    similarity tests (~20 ms), more than gathering a few hundred candidates.
      if not coalesce(p_deleted, false) and (v_typo or v_sort <> 'name')
         and (v_sort in ('name', 'created_at', 'updated_at', 'balance') or (v_sort = 'city' and v_dir = 'asc')) then
        execute 'explain (format json) select 1 from public.customers c where c.business_id = $1 and c.deleted_at is null'
          into v_plan using p_business_id;
        v_live := greatest(coalesce((v_plan -> 0 -> 'Plan' ->> 'Plan Rows')::numeric, 1)::bigint, 1);
      end if;
      v_walk_rows := case when v_typo then c_walk_rows_typo else c_walk_rows_plain end;
      -- Per row read by the walk / per candidate gathered (a bitmap heap row and its test),
      -- in microseconds, as measured at 100k customers.
      v_row_us := case when v_typo then 7 else 3.5 end;
      -- With a segment, gathering sorts every candidate (~0.5 us) and tests the segment only
      -- in list order until the page is full (the sorted path, 3. below): ~(offset + limit) /
      -- share probes of ~3 us.
      v_cand_us := case when v_typo then 5 else 1.7 end + case when p_segment is null then 0 else 0.5 end;
      v_seg_probes := case when p_segment is null then 0
                           else least(v_cand, (v_offset + v_limit) / greatest(v_share, 0.0001)) end;
      v_walk := v_live is not null and v_est > 0
        and 1.5 * (v_offset + v_limit) * v_live <= v_walk_rows::numeric * v_est
        -- At most half the cost of gathering (a failed walk is wasted); with a segment three
        -- quarters: measured at 100k customers the walk's and the sorted path's figures are
        -- both about 0.7 of the real cost, and "pratama" + champions, page 1 (a ~3,000-row
        -- walk) took 11 ms walking, 16 ms sorted.
        and (v_offset + v_limit)::numeric * v_live * v_row_us
            <= case when p_segment is null then 0.5 else 0.75 end * v_est * (v_cand * v_cand_us + v_seg_probes * 3);
      if v_defer and (v_walk or v_cand < c_broad) then
        -- Not the sorted path: the rule decides first.
        v_defer := false;
        continue rule;
      end if;
      -- Page-only when the walk is worth trying or >= c_broad matches are expected with every
      -- filter applied (a plain search must also have >= c_broad plain matches: counted, so a
      -- small set stays exact), or, with a segment, when the search alone is that broad (an
      -- exact count would test every candidate's segment).
      if v_walk or v_est >= c_broad or (p_segment is not null and v_cand >= c_broad) then
        v_ids := null;
        if v_walk then
          v_walk_cond := v_cond;
          if v_typo then
            -- The walk tests every row it reads; in a typo search the city's word similarity
            -- is ~1 us of its ~4 us ("santso" by name reads ~2,650 rows). A business has few
            -- distinct cities: they are listed once (a skip scan of the (business_id, city, id)
            -- index, at most 200) and the city arms become one array test, the same rows.
            execute $q$
              with recursive t(city, n) as (
                (select c.city, 1 from public.customers c where c.business_id = $1 and c.city is not null order by c.city limit 1)
                union all
                select (select c.city from public.customers c where c.business_id = $1 and c.city > t.city order by c.city limit 1), t.n + 1
                from t where t.city is not null and t.n <= 200)
              select count(*)::integer, coalesce(array_agg(t.city) filter (where t.city ilike $3 or t.city operator(extensions.%>) $2), '{}')
              from t where t.city is not null
            $q$ into v_city_count, v_cities using p_business_id, v_q, v_like;
            if v_city_count <= 200 then
              v_walk_cond := '(' || array_to_string(
                array_remove(array_remove(v_arms, 'c.city ilike $3'), 'c.city operator(extensions.%>) $2') || 'c.city = any($18)'::text,
                ' or ') || ')';
            end if;
            -- The name's word similarity (~3 us a row, most of the walk) only for names that
            -- can reach the threshold: similarity <= shared trigrams / the text's trigrams, so
            -- a match shares at least ceil(threshold * n) of the text's n trigrams. When more
            -- are needed than the text has word-boundary trigrams ("  s", " sa", "so "), a match
            -- contains one of its inner trigrams as a substring of its lowered name: a LIKE test
            -- of ~0.05 us first ("santso": 4 of 7, san/ant/nts/tso). Not for multi-word texts
            -- (their boundary trigrams can make up the count) nor trigrams pg_trgm hashes
            -- (multibyte characters).
            select coalesce(array_agg('%' || t || '%') filter (where t not like '% %'), '{}'),
                   ceil(current_setting('pg_trgm.word_similarity_threshold')::numeric * count(*))
                     > count(*) filter (where t like '% %')
                   and bool_and(length(t) = 3)
              into v_trgm_likes, v_trgm_filter
              from unnest(extensions.show_trgm(v_q)) t;
            if v_trgm_filter then
              v_walk_cond := replace(v_walk_cond, 'c.name_lower operator(extensions.%>) $2',
                                     '(c.name_lower like any($19) and c.name_lower operator(extensions.%>) $2)');
            end if;
          end if;
          execute format($q$
            select coalesce(array_agg(s.id order by s.ord), '{}'), max(s.pos)
            from (select c.id, c.pos, row_number() over () as ord
                  from (select c.*, row_number() over () as pos
                        from (select c.id, c.business_id, c.deleted_at, c.status, c.type, c.balance, c.created_at,
                                     c.updated_at, c.name, c.name_lower, c.city, c.email, c.whatsapp
                              from public.customers c where c.business_id = $1 and c.deleted_at is null
                              order by %2$s limit %4$s) c) c
                  where %1$s and %3$s
                  offset $15 limit $13) s
          $q$, v_where, v_order, v_walk_cond, v_walk_rows)
            into v_ids, v_read
            using p_business_id, v_q, v_like, p_status, p_type, p_tag_id, p_balance, p_balance_min, p_balance_max,
                  p_created_from, coalesce(p_deleted, false), p_created_to, v_limit, v_digits, v_offset, v_segment, v_run,
                  v_cities, v_trgm_likes;
        end if;
        if cardinality(v_ids) = v_limit then
          -- The page came from the walk: the total is estimated from it (this many matches in the
          -- first v_read customers of the order, scaled to all live customers), a sample of the
          -- business itself where the planner's statistics mix every business in the table.
          -- Not by name: name order bunches names (all "Siti Wijaya" before any "Siti Santoso"),
          -- so there the planner's figure is the better guess.
          v_total := greatest(case when v_sort = 'name' then v_est
                                   else round((v_offset + v_limit)::numeric * v_live / greatest(v_read, 1)) end,
                              v_offset + v_limit + 1);
          v_exact := false;
        elsif p_segment is not null and v_cand >= c_broad then
          -- 3. A segment on a broad search: the candidates (every filter but the segment,
          --    from the trigram arms), sorted in list order, their segment tested one after
          --    the other until the page is full. n is the exact number of candidates, pos the
          --    candidate's place in the order (of the page's last row: how many were tested).
          --    Fewer than c_broad candidates (the planner expected more): every one is tested
          --    and counted, the total exact (the one-time filter skips that count otherwise).
          -- Only the first v_bound candidates in list order are sorted (a bounded top-N sort):
          -- twice the candidates the page needs at the segment's share. A page not filled
          -- within them (the search's share of the segment below half the business's) is read
          -- again without the bound. A column of few values (city: a business's handful of
          -- cities) is sorted by itself first and then by id within each value (an incremental
          -- sort): sorted by (city, id) at once nearly every comparison fell through to the id,
          -- through the slower tie-break path ("pratama" + a segment: ~1.4 ms of ~15 less).
          v_bound := ceil(2 * (v_offset + v_limit) / greatest(v_share, 0.0001)) + 100;
          v_cand_order := case when v_sort in ('city', 'type', 'status')
                               then format('(select u.id, u.k from u order by u.k %s offset 0) u', v_key_order)
                               else 'u' end;
          loop
            execute format($q$
              with u as materialized (%1$s),
              n as (select count(*) as n from u),
              o as (select b.id, row_number() over () as pos
                    from (select u.id from %7$s order by u.k %2$s, u.id %3$s limit %6$s) b)
              select coalesce(array_agg(s.id order by s.pos), '{}'), max(s.pos), (select n.n from n),
                     (select count(*) from (select u.id from u offset 0) c where (select n.n from n) < %5$s and %4$s)
              from (select c.id, c.pos from (select o.id, o.pos from o offset 0) c where %4$s offset $15 limit $13) s
            $q$, v_search_cand, v_key_order, v_dir, v_seg_test, c_broad, coalesce(v_bound::text, 'all'), v_cand_order)
              into v_ids, v_read, v_n, v_total
              using p_business_id, v_q, v_like, p_status, p_type, p_tag_id, p_balance, p_balance_min, p_balance_max,
                    p_created_from, coalesce(p_deleted, false), p_created_to, v_limit, v_digits, v_offset, v_segment, v_run;
            exit when v_bound is null or v_bound >= v_n or cardinality(v_ids) = v_limit;
            v_bound := null;
          end loop;
          if v_defer and v_n < 25 then
            -- Fewer than 25 candidates: the text may be a typo, the rule decides.
            v_defer := false;
            continue rule;
          end if;
          if v_n < c_broad then
            -- Counted above: exact.
            null;
          elsif cardinality(v_ids) = 0 then
            -- Past the end: no row to learn from; the planner's figure, marked as such.
            v_total := v_est;
            v_exact := false;
          elsif cardinality(v_ids) < v_limit or v_read >= v_n then
            -- Every candidate was tested: the page shows the end, the total is exact.
            v_total := v_offset + cardinality(v_ids);
          else
            -- This many matches among the first v_read candidates, scaled to all of them.
            v_total := greatest(round((v_offset + v_limit)::numeric * v_n / greatest(v_read, 1)), v_offset + v_limit + 1);
            v_exact := false;
          end if;
        else
          -- 2. Not full: every match from the trigram indexes (the disjoint arms), counted (a
          --    window count costs a sort of the matches instead of a top-N heap, ~2 ms at 6,000),
          --    only the page kept.
          execute format($q$
            select coalesce(array_agg(s.id order by s.ord), '{}'), max(s.n)
            from (select p.id, p.n, row_number() over () as ord
                  from (select u.id, count(*) over () as n from (%1$s) u order by u.k %2$s, u.id %3$s limit $13 offset $15) p) s
          $q$, v_search, v_key_order, v_dir)
            into v_ids, v_total
            using p_business_id, v_q, v_like, p_status, p_type, p_tag_id, p_balance, p_balance_min, p_balance_max,
                  p_created_from, coalesce(p_deleted, false), p_created_to, v_limit, v_digits, v_offset, v_segment, v_run;
          -- Past the end there is no row to carry the count: the planner's figure, marked as such.
          v_exact := v_total is not null;
          v_total := coalesce(v_total, v_est);
        end if;
        return query
          select c.id, c.name, c.whatsapp, c.phone, c.email::text, c.address, c.city, c.type, c.status, c.balance,
                 c.created_at, c.updated_at, c.deleted_at, c.deleted_reason,
                 coalesce((select jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name, 'color', t.color) order by t.name)
                             from public.customer_tags ct join public.tags t on t.id = ct.tag_id
                            where ct.business_id = p_business_id and ct.customer_id = c.id), '[]'::jsonb),
                 v_total, v_exact,
                 (select r.segment::text from public.customer_rfm r where r.customer_id = c.id)
          from unnest(v_ids) with ordinality as u(id, ord)
          join public.customers c on c.id = u.id
          order by u.ord;
        return;
      end if;
    end if;
    exit rule;
    end loop;
    execute format($q$
      with m as materialized (select u.id, u.k from (%1$s) u limit %2$s),
      n as (select count(*) as n from m),
      pg as (select m.id, m.k from m order by m.k %3$s, m.id %4$s limit $13 offset $15)
      select n.n,
             coalesce((select jsonb_agg(jsonb_build_object(
                 'id', c.id, 'name', c.name, 'whatsapp', c.whatsapp, 'phone', c.phone, 'email', c.email::text,
                 'address', c.address, 'city', c.city, 'type', c.type, 'status', c.status, 'balance', c.balance,
                 'created_at', c.created_at, 'updated_at', c.updated_at, 'deleted_at', c.deleted_at,
                 'deleted_reason', c.deleted_reason) order by pg.k %3$s, pg.id %4$s)
               from pg join public.customers c on c.id = pg.id
               where n.n <= %5$s), '[]'::jsonb)
      from n
    $q$, v_search, c_exact_cap + 1, v_key_order, v_dir, c_exact_cap)
      into v_total, v_page
      using p_business_id, v_q, v_like, p_status, p_type, p_tag_id, p_balance, p_balance_min, p_balance_max,
            p_created_from, coalesce(p_deleted, false), p_created_to,
            least(greatest(coalesce(p_limit, 25), 1), 100), v_digits, greatest(coalesce(p_offset, 0), 0), v_segment, v_run;
    if v_total <= c_exact_cap then
      return query
        select x.id, x.name, x.whatsapp, x.phone, x.email, x.address, x.city, x.type, x.status, x.balance,
               x.created_at, x.updated_at, x.deleted_at, x.deleted_reason,
               coalesce((select jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name, 'color', t.color) order by t.name)
                           from public.customer_tags ct join public.tags t on t.id = ct.tag_id
                          where ct.business_id = p_business_id and ct.customer_id = x.id), '[]'::jsonb),
               v_total, true,
               (select r.segment::text from public.customer_rfm r where r.customer_id = x.id)
        from jsonb_array_elements(v_page) with ordinality as e(j, ord)
        cross join lateral jsonb_to_record(e.j) as x(
          id uuid, name text, whatsapp text, phone text, email text, address text, city text,
          type public.customer_type, status public.customer_status, balance numeric,
          created_at timestamptz, updated_at timestamptz, deleted_at timestamptz, deleted_reason text)
        order by e.ord;
      return;
    end if;
    -- A broad search (more than c_exact_cap matches): the general path below.
    v_base := v_base || ' and (' || array_to_string(v_arms, ' or ') || ')';
  end if;
  v_where := v_base || v_seg_set;

  -- Total: exact while small, else the planner's estimate (at least the cap + 1 we counted).
  execute format('select count(*) from (select 1 from public.customers c where %s limit %s) s', v_where, c_exact_cap + 1)
    into v_total
    using p_business_id, v_q, v_like, p_status, p_type, p_tag_id, p_balance, p_balance_min, p_balance_max,
          p_created_from, coalesce(p_deleted, false), p_created_to, null::integer, v_digits, null::integer, v_segment, v_run;
  if v_total > c_exact_cap then
    v_exact := false;
    execute format('explain (format json) select 1 from public.customers c where %s', v_where)
      into v_plan
      using p_business_id, v_q, v_like, p_status, p_type, p_tag_id, p_balance, p_balance_min, p_balance_max,
            p_created_from, coalesce(p_deleted, false), p_created_to, null::integer, v_digits, null::integer, v_segment, v_run;
    v_total := greatest(c_exact_cap + 1, coalesce((v_plan -> 0 -> 'Plan' ->> 'Plan Rows')::numeric, 0)::bigint);
  end if;

  -- The page is cut first (inner query); tags and the segment are gathered for its rows only.
  return query execute format($q$
    select p.id, p.name, p.whatsapp, p.phone, p.email, p.address, p.city, p.type, p.status, p.balance,
           p.created_at, p.updated_at, p.deleted_at, p.deleted_reason,
           coalesce((select jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name, 'color', t.color) order by t.name)
                       from public.customer_tags ct join public.tags t on t.id = ct.tag_id
                      where ct.business_id = $1 and ct.customer_id = p.id), '[]'::jsonb),
           $18::bigint, $19::boolean,
           (select r.segment::text from public.customer_rfm r where r.customer_id = p.id)
    from (
      select c.id, c.name, c.whatsapp, c.phone, c.email::text as email, c.address, c.city, c.type, c.status, c.balance,
             c.created_at, c.updated_at, c.deleted_at, c.deleted_reason,
             row_number() over () as rn
      from (
        select c.* from public.customers c
        where %1$s
        order by %2$s
        limit $13 offset $15
      ) c
    ) p
    order by p.rn
  $q$, v_where, v_order)
  using p_business_id, v_q, v_like, p_status, p_type, p_tag_id, p_balance, p_balance_min, p_balance_max,
        p_created_from, coalesce(p_deleted, false), p_created_to,
        least(greatest(coalesce(p_limit, 25), 1), 100), v_digits, greatest(coalesce(p_offset, 0), 0),
        v_segment, v_run, v_total, v_exact;
end
$$;
comment on function public.search_customers(uuid, text, public.customer_status, public.customer_type, uuid, text, numeric, numeric, date, date, boolean, text, text, integer, integer, text) is
  'Customer list (viewer+ of the business, checked once): typo-tolerant search (pg_trgm) on name/city, substring on email/WhatsApp digits, filters (incl. current RFM segment or ''none''), whitelisted sort, offset pagination (limit <= 100). total_count is exact up to 10,000 matches (total_exact true), else a planner estimate (total_exact false); a broad search (>= 1,000 matches) reads only its page and estimates its total unless the page shows the end. Dates are WIB calendar days. Each row carries its segment (null = none).';
revoke execute on function public.search_customers(uuid, text, public.customer_status, public.customer_type, uuid, text, numeric, numeric, date, date, boolean, text, text, integer, integer, text) from public, anon;
grant execute on function public.search_customers(uuid, text, public.customer_status, public.customer_type, uuid, text, numeric, numeric, date, date, boolean, text, text, integer, integer, text) to authenticated, service_role;
