-- The customer detail in one PostgREST request (issue 3 targets: detail p95).
--
-- GET /api/customers/:id read the customer (with tags) and, in a second request, its live
-- lifetime figures (customer_lifetime). public.lifetime(customers) is the same aggregate as a
-- PostgREST computed field, so `select=...,lifetime` brings both in one round trip. Same rules as
-- customer_lifetime(): completed transactions only, computed now (not from customer_stats), run
-- as the caller (RLS on transactions applies; the row is already one the caller may read).
create function public.lifetime(c public.customers)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select jsonb_build_object(
           'transactions_count', count(*)::integer,
           'total_spent', coalesce(sum(t.amount), 0)::numeric(15, 2),
           'average_order', coalesce(round(sum(t.amount) / nullif(count(*), 0), 2), 0)::numeric(15, 2),
           'first_purchase_date', min(t.transaction_date),
           'last_purchase_date', max(t.transaction_date))
    from public.transactions t
   where t.business_id = c.business_id
     and t.customer_id = c.id
     and t.status = 'completed'
$$;
comment on function public.lifetime(public.customers) is
  'Computed field of customers (select=...,lifetime): the customer''s lifetime figures over completed transactions, computed now; same rules as customer_lifetime().';
revoke all on function public.lifetime(public.customers) from public, anon;
grant execute on function public.lifetime(public.customers) to authenticated, service_role;
