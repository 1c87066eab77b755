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

-- System events: one insert path for every trigger and RPC below.
create function private.log_customer_activity(
  p_business_id uuid, p_customer_id uuid, p_kind public.customer_activity_kind,
  p_title text, p_metadata jsonb default '{}'::jsonb, p_body text default null
)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into public.customer_activities (business_id, customer_id, kind, title, body, metadata, actor_id)
  values (p_business_id, p_customer_id, p_kind, left(p_title, 200), left(p_body, 5000),
    coalesce(p_metadata, '{}'::jsonb), auth.uid());
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

-- Objects are keyed by the first folder = business id (a folder that is not a uuid names no business).
create policy customer_documents_objects_select on storage.objects for select to authenticated
  using (bucket_id = 'customer-documents'
    and public.has_role_on_business(case when (storage.foldername(name))[1] ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'
      then ((storage.foldername(name))[1])::uuid end, 'viewer'));
create policy customer_documents_objects_insert on storage.objects for insert to authenticated
  with check (bucket_id = 'customer-documents'
    and public.has_role_on_business(case when (storage.foldername(name))[1] ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'
      then ((storage.foldername(name))[1])::uuid end, 'staff'));
create policy customer_documents_objects_delete on storage.objects for delete to authenticated
  using (bucket_id = 'customer-documents'
    and public.has_role_on_business(case when (storage.foldername(name))[1] ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'
      then ((storage.foldername(name))[1])::uuid end, 'staff'));

-- ---------------------------------------------------------------------------------------
-- System events on the timeline
-- ---------------------------------------------------------------------------------------
create function private.customers_log_activity()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_changed text[];
begin
  if tg_op = 'INSERT' then
    perform private.log_customer_activity(new.business_id, new.id, 'created', new.name);
    return null;
  end if;
  -- Soft delete / restore log their own event (the RPCs); balance moves log balance_changed.
  if new.deleted_at is distinct from old.deleted_at then
    return null;
  end if;
  select coalesce(array_agg(k order by k), '{}') into v_changed
  from jsonb_each(to_jsonb(new)) n
  join jsonb_each(to_jsonb(old)) o using (key)
  cross join lateral (select n.key as k) x
  where n.value is distinct from o.value
    and n.key in ('name', 'whatsapp', 'phone', 'email', 'address', 'city', 'type', 'status', 'metadata');
  if cardinality(v_changed) > 0 then
    perform private.log_customer_activity(new.business_id, new.id, 'updated', new.name,
      jsonb_build_object('changed', to_jsonb(v_changed)));
  end if;
  return null;
end
$$;

create trigger customers_log_activity after insert or update on public.customers
  for each row execute function private.customers_log_activity();

create function private.transactions_log_activity()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    perform private.log_customer_activity(new.business_id, new.customer_id, 'transaction_added', null,
      jsonb_build_object('transaction_id', new.id, 'amount', new.amount, 'transaction_date', new.transaction_date));
  elsif new.status = 'voided' and old.status is distinct from 'voided' then
    perform private.log_customer_activity(new.business_id, new.customer_id, 'transaction_voided', null,
      jsonb_build_object('transaction_id', new.id, 'amount', new.amount, 'transaction_date', new.transaction_date));
  end if;
  return null;
end
$$;

create trigger transactions_log_activity after insert or update of status on public.transactions
  for each row execute function private.transactions_log_activity();

create function private.customer_notes_log_activity()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.log_customer_activity(new.business_id, new.customer_id, 'note', new.note_type::text,
    jsonb_build_object('note_id', new.id, 'note_type', new.note_type, 'is_internal', new.is_internal), new.body);
  return null;
end
$$;

create trigger customer_notes_log_activity after insert on public.customer_notes
  for each row execute function private.customer_notes_log_activity();

