-- Customer list at scale (issue 3 targets: 100,000 customers, 1,000,000 transactions).
--
-- What was slow in 20260201000100_customers.sql:
--   * search_customers ran as the caller, so the RLS policy has_role_on_business() was
--     evaluated once per row of the business (a security definer SQL function cannot be
--     inlined): ~70 us x 100,000 rows before anything else happened;
--   * its WHERE clause was one static text with `$n is null or ...` arms, and the trigram
--     indexes were not used (sequential scan of the business);
--   * count(*) over () counted every match on every call, and row_number() over the whole
--     match set sorted all of it to cut one page;
--   * customer_list_stats joined every transaction under RLS (the same per-row check on
--     1,000,000 rows).
--
-- Now:
--   * both functions are security definer and check the caller's role on the business ONCE
--     (the same has_role_on_business(business, 'viewer') the RLS policies use; the service
--     role, which bypasses RLS, keeps reading as before); a non-member still gets no rows
--     (search) or zeros (stats), exactly as RLS answered before;
--   * search_customers builds its WHERE from the filters actually given, so every search arm
--     (name / city typo-tolerant, email, WhatsApp digits) is a plain OR the planner turns into
--     a BitmapOr over the per-column trigram indexes;
--   * the page is an ordinary ORDER BY ... LIMIT/OFFSET (indexed on (business_id, column)
--     when there is no search);
--   * total_count is exact up to 10,000 matches (a count capped at 10,001 rows); above that
--     it is the planner's estimate (never below 10,001) and total_exact is false, which the
--     list shows as "sekitar N".

-- ---------------------------------------------------------------------------------------
-- Who may read a business's customer figures: a member (viewer+), or the service role.
-- ---------------------------------------------------------------------------------------
create or replace function private.can_read_business(p_business_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select public.has_role_on_business(p_business_id, 'viewer')
      or coalesce(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role', '') = 'service_role'
$$;
comment on function private.can_read_business(uuid) is
  'True for a viewer+ member of the business (has_role_on_business) or the service role: the read check of the security definer list functions, evaluated once per call instead of per row.';

-- ---------------------------------------------------------------------------------------
-- search_customers: same parameters and rows as before, plus total_exact.
-- ---------------------------------------------------------------------------------------
drop function public.search_customers(uuid, text, public.customer_status, public.customer_type, uuid, text, numeric, numeric, date, date, boolean, text, text, integer, integer);

create function public.search_customers(
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
  p_offset integer default 0
)
returns table (
  id uuid, name text, whatsapp text, phone text, email text, address text, city text,
  type public.customer_type, status public.customer_status, balance numeric,
  created_at timestamptz, updated_at timestamptz, deleted_at timestamptz, deleted_reason text,
  tags jsonb, total_count bigint, total_exact boolean
)
language plpgsql
-- volatile only because the estimate runs EXPLAIN (not allowed in a stable function); it writes nothing.
volatile
security definer
set search_path = ''
as $$
declare
  -- Counted exactly up to this many matches; beyond it the total is an estimate.
  c_exact_cap constant integer := 10000;
  v_q text := nullif(btrim(coalesce(p_search, '')), '');
  v_like text;
  v_digits text;
  v_sort text;
  v_dir text := case when lower(coalesce(p_direction, '')) = 'asc' then 'asc' else 'desc' end;
  v_order text;
  v_where text;
  v_search text;
  v_key text;
  v_arms text[];
  v_page jsonb;
  v_total bigint;
  v_exact boolean := true;
  v_plan jsonb;
begin
  if p_balance is not null and p_balance not in ('credit', 'debt', 'zero') then
    raise exception 'invalid balance filter' using errcode = '22023', hint = 'balance_filter_invalid';
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

  -- The filters that apply (no `$n is null or ...` arms, so the planner sees plain conditions).
  v_where := 'c.business_id = $1 and '
    || case when coalesce(p_deleted, false) then 'c.deleted_at is not null' else 'c.deleted_at is null' end;
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

  if v_q is not null then
    -- Search: one arm per indexed condition (customers_search_{name,city,email,whatsapp}_trgm),
    -- each evaluated once per candidate; the union is the match set. While it holds at most
    -- c_exact_cap rows it is counted and paged in this one statement.
    v_key := case v_sort
      when 'relevance' then format('greatest(extensions.word_similarity($2, c.name), extensions.word_similarity($2, coalesce(c.city, %L)))', '')
      when 'email' then 'c.email::text'
      else format('c.%I', v_sort) end;
    v_arms := array[
      'c.name ilike $3', '$2 operator(extensions.<%) c.name',
      'c.city ilike $3', '$2 operator(extensions.<%) c.city',
      'c.email::text ilike $3'];
    if v_digits is not null then v_arms := v_arms || 'c.whatsapp like $14'::text; end if;
    select string_agg(format('select c.id, %s as k from public.customers c where %s and %s', v_key, v_where, arm), ' union ')
      into v_search from unnest(v_arms) arm;
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
    $q$, v_search, c_exact_cap + 1,
      case when v_sort = 'relevance' then 'desc' when v_sort in ('whatsapp', 'email', 'city') then v_dir || ' nulls last' else v_dir end,
      v_dir, c_exact_cap)
      into v_total, v_page
      using p_business_id, v_q, v_like, p_status, p_type, p_tag_id, p_balance, p_balance_min, p_balance_max,
            p_created_from, coalesce(p_deleted, false), p_created_to,
            least(greatest(coalesce(p_limit, 25), 1), 100), v_digits, greatest(coalesce(p_offset, 0), 0);
    if v_total <= c_exact_cap then
      return query
        select x.id, x.name, x.whatsapp, x.phone, x.email, x.address, x.city, x.type, x.status, x.balance,
               x.created_at, x.updated_at, x.deleted_at, x.deleted_reason,
               coalesce((select jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name, 'color', t.color) order by t.name)
                           from public.customer_tags ct join public.tags t on t.id = ct.tag_id
                          where ct.business_id = p_business_id and ct.customer_id = x.id), '[]'::jsonb),
               v_total, true
        from jsonb_array_elements(v_page) with ordinality as e(j, ord)
        cross join lateral jsonb_to_record(e.j) as x(
          id uuid, name text, whatsapp text, phone text, email text, address text, city text,
          type public.customer_type, status public.customer_status, balance numeric,
          created_at timestamptz, updated_at timestamptz, deleted_at timestamptz, deleted_reason text)
        order by e.ord;
      return;
    end if;
    -- A broad search (more than c_exact_cap matches): the general path below.
    v_where := v_where || ' and (' || array_to_string(v_arms, ' or ') || ')';
  end if;

  -- Total: exact while small, else the planner's estimate (at least the cap + 1 we counted).
  execute format('select count(*) from (select 1 from public.customers c where %s limit %s) s', v_where, c_exact_cap + 1)
    into v_total
    using p_business_id, v_q, v_like, p_status, p_type, p_tag_id, p_balance, p_balance_min, p_balance_max,
          p_created_from, coalesce(p_deleted, false), p_created_to, null::integer, v_digits, null::integer;
  if v_total > c_exact_cap then
    v_exact := false;
    execute format('explain (format json) select 1 from public.customers c where %s', v_where)
      into v_plan
      using p_business_id, v_q, v_like, p_status, p_type, p_tag_id, p_balance, p_balance_min, p_balance_max,
            p_created_from, coalesce(p_deleted, false), p_created_to, null::integer, v_digits, null::integer;
    v_total := greatest(c_exact_cap + 1, coalesce((v_plan -> 0 -> 'Plan' ->> 'Plan Rows')::numeric, 0)::bigint);
  end if;

  -- The page is cut first (inner query); tags are gathered for the page's rows only.
  return query execute format($q$
    select p.id, p.name, p.whatsapp, p.phone, p.email, p.address, p.city, p.type, p.status, p.balance,
           p.created_at, p.updated_at, p.deleted_at, p.deleted_reason,
           coalesce((select jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name, 'color', t.color) order by t.name)
                       from public.customer_tags ct join public.tags t on t.id = ct.tag_id
                      where ct.business_id = $1 and ct.customer_id = p.id), '[]'::jsonb),
           $16::bigint, $17::boolean
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
        v_total, v_exact;
