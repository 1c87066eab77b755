-- Transactions: line items, the atomic RPCs that record / edit / void a sale, per-customer
-- figures kept by a set-based refresh, and period statistics in Asia/Jakarta days.
--
-- Rules (issue 3, DOMAIN.md):
--   * every write goes through one security definer RPC that checks the caller's role with
--     public.has_role_on_business(); errors carry a stable key in HINT for the app;
--   * a transaction is never deleted by the app: voiding keeps the row and its audit trail,
--     and voided rows drop out of every figure;
--   * line items are optional; when present they add up to the amount, checked by the RPCs,
--     which are the only writers (the API has no insert/update/delete on either table);
--   * updated_at is the row version: an edit names the version it started from and fails
--     with hint 'transaction_version_conflict' (not SQLSTATE 40001, which PostgREST retries) when someone else changed it meanwhile.

-- ---------------------------------------------------------------------------------------
-- Columns the base table lacks
-- ---------------------------------------------------------------------------------------
alter table public.transactions
  add column void_reason text check (void_reason is null or char_length(void_reason) between 1 and 500),
  add column voided_by uuid references auth.users(id) on delete set null,
  add column updated_by uuid references auth.users(id) on delete set null,
  add constraint transactions_payment_method_check
    check (payment_method is null or payment_method in ('tunai', 'transfer', 'qris', 'e-wallet', 'kartu', 'lainnya')),
  add constraint transactions_notes_length check (notes is null or char_length(notes) <= 1000),
  add constraint transactions_void_consistent
    check ((status = 'voided') = (voided_at is not null));

comment on column public.transactions.transaction_date is 'WIB calendar date of the sale (Asia/Jakarta); >= 2000-01-01.';
comment on column public.transactions.payment_method is 'tunai | transfer | qris | e-wallet | kartu | lainnya, or null when unknown.';
comment on column public.transactions.status is 'completed, or voided (kept for the audit trail, excluded from every figure).';
comment on column public.transactions.voided_at is 'When the sale was voided; set together with status = voided.';
comment on column public.transactions.void_reason is 'Why the sale was voided (required by void_transaction).';
comment on column public.transactions.voided_by is 'Who voided the sale.';
comment on column public.transactions.updated_by is 'Who last edited the sale.';
comment on column public.transactions.updated_at is 'Set by the database on every change; the version an edit must name.';

-- Listing sorted by amount within a business (the date and customer indexes exist already).
create index transactions_business_amount_idx on public.transactions (business_id, amount desc);
create index transactions_business_created_idx on public.transactions (business_id, created_at desc);

-- ---------------------------------------------------------------------------------------
-- Line items
-- ---------------------------------------------------------------------------------------
create table public.transaction_items (
  id uuid primary key default gen_random_uuid(),
  business_id uuid not null references public.businesses(id) on delete cascade,
  transaction_id uuid not null references public.transactions(id) on delete cascade,
  position smallint not null check (position between 1 and 100),
  name text not null check (char_length(btrim(name)) between 1 and 200),
  quantity numeric(12, 3) not null check (quantity > 0),
  unit_price numeric(15, 2) not null check (unit_price >= 0),
  line_total numeric(15, 2) generated always as (round(quantity * unit_price, 2)) stored,
  created_at timestamptz not null default now(),
  unique (transaction_id, position)
);

comment on table public.transaction_items is
  'Optional lines of a sale; written only by record_transaction / update_transaction. When present they add up to the amount.';
comment on column public.transaction_items.position is 'Order of the line on the receipt, 1-based.';
comment on column public.transaction_items.quantity is 'Pieces, or kilograms / metres (up to 3 decimals).';
comment on column public.transaction_items.unit_price is 'Rupiah per unit.';
comment on column public.transaction_items.line_total is 'quantity * unit_price rounded to 2 decimals (derived, never entered).';

create index transaction_items_business_tx_idx on public.transaction_items (business_id, transaction_id, position);

alter table public.transaction_items enable row level security;
create policy transaction_items_select on public.transaction_items for select to authenticated
  using (public.has_role_on_business(business_id, 'viewer'));
-- No insert/update/delete policies and no grants: items change only through the RPCs.
revoke all on public.transaction_items from anon, authenticated;
grant select on public.transaction_items to authenticated;

create trigger audit_row_change after insert or update or delete on public.transaction_items
  for each row execute function private.audit_row_change();

-- An item belongs to a transaction of the same business.
create function private.transaction_items_same_business() returns trigger
language plpgsql set search_path = '' as $$
begin
  if not exists (select 1 from public.transactions t where t.id = new.transaction_id and t.business_id = new.business_id) then
    raise exception 'transaction % does not belong to business %', new.transaction_id, new.business_id
      using errcode = '23503';
  end if;
  return new;
end $$;
create trigger transaction_items_same_business before insert or update on public.transaction_items
  for each row execute function private.transaction_items_same_business();

-- ---------------------------------------------------------------------------------------
-- Validation shared by record_transaction and update_transaction
-- ---------------------------------------------------------------------------------------

