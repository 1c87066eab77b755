-- The customer list's search, cheaper per request (issue 3, list p95 at 10 concurrent requests):
-- the schema and the search rule here, search_customers itself in 20260803000110.
--
-- Measured on the bench's data (100k customers, 1M sales, a real RFM run): the 48 distinct list
-- requests of bench:customers replayed as SQL, old and new functions alternated request by
-- request in one session (three rounds): mean 12.4 -> 9.8 ms and 13.8 -> 11.1 ms with 1-3
-- and 20260803000110's sorted path and typo walk; "pratama" + a segment (the slowest kind)
-- 23.8 -> 17.4 ms, "santso" by name 16.2 -> 11.8, "lestari" by name 16.7 -> 12.5; then 4
-- and 20260803000110's incremental sort: "pratama" + a segment 13.2 -> 12.0 ms. Every page,
-- total and segment identical on all 48.
--
-- 1. A trigram index of the names without business_id. Most of the cost of a broad name
--    search's bitmap was btree_gin's business_id key: every scan intersected the trigrams'
--    postings with the business's own posting tree, all 100k of it for a business that fills
--    the table ("rina kusuma" 2.7 -> 1.6 ms a scan, "pratama" 4.5 -> 3.4). The planner now has
--    both: the trigram-only index where one business is nearly all of the table, the
--    (business_id, trigram) one where businesses share it (the recheck would otherwise read
--    the other businesses' matches): with a 100k, nine 10k and a 500-customer business in one
--    table, all three sizes took the composite index.
-- 2. customers.name_lower, lower(name) stored: the name arms are `name_lower LIKE lower(text)`,
--    the same rows as `name ILIKE text` (PostgreSQL's ILIKE is lower() of both sides, then
--    LIKE), without lowering every candidate's name again: ~0.4 us a row (~3 ms for the 7,900
--    rows "pratama" rechecks) -> ~0.03. The trigram indexes are on it (pg_trgm lowers anyway,
--    so the typo arms' similarity is the same). Not audited: it is the name again.
-- 3. The name order's index ends in id, the list's tie-break: (business_id, name, id).
-- 4. rfm_results' primary key carries the segment (INCLUDE): a customer's segment in a run,
--    what the list tests per candidate and shows per row, is an index-only probe once the
--    run's rows are vacuumed (autovacuum does so after a run's inserts); the plain list's
--    segment filter reads the run's range of the index alone. The run writes 4 bytes more
--    per key: rfm_run on 99k customers 0.84-0.94 s either way (two runs each, alternated).

alter table public.customers add column name_lower text generated always as (lower(name)) stored;
comment on column public.customers.name_lower is
  'lower(name), kept by the database: the search''s LIKE and trigram tests (20260803000100).';

drop index public.customers_search_name_trgm;
create index customers_search_name_trgm on public.customers
  using gin (business_id, name_lower extensions.gin_trgm_ops);
create index customers_search_name_any_trgm on public.customers
  using gin (name_lower extensions.gin_trgm_ops);

drop index public.customers_business_name_idx;
create index customers_business_name_idx on public.customers (business_id, name, id);

alter table public.rfm_results drop constraint rfm_results_pkey,
  add constraint rfm_results_pkey primary key (run_id, customer_id) include (segment);

-- The audit trail keeps the name; its lowered copy would only repeat it in every diff.
drop trigger audit_row_change on public.customers;
create trigger audit_row_change after insert or update or delete on public.customers
  for each row when (coalesce(current_setting('sma.bulk_import', true), '') <> 'on')
  execute function private.audit_row_change('business_id', 'id', 'name_lower');

-- The search rule (20260801000120) with the name arms on name_lower.
create or replace function private.customer_search_plan(p_business_id uuid, p_q text, p_deleted boolean, p_count_cap integer)
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
  -- 0: the plain arms only, uncounted (search_customers counts them itself, see v_defer).
  v_cap integer := case when p_count_cap = 0 then 0 else greatest(coalesce(p_count_cap, c_fuzzy_below), c_fuzzy_below) end;
  v_prefix text;
  v_prefixed integer;
  v_bitmapscan text;
