-- Customers and transactions: the base the demo data and later features stand on.
-- The customers & transactions issue extends these tables (tags, ledger, notes, documents,
-- search indexes); this migration keeps only what every later feature needs.

create type public.customer_type as enum ('private', 'business');
create type public.customer_status as enum ('active', 'inactive', 'blacklisted');
create type public.transaction_status as enum ('completed', 'voided');

create table public.customers (
  id uuid primary key default gen_random_uuid(),
  business_id uuid not null references public.businesses(id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 200),
  -- E.164 (+628...), normalised by the app with libphonenumber before it gets here.
  whatsapp text check (whatsapp ~ '^\+[1-9][0-9]{7,14}$'),
  phone text check (phone ~ '^\+[1-9][0-9]{7,14}$'),
  email extensions.citext check (email is null or email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  address text,
  city text,
  type public.customer_type not null default 'private',
  status public.customer_status not null default 'active',
  metadata jsonb not null default '{}'::jsonb,
  created_by uuid references auth.users(id) on delete set null,
  updated_by uuid references auth.users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  -- DOMAIN.md: a name plus at least one way to reach the customer.
  constraint customers_contact_required check (whatsapp is not null or phone is not null or email is not null)
);

comment on table public.customers is 'Customers of a business (tenant). Soft-deleted rows keep deleted_at.';
comment on column public.customers.whatsapp is 'Primary identity: E.164, unique per business among live rows.';
comment on column public.customers.deleted_at is 'Soft delete marker; null for live customers.';

create unique index customers_business_whatsapp_key on public.customers (business_id, whatsapp)
  where whatsapp is not null and deleted_at is null;
create index customers_business_created_idx on public.customers (business_id, created_at desc);
create index customers_business_name_idx on public.customers (business_id, name);

create table public.transactions (
  id uuid primary key default gen_random_uuid(),
  business_id uuid not null references public.businesses(id) on delete cascade,
  customer_id uuid not null references public.customers(id) on delete cascade,
  -- The WIB calendar date of the sale: RFM recency counts days between such dates.
  transaction_date date not null check (transaction_date >= date '2000-01-01'),
  amount numeric(15, 2) not null check (amount > 0),
  payment_method text,
  notes text,
  status public.transaction_status not null default 'completed',
  voided_at timestamptz,
  created_by uuid references auth.users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

comment on table public.transactions is 'Sales. Voided rows stay for the audit trail and drop out of every figure.';
comment on column public.transactions.amount is 'Rupiah, numeric(15,2), always > 0.';

create index transactions_business_customer_date_idx on public.transactions (business_id, customer_id, transaction_date desc);
create index transactions_business_date_idx on public.transactions (business_id, transaction_date desc);

-- A transaction must belong to a customer of the same business.
create function public.transactions_same_business() returns trigger
language plpgsql set search_path = '' as $$
begin
  if not exists (select 1 from public.customers c where c.id = new.customer_id and c.business_id = new.business_id) then
    raise exception 'customer % does not belong to business %', new.customer_id, new.business_id
      using errcode = '23503';
  end if;
  return new;
end $$;

create trigger transactions_same_business before insert or update of customer_id, business_id
  on public.transactions for each row execute function public.transactions_same_business();

alter table public.customers enable row level security;
alter table public.transactions enable row level security;

create policy customers_select on public.customers for select to authenticated
  using (public.has_role_on_business(business_id, 'viewer'));
create policy customers_insert on public.customers for insert to authenticated
  with check (public.has_role_on_business(business_id, 'staff'));
create policy customers_update on public.customers for update to authenticated
  using (public.has_role_on_business(business_id, 'staff'))
  with check (public.has_role_on_business(business_id, 'staff'));
create policy customers_delete on public.customers for delete to authenticated
  using (public.has_role_on_business(business_id, 'owner'));

create policy transactions_select on public.transactions for select to authenticated
  using (public.has_role_on_business(business_id, 'viewer'));
create policy transactions_insert on public.transactions for insert to authenticated
  with check (public.has_role_on_business(business_id, 'staff'));
create policy transactions_update on public.transactions for update to authenticated
  using (public.has_role_on_business(business_id, 'staff'))
  with check (public.has_role_on_business(business_id, 'staff'));
create policy transactions_delete on public.transactions for delete to authenticated
  using (public.has_role_on_business(business_id, 'owner'));

revoke all on public.customers, public.transactions from anon;

-- Timestamps set by the database; every change audited (who, when, before, after).
create trigger set_updated_at before update on public.customers
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on public.transactions
  for each row execute function private.set_updated_at();
create trigger audit_row_change after insert or update or delete on public.customers
  for each row execute function private.audit_row_change();
create trigger audit_row_change after insert or update or delete on public.transactions
  for each row execute function private.audit_row_change();
