-- Customers, part 4 of 5: the customer list's RPCs.
--
--   public.search_customers        typo-tolerant search, filters, whitelisted sort, pagination
--   public.customer_list_stats     the list page's stats cards
--
-- (Both are later replaced by faster versions in 20260201000300_customers_perf.sql.)

-- ---------------------------------------------------------------------------------------
-- Search and list statistics (security invoker: RLS applies on top of the explicit tenant)
-- ---------------------------------------------------------------------------------------
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
  tags jsonb, total_count bigint
)
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_q text := nullif(btrim(coalesce(p_search, '')), '');
  v_like text;
  v_digits text;
  v_sort text;
  v_dir text := case when lower(coalesce(p_direction, '')) = 'asc' then 'asc' else 'desc' end;
begin
  if p_balance is not null and p_balance not in ('credit', 'debt', 'zero') then
    raise exception 'invalid balance filter' using errcode = '22023', hint = 'balance_filter_invalid';
  end if;
  -- Only these columns can be sorted on; the name is never taken from the caller verbatim.
  v_sort := case p_sort
    when 'name' then 'name' when 'whatsapp' then 'whatsapp' when 'email' then 'email'
    when 'city' then 'city' when 'type' then 'type' when 'status' then 'status'
    when 'balance' then 'balance' when 'updated_at' then 'updated_at'
    when 'relevance' then case when v_q is null then 'created_at' else 'relevance' end
    else 'created_at' end;
  -- The search text is data: LIKE wildcards are escaped, and it only ever travels as a parameter.
  v_like := '%' || replace(replace(replace(v_q, '\', '\\'), '%', '\%'), '_', '\_') || '%';
  v_digits := regexp_replace(coalesce(v_q, ''), '\D', '', 'g');
  v_digits := case when v_digits like '0%' then '62' || substr(v_digits, 2) else v_digits end;
  -- Phone digits are searched from 4 typed digits on (fewer would match almost every number).
  if length(v_digits) < 4 then v_digits := null; end if;

  -- The page is cut first (inner query); tags are gathered for the page's rows only.
  return query execute format($q$
    select p.id, p.name, p.whatsapp, p.phone, p.email, p.address, p.city, p.type, p.status, p.balance,
           p.created_at, p.updated_at, p.deleted_at, p.deleted_reason,
           coalesce((select jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name, 'color', t.color) order by t.name)
                       from public.customer_tags ct join public.tags t on t.id = ct.tag_id
                      where ct.business_id = $1 and ct.customer_id = p.id), '[]'::jsonb),
           p.total_count
    from (
    select c.id, c.name, c.whatsapp, c.phone, c.email::text as email, c.address, c.city, c.type, c.status, c.balance,
           c.created_at, c.updated_at, c.deleted_at, c.deleted_reason, count(*) over () as total_count,
           row_number() over (order by %1$s, c.id %2$s) as rn
      from public.customers c
     where c.business_id = $1
       and (case when $11 then c.deleted_at is not null else c.deleted_at is null end)
       and ($2::text is null
            or c.name ilike $3 or $2 operator(extensions.<%%) c.name
            or c.city ilike $3 or $2 operator(extensions.<%%) c.city
            or c.email::text ilike $3
            or ($14::text is not null and c.whatsapp like '%%' || $14 || '%%'))
       and ($4::public.customer_status is null or c.status = $4)
       and ($5::public.customer_type is null or c.type = $5)
       and ($6::uuid is null or exists (select 1 from public.customer_tags ct
                                          where ct.business_id = $1 and ct.tag_id = $6 and ct.customer_id = c.id))
       and ($7::text is null or ($7 = 'credit' and c.balance > 0) or ($7 = 'debt' and c.balance < 0) or ($7 = 'zero' and c.balance = 0))
       and ($8::numeric is null or c.balance >= $8)
       and ($9::numeric is null or c.balance <= $9)
       and ($10::date is null or c.created_at >= ($10::date::timestamp at time zone 'Asia/Jakarta'))
       and ($12::date is null or c.created_at < (($12::date + 1)::timestamp at time zone 'Asia/Jakarta'))
     order by rn
     limit $13 offset $15
    ) p
    order by p.rn
  $q$,
    case when v_sort = 'relevance'
      then format('greatest(extensions.word_similarity($2, c.name), extensions.word_similarity($2, coalesce(c.city, %L))) desc', '')
      else format('c.%I %s nulls last', v_sort, v_dir) end,
    v_dir)
  using p_business_id, v_q, v_like, p_status, p_type, p_tag_id, p_balance, p_balance_min, p_balance_max,
        p_created_from, coalesce(p_deleted, false), p_created_to,
        least(greatest(coalesce(p_limit, 25), 1), 100), v_digits, greatest(coalesce(p_offset, 0), 0);
end
$$;
comment on function public.search_customers(uuid, text, public.customer_status, public.customer_type, uuid, text, numeric, numeric, date, date, boolean, text, text, integer, integer) is
  'Customer list: typo-tolerant search (pg_trgm) on name/city, substring on email/WhatsApp digits, filters, whitelisted sort, offset pagination (limit <= 100), total_count. Dates are WIB calendar days.';

create function public.customer_list_stats(p_business_id uuid)
returns table (
  total bigint, active bigint, private bigint, business bigint,
  total_revenue numeric, average_customer_value numeric, total_debt numeric, total_credit numeric
)
language sql
stable
security invoker
set search_path = ''
as $$
  with c as (
    select
      count(*) as total,
      count(*) filter (where status = 'active') as active,
      count(*) filter (where type = 'private') as private,
      count(*) filter (where type = 'business') as business,
      coalesce(sum(-balance) filter (where balance < 0), 0) as total_debt,
      coalesce(sum(balance) filter (where balance > 0), 0) as total_credit
    from public.customers
    where business_id = p_business_id and deleted_at is null
  ), t as (
    select coalesce(sum(tr.amount), 0) as revenue, count(distinct tr.customer_id) as buyers
    from public.transactions tr
    join public.customers cu on cu.id = tr.customer_id and cu.deleted_at is null
    where tr.business_id = p_business_id and tr.status <> 'voided'
  )
  select c.total, c.active, c.private, c.business, t.revenue,
         case when t.buyers = 0 then 0 else round(t.revenue / t.buyers, 2) end,
         c.total_debt, c.total_credit
  from c, t
$$;
comment on function public.customer_list_stats(uuid) is
  'Stats cards of the customer list (live customers): counts, revenue from non-voided transactions, average value per buying customer, total debt and credit.';

revoke all on function public.search_customers(uuid, text, public.customer_status, public.customer_type, uuid, text, numeric, numeric, date, date, boolean, text, text, integer, integer) from public, anon;
revoke all on function public.customer_list_stats(uuid) from public, anon;
grant execute on function public.search_customers(uuid, text, public.customer_status, public.customer_type, uuid, text, numeric, numeric, date, date, boolean, text, text, integer, integer) to authenticated, service_role;
grant execute on function public.customer_list_stats(uuid) to authenticated, service_role;