begin
  if v_q is null then return; end if;
  -- The same escaping and digit rules as the callers (the text is data, never SQL).
  v_like := '%' || replace(replace(replace(v_q, '\', '\\'), '%', '\%'), '_', '\_') || '%';
  v_digits := regexp_replace(v_q, '\D', '', 'g');
  v_digits := case when v_digits like '0%' then '62' || substr(v_digits, 2) else v_digits end;
  v_digits := case when length(v_digits) >= 4 then '%' || v_digits || '%' end;

  -- The name arms read name_lower (20260803000100): LIKE lower(text) is name ILIKE text.
  v_arms := array['c.name_lower like lower($3)', 'c.city ilike $3', 'c.email::text ilike $3'];
  if v_digits is not null then v_arms := v_arms || 'c.whatsapp like $14'::text; end if;
  if v_cap = 0 then
    return query select v_arms, null::integer, false;
    return;
  end if;
  -- Names starting with the text (see the header): enough of them answer the cap.
  if not coalesce(p_deleted, false) then
    v_prefix := lower(replace(replace(replace(v_q, '\', '\\'), '%', '\%'), '_', '\_'));
    -- Planned for these values (EXECUTE): a cached generic plan could leave the range index.
    -- An index scan, which stops at the cap: the planner, expecting few LIKE matches, chose a
    -- bitmap of the whole range (6,250 entries for "lestari", ~1 ms; with ORDER BY, a bitmap
    -- and a sort). chr(1114111), the last code point, bounds the range (a UTF-8 database).
    v_bitmapscan := current_setting('enable_bitmapscan');
    perform set_config('enable_bitmapscan', 'off', true);
    execute format('select count(*) from (select 1 from public.customers c
                     where c.business_id = $1 and c.deleted_at is null
                       and lower(c.name) >= $2 and lower(c.name) < $2 || chr(1114111) and lower(c.name) like $3
                     limit %s) s', v_cap)
      into v_prefixed
      using p_business_id, lower(v_q), v_prefix || '%';
    perform set_config('enable_bitmapscan', v_bitmapscan, true);
    if v_prefixed >= v_cap then
      return query select v_arms, v_cap, false;
      return;
    end if;
  end if;
  -- Through the trigram indexes (bitmap scans only): with a LIMIT the planner would rather walk
  -- the table or another index, which for a text that matches nothing means testing every
  -- customer of the business.
  v_seqscan := current_setting('enable_seqscan');
  v_indexscan := current_setting('enable_indexscan');
  perform set_config('enable_seqscan', 'off', true);
  perform set_config('enable_indexscan', 'off', true);
  execute format('select count(*) from (select 1 from public.customers c where c.business_id = $1 and %s and (%s) limit %s) s',
                 case when coalesce(p_deleted, false) then 'c.deleted_at is not null' else 'c.deleted_at is null' end,
                 array_to_string(v_arms, ' or '), v_cap)
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
    v_arms := array['c.name_lower like lower($3)', 'c.name_lower operator(extensions.%>) $2',
                    'c.city ilike $3', 'c.city operator(extensions.%>) $2'] || v_arms[3:];
  end if;
  return query select v_arms, v_plain, v_plain < c_fuzzy_below;
end
$$;
comment on function private.customer_search_plan(uuid, text, boolean, integer) is
  'The customer search rule: SQL arms (alias c; $2 text, $3 LIKE pattern, $14 WhatsApp digits), the number of plain matches counted up to p_count_cap (at least 25), and whether typo-similar names and cities were added (fewer than 25 plain matches). p_count_cap 0: the plain arms alone, uncounted (null, false).';
revoke execute on function private.customer_search_plan(uuid, text, boolean, integer) from public;
