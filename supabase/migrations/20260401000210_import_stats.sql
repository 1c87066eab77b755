-- Imports: fresh planner statistics on customers between apply batches.
--
-- The apply functions match each batch against customers (WhatsApp, email, name). A customers
-- import grows the table by up to 20,000 rows a batch, faster than autovacuum re-analyses it
-- (naptime 1 min), and with the statistics of the table as it was before the import the
-- planner can scan all customers once per batch row (seen in the bench: one 20,000-row batch
-- ran for minutes instead of seconds). The job calls this before every apply call: it analyses
-- customers only when more rows changed since the last analyse than autovacuum's own rule
-- would tolerate (10 % + 1,000), so a small import or a quiet table costs one catalog lookup.
create function private.import_refresh_customer_stats()
returns boolean
language plpgsql set search_path = '' as $$
declare
  v_changed bigint;
  v_live bigint;
begin
  select s.n_mod_since_analyze, s.n_live_tup into v_changed, v_live
    from pg_catalog.pg_stat_user_tables s
   where s.relid = 'public.customers'::regclass;
  if coalesce(v_changed, 0) <= 1000 + 0.1 * coalesce(v_live, 0) then
    return false;
  end if;
  analyze public.customers;
  return true;
end $$;

comment on function private.import_refresh_customer_stats() is
  'imports.process job: analyses customers when an import changed more of it than the planner statistics reflect.';
revoke all on function private.import_refresh_customer_stats() from public;
