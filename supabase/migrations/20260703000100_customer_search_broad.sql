-- Customer list at 100k customers: broad searches read a page, not every match (issue 3).
--
-- Measured at 100k customers / 1M sales (EXPLAIN ANALYZE, one request): a plain search with
-- thousands of matches ("budi" 5,003, "pratama" 7,923) cost 20-26 ms in search_customers, a
-- typo with thousands ("santso": 7,920 Santosos) 30-42 ms, because every match was fetched,
-- rechecked (ILIKE ~1.7 us, word similarity ~4 us per row), counted and sorted to show 25 of
-- them. At 10 concurrent requests on 2 cores that queued to a list p95 of ~250 ms.
--
-- Now a search that is broad (>= 1,000 plain matches, or a typo search the planner expects to
-- match >= 1,000, still >= 1,000 expected with every filter) first walks the sort column's
-- index and tests the rows in order until the page is full, reading at most 6,000 rows (a
-- plain search, ~3.5 us a row) or 4,000 (a typo search, ~7 us): when the matches are spread
-- over the sort order (a surname sorted by name, any text by date or balance) the page costs
-- a few hundred row tests. It walks only when it expects to read well under the bound and at
-- most half the cost of gathering every candidate. Its total is then estimated from the rows
-- it read (total_exact false, "sekitar N", as the issue allows where exact is slow). When the
-- walk does not fill the page (the matches are bunched, e.g. a first name sorted by name, or
-- a filter leaves few), or the sort has no usable index, the matches are gathered from the
-- trigram indexes as before, only the page kept (top-N) and counted with a window. Plain
-- searches sorted by name skip the walk (first names bunch in name order). Fewer than 1,000
-- matches: exact, as before.

-- The literal-or-typo rule is unchanged (private.customer_search_arms, shared with the export);
-- its probe now counts plain matches up to a cap the caller chooses
-- (private.customer_search_plan), so the list learns "broad" from the same probe.
--
-- The segment filter and column read the current run directly (private.customer_segment_sql,
-- below): this file sorts after 20260702000100_rfm_current_view.sql, which made
-- public.customer_rfm a view, on purpose.

create function private.customer_search_plan(p_business_id uuid, p_q text, p_deleted boolean, p_count_cap integer)
returns table (arms text[], plain_matches integer, typo boolean)
language plpgsql
-- volatile only for set_config (planner settings for the probe, transaction-local); it writes nothing.
volatile
set search_path = ''
as $$
declare
  -- Typo tolerance joins in when fewer plain (substring) matches than this exist.
  c_fuzzy_below constant integer := 25;
  v_q text := nullif(btrim(coalesce(p_q, '')), '');
  v_like text;
  v_digits text;
  v_arms text[];
  v_plain integer;
  v_seqscan text;
  v_indexscan text;
