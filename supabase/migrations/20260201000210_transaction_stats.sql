-- Figures derived from transactions: per-customer lifetime stats (kept by the
-- customers.refresh_stats job) and period statistics in Asia/Jakarta days. Voided sales never count.

-- ---------------------------------------------------------------------------------------
-- Per-customer figures (derived from transactions; refreshed by the customers.refresh_stats job)
-- ---------------------------------------------------------------------------------------
create table public.customer_stats (
  business_id uuid not null references public.businesses(id) on delete cascade,
  customer_id uuid not null references public.customers(id) on delete cascade,
  transactions_count integer not null default 0 check (transactions_count >= 0),
  total_spent numeric(17, 2) not null default 0,
  average_order numeric(15, 2) not null default 0,
  first_purchase_date date,
  last_purchase_date date,
  refreshed_at timestamptz not null default now(),
  primary key (business_id, customer_id),
  unique (customer_id)
);

comment on table public.customer_stats is
  'Lifetime figures per customer over completed (not voided) transactions. Derived: written only by refresh_customer_stats().';
comment on column public.customer_stats.transactions_count is 'Completed transactions of the customer.';
comment on column public.customer_stats.total_spent is 'Sum of their amounts, rupiah.';
comment on column public.customer_stats.average_order is 'total_spent / transactions_count, 0 without transactions.';
comment on column public.customer_stats.first_purchase_date is 'WIB date of the first completed transaction; null without any.';
comment on column public.customer_stats.last_purchase_date is 'WIB date of the latest completed transaction; null without any.';
comment on column public.customer_stats.refreshed_at is 'When these figures were last computed.';

create index customer_stats_business_total_idx on public.customer_stats (business_id, total_spent desc);
create index customer_stats_business_last_idx on public.customer_stats (business_id, last_purchase_date desc nulls last);

alter table public.customer_stats enable row level security;
create policy customer_stats_select on public.customer_stats for select to authenticated
  using (public.has_role_on_business(business_id, 'viewer'));
revoke all on public.customer_stats from anon, authenticated;
grant select on public.customer_stats to authenticated;

-- Set-based refresh of the given customers of one business (all of them when p_customer_ids
-- is null). Idempotent: a job may run it twice. Returns how many customers were refreshed.
create function public.refresh_customer_stats(p_business_id uuid, p_customer_ids uuid[] default null)
returns integer
language plpgsql security definer set search_path = '' as $$
declare
  v_count integer;
begin
  if p_business_id is null then
    raise exception 'business id is required' using errcode = '22023', hint = 'business_required';
  end if;
  with targets as (
    select c.id
    from public.customers c
    where c.business_id = p_business_id
      and (p_customer_ids is null or c.id = any (p_customer_ids))
  ), figures as (
    select t.customer_id, count(*)::integer as n, sum(t.amount) as total,
           min(t.transaction_date) as first_date, max(t.transaction_date) as last_date
    from public.transactions t
    where t.business_id = p_business_id and t.status = 'completed'
      and t.customer_id in (select id from targets)
    group by t.customer_id
  ), upserted as (
    insert into public.customer_stats as s
      (business_id, customer_id, transactions_count, total_spent, average_order, first_purchase_date, last_purchase_date, refreshed_at)
    select p_business_id, targets.id, coalesce(f.n, 0), coalesce(f.total, 0),
           coalesce(round(f.total / nullif(f.n, 0), 2), 0), f.first_date, f.last_date, now()
    from targets left join figures f on f.customer_id = targets.id
    on conflict (business_id, customer_id) do update
      set transactions_count = excluded.transactions_count, total_spent = excluded.total_spent,
          average_order = excluded.average_order, first_purchase_date = excluded.first_purchase_date,
          last_purchase_date = excluded.last_purchase_date, refreshed_at = excluded.refreshed_at
    returning 1
  )
  select count(*)::integer into v_count from upserted;
  return v_count;
end $$;
comment on function public.refresh_customer_stats(uuid, uuid[]) is
  'Service role (jobs, seed): recomputes customer_stats for the given customers of a business, or all of them when null.';
revoke execute on function public.refresh_customer_stats(uuid, uuid[]) from public, anon, authenticated;
grant execute on function public.refresh_customer_stats(uuid, uuid[]) to service_role;

-- ---------------------------------------------------------------------------------------
-- Period statistics (revenue, count, average order, daily series) in WIB calendar days
-- ---------------------------------------------------------------------------------------
create function public.transaction_period_stats(p_business_id uuid, p_from date, p_to date)
returns table (revenue numeric, transactions_count integer, average_order numeric, daily jsonb)
language plpgsql stable security invoker set search_path = '' as $$
begin
  if not public.has_role_on_business(p_business_id, 'viewer') then
    raise exception 'business not found' using errcode = 'P0002', hint = 'business_not_found';
  end if;
  if p_from is null or p_to is null or p_from > p_to then
    raise exception 'the period must start on or before its end' using errcode = '22023', hint = 'period_invalid';
  end if;
  if p_from < date '2000-01-01' or p_to - p_from > 3660 then
    raise exception 'the period is out of range' using errcode = '22023', hint = 'period_too_long';
  end if;
  return query
  with days as (
    select d::date as day from generate_series(p_from::timestamp, p_to::timestamp, interval '1 day') d
  ), per_day as (
    select t.transaction_date as day, sum(t.amount) as revenue, count(*)::integer as n
    from public.transactions t
    where t.business_id = p_business_id and t.status = 'completed'
      and t.transaction_date between p_from and p_to
    group by t.transaction_date
  ), series as (
    select days.day, coalesce(per_day.revenue, 0) as revenue, coalesce(per_day.n, 0) as n
    from days left join per_day on per_day.day = days.day
  )
  select coalesce(sum(s.revenue), 0)::numeric,
         coalesce(sum(s.n), 0)::integer,
         coalesce(round(sum(s.revenue) / nullif(sum(s.n), 0), 2), 0)::numeric,
         coalesce(jsonb_agg(jsonb_build_object('date', s.day, 'revenue', s.revenue, 'count', s.n) order by s.day), '[]'::jsonb)
  from series s;
end $$;
comment on function public.transaction_period_stats(uuid, date, date) is
  'Viewer+: revenue, count and average order of completed sales from p_from to p_to (WIB dates, inclusive), with a daily series where empty days are 0.';
revoke execute on function public.transaction_period_stats(uuid, date, date) from public, anon;
grant execute on function public.transaction_period_stats(uuid, date, date) to authenticated;

