-- The customer search rule's probe answers "at least N plain matches" from the names that
-- start with the text when there are enough of them (issue 3, list p95).
--
-- private.customer_search_plan (20260703000100) counts the plain (substring) matches up to a
-- cap (25 for the typo rule, 1,000 where the list decides "broad") through the trigram
-- indexes: a bitmap scan reads every posting of the text's trigrams before the first row is
-- counted, then rechecks up to cap rows, and the list reads the same postings again for its
-- page. A name that starts with the text is a plain match (lower(name) LIKE 'text%' implies
-- name ILIKE '%text%', which PostgreSQL evaluates on lower() of both sides), so when at least
-- cap live names start with the text, the answer comes from a range of the
-- (business_id, lower(name)) index that stops at the cap. Measured at 100k customers (SQL of
-- the list request, best of 8): "budi" by balance 7.0 -> 3.9 ms, "joko" 9.2 -> 6.4 ms
-- (cap 1,000), "lestari" by name ~1.5 ms less (cap 25). When fewer names start with the text
-- ("rina kusuma": 521 of the 1,000 asked, +~0.5 ms; surnames, typos: a few index pages) or
-- for the deleted list (which that partial index does not cover), the trigram count runs as
-- before. The range bounds only limit the scan; the LIKE test decides, so a collation that
-- orders differently can only make the shortcut miss, never count a row that is not a match.
-- Same arguments and results as before; the export (customer_search_arms) gains the same.

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
  v_cap integer := greatest(coalesce(p_count_cap, c_fuzzy_below), c_fuzzy_below);
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

  v_arms := array['c.name ilike $3', 'c.city ilike $3', 'c.email::text ilike $3'];
  if v_digits is not null then v_arms := v_arms || 'c.whatsapp like $14'::text; end if;
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
    v_arms := array['c.name ilike $3', 'c.name operator(extensions.%>) $2',
                    'c.city ilike $3', 'c.city operator(extensions.%>) $2'] || v_arms[3:];
  end if;
  return query select v_arms, v_plain, v_plain < c_fuzzy_below;
end
$$;
comment on function private.customer_search_plan(uuid, text, boolean, integer) is
  'The customer search rule: SQL arms (alias c; $2 text, $3 LIKE pattern, $14 WhatsApp digits), the number of plain matches counted up to p_count_cap (at least 25), and whether typo-similar names and cities were added (fewer than 25 plain matches).';
revoke execute on function private.customer_search_plan(uuid, text, boolean, integer) from public;
