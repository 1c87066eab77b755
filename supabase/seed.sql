-- Seed for `supabase db reset` / `supabase start` (run after the migrations). Idempotent.
--
-- The schema needs no seed rows: enums, roles and helpers come from the migrations, and the
-- demo business comes from `npm run seed:demo`, which signs up through the Auth API so the
-- registration trigger builds profile, business and owner membership exactly as for a user.
--
-- Platform super admins are deliberately NOT seeded: a seed granting the role to an e-mail
-- address would hand it to whoever registers that address first on a shared database.
-- Grant it by hand, once the account exists (every grant is written to public.audit_log):
--
--   insert into public.platform_roles (user_id)
--   select id from auth.users where email = 'you@example.com'
--   on conflict (user_id) do nothing;

-- Fail loudly if the seed is run against a database the migrations have not reached yet.
do $$
begin
  if to_regprocedure('public.has_role_on_business(uuid, public.business_role)') is null then
    raise exception 'The tenancy migrations are missing: apply supabase/migrations before seeding';
  end if;
end
$$;
