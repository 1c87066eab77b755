-- Registration and membership RPCs.
--
-- Registration is one atomic step: the Auth service inserts into auth.users inside a
-- transaction, and the trigger below creates the profile and either a new business with its
-- owner membership or the membership an invitation grants. Any validation error raises, so
-- the whole signup rolls back and nothing is left half-created.
--
-- Every RPC: `set search_path = ''`, callable by `authenticated` only (get_invitation also by
-- anon), and checks the caller's role with public.has_role_on_business(). Errors carry a
-- stable key in HINT for the app to translate (listed in docs/tenancy.md).

-- ---------------------------------------------------------------------------------------
-- Validators (shared by the trigger and the RPCs, so both say the same thing)
-- ---------------------------------------------------------------------------------------

-- Returns the trimmed value, or raises 22023 with hint '<field>_required' / '<field>_too_long'.
create function private.require_text(p_value text, p_field text, p_max integer default 120)
returns text
language plpgsql immutable
set search_path = ''
as $$
declare
  v_value text := btrim(coalesce(p_value, ''));
begin
  if char_length(v_value) = 0 then
    raise exception '% is required', p_field using errcode = '22023', hint = p_field || '_required';
  end if;
  if char_length(v_value) > p_max then
    raise exception '% must be at most % characters', p_field, p_max
      using errcode = '22023', hint = p_field || '_too_long';
  end if;
  return v_value;
end
$$;

-- The app normalises numbers with libphonenumber first; this is the last line of defence:
-- an Indonesian mobile number (+62 8xx) in E.164.
create function private.require_whatsapp(p_value text)
returns text
language plpgsql immutable
set search_path = ''
as $$
declare
  v_value text := btrim(coalesce(p_value, ''));
begin
  if v_value = '' then
    raise exception 'whatsapp is required' using errcode = '22023', hint = 'whatsapp_required';
  end if;
  if v_value !~ '^\+628[1-9][0-9]{6,11}$' then
    raise exception 'whatsapp must be an Indonesian mobile number in E.164 format (+628...), got "%"', v_value
      using errcode = '22023', hint = 'whatsapp_invalid';
  end if;
  return v_value;
end
$$;

create function private.hash_invitation_token(p_token text)
returns text
language sql immutable parallel safe
set search_path = ''
as $$
  select encode(sha256(convert_to(btrim(coalesce(p_token, '')), 'UTF8')), 'hex')
$$;

-- Creates a business and its owner membership. Used by registration and create_business().
create function private.create_business_for(p_user_id uuid, p_name text, p_whatsapp text)
returns public.businesses
language plpgsql
set search_path = ''
as $$
declare
  v_business public.businesses;
begin
  insert into public.businesses (name, whatsapp, created_by)
  values (private.require_text(p_name, 'business_name'), private.require_whatsapp(p_whatsapp), p_user_id)
  returning * into v_business;

  insert into public.business_members (business_id, user_id, role)
  values (v_business.id, p_user_id, 'owner');

  return v_business;
end
$$;

-- Accepts an invitation for a user whose (verified) e-mail is p_email. Locks the invitation
-- row so a token can be used once even under concurrent requests.
create function private.accept_invitation_for(p_user_id uuid, p_email text, p_token text)
returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_invitation public.business_invitations;
begin
  select * into v_invitation
  from public.business_invitations i
  where i.token_hash = private.hash_invitation_token(p_token)
  for update;

  if not found then
    raise exception 'Invitation not found' using errcode = '22023', hint = 'invitation_not_found';
  end if;
  if v_invitation.accepted_at is not null then
    raise exception 'This invitation was already accepted' using errcode = '22023', hint = 'invitation_accepted';
  end if;
  if v_invitation.revoked_at is not null then
    raise exception 'This invitation was revoked' using errcode = '22023', hint = 'invitation_revoked';
  end if;
  if v_invitation.expires_at <= now() then
    raise exception 'This invitation has expired' using errcode = '22023', hint = 'invitation_expired';
  end if;
  -- citext operators live in `extensions`, outside this search_path: compare lower-cased text.
  if lower(v_invitation.email::text) is distinct from lower(btrim(coalesce(p_email, ''))) then
    raise exception 'This invitation was sent to another e-mail address'
      using errcode = '42501', hint = 'invitation_email_mismatch';
  end if;
  if exists (
    select 1 from public.business_members m
    where m.business_id = v_invitation.business_id and m.user_id = p_user_id
  ) then
    raise exception 'You are already a member of this business' using errcode = '23505', hint = 'already_member';
  end if;

  insert into public.business_members (business_id, user_id, role)
  values (v_invitation.business_id, p_user_id, v_invitation.role);

  update public.business_invitations
  set accepted_at = now(), accepted_by = p_user_id
  where id = v_invitation.id;

  return v_invitation.business_id;
end
$$;

-- ---------------------------------------------------------------------------------------
-- Registration trigger on auth.users
-- ---------------------------------------------------------------------------------------

