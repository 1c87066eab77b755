-- Tenancy: businesses (the tenant), their members and roles, user profiles, invitations and
-- the platform role super_admin. Every row-level policy in the project goes through ONE
-- security definer helper, public.has_role_on_business(), so the role hierarchy lives in one
-- place. Registration (auth.users insert) and the member RPCs live in
-- 20260101000110_registration.sql; the audit trail in 20260101000200_audit.sql.
--
-- Conventions used here and expected from later migrations (see docs/tenancy.md):
--   * tenant tables carry business_id, and their indexes lead with it;
--   * timestamps are set by the database (defaults + private.set_updated_at());
--   * an operation the API must never perform has no policy AND its privilege is revoked,
--     so PostgREST answers 42501 instead of silently matching nothing;
--   * raised errors carry a stable machine key in HINT (e.g. 'last_owner') the app maps
--     to a translated message; SQLSTATE picks the HTTP status PostgREST sends.

-- Internal helpers live outside the API: PostgREST exposes only `public`.
create schema if not exists private;
comment on schema private is 'Internal functions (trigger functions, validators). Not exposed through PostgREST.';
revoke all on schema private from public;

-- ---------------------------------------------------------------------------------------
-- Types
-- ---------------------------------------------------------------------------------------

create type public.business_role as enum ('owner', 'admin', 'staff', 'viewer');
comment on type public.business_role is
  'Role of a member in one business. Hierarchy owner > admin > staff > viewer (see private.business_role_rank).';

create type public.platform_role as enum ('super_admin');
comment on type public.platform_role is 'Platform-wide operator role; granted only with SQL, never through the API.';

-- The hierarchy as numbers, so "at least admin" is a comparison. Kept explicit (not the
-- enum sort order) so values added to the enum later cannot silently reorder it.
create function private.business_role_rank(p_role public.business_role)
returns integer
language sql immutable parallel safe
set search_path = ''
as $$
  select case p_role
    when 'owner' then 40
    when 'admin' then 30
    when 'staff' then 20
    when 'viewer' then 10
  end
$$;

-- ---------------------------------------------------------------------------------------
-- Generic trigger: updated_at is set by the database, never by the client.
-- Attach with: create trigger set_updated_at before update on public.x
--                for each row execute function private.set_updated_at();
-- ---------------------------------------------------------------------------------------
create function private.set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;

