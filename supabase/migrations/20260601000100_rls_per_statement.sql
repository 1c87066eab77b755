-- RLS membership check once per statement instead of once per row.
--
-- Every tenant policy called public.has_role_on_business(business_id, '<role>'). That helper is
-- a STABLE SECURITY DEFINER SQL function, which the planner never inlines, and its argument
-- is a column, so it ran for EVERY candidate row: a signed-in count of 6,000 transactions
-- took ~400 ms against ~1.5 ms for the same query without RLS.
--
-- Now the policies ask the other way round: "is this row's business one of mine?"
--
--   business_id = any ((select private.member_business_ids('viewer'))::uuid[])
--
-- The function takes no column, and the scalar sub-select around it makes the planner run it
-- as an InitPlan: ONE lookup of the user's memberships per statement, then a cheap array
-- comparison per row. The `::uuid[]` is needed: without it `any ((select ...))` parses as
-- `any (subquery)` and compares uuid with uuid[] (operator does not exist).
--
-- Semantics are unchanged: the same roles, the same hierarchy (private.business_role_rank),
-- the same user (auth.uid()), super admins still get nothing implicit (audit_log keeps its
-- separate `or (select is_super_admin())` arm), and a NULL business_id still matches nothing.
--
-- has_role_on_business() stays: RPCs and the storage.objects policies use it. The storage
-- policies are left as they are: their argument is an expression on the object path, not a
-- plain column, and they check one object at a time.

create function private.member_business_ids(p_min_role public.business_role default 'viewer')
returns uuid[]
language sql stable security definer
set search_path = ''
as $$
  select coalesce(array_agg(m.business_id), '{}')
  from public.business_members m
  where m.user_id = (select auth.uid())
    and private.business_role_rank(m.role) >= private.business_role_rank(p_min_role)
$$;
comment on function private.member_business_ids(public.business_role) is
  'The businesses where the signed-in user has at least the given role (empty without a session). '
  'Used by RLS policies as `business_id = any ((select private.member_business_ids(''viewer''))::uuid[])`, '
  'which the planner evaluates once per statement (InitPlan). Security definer: reads '
  'business_members without going through its own RLS, so policies never recurse.';

-- Policies run with the caller's privileges, so `authenticated` must be able to execute it.
-- It reveals only the caller's own memberships (already readable through business_members).
-- No usage on schema private is needed: a stored policy refers to the function by oid, and
-- only EXECUTE is checked when it runs. Nothing else in private becomes reachable.
revoke all on function private.member_business_ids(public.business_role) from public;
grant execute on function private.member_business_ids(public.business_role) to authenticated;

-- Rewrite every public policy in place (names, commands, roles unchanged). Deparsed with an
-- empty search_path, so every name in the text is schema-qualified and the ALTER below does
-- not depend on the search path. Only calls whose first argument is a plain column (business_id,
-- id, m.business_id) match; the role literal is carried over as is.
do $$
declare
  v_search_path text := current_setting('search_path');
  v_pattern constant text :=
    'public\.has_role_on_business\(([a-z_]+(\.[a-z_]+)?), (''[a-z]+''::public\.business_role)\)';
  v_replacement constant text :=
    '(\1 = ANY ((SELECT private.member_business_ids(\3))::uuid[]))';
  p record;
  v_using text;
  v_check text;
  v_sql text;
begin
  perform set_config('search_path', '', true);

  for p in
    select pol.polname, c.relname,
           pg_get_expr(pol.polqual, pol.polrelid) as qual,
           pg_get_expr(pol.polwithcheck, pol.polrelid) as with_check
    from pg_policy pol
    join pg_class c on c.oid = pol.polrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public'
    order by c.relname, pol.polname
  loop
    v_using := regexp_replace(p.qual, v_pattern, v_replacement, 'g');
    v_check := regexp_replace(p.with_check, v_pattern, v_replacement, 'g');
    if v_using is not distinct from p.qual and v_check is not distinct from p.with_check then
      continue;
    end if;
    v_sql := format('alter policy %I on public.%I', p.polname, p.relname);
    if v_using is not null then
      v_sql := v_sql || format(' using (%s)', v_using);
    end if;
    if v_check is not null then
      v_sql := v_sql || format(' with check (%s)', v_check);
    end if;
    execute v_sql;
  end loop;

  -- Fail the migration rather than leave a per-row policy behind.
  if exists (
    select 1
    from pg_policy pol
    join pg_class c on c.oid = pol.polrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public'
      and concat(pg_get_expr(pol.polqual, pol.polrelid), ' ', pg_get_expr(pol.polwithcheck, pol.polrelid))
          like '%has_role_on_business%'
  ) then
    raise exception 'A public policy still calls has_role_on_business per row';
  end if;

  perform set_config('search_path', v_search_path, true);
end
$$;