end
$$;
comment on function public.search_customers(uuid, text, public.customer_status, public.customer_type, uuid, text, numeric, numeric, date, date, boolean, text, text, integer, integer) is
  'Customer list (viewer+ of the business, checked once): typo-tolerant search (pg_trgm) on name/city, substring on email/WhatsApp digits, filters, whitelisted sort, offset pagination (limit <= 100). total_count is exact up to 10,000 matches (total_exact true), else a planner estimate (total_exact false). Dates are WIB calendar days.';
revoke execute on function public.search_customers(uuid, text, public.customer_status, public.customer_type, uuid, text, numeric, numeric, date, date, boolean, text, text, integer, integer) from public, anon;
grant execute on function public.search_customers(uuid, text, public.customer_status, public.customer_type, uuid, text, numeric, numeric, date, date, boolean, text, text, integer, integer) to authenticated, service_role;

-- ---------------------------------------------------------------------------------------
-- customer_list_stats: same figures, role checked once instead of per row.
-- ---------------------------------------------------------------------------------------
create or replace function public.customer_list_stats(p_business_id uuid)
returns table (
  total bigint, active bigint, private bigint, business bigint,
  total_revenue numeric, average_customer_value numeric, total_debt numeric, total_credit numeric
)
language sql
stable
security definer
set search_path = ''
as $$
  with allowed as (
    select private.can_read_business(p_business_id) as ok
  ), c as (
    select
      count(*) as total,
      count(*) filter (where status = 'active') as active,
      count(*) filter (where type = 'private') as private,
      count(*) filter (where type = 'business') as business,
      coalesce(sum(-balance) filter (where balance < 0), 0) as total_debt,
      coalesce(sum(balance) filter (where balance > 0), 0) as total_credit
    from public.customers
    where business_id = p_business_id and deleted_at is null and (select ok from allowed)
  ), per_customer as (
    -- Revenue per customer first (index-only on transactions_business_revenue_idx), then
    -- only live customers count.
    select tr.customer_id, sum(tr.amount) as revenue
    from public.transactions tr
    where tr.business_id = p_business_id and tr.status <> 'voided' and (select ok from allowed)
    group by tr.customer_id
  ), t as (
    select coalesce(sum(pc.revenue), 0) as revenue, count(*) as buyers
    from per_customer pc
    join public.customers cu on cu.id = pc.customer_id and cu.deleted_at is null
  )
  select c.total, c.active, c.private, c.business, t.revenue,
         case when t.buyers = 0 then 0 else round(t.revenue / t.buyers, 2) end,
         c.total_debt, c.total_credit
  from c, t
$$;
comment on function public.customer_list_stats(uuid) is
  'Stats cards of the customer list (viewer+ of the business, checked once; zeros otherwise): counts of live customers, revenue from non-voided transactions, average value per buying customer, total debt and credit.';

-- Revenue of a business without reading the heap: non-voided sales, by customer.
create index if not exists transactions_business_revenue_idx on public.transactions (business_id, customer_id)
  include (amount) where status <> 'voided';
