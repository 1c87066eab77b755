-- export_customers_page with the list's filters (private.customer_filters_sql) and segment
-- test (private.customer_segment_sql): 20260703000100_customer_search_broad.sql.

-- The export: the list's segment test (per customer, through the current run; see above).
create or replace function public.export_customers_page(
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
  -- "Export selected": only these ids (of this business), whatever the other filters say.
  p_ids uuid[] default null,
  -- Keyset: the (created_at, id) of the last row of the previous page; null for the first page.
  p_after_created_at timestamptz default null,
  p_after_id uuid default null,
  p_limit integer default 1000,
  -- As search_customers: an rfm_segment value, or 'none' (no current segment). Null = any.
  p_segment text default null
)
returns table (
  id uuid, name text, whatsapp text, phone text, email text, address text, city text,
  type public.customer_type, status public.customer_status, balance numeric,
  tags text, transactions_count integer, total_spent numeric, last_purchase_date date,
  segment text, created_at timestamptz, deleted_at timestamptz
)
language plpgsql
-- volatile: the shared search rule sets planner settings for its probe (set_config); it writes nothing.
volatile
security definer
set search_path = ''
-- The same typo threshold as search_customers (its rows, row for row).
set pg_trgm.word_similarity_threshold = '0.5'
-- As search_customers: one business's rows, through indexes (the per-customer segment test).
set enable_seqscan = off
as $$
declare
  v_q text := nullif(btrim(coalesce(p_search, '')), '');
  v_like text;
  v_digits text;
  v_where text;
  v_segment public.rfm_segment;
  v_run uuid;
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
  if p_business_id is null or not private.can_read_business(p_business_id) then
    raise exception 'not allowed to read this business' using errcode = '42501', hint = 'forbidden';
  end if;

  -- The business's current RFM run: each row's segment and the segment filter read through it.
  select r.id into v_run from public.rfm_runs r where r.business_id = p_business_id and r.is_current;

  -- Same escaping and digit rules as search_customers: the search text is data, never SQL.
  v_like := '%' || replace(replace(replace(v_q, '\', '\\'), '%', '\%'), '_', '\_') || '%';
  v_digits := regexp_replace(coalesce(v_q, ''), '\D', '', 'g');
  v_digits := case when v_digits like '0%' then '62' || substr(v_digits, 2) else v_digits end;
  v_digits := case when length(v_digits) >= 4 then '%' || v_digits || '%' end;

  if p_ids is not null then
    v_where := 'c.business_id = $1 and c.id = any($13)';
  else
    -- The list's filters, from the same helper as search_customers.
    v_where := private.customer_filters_sql(p_deleted, p_status, p_type, p_tag_id, p_balance, p_balance_min, p_balance_max,
                                            p_created_from, p_created_to);
    if p_segment is not null then
      v_where := v_where || ' and ' || private.customer_segment_sql('c.id', '$19')
        || case when p_segment = 'none' then ' is null' else ' = $18' end;
    end if;
    if v_q is not null then
      -- The match set of search_customers, by the same rule (private.customer_search_arms):
      -- substring matches only when a page of customers contain the text, else also
      -- trigram-similar names and cities.
      v_where := v_where || ' and (' || array_to_string(private.customer_search_arms(p_business_id, v_q, coalesce(p_deleted, false)), ' or ') || ')';
    end if;
  end if;
  if p_after_created_at is not null and p_after_id is not null then
    v_where := v_where || ' and (c.created_at, c.id) < ($15, $16)';
  end if;

  return query execute format($q$
    select c.id, c.name, c.whatsapp, c.phone, c.email::text, c.address, c.city, c.type, c.status, c.balance,
           (select string_agg(t.name::text, ', ' order by t.name)
              from public.customer_tags ct join public.tags t on t.id = ct.tag_id
             where ct.business_id = $1 and ct.customer_id = c.id),
           coalesce(s.transactions_count, 0), coalesce(s.total_spent, 0)::numeric, s.last_purchase_date,
           %2$s::text,
           c.created_at, c.deleted_at
    from (
      select c.* from public.customers c
      where %1$s
      order by c.created_at desc, c.id desc
      limit $17
    ) c
    left join public.customer_stats s on s.business_id = $1 and s.customer_id = c.id
    order by c.created_at desc, c.id desc
  $q$, v_where, private.customer_segment_sql('c.id', '$19'))
  using p_business_id, v_q, v_like, p_status, p_type, p_tag_id, p_balance, p_balance_min, p_balance_max,
        p_created_from, coalesce(p_deleted, false), p_created_to, p_ids, v_digits,
        p_after_created_at, p_after_id, least(greatest(coalesce(p_limit, 1000), 1), 5000), v_segment, v_run;
end
$$;
comment on function public.export_customers_page(uuid, text, public.customer_status, public.customer_type, uuid, text, numeric, numeric, date, date, boolean, uuid[], timestamptz, uuid, integer, text) is
  'Viewer+ (checked once): one keyset page (created_at desc, id desc; limit <= 5000) of the customer list with the filters of search_customers, or only p_ids. Tag names joined, lifetime figures from customer_stats, current RFM segment from customer_rfm. Used by the streamed CSV/XLSX export.';
revoke execute on function public.export_customers_page(uuid, text, public.customer_status, public.customer_type, uuid, text, numeric, numeric, date, date, boolean, uuid[], timestamptz, uuid, integer, text) from public, anon;
grant execute on function public.export_customers_page(uuid, text, public.customer_status, public.customer_type, uuid, text, numeric, numeric, date, date, boolean, uuid[], timestamptz, uuid, integer, text) to authenticated, service_role;
