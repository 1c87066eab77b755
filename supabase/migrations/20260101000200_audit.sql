-- Audit trail: who changed what, when, with the row before and after.
--
-- One generic trigger function writes every row; a table opts in with ONE line:
--
--   create trigger audit_row_change after insert or update or delete on public.customers
--     for each row execute function private.audit_row_change();
--
-- Trigger arguments (all optional):
--   1st  column holding the business id   (default 'business_id'; businesses pass 'id')
--   2nd  column holding the record id     (default 'id')
--   3rd+ extra columns to leave out of before/after (secrets); the ones in
--        private.audit_redacted_columns() are always left out.
--
-- The log is append-only for the API: nobody (not even the service role) inserts, updates
-- or deletes through PostgREST; only security definer code below writes it.

create table public.audit_log (
  id bigint generated always as identity primary key,
  -- No foreign key: the trail must outlive the business it describes.
  business_id uuid,
  table_name text not null,
  record_id text,
  action text not null,
  actor_id uuid default auth.uid(),
  actor_role text,
  before jsonb,
  after jsonb,
  created_at timestamptz not null default now()
);
comment on table public.audit_log is
  'Append-only audit trail written by private.audit_row_change() and the audited admin RPCs.';
comment on column public.audit_log.id is 'Increasing id: the order rows were written.';
comment on column public.audit_log.business_id is 'Tenant the row belongs to; null for platform rows (profiles, platform_roles, admin listings).';
comment on column public.audit_log.table_name is 'Table whose row changed, or the table an admin RPC read.';
comment on column public.audit_log.record_id is 'Primary key of the changed/read row, as text; null for listings.';
comment on column public.audit_log.action is 'insert | update | delete for row changes; the RPC name (admin_list_businesses, admin_get_business) for audited reads.';
comment on column public.audit_log.actor_id is 'auth user who acted (JWT sub, or the new user during registration); null for jobs and SQL sessions.';
comment on column public.audit_log.actor_role is
  'Actor''s role at that moment: business role, super_admin, registration, service_role/authenticated, or system (no JWT).';
comment on column public.audit_log.before is 'Row before the change (update/delete), secrets removed.';
comment on column public.audit_log.after is 'Row after the change (insert/update), secrets removed; details for audited reads.';
comment on column public.audit_log.created_at is 'Set by the database (transaction time).';

create index audit_log_business_created_idx on public.audit_log (business_id, created_at desc, id desc);
create index audit_log_record_idx on public.audit_log (table_name, record_id);
create index audit_log_actor_created_idx on public.audit_log (actor_id, created_at desc);

-- Keys never copied into the trail, whatever table they appear in.
create function private.audit_redacted_columns()
returns text[]
language sql immutable parallel safe
set search_path = ''
as $$
  select array[
    'token_hash', 'token', 'password', 'encrypted_password', 'password_hash',
    'secret', 'api_key', 'access_token', 'refresh_token'
  ]
$$;

-- Who is acting. Order: explicit registration context, then the JWT, then 'system'.
create function private.audit_actor(p_business_id uuid, out actor_id uuid, out actor_role text)
language plpgsql stable
set search_path = ''
as $$
begin
  actor_id := coalesce(auth.uid(), nullif(current_setting('sma.audit_actor_id', true), '')::uuid);
  actor_role := nullif(current_setting('sma.audit_actor_role', true), '');
  if actor_role is null and actor_id is not null and p_business_id is not null then
    select m.role::text into actor_role
    from public.business_members m
    where m.business_id = p_business_id and m.user_id = actor_id;
  end if;
  if actor_role is null and actor_id is not null
     and exists (select 1 from public.platform_roles r where r.user_id = actor_id) then
    actor_role := 'super_admin';
  end if;
  actor_role := coalesce(actor_role, nullif(auth.role(), ''), 'system');
end
$$;

create function private.audit_row_change()
returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_business_column text := coalesce(nullif(tg_argv[0], ''), 'business_id');
  v_record_column text := coalesce(nullif(tg_argv[1], ''), 'id');
  v_redact text[] := private.audit_redacted_columns() || coalesce(tg_argv[2:], '{}'::text[]);
  v_before jsonb;
  v_after jsonb;
  v_row jsonb;
  v_business_id uuid;
  v_actor record;
begin
  if tg_op in ('UPDATE', 'DELETE') then
    v_before := to_jsonb(old) - v_redact;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    v_after := to_jsonb(new) - v_redact;
  end if;
  -- An update that only touched updated_at (or a redacted column) changes nothing worth keeping.
  if tg_op = 'UPDATE' and (v_before - 'updated_at') = (v_after - 'updated_at') then
    return null;
  end if;

  v_row := coalesce(v_after, v_before);
  v_business_id := (v_row ->> v_business_column)::uuid;
  select * into v_actor from private.audit_actor(v_business_id);

  insert into public.audit_log (business_id, table_name, record_id, action, actor_id, actor_role, before, after)
  values (v_business_id, tg_table_name, v_row ->> v_record_column, lower(tg_op),
          v_actor.actor_id, v_actor.actor_role, v_before, v_after);
  return null;