-- Raises with a HINT key on bad input; returns the trimmed notes.
create function private.validate_transaction_input(
  p_business_id uuid, p_customer_id uuid, p_date date, p_amount numeric, p_payment_method text, p_notes text
) returns text
language plpgsql stable set search_path = '' as $$
begin
  if p_date is null or p_date < date '2000-01-01' then
    raise exception 'transaction date must be 2000-01-01 or later' using errcode = '22023', hint = 'date_too_early';
  end if;
  if p_amount is null or p_amount <= 0 then
    raise exception 'amount must be greater than zero' using errcode = '22023', hint = 'amount_not_positive';
  end if;
  if p_amount >= 10000000000000 or p_amount <> round(p_amount, 2) then
    raise exception 'amount is out of range' using errcode = '22023', hint = 'amount_invalid';
  end if;
  if p_payment_method is not null and p_payment_method not in ('tunai', 'transfer', 'qris', 'e-wallet', 'kartu', 'lainnya') then
    raise exception 'unknown payment method' using errcode = '22023', hint = 'payment_method_invalid';
  end if;
  if p_notes is not null and char_length(p_notes) > 1000 then
    raise exception 'notes are too long' using errcode = '22023', hint = 'notes_too_long';
  end if;
  if p_customer_id is null or not exists (
    select 1 from public.customers c
    where c.id = p_customer_id and c.business_id = p_business_id and c.deleted_at is null
  ) then
    raise exception 'customer not found in this business' using errcode = '22023', hint = 'customer_not_found';
  end if;
  return nullif(btrim(coalesce(p_notes, '')), '');
end $$;

-- Replaces the items of a transaction from a JSON array of {name, quantity, unit_price};
-- null or [] means no items. Checks each line and that the lines add up to p_amount.
create function private.replace_transaction_items(p_business_id uuid, p_transaction_id uuid, p_amount numeric, p_items jsonb)
returns void
language plpgsql set search_path = '' as $$
declare
  v_sum numeric;
  v_bad integer;
begin
  delete from public.transaction_items i where i.transaction_id = p_transaction_id;
  if p_items is null or jsonb_typeof(p_items) = 'null' then return; end if;
  if jsonb_typeof(p_items) <> 'array' then
    raise exception 'items must be a list' using errcode = '22023', hint = 'items_invalid';
  end if;
  if jsonb_array_length(p_items) = 0 then return; end if;
  if jsonb_array_length(p_items) > 100 then
    raise exception 'at most 100 items' using errcode = '22023', hint = 'items_too_many';
  end if;
  -- Each element must be an object with a name, a positive quantity and a price >= 0.
  select count(*) into v_bad
  from jsonb_array_elements(p_items) e(item)
  where jsonb_typeof(e.item) <> 'object'
     or char_length(btrim(coalesce(e.item ->> 'name', ''))) not between 1 and 200
     or jsonb_typeof(e.item -> 'quantity') <> 'number' or (e.item ->> 'quantity')::numeric <= 0
     or (e.item ->> 'quantity')::numeric >= 1000000000
     or jsonb_typeof(e.item -> 'unit_price') <> 'number' or (e.item ->> 'unit_price')::numeric < 0
     or (e.item ->> 'unit_price')::numeric >= 10000000000000;
  if v_bad > 0 then
    raise exception 'every item needs a name, a quantity > 0 and a price >= 0' using errcode = '22023', hint = 'items_invalid';
  end if;
  select sum(round(round((e.item ->> 'quantity')::numeric, 3) * round((e.item ->> 'unit_price')::numeric, 2), 2))
    into v_sum from jsonb_array_elements(p_items) e(item);
  if v_sum <> p_amount then
    raise exception 'items add up to %, the amount is %', v_sum, p_amount using errcode = '22023', hint = 'items_total_mismatch';
  end if;
  insert into public.transaction_items (business_id, transaction_id, position, name, quantity, unit_price)
  select p_business_id, p_transaction_id, e.ord::smallint, btrim(e.item ->> 'name'),
         (e.item ->> 'quantity')::numeric, (e.item ->> 'unit_price')::numeric
  from jsonb_array_elements(p_items) with ordinality e(item, ord);
end $$;

-- ---------------------------------------------------------------------------------------
-- RPCs
-- ---------------------------------------------------------------------------------------
create function public.record_transaction(
  p_business_id uuid,
  p_customer_id uuid,
  p_date date,
  p_amount numeric,
  p_items jsonb default null,
  p_payment_method text default null,
  p_notes text default null
) returns public.transactions
language plpgsql security definer set search_path = '' as $$
declare
  v_uid uuid := private.require_user();
  v_notes text;
  v_row public.transactions;
begin
  if not public.has_role_on_business(p_business_id, 'staff') then
    raise exception 'not allowed to record sales in this business' using errcode = '42501', hint = 'forbidden';
  end if;
  v_notes := private.validate_transaction_input(p_business_id, p_customer_id, p_date, p_amount, p_payment_method, p_notes);
  insert into public.transactions (business_id, customer_id, transaction_date, amount, payment_method, notes, created_by, updated_by)
  values (p_business_id, p_customer_id, p_date, p_amount, p_payment_method, v_notes, v_uid, v_uid)
  returning * into v_row;
  perform private.replace_transaction_items(p_business_id, v_row.id, p_amount, p_items);
  return v_row;
