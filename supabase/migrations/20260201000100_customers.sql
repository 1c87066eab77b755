-- Customers: the complete data core around public.customers (issue 3, customers part).
--
--   tags + customer_tags          business-scoped labels with a colour
--   customer_notes                general / complaint / feedback / request, internal flag
--   customer_activities           the timeline: manual entries (call, email, meeting, note,
--                                 booking) plus events the database logs itself (created,
--                                 updated, deleted, restored, transaction_added,
--                                 transaction_voided, balance_changed, message_sent)
--   customer_contacts             extra people to reach at a customer
--   customer_ledger               credit / debit / carry_over; customers.balance is written
--                                 only by record_ledger_entry(), under a row lock
--   customer_documents            files in the private bucket `customer-documents`
--   RPCs                          record_ledger_entry, soft_delete_customer, restore_customer,
--                                 search_customers, customer_list_stats
--
-- Child tables reference (customer_id, business_id) together, so a row can never point at a
-- customer of another business whatever the caller sends.

create extension if not exists btree_gin with schema extensions;

-- ---------------------------------------------------------------------------------------
-- Customers: balance, soft-delete details, composite key for child tables
-- ---------------------------------------------------------------------------------------
alter table public.customers
  add column balance numeric(15, 2) not null default 0,
  add column deleted_reason text check (deleted_reason is null or length(deleted_reason) <= 500),
  add column deleted_by uuid references auth.users(id) on delete set null,
  add constraint customers_id_business_key unique (id, business_id);

comment on column public.customers.balance is
  'Rupiah; > 0 credit (the business owes the customer), < 0 debt. Equals the sum of customer_ledger; written only by record_ledger_entry().';
comment on column public.customers.deleted_reason is 'Why the customer was soft-deleted (soft_delete_customer).';
comment on column public.customers.deleted_by is 'Who soft-deleted the customer.';

-- Typo-tolerant search (pg_trgm) on the searchable columns, scoped by business (btree_gin).
create index customers_search_name_trgm on public.customers
  using gin (business_id, name extensions.gin_trgm_ops);
create index customers_search_city_trgm on public.customers
  using gin (business_id, city extensions.gin_trgm_ops) where city is not null;
create index customers_search_email_trgm on public.customers
  using gin (business_id, (email::text) extensions.gin_trgm_ops) where email is not null;
create index customers_search_whatsapp_trgm on public.customers
  using gin (business_id, whatsapp extensions.gin_trgm_ops) where whatsapp is not null;
create index customers_business_balance_idx on public.customers (business_id, balance);
create index customers_business_updated_idx on public.customers (business_id, updated_at desc);
create index customers_business_deleted_idx on public.customers (business_id, deleted_at) where deleted_at is not null;

-- Who created / last changed the row comes from the session, never from the client; the
-- balance only moves inside record_ledger_entry(), which sets the flag below for its own
-- transaction.
create function private.customers_guard()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    if new.balance <> 0 then
      raise exception 'a new customer starts with balance 0' using errcode = '42501', hint = 'balance_ledger_only';
    end if;
    new.created_by := coalesce(auth.uid(), new.created_by);
    new.updated_by := new.created_by;
  else
    if new.balance is distinct from old.balance
       and coalesce(current_setting('sma.ledger_write', true), '') <> 'on' then
      raise exception 'customers.balance is written only by record_ledger_entry()'
        using errcode = '42501', hint = 'balance_ledger_only';
    end if;
    new.updated_by := coalesce(auth.uid(), new.updated_by);
  end if;
  return new;
end
$$;

create trigger customers_guard before insert or update on public.customers
  for each row execute function private.customers_guard();

-- Clients edit only the profile columns; balance and soft-delete go through the RPCs.
revoke insert, update on public.customers from authenticated;
grant insert (business_id, name, whatsapp, phone, email, address, city, type, status, metadata)
  on public.customers to authenticated;
grant update (name, whatsapp, phone, email, address, city, type, status, metadata)
  on public.customers to authenticated;