-- raw_user_meta_data (the `data` of supabase.auth.signUp / admin.createUser user_metadata):
--   full_name         required, 1..120
--   whatsapp          required with business_name, optional with invitation_token
--   locale            optional, 'id' (default) or 'en'
--   business_name     -> new business + owner membership
--   invitation_token  -> accept that invitation (e-mail must match)
-- Exactly one of business_name / invitation_token must be present.
create function private.handle_new_auth_user()
returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_meta jsonb := coalesce(new.raw_user_meta_data, '{}'::jsonb);
  v_full_name text;
  v_whatsapp text := nullif(btrim(coalesce(v_meta ->> 'whatsapp', '')), '');
  v_locale text := coalesce(nullif(btrim(coalesce(v_meta ->> 'locale', '')), ''), 'id');
  v_business_name text := nullif(btrim(coalesce(v_meta ->> 'business_name', '')), '');
  v_token text := nullif(btrim(coalesce(v_meta ->> 'invitation_token', '')), '');
begin
  -- There is no JWT during signup: tell the audit trigger who acts (transaction-local).
  perform set_config('sma.audit_actor_id', new.id::text, true);
  perform set_config('sma.audit_actor_role', 'registration', true);

  v_full_name := private.require_text(v_meta ->> 'full_name', 'full_name');
  if v_business_name is not null and v_token is not null then
    raise exception 'Sign up either with business_name or with invitation_token, not both'
      using errcode = '22023', hint = 'registration_ambiguous';
  end if;
  if v_business_name is null and v_token is null then
    raise exception 'business_name is required' using errcode = '22023', hint = 'business_name_required';
  end if;
  if v_business_name is not null or v_whatsapp is not null then
    v_whatsapp := private.require_whatsapp(v_whatsapp);
  end if;
  if v_locale not in ('id', 'en') then
    raise exception 'locale must be id or en' using errcode = '22023', hint = 'locale_invalid';
  end if;

  insert into public.profiles (id, full_name, whatsapp, email, locale)
  values (new.id, v_full_name, v_whatsapp, new.email, v_locale);

  if v_business_name is not null then
    perform private.create_business_for(new.id, v_business_name, v_whatsapp);
  else
    perform private.accept_invitation_for(new.id, new.email, v_token);
  end if;

  perform set_config('sma.audit_actor_id', '', true);
  perform set_config('sma.audit_actor_role', '', true);
  return new;
end
$$;

create trigger on_auth_user_created after insert on auth.users
  for each row execute function private.handle_new_auth_user();

-- Keep profiles.email equal to the confirmed auth e-mail after an e-mail change.
create function private.sync_profile_email()
returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  update public.profiles set email = new.email where id = new.id;
  return new;
end
$$;

create trigger on_auth_user_email_changed after update of email on auth.users
  for each row when (old.email is distinct from new.email)
  execute function private.sync_profile_email();

-- ---------------------------------------------------------------------------------------
-- RPCs
-- ---------------------------------------------------------------------------------------

-- Raises unless a user is signed in; returns their id.
create function private.require_user()
returns uuid
language plpgsql stable
set search_path = ''
as $$
declare
  v_uid uuid := auth.uid();
begin
  if v_uid is null then
    raise exception 'Sign in first' using errcode = '42501', hint = 'unauthenticated';
  end if;
  return v_uid;
end
$$;

create function public.create_business(p_name text, p_whatsapp text)
returns public.businesses
language plpgsql security definer
set search_path = ''
as $$
begin
  return private.create_business_for(private.require_user(), p_name, p_whatsapp);
end
$$;
comment on function public.create_business(text, text) is
  'Creates another business for the signed-in user, who becomes its owner (business switcher).';

-- Owners invite admin/staff/viewer; admins invite staff/viewer (an admin cannot create a
-- peer). Re-inviting an address replaces its open invitation. The token is returned once.
create function public.invite_member(p_business_id uuid, p_email text, p_role public.business_role)
returns table (invitation_id uuid, token text)
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  v_email text := lower(btrim(coalesce(p_email, '')));
  v_token text := encode(extensions.gen_random_bytes(32), 'hex');
  v_id uuid;
begin
  if not public.has_role_on_business(p_business_id, 'admin') then
    raise exception 'Only owners and admins can invite members' using errcode = '42501', hint = 'forbidden';
  end if;
  if p_role is null or p_role = 'owner' then
    raise exception 'Invite as admin, staff or viewer; make a member owner afterwards'
      using errcode = '22023', hint = 'invitation_role_invalid';
  end if;
  if p_role = 'admin' and not public.has_role_on_business(p_business_id, 'owner') then
    raise exception 'Only owners can invite admins' using errcode = '42501', hint = 'role_hierarchy';
  end if;
  if v_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' or char_length(v_email) > 254 then
    raise exception 'email is not a valid e-mail address' using errcode = '22023', hint = 'email_invalid';
  end if;
  if exists (
    select 1 from public.business_members m
    join public.profiles p on p.id = m.user_id
    where m.business_id = p_business_id and lower(p.email::text) = v_email
  ) then
    raise exception 'This person is already a member' using errcode = '23505', hint = 'already_member';
  end if;

  update public.business_invitations i
  set revoked_at = now()
  where i.business_id = p_business_id and lower(i.email::text) = v_email
    and i.accepted_at is null and i.revoked_at is null;

  insert into public.business_invitations (business_id, email, role, token_hash, invited_by)
  values (p_business_id, v_email, p_role, private.hash_invitation_token(v_token), v_uid)
  returning id into v_id;

  return query select v_id, v_token;