begin
  if v_q is null then return; end if;
  -- The same escaping and digit rules as the callers (the text is data, never SQL).
  v_like := '%' || replace(replace(replace(v_q, '\', '\\'), '%', '\%'), '_', '\_') || '%';
  v_digits := regexp_replace(v_q, '\D', '', 'g');
  v_digits := case when v_digits like '0%' then '62' || substr(v_digits, 2) else v_digits end;
  v_digits := case when length(v_digits) >= 4 then '%' || v_digits || '%' end;

  v_arms := array['c.name ilike $3', 'c.city ilike $3', 'c.email::text ilike $3'];
  if v_digits is not null then v_arms := v_arms || 'c.whatsapp like $14'::text; end if;
  -- Through the trigram indexes (bitmap scans only): with a LIMIT the planner would rather walk
  -- the table or another index, which for a text that matches nothing means testing every
  -- customer of the business.
  v_seqscan := current_setting('enable_seqscan');
  v_indexscan := current_setting('enable_indexscan');
  perform set_config('enable_seqscan', 'off', true);
  perform set_config('enable_indexscan', 'off', true);
  execute format('select count(*) from (select 1 from public.customers c where c.business_id = $1 and %s and (%s) limit %s) s',
                 case when coalesce(p_deleted, false) then 'c.deleted_at is not null' else 'c.deleted_at is null' end,
                 array_to_string(v_arms, ' or '), greatest(coalesce(p_count_cap, c_fuzzy_below), c_fuzzy_below))
    into v_plain
    using p_business_id, v_q, v_like, null::text, null::text, null::text, null::text, null::text, null::text,
          null::text, null::text, null::text, null::text, v_digits;
  perform set_config('enable_seqscan', v_seqscan, true);
  perform set_config('enable_indexscan', v_indexscan, true);
  if v_plain < c_fuzzy_below then
    -- The similarity tests as arms of their own, after each column's ILIKE arm, written
    -- `column %> text` (the same test as `text <% column`, in the form of the trigram index
    -- condition). As `(ilike or <%)` in one arm the planner kept the condition as a row filter
    -- on top of the index recheck: two similarity computations per candidate, ~5 us each.
    v_arms := array['c.name ilike $3', 'c.name operator(extensions.%>) $2',
                    'c.city ilike $3', 'c.city operator(extensions.%>) $2'] || v_arms[3:];
  end if;
  return query select v_arms, v_plain, v_plain < c_fuzzy_below;
end
$$;
comment on function private.customer_search_plan(uuid, text, boolean, integer) is
  'The customer search rule: SQL arms (alias c; $2 text, $3 LIKE pattern, $14 WhatsApp digits), the number of plain matches counted up to p_count_cap (at least 25), and whether typo-similar names and cities were added (fewer than 25 plain matches).';
revoke execute on function private.customer_search_plan(uuid, text, boolean, integer) from public;

-- The export's entry point: the same rule with the smallest probe.
create or replace function private.customer_search_arms(p_business_id uuid, p_q text, p_deleted boolean)
returns text[]
language sql
volatile
set search_path = ''
as $$
  select p.arms from private.customer_search_plan(p_business_id, p_q, p_deleted, 25) p
$$;

-- The walk reads a sort column's index in the list's order, ties broken by id. Balances and
-- cities repeat (every new customer's balance is 0), so without id in the index a walk by
-- balance sorted a whole tie group first (100k customers at 0: 110 ms instead of 3).
-- City: ascending only (the index's nulls-last order is the list's; descending nulls last is not).
create index customers_business_city_idx on public.customers (business_id, city, id);
create index customers_business_balance_id_idx on public.customers (business_id, balance, id);
drop index public.customers_business_balance_idx;

-- The list's filters as SQL (alias c; the callers' shared parameter numbers: $1 business,
-- $4 status, $5 type, $6 tag, $8 / $9 balance bounds, $10 / $12 created dates in WIB), only
-- those given: no `$n is null or ...` arms, so the planner sees plain conditions. One
-- definition for search_customers and export_customers_page, which must select alike.
create function private.customer_filters_sql(
  p_deleted boolean, p_status public.customer_status, p_type public.customer_type, p_tag_id uuid, p_balance text,
  p_balance_min numeric, p_balance_max numeric, p_created_from date, p_created_to date)
returns text
language sql
immutable
set search_path = ''
as $$
  select concat_ws(' and ',
    'c.business_id = $1',
    case when coalesce(p_deleted, false) then 'c.deleted_at is not null' else 'c.deleted_at is null' end,
    case when p_status is not null then 'c.status = $4' end,
    case when p_type is not null then 'c.type = $5' end,
    case when p_tag_id is not null then 'exists (select 1 from public.customer_tags ct where ct.business_id = $1 and ct.tag_id = $6 and ct.customer_id = c.id)' end,
    case p_balance when 'credit' then 'c.balance > 0' when 'debt' then 'c.balance < 0' when 'zero' then 'c.balance = 0' end,
    case when p_balance_min is not null then 'c.balance >= $8' end,
    case when p_balance_max is not null then 'c.balance <= $9' end,
    case when p_created_from is not null then 'c.created_at >= ($10::date::timestamp at time zone ''Asia/Jakarta'')' end,
    case when p_created_to is not null then 'c.created_at < (($12::date + 1)::timestamp at time zone ''Asia/Jakarta'')' end)
$$;
revoke execute on function private.customer_filters_sql(boolean, public.customer_status, public.customer_type, uuid, text, numeric, numeric, date, date) from public;

-- The current RFM segment as SQL text for the list's dynamic queries. Since
-- 20260702000100_rfm_current_view.sql, public.customer_rfm is a view (the current run's
-- rfm_results unless customer_rfm_overrides holds a newer row); testing a customer through it
-- costs ~4 index probes and mis-estimates, which made "pratama" + a segment 75-265 ms at 100k
-- customers. With the current run id resolved once per call ($17 in the callers):
-- the override if there is one (its segment may be null: the customer lost their row since
-- the run), else the run's result; two primary-key probes. The array keeps "override with no
-- segment" apart from "no override" inside coalesce. (As a set, for the plain list:
-- private.rfm_current_customer_ids of 20260702000100.)
create function private.customer_segment_sql(p_customer text, p_run text)
returns text
language sql
immutable
set search_path = ''
as $$
  select format('(coalesce((select array[o.segment] from public.customer_rfm_overrides o where o.customer_id = %1$s), '
                '(select array[x.segment] from public.rfm_results x where x.run_id = %2$s and x.customer_id = %1$s)))[1]',
                p_customer, p_run)
$$;
revoke execute on function private.customer_segment_sql(text, text) from public;