-- ---------------------------------------------------------------------------------------
-- Tags
-- ---------------------------------------------------------------------------------------
create table public.tags (
  id uuid primary key default gen_random_uuid(),
  business_id uuid not null references public.businesses(id) on delete cascade,
  name extensions.citext not null check (length(btrim(name::text)) between 1 and 50),
  color text not null default '#64748b' check (color ~ '^#[0-9a-fA-F]{6}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint tags_business_name_key unique (business_id, name),
  constraint tags_id_business_key unique (id, business_id)
);
comment on table public.tags is 'Labels a business puts on its customers (name unique per business, case-insensitive).';
comment on column public.tags.color is 'Hex colour #rrggbb shown on the tag chip.';

create table public.customer_tags (
  id uuid primary key default gen_random_uuid(),
  business_id uuid not null references public.businesses(id) on delete cascade,
  customer_id uuid not null,
  tag_id uuid not null,
  created_at timestamptz not null default now(),
  constraint customer_tags_customer_fk foreign key (customer_id, business_id)
    references public.customers (id, business_id) on delete cascade,
  constraint customer_tags_tag_fk foreign key (tag_id, business_id)
    references public.tags (id, business_id) on delete cascade,
  constraint customer_tags_customer_tag_key unique (customer_id, tag_id)
);
comment on table public.customer_tags is 'Which tags a customer carries; both sides belong to the same business.';
create index customer_tags_business_tag_idx on public.customer_tags (business_id, tag_id, customer_id);

-- ---------------------------------------------------------------------------------------
-- Notes
-- ---------------------------------------------------------------------------------------
create type public.customer_note_type as enum ('general', 'complaint', 'feedback', 'request');

create table public.customer_notes (
  id uuid primary key default gen_random_uuid(),
  business_id uuid not null references public.businesses(id) on delete cascade,
  customer_id uuid not null,
  note_type public.customer_note_type not null default 'general',
  body text not null check (length(btrim(body)) between 1 and 5000),
  is_internal boolean not null default false,
  created_by uuid references auth.users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint customer_notes_customer_fk foreign key (customer_id, business_id)
    references public.customers (id, business_id) on delete cascade
);
comment on table public.customer_notes is 'Notes about a customer; is_internal marks notes never shown outside the team.';
create index customer_notes_business_customer_idx on public.customer_notes (business_id, customer_id, created_at desc);

-- ---------------------------------------------------------------------------------------
-- Activities (timeline)
-- ---------------------------------------------------------------------------------------
create type public.customer_activity_kind as enum (
  'call', 'email', 'meeting', 'note', 'booking',
  'created', 'updated', 'deleted', 'restored',
  'transaction_added', 'transaction_voided', 'balance_changed', 'message_sent'
);

create table public.customer_activities (
  id uuid primary key default gen_random_uuid(),
  business_id uuid not null references public.businesses(id) on delete cascade,
  customer_id uuid not null,
  kind public.customer_activity_kind not null,
  title text check (title is null or length(title) <= 200),
  body text check (body is null or length(body) <= 5000),
  metadata jsonb not null default '{}'::jsonb,
  occurred_at timestamptz not null default now(),
  actor_id uuid references auth.users(id) on delete set null,
  created_at timestamptz not null default now(),
  constraint customer_activities_customer_fk foreign key (customer_id, business_id)
    references public.customers (id, business_id) on delete cascade
);
comment on table public.customer_activities is
  'Timeline. Members add call/email/meeting/note/booking; every other kind is written by database triggers and RPCs only. Append-only.';
comment on column public.customer_activities.metadata is 'Event details (changed columns, transaction id, ledger entry, note id ...).';
create index customer_activities_business_customer_idx on public.customer_activities (business_id, customer_id, occurred_at desc);

-- The kinds a member may log by hand.
create function private.is_manual_activity(p_kind public.customer_activity_kind)
returns boolean
language sql
immutable
set search_path = ''
as $$ select p_kind in ('call', 'email', 'meeting', 'note', 'booking') $$;

-- System events: one insert path for every trigger and RPC below.
create function private.log_customer_activity(
  p_business_id uuid, p_customer_id uuid, p_kind public.customer_activity_kind,
  p_title text, p_metadata jsonb default '{}'::jsonb
)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into public.customer_activities (business_id, customer_id, kind, title, metadata, actor_id)
  values (p_business_id, p_customer_id, p_kind, p_title, coalesce(p_metadata, '{}'::jsonb), auth.uid());
$$;

-- ---------------------------------------------------------------------------------------
-- Extra contacts
-- ---------------------------------------------------------------------------------------
create table public.customer_contacts (
  id uuid primary key default gen_random_uuid(),
  business_id uuid not null references public.businesses(id) on delete cascade,
  customer_id uuid not null,
  name text not null check (length(btrim(name)) between 1 and 200),
  relation text check (relation is null or length(relation) <= 100),
  whatsapp text check (whatsapp ~ '^\+[1-9][0-9]{7,14}$'),
  phone text check (phone ~ '^\+[1-9][0-9]{7,14}$'),
  email extensions.citext check (email is null or email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint customer_contacts_customer_fk foreign key (customer_id, business_id)
    references public.customers (id, business_id) on delete cascade
);
comment on table public.customer_contacts is 'Other people to reach at a customer (a buyer, an accountant ...). Numbers in E.164.';
create index customer_contacts_business_customer_idx on public.customer_contacts (business_id, customer_id);

-- ---------------------------------------------------------------------------------------
-- Balance ledger
-- ---------------------------------------------------------------------------------------
create type public.ledger_entry_type as enum ('credit', 'debit', 'carry_over');

create table public.customer_ledger (
  id uuid primary key default gen_random_uuid(),
  business_id uuid not null references public.businesses(id) on delete cascade,
  customer_id uuid not null,
  entry_type public.ledger_entry_type not null,
  amount numeric(15, 2) not null,
  description text not null check (length(btrim(description)) between 1 and 500),
  reference text check (reference is null or length(reference) <= 100),
  previous_balance numeric(15, 2) not null,
  new_balance numeric(15, 2) not null,
  actor_id uuid references auth.users(id) on delete set null,
  created_at timestamptz not null default now(),
  constraint customer_ledger_customer_fk foreign key (customer_id, business_id)
    references public.customers (id, business_id) on delete cascade,
  -- credit adds, debit subtracts (both > 0); carry_over is a signed opening amount (<> 0).
  constraint customer_ledger_amount_sign check (
    (entry_type in ('credit', 'debit') and amount > 0) or (entry_type = 'carry_over' and amount <> 0)
  ),
  constraint customer_ledger_arithmetic check (
    new_balance = previous_balance + case when entry_type = 'debit' then -amount else amount end
  )
);
comment on table public.customer_ledger is
  'Append-only balance history. Rows are written only by record_ledger_entry(); customers.balance = the last new_balance = the signed sum.';
comment on column public.customer_ledger.amount is 'Rupiah. credit/debit: > 0; carry_over: signed balance brought forward.';
create index customer_ledger_business_customer_idx on public.customer_ledger (business_id, customer_id, created_at desc);

-- The one way to move a balance: locks the customer row, so concurrent entries serialise and
-- the balance always equals the sum of the ledger.
create function public.record_ledger_entry(
  p_customer_id uuid,
  p_entry_type public.ledger_entry_type,
  p_amount numeric,
  p_description text,
  p_reference text default null
)
returns public.customer_ledger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_customer public.customers;
  v_entry public.customer_ledger;
  v_signed numeric(15, 2);
begin
  if auth.uid() is null then
    raise exception 'not signed in' using errcode = '42501', hint = 'unauthenticated';
  end if;
  select * into v_customer from public.customers where id = p_customer_id for update;
  if not found or not public.has_role_on_business(v_customer.business_id, 'viewer') then
    raise exception 'customer not found' using errcode = 'P0002', hint = 'customer_not_found';
  end if;
  if not public.has_role_on_business(v_customer.business_id, 'staff') then
    raise exception 'forbidden' using errcode = '42501', hint = 'forbidden';
  end if;
  if v_customer.deleted_at is not null then
    raise exception 'customer is deleted' using errcode = 'P0001', hint = 'customer_deleted';
  end if;
  if p_amount is null or p_amount <> round(p_amount, 2) or abs(p_amount) >= 1e13
     or (p_entry_type in ('credit', 'debit') and p_amount <= 0) or p_amount = 0 then
    raise exception 'invalid amount' using errcode = '22023', hint = 'amount_invalid';
  end if;
  if p_description is null or length(btrim(p_description)) = 0 then
    raise exception 'description is required' using errcode = '22023', hint = 'description_required';
  end if;

  v_signed := case when p_entry_type = 'debit' then -p_amount else p_amount end;
  insert into public.customer_ledger (business_id, customer_id, entry_type, amount, description, reference,
    previous_balance, new_balance, actor_id)
  values (v_customer.business_id, v_customer.id, p_entry_type, p_amount, btrim(p_description),
    nullif(btrim(p_reference), ''), v_customer.balance, v_customer.balance + v_signed, auth.uid())
  returning * into v_entry;

  perform set_config('sma.ledger_write', 'on', true);
  update public.customers set balance = v_entry.new_balance where id = v_customer.id;
  perform set_config('sma.ledger_write', 'off', true);

  perform private.log_customer_activity(v_customer.business_id, v_customer.id, 'balance_changed', v_entry.description,
    jsonb_build_object('ledger_id', v_entry.id, 'entry_type', v_entry.entry_type, 'amount', v_entry.amount,
      'previous_balance', v_entry.previous_balance, 'new_balance', v_entry.new_balance));
  return v_entry;
end
$$;
comment on function public.record_ledger_entry(uuid, public.ledger_entry_type, numeric, text, text) is
  'Appends a ledger entry and moves customers.balance atomically (row lock). Staff and up. Hints: customer_not_found, customer_deleted, amount_invalid, description_required.';

-- ---------------------------------------------------------------------------------------
-- Documents (rows here, bytes in Storage under <business_id>/<customer_id>/<file>)
-- ---------------------------------------------------------------------------------------
create type public.customer_document_type as enum ('contract', 'invoice', 'agreement', 'other');

create table public.customer_documents (
  id uuid primary key default gen_random_uuid(),
  business_id uuid not null references public.businesses(id) on delete cascade,
  customer_id uuid not null,
  doc_type public.customer_document_type not null default 'other',
  title text not null check (length(btrim(title)) between 1 and 200),
  storage_path text not null unique,
  mime_type text not null check (mime_type in ('application/pdf', 'image/jpeg', 'image/png', 'image/webp')),
  size_bytes bigint not null check (size_bytes between 1 and 10485760),
  uploaded_by uuid references auth.users(id) on delete set null,
  created_at timestamptz not null default now(),
  constraint customer_documents_customer_fk foreign key (customer_id, business_id)
    references public.customers (id, business_id) on delete cascade,
  -- The object lives in the business's own folder of the customer-documents bucket.
  constraint customer_documents_path_check check (storage_path like business_id::text || '/' || customer_id::text || '/%')
);
comment on table public.customer_documents is 'Contracts, invoices, agreements about a customer; the file is in bucket customer-documents at storage_path.';
create index customer_documents_business_customer_idx on public.customer_documents (business_id, customer_id, created_at desc);

insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('customer-documents', 'customer-documents', false, 10485760,
  array['application/pdf', 'image/jpeg', 'image/png', 'image/webp'])
on conflict (id) do nothing;

-- Objects are keyed by the first folder = business id.
create policy customer_documents_objects_select on storage.objects for select to authenticated
  using (bucket_id = 'customer-documents'
    and public.has_role_on_business(private.try_uuid((storage.foldername(name))[1]), 'viewer'));
create policy customer_documents_objects_insert on storage.objects for insert to authenticated
  with check (bucket_id = 'customer-documents'
    and public.has_role_on_business(private.try_uuid((storage.foldername(name))[1]), 'staff'));
create policy customer_documents_objects_delete on storage.objects for delete to authenticated
  using (bucket_id = 'customer-documents'
    and public.has_role_on_business(private.try_uuid((storage.foldername(name))[1]), 'staff'));