-- Stamps the acting user into the column named by the trigger argument (never the client's value).
create function private.stamp_actor()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if auth.uid() is null then
    return new;
  end if;
  return jsonb_populate_record(new, jsonb_build_object(tg_argv[0], auth.uid()));
end
$$;

create trigger stamp_actor before insert on public.customer_notes
  for each row execute function private.stamp_actor('created_by');
create trigger stamp_actor before insert on public.customer_activities
  for each row execute function private.stamp_actor('actor_id');
create trigger stamp_actor before insert on public.customer_documents
  for each row execute function private.stamp_actor('uploaded_by');

-- ---------------------------------------------------------------------------------------
-- Soft delete and restore
-- ---------------------------------------------------------------------------------------
create function public.soft_delete_customer(p_id uuid, p_reason text, p_expected_updated_at timestamptz default null)
returns public.customers
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_customer public.customers;
begin
  select * into v_customer from public.customers where id = p_id for update;
  if not found or not public.has_role_on_business(v_customer.business_id, 'viewer') then
    raise exception 'customer not found' using errcode = 'P0002', hint = 'customer_not_found';
  end if;
  if not public.has_role_on_business(v_customer.business_id, 'staff') then
    raise exception 'forbidden' using errcode = '42501', hint = 'forbidden';
  end if;
  if v_customer.deleted_at is not null then
    raise exception 'customer already deleted' using errcode = 'P0001', hint = 'customer_already_deleted';
  end if;
  if p_expected_updated_at is not null and p_expected_updated_at <> v_customer.updated_at then
    raise exception 'customer was changed by someone else' using errcode = 'P0001', hint = 'stale_version';
  end if;
  if p_reason is null or length(btrim(p_reason)) = 0 or length(p_reason) > 500 then
    raise exception 'a reason (1..500 characters) is required' using errcode = '22023', hint = 'reason_required';
  end if;
  -- Open obligations: debt. (Unpaid invoices and scheduled campaign messages join this list
  -- when their modules exist.)
  if v_customer.balance < 0 then
    raise exception 'customer has an unpaid debt of %', -v_customer.balance
      using errcode = 'P0001', hint = 'customer_has_debt', detail = (-v_customer.balance)::text;
  end if;

  update public.customers
     set deleted_at = now(), deleted_reason = btrim(p_reason), deleted_by = auth.uid()
   where id = p_id
  returning * into v_customer;
  perform private.log_customer_activity(v_customer.business_id, v_customer.id, 'deleted', btrim(p_reason));
  return v_customer;
end
$$;
comment on function public.soft_delete_customer(uuid, text, timestamptz) is
  'Soft-deletes a customer with a reason (staff and up). Refused while balance < 0 (hint customer_has_debt, detail = the debt) or when p_expected_updated_at is stale (hint stale_version).';

create function public.restore_customer(p_id uuid)
returns public.customers
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_customer public.customers;
begin
  select * into v_customer from public.customers where id = p_id for update;
  if not found or not public.has_role_on_business(v_customer.business_id, 'viewer') then
    raise exception 'customer not found' using errcode = 'P0002', hint = 'customer_not_found';
  end if;
  if not public.has_role_on_business(v_customer.business_id, 'staff') then
    raise exception 'forbidden' using errcode = '42501', hint = 'forbidden';
  end if;
  if v_customer.deleted_at is null then
    return v_customer;
  end if;
  -- A live customer may have taken the WhatsApp number meanwhile: the unique index answers 23505.
  update public.customers
     set deleted_at = null, deleted_reason = null, deleted_by = null
   where id = p_id
  returning * into v_customer;
  perform private.log_customer_activity(v_customer.business_id, v_customer.id, 'restored', v_customer.name);
  return v_customer;
end
$$;
comment on function public.restore_customer(uuid) is 'Brings a soft-deleted customer back (staff and up); 23505 if its WhatsApp is now used by a live customer.';

-- ---------------------------------------------------------------------------------------
-- Search and list statistics (security invoker: RLS applies on top of the explicit tenant)
-- ---------------------------------------------------------------------------------------
create function public.search_customers(
  p_business_id uuid,
  p_search text default null,
  p_status public.customer_status default null,
  p_type public.customer_type default null,
  p_tag_id uuid default null,
  p_balance text default null,
  p_balance_min numeric default null,
  p_balance_max numeric default null,
  p_created_from date default null,
  p_created_to date default null,
  p_deleted boolean default false,
  p_sort text default 'created_at',
  p_direction text default 'desc',
  p_limit integer default 25,
  p_offset integer default 0
)
returns table (
  id uuid, name text, whatsapp text, phone text, email text, address text, city text,
  type public.customer_type, status public.customer_status, balance numeric,
  created_at timestamptz, updated_at timestamptz, deleted_at timestamptz, deleted_reason text,
  tags jsonb, total_count bigint
)
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_q text := nullif(btrim(coalesce(p_search, '')), '');
  v_like text;
  v_digits text;
  v_sort text;
  v_dir text := case when lower(coalesce(p_direction, '')) = 'asc' then 'asc' else 'desc' end;
begin
  if p_balance is not null and p_balance not in ('credit', 'debt', 'zero') then
    raise exception 'invalid balance filter' using errcode = '22023', hint = 'balance_filter_invalid';
  end if;
  -- Only these columns can be sorted on; the name is never taken from the caller verbatim.
  v_sort := case p_sort
    when 'name' then 'name' when 'whatsapp' then 'whatsapp' when 'email' then 'email'
    when 'city' then 'city' when 'type' then 'type' when 'status' then 'status'
    when 'balance' then 'balance' when 'updated_at' then 'updated_at'
    when 'relevance' then case when v_q is null then 'created_at' else 'relevance' end
    else 'created_at' end;
  -- The search text is data: LIKE wildcards are escaped, and it only ever travels as a parameter.
  v_like := '%' || replace(replace(replace(v_q, '\', '\\'), '%', '\%'), '_', '\_') || '%';
  v_digits := regexp_replace(coalesce(v_q, ''), '\D', '', 'g');
  v_digits := case when v_digits like '0%' then '62' || substr(v_digits, 2) else v_digits end;
  -- Phone digits are searched from 4 typed digits on (fewer would match almost every number).
  if length(v_digits) < 4 then v_digits := null; end if;

  -- The page is cut first (inner query); tags are gathered for the page's rows only.
  return query execute format($q$
    select p.id, p.name, p.whatsapp, p.phone, p.email, p.address, p.city, p.type, p.status, p.balance,
           p.created_at, p.updated_at, p.deleted_at, p.deleted_reason,
           coalesce((select jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name, 'color', t.color) order by t.name)
                       from public.customer_tags ct join public.tags t on t.id = ct.tag_id
                      where ct.business_id = $1 and ct.customer_id = p.id), '[]'::jsonb),
           p.total_count
    from (
    select c.id, c.name, c.whatsapp, c.phone, c.email::text as email, c.address, c.city, c.type, c.status, c.balance,
           c.created_at, c.updated_at, c.deleted_at, c.deleted_reason, count(*) over () as total_count,
           row_number() over (order by %1$s, c.id %2$s) as rn
      from public.customers c
     where c.business_id = $1
       and (case when $11 then c.deleted_at is not null else c.deleted_at is null end)
       and ($2::text is null
            or c.name ilike $3 or $2 operator(extensions.<%%) c.name
            or c.city ilike $3 or $2 operator(extensions.<%%) c.city
            or c.email::text ilike $3
            or ($14::text is not null and c.whatsapp like '%%' || $14 || '%%'))
       and ($4::public.customer_status is null or c.status = $4)
       and ($5::public.customer_type is null or c.type = $5)
       and ($6::uuid is null or exists (select 1 from public.customer_tags ct
                                          where ct.business_id = $1 and ct.tag_id = $6 and ct.customer_id = c.id))
       and ($7::text is null or ($7 = 'credit' and c.balance > 0) or ($7 = 'debt' and c.balance < 0) or ($7 = 'zero' and c.balance = 0))
       and ($8::numeric is null or c.balance >= $8)
       and ($9::numeric is null or c.balance <= $9)
       and ($10::date is null or c.created_at >= ($10::date::timestamp at time zone 'Asia/Jakarta'))
       and ($12::date is null or c.created_at < (($12::date + 1)::timestamp at time zone 'Asia/Jakarta'))
     order by rn
     limit $13 offset $15
    ) p
    order by p.rn
  $q$,
    case when v_sort = 'relevance'
      then format('greatest(extensions.word_similarity($2, c.name), extensions.word_similarity($2, coalesce(c.city, %L))) desc', '')
      else format('c.%I %s nulls last', v_sort, v_dir) end,
    v_dir)
  using p_business_id, v_q, v_like, p_status, p_type, p_tag_id, p_balance, p_balance_min, p_balance_max,
        p_created_from, coalesce(p_deleted, false), p_created_to,
        least(greatest(coalesce(p_limit, 25), 1), 100), v_digits, greatest(coalesce(p_offset, 0), 0);
end
$$;
comment on function public.search_customers(uuid, text, public.customer_status, public.customer_type, uuid, text, numeric, numeric, date, date, boolean, text, text, integer, integer) is
  'Customer list: typo-tolerant search (pg_trgm) on name/city, substring on email/WhatsApp digits, filters, whitelisted sort, offset pagination (limit <= 100), total_count. Dates are WIB calendar days.';

create function public.customer_list_stats(p_business_id uuid)
returns table (
  total bigint, active bigint, private bigint, business bigint,
  total_revenue numeric, average_customer_value numeric, total_debt numeric, total_credit numeric
)
language sql
stable
security invoker
set search_path = ''
as $$
  with c as (
    select
      count(*) as total,
      count(*) filter (where status = 'active') as active,
      count(*) filter (where type = 'private') as private,
      count(*) filter (where type = 'business') as business,
      coalesce(sum(-balance) filter (where balance < 0), 0) as total_debt,
      coalesce(sum(balance) filter (where balance > 0), 0) as total_credit
    from public.customers
    where business_id = p_business_id and deleted_at is null
  ), t as (
    select coalesce(sum(tr.amount), 0) as revenue, count(distinct tr.customer_id) as buyers
    from public.transactions tr
    join public.customers cu on cu.id = tr.customer_id and cu.deleted_at is null
    where tr.business_id = p_business_id and tr.status <> 'voided'
  )
  select c.total, c.active, c.private, c.business, t.revenue,
         case when t.buyers = 0 then 0 else round(t.revenue / t.buyers, 2) end,
         c.total_debt, c.total_credit
  from c, t
$$;
comment on function public.customer_list_stats(uuid) is
  'Stats cards of the customer list (live customers): counts, revenue from non-voided transactions, average value per buying customer, total debt and credit.';

-- ---------------------------------------------------------------------------------------
-- RLS, privileges, timestamps, audit
-- ---------------------------------------------------------------------------------------
alter table public.tags enable row level security;
alter table public.customer_tags enable row level security;
alter table public.customer_notes enable row level security;
alter table public.customer_activities enable row level security;
alter table public.customer_contacts enable row level security;
alter table public.customer_ledger enable row level security;
alter table public.customer_documents enable row level security;

do $$
declare
  t text;
begin
  foreach t in array array['tags', 'customer_tags', 'customer_notes', 'customer_activities',
                           'customer_contacts', 'customer_ledger', 'customer_documents'] loop
    execute format('create policy %I on public.%I for select to authenticated using (public.has_role_on_business(business_id, %L))',
      t || '_select', t, 'viewer');
  end loop;
  foreach t in array array['tags', 'customer_tags', 'customer_notes', 'customer_contacts', 'customer_documents'] loop
    execute format('create policy %I on public.%I for insert to authenticated with check (public.has_role_on_business(business_id, %L))',
      t || '_insert', t, 'staff');
    execute format('create policy %I on public.%I for delete to authenticated using (public.has_role_on_business(business_id, %L))',
      t || '_delete', t, 'staff');
  end loop;
  foreach t in array array['tags', 'customer_notes', 'customer_contacts', 'customer_documents'] loop
    execute format('create policy %I on public.%I for update to authenticated using (public.has_role_on_business(business_id, %L)) with check (public.has_role_on_business(business_id, %L))',
      t || '_update', t, 'staff', 'staff');
  end loop;
end $$;

-- Members log only the manual kinds; every other kind comes from the triggers above.
create policy customer_activities_insert on public.customer_activities for insert to authenticated
  with check (public.has_role_on_business(business_id, 'staff') and kind in ('call', 'email', 'meeting', 'note', 'booking'));

revoke all on public.tags, public.customer_tags, public.customer_notes, public.customer_activities,
  public.customer_contacts, public.customer_ledger, public.customer_documents from anon, authenticated;

grant select, delete on public.tags to authenticated;
grant insert (business_id, name, color) on public.tags to authenticated;
grant update (name, color) on public.tags to authenticated;

grant select, delete on public.customer_tags to authenticated;
grant insert (business_id, customer_id, tag_id) on public.customer_tags to authenticated;

grant select, delete on public.customer_notes to authenticated;
grant insert (business_id, customer_id, note_type, body, is_internal) on public.customer_notes to authenticated;
grant update (note_type, body, is_internal) on public.customer_notes to authenticated;

grant select on public.customer_activities to authenticated;
grant insert (business_id, customer_id, kind, title, body, occurred_at, metadata) on public.customer_activities to authenticated;

grant select, delete on public.customer_contacts to authenticated;
grant insert (business_id, customer_id, name, relation, whatsapp, phone, email) on public.customer_contacts to authenticated;
grant update (name, relation, whatsapp, phone, email) on public.customer_contacts to authenticated;

-- The ledger is read-only for clients: record_ledger_entry() is the only writer.
grant select on public.customer_ledger to authenticated;

grant select, delete on public.customer_documents to authenticated;
grant insert (business_id, customer_id, doc_type, title, storage_path, mime_type, size_bytes) on public.customer_documents to authenticated;
grant update (doc_type, title) on public.customer_documents to authenticated;

create trigger set_updated_at before update on public.tags
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on public.customer_notes
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on public.customer_contacts
  for each row execute function private.set_updated_at();

-- customer_activities is itself an append-only log of events and is not copied into audit_log.
create trigger audit_row_change after insert or update or delete on public.tags
  for each row execute function private.audit_row_change();
create trigger audit_row_change after insert or update or delete on public.customer_tags
  for each row execute function private.audit_row_change();
create trigger audit_row_change after insert or update or delete on public.customer_notes
  for each row execute function private.audit_row_change();
create trigger audit_row_change after insert or update or delete on public.customer_contacts
  for each row execute function private.audit_row_change();
create trigger audit_row_change after insert or update or delete on public.customer_ledger
  for each row execute function private.audit_row_change();
create trigger audit_row_change after insert or update or delete on public.customer_documents
  for each row execute function private.audit_row_change();

revoke all on function private.customers_guard() from public;
revoke all on function private.log_customer_activity(uuid, uuid, public.customer_activity_kind, text, jsonb, text) from public;
revoke all on function private.customers_log_activity() from public;
revoke all on function private.transactions_log_activity() from public;
revoke all on function private.customer_notes_log_activity() from public;
revoke all on function private.stamp_actor() from public;

revoke all on function public.record_ledger_entry(uuid, public.ledger_entry_type, numeric, text, text) from public, anon;
revoke all on function public.soft_delete_customer(uuid, text, timestamptz) from public, anon;
revoke all on function public.restore_customer(uuid) from public, anon;
revoke all on function public.search_customers(uuid, text, public.customer_status, public.customer_type, uuid, text, numeric, numeric, date, date, boolean, text, text, integer, integer) from public, anon;
revoke all on function public.customer_list_stats(uuid) from public, anon;
grant execute on function public.record_ledger_entry(uuid, public.ledger_entry_type, numeric, text, text) to authenticated;
grant execute on function public.soft_delete_customer(uuid, text, timestamptz) to authenticated;
grant execute on function public.restore_customer(uuid) to authenticated;
grant execute on function public.search_customers(uuid, text, public.customer_status, public.customer_type, uuid, text, numeric, numeric, date, date, boolean, text, text, integer, integer) to authenticated, service_role;
grant execute on function public.customer_list_stats(uuid) to authenticated, service_role;