end
$$;
comment on function private.audit_row_change() is
  'Generic AFTER row trigger writing public.audit_log. Args: business id column, record id column, extra redacted columns.';

-- Audited reads by platform operators (admin_* RPCs).
create function private.audit_access(p_action text, p_table text, p_business_id uuid, p_record_id text, p_details jsonb)
returns void
language plpgsql
set search_path = ''
as $$
declare
  v_actor record;
begin
  select * into v_actor from private.audit_actor(p_business_id);
  insert into public.audit_log (business_id, table_name, record_id, action, actor_id, actor_role, after)
  values (p_business_id, p_table, p_record_id, p_action, v_actor.actor_id, v_actor.actor_role, p_details);
end
$$;

create trigger audit_row_change after insert or update or delete on public.businesses
  for each row execute function private.audit_row_change('id');
create trigger audit_row_change after insert or update or delete on public.business_members
  for each row execute function private.audit_row_change();
create trigger audit_row_change after insert or update or delete on public.business_invitations
  for each row execute function private.audit_row_change();
create trigger audit_row_change after insert or update or delete on public.profiles
  for each row execute function private.audit_row_change();
create trigger audit_row_change after insert or update or delete on public.platform_roles
  for each row execute function private.audit_row_change('business_id', 'user_id');

-- ---------------------------------------------------------------------------------------
-- Super admin RPCs: the only way an operator sees businesses they do not belong to, and
-- every call leaves an audit row (visible to the business owner for admin_get_business).
-- ---------------------------------------------------------------------------------------

create function private.require_super_admin()
returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if not public.is_super_admin() then
    raise exception 'Only platform super admins can do this' using errcode = '42501', hint = 'forbidden';
  end if;
end
$$;

create function public.admin_list_businesses()
returns table (id uuid, name text, created_at timestamptz, member_count bigint, owner_email text)
language plpgsql security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  v_count bigint;
begin
  perform private.require_super_admin();
  select count(*) into v_count from public.businesses;
  perform private.audit_access('admin_list_businesses', 'businesses', null, null,
                               jsonb_build_object('business_count', v_count));
  return query
    select b.id, b.name, b.created_at,
      (select count(*) from public.business_members m where m.business_id = b.id),
      (select u.email::text
         from public.business_members m join auth.users u on u.id = m.user_id
         where m.business_id = b.id and m.role = 'owner'
         order by m.created_at, m.user_id limit 1)
    from public.businesses b
    order by b.created_at desc, b.id;
end
$$;
comment on function public.admin_list_businesses() is
  'Super admin only: every business with member count and first owner e-mail. Each call is audited.';

create function public.admin_get_business(p_id uuid)
returns table (
  id uuid, name text, whatsapp text, city text, timezone text, created_by uuid,
  created_at timestamptz, updated_at timestamptz, member_count bigint, owner_email text
)
language plpgsql security definer
set search_path = ''
as $$
#variable_conflict use_column
begin
  perform private.require_super_admin();
  perform private.audit_access('admin_get_business', 'businesses', p_id, p_id::text,
                               jsonb_build_object('found', exists (select 1 from public.businesses b where b.id = p_id)));
  return query
    select b.id, b.name, b.whatsapp, b.city, b.timezone, b.created_by, b.created_at, b.updated_at,
      (select count(*) from public.business_members m where m.business_id = b.id),
      (select u.email::text
         from public.business_members m join auth.users u on u.id = m.user_id
         where m.business_id = b.id and m.role = 'owner'
         order by m.created_at, m.user_id limit 1)
    from public.businesses b
    where b.id = p_id;
end
$$;
comment on function public.admin_get_business(uuid) is
  'Super admin only: one business with member count and first owner e-mail. Each call is audited (the owner can see it).';

-- ---------------------------------------------------------------------------------------
-- RLS and privileges
-- ---------------------------------------------------------------------------------------

alter table public.audit_log enable row level security;

-- Owners/admins read their business's trail; super admins read everything.
create policy audit_log_select on public.audit_log for select to authenticated
  using (public.has_role_on_business(business_id, 'admin') or (select public.is_super_admin()));

revoke all on public.audit_log from anon, authenticated, service_role;
grant select on public.audit_log to authenticated, service_role;
revoke all on sequence public.audit_log_id_seq from anon, authenticated, service_role;

revoke all on function private.audit_redacted_columns() from public;
revoke all on function private.audit_actor(uuid) from public;
revoke all on function private.audit_row_change() from public;
revoke all on function private.audit_access(text, text, uuid, text, jsonb) from public;
revoke all on function private.require_super_admin() from public;

revoke all on function public.admin_list_businesses() from public, anon, service_role;
revoke all on function public.admin_get_business(uuid) from public, anon, service_role;
grant execute on function public.admin_list_businesses() to authenticated;
grant execute on function public.admin_get_business(uuid) to authenticated;