-- ---------------------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------------------

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  full_name text not null
    constraint profiles_full_name_check check (char_length(full_name) between 1 and 120 and full_name = btrim(full_name)),
  whatsapp text
    constraint profiles_whatsapp_check check (whatsapp ~ '^\+628[1-9][0-9]{6,11}$'),
  email extensions.citext,
  locale text not null default 'id'
    constraint profiles_locale_check check (locale in ('id', 'en')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.profiles is
  'One row per auth user, created by the registration trigger. Readable by the user and by people sharing a business.';
comment on column public.profiles.id is 'Same id as auth.users.id.';
comment on column public.profiles.full_name is 'Display name, 1..120 characters, trimmed.';
comment on column public.profiles.whatsapp is 'Indonesian mobile number in E.164 (+628...), normalised by the app with libphonenumber.';
comment on column public.profiles.email is 'Copy of auth.users.email kept in sync by trigger, so member lists can show it (auth is not exposed).';
comment on column public.profiles.locale is 'UI language: id (default) or en.';
comment on column public.profiles.created_at is 'Set by the database at registration.';
comment on column public.profiles.updated_at is 'Set by the database on every change (private.set_updated_at).';

create table public.businesses (
  id uuid primary key default gen_random_uuid(),
  name text not null
    constraint businesses_name_check check (char_length(name) between 1 and 120 and name = btrim(name)),
  whatsapp text not null
    constraint businesses_whatsapp_check check (whatsapp ~ '^\+628[1-9][0-9]{6,11}$'),
  city text
    constraint businesses_city_check check (char_length(city) between 1 and 120),
  -- UMKM are in Indonesia: the three Indonesian zones (WIB, WITA, WIT) cover every case and
  -- keep a typo from shifting every "today" and cron window.
  timezone text not null default 'Asia/Jakarta'
    constraint businesses_timezone_check check (timezone in ('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura')),
  created_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.businesses is
  'The tenant (usaha). Created only by registration or create_business(), which also make the owner membership.';
comment on column public.businesses.name is 'Business name, 1..120 characters, trimmed.';
comment on column public.businesses.whatsapp is 'Business WhatsApp number, E.164 Indonesian mobile.';
comment on column public.businesses.city is 'Optional city, for display and segmentation.';
comment on column public.businesses.timezone is 'IANA zone used for "today", weeks and schedules. Asia/Jakarta (WIB) by default.';
comment on column public.businesses.created_by is 'The user who created the business (null if that account was deleted).';
comment on column public.businesses.id is 'Tenant id: every tenant row elsewhere carries it as business_id.';
comment on column public.businesses.created_at is 'Set by the database.';
comment on column public.businesses.updated_at is 'Set by the database on every change (private.set_updated_at).';

create table public.business_members (
  id uuid primary key default gen_random_uuid(),
  business_id uuid not null references public.businesses (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  role public.business_role not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint business_members_business_user_key unique (business_id, user_id)
);
comment on table public.business_members is
  'Who belongs to which business, with which role. Joined through invitations; a business always keeps one owner.';
comment on column public.business_members.role is 'owner > admin > staff > viewer.';
comment on column public.business_members.id is 'Surrogate key, so PostgREST filters and audit rows can name one membership.';
comment on column public.business_members.business_id is 'The business (tenant).';
comment on column public.business_members.user_id is 'The member (profiles.id = auth.users.id).';
comment on column public.business_members.created_at is 'When the user joined; set by the database.';
comment on column public.business_members.updated_at is 'Last role change; set by the database.';
-- The unique key (business_id, user_id) serves has_role_on_business(); this one serves
-- "which businesses am I in" (the business switcher), the only per-user lookup.
create index business_members_user_idx on public.business_members (user_id);

create table public.platform_roles (
  user_id uuid primary key references public.profiles (id) on delete cascade,
  role public.platform_role not null default 'super_admin',
  granted_at timestamptz not null default now()
);
comment on table public.platform_roles is
  'Platform operators. Granted with SQL by an operator (never through the API); every grant is audited.';
comment on column public.platform_roles.user_id is 'The operator (profiles.id = auth.users.id).';
comment on column public.platform_roles.role is 'Platform role; only super_admin exists.';
comment on column public.platform_roles.granted_at is 'When the role was granted.';

create table public.business_invitations (
  id uuid primary key default gen_random_uuid(),
  business_id uuid not null references public.businesses (id) on delete cascade,
  email extensions.citext not null
    constraint business_invitations_email_check check (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  role public.business_role not null
    constraint business_invitations_role_check check (role <> 'owner'),
  token_hash text not null
    constraint business_invitations_token_hash_key unique
    constraint business_invitations_token_hash_check check (token_hash ~ '^[0-9a-f]{64}$'),
  invited_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '7 days',
  accepted_at timestamptz,
  accepted_by uuid references public.profiles (id) on delete set null,
  revoked_at timestamptz,
  constraint business_invitations_closed_once check (accepted_at is null or revoked_at is null)
);
comment on table public.business_invitations is
  'Invitations to join a business. The token is shown once to the inviter; only its SHA-256 is stored.';
comment on column public.business_invitations.id is 'Invitation id (safe to show; the token is the secret).';
comment on column public.business_invitations.business_id is 'The business the invitee joins.';
comment on column public.business_invitations.invited_by is 'Owner/admin who sent it (null if that account was deleted).';
comment on column public.business_invitations.created_at is 'Set by the database.';
comment on column public.business_invitations.accepted_by is 'The user who accepted it.';
comment on column public.business_invitations.email is 'Invitee e-mail; the account accepting must have exactly this e-mail.';
comment on column public.business_invitations.role is 'Role granted on acceptance; never owner (ownership is given by promoting a member).';
comment on column public.business_invitations.token_hash is
  'hex(sha256(token)). The 256-bit token itself is never stored, so this hash is useless without the link.';
comment on column public.business_invitations.expires_at is 'After this moment the invitation can no longer be accepted.';
comment on column public.business_invitations.accepted_at is 'Set by the database when accepted.';
comment on column public.business_invitations.revoked_at is 'Set by the database (to now()) when an owner/admin revokes it.';
create index business_invitations_business_created_idx on public.business_invitations (business_id, created_at desc);
-- At most one open invitation per address and business; invite_member() revokes the old one.
create unique index business_invitations_open_email_key on public.business_invitations (business_id, email)
  where accepted_at is null and revoked_at is null;

create trigger set_updated_at before update on public.profiles
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on public.businesses
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on public.business_members
  for each row execute function private.set_updated_at();

-- ---------------------------------------------------------------------------------------
-- The helpers every policy uses
-- ---------------------------------------------------------------------------------------

-- security definer: reads business_members without going through its own RLS (which itself
-- calls this function), so policies never recurse. Super admins get no implicit access:
-- their reads go through the audited admin_* RPCs.
create function public.has_role_on_business(p_business_id uuid, p_min_role public.business_role default 'viewer')
returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1
    from public.business_members m
    where m.business_id = p_business_id
      and m.user_id = (select auth.uid())
      and private.business_role_rank(m.role) >= private.business_role_rank(p_min_role)
  )
$$;
comment on function public.has_role_on_business(uuid, public.business_role) is
  'True when the signed-in user is a member of the business with at least the given role. Used by every RLS policy.';

create function public.is_super_admin()
returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.platform_roles r
    where r.user_id = (select auth.uid()) and r.role = 'super_admin'
  )
$$;
comment on function public.is_super_admin() is 'True when the signed-in user holds the platform role super_admin.';

-- ---------------------------------------------------------------------------------------
-- Invariants enforced for every writer (API, RPCs, service role, SQL console)
-- ---------------------------------------------------------------------------------------

-- Membership changes: a business always keeps an owner; admins manage only the roles below
-- theirs; only owners grant admin/owner. Members may always leave (delete their own row).
create function private.business_members_guard()
returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_actor uuid := auth.uid();
  v_actor_role public.business_role;
begin
  if tg_op = 'UPDATE' and (new.business_id <> old.business_id or new.user_id <> old.user_id) then
    raise exception 'A membership cannot be moved to another business or user'
      using errcode = '22023', hint = 'membership_immutable';
  end if;

  -- Serialise membership changes per business so two owners demoting each other at once
  -- cannot both pass the last-owner check. No row: the business itself is being deleted
  -- (cascade), which removes every membership legitimately.
  perform 1 from public.businesses b where b.id = old.business_id for no key update;
  if not found then
    return old;
  end if;

  -- Actor rules apply to API users (a JWT with sub); jobs and SQL sessions have no actor.
  if v_actor is not null and not (tg_op = 'DELETE' and old.user_id = v_actor) then
    select m.role into v_actor_role
    from public.business_members m
    where m.business_id = old.business_id and m.user_id = v_actor;

    if v_actor_role is null or private.business_role_rank(v_actor_role) < private.business_role_rank('admin') then
      raise exception 'Only owners and admins can manage members'
        using errcode = '42501', hint = 'forbidden';
    end if;
    if v_actor_role <> 'owner' and (
         private.business_role_rank(old.role) >= private.business_role_rank(v_actor_role)
         or (tg_op = 'UPDATE' and private.business_role_rank(new.role) >= private.business_role_rank(v_actor_role))
       ) then
      raise exception 'Admins can only manage staff and viewers; ask an owner'
        using errcode = '42501', hint = 'role_hierarchy';
    end if;
  end if;

  if old.role = 'owner' and (tg_op = 'DELETE' or new.role <> 'owner') and not exists (
       select 1 from public.business_members m
       where m.business_id = old.business_id and m.role = 'owner' and m.id <> old.id
     ) then
    raise exception 'A business must keep at least one owner; make another member owner first'
      using errcode = 'P0001', hint = 'last_owner';
  end if;

  return case when tg_op = 'DELETE' then old else new end;
end
$$;

create trigger business_members_guard before update or delete on public.business_members
  for each row execute function private.business_members_guard();

-- Invitation lifecycle: pending -> accepted | revoked, once; the database stamps the time.
create function private.business_invitations_guard()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if old.accepted_at is not null or old.revoked_at is not null then
    raise exception 'This invitation was already accepted or revoked'
      using errcode = 'P0001', hint = 'invitation_closed';
  end if;
  if (new.business_id, new.email, new.role, new.token_hash, new.created_at, new.expires_at)
     is distinct from (old.business_id, old.email, old.role, old.token_hash, old.created_at, old.expires_at) then
    raise exception 'An invitation cannot be edited; revoke it and invite again'
      using errcode = '22023', hint = 'invitation_immutable';
  end if;
  if new.revoked_at is not null then
    new.revoked_at := now();
  end if;
  if new.accepted_at is not null then
    new.accepted_at := now();
  end if;
  return new;
end
$$;

create trigger business_invitations_guard before update on public.business_invitations
  for each row execute function private.business_invitations_guard();

-- ---------------------------------------------------------------------------------------
-- Row-level security. Policies are for `authenticated` only; anon gets no table access.
-- ---------------------------------------------------------------------------------------

alter table public.profiles enable row level security;
alter table public.businesses enable row level security;
alter table public.business_members enable row level security;
alter table public.platform_roles enable row level security;
alter table public.business_invitations enable row level security;

-- profiles: own row, plus co-members (via the helper on each shared membership).
create policy profiles_select on public.profiles for select to authenticated
  using (
    id = (select auth.uid())
    or exists (
      select 1 from public.business_members m
      where m.user_id = profiles.id and public.has_role_on_business(m.business_id, 'viewer')
    )
  );
create policy profiles_update on public.profiles for update to authenticated
  using (id = (select auth.uid()))
  with check (id = (select auth.uid()));
-- insert: registration trigger only; delete: cascades from auth.users.

-- businesses: members read; owner/admin edit; only an owner deletes (cascades everything).
create policy businesses_select on public.businesses for select to authenticated
  using (public.has_role_on_business(id, 'viewer'));
create policy businesses_update on public.businesses for update to authenticated
  using (public.has_role_on_business(id, 'admin'))
  with check (public.has_role_on_business(id, 'admin'));
create policy businesses_delete on public.businesses for delete to authenticated
  using (public.has_role_on_business(id, 'owner'));
-- insert: create_business() / registration only, so the owner membership always exists.

-- business_members: members see the team; owner/admin change roles and remove members
-- (finer rules in private.business_members_guard). Joining is by invitation only.
create policy business_members_select on public.business_members for select to authenticated
  using (public.has_role_on_business(business_id, 'viewer'));
create policy business_members_update on public.business_members for update to authenticated
  using (public.has_role_on_business(business_id, 'admin'))
  with check (public.has_role_on_business(business_id, 'admin'));
create policy business_members_delete on public.business_members for delete to authenticated
  using (public.has_role_on_business(business_id, 'admin'));

-- business_invitations: owner/admin see, revoke (update revoked_at) and delete them.
-- Creation goes through invite_member(), which generates the token.
create policy business_invitations_select on public.business_invitations for select to authenticated
  using (public.has_role_on_business(business_id, 'admin'));
create policy business_invitations_update on public.business_invitations for update to authenticated
  using (public.has_role_on_business(business_id, 'admin'))
  with check (public.has_role_on_business(business_id, 'admin'));
create policy business_invitations_delete on public.business_invitations for delete to authenticated
  using (public.has_role_on_business(business_id, 'admin'));

-- platform_roles: a user may see their own role (to show the admin menu); nothing else.
create policy platform_roles_select on public.platform_roles for select to authenticated
  using (user_id = (select auth.uid()));

-- ---------------------------------------------------------------------------------------
-- Privileges. The bootstrap's default privileges grant everything to the API roles; narrow
-- them so that what no policy allows is also refused at the privilege level, and so that
-- clients can only ever write the columns a user is meant to edit.
-- ---------------------------------------------------------------------------------------

revoke all on public.profiles, public.businesses, public.business_members,
  public.platform_roles, public.business_invitations from anon, authenticated;

grant select on public.profiles to authenticated;
grant update (full_name, whatsapp, locale) on public.profiles to authenticated;

grant select, delete on public.businesses to authenticated;
grant update (name, whatsapp, city, timezone) on public.businesses to authenticated;

grant select, delete on public.business_members to authenticated;
grant update (role) on public.business_members to authenticated;

grant select, delete on public.business_invitations to authenticated;
grant update (revoked_at) on public.business_invitations to authenticated;

grant select on public.platform_roles to authenticated;
-- Nobody grants platform roles through the API, not even the service role.
revoke insert, update, delete, truncate on public.platform_roles from service_role;

revoke all on function private.business_role_rank(public.business_role) from public;
revoke all on function private.set_updated_at() from public;
revoke all on function private.business_members_guard() from public;
revoke all on function private.business_invitations_guard() from public;

-- Policies run as the querying role, so the helpers must stay executable by the API roles.
revoke all on function public.has_role_on_business(uuid, public.business_role) from public;
revoke all on function public.is_super_admin() from public;
grant execute on function public.has_role_on_business(uuid, public.business_role) to anon, authenticated, service_role;
grant execute on function public.is_super_admin() to anon, authenticated, service_role;