end
$$;
comment on function public.invite_member(uuid, text, public.business_role) is
  'Owner/admin: creates an invitation and returns its one-time token (only the hash is stored).';

-- For a signed-in user who already has an account. The e-mail comes from the JWT.
create function public.accept_invitation(p_token text)
returns uuid
language plpgsql security definer
set search_path = ''
as $$
begin
  return private.accept_invitation_for(private.require_user(), auth.jwt() ->> 'email', p_token);
end
$$;
comment on function public.accept_invitation(text) is
  'Joins the business of the invitation (e-mail must match the signed-in user). Returns the business id.';

-- What the invitation page may show before sign-in; nothing else about the business.
create function public.get_invitation(p_token text)
returns table (business_name text, email text, role public.business_role, status text, expires_at timestamptz)
language sql stable security definer
set search_path = ''
as $$
  select
    b.name,
    i.email::text,
    i.role,
    case
      when i.accepted_at is not null then 'accepted'
      when i.revoked_at is not null then 'revoked'
      when i.expires_at <= now() then 'expired'
      else 'pending'
    end,
    i.expires_at
  from public.business_invitations i
  join public.businesses b on b.id = i.business_id
  where i.token_hash = private.hash_invitation_token(p_token)
$$;
comment on function public.get_invitation(text) is
  'Public (anon) lookup of an invitation by token: business name, e-mail, role, status (pending|accepted|revoked|expired), expiry.';

create function public.update_member_role(p_business_id uuid, p_user_id uuid, p_role public.business_role)
returns public.business_members
language plpgsql security definer
set search_path = ''
as $$
declare
  v_member public.business_members;
begin
  perform private.require_user();
  if not public.has_role_on_business(p_business_id, 'admin') then
    raise exception 'Only owners and admins can change roles' using errcode = '42501', hint = 'forbidden';
  end if;
  if p_role is null then
    raise exception 'role is required' using errcode = '22023', hint = 'role_required';
  end if;
  -- Hierarchy and last-owner rules: private.business_members_guard.
  update public.business_members m set role = p_role
  where m.business_id = p_business_id and m.user_id = p_user_id
  returning * into v_member;
  if not found then
    raise exception 'Member not found' using errcode = '22023', hint = 'member_not_found';
  end if;
  return v_member;
end
$$;
comment on function public.update_member_role(uuid, uuid, public.business_role) is
  'Owner: any role change. Admin: only between staff and viewer. The last owner cannot be demoted.';

create function public.remove_member(p_business_id uuid, p_user_id uuid)
returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
begin
  -- Leaving is always allowed (except for the last owner); removing others needs admin.
  if p_user_id is distinct from v_uid and not public.has_role_on_business(p_business_id, 'admin') then
    raise exception 'Only owners and admins can remove members' using errcode = '42501', hint = 'forbidden';
  end if;
  delete from public.business_members m where m.business_id = p_business_id and m.user_id = p_user_id;
  if not found then
    raise exception 'Member not found' using errcode = '22023', hint = 'member_not_found';
  end if;
end
$$;
comment on function public.remove_member(uuid, uuid) is
  'Owner/admin removes a member (admins: staff and viewers only); any member may remove themselves. Never the last owner.';

-- ---------------------------------------------------------------------------------------
-- Privileges: functions are executable by PUBLIC by default, and the bootstrap grants the
-- API roles everything in public. Narrow each one to who may call it.
-- ---------------------------------------------------------------------------------------

revoke all on function private.require_text(text, text, integer) from public;
revoke all on function private.require_whatsapp(text) from public;
revoke all on function private.hash_invitation_token(text) from public;
revoke all on function private.create_business_for(uuid, text, text) from public;
revoke all on function private.accept_invitation_for(uuid, text, text) from public;
revoke all on function private.handle_new_auth_user() from public;
revoke all on function private.sync_profile_email() from public;
revoke all on function private.require_user() from public;

revoke all on function public.create_business(text, text) from public, anon, service_role;
revoke all on function public.invite_member(uuid, text, public.business_role) from public, anon, service_role;
revoke all on function public.accept_invitation(text) from public, anon, service_role;
revoke all on function public.update_member_role(uuid, uuid, public.business_role) from public, anon, service_role;
revoke all on function public.remove_member(uuid, uuid) from public, anon, service_role;
revoke all on function public.get_invitation(text) from public;

grant execute on function public.create_business(text, text) to authenticated;
grant execute on function public.invite_member(uuid, text, public.business_role) to authenticated;
grant execute on function public.accept_invitation(text) to authenticated;
grant execute on function public.update_member_role(uuid, uuid, public.business_role) to authenticated;
grant execute on function public.remove_member(uuid, uuid) to authenticated;
grant execute on function public.get_invitation(text) to anon, authenticated, service_role;
