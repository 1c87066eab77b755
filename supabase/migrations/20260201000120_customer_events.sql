-- Customers, part 3 of 5: system events on the customer timeline (customer_activities).
--
--   customers_log_activity         created / updated (changed profile columns)
--   transactions_log_activity      transaction_added / transaction_voided
--   customer_notes_log_activity    a note row is mirrored as a 'note' event
--   stamp_actor                    stamps the acting user into created_by / actor_id / uploaded_by
--
-- Soft delete, restore and balance moves log their own events (20260201000110_customer_ledger.sql).

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

revoke all on function private.customers_log_activity() from public;
revoke all on function private.transactions_log_activity() from public;
revoke all on function private.customer_notes_log_activity() from public;
revoke all on function private.stamp_actor() from public;
