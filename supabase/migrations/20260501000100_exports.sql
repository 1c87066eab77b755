-- Exports (issue 4, item 8): the customer list and the sales list as CSV / XLSX files.
--
--   public.export_customers_page     one keyset page of the filtered customer list
--   public.export_transactions_page  one keyset page of the filtered sales list
--
-- The app streams a file by calling these page after page (1,000 rows each) and writing every
-- page to the response before it asks for the next one, so memory stays flat however many rows
-- match. Keyset (the last row's sort key), not OFFSET: page 100 costs what page 1 costs.
--
-- Filters are the list's own: export_customers_page takes the filter parameters of
-- public.search_customers (same names, same meaning, WIB calendar days) and builds the same
-- conditions; tests/integration/exports.test.ts compares both row sets and fails when
-- search_customers gains a filter parameter this function does not have. The order is fixed
-- (newest customer first / newest sale first): a keyset needs a total order on indexed columns.
--
-- Both are security definer and check viewer+ (private.can_read_business) ONCE per page instead
-- of the RLS policy per row; another business's id raises 42501 'forbidden'.

-- ---------------------------------------------------------------------------------------
-- Customers
-- ---------------------------------------------------------------------------------------
create function public.export_customers_page(
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
stable
security definer
set search_path = ''
as $$
declare
  v_q text := nullif(btrim(coalesce(p_search, '')), '');
  v_like text;
  v_digits text;
  v_where text;
  v_segment public.rfm_segment;
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

  -- Same escaping and digit rules as search_customers: the search text is data, never SQL.
  v_like := '%' || replace(replace(replace(v_q, '\', '\\'), '%', '\%'), '_', '\_') || '%';
  v_digits := regexp_replace(coalesce(v_q, ''), '\D', '', 'g');
  v_digits := case when v_digits like '0%' then '62' || substr(v_digits, 2) else v_digits end;
  v_digits := case when length(v_digits) >= 4 then '%' || v_digits || '%' end;

  v_where := 'c.business_id = $1';
  if p_ids is not null then
    v_where := v_where || ' and c.id = any($13)';
  else
    v_where := v_where || case when coalesce(p_deleted, false) then ' and c.deleted_at is not null' else ' and c.deleted_at is null' end;
    if p_status is not null then v_where := v_where || ' and c.status = $4'; end if;
    if p_type is not null then v_where := v_where || ' and c.type = $5'; end if;
    if p_tag_id is not null then
      v_where := v_where || ' and exists (select 1 from public.customer_tags ct where ct.business_id = $1 and ct.tag_id = $6 and ct.customer_id = c.id)';
    end if;
    v_where := v_where || case p_balance
      when 'credit' then ' and c.balance > 0' when 'debt' then ' and c.balance < 0' when 'zero' then ' and c.balance = 0'
      else '' end;
    if p_balance_min is not null then v_where := v_where || ' and c.balance >= $8'; end if;
    if p_balance_max is not null then v_where := v_where || ' and c.balance <= $9'; end if;
    if p_created_from is not null then
      v_where := v_where || ' and c.created_at >= ($10::date::timestamp at time zone ''Asia/Jakarta'')';
    end if;
    if p_created_to is not null then
      v_where := v_where || ' and c.created_at < (($12::date + 1)::timestamp at time zone ''Asia/Jakarta'')';
    end if;
    if p_segment = 'none' then
      v_where := v_where || ' and not exists (select 1 from public.customer_rfm r where r.customer_id = c.id)';
    elsif v_segment is not null then
      v_where := v_where || ' and exists (select 1 from public.customer_rfm r where r.customer_id = c.id and r.business_id = $1 and r.segment = $18)';
    end if;
    if v_q is not null then
      -- The match set of search_customers: name / city (ILIKE or trigram), email, WhatsApp digits.
      v_where := v_where || ' and (c.name ilike $3 or $2 operator(extensions.<%) c.name'
        || ' or c.city ilike $3 or $2 operator(extensions.<%) c.city or c.email::text ilike $3'
        || case when v_digits is not null then ' or c.whatsapp like $14' else '' end || ')';
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
           (select r.segment::text from public.customer_rfm r where r.customer_id = c.id),
           c.created_at, c.deleted_at
    from (
      select c.* from public.customers c
      where %s
      order by c.created_at desc, c.id desc
      limit $17
    ) c
    left join public.customer_stats s on s.business_id = $1 and s.customer_id = c.id
    order by c.created_at desc, c.id desc
  $q$, v_where)
  using p_business_id, v_q, v_like, p_status, p_type, p_tag_id, p_balance, p_balance_min, p_balance_max,
        p_created_from, coalesce(p_deleted, false), p_created_to, p_ids, v_digits,
        p_after_created_at, p_after_id, least(greatest(coalesce(p_limit, 1000), 1), 5000), v_segment;
end
$$;
comment on function public.export_customers_page(uuid, text, public.customer_status, public.customer_type, uuid, text, numeric, numeric, date, date, boolean, uuid[], timestamptz, uuid, integer, text) is
  'Viewer+ (checked once): one keyset page (created_at desc, id desc; limit <= 5000) of the customer list with the filters of search_customers, or only p_ids. Tag names joined, lifetime figures from customer_stats, current RFM segment from customer_rfm. Used by the streamed CSV/XLSX export.';
revoke execute on function public.export_customers_page(uuid, text, public.customer_status, public.customer_type, uuid, text, numeric, numeric, date, date, boolean, uuid[], timestamptz, uuid, integer, text) from public, anon;
grant execute on function public.export_customers_page(uuid, text, public.customer_status, public.customer_type, uuid, text, numeric, numeric, date, date, boolean, uuid[], timestamptz, uuid, integer, text) to authenticated, service_role;

-- ---------------------------------------------------------------------------------------
-- Transactions
-- ---------------------------------------------------------------------------------------
create function public.export_transactions_page(
  p_business_id uuid,
  p_customer_id uuid default null,
  p_from date default null,
  p_to date default null,
  p_min_amount numeric default null,
  p_max_amount numeric default null,
  -- completed | voided | all, as GET /api/transactions.
  p_status text default 'completed',
  -- Keyset: (transaction_date, id) of the last row of the previous page.
  p_after_date date default null,
  p_after_id uuid default null,
  p_limit integer default 1000
)
returns table (
  id uuid, transaction_date date, customer_id uuid, customer_name text, customer_whatsapp text,
  amount numeric, payment_method text, status public.transaction_status, items text, notes text,
  void_reason text, created_at timestamptz
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if coalesce(p_status, 'completed') not in ('completed', 'voided', 'all') then
    raise exception 'invalid status filter' using errcode = '22023', hint = 'status_filter_invalid';
  end if;
  if p_business_id is null or not private.can_read_business(p_business_id) then
    raise exception 'not allowed to read this business' using errcode = '42501', hint = 'forbidden';
  end if;

  return query
    select t.id, t.transaction_date, t.customer_id, c.name, c.whatsapp, t.amount, t.payment_method, t.status,
           (select string_agg(i.name || ' x' || trim(trailing '.' from trim(trailing '0' from i.quantity::text)), '; ' order by i.position)
              from public.transaction_items i where i.transaction_id = t.id),
           t.notes, t.void_reason, t.created_at
    from (
      select t.* from public.transactions t
      where t.business_id = p_business_id
        and (coalesce(p_status, 'completed') = 'all' or t.status = coalesce(p_status, 'completed')::public.transaction_status)
        and (p_customer_id is null or t.customer_id = p_customer_id)
        and (p_from is null or t.transaction_date >= p_from)
        and (p_to is null or t.transaction_date <= p_to)
        and (p_min_amount is null or t.amount >= p_min_amount)
        and (p_max_amount is null or t.amount <= p_max_amount)
        and (p_after_date is null or p_after_id is null or (t.transaction_date, t.id) < (p_after_date, p_after_id))
      order by t.transaction_date desc, t.id desc
      limit least(greatest(coalesce(p_limit, 1000), 1), 5000)
    ) t
    join public.customers c on c.id = t.customer_id
    order by t.transaction_date desc, t.id desc;
end
$$;
comment on function public.export_transactions_page(uuid, uuid, date, date, numeric, numeric, text, date, uuid, integer) is
  'Viewer+ (checked once): one keyset page (transaction_date desc, id desc; limit <= 5000) of the sales list with the filters of GET /api/transactions, with customer name/WhatsApp and the items as text. Used by the streamed CSV/XLSX export.';
revoke execute on function public.export_transactions_page(uuid, uuid, date, date, numeric, numeric, text, date, uuid, integer) from public, anon;
grant execute on function public.export_transactions_page(uuid, uuid, date, date, numeric, numeric, text, date, uuid, integer) to authenticated, service_role;
