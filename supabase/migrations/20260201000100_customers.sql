-- Customers, part 1 of 5: the data core around public.customers (issue 3, customers part):
-- tables, types, indexes, comments, RLS policies, privileges, timestamp and audit triggers.
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
--
-- The rest of the customers core follows in
--   20260201000110_customer_ledger.sql     balance guard, record_ledger_entry, soft delete / restore
--   20260201000120_customer_events.sql     triggers that write system events to the timeline
--   20260201000130_customer_search.sql     search_customers, customer_list_stats
--   20260201000140_customer_documents.sql  storage bucket and its object policies
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

-- Members log only the manual kinds; every other kind comes from the triggers and RPCs
-- (20260201000110_customer_ledger.sql, 20260201000120_customer_events.sql).
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

revoke all on function private.log_customer_activity(uuid, uuid, public.customer_activity_kind, text, jsonb, text) from public;
