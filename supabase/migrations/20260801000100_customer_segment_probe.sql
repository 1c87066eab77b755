-- The per-customer segment test of the customer list without the override probe when the
-- business has no overrides (issue 3, list p95; used by 20260801000110).
--
-- private.customer_segment_sql(customer, run) (20260703000100) reads the override first, then
-- the current run's result: two primary-key probes per tested customer. Overrides exist only
-- for customers rescored incrementally since the business's current run (a run clears them),
-- so a business right after its weekly run has none, and the first probe always misses.
-- search_customers now checks once per call whether the business has any override and, if
-- not, tests the run's result alone (one probe, the same answer: no override means the run's
-- row, or no segment). The export keeps the two-argument form.

create function private.customer_segment_sql(p_customer text, p_run text, p_overrides boolean)
returns text
language sql
immutable
set search_path = ''
as $$
  select case when p_overrides then private.customer_segment_sql(p_customer, p_run)
              else format('(select x.segment from public.rfm_results x where x.run_id = %2$s and x.customer_id = %1$s)',
                          p_customer, p_run) end
$$;
comment on function private.customer_segment_sql(text, text, boolean) is
  'The current RFM segment of a customer as SQL text (alias and run parameter given); p_overrides false: the business has no customer_rfm_overrides rows, so only the run''s result is read.';
revoke execute on function private.customer_segment_sql(text, text, boolean) from public;