end $$;
comment on function public.record_transaction(uuid, uuid, date, numeric, jsonb, text, text) is
  'Staff+: records a sale (with optional items that must add up to the amount) in one step; returns the row.';

create function public.update_transaction(
  p_id uuid,
  p_expected_updated_at timestamptz,
  p_customer_id uuid,
  p_date date,
  p_amount numeric,
  p_items jsonb default null,
  p_payment_method text default null,
  p_notes text default null
) returns public.transactions
language plpgsql security definer set search_path = '' as $$
declare
  v_uid uuid := private.require_user();
  v_current public.transactions;
  v_notes text;
  v_row public.transactions;
begin
  select * into v_current from public.transactions t where t.id = p_id for update;
  -- Another business's id looks exactly like a missing one.
  if not found or not public.has_role_on_business(v_current.business_id, 'viewer') then
    raise exception 'transaction not found' using errcode = 'P0002', hint = 'transaction_not_found';
  end if;
  if not public.has_role_on_business(v_current.business_id, 'staff') then
    raise exception 'not allowed to edit sales in this business' using errcode = '42501', hint = 'forbidden';
  end if;
  if v_current.status = 'voided' then
    raise exception 'a voided transaction cannot be edited' using errcode = '55000', hint = 'transaction_voided';
  end if;
  if p_expected_updated_at is null or v_current.updated_at <> p_expected_updated_at then
    raise exception 'the transaction was changed by someone else' using errcode = 'P0001', hint = 'transaction_version_conflict';
  end if;
  v_notes := private.validate_transaction_input(v_current.business_id, p_customer_id, p_date, p_amount, p_payment_method, p_notes);
  update public.transactions t
  set customer_id = p_customer_id, transaction_date = p_date, amount = p_amount,
      payment_method = p_payment_method, notes = v_notes, updated_by = v_uid
  where t.id = p_id
  returning * into v_row;
  perform private.replace_transaction_items(v_current.business_id, p_id, p_amount, p_items);
  return v_row;
end $$;
comment on function public.update_transaction(uuid, timestamptz, uuid, date, numeric, jsonb, text, text) is
  'Staff+: replaces a sale''s fields and items if its updated_at still equals p_expected_updated_at (else hint transaction_version_conflict).';

create function public.void_transaction(p_id uuid, p_reason text)
returns public.transactions
language plpgsql security definer set search_path = '' as $$
declare
  v_uid uuid := private.require_user();
  v_current public.transactions;
  v_reason text := btrim(coalesce(p_reason, ''));
  v_row public.transactions;
begin
  select * into v_current from public.transactions t where t.id = p_id for update;
  if not found or not public.has_role_on_business(v_current.business_id, 'viewer') then
    raise exception 'transaction not found' using errcode = 'P0002', hint = 'transaction_not_found';
  end if;
  if not public.has_role_on_business(v_current.business_id, 'staff') then
    raise exception 'not allowed to void sales in this business' using errcode = '42501', hint = 'forbidden';
  end if;
  if char_length(v_reason) = 0 then
    raise exception 'a reason is required' using errcode = '22023', hint = 'void_reason_required';
  end if;
  if char_length(v_reason) > 500 then
    raise exception 'the reason is too long' using errcode = '22023', hint = 'void_reason_too_long';
  end if;
  if v_current.status = 'voided' then
    raise exception 'the transaction is already voided' using errcode = '55000', hint = 'transaction_voided';
  end if;
  update public.transactions t
  set status = 'voided', voided_at = now(), voided_by = v_uid, void_reason = v_reason, updated_by = v_uid
  where t.id = p_id
  returning * into v_row;
  return v_row;
end $$;
comment on function public.void_transaction(uuid, text) is
  'Staff+: voids a sale with a reason. Never deletes: the row and its audit trail stay; figures exclude it.';

revoke execute on function public.record_transaction(uuid, uuid, date, numeric, jsonb, text, text) from public, anon;
revoke execute on function public.update_transaction(uuid, timestamptz, uuid, date, numeric, jsonb, text, text) from public, anon;
revoke execute on function public.void_transaction(uuid, text) from public, anon;
grant execute on function public.record_transaction(uuid, uuid, date, numeric, jsonb, text, text) to authenticated;
grant execute on function public.update_transaction(uuid, timestamptz, uuid, date, numeric, jsonb, text, text) to authenticated;
grant execute on function public.void_transaction(uuid, text) to authenticated;

-- Direct writes to transactions through the API would bypass the item and version rules:
-- staff use the RPCs above; owners keep no delete either (a sale is voided, never deleted).
drop policy transactions_insert on public.transactions;
drop policy transactions_update on public.transactions;
drop policy transactions_delete on public.transactions;
revoke insert, update, delete on public.transactions from authenticated;
