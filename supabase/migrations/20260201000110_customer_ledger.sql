-- Customers, part 2 of 5: the balance ledger's writers and soft delete / restore.
--
--   private.customers_guard        stamps created_by / updated_by; refuses balance changes made
--                                  outside record_ledger_entry()
--   public.record_ledger_entry     the one way to move customers.balance (row lock)
--   public.soft_delete_customer    soft delete with a reason; refused while in debt
--   public.restore_customer        undoes a soft delete
--
-- Tables, RLS and privileges are in 20260201000100_customers.sql.

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

revoke all on function private.customers_guard() from public;

revoke all on function public.record_ledger_entry(uuid, public.ledger_entry_type, numeric, text, text) from public, anon;
revoke all on function public.soft_delete_customer(uuid, text, timestamptz) from public, anon;
revoke all on function public.restore_customer(uuid) from public, anon;
grant execute on function public.record_ledger_entry(uuid, public.ledger_entry_type, numeric, text, text) to authenticated;
grant execute on function public.soft_delete_customer(uuid, text, timestamptz) to authenticated;
grant execute on function public.restore_customer(uuid) to authenticated;
